"""`sjdsl init`: a skeleton policy from an official text, ready to fill in.

The text is split into its measures or articles (（一）… or 第一条 …). Each becomes a 措施
block; each sentence that states an amount, a rate or a ratio becomes a 条款 that cites it, with
a placeholder award (定性 「待编码」) so that the skeleton checks from the start. `sjdsl check`
then lists, as W002 warnings, every number of the text that no provision encodes yet.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import attrs

from sjdsl.fidelity import find_quantities

_NUMERALS = "一二三四五六七八九十"
_MEASURE = re.compile(r"^\s*[（(]([一二三四五六七八九十]+)[）)]\s*(.*)$")
_ARTICLE = re.compile(r"^\s*第([一二三四五六七八九十百]+)条\s*(.*)$")
_CHAPTER = re.compile(r"^\s*第[一二三四五六七八九十]+章")
_SENTENCE = re.compile(r"[^。；;！？]*[。；;！？]|[^。；;！？]+$")


@attrs.frozen
class Unit:
    """A measure or article of the official text: its number, title and sentences."""

    number: int
    title: str
    sentences: tuple[str, ...]


def chinese_number(text: str) -> int:
    """一 → 1, 十三 → 13, 二十二 → 22 (up to 百)."""
    digits = {c: i for i, c in enumerate(_NUMERALS[:9], start=1)}
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        return digits.get(hundreds, 1) * 100 + (chinese_number(rest.lstrip("零")) if rest else 0)
    if "十" in text:
        tens, _, units = text.partition("十")
        return digits.get(tens, 1) * 10 + digits.get(units, 0)
    return digits.get(text, 0)


def split_units(text: str) -> list[Unit]:
    """The measures (（一）…) or, when the text has none, the articles (第一条 …)."""
    lines = text.splitlines()
    measures = [chinese_number(m.group(1)) for m in map(_MEASURE.match, lines) if m]
    # （一）… numbering the policy's measures runs 1, 2, 3 …; restarting, it numbers items
    # inside articles (第一条 （一）…), and the articles are the units.
    in_order = bool(measures) and measures == list(range(1, len(measures) + 1))
    pattern = _MEASURE if in_order or not any(_ARTICLE.match(x) for x in lines) else _ARTICLE
    units: list[tuple[int, str, list[str]]] = []
    for line in lines:
        match = pattern.match(line)
        if match:
            units.append((chinese_number(match.group(1)), "", [match.group(2)]))
        elif _CHAPTER.match(line):
            continue
        elif units:
            units[-1][2].append(line)
    return [_unit(number, body) for number, _, body in units]


def _unit(number: int, body: list[str]) -> Unit:
    first = body[0].strip() if body else ""
    if first and len(first) <= 20 and not first.endswith(("。", "；", ";")):
        title, body = first, body[1:]  # 第五条 企业落户扶持: a title line of its own
    else:
        title = ""
    text = "".join(part.strip() for part in body)
    sentences = tuple(s.strip() for s in _SENTENCE.findall(text) if s.strip())
    if not title:
        lead = sentences[0] if sentences else "待命名"
        title = lead.rstrip("。；;") if len(lead) <= 20 else lead[:12] + "…"
    return Unit(number, title, sentences)


def _quote(text: str) -> str:
    if "」" not in text and "\n" not in text:
        return f"「{text}」"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def policy_name(folder: Path) -> str:
    name = re.sub(r"[^a-z0-9-]+", "-", folder.name.lower()).strip("-")
    return name or "policy"


def header(folder: Path, text: str, data: bytes) -> str:
    title = next((x.strip() for x in text.splitlines() if x.strip()), "待填写")
    digest = hashlib.sha256(data).hexdigest()
    return (f"# Skeleton written by `sjdsl init`: fill in the awards, then run sjdsl check.\n\n"
            f"政策 {policy_name(folder)} {_quote(title[:60])}\n"
            f"  文号 「待填写」\n"
            f"  原文文件 「official.txt」 sha256 {digest}\n")


def measures(units: list[Unit]) -> Iterator[str]:
    for unit in units:
        yield f"措施 {unit.number} {_quote(unit.title)}"
        yield "  责任单位 待填写"
        count = 0
        for sentence in unit.sentences:
            if not find_quantities(sentence):
                yield f"  原文 {_quote(sentence)}"
                continue
            count += 1
            yield ""
            yield f"  条款 {unit.number}.{count} 待命名"
            yield f"    原文 {_quote(sentence)}"
            yield "    # 输入 官方术语 english_name 金额"
            yield "    # 补贴 按 不超过 官方术语 的 N%"
            yield "    定性 「待编码：将本行换成给付规则」"
        yield ""


def write_skeleton(folder: Path, official: Path) -> list[Path]:
    """Write official.txt (verbatim), policy.pol and measures.pol into an empty folder."""
    data = official.read_bytes()
    text = data.decode("utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "official.txt").write_bytes(data)
    (folder / "policy.pol").write_text(header(folder, text, data), encoding="utf-8")
    body = "\n".join(measures(split_units(text))).rstrip() + "\n"
    (folder / "measures.pol").write_text("# 措施 and 条款: one provision per sentence with a "
                                         "number.\n\n" + body, encoding="utf-8")
    return [folder / "official.txt", folder / "policy.pol", folder / "measures.pol"]
