"""Every monetary provision of 甘政发〔2019〕11号 against cases worked out by hand from its text.

The cases live in ``hand_cases/ganjingzi_cases.py``; each quotes its official sentence and shows
the arithmetic, written from the text and the readings in the policy's README.
"""

from __future__ import annotations

from typing import Any

import pytest

from sjdsl import load_policy
from sjdsl.runtime.compiled import CompiledPolicy
from sjdsl.tools.cli import _answer

from .conftest import ROOT
from .hand_cases.ganjingzi_cases import BAD_REQUESTS, CASES

GANJINGZI = ROOT / "policies" / "ganjingzi-hq-economy-2019"
OFFICIAL = (GANJINGZI / "official.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ganjingzi() -> CompiledPolicy:
    return load_policy(GANJINGZI)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_hand_worked_case(case: dict[str, Any], ganjingzi: CompiledPolicy) -> None:
    assert case["sentence"] in OFFICIAL, "the case must quote the official text"
    result = ganjingzi.evaluate_json(case["request"])
    assert "error" not in result, result.get("error")
    got = {key: result.get(key) for key in case["expect"]}
    assert got == case["expect"], f"{case['working']}\ntrace: {result['trace']}\n" \
                                  f"reasons: {result['reasons']}"


@pytest.mark.parametrize("case", BAD_REQUESTS, ids=[c["id"] for c in BAD_REQUESTS])
def test_bad_request(case: dict[str, Any], ganjingzi: CompiledPolicy) -> None:
    result = _answer(ganjingzi, case["line"], 1)
    assert "error" in result, f"expected an error line, got {result}"
    assert case["field"].lower() in result["error"].lower()


def test_every_provision_has_cases(ganjingzi: CompiledPolicy) -> None:
    covered = {c["request"]["provision"] for c in CASES}
    assert covered >= set(ganjingzi.provisions)
