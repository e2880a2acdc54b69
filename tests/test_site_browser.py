"""The built site in a real browser: headless Chromium renders a provision page.

Outside CI, the test is skipped (with the reason) when Chromium is not installed; in CI
(CI=true) it must run: .ci/run installs Debian's chromium first.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

OUTPUT = ROOT / "test-output"
SENTENCE = "对新引进的智能终端产品（关键零部件）制造项目，按不超过项目固定资产投资额的15%给予补贴，最高3000万元。"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the browser test: install Debian's chromium (.ci/run does)")
        pytest.skip("Chromium is not installed (apt-get install chromium); CI runs this test")
    return found


@pytest.mark.slow
def test_provision_page_renders_in_chromium(tmp_path: Path) -> None:
    browser = chromium()
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d",
                    str(site)], cwd=ROOT, check=True, timeout=300)
    url = (site / "songjiang-terminal-2024" / "measure-01" / "index.html").as_uri()
    profile = ["--user-data-dir=" + str(tmp_path / "profile")]
    dom = subprocess.run([browser, *FLAGS, *profile, "--dump-dom", url], capture_output=True,
                         text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    text = html.unescape(re.sub(r"<[^>]+>", "", dom.stdout))
    assert SENTENCE in text, "the official sentence is rendered"
    tables = re.findall(r"<table>.*?</table>", dom.stdout, re.S)
    assert any("上限（单项）" in t and "30,000,000.00" in t for t in tables), "parameter table"
    assert "<mark>" in dom.stdout and "<svg" in dom.stdout
    OUTPUT.mkdir(exist_ok=True)
    shot = OUTPUT / "songjiang-measure-01.png"
    subprocess.run([browser, *FLAGS, *profile, "--window-size=1280,2000",
                    f"--screenshot={shot}", url], capture_output=True, timeout=120, check=True)
    assert shot.stat().st_size > 10_000
