"""The calculator page of `sjdsl serve` in headless Chromium: choose Songjiang and 1.1, type the
investment, press 计算, read the amount the page shows.

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``: JSON
messages ended by NUL on file descriptors 3 and 4), so no WebSocket library is needed. Skipped
outside CI when Chromium is missing, as tests/test_site_browser.py is.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from .browser import FLAGS, chromium
from .conftest import ROOT, SONGJIANG
from .test_serve import free_port, wait_healthy
from .test_site_browser import OUTPUT

S11 = "对新引进的智能终端产品（关键零部件）制造项目，按不超过项目固定资产投资额的15%给予补贴，最高3000万元。"


class DevTools:
    """A Chromium started with its DevTools protocol on a pipe, and one page attached."""

    def __init__(self, browser: str, profile: Path) -> None:
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def on_fds_3_and_4() -> None:  # in the child, before exec: the pipe ends as fds 3, 4
            read_end = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            write_end = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.process = subprocess.Popen(
            [browser, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe",
             "--window-size=1280,2000", "about:blank"],
            preexec_fn=on_fds_3_and_4, close_fds=False,  # noqa: PLW1509 - sets up fds 3, 4
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buffer, self.next_id, self.session = b"", 0, None
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"],
                                 flatten=True)["sessionId"]

    def call(self, method: str, **params: Any) -> Any:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if self.session is not None and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.next_id:
                assert "error" not in reply, reply["error"]
                return reply.get("result", {})

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_chrome, 1 << 16)
            assert chunk, "Chromium closed the DevTools pipe"
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def js(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True,
                           returnByValue=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def wait(self, expression: str, seconds: float = 60) -> Any:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"never true: {expression}")

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        os.close(self.to_chrome)
        os.close(self.from_chrome)


@pytest.mark.slow
def test_calculator_page_computes_provision_1_1_in_chromium(tmp_path: Path) -> None:
    browser = chromium()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "sjdsl.tools.cli", "serve", str(SONGJIANG.parent),
                               "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    tools = None
    try:
        wait_healthy(url, server)
        tools = DevTools(browser, tmp_path / "profile")
        tools.call("Page.navigate", url=url + "/")
        tools.wait("document.body && document.body.dataset.ready === 'true'")
        # choose the policy and the provision as a user does: the select's value, then change
        tools.js("""(async () => {
            const policy = document.getElementById('policy');
            policy.value = 'songjiang-terminal-2024';
            policy.dispatchEvent(new Event('change'));
        })()""")
        tools.wait("[...document.getElementById('provision').options]"
                   ".some(o => o.value === '1.1')")
        tools.js("""(() => {
            const provision = document.getElementById('provision');
            provision.value = '1.1';
            provision.dispatchEvent(new Event('change'));
            document.getElementById('date').value = '2026-03-15';
        })()""")
        assert S11 in tools.js("document.getElementById('official').textContent")
        # type the amount into the field the catalogue built, then press the button
        tools.js("document.getElementById('in-fixed_asset_investment').focus()")
        tools.call("Input.insertText", text="250000000")
        assert tools.js("document.getElementById('in-fixed_asset_investment').value") == \
            "250000000"
        tools.js("document.getElementById('submit').click()")
        amount = tools.wait("(document.querySelector('.result .amount') || {}).textContent")
        # 15% × 250,000,000 = 37,500,000, above 「最高3000万元」: 30,000,000.00
        assert amount == "30000000.00"
        answer = tools.js("document.getElementById('answer').textContent")
        assert "21000000.00" in answer and "9000000.00" in answer  # A.2 7:3
        assert "上限 3000万元" in answer and S11 in answer  # the trace and the sentence
        # 全部条款匹配: the same fact, by its official term, against every provision
        tools.js("""(() => {
            const provision = document.getElementById('provision');
            provision.value = '__match__';
            provision.dispatchEvent(new Event('change'));
        })()""")
        tools.js("document.getElementById('in-项目固定资产投资额').focus()")
        tools.call("Input.insertText", text="100000000")
        tools.js("document.getElementById('submit').click()")
        total = tools.wait("document.getElementById('answer').textContent.includes('合计') && "
                           "document.querySelector('#answer .amount').textContent")
        assert total == "15000000.00"  # 1.1 alone: 15% × 100,000,000, under 3000 万元
        OUTPUT.mkdir(exist_ok=True)
        shot = tools.call("Page.captureScreenshot", format="png")["data"]
        (OUTPUT / "calculator-1.1.png").write_bytes(base64.b64decode(shot))
    finally:
        if tools is not None:
            tools.close()
        server.terminate()
        server.wait(timeout=30)
