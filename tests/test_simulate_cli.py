"""sjdsl synth and simulate from the command line: deterministic data, every report format."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from sjdsl.tools.cli import main

from .conftest import ROOT, SONGJIANG

SAMPLE = ROOT / "tests" / "amendments" / "sample-2027"


@pytest.fixture(scope="module")
def apps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["synth", "--policy", str(SONGJIANG), "--n", "300", "--seed", "3"]) == 0
    path = tmp_path_factory.mktemp("sim") / "apps.jsonl"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_synth_is_deterministic_and_dated_in_order(apps: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", "--policy", str(SONGJIANG), "--n", "300", "--seed", "3"]) == 0
    assert capsys.readouterr().out == apps.read_text(encoding="utf-8")
    dates = [json.loads(line)["date"] for line in apps.read_text("utf-8").splitlines()]
    assert dates == sorted(dates) and len(dates) == 300


def test_simulate_json_with_an_amendment(apps: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", str(SONGJIANG), str(apps), "--format", "json", "--amend",
                 str(SAMPLE)]) == 0
    report = json.loads(capsys.readouterr().out)
    before, after = report["before"]["total"], report["after"]["total"]
    assert Decimal(report["difference"]["total"]) == \
        Decimal(after["amount"]) - Decimal(before["amount"])
    assert Decimal(before["district_share"]) + Decimal(before["town_share"]) == \
        Decimal(before["amount"])
    years = report["before"]["by_year"]
    assert sum(Decimal(y["amount"]) for y in years.values()) == Decimal(before["amount"])


@pytest.mark.parametrize("form,marker", [("markdown", "| **合计** |"), ("html", "<svg"),
                                         ("table", "合计")])
def test_simulate_formats(apps: Path, form: str, marker: str, tmp_path: Path) -> None:
    out = tmp_path / f"report.{form}"
    assert main(["simulate", str(SONGJIANG), str(apps), "--format", form, "--out",
                 str(out)]) == 0
    assert marker in out.read_text(encoding="utf-8")


def test_report_titles_are_escaped() -> None:
    from sjdsl.tools.simulate import Report, markdown

    title = "<script>x</script> [a](javascript:alert(1))"
    md = markdown(Report(), title)
    assert "<script>" not in md and "](javascript" not in md
    page = markdown(Report(), title, html_page=True)
    assert "<script>x" not in page and "&lt;script&gt;" in page
