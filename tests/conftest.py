"""Shared fixtures: the repository root, the compiled Songjiang policy, the golden switch."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from sjdsl import CompiledPolicy, load_policy

ROOT = Path(__file__).resolve().parent.parent
SONGJIANG = ROOT / "policies" / "songjiang-terminal-2024"

# `sjdsl eval` keeps compiled modules in a cache (sjdsl/language/cache.py): the tests use their own.
os.environ["SJDSL_CACHE_DIR"] = tempfile.mkdtemp(prefix="sjdsl-test-cache-")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the expected outputs of golden cases from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def songjiang() -> CompiledPolicy:
    return load_policy(SONGJIANG)
