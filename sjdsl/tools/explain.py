"""`sjdsl explain CODE`: what each diagnostic code means, a wrong and a right policy, the fix.

The texts live here, once: the command prints them and docs/errors.md is generated from them
(`sjdsl explain --markdown`; a test holds the page in step). Each example is a whole small policy
with the official text it cites, and tests/test_explain.py checks every "wrong" one reports its
code and every "right" one is clean of it, so an explanation cannot drift from the checker.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path

import attrs

from sjdsl.language.diagnostics import CODES
from sjdsl.language.invisible import visible
from sjdsl.runtime.suggest import suggest

#: The official text the examples cite, unless an example brings its own.
OFFICIAL = """示例政策（示例，非真实文件）
本政策自 2025 年 1 月 1 日起执行，有效期至 2029 年 12 月 31 日。
对新引进的制造项目，按不超过项目固定资产投资额的15%给予补贴，最高3000万元。
"""

_HEAD = """政策 sample 「示例政策」
  原文文件 「official.txt」
  附则 A.1 有效期 2025年1月1日 至 2029年12月31日
    原文 「本政策自 2025 年 1 月 1 日起执行，有效期至 2029 年 12 月 31 日。」
"""

_CITE = "    原文 「对新引进的制造项目，按不超过项目固定资产投资额的15%给予补贴，最高3000万元。」\n"
_INPUT = "    输入 项目固定资产投资额 fixed_asset_investment 金额\n"
_AWARD = "    补贴 按 不超过 项目固定资产投资额 的 15%\n"
_CAP = "    最高 3000万元\n"


def _policy(body: str = _CITE + _INPUT + _AWARD + _CAP, head: str = _HEAD,
            measure: str = "措施 1 制造\n", after: str = "") -> str:
    """The sample policy: its header, measure 1 with provision 1.1 and whatever follows."""
    return f"{head}\n{measure}  条款 1.1 制造项目补贴\n{body}{after}"


#: The sample policy written right: every other example is this with one thing changed.
RIGHT = _policy()


@attrs.frozen
class Example:
    """One policy (a single .pol file) and the official text beside it."""

    policy: str
    official: str = OFFICIAL
    #: Bytes of filler the example stands for (a file past a size limit): a comment appended to
    #: the .pol file, or text appended to the official text, when the example is written out.
    pad_policy: int = 0
    pad_official: int = 0
    #: The file `sjdsl check` is given (in the folder the example is written to).
    target: str = "policy.pol"

    def write(self, folder: Path) -> Path:
        """Write the example into a folder (policy.pol and official.txt); the policy file."""
        folder.mkdir(parents=True, exist_ok=True)
        policy = self.policy
        if self.pad_policy:
            policy += "#" + "填" * (self.pad_policy // 3) + "\n"
        official = self.official + ("文" * (self.pad_official // 3) if self.pad_official else "")
        (folder / "official.txt").write_text(official, encoding="utf-8")
        (folder / "policy.pol").write_text(policy, encoding="utf-8")
        return folder / self.target

    def shown(self) -> str:
        """The policy as the explanation shows it (a note for the filler it stands for, and
        for the file checked when it is not the policy); an invisible or bidi control character
        shows as <U+202E>, as on the pages (W005)."""
        policy = visible(self.policy)
        if self.target != "policy.pol":
            checked = "p/" if self.target == "." else f"p/{self.target}"
            return f"# policy.pol, in a folder p/; checked as: sjdsl check {checked}\n" + policy
        if self.pad_policy:
            return policy + f"# …（{self.pad_policy:,} bytes of comments）…\n"
        return policy


@attrs.frozen
class Explanation:
    code: str
    meaning: str
    fix: str
    wrong: Example
    right: Example

    @property
    def title(self) -> str:
        return CODES[self.code]


_AMENDMENT_OFFICIAL = OFFICIAL + "示例修订：对新引进的制造项目的补贴，最高调整为5000万元。\n"


def _amendment(name: str = "sample-amendment", effective: str = "2026-01-01",
               change: str = "上限 5000万元", number: str = "1") -> str:
    return (f"\n修订 {name} 「示例修订」\n  修订对象 sample\n  文号 「示例〔2026〕{number}号」\n"
            f"  生效日期 {effective}\n  原文文件 「official.txt」\n  修改 1.1 {change}\n"
            "    原文 「对新引进的制造项目的补贴，最高调整为5000万元。」\n")


_TIERS_OFFICIAL = OFFICIAL + "对获得认定的企业，分别给予 100 万、50 万元的一次性奖励。\n"
_TIERS = ("\n  条款 1.2 认定奖励\n    原文 「对获得认定的企业，分别给予 100 万、50 万元的一次性奖励。」\n"
          "    输入 认定级别 level 枚举（国家级、市级）\n    奖励 按 认定级别 分别\n"
          "      国家级 100万元\n      {second} 50万元\n    一次性\n")

_INSTALMENTS_OFFICIAL = OFFICIAL + "按1%给予落户扶持，按40%、30%、30%的比例分三年发放。\n"
_INSTALMENTS = ("\n  条款 1.2 落户扶持\n    原文 「按1%给予落户扶持，按40%、30%、30%的比例分三年发放。」\n"
                "    输入 实缴注册资本 paid_in_capital 金额\n    扶持 按 实缴注册资本 的 1%\n"
                "    分期 {shares} 自 下一年度\n")

_BANDS_OFFICIAL = OFFICIAL + (
    "年度区级贡献在100万元至300万元（含300万元）的，扶持12%。"
    "年度区级贡献在300万元至500万元（含500万元）的，扶持20%。\n")
_BANDS = ("\n  条款 1.2 贡献扶持\n    原文 「年度区级贡献在100万元至300万元（含300万元）的，扶持12%。"
          "年度区级贡献在300万元至500万元（含500万元）的，扶持20%。」\n"
          "    输入 年度区级贡献 district_contribution 金额\n    扶持 按 年度区级贡献 分段 全额\n"
          "      达 100万元 至 300万元 12%\n      {second} 300万元 至 500万元 20%\n")

_SECOND_MEASURE_OFFICIAL = OFFICIAL + "对获得认定的企业，给予50万元的奖励。单个企业奖励合计最高3000万元。\n"
_SECOND_MEASURE = ("\n措施 2 认定\n  条款 2.1 认定奖励\n    原文 「对获得认定的企业，给予50万元的奖励。」\n"
                   "    奖励 50万元\n")

_EXPORT_OFFICIAL = OFFICIAL + "对企业出口额，按每美元0.02元给予奖励，最高3000万元。\n"
_EXPORT = ("\n  条款 1.2 出口奖励\n    原文 「对企业出口额，按每美元0.02元给予奖励，最高3000万元。」\n"
           "    输入 出口额 exports_usd 美元金额\n    奖励 = 出口额 × {rate}\n    最高 3000万元\n")

def _official_digest() -> str:
    import hashlib

    return hashlib.sha256(OFFICIAL.encode("utf-8")).hexdigest()


EXPLANATIONS: tuple[Explanation, ...] = (
    Explanation(
        "E001",
        "The line cannot be read as the language: a misspelt keyword, a missing unit or %, a "
        "quote not closed, curly quotes, an indentation that matches no block. The help line "
        "lists what could stand at that place, and a keyword close to what was written.",
        "Write the keyword or symbol the help names. Quote texts with 「…」 (or straight double "
        "quotes); a title holding （）, “”, a dot or a number must be quoted. Indent a block "
        "by the same number of spaces on every line.",
        Example(_policy(_CITE + _INPUT + "    补贴 按 不超过 项目固定资产投资额 的 15\n" + _CAP)),
        Example(RIGHT)),
    Explanation(
        "E002",
        "A name is used that nothing declares: an input, a 定义 or a provision id in a formula, "
        "a limit or an amendment. Often a misspelling of a declared name (the help suggests "
        "it).",
        "Use the official term or English name exactly as its 输入 declares it, or declare the "
        "input under the provision; name provisions that exist.",
        Example(_policy(_CITE + _INPUT + "    补贴 按 不超过 项目固定资产投资 的 15%\n" + _CAP)),
        Example(RIGHT)),
    Explanation(
        "E003",
        "A rate above 100%: no share of a base can be more than the whole of it. Usually a "
        "typing slip, or a multiple written as a rate.",
        "Write the rate the official text states; a multiple is written 3倍.",
        Example(_policy(_CITE + _INPUT + "    补贴 按 不超过 项目固定资产投资额 的 150%\n" + _CAP)),
        Example(RIGHT)),
    Explanation(
        "E004",
        "An amount, cap, rate or limit of zero or less: it could only ever pay nothing, which "
        "no policy text means.",
        "Write the amount the official text states; to say a provision pays nothing, write "
        "定性 「…」 instead of an award.",
        Example(_policy(_CITE + _INPUT + _AWARD + "    最高 0万元\n")),
        Example(RIGHT)),
    Explanation(
        "E005",
        "A date range whose end is before its start, a date that does not exist (2月30日), or "
        "an amendment that takes effect outside the policy's validity.",
        "Write the start date first, as the official text does, and check each date against "
        "the text.",
        Example(_policy(head=_HEAD.replace("有效期 2025年1月1日 至 2029年12月31日",
                                           "有效期 2029年12月31日 至 2025年1月1日"))),
        Example(RIGHT)),
    Explanation(
        "E006",
        "Two provisions (or measures, inputs, policy headers) with the same id or name: "
        "requests, limits and amendments could not tell them apart.",
        "Give each provision its own id (1.1, 1.2 …) and each input its own name; the help "
        "names where the first one is.",
        Example(_policy(after="\n  条款 1.1 又一个\n" + _CITE + "    补贴 最高 3000万元\n")),
        Example(_policy(after="\n  条款 1.2 又一个\n" + _CITE + "    补贴 最高 3000万元\n"))),
    Explanation(
        "E007",
        "A money amount with no unit, or with a unit that is not one of 元, 千元, 万元, 亿元 "
        "(美元, 万美元, 亿美元 in the core, for US-dollar quantities).",
        "Write the amount with its unit as the text states it: 3000万元. An amount in US "
        "dollars is never turned into 元 silently: compare it with a 美元金额 input, or convert "
        "it at the rate the text states.",
        Example(_policy(_CITE + _INPUT + _AWARD + "    最高 3000\n")),
        Example(RIGHT)),
    Explanation(
        "E008",
        "An input of the wrong kind for where it is used: a count (件数) as the base of a "
        "rate, an amount where an enumeration is needed, and so on.",
        "Declare the input with the kind the text means (金额 for money) or use another input.",
        Example(_policy(_CITE + _INPUT.replace("金额", "件数") + _AWARD + _CAP)),
        Example(RIGHT)),
    Explanation(
        "E009",
        "A cited sentence (原文) that does not occur in the official text. White space is "
        "ignored, every other character counts: a changed word, a different punctuation mark, "
        "a sentence glued across two paragraphs. The caret points at the first character that "
        "differs and the help shows both.",
        "Copy the sentence from official.txt exactly; when official.txt changed (a new "
        "version), re-read the provision against the new sentence.",
        Example(_policy(_CITE.replace("给予补贴", "给与补贴") + _INPUT + _AWARD + _CAP)),
        Example(RIGHT)),
    Explanation(
        "E010",
        "The policy is incomplete: a folder with no .pol file, no 政策 header, no 原文文件, a "
        "provision with no cited sentence, or a provision with no award (or two).",
        "Give every provision one 原文 and exactly one award line: a formula (补贴 按 …), "
        "外部 「…」 when another policy sets the amount, or 定性 「…」 when it pays no money.",
        Example(_policy(_CITE + _INPUT + _CAP)),
        Example(RIGHT)),
    Explanation(
        "E011",
        "An input with an unknown kind, or a badly formed input line (the English name must "
        "be an identifier such as fixed_asset_investment).",
        "Use one of the kinds the language reference lists: 金额, 件数, 枚举（…）, 面积, 比例, "
        "是否, 日期, 美元金额, 编号, 人数, 家数, 套数, 年数, 月数 (and their 列表 forms).",
        Example(_policy(_CITE + _INPUT.replace("金额", "钱") + _AWARD + _CAP)),
        Example(RIGHT)),
    Explanation(
        "E012",
        "The rows of an award 按 X 分别 do not match the values of the enumeration X: a row "
        "for a value X does not have, or a value with no row.",
        "Write one row per value of the enumeration, spelt as its 输入 declares it.",
        Example(_policy(after=_TIERS.format(second="区级")), _TIERS_OFFICIAL),
        Example(_policy(after=_TIERS.format(second="市级")), _TIERS_OFFICIAL)),
    Explanation(
        "E013",
        "The official text named by 原文文件 cannot be read: the file does not exist (the "
        "path is relative to the .pol file), or it is not UTF-8 text.",
        "Put the official text beside the policy as official.txt (UTF-8), or correct the path.",
        Example(_policy(head=_HEAD.replace("「official.txt」", "「official-text.txt」"))),
        Example(RIGHT)),
    Explanation(
        "E014",
        "A number of a provision (an amount, rate, ratio, count, multiple or date) that does "
        "not occur in the sentences it cites: either the number is mistyped or the wrong "
        "sentence is cited. The help lists the numbers the cited sentences do hold.",
        "Write the number as the cited sentence states it, or cite the sentence that states "
        "it (原文 「…」).",
        Example(_policy(_CITE + _INPUT + "    补贴 按 不超过 项目固定资产投资额 的 16%\n" + _CAP)),
        Example(RIGHT)),
    Explanation(
        "E015",
        "Instalment shares (分期) that do not add up to 100%: part of the award would never be "
        "paid, or more than all of it would.",
        "Write the shares the text states; they add up to 100%.",
        Example(_policy(after=_INSTALMENTS.format(shares="40%、30%、40%")),
                _INSTALMENTS_OFFICIAL),
        Example(_policy(after=_INSTALMENTS.format(shares="40%、30%、30%")),
                _INSTALMENTS_OFFICIAL)),
    Explanation(
        "E016",
        "Bands (分段) that do not join or overlap, ladder levels that do not rise, or a 下表 "
        "with no rows: an amount could fall in two bands, or in none between them.",
        "Start each band where the previous one ends: the upper edge of a band is inclusive, "
        "so the next band starts with 超过 that edge.",
        Example(_policy(after=_BANDS.format(second="达")), _BANDS_OFFICIAL),
        Example(_policy(after=_BANDS.format(second="超过")), _BANDS_OFFICIAL)),
    Explanation(
        "E017",
        "An amendment (修订) changes a parameter the provision does not have: 修改 1.1 每年最高 "
        "of a provision with no 每年最高.",
        "Change a parameter the provision has (上限, 比例, 金额, 每年最高 …), or replace the "
        "provision whole with 替换.",
        Example(_policy(after=_amendment(change="每年最高 5000万元")), _AMENDMENT_OFFICIAL),
        Example(_policy(after=_amendment()), _AMENDMENT_OFFICIAL)),
    Explanation(
        "E018",
        "Two amendments change the same parameter of the same provision on the same date: "
        "which one holds would depend on the order the files are read.",
        "Give each change its own effective date, as the documents state, or keep one.",
        Example(_policy(after=_amendment() + _amendment("sample-amendment-b", number="2")),
                _AMENDMENT_OFFICIAL),
        Example(_policy(after=_amendment() + _amendment(
            "sample-amendment-b", effective="2027-01-01", number="2")), _AMENDMENT_OFFICIAL)),
    Explanation(
        "E019",
        "A .pol file larger than 2 MiB. Real policies are a few kilobytes a file; a file this "
        "size is not a policy (or is a generated one gone wrong), and is refused before it is "
        "read.",
        "Split a large policy into several .pol files in its folder (they are read in name "
        "order as one policy).",
        Example(RIGHT, pad_policy=2 * 1024 * 1024),
        Example(RIGHT)),
    Explanation(
        "E020",
        "An official text (or an amendment's) larger than 1 MiB. Real ones are 5–12 KB; a "
        "larger file holds other documents too, and is refused before it is read whole.",
        "Keep only the policy's own words in official.txt: leave out annexes and other "
        "documents.",
        Example(RIGHT, pad_official=1024 * 1024),
        Example(RIGHT)),
    Explanation(
        "E021",
        "A file given where a policy is expected that is not a .pol file: most often the "
        "official text (official.txt) itself. A policy is a folder of .pol files beside its "
        "official text, or one .pol file; the official text is named by the policy's 原文文件 "
        "line.",
        "Give the policy folder (sjdsl check p/) or a .pol file; to start a policy from an "
        "official text, run sjdsl init DIR --official TEXT.",
        Example(RIGHT, target="official.txt"),
        Example(RIGHT, target=".")),
    Explanation(
        "E025",
        "A placeholder that sjdsl init wrote into a skeleton and that is not filled in yet: "
        "待填写 (a 责任单位, the 文号, the title), 待命名 (a measure's or provision's name) or "
        "「待编码…」 (a 定性 standing where the award rule goes). A skeleton is a to-do list: "
        "sjdsl check reports each placeholder and counts those left, so an unfinished policy "
        "never passes.",
        "Write what the message names in place of the placeholder: the units, a name, the "
        "document number as printed (or delete the 文号 line if the document has none); replace "
        "a 「待编码…」 定性 line with the award and its inputs.",
        Example(_policy(_CITE + "    定性 「待编码：将本行换成给付规则」\n",
                        measure="措施 1 制造\n  责任单位 待填写\n")),
        Example(_policy(measure="措施 1 制造\n  责任单位 区经委\n"))),
    Explanation(
        "E030",
        "A quantity of the wrong kind in a core expression: 元 added to 美元, a product of two "
        "amounts (元 × 元), an area where an amount is due, or an award that does not come out "
        "in 元.",
        "Multiply an amount by a rate, a multiple or a count; convert 美元 only at the rate the "
        "text states (× 0.02元每美元).",
        Example(_policy(after=_EXPORT.format(rate="0.02")), _EXPORT_OFFICIAL),
        Example(_policy(after=_EXPORT.format(rate="0.02元每美元")), _EXPORT_OFFICIAL)),
    Explanation(
        "E031",
        "定义 that refer to each other in a cycle (基数 uses 上限额, which uses 基数): no order "
        "computes them.",
        "Define each quantity from inputs and quantities defined before it.",
        Example(_policy(_CITE + _INPUT + "    定义 基数 = 取较小(项目固定资产投资额, 上限额)\n"
                        "    定义 上限额 = 基数 + 3000万元\n    补贴 = 基数 × 15%\n")),
        Example(_policy(_CITE + _INPUT + "    定义 基数 = 项目固定资产投资额\n"
                        "    补贴 = 取较小(基数 × 15%, 3000万元)\n"))),
    Explanation(
        "E032",
        "A limit's scope is wrong: its key (按 项目编号) is not an identifier (编号) or "
        "enumeration input of every provision it binds, or a limit in the 政策 block does not "
        "say which provisions it binds (合计).",
        "Declare the key under each provision it binds (输入 项目编号 project_id 编号), and "
        "give a 政策-level limit its 合计 list (or 合计 全部).",
        Example(_policy(_CITE + _INPUT + _AWARD + "    限额 3000万元 按 项目编号\n")),
        Example(_policy(_CITE + _INPUT + "    输入 项目编号 project_id 编号\n" + _AWARD
                        + "    限额 3000万元 按 项目编号\n"))),
    Explanation(
        "E033",
        "A measure's own clause (单个企业最高 … 合计, 不得重复享受, 每家企业不超过) names a "
        "provision of another measure. It binds its own measure only, so the other provision "
        "would silently escape it.",
        "Write a limit across measures in the 政策 block: 限额 N 合计 1.1、2.1.",
        Example(_policy(measure="措施 1 制造\n  单个企业最高 3000万元 合计 1.1、2.1\n",
                        after=_SECOND_MEASURE), _SECOND_MEASURE_OFFICIAL),
        Example(_policy(head=_HEAD + "  限额 3000万元 合计 1.1、2.1\n"
                        "    原文 「单个企业奖励合计最高3000万元。」\n", after=_SECOND_MEASURE),
                _SECOND_MEASURE_OFFICIAL)),
    Explanation(
        "W001",
        "The official text no longer matches the SHA-256 digest recorded after 原文文件: it "
        "was edited or replaced since the policy was checked against it. Any E009 errors name "
        "the provisions whose cited sentences changed.",
        "Compare the new text with the old, re-read the provisions whose sentences changed, "
        "then record the digest the help prints.",
        Example(_policy(head=_HEAD.replace("「official.txt」", "「official.txt」 sha256 "
                                           + "0" * 64))),
        Example(_policy(head=_HEAD.replace("「official.txt」", "「official.txt」 sha256 "
                                           + _official_digest())))),
    Explanation(
        "W002",
        "An amount, rate or ratio of the official text that no provision uses: an article not "
        "yet encoded, or a number the drafter overlooked. Shown once the policy has no errors.",
        "Encode the sentence in a provision that cites it, or, when its numbers compute "
        "nothing (recognition criteria), declare it with 非计算 「…」 and a 解读.",
        Example(RIGHT, OFFICIAL + "对获得认定的企业，给予50万元的奖励。\n"),
        Example(RIGHT + "\n  条款 1.2 认定奖励\n    原文 「对获得认定的企业，给予50万元的奖励。」\n"
                "    奖励 50万元\n", OFFICIAL + "对获得认定的企业，给予50万元的奖励。\n")),
    Explanation(
        "W005",
        "An invisible or bidirectional control character in a .pol file (a right-to-left "
        "override U+202E, a zero-width space U+200B, …): it can make a line read differently "
        "from what it holds — 「最高额%51」 shown as 「最高额15%」 — so a reviewer could approve "
        "a number that is not there. The pages show such characters escaped (<U+202E>).",
        "Delete the character (retype the line, or search for it by its code); a citation "
        "copied from a web page often brings one along.",
        Example(_policy(_CITE + _INPUT + _AWARD + _CAP
                        + "    解读 「最高额\u202e%51 过超不\u202c，返回」\n")),
        Example(_policy(_CITE + _INPUT + _AWARD + _CAP
                        + "    解读 「最高额不超过15%，返回」\n"))),
)

BY_CODE: Mapping[str, Explanation] = {e.code: e for e in EXPLANATIONS}


def lookup(code: str) -> Explanation | None:
    """The explanation of a code, written in any case (e009, E009); None when unknown."""
    return BY_CODE.get(code.strip().upper())


def suggestion(code: str) -> str:
    """A hint for an unknown code: the nearest codes, else the list of codes."""
    word = code.strip().upper()
    listed = "run `sjdsl explain` for the list of codes"
    near = [c for c in BY_CODE if c[1:] == word.zfill(3)] if word.isdigit() else []
    if near:  # a bare number: its codes (9 → E009)
        return f"did you mean {' or '.join(near)}? ({listed})"
    hint = suggest(word, BY_CODE) if word else None  # the project's one did-you-mean
    return f"{hint} ({listed})" if hint else listed


def text(explanation: Explanation) -> str:
    """The explanation as `sjdsl explain` prints it."""
    e = explanation
    return "\n".join([
        f"{e.code}: {e.title}", "", e.meaning, "",
        "Wrong / 错误的写法:", "", _indent(e.wrong.shown()),
        "Right / 正确的写法:", "", _indent(e.right.shown()),
        "The change / 改动:", "", _indent(change(e)),
        f"How to fix it / 如何改正: {e.fix}", "",
        "Each example cites official.txt:", "", _indent(e.wrong.official),
    ])


def change(explanation: Explanation) -> str:
    """The lines the right example changes (- wrong, + right), or what else differs."""
    wrong, right = explanation.wrong, explanation.right
    lines = [line for line in difflib.ndiff(wrong.shown().splitlines(), right.shown().splitlines())
             if line[:1] in "-+" and line[2:].strip()]
    if wrong.official != right.official:
        lines.append("  (and official.txt differs)")
    if wrong.pad_official > right.pad_official:
        lines.append(f"- official.txt of {wrong.pad_official + len(wrong.official.encode()):,} "
                     "bytes")
        lines.append(f"+ official.txt of {len(right.official.encode()):,} bytes")
    return "\n".join(lines) + "\n"


def _indent(block: str) -> str:
    return "".join(f"    {line}\n" if line else "\n" for line in block.splitlines())


def listing() -> str:
    """Every code and its one-line description."""
    return "".join(f"{e.code}  {e.title}\n" for e in EXPLANATIONS)


def markdown() -> str:
    """The docs page of every code (docs/errors.md)."""
    parts = [
        "# 诊断代码 · Diagnostic codes\n",
        "<!-- generated by `sjdsl explain --markdown > docs/errors.md` from sjdsl/tools/explain.py; "
        "tests/test_explain.py checks it is in step -->\n",
        "Every code `sjdsl check` reports, what it means, a wrong and a right policy, and how "
        "to fix it. `sjdsl explain CODE` prints the same page in a terminal. Each example is a "
        "whole policy beside an official text; a test checks that every wrong example reports "
        "its code and every right one does not.\n",
        "The examples cite this `official.txt` (an example that needs more sentences shows "
        "them):\n",
        _fence(OFFICIAL, ""),
        "| code | meaning |\n| --- | --- |\n"
        + "".join(f"| [{e.code}](#{e.code.lower()}) | {_cell(e.title)} |\n"
                  for e in EXPLANATIONS),
    ]
    for e in EXPLANATIONS:
        parts.append(f"## {e.code}\n")
        parts.append(f"**{_cell(e.title)}**\n")
        parts.append(e.meaning + "\n")
        parts.append("Wrong:\n")
        parts.append(_fence(e.wrong.shown(), "pol"))
        if e.wrong.official != OFFICIAL:
            parts.append("with this `official.txt`:\n")
            parts.append(_fence(e.wrong.official, ""))
        parts.append("Right:\n")
        parts.append(_fence(e.right.shown(), "pol"))
        parts.append("The change:\n")
        parts.append(_fence(change(e), "diff"))
        parts.append(f"How to fix it: {e.fix}\n")
    return "\n".join(parts)


def _fence(block: str, lang: str) -> str:
    return f"```{lang}\n{block.rstrip()}\n```\n"


def _cell(words: str) -> str:
    return words.replace("|", "\\|")
