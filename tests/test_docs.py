"""The auditors' pages: complete for every provision, strict mkdocs build, hostile text inert."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from sjdsl import ir
from sjdsl.driver import Sources, compile_policy, documentation, load_module

from .conftest import ROOT, SONGJIANG

HOSTILE = ('<script>alert(1)</script> {{ 7*7 }} {% raw %} [x](javascript:alert(1)) **b** | '
           '""" \' \\ `code` # h')


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    sources = Sources()
    return documentation(compile_policy(SONGJIANG, sources), sources)


def test_a_page_per_measure_and_the_reports(pages: dict[str, str]) -> None:
    names = {name.split("/", 1)[1] for name in pages}
    assert names == {"index.md", "register.md", "fidelity.md", "review.md"} | {
        f"measure-{n:02d}.md" for n in range(1, 14)}


def test_every_monetary_provision_shows_what_auditors_need(pages: dict[str, str]) -> None:
    checked = compile_policy(SONGJIANG).checked
    for measure in checked.policy.measures:
        page = pages[f"songjiang-terminal-2024/measure-{measure.number:02d}.md"]
        for provision in measure.provisions:
            section = page.split(f'<a id="p-{provision.id.replace(".", "-")}"></a>')[1]
            section = section.split('<a id="p-')[0]
            assert "<mark>" in section, f"{provision.id}: official sentence highlighted"
            assert "```pol" in section, f"{provision.id}: source"
            assert "重述" in section, f"{provision.id}: regenerated sentence"
            if provision.examples:
                assert "**参数 · parameters**" in section, f"{provision.id}: parameters"
                assert "### " + provision.id + " 示例" in section, f"{provision.id}: examples"
                assert "✗ MISMATCH" not in section


def test_regenerated_sentence_of_1_1(pages: dict[str, str]) -> None:
    assert "按不超过项目固定资产投资额的15%给予补贴，最高3,000万元。" in \
        pages["songjiang-terminal-2024/measure-01.md"]


def test_fidelity_report_is_complete_both_ways(pages: dict[str, str]) -> None:
    report = pages["songjiang-terminal-2024/fidelity.md"]
    forward = re.search(r"见于所引原文：\*\*(\d+) / (\d+)（100%）", report)
    reverse = re.search(r"由条款说明：\*\*(\d+) / (\d+)（100%）", report)
    assert forward and forward.group(1) == forward.group(2)
    assert reverse and reverse.group(1) == reverse.group(2)
    assert "✗" not in report


def test_every_reading_is_in_the_register(pages: dict[str, str]) -> None:
    register = pages["songjiang-terminal-2024/register.md"]
    policy = compile_policy(SONGJIANG).checked.policy
    notes: list[object] = [n for r in policy.header.rules for n in r.notes]
    for measure in policy.measures:
        notes += list(measure.readings) + [n for c in measure.caps for n in c.notes]
        for p in measure.provisions:
            notes += list(p.readings)
            notes += [n for a in p.awards for n in getattr(a, "notes", ())]
            notes += [n for lim in p.limits for n in lim.notes]
    readings = [n.text for n in notes if isinstance(n, ir.Reading)]
    assert len(readings) >= 20
    for text in readings:
        assert text.replace("_", "&#95;") in register, text


def hostile_policy(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "official.txt").write_text(f"给予最高 1 万元奖励。{HOSTILE}\n", encoding="utf-8")
    quoted = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    (folder / "p.pol").write_text(
        f'政策 hostile "{quoted}"\n  原文文件 「official.txt」\n'
        f'措施 1 "{quoted}"\n  条款 1.1 "{quoted}"\n'
        f'    原文 "{quoted}"\n    原文 「给予最高 1 万元奖励。」\n'
        f'    奖励 最高 1万元\n      解读 "{quoted}"\n'
        f'    示例 "{quoted}"\n      日期 2026-01-01\n      得 1万元\n', encoding="utf-8")
    return folder


def test_hostile_text_is_inert_in_pages_and_code(tmp_path: Path) -> None:
    folder = hostile_policy(tmp_path)
    sources = Sources()
    compiled = compile_policy(folder, sources)
    module = load_module(compiled)  # imports: the text is only ever a constant
    assert module.POLICY.title == HOSTILE
    assert HOSTILE in compiled.source or repr(HOSTILE)[1:-1] in compiled.source
    for name, text in documentation(compiled, sources).items():
        html = markdown.markdown(text, extensions=["tables", "fenced_code"])
        assert "<script>" not in html, name
        assert 'href="javascript' not in html, name
        assert "<strong>b</strong>" not in html, name
        assert "49" not in text, name  # {{ 7*7 }} was never evaluated
    assert "&lt;script&gt;" in markdown.markdown(
        documentation(compiled, sources)["hostile/measure-01.md"], extensions=["tables"])


@pytest.mark.slow
def test_mkdocs_builds_strictly(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                           "-d", str(tmp_path / "site")], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "site" / "songjiang-terminal-2024" / "measure-01" / "index.html")
    html = page.read_text(encoding="utf-8")
    assert "按不超过项目固定资产投资额的15%给予补贴" in html
    assert 'class="codehilite"' in html, "```pol fences are highlighted by the Pygments lexer"
