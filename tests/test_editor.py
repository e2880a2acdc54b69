"""sjdsl/tools/editor.py, the language server's logic, without the protocol: which folder a file is
checked in, the word under the cursor, and checks of texts that are no policy."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from sjdsl.tools import editor
from sjdsl.tools.fmt import format_checked

from .conftest import ROOT


def test_the_word_under_the_cursor() -> None:
    line = "  单个企业最高 500万元 合计 6.1、6.2  # 「注」"
    assert editor.word_at(line, line.index("6.2")) == ("6.2", line.index("6.2"), line.index("6.2") + 3)
    assert editor.word_at(line, line.index("6.1") + 3)[0] == "6.1"  # just after the word
    assert editor.word_at(line, line.index("企业"))[0] == "单个企业最高"
    assert editor.word_at("  原文 「最高3000万元。」", 8)[0] == "「最高3000万元。」"
    assert editor.word_at("    ", 2) is None
    huge = "啊" * 1_000_000
    assert editor.word_at(huge, 500_000) is None or len(editor.word_at(huge, 500_000)[0]) <= 800


def test_an_amendment_file_is_checked_with_its_policy(tmp_path: Path) -> None:
    policy = tmp_path / "p"
    (policy / "amendments" / "2025-x").mkdir(parents=True)
    (policy / "policy.pol").write_text("", encoding="utf-8")
    assert editor.policy_folder(policy / "amendments" / "2025-x" / "a.pol") == policy
    assert editor.policy_folder(policy / "policy.pol") == policy
    assert editor.policy_folder(tmp_path / "loose.pol") == tmp_path


def test_a_folder_without_a_policy_header_is_a_diagnostic(tmp_path: Path) -> None:
    file = tmp_path / "x.pol"
    file.write_text("# nothing yet\n", encoding="utf-8")
    outcome = editor.check_folder(tmp_path, {}, str(file))
    [found] = outcome.diagnostics[editor.key(file)]
    assert found.code == "E010" and outcome.checked is None


def test_the_editor_text_wins_over_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    shutil.copytree(ROOT / "policies" / "songjiang-terminal-2024", folder)
    file = folder / "m01-m03.pol"
    assert editor.check_folder(folder, {}, str(file)).checked is not None
    text = file.read_text(encoding="utf-8").replace("最高 3000万元", "最高 3001万元", 1)
    outcome = editor.check_folder(folder, {editor.key(file): text}, str(file))
    assert [d.code for d in outcome.diagnostics[editor.key(file)]] == ["E014"]
    assert file.read_text(encoding="utf-8").count("最高 3001万元") == 0  # nothing written


def test_an_editor_text_over_the_size_limit_is_e019(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    file = folder / "policy.pol"
    file.write_text("", encoding="utf-8")
    text = "# " + "啊" * (editor.MAX_POL_BYTES // 3 + 10)  # three bytes each in UTF-8
    outcome = editor.check_folder(folder, {editor.key(file): text}, str(file))
    assert [d.code for d in outcome.diagnostics[editor.key(file)]] == ["E019"]


def test_formatting_refuses_a_text_that_does_not_parse() -> None:
    from sjdsl.language.diagnostics import CompileError

    with pytest.raises(CompileError):
        format_checked("条款 「未闭合\n", "x.pol")


def test_markdown_from_user_text_is_inert() -> None:
    assert editor.md("[a](javascript:x) <b>*c*</b> | d") == \
        "\\[a\\]\\(javascript:x\\) \\<b\\>\\*c\\*\\</b\\> \\| d"


def test_lsp_without_pygls_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from sjdsl.tools.cli import main

    for module in ("pygls", "lsprotocol", "sjdsl.tools.lsp"):
        monkeypatch.setitem(sys.modules, module, None)
    monkeypatch.delitem(sys.modules, "sjdsl.tools.lsp")
    assert main(["lsp"]) == 2
    assert "pip install 'sjdsl[lsp]'" in capsys.readouterr().err


def test_a_message_quoting_a_long_word_is_searched_for_places_in_linear_time() -> None:
    """The file:line search over a message stays linear (a lazy unbounded pattern took minutes on
    a 600 KB word, with the language server waiting); a path of 260 characters is still found."""
    long = "x" * 600_000 + ":12"
    assert [m.group(2) for m in editor._LOCATION.finditer(long)] == ["12"]
    assert editor._LOCATION.search("at " + "d/" * 120 + "a.pol:3:4 ,").group(3) == "4"
