"""The printable review and the charts, as an auditor gets them: in headless Chromium and on paper.

- the review page of each policy holds every provision with its sentence, examples and traces;
- one chart of each award shape renders in the browser, its curve and edge points inside it;
- the review page has no horizontal overflow and its code blocks wrap (nothing is clipped);
- `make docs`'s PDF step prints the review: a real PDF, with pages, holding every provision id
  and the longest .pol line whole.

Screenshots go to test-output/ (gitignored). Outside CI the browser tests are skipped when
Chromium is missing (CI=true makes them fail instead, as in test_site_browser.py).
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sjdsl.backends.sentence import render
from sjdsl.tools.driver import compile_policy
from sjdsl.tools.review_pdf import print_pdf

from .browser import FLAGS, chromium
from .conftest import ROOT
from .test_site_browser import OUTPUT

DOCS = ROOT / "generated" / "docs"
SJ = "songjiang-terminal-2024"

# One chart of each shape (tests/test_charts.py checks their numbers against the calculator).
SHAPES = {
    "threshold-ge": (SJ, "measure-02", "2.1"),
    "threshold-gt": (SJ, "measure-06", "6.1"),
    "threshold-cap": ("ganjingzi-hq-economy-2019", "measure-05", "5.1"),
    "cap": (SJ, "measure-01", "1.1"),
    "ladder": ("ganjingzi-hq-economy-2019", "measure-10", "10.1"),
    "bands": ("ganjingzi-hq-economy-2019", "measure-07", "7.1"),
    "steps": ("ganjingzi-financial-leasing", "measure-04", "4.2"),
    "core-condition": ("ganjingzi-financial-leasing", "measure-04", "4.1"),
}

PROBE = """<script>
const boxes = [...document.querySelectorAll('svg.sjdsl-chart')].map(svg => {
  const b = svg.getBoundingClientRect();
  const marks = [...svg.querySelectorAll('polyline.amount, circle')].map(e => e.getBoundingClientRect());
  return {id: svg.getAttribute('aria-label').split(' ')[0], width: b.width, height: b.height,
    lines: svg.querySelectorAll('polyline.amount').length, circles: svg.querySelectorAll('circle').length,
    drawn: marks.filter(m => m.width > 0 || m.height > 0).length,
    inside: marks.every(m => m.left >= b.left - 5 && m.right <= b.right + 5 &&
                              m.top >= b.top - 5 && m.bottom <= b.bottom + 5)};
});
const pres = [...document.querySelectorAll('pre')];
document.body.setAttribute('data-probe', JSON.stringify({charts: boxes,
  scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
  wrapped: pres.every(p => getComputedStyle(p).whiteSpace === 'pre-wrap'),
  clipped: pres.filter(p => p.scrollWidth > p.clientWidth + 1).length, pres: pres.length}));
</script>"""


def test_review_page_holds_every_provision() -> None:
    """From the generated review.md: the header, and per provision its sentence (as the
    re-renderer gives it), its .pol source, every example title and its trace."""
    for folder in sorted((ROOT / "policies").iterdir()):
        checked = compile_policy(folder).checked
        page = (DOCS / checked.policy.header.name / "review.md").read_text(encoding="utf-8")
        assert page.startswith(f"# 审阅版 · {checked.policy.header.title}")
        for measure in checked.policy.measures:
            assert f"## 措施 {measure.number} " in page
            for p in measure.provisions:
                assert f"\n### {p.id} " in page, p.id
                sentence = render(checked, measure, p)
                assert html.unescape(sentence) in html.unescape(page), p.id
                assert page.count(f"#### {p.id} 示例：") == len(p.examples), p.id
                for example in p.examples:
                    assert html.unescape(example.title) in html.unescape(page), example.title
        assert page.count("```pol") == sum(len(m.provisions) for m in checked.policy.measures)
        assert "1. A.1" in page or "1. F.1" in page, "traces are listed"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chromium()
    built = tmp_path_factory.mktemp("site") / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d",
                    str(built)], cwd=ROOT, check=True, timeout=300)
    return built


def probe(site: Path, page: Path, width: int, tmp: Path) -> dict:
    """Open a copy of a built page with PROBE appended and read what it measured."""
    copy = page.with_name("probe.html")
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"),
                    encoding="utf-8")
    dom = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={tmp / 'profile'}",
                          f"--window-size={width},1200", "--dump-dom", copy.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    found = re.search(r'data-probe="([^"]*)"', dom.stdout)
    assert found, "the probe ran"
    return json.loads(html.unescape(found.group(1)))


def screenshot(page: Path, name: str, tmp: Path, size: str = "1280,2400") -> Path:
    OUTPUT.mkdir(exist_ok=True)
    shot = OUTPUT / name
    subprocess.run([chromium(), *FLAGS, f"--user-data-dir={tmp / 'profile'}",
                    f"--window-size={size}", f"--screenshot={shot}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    assert shot.stat().st_size > 10_000
    return shot


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_chart_of_each_shape_renders(site: Path, shape: str, tmp_path: Path) -> None:
    policy, page, pid = SHAPES[shape]
    built = site / policy / f"{page}.html"
    charts = {c["id"]: c for c in probe(site, built, 1280, tmp_path)["charts"]}
    chart = charts[pid]
    assert chart["width"] > 300 and chart["height"] > 150, chart
    assert chart["lines"] >= 1 and chart["drawn"] == chart["lines"] + chart["circles"], chart
    assert chart["inside"], chart
    if shape != "cap":
        assert chart["circles"] >= 2, "the edge is marked with a filled and a hollow point"
    screenshot(built, f"chart-{shape}.png", tmp_path, "1280,3000")


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 800])
def test_review_page_has_no_horizontal_overflow(site: Path, width: int, tmp_path: Path) -> None:
    built = site / SJ / "review.html"
    found = probe(site, built, width, tmp_path)
    assert found["scroll"] <= found["client"], found
    assert found["pres"] >= 29 and found["wrapped"] and found["clipped"] == 0, found
    assert len(found["charts"]) >= 10
    screenshot(built, f"review-{width}.png", tmp_path, f"{width},2400")


@pytest.mark.slow
def test_review_pdf_holds_every_provision(site: Path) -> None:
    from pypdf import PdfReader

    page = site / SJ / "review.html"
    out = site / SJ / "review.pdf"
    print_pdf(page, out, chromium())
    assert out.read_bytes()[:5] == b"%PDF-"
    reader = PdfReader(out)
    assert len(reader.pages) >= 20
    text = "".join(p.extract_text() or "" for p in reader.pages)
    flat = re.sub(r"\W+", "", text)  # letters and digits: extraction moves spaces and commas
    checked = compile_policy(ROOT / "policies" / SJ).checked
    for measure in checked.policy.measures:
        for p in measure.provisions:
            assert re.sub(r"\W+", "", f"{p.id} {p.title}") in flat, p.id
    # the longest .pol line the review shows, printed whole (wrapped, not clipped)
    review = (DOCS / SJ / "review.md").read_text(encoding="utf-8")
    shown = [line for block in re.findall(r"```pol\n(.*?)```", review, re.S)
             for line in block.splitlines()]
    longest = max(shown, key=len)
    assert len(longest) > 60 and re.sub(r"\W+", "", html.unescape(longest)) in flat, longest
    # no line starts left of the page's margin (a print layout shifted left cut the first
    # characters off: 「1.1 示例」 printed as 「.1 示例」)
    assert min(_text_starts(reader.pages[:12])) >= 25
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "review-songjiang.pdf").write_bytes(out.read_bytes())


def _text_starts(pages: list) -> list[float]:
    """Where each run of text starts on its page, in points from the left edge."""
    starts: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            starts.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])
    for page in pages:
        page.extract_text(visitor_text=visit)
    return starts
