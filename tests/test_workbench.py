"""The drafter's tools: `sjdsl fmt` (one canonical layout) and `sjdsl init` (a skeleton)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sjdsl.language.parse import parse_file
from sjdsl.tools.cli import main
from sjdsl.tools.fmt import format_text

from .conftest import ROOT, SONGJIANG

MESSY = """政策 p 「t」   # the header
    原文文件 「official.txt」

\t
措施 1 m
      责任单位 区经委
      # a comment about 1.1
      条款 1.1 t
            原文 「按不超过投资额的15%给予补贴，最高3000 万元」
            输入 投资额 investment 金额
            补贴 按   不超过 投资额 的 15 %
            最高 3000 万元
            配套 按 投资额 的 1： 0.5 配套
"""


def test_messy_layout_becomes_canonical_and_keeps_comments() -> None:
    text = format_text(MESSY)
    assert text.splitlines() == [
        "政策 p 「t」  # the header",
        "  原文文件 「official.txt」",
        "",
        "措施 1 m",
        "  责任单位 区经委",
        "  # a comment about 1.1",
        "  条款 1.1 t",
        "    原文 「按不超过投资额的15%给予补贴，最高3000 万元」",  # quoted text untouched
        "    输入 投资额 investment 金额",
        "    补贴 按 不超过 投资额 的 15%",
        "    最高 3000万元",
        "    配套 按 投资额 的 1:0.5 配套",
    ]
    assert parse_file(text, "t.pol") == parse_file(MESSY, "t.pol")


def test_formatting_is_idempotent_on_every_policy_file() -> None:
    for path in sorted((ROOT / "policies").rglob("*.pol")):
        text = path.read_text(encoding="utf-8")
        assert format_text(format_text(text)) == format_text(text), path
        assert format_text(text) == text, f"{path} is not formatted: run sjdsl fmt policies"


def test_fmt_check_and_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "p.pol"
    file.write_text(MESSY, encoding="utf-8")
    assert main(["fmt", "--check", str(tmp_path)]) == 1
    assert "would reformat" in capsys.readouterr().out
    assert file.read_text(encoding="utf-8") == MESSY, "--check changes nothing"
    assert main(["fmt", str(file)]) == 0
    assert main(["fmt", "--check", str(file)]) == 0


def test_fmt_refuses_a_file_that_does_not_parse(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "bad.pol"
    file.write_text("政策 p 「t」\n  原文文件\n", encoding="utf-8")
    assert main(["fmt", str(file)]) == 1
    assert "error[E001]" in capsys.readouterr().err
    assert file.read_text(encoding="utf-8") == "政策 p 「t」\n  原文文件\n"


# `sjdsl init` on the real texts, .docx input and hostile input: tests/test_init.py.


def test_init_overwrites_nothing(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    assert main(["init", str(tmp_path), "--official", str(SONGJIANG / "official.txt")]) == 1
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"
    shutil.rmtree(tmp_path)
