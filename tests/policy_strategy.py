"""A hypothesis strategy for random valid .pol programs, built from the language's constructs.

Each program comes with an official text made of the sentences its provisions cite, and every
number a provision uses stands in its sentence, so a valid program passes the fidelity check too.
"""

from __future__ import annotations

from hypothesis import strategies as st

AMOUNTS = st.integers(min_value=1, max_value=5000)   # in 万元
RATES = st.integers(min_value=1, max_value=100)      # percent


@st.composite
def provision(draw: st.DrawFn, measure: int, index: int) -> tuple[str, str]:
    """One provision's lines and its official sentence."""
    pid = f"{measure}.{index}"
    kind = draw(st.sampled_from(["rate", "fixed", "tier", "unit", "pass", "ladder", "band",
                                 "multiple"]))
    lines = [f"  条款 {pid} 条款{measure}甲{index}"]
    body: list[str] = []
    words: list[str] = []
    if kind == "rate":
        rate, ceiling = draw(RATES), draw(st.booleans())
        body += ["    输入 基数 base 金额",
                 f"    补贴 按 {'不超过 ' if ceiling else ''}基数 的 {rate}%"]
        words.append(f"按基数的{rate}%给予补贴")
    elif kind == "fixed":
        amount = draw(AMOUNTS)
        body.append(f"    奖励 {'最高 ' if draw(st.booleans()) else ''}{amount}万元")
        words.append(f"给予{amount}万元")
    elif kind == "tier":
        a, b = draw(AMOUNTS), draw(AMOUNTS)
        body += ["    输入 级别 level 枚举（甲级、乙级）", "    奖励 按 级别 分别",
                 f"      甲级 {a}万元", f"      乙级 最高 {b}万元"]
        words.append(f"分别给予{a}万元、{b}万元")
    elif kind == "unit":
        each = draw(AMOUNTS)
        body += ["    输入 件数 count 件数", f"    奖励 按 件数 每件 {each}万元"]
        words.append(f"每件{each}万元")
    elif kind == "pass":
        body += ["    输入 利息 interest 金额", "    补贴 按 利息"]
    elif kind == "multiple":
        factor = draw(st.integers(min_value=1, max_value=12))
        body += ["    输入 月租金 rent 金额", f"    补助 按 月租金 的 {factor}倍"]
        words.append(f"按月租金的{factor}倍")
    elif kind == "ladder":
        steps = sorted(set(draw(st.lists(AMOUNTS, min_size=1, max_size=4))))
        prizes = [draw(AMOUNTS) for _ in steps]
        first = draw(st.booleans())
        body += ["    输入 收入 revenue 金额",
                 f"    奖励 按 收入 {'首次超过' if first else '超过'} 分别"]
        body += [f"      {s}万元 {p}万元" for s, p in zip(steps, prizes, strict=True)]
        words.append("超过" + "、".join(f"{s}万元" for s in steps) + "分别给予" +
                     "、".join(f"{p}万元" for p in prizes))
    else:  # band
        edges = sorted(set(draw(st.lists(AMOUNTS, min_size=2, max_size=4))))
        if len(edges) < 2:
            edges = [edges[0], edges[0] + 1]
        rates = [draw(RATES) for _ in edges[1:]]
        body += ["    输入 贡献 contribution 金额", "    扶持 按 贡献 分段 全额"]
        for i, (low, high) in enumerate(zip(edges, edges[1:], strict=False)):
            op = "达" if i == 0 else "超过"
            body.append(f"      {op} {low}万元 至 {high}万元 {rates[i]}%")
        body.append(f"      超过 {edges[-1]}万元 个案")
        words.append("贡献在" + "、".join(f"{e}万元" for e in edges) + "之间分别扶持" +
                     "、".join(f"{r}%" for r in rates))
    if kind in ("rate", "unit", "pass", "multiple") and draw(st.booleans()):
        cap = draw(AMOUNTS)
        body.append(f"    最高 {cap}万元")
        words.append(f"最高{cap}万元")
    if draw(st.booleans()):
        cap = draw(AMOUNTS)
        body.append(f"    每年最高 {cap}万元")
        words.append(f"每年最高{cap}万元")
    if draw(st.booleans()):
        cap = draw(AMOUNTS)
        body.append(f"    单个企业最高 {cap}万元")
        words.append(f"单个企业最高{cap}万元")
    if kind not in ("tier",) and draw(st.booleans()):
        body.append("    一次性")
    sentence = f"第{measure}{index}句：" + "，".join(words or ["给予支持"]) + "。"
    lines.append(f"    原文 「{sentence}」")
    return "\n".join(lines + body), sentence


@st.composite
def programs(draw: st.DrawFn) -> tuple[str, str]:
    """(the .pol text, the official text) of a random valid policy."""
    measures = draw(st.integers(min_value=1, max_value=3))
    blocks, sentences = [], ["有效期自 2025 年 1 月 1 日起至 2029 年 12 月 31 日。"]
    for m in range(1, measures + 1):
        count = draw(st.integers(min_value=1, max_value=4))
        parts = [draw(provision(m, i)) for i in range(1, count + 1)]
        blocks.append(f"措施 {m} 措施{m}\n" + "\n".join(p for p, _ in parts))
        sentences += [s for _, s in parts]
    header = ("政策 fuzz-policy 「随机政策」\n  原文文件 「official.txt」\n"
              "  附则 A.1 有效期 2025年1月1日 至 2029年12月31日\n"
              "    原文 「有效期自 2025 年 1 月 1 日起至 2029 年 12 月 31 日。」\n")
    return header + "\n" + "\n".join(blocks) + "\n", "\n".join(sentences) + "\n"
