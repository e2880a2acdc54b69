"""`sjdsl lsp` in a real client session: the server started as a subprocess, spoken to in JSON-RPC
over its standard input and output as an editor does (initialize, didOpen, publishDiagnostics,
hover, definition, completion, formatting, shutdown, exit).

The policy is written here, with a short official text of its own, so that every expected value
can be read off the sentences below: 15% and 最高 3000万元 = 30,000,000.00 元.
"""

from __future__ import annotations

import io
import json
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls")

OFFICIAL = """测试区制造业扶持办法
一、对新引进的制造项目，按不超过项目固定资产投资额的15%给予补贴，最高3000万元。
二、对制造项目年度产值增量，给予增量的1%奖励，最高100万元。
三、本办法第一条与第二条的扶持不得重复享受。
"""

POLICY = """政策 test-manufacturing 「测试区制造业扶持办法」
  原文文件 「official.txt」

措施 1 制造项目
  不得重复享受 1.1、1.2
    原文 「本办法第一条与第二条的扶持不得重复享受。」

  条款 1.1 制造项目补贴
    原文 「对新引进的制造项目，按不超过项目固定资产投资额的15%给予补贴，最高3000万元。」
    输入 项目固定资产投资额 fixed_asset_investment 金额
    补贴 按 不超过 项目固定资产投资额 的 15%
    最高 3000万元

  条款 1.2 产值增量奖励
    原文 「对制造项目年度产值增量，给予增量的1%奖励，最高100万元。」
    输入 本年产值 output_this_year 金额
    输入 上年产值 output_last_year 金额
    定义 产值增量 = 本年产值 - 上年产值
    奖励 = 产值增量 × 1%
    最高 100万元
"""
#: 0-based line numbers in POLICY
LINE = {text.strip(): i for i, text in enumerate(POLICY.splitlines())}
#: 3001万元 is in no cited sentence: E014
WRONG = POLICY.replace("最高 3000万元", "最高 3001万元")
TIMEOUT = 60.0


def _server_command() -> list[str]:
    script = Path(sys.executable).with_name("sjdsl")
    if script.is_file():
        return [str(script), "lsp"]
    return [sys.executable, "-c", "import sys; from sjdsl.tools.cli import main; sys.exit(main(['lsp']))"]


class Client:
    """A minimal LSP client: Content-Length framed JSON-RPC over the server's stdio."""

    def __init__(self, log: Path) -> None:
        self.stderr = log.open("wb")
        self.proc = subprocess.Popen(_server_command(), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.stderr)
        self.inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.notes: list[dict[str, Any]] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        stream = self.proc.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.inbox.put(None)
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None
            self.inbox.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def _next(self, deadline: float) -> dict[str, Any]:
        try:
            message = self.inbox.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise AssertionError("the server did not answer in time") from None
        assert message is not None, "the server closed its output"
        if "id" in message and "method" in message:  # a request from the server
            self.send({"id": message["id"], "result": None})
        return message

    def request(self, method: str, params: dict[str, Any] | None) -> Any:
        self.next_id += 1
        ident = self.next_id
        self.send({"id": ident, "method": method, "params": params})
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self._next(deadline)
            if message.get("id") == ident and "method" not in message:
                assert "error" not in message, message["error"]
                return message.get("result")
            if "method" in message:
                self.notes.append(message)

    def wait(self, method: str, match: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """The first notification (already received or coming) that matches."""
        for note in self.notes:
            if note["method"] == method and match(note["params"]):
                self.notes.remove(note)
                return note["params"]
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self._next(deadline)
            if message.get("method") == method and match(message["params"]):
                return message["params"]
            if "method" in message:
                self.notes.append(message)

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        """The next diagnostics published for a document."""
        return self.wait("textDocument/publishDiagnostics",
                         lambda p: p["uri"] == uri)["diagnostics"]  # type: ignore[no-any-return]

    def close(self) -> int:
        self.request("shutdown", None)
        self.notify("exit", {})
        code = self.proc.wait(timeout=TIMEOUT)
        self.stderr.close()
        failures = [n for n in self.notes if n["method"] in ("window/showMessage",
                                                             "window/logMessage")
                    and n["params"]["type"] == 1]  # 1: Error
        assert not failures, failures
        log = Path(self.stderr.name).read_text(encoding="utf-8", errors="replace")
        assert "Traceback" not in log and "ERROR" not in log, log
        return code


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    policy = tmp_path / "p"
    policy.mkdir()
    (policy / "official.txt").write_text(OFFICIAL, encoding="utf-8")
    (policy / "policy.pol").write_text(POLICY, encoding="utf-8")
    return policy


@pytest.fixture
def client(tmp_path: Path) -> Iterator[Client]:
    session = Client(tmp_path / "server.log")
    result = session.request("initialize", {"processId": None, "rootUri": None,
                                            "capabilities": {}})
    capabilities = result["capabilities"]
    for feature in ("hoverProvider", "definitionProvider", "completionProvider",
                    "documentFormattingProvider", "textDocumentSync"):
        assert capabilities.get(feature), feature
    session.notify("initialized", {})
    yield session
    if session.proc.poll() is None:
        session.proc.kill()
        session.proc.wait()


def _open(client: Client, path: Path, text: str, uri: str | None = None) -> str:
    uri = uri or path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "sjdsl", "version": 1, "text": text}})
    return uri


def _at(line: str, word: str, offset: int = 1) -> dict[str, int]:
    """The position inside ``word`` on one of POLICY's lines."""
    return {"line": LINE[line], "character": POLICY.splitlines()[LINE[line]].index(word) + offset}


def _check_message(folder: Path, text: str) -> str:
    """What `sjdsl check` prints for the policy with ``text`` saved as its file."""
    from sjdsl.tools.cli import main

    copy = folder.parent / "saved"
    shutil.copytree(folder, copy)
    (copy / "policy.pol").write_text(text, encoding="utf-8")
    err = io.StringIO()
    with redirect_stderr(err):
        assert main(["check", str(copy)]) == 1
    return err.getvalue()


def test_a_session(client: Client, folder: Path) -> None:
    uri = _open(client, folder / "policy.pol", WRONG)  # the unsaved text, not the file on disk
    found = client.diagnostics(uri)
    assert [(d["code"], d["severity"], d["range"]["start"]["line"]) for d in found] == \
        [("E014", 1, LINE["最高 3000万元"])]
    diag = found[0]
    assert diag["range"]["start"]["character"] == 7  # after 4 spaces and 最高 and a space
    message = diag["message"].split("\nhelp: ")[0]
    assert "'3001万元' of 1.1" in message
    assert message in _check_message(folder, WRONG)  # the same words as `sjdsl check`
    related = {(r["location"]["uri"].rsplit("/", 1)[1], r["location"]["range"]["start"]["line"])
               for r in diag["relatedInformation"]}
    assert ("policy.pol", LINE["条款 1.1 制造项目补贴"] + 1) in related  # the cited sentence
    assert ("official.txt", 1) in related  # and where it stands in the official text

    # typing the right number clears it, once typing pauses
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"range": {"start": {"line": LINE["最高 3000万元"], "character": 10},
                                      "end": {"line": LINE["最高 3000万元"], "character": 11}},
                            "text": "0"}]})
    assert client.diagnostics(uri) == []

    # hover on a provision id: the official sentence, the re-rendered one and the parameters
    shown = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                  "position": _at("不得重复享受 1.1、1.2", "1.1")})
    text = shown["contents"]["value"]
    assert "条款 1.1 制造项目补贴" in text
    assert "按不超过项目固定资产投资额的15%给予补贴，最高3000万元。" in text  # 原文
    assert "最高3,000万元" in text  # re-rendered from the compiled provision
    assert "30,000,000.00" in text and "0.15" in text  # its parameters in 元 and as a ratio
    # hover on a clause inside a provision: that provision
    shown = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                  "position": _at("最高 100万元", "最高")})
    assert "条款 1.2 产值增量奖励" in shown["contents"]["value"]

    # go to definition: an input, a 定义, a provision id
    def target(line: str, word: str) -> tuple[str, int]:
        found = client.request("textDocument/definition", {"textDocument": {"uri": uri},
                                                           "position": _at(line, word)})
        assert found is not None, (line, word)
        return found["uri"], found["range"]["start"]["line"]

    assert target("补贴 按 不超过 项目固定资产投资额 的 15%", "项目固定资产投资额") == \
        (uri, LINE["输入 项目固定资产投资额 fixed_asset_investment 金额"])
    assert target("奖励 = 产值增量 × 1%", "产值增量") == (uri, LINE["定义 产值增量 = 本年产值 - 上年产值"])
    assert target("定义 产值增量 = 本年产值 - 上年产值", "上年产值") == \
        (uri, LINE["输入 上年产值 output_last_year 金额"])
    assert target("不得重复享受 1.1、1.2", "1.2") == (uri, LINE["条款 1.2 产值增量奖励"])

    # completion: keywords in Chinese and English, the names in scope, the provision ids
    items = client.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                       "position": _at("最高 100万元", "最高", 0)})
    labels = {item["label"] for item in items["items"]}
    assert {"条款", "provision", "取较小", "least_of", "本年产值", "output_this_year", "产值增量",
            "1.1", "1.2"} <= labels

    # the official text changed on disk: the cited sentence is no longer in it (E009)
    official = folder / "official.txt"
    official.write_text(OFFICIAL.replace("最高3000万元", "最高2000万元"), encoding="utf-8")
    client.notify("workspace/didChangeWatchedFiles", {"changes": [
        {"uri": official.as_uri(), "type": 2}]})
    assert "E009" in {d["code"] for d in client.diagnostics(uri)}

    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert client.close() == 0


def test_formatting(client: Client, folder: Path) -> None:
    # four spaces a level, spaces inside a number and its unit, three blank lines in a row
    untidy = "".join(" " * (len(line) - len(line.lstrip(" "))) + line
                     for line in POLICY.splitlines(True))
    untidy = untidy.replace("最高 3000万元", "最高   3000 万元").replace("\n\n", "\n\n\n\n")
    uri = _open(client, folder / "policy.pol", untidy)
    edits = client.request("textDocument/formatting", {
        "textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}})
    assert len(edits) == 1
    assert edits[0]["newText"] == POLICY  # the canonical layout is the one POLICY is written in
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": POLICY}]})
    assert client.request("textDocument/formatting", {
        "textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}}) == []
    broken = _open(client, folder / "other.pol", "条款 1.1 「未闭合\n")
    assert client.request("textDocument/formatting", {
        "textDocument": {"uri": broken}, "options": {"tabSize": 2, "insertSpaces": True}}) is None
    assert client.close() == 0


GARBAGE = [
    "",
    "\x00\x01\x02 政策 「",
    "政策 x 「t」\n  原文文件 「../../../../../../etc/passwd」\n",
    "措施 1 「" + "啊" * 200_000,  # one huge line
    "((((((((((" * 2_000,
    "条款 1.1 t\n    补贴 = " + "(" * 3_000 + "1" + ")" * 3_000 + "\n",
    "\ud800 lone surrogate 「」\t\t\u3000 条款",
    "🎉🎉 政策 emoji-名 「🎉」\n  原文文件 「official.txt」\n",
]


def test_hostile_input_never_stops_the_server(client: Client, tmp_path: Path,
                                              folder: Path) -> None:
    loose = tmp_path / "loose"
    loose.mkdir()
    for number, text in enumerate(GARBAGE):
        # a file outside any policy folder, an unsaved buffer, and a file in a policy folder
        for uri, path in ((None, loose / f"g{number}.pol"), (f"untitled:Untitled-{number}", None),
                          (None, folder / "policy.pol")):
            if path is not None and path.parent == loose:
                path.write_text(text, encoding="utf-8", errors="surrogatepass")
            uri = _open(client, path or loose, text, uri=uri)
            found = client.diagnostics(uri)
            assert all(d["code"] != "internal" for d in found), found
            for method, extra in (("textDocument/hover", {}), ("textDocument/definition", {}),
                                  ("textDocument/completion", {}),
                                  ("textDocument/formatting", {"options": {
                                      "tabSize": 2, "insertSpaces": True}})):
                position = {"position": {"line": 0, "character": 5}} if "options" not in extra \
                    else {}
                client.request(method, {"textDocument": {"uri": uri}, **position, **extra})
            client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                  "position": {"line": 99, "character": 99}})
            client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert client.close() == 0
