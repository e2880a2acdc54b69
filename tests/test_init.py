"""`sjdsl init` on real documents: chapters, articles, items, a 实施细则 beside its 办法, .docx
input, and placeholders that `sjdsl check` reports as E025 until they are filled."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from sjdsl.language.check import normalise
from sjdsl.language.diagnostics import CompileError
from sjdsl.language.parse import parse_file
from sjdsl.tools.cli import main
from sjdsl.tools.driver import Sources, load
from sjdsl.tools.scaffold import classify, outline

from .conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "official"
POLICIES = ROOT / "policies"
#: The six texts of shared/official, read from the policies (CI has no shared/), with their units
#: as counted BY HAND in each text (its 第X条 lines; Songjiang: its （一）…（十三） measures).
SIX = {name: (POLICIES / name / "official.txt", units) for name, units in [
    ("dalian-cross-border-ecommerce", 20), ("ganjingzi-financial-leasing", 16),
    ("ganjingzi-foreign-trade-ecommerce", 17), ("ganjingzi-hq-economy-2019", 22),
    ("ganjingzi-listing-subsidy", 20), ("songjiang-terminal-2024", 13)]}
AWARDS = FIXTURES / "ganjingzi-economic-awards-with-rules.txt"


def _init(official: Path, folder: Path) -> None:
    assert main(["init", str(folder), "--official", str(official)]) == 0


def _errors(folder: Path) -> list:
    with pytest.raises(CompileError) as caught:
        load(folder, Sources())
    return list(caught.value.diagnostics)


def _cites(folder: Path) -> list[str]:
    text = (folder / "measures.pol").read_text(encoding="utf-8")
    return [m.group(1) for m in re.finditer(r"原文 「([^」]*)」", text)]


def _fill(folder: Path) -> None:
    """Fill every placeholder as a drafter would (a name, a unit, a qualitative note)."""
    for file in folder.glob("*.pol"):
        text = file.read_text(encoding="utf-8")
        text = re.sub(r"「待编码[^」]*」", "「不计算」", text)
        text = re.sub(r"「待填写[^」]*」", "「已填写」", text)
        text = text.replace("待填写", "区经委").replace("待命名", "已命名")
        file.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SIX))
def test_each_real_text_gives_a_skeleton_whose_only_errors_are_placeholders(
        name: str, tmp_path: Path) -> None:
    official, units = SIX[name]
    folder = tmp_path / name
    _init(official, folder)
    assert (folder / "official.txt").read_bytes() == official.read_bytes()
    errors = _errors(folder)
    assert errors and {d.code for d in errors} == {"E025"}, [d.message for d in errors
                                                             if d.code != "E025"]
    measures = parse_file((folder / "measures.pol").read_text(encoding="utf-8"), "m.pol").measures
    assert [m.number for m in measures] == list(range(1, units + 1))
    _fill(folder)
    checked, warnings = load(folder, Sources())  # filled in, it checks: W002 lists the numbers
    assert {w.code for w in warnings} == {"W002"}
    assert main(["fmt", "--check", str(folder)]) == 0


@pytest.mark.parametrize("name", sorted(SIX))
def test_no_line_of_an_article_is_left_out_and_no_heading_is_quoted(name: str,
                                                                     tmp_path: Path) -> None:
    official, _ = SIX[name]
    folder = tmp_path / name
    _init(official, folder)
    cites = _cites(folder)
    text = (folder / "measures.pol").read_text(encoding="utf-8")
    quoted = "".join(normalise(c) for c in cites)
    lines = classify(official.read_text(encoding="utf-8"))
    first = next(i for i, x in enumerate(lines) if x.kind in ("article", "item"))
    level = lines[first].kind
    for line in lines[first:]:
        if line.kind in ("chapter", "heading", "title", "blank"):
            assert all(normalise(line.text) != normalise(c) for c in cites), line
            continue
        if line.kind == "section" and level == "item":
            continue  # 二、重点支持措施: a heading over the measures, written as a comment
        if line.kind == level:  # its rest: the text, or a title (第六条 企业办公用房扶持)
            assert line.rest == "" or normalise(line.rest) in quoted or \
                f"「{line.rest}」  # " in text, line
        else:  # quoted, or outside any unit and written as a comment where it stands
            assert normalise(line.text) in quoted or f"\n#   {line.text}\n" in text, line


def test_chapter_headings_are_comments_never_glued_into_a_quote(tmp_path: Path) -> None:
    _init(SIX["dalian-cross-border-ecommerce"][0], tmp_path / "p")
    text = (tmp_path / "p" / "measures.pol").read_text(encoding="utf-8")
    assert "# 第三章 申报及审批程序\n措施 14 「申报条件」" in text
    assert "# 适用范围及标准\n措施 6 「鼓励跨境电子商务平台建设」" in text
    assert all("第三章" not in c and "适用范围及标准" not in c for c in _cites(tmp_path / "p"))


def test_the_title_and_document_number_come_from_the_title_lines(tmp_path: Path) -> None:
    cases = {"songjiang-terminal-2024": ("「关于加快推进松江区智能终端产业高质量发展的若干政策」",
                                         "「沪松经规〔2024〕4号」"),
             "ganjingzi-hq-economy-2019": ("「甘井子区总部经济扶持办法（试行）」",
                                           "「甘政发〔2019〕11号」"),
             # a text that opens with 总则 has no title line: a placeholder, never 「总则」
             "dalian-cross-border-ecommerce": ("「待填写：政策标题」", "「待填写：文号」")}
    for name, (title, number) in cases.items():
        _init(SIX[name][0], tmp_path / name)
        header = (tmp_path / name / "policy.pol").read_text(encoding="utf-8")
        assert f"政策 {name} {title}\n  文号 {number}\n" in header


def test_a_rules_document_beside_its_measures_gets_its_own_id_space(tmp_path: Path) -> None:
    folder = tmp_path / "awards"
    _init(AWARDS, folder)
    assert {d.code for d in _errors(folder)} == {"E025"}
    found = outline(AWARDS.read_text(encoding="utf-8"))
    # by hand: the 办法 has 第一、二条, then 7, 12 and 16 articles in 第四、五、六章 and 6 in 附则,
    # each chapter numbering from 第一条; the 细则 has 第一条 … 第二十二条.
    assert [(p.offset, len(p.units)) for p in found.parts] == [
        (0, 2), (100, 7), (200, 12), (300, 16), (400, 6), (500, 22)]
    assert found.parts[5].title == "甘井子区经济工作奖励暂行办法实施细则"
    assert found.title == "甘井子区经济工作奖励暂行办法"
    numbers = [u.number for u in found.units]
    assert len(numbers) == len(set(numbers)) == 65
    text = (folder / "measures.pol").read_text(encoding="utf-8")
    assert "措施 501 「本细则对《甘井子区经济工…」  # 第一条" in text
    assert "# 甘井子区经济工作奖励暂行办法实施细则: its numbering starts again, so its 第N条 " \
           "is 措施 500+N." in text


def test_every_placeholder_is_an_error_with_a_count(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "p"
    _init(SIX["ganjingzi-financial-leasing"][0], folder)
    capsys.readouterr()
    assert main(["check", str(folder)]) == 1
    err = capsys.readouterr().err
    policy = (folder / "policy.pol").read_text(encoding="utf-8")
    measures = (folder / "measures.pol").read_text(encoding="utf-8")
    # counted in the files: each 责任单位 待填写, 条款 … 待命名 and 「待编码…」, the title and 文号
    count = (measures.count("责任单位 待填写") + measures.count(" 待命名\n")
             + measures.count("「待编码") + policy.count("「待填写"))
    assert count == 16 + 2 * measures.count("条款 ") + 2
    assert err.count("error[E025]") == count
    assert f"{count} placeholders left to fill / 还有 {count} 处待填写" in err
    assert "--> " + str(folder / "policy.pol") + ":3:" in err
    _fill(folder)
    assert main(["check", str(folder)]) == 0


def _docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))


def test_a_docx_becomes_official_txt_paragraph_by_paragraph(tmp_path: Path) -> None:
    paragraphs = ["甘井子区示例扶持办法", "甘政发〔2020〕1号", "第一章 总则",
                  "第一条 为促进发展，特制定本办法。", "第二章 扶持标准", "第二条 企业落户扶持",
                  "对新落户企业，给予一次性奖励50万元。", "（一）年纳税额2000万元以上的，再奖励10万元；",
                  "（二）其他企业不予奖励。", "第三条 本办法自发布之日起实行。"]
    source = tmp_path / "办法.docx"
    _docx(source, paragraphs)
    folder = tmp_path / "p"
    _init(source, folder)
    assert (folder / "official.txt").read_text(encoding="utf-8") == "\n".join(paragraphs) + "\n"
    assert {d.code for d in _errors(folder)} == {"E025"}
    text = (folder / "measures.pol").read_text(encoding="utf-8")
    assert "# 第二章 扶持标准\n措施 2 「企业落户扶持」" in text
    assert "    原文 「（一）年纳税额2000万元以上的，再奖励10万元；」" in text
    header = (folder / "policy.pol").read_text(encoding="utf-8")
    assert "「甘井子区示例扶持办法」\n  文号 「甘政发〔2020〕1号」" in header


@pytest.mark.parametrize("name,content,message", [
    ("empty.txt", b"", "is empty"),
    ("blank.txt", b" \n\n\t\n", "is empty"),
    ("binary.txt", bytes(range(256)) * 4, "binary file"),
    ("gbk.txt", "第一条 本办法。".encode("gbk"), "not UTF-8 text"),
    ("fake.docx", "第一条 本办法。".encode(), "not a Word .docx file"),
    ("old.doc", b"\xd0\xcf\x11\xe0", "old binary Word file"),
    ("prose.txt", "这是一段没有条款的文字。\n也没有编号。\n".encode(), "no articles"),
])
def test_hostile_input_is_refused_with_a_message(name: str, content: bytes, message: str,
                                                 tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    folder = tmp_path / "p"
    assert main(["init", str(folder), "--official", str(source)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and "internal error" not in err
    assert not folder.exists(), "nothing is written for a text that cannot be read"


def test_a_zip_that_is_not_a_word_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.docx"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert main(["init", str(tmp_path / "p"), "--official", str(source)]) == 1
    assert "not a Word .docx file" in capsys.readouterr().err
    missing = tmp_path / "missing.txt"
    assert main(["init", str(tmp_path / "q"), "--official", str(missing)]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_a_docx_without_a_title_line_takes_its_title_from_its_name(tmp_path: Path) -> None:
    source = tmp_path / "甘井子区示例补贴管理办法.docx"
    _docx(source, ["总则", "第一条 对新上市企业给予补贴，最高不超过300万元。"])
    _init(source, tmp_path / "p")
    header = (tmp_path / "p" / "policy.pol").read_text(encoding="utf-8")
    assert "# The text has no title line: the title is its file's name; check it.\n" \
           "政策 p 「甘井子区示例补贴管理办法」\n" in header


def test_a_docx_table_row_is_one_line_its_cells_split_by_tabs(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("第一条 奖励标准如下表：")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("级别", "奖励"), ("国家级", "100万元")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("第二条 本办法自发布之日起实行。")
    document.save(str(tmp_path / "t.docx"))
    _init(tmp_path / "t.docx", tmp_path / "p")
    assert (tmp_path / "p" / "official.txt").read_text(encoding="utf-8") == (
        "第一条 奖励标准如下表：\n级别\t奖励\n国家级\t100万元\n第二条 本办法自发布之日起实行。\n")
    assert {d.code for d in _errors(tmp_path / "p")} == {"E025"}
    text = (tmp_path / "p" / "measures.pol").read_text(encoding="utf-8")
    assert "  原文 「级别\t奖励」\n\n  条款 1.1 待命名\n    原文 「国家级\t100万元」\n" in text


def test_a_docx_that_unpacks_too_large_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from sjdsl.tools import scaffold

    _docx(tmp_path / "a.docx", ["第一条 本办法自发布之日起实行。"])
    monkeypatch.setattr(scaffold, "MAX_DOCX_UNPACKED", 1000)  # a real file unpacks to ~30 KB
    assert main(["init", str(tmp_path / "p"), "--official", str(tmp_path / "a.docx")]) == 1
    assert "unpacks to" in capsys.readouterr().err


def test_a_document_number_cited_in_a_sentence_is_not_the_policy_s(tmp_path: Path) -> None:
    source = tmp_path / "t.txt"
    source.write_text("示例区扶持办法\n为贯彻《上级文件》（沪府办发〔2022〕12号），特制定本办法。\n"
                      "第一条 对企业给予奖励10万元。\n", encoding="utf-8")
    _init(source, tmp_path / "p")
    header = (tmp_path / "p" / "policy.pol").read_text(encoding="utf-8")
    assert "「示例区扶持办法」\n  文号 「待填写：文号」\n" in header


def test_a_measure_s_responsible_units_are_read_from_its_text(tmp_path: Path) -> None:
    _init(SIX["songjiang-terminal-2024"][0], tmp_path / "p")
    text = (tmp_path / "p" / "measures.pol").read_text(encoding="utf-8")
    # （十一）… （责任单位：区发展改革委、区国投集团、区财政局、区市场监管局）
    assert "措施 11 「完善金融要素支撑」  # （十一）\n  责任单位 区发展改革委、区国投集团、区财政局、" \
           "区市场监管局\n" in text
    assert "责任单位 待填写" not in text  # each of the 13 measures names its units


def test_a_damaged_zip_and_endless_numbers_are_refused_or_read_never_a_crash(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A .docx whose zip directory is damaged, an article number of 5,000 digits and one of
    100,000 百: each gets a message or is read as plain text, never an internal error."""
    good = tmp_path / "good.docx"
    with zipfile.ZipFile(good, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    damaged = tmp_path / "bad.docx"
    data = good.read_bytes()  # its end record stands, its central directory is broken
    damaged.write_bytes(data.replace(b"PK\x01\x02", b"XX\x01\x02"))
    assert zipfile.is_zipfile(damaged)
    assert main(["init", str(tmp_path / "p"), "--official", str(damaged)]) == 1
    assert "not a readable Word .docx file" in capsys.readouterr().err
    for i, text in enumerate(["第" + "9" * 5000 + "条 给予补贴。\n",
                              "第一" + "百" * 100_000 + "条 给予补贴。\n"]):
        source = tmp_path / f"long{i}.txt"
        source.write_text("某政策\n" + text + "第一条 对企业给予10万元奖励。\n", encoding="utf-8")
        assert main(["init", str(tmp_path / f"q{i}"), "--official", str(source)]) in (0, 1)
        assert "internal error" not in capsys.readouterr().err
