"""`sjdsl init`: a skeleton policy from an official text (.txt or .docx), ready to fill in.

The text is read as lines and each line is given a kind: a chapter (第三章 …), an article
(第五条 …), a section (一、…), an item (（一）… or (十二)…), a sub-item (1．… or 1.…), a title line
(…办法, …实施细则, …若干政策), a heading (a short line without punctuation: 总则, 附则 …) or
body text. The units of the skeleton (one 措施 each) are the articles, or, in a text without
articles, its items (the Songjiang style: 一、 sections holding （一） measures holding 1． points).

A second document in the same text (a 实施细则 after its 办法) begins at its own title line where
the numbering restarts; its units get their own id space (措施 101, 102 … beside 1, 2 …), and so
does any other run of units whose numbering restarts. Headings are written as comments, never
glued into a quote: every 原文 of the skeleton is a verbatim piece of one paragraph of the text.

A skeleton is a to-do list. Each sentence that states an amount, a rate or a ratio becomes a
条款 that cites it, with placeholders (待命名, 待填写, 「待编码…」) that `sjdsl check` reports as
E025 until they are filled (sjdsl/language/placeholders.py); with them gone, its W002 warnings list every
number of the text that no provision encodes yet.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import attrs

from sjdsl.language.fidelity import find_quantities

#: The largest official text read (the same limit as `sjdsl check`'s, see driver.py).
MAX_BYTES = 1024 * 1024
#: The most a .docx may unpack to (its XML, images and all); real ones are under a megabyte.
MAX_DOCX_UNPACKED = 64 * 1024 * 1024

_CN = "一二三四五六七八九十百零〇两"
_DIGITS = "0-9０-９"
#: an article or chapter number: a few characters (第一千零一条 is four; a longer run is text)
_NUMBER = rf"[{_CN}]{{1,6}}|[{_DIGITS}]{{1,4}}"
_CHAPTER = re.compile(rf"^第\s*({_NUMBER})\s*章\s*(.*)$")
_ARTICLE = re.compile(rf"^第\s*({_NUMBER})\s*条\s*(.*)$")
_SECTION = re.compile(rf"^([{_CN}]{{1,6}})\s*、\s*(.*)$")
_ITEM = re.compile(rf"^[（(]\s*([{_CN}]{{1,6}})\s*[）)]\s*(.*)$")
_SUBITEM = re.compile(rf"^([{_DIGITS}]{{1,2}})\s*(?:[．、]|\.(?![{_DIGITS}]))\s*(.*)$")
#: What a document's title ends with (…办法（试行）, …实施细则, …若干政策, …的通知).
_KIND = "办法|细则|规定|政策|意见|方案|通知|指南|条例|决定|规则|措施|标准|计划|纲要|公告"
_TITLE = re.compile(rf"^《?([^《》。；;，,：:！？!?]{{2,80}}?(?:{_KIND})(?:[（(][^）)]{{1,6}}[）)])?)》?$")
_BOOK_TITLE = re.compile(rf"^《([^《》]{{2,80}}?(?:{_KIND})(?:[（(][^）)]{{1,6}}[）)])?)》")
#: A document number: 沪松经规〔2024〕4号, 甘政发〔2019〕11号, 大政办发[2017]166号.
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（][0-9]{4}[〕\]］)）]\s*[0-9]{1,4}\s*号")
_PUNCTUATION = re.compile(r"[。；;，,：:！？!?]")
_SENTENCE = re.compile(r"[^。；;！？]*[。；;！？]|[^。；;！？]+$")
#: A heading that is no sentence: short and without punctuation (总则, 适用范围及标准, 附则).
_HEADING_MAX = 30

Kind = Literal["chapter", "article", "section", "item", "subitem", "title", "heading", "body",
               "row", "blank"]
UNIT_KINDS: tuple[Kind, ...] = ("article", "item", "section", "subitem")
#: The numbered kinds, in the order tried (第X章 before 第X条; （一） before 一、).
_NUMBERED: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    ("chapter", _CHAPTER), ("article", _ARTICLE), ("item", _ITEM), ("section", _SECTION),
    ("subitem", _SUBITEM))


class InitError(Exception):
    """An official text that `sjdsl init` cannot read or split; the message says why."""


@attrs.frozen
class Line:
    """One line of the official text, its kind, and for a numbered line its number and rest."""

    number: int  # 1-based line number in official.txt
    kind: Kind
    text: str  # the line, stripped
    value: int = 0  # 第五条 → 5, （三） → 3
    rest: str = ""  # the line after its number


@attrs.frozen
class Unit:
    """A measure of the skeleton: an article (or item) of the text, its id, title and sentences.

    ``paragraphs`` holds the unit's text paragraph by paragraph (its first line, then each item
    or sub-item line with the lines that continue it); ``notes`` the headings met before it."""

    number: int
    title: str
    paragraphs: tuple[str, ...]
    notes: tuple[str, ...] = ()
    label: str = ""  # 第五条 as the text numbers it

    @property
    def sentences(self) -> tuple[str, ...]:
        return tuple(s for p in self.paragraphs for s in split_sentences(p))


@attrs.frozen
class Part:
    """A run of units with its own numbering: a document, or a part whose numbering restarts."""

    title: str | None
    offset: int
    units: tuple[Unit, ...]


@attrs.frozen
class Outline:
    """What `sjdsl init` read from a text: its title, 文号, parts, and text outside any unit."""

    title: str | None
    doc_number: str | None
    parts: tuple[Part, ...]
    outside: tuple[str, ...]
    trailer: tuple[str, ...] = ()  # headings and text after the last unit
    title_from_name: bool = False  # the text has no title line; its file is named by the title

    @property
    def units(self) -> tuple[Unit, ...]:
        return tuple(u for p in self.parts for u in p.units)


# ---------------------------------------------------------------- reading the text
def read_official(path: Path) -> tuple[str, bytes]:
    """The official text and the bytes official.txt gets: a .docx's paragraphs one a line, any
    other file as UTF-8 text. Raises InitError (or OSError) with a message for the user."""
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise InitError(f"{path} is an old binary Word file (.doc): save it as .docx or as UTF-8 "
                        "text (.txt) and run sjdsl init on that")
    if suffix == ".docx":
        text = docx_text(path)
        data = text.encode("utf-8")
    else:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
        _check_size(path, data)
        if data.startswith(b"PK\x03\x04"):
            raise InitError(f"{path} is a zip archive (a Word file?): name it .docx, or give the "
                            "text as UTF-8 (.txt)")
        if b"\x00" in data:
            raise InitError(f"{path} is a binary file, not a text: give the official text as "
                            "UTF-8 (.txt) or a Word file (.docx)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InitError(f"{path} is not UTF-8 text (byte {exc.start} is 0x{data[exc.start]:02x}"
                            "): save it as UTF-8 (a GBK file: iconv -f GBK -t UTF-8), or give the "
                            ".docx") from None
    _check_size(path, data)
    if not text.strip():
        raise InitError(f"{path} is empty: it should hold the official text of the policy")
    return text, data


def _check_size(path: Path, data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise InitError(f"{path} is larger than {MAX_BYTES:,} bytes (1 MiB): an official text "
                        "holds the policy's own words (real ones are 5-12 KB); leave out annexes")


def docx_text(path: Path) -> str:
    """The text of a Word file: its paragraphs (and table rows, cells split by a tab) in document
    order, one a line, verbatim."""
    try:
        import docx  # python-docx: the `docx` extra
    except ImportError:
        raise InitError("reading a .docx needs python-docx: pip install 'sjdsl[docx]' (or save "
                        "the document as UTF-8 text and give the .txt)") from None
    _check_zip(path)
    try:
        document = docx.Document(str(path))
        lines = list(_docx_lines(document))
    except OSError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a bad file
        raise InitError(f"{path} is not a Word .docx file python-docx can read "
                        f"({type(exc).__name__}: {exc}); save it again from Word as .docx, or "
                        "give the text as UTF-8 (.txt)") from None
    return "\n".join(lines) + "\n"


def _check_zip(path: Path) -> None:
    """A .docx is a zip archive: refuse one that is not, or that would unpack to more than
    MAX_DOCX_UNPACKED (a zip bomb), before python-docx reads it."""
    if not zipfile.is_zipfile(path):
        raise InitError(f"{path} is not a Word .docx file (a .docx is a zip archive, and this is "
                        "not one): save it from Word as .docx, or give the text as UTF-8 (.txt)")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:  # a zip signature, but its directory is damaged
        raise InitError(f"{path} is not a readable Word .docx file ({exc}): save it from Word "
                        "as .docx again, or give the text as UTF-8 (.txt)") from None
    if unpacked > MAX_DOCX_UNPACKED:
        raise InitError(f"{path} unpacks to {unpacked:,} bytes, more than {MAX_DOCX_UNPACKED:,}: "
                        "a policy's Word file is tens of kilobytes; leave out images and annexes")


def _docx_lines(document: object) -> Iterator[str]:
    from docx.table import Table

    for block in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:  # a merged cell comes once per grid column
                    if not cells or cell.text != cells[-1]:
                        cells.append(cell.text)
                yield "\t".join(cells)
        else:
            yield block.text


# ---------------------------------------------------------------- the outline
def chinese_number(text: str) -> int:
    """一 → 1, 十三 → 13, 二十二 → 22, 一百零五 → 105, 12 → 12."""
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("一二三四五六七八九", start=1)} | {"两": 2}
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        return digits.get(hundreds, 1) * 100 + (chinese_number(rest.lstrip("零〇")) if rest else 0)
    if "十" in text:
        tens, _, units = text.partition("十")
        return digits.get(tens, 1) * 10 + digits.get(units, 0)
    return digits.get(text, 0)


def classify(text: str) -> list[Line]:
    """Each line of the text with its kind."""
    return [_line(i, raw) for i, raw in enumerate(text.splitlines(), start=1)]


def _line(number: int, raw: str) -> Line:
    text = raw.strip().lstrip("\ufeff").strip()
    if not text:
        return Line(number, "blank", "")
    for kind, pattern in _NUMBERED:
        match = pattern.match(text)
        if match:
            return Line(number, kind, text, chinese_number(match.group(1)), match.group(2))
    if "\t" in text:
        return Line(number, "row", text)  # a table row (a .docx's cells split by tabs)
    if _title(text):
        return Line(number, "title", text)
    if is_caption(text):
        return Line(number, "heading", text)
    return Line(number, "body", text)


def is_caption(text: str) -> bool:
    """A heading rather than a sentence: short and without punctuation (总则, 企业落户扶持)."""
    return len(text) <= _HEADING_MAX and not _PUNCTUATION.search(text) and \
        not find_quantities(text)


def _title(text: str) -> str | None:
    """The document title a line states (…办法（试行）, 《…实施细则》 …), or None."""
    compact = re.sub(r"\s+", "", text)
    match = _TITLE.match(compact) or _BOOK_TITLE.match(compact)
    if match is None or compact.count("《") != compact.count("》"):
        return None
    return match.group(1)


def outline(text: str) -> Outline:
    """Split an official text into its parts and units. Raises InitError when it has none."""
    lines = classify(text)
    level = next((k for k in UNIT_KINDS if any(x.kind == k for x in lines)), None)
    if level is None:
        raise InitError("the text has no articles or numbered items (第一条 …, （一）…, 一、…, "
                        "1．…): sjdsl init splits a policy into them; is this the official text?")
    first = next(i for i, x in enumerate(lines) if x.kind == level)
    title, doc_number = _preamble_title(lines[:first])
    builder = _Builder(level, lines)
    for line in lines[:first]:
        if line.kind != "blank":
            builder.loose(line)
    for index in range(first, len(lines)):
        builder.add(index)
    return builder.outline(title, doc_number)


def _preamble_title(preamble: list[Line]) -> tuple[str | None, str | None]:
    """The document's title (the last title line before its first unit: a notice's covering
    lines come first) and its 文号, from the lines before the first unit."""
    titles = [t for t in (_title(x.text) for x in preamble if x.kind in ("title", "body")) if t]
    own = [x for x in preamble if x.kind in ("heading", "title") or _BOOK_TITLE.match(x.text)]
    numbers = [m.group(0) for x in own for m in [_DOC_NUMBER.search(x.text)] if m]  # not one a
    # sentence of the preamble cites (为贯彻《…》（沪府办发〔2022〕12号）)
    title = titles[-1] if titles else None
    return title, (re.sub(r"\s+", "", numbers[0]) if numbers else None)


@attrs.define
class _Open:
    """The unit being read."""

    value: int
    label: str
    notes: tuple[str, ...]
    paragraphs: list[str] = attrs.Factory(list)


class _Builder:
    """Gathers the lines into units, parts, and sentences outside any unit, in one pass."""

    def __init__(self, level: Kind, lines: list[Line]) -> None:
        self.level = level
        self.lines = lines
        # the next unit line and the next line with text after each line, found in one pass
        # from the end (a look-ahead from each line would be quadratic on a hostile text)
        self.next_unit: list[Line | None] = [None] * (len(lines) + 1)
        self.next_text: list[Line | None] = [None] * (len(lines) + 1)
        for i in range(len(lines) - 1, -1, -1):
            after = lines[i + 1] if i + 1 < len(lines) else None
            unit = after if after is not None and after.kind == level else None
            text = after if after is not None and after.kind != "blank" else None
            self.next_unit[i] = unit or self.next_unit[i + 1]
            self.next_text[i] = text or self.next_text[i + 1]
        self.runs: list[tuple[str | None, list[Unit]]] = [(None, [])]
        self.current: _Open | None = None
        self.notes: list[str] = []
        self.outside: list[str] = []  # paragraphs outside any unit
        self.glue = False  # whether a body line continues the last paragraph

    def add(self, index: int) -> None:
        line = self.lines[index]
        if line.kind == "blank":
            return
        if line.kind == self.level:
            if line.value <= self._last():  # the numbering restarts without a title line:
                self._new_run(self._chapter())  # its own id space, named by its chapter
            self._close()
            label = line.text[:len(line.text) - len(line.rest)].strip()
            self.current = _Open(line.value, label, tuple(self.notes))
            self.notes = []
            if line.rest:
                self._paragraph(line.rest, glue=True)
                self.glue = not is_caption(line.rest)  # 第五条 企业落户扶持: a title line
        elif line.kind == "title" and self._restarts(index):
            self._new_run(_title(line.text))
        elif line.kind == "chapter" or (line.kind == "section" and self.level != "article"):
            self._close()
            self.notes.append(line.text)
        elif line.kind in ("heading", "title") and self._before_unit(index):
            self._close()  # 总则, 附则, 总部企业申报指南: a heading over the units after it
            self.notes.append(line.text)
        elif line.kind == "body":
            self._paragraph(line.text, glue=self.glue)
        else:  # an item, a sub-item, a table row, a heading inside the unit: its own paragraph
            self._paragraph(line.text, glue=False)
            self.glue = line.kind != "row" and not is_caption(line.rest or line.text)

    def loose(self, line: Line) -> None:
        """A line of the preamble: a heading is left out, a sentence kept as outside text."""
        if line.kind == "body":
            self.outside.append(line.text)

    def _paragraph(self, text: str, glue: bool) -> None:
        if self.current is None:  # text between units: kept as outside text, and as a note
            self.notes.append(f"  {text}")
            self.outside.append(text)
        elif glue and self.current.paragraphs:
            self.current.paragraphs[-1] += text
        else:
            self.current.paragraphs.append(text)
        self.glue = self.current is not None

    def _last(self) -> int:
        if self.current is not None:
            return self.current.value
        units = self.runs[-1][1]
        return units[-1].number if units else 0

    def _restarts(self, index: int) -> bool:
        """A title line starts a new document where the numbering after it starts again."""
        after = self.next_unit[index]
        return after is not None and after.value <= self._last()

    def _before_unit(self, index: int) -> bool:
        """Whether the next line with text is a unit's (or a chapter, or another heading)."""
        after = self.next_text[index]
        return after is None or after.kind in (self.level, "chapter", "heading", "title")

    def _chapter(self) -> str | None:
        return next((n for n in reversed(self.notes) if not n.startswith(" ")), None)

    def _new_run(self, title: str | None) -> None:
        self._close()
        self.runs.append((title, []))

    def _close(self) -> None:
        if self.current is not None:
            opened, self.current = self.current, None
            self.runs[-1][1].append(_unit(opened.value, opened.paragraphs, opened.notes,
                                          opened.label))
        self.glue = False

    def outline(self, title: str | None, doc_number: str | None) -> Outline:
        self._close()
        runs = [(t, u) for t, u in self.runs if u]
        top = max(u.number for _, units in runs for u in units)
        base = 100 if top < 100 else 10 ** len(str(top))
        parts = tuple(Part(name, i * base, tuple(attrs.evolve(u, number=i * base + u.number)
                                                 for u in units))
                      for i, (name, units) in enumerate(runs))
        outside = tuple(s for p in self.outside for s in split_sentences(p))
        return Outline(title, doc_number, parts, outside, tuple(self.notes))


def _unit(number: int, paragraphs: list[str], notes: tuple[str, ...], label: str) -> Unit:
    first = paragraphs[0].strip() if paragraphs else ""
    if first and is_caption(first) and len(paragraphs) > 1:
        title = first  # 第五条 企业落户扶持: a title of its own, with the text on the next lines
        paragraphs = paragraphs[1:]
    else:
        lead = next(iter(split_sentences(first)), "") if first else ""
        lead = lead.rstrip("。；;：:")
        title = lead if 0 < len(lead) <= 20 else (lead[:12] + "…" if lead else "待命名")
    return Unit(number, title, tuple(paragraphs), notes, label)


def split_sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(paragraph.strip()) if s.strip()]


# ---------------------------------------------------------------- writing the skeleton
def _quote(text: str) -> str:
    if "」" not in text and "\n" not in text:
        return f"「{text}」"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def policy_name(folder: Path) -> str:
    name = re.sub(r"[^a-z0-9-]+", "-", folder.name.lower()).strip("-")
    return name if name and name[0].isalnum() else "policy"


def header(folder: Path, found: Outline, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    title = _quote(found.title) if found.title else "「待填写：政策标题」"
    number = _quote(found.doc_number) if found.doc_number else "「待填写：文号」"
    lines = ["# Skeleton written by `sjdsl init`: fill in every 待填写 / 待命名 / 待编码 (sjdsl "
             "check lists them as E025), then encode the numbers W002 lists.", "",
             *(["# The text has no title line: the title is its file's name; check it."]
               if found.title_from_name else []),
             f"政策 {policy_name(folder)} {title}",
             f"  文号 {number}",
             f"  原文文件 「official.txt」 sha256 {digest}"]
    numbered = [s for s in found.outside if find_quantities(s)]
    if numbered:
        lines += ["", "# Sentences outside the articles that state numbers: encode each in the 政策 block",
                  "# as a 附则 (有效期 …), or as 非计算 with a 解读 (docs/language.md)."]
        lines += [f"#   {s}" for s in numbered]
    return "\n".join(lines) + "\n"


def measures(found: Outline) -> Iterator[str]:
    for part in found.parts:
        if part.offset:
            name = part.title or "the next part of the text"
            label = re.sub(r"[0-9０-９一二三四五六七八九十]+", "N", part.units[0].label) or "N"
            yield f"# {name}: its numbering starts again, so its {label} is 措施 {part.offset}+N."
            yield ""
        for unit in part.units:
            yield from _measure(unit)
    yield from (f"# {note}" for note in found.trailer)


_RESPONSIBLE = re.compile(r"^[（(]责任单位[：:]\s*([^（）()]+)[）)]")


def responsible(sentences: tuple[str, ...]) -> str | None:
    """The 责任单位 a measure names (（责任单位：区科委、区经委）), as the clause's name list."""
    for sentence in sentences:
        match = _RESPONSIBLE.match(sentence)
        if match:
            names = [n.strip() for n in re.split(r"[、，,]", match.group(1)) if n.strip()]
            return "、".join(n if re.fullmatch(r"[^\W\d]\w*", n) else _quote(n) for n in names)
    return None


def _measure(unit: Unit) -> Iterator[str]:
    for note in unit.notes:
        yield f"# {note}"
    label = f"  # {unit.label}" if unit.label else ""
    yield f"措施 {unit.number} {_quote(unit.title)}{label}"
    yield f"  责任单位 {responsible(unit.sentences) or '待填写'}"
    count = 0
    sentences = unit.sentences
    if not sentences:
        yield "  定性 「待编码：本条无正文，写明其内容或删去本措施」"
    for sentence in sentences:
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
    """Write official.txt (verbatim: the text, or a .docx's paragraphs), policy.pol and
    measures.pol into an empty folder. Raises InitError or OSError before writing anything."""
    text, data = read_official(official)
    try:
        found = outline(text)
    except InitError as exc:
        raise InitError(f"{official}: {exc}") from None
    if found.title is None and _title(official.stem):  # a Word file often keeps its title in
        found = attrs.evolve(found, title=_title(official.stem), title_from_name=True)  # its name
    body = "\n".join(measures(found)).rstrip() + "\n"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "official.txt").write_bytes(data)
    (folder / "policy.pol").write_text(header(folder, found, data), encoding="utf-8")
    (folder / "measures.pol").write_text("# 措施 and 条款: one provision per sentence with a "
                                         "number.\n\n" + body, encoding="utf-8")
    return [folder / "official.txt", folder / "policy.pol", folder / "measures.pol"]
