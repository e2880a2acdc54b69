"""The policies of issues 12 and 13 against cases worked out by hand from their texts.

《甘井子区促进融资租赁行业发展扶持办法》 (policies/ganjingzi-financial-leasing),
《甘井子区鼓励外贸及跨境电子商务发展扶持资金暂行办法》 (policies/ganjingzi-foreign-trade-ecommerce),
《甘井子区企业挂牌上市补贴专项资金管理办法》 (policies/ganjingzi-listing-subsidy) and
《大连市跨境电子商务扶持资金管理暂行规定》 (policies/dalian-cross-border-ecommerce).
The cases live in ``hand_cases/ganjingzi_{leasing,trade,listing}_cases.py`` and
``hand_cases/dalian_ecommerce_cases.py``;
each quotes its official sentence and shows the arithmetic, written from the text and the readings in the
policy's README before any encoding existed. The evaluation tests fail until both policies are encoded.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from sjdsl import load_policy
from sjdsl.runtime.compiled import CompiledPolicy
from sjdsl.tools.cli import _answer

from .conftest import ROOT
from .hand_cases import (
    dalian_ecommerce_cases,
    ganjingzi_leasing_cases,
    ganjingzi_listing_cases,
    ganjingzi_trade_cases,
)

LEASING = ROOT / "policies" / "ganjingzi-financial-leasing"
TRADE = ROOT / "policies" / "ganjingzi-foreign-trade-ecommerce"
LISTING = ROOT / "policies" / "ganjingzi-listing-subsidy"
DALIAN = ROOT / "policies" / "dalian-cross-border-ecommerce"
SUITES: dict[str, tuple[Path, ModuleType]] = {
    "leasing": (LEASING, ganjingzi_leasing_cases),
    "trade": (TRADE, ganjingzi_trade_cases),
    "listing": (LISTING, ganjingzi_listing_cases),
    "dalian": (DALIAN, dalian_ecommerce_cases),
}


def _official(folder: Path) -> str:
    return (folder / "official.txt").read_text(encoding="utf-8")


def _params(attribute: str) -> list[Any]:
    return [pytest.param(name, case, id=f"{name}-{case['id']}")
            for name, (_folder, module) in SUITES.items() for case in getattr(module, attribute)]


@pytest.fixture(scope="module")
def policies() -> dict[str, CompiledPolicy]:
    return {}


def _policy(policies: dict[str, CompiledPolicy], name: str) -> CompiledPolicy:
    if name not in policies:
        policies[name] = load_policy(SUITES[name][0])
    return policies[name]


@pytest.mark.parametrize("name", sorted(SUITES))
def test_sentences_are_verbatim(name: str) -> None:
    folder, module = SUITES[name]
    official = _official(folder)
    sentences = {key: value for key, value in vars(module).items()
                 if key.startswith("_S") and isinstance(value, str)}
    assert sentences, "the case module must quote the official text"
    missing = sorted(key for key, value in sentences.items() if value not in official)
    assert not missing, f"not substrings of {folder.name}/official.txt: {missing}"
    assert all(case["sentence"] in sentences.values() for case in module.CASES)


@pytest.mark.parametrize("name", sorted(SUITES))
def test_case_ids_are_unique(name: str) -> None:
    ids = [case["id"] for case in SUITES[name][1].CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("name", "case"), _params("CASES"))
def test_hand_worked_case(name: str, case: dict[str, Any], policies: dict[str, CompiledPolicy]) -> None:
    assert case["sentence"] in _official(SUITES[name][0]), "the case must quote the official text"
    result = _policy(policies, name).evaluate_json(case["request"])
    assert "error" not in result, result.get("error")
    got = {key: result.get(key) for key in case["expect"]}
    assert got == case["expect"], f"{case['working']}\ntrace: {result.get('trace')}\n" \
                                  f"reasons: {result.get('reasons')}"


@pytest.mark.parametrize(("name", "case"), _params("BAD_REQUESTS"))
def test_bad_request(name: str, case: dict[str, Any], policies: dict[str, CompiledPolicy]) -> None:
    result = _answer(_policy(policies, name), case["line"], 1)
    assert "error" in result, f"expected an error line, got {result}"
    assert case["field"].lower() in result["error"].lower()


@pytest.mark.parametrize("name", sorted(SUITES))
def test_every_provision_has_cases(name: str, policies: dict[str, CompiledPolicy]) -> None:
    covered = {case["request"]["provision"] for case in SUITES[name][1].CASES}
    assert covered >= set(_policy(policies, name).provisions)
