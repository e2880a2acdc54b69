"""The auditors' pages: complete for every provision, strict mkdocs build, hostile text inert."""

from __future__ import annotations

import html as html_lib
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import markdown
import pytest

from sjdsl.language import ir
from sjdsl.tools.driver import Sources, compile_policy, documentation, load_module

from .conftest import ROOT, SONGJIANG

HOSTILE = ('<script>alert(1)</script> {{ 7*7 }} {% raw %} [x](javascript:alert(1)) **b** | '
           '""" \' \\ `code` # h')


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    sources = Sources()
    return documentation(compile_policy(SONGJIANG, sources), sources)


def test_a_page_per_measure_and_the_reports(pages: dict[str, str]) -> None:
    names = {name.split("/", 1)[1] for name in pages}
    assert names == {"index.md", "official.md", "register.md", "fidelity.md", "review.md"} | {
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


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site") / "site"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                           "-d", str(folder)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    return folder


@pytest.mark.slow
def test_mkdocs_builds_strictly(site: Path) -> None:
    page = site / "songjiang-terminal-2024" / "measure-01.html"
    html = page.read_text(encoding="utf-8")
    assert "按不超过项目固定资产投资额的15%给予补贴" in html
    assert 'class="codehilite"' in html, "```pol fences are highlighted by the Pygments lexer"


def _plain(fragment: str) -> str:
    fragment = re.sub(r"<sup\b.*?</sup>", "", fragment, flags=re.S)
    return re.sub(r"\s+", "", html_lib.unescape(re.sub(r"<[^>]+>", "", fragment)))


@pytest.mark.slow
@pytest.mark.parametrize("policy", sorted(p.parent.name for p in
                                          (ROOT / "policies").glob("*/official.txt")))
def test_every_line_of_the_official_text_is_on_the_site(site: Path, policy: str) -> None:
    lines = (ROOT / "policies" / policy / "official.txt").read_text(encoding="utf-8")
    page = (site / policy / "official.html").read_text(encoding="utf-8")
    shown = dict(re.findall(r'<p><span class="ln" id="L(\d+)">(.*?)</p>', page, re.S))
    lines_of_text = lines.split("\n")[:-1] if lines.endswith("\n") else lines.split("\n")
    assert len(shown) == len(lines_of_text)
    for n, line in enumerate(lines_of_text, start=1):
        got = _plain(shown[str(n)])
        assert got == str(n) + re.sub(r"\s+", "", line), f"{policy} line {n}"


OUTSIDE = re.compile(r"shared/|\.\./")


@pytest.mark.slow
def test_the_site_cites_no_file_outside_it(site: Path) -> None:
    """A reader can open everything a page points at: no text names shared/ or ../, and every
    relative link or asset of every page resolves to a file of the built site."""
    for source in [*(ROOT / "docs").rglob("*.md"), *(ROOT / "policies").glob("*/README.md")]:
        for n, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
            assert not OUTSIDE.search(line), f"{source.relative_to(ROOT)}:{n}: {line}"
    root = site.resolve()
    for page in site.rglob("*.html"):
        if page.name == "404.html":
            continue  # the server's error page: root-relative links, by design
        html = page.read_text(encoding="utf-8")
        body = re.sub(r"<script\b.*?</script>|<style\b.*?</style>", "", html, flags=re.S)
        text = html_lib.unescape(re.sub(r"<[^>]+>", "", body))
        assert not OUTSIDE.search(text), f"{page.relative_to(site)}: " + \
            text[max(0, OUTSIDE.search(text).start() - 60):][:120]
        assert not re.search(r'<(?:link|script)\b[^>]*(?:href|src)="(?:https?:)?//', html), \
            f"{page.relative_to(site)} loads something from outside the site"
        for link in re.findall(r'(?:href|src)="([^"#?]*)[^"]*"', html):
            if not link or re.match(r"[a-z]+:|//", link):
                continue  # an anchor on the page itself, or an absolute URL (none in the pages)
            target = (page.parent / html_lib.unescape(link)).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_relative_to(root) and target.exists(), \
                f"{page.relative_to(site)} links to {link}"


def test_12_1_and_12_2_pay_their_maximum_by_a_registered_reading(pages: dict[str, str]) -> None:
    register = pages["songjiang-terminal-2024/register.md"]
    for pid, amount in (("12.1", "150"), ("12.2", "100")):
        rows = [r for r in register.splitlines() if f"[{pid}](measure-12.md" in r]
        assert any(f"返回最高额 {amount} 万元" in r and "ceiling 为 true" in r for r in rows), pid


def bidi_policy(tmp_path: Path) -> Path:
    folder = tmp_path / "bidi"
    folder.mkdir()
    (folder / "official.txt").write_text("给予最高 1 万元奖励。\n", encoding="utf-8")
    (folder / "p.pol").write_text(
        '政策 bidi "标题"\n  原文文件 「official.txt」\n措施 1 "措施"\n  条款 1.1 "奖励"\n'
        '    原文 「给予最高 1 万元奖励。」\n    奖励 最高 1万元\n'
        '      解读 「最高额\u202e%51 过超不\u202c，返回」\n', encoding="utf-8")
    return folder


def test_bidi_controls_are_warned_of_and_shown_escaped(tmp_path: Path, capsys) -> None:
    from sjdsl.tools.cli import main

    folder = bidi_policy(tmp_path)
    assert main(["check", str(folder)]) == 0  # a warning, not an error
    err = capsys.readouterr().err
    assert "warning[W005]" in err and "U+202E、U+202C" in err
    assert "\u202e" not in err, "the terminal shows the character escaped, not obeyed"
    line = next(x for x in err.splitlines() if x.startswith("7 | "))
    caret = err.splitlines()[err.splitlines().index(line) + 1]
    before = line[:line.index("<U+202E>")]
    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in before)
    assert caret.index("^") == width and caret.count("^") == len("<U+202E>"), (line, caret)
    sources = Sources()
    pages = documentation(compile_policy(folder, sources), sources)
    register = pages["bidi/register.md"]
    assert "\u202e" not in "".join(pages.values())
    assert "最高额&#60;U+202E&#62;%51 过超不&#60;U+202C&#62;" in register


def test_the_nav_holds_every_generated_page_amendments_included(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    try:
        import mkdocs_hooks
    finally:
        sys.path.remove(str(ROOT))
    folder = tmp_path / "p"
    folder.mkdir()
    for name, title in [("index.md", "政策"), ("official.md", "原文"), ("register.md", "登记"),
                        ("fidelity.md", "一致性"), ("measure-01.md", "措施 1 甲"),
                        ("measure-02.md", "措施 2 乙"),
                        ("amendment-2026-1.md", "关于调整 &#42; 的通知"),
                        ("measure-03.md", "措施 3 &#60;img src=x onerror=alert(1)&#62;")]:
        (folder / name).write_text(f"# {title}\n\ntext\n", encoding="utf-8")
    section = mkdocs_hooks.policy_section(folder)
    assert [next(iter(item.values())) for item in section] == [
        "p/index.md", "p/official.md", "p/measure-01.md", "p/measure-02.md", "p/measure-03.md",
        "p/amendment-2026-1.md", "p/register.md", "p/fidelity.md"]
    assert {"关于调整 * 的通知": "p/amendment-2026-1.md"} in section
    # the theme prints a nav title as HTML: a title from a .pol file stays text
    assert {"措施 3 &lt;img src=x onerror=alert(1)&gt;": "p/measure-03.md"} in section
    written = {p.relative_to(ROOT / "generated" / "docs").as_posix()
               for p in (ROOT / "generated" / "docs").rglob("*.md")}
    config = mkdocs_hooks.on_config({"nav": [
        {"松江": "songjiang-terminal-2024/index.md"}, {"Home": "index.md"}]})
    listed = {next(iter(i.values())) for i in config["nav"][0]["松江"]}
    assert listed == {w for w in written if w.startswith("songjiang-terminal-2024/")}


def test_a_reason_shown_on_hover_cannot_leave_its_attribute() -> None:
    from sjdsl.backends.docgen import Mark, _render_mark

    html = markdown.markdown(_render_mark(
        Mark(0, 3, "noncomputational", why='x" onmouseover="alert(1)\' <b>'), "10%"))
    assert "onmouseover=" not in html.replace("&#34; onmouseover", "")
    assert "<b>" not in html


def test_a_chart_on_a_page_is_html_not_markdown() -> None:
    """A chart's caption holds text from the .pol file (an example's title, inputs' values): in
    the page the SVG stands in its own HTML block, so Markdown in that text stays text."""
    page = (ROOT / "generated" / "docs" / "songjiang-terminal-2024" / "measure-01.md").read_text(
        encoding="utf-8")
    hostile = "**x** [a](javascript:alert(1)) ![i](http://evil/x.png)"
    page = re.sub(r"<title>[^<]*</title>", f"<title>{hostile}</title>", page, count=1)
    out = markdown.markdown(page, extensions=["tables", "fenced_code", "md_in_html"])
    assert hostile in out
    assert "javascript:" not in out.replace(hostile, "") and "<strong>x</strong>" not in out
