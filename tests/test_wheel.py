"""An installed wheel works on its own: the grammar travels inside the package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SONGJIANG


@pytest.mark.slow
def test_wheel_installs_in_a_clean_venv_and_checks_the_policy(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w",
                    str(dist), str(ROOT)], check=True, timeout=600)
    wheel = next(dist.glob("sjdsl-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = venv / "bin" / "pip"
    subprocess.run([str(pip), "install", "--quiet", "--disable-pip-version-check", str(wheel)],
                   check=True, timeout=600)
    work = tmp_path / "work"
    shutil.copytree(SONGJIANG, work / "songjiang")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([str(venv / "bin" / "sjdsl"), "check", "songjiang"], cwd=work,
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "29 provisions" in proc.stdout
    where = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import sjdsl, pathlib; print(pathlib.Path(sjdsl.__file__).parent)"],
                           cwd=work, capture_output=True, text=True, env=env, check=True)
    assert Path(where.stdout.strip(), "grammar", "sjdsl.lark").is_file()
    assert str(ROOT) not in where.stdout
