"""The built site in a real browser, used as an auditor uses it: headless Chromium renders a
provision page, types into the search box, follows the official text's anchors and links.

Outside CI, the tests are skipped (with the reason) when Chromium is not installed; in CI
(CI=true) they must run: .ci/run installs Debian's chromium first. Screenshots go to
test-output/ (gitignored).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser import Browser, browser, chromium, serve
from .conftest import ROOT

OUTPUT = ROOT / "test-output"
SENTENCE = "对新引进的智能终端产品（关键零部件）制造项目，按不超过项目固定资产投资额的15%给予补贴，最高3000万元。"
ZWSP = "\u200b"  # material's search joins jieba's segments with it; it renders as nothing


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chromium()
    folder = tmp_path_factory.mktemp("site") / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d",
                    str(folder)], cwd=ROOT, check=True, timeout=300)
    return folder


@pytest.fixture(scope="module")
def site(built: Path) -> Iterator[str]:
    with serve(built) as url:
        yield url


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Browser]:
    with browser(tmp_path / "profile") as b:
        yield b


def text_of(b: Browser, selector: str) -> str:
    return b.evaluate(f"document.querySelector({selector!r}).innerText").replace(ZWSP, "")


@pytest.mark.slow
def test_provision_page_renders_in_chromium(built: Path, page: Browser) -> None:
    # Opened from disk, as an auditor handed site/ would: pages link to page.html (offline).
    page.goto((built / "index.html").as_uri())
    page.evaluate("[...document.querySelectorAll('a')].find(a => a.getAttribute('href') === "
                  "'songjiang-terminal-2024/measure-01.html').click(), true")
    page.wait_for("location.pathname.endsWith('/songjiang-terminal-2024/measure-01.html') && "
                  "document.readyState === 'complete' && !!document.querySelector('article')")
    assert SENTENCE in text_of(page, "article")
    tables = page.evaluate("[...document.querySelectorAll('article table')].map(t => t.innerText)")
    assert any("上限（单项）" in t and "30,000,000.00" in t for t in tables), "parameter table"
    assert page.evaluate("!!document.querySelector('article mark') && "
                         "!!document.querySelector('article svg')")
    page.screenshot(OUTPUT / "songjiang-measure-01.png")


def search(b: Browser, site: str, query: str) -> list[str]:
    """The result links shown after typing ``query`` into the search box of the home page."""
    b.goto(site)
    b.evaluate("document.querySelector('.md-search__input').focus(), true")
    meta = "document.querySelector('.md-search-result__meta').innerText"
    b.wait_for(f"!/初始化/.test({meta})")  # the worker has loaded the index
    b.type(query)
    b.wait_for(f"/结果/.test({meta})")  # 「N 个符合条件的结果」 or 「没有找到符合条件的结果」
    time.sleep(0.3)  # the worker answers once per keystroke; let the last answer land
    return b.evaluate("[...document.querySelectorAll('.md-search-result__item a')]"
                      ".map(a => a.getAttribute('href'))")


@pytest.mark.slow
@pytest.mark.parametrize(("query", "where"), [
    ("固定资产投资", "songjiang-terminal-2024/measure-01.html"),  # segmented by jieba at build time
    ("1.1", "songjiang-terminal-2024/measure-01.html"),         # a provision id
    ("fixed_asset_investment", "songjiang-terminal-2024/measure-01.html"),  # an input's name
    ("2.1", "songjiang-terminal-2024/measure-02.html"),
])
def test_search_finds_the_page(site: str, page: Browser, query: str, where: str) -> None:
    links = search(page, site, query)
    assert any(where in link for link in links), f"{query}: {links[:8]}"
    if query == "固定资产投资":
        page.screenshot(OUTPUT / "search-chinese.png")


@pytest.mark.slow
def test_search_for_nonsense_finds_nothing(site: str, page: Browser) -> None:
    assert search(page, site, "zzqqxx") == []


@pytest.mark.slow
def test_official_text_anchors_and_number_links(site: str, page: Browser) -> None:
    # A line anchor from the fidelity report lands on that line, scrolled into view.
    page.goto(site + "songjiang-terminal-2024/fidelity.html")
    href = page.wait_for("[...document.querySelectorAll('article td a')]"
                         ".map(a => a.href).find(h => /official\\.html#L\\d+$/.test(h))")
    line = href.rsplit("#L", 1)[1]
    page.evaluate(f"document.querySelector('a[href$=\"#L{line}\"]').click(), true")
    page.wait_for(f"location.hash === '#L{line}' && !!document.getElementById('L{line}') "
                  "&& document.readyState === 'complete'")
    assert page.evaluate(f"(r => r.top >= 0 && r.top < innerHeight)(document.getElementById("
                         f"'L{line}').getBoundingClientRect())"), "the line is in view"
    page.screenshot(OUTPUT / "official-text-line.png")
    # The 15% of 1.1 links to provision 1.1 on the measure page.
    page.goto(site + "songjiang-terminal-2024/official.html")
    number = "[...document.querySelectorAll('span.num-encoded > a')].find(a => " \
             "a.innerText === '15%' && a.getAttribute('href').endsWith('#p-1-1'))"
    assert page.evaluate(f"!!({number})"), "15% is linked to 1.1"
    page.evaluate(f"({number}).click(), true")
    page.wait_for("location.pathname.endsWith('/measure-01.html') && location.hash === '#p-1-1' "
                  "&& !!document.getElementById('p-1-1') && document.readyState === 'complete'")
    heading = page.evaluate("(a => (a.closest('p') || a).nextElementSibling.innerText)"
                            "(document.getElementById('p-1-1'))")
    assert heading.startswith("1.1"), heading
    page.screenshot(OUTPUT / "official-number-to-provision.png")
    # and the provision links back to its line of the text.
    back = page.evaluate("[...document.querySelectorAll('article a')].map(a => a.href)"
                         ".find(h => /official\\.html#L\\d+$/.test(h))")
    assert back is not None
    page.goto(back)
    line = back.rsplit("#L", 1)[1]  # the anchor is the line number; its paragraph the line
    assert SENTENCE[:20] in text_of(page, f"p:has(> [id='L{line}'])").replace(" ", "")
