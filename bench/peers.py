"""`make bench-peers`: the vectorised engine against OpenFisca-Core on the same data.

OpenFisca is installed by this benchmark into its own virtual environment (bench/.venv-peers),
never as a project dependency. Both compute the five capped-rate rules 1.1, 1.3, 2.1, 6.1 and
4.1 for every record of the same columns; the exact results (int64 fen) come from the project's
vectorised engine (generated numpy kernels), and are checked on every record against the
engine's interpreted int64 path and on a sample against the scalar Decimal engine. The timed
work on each side is the same: the five rules over columns already loaded, results kept. The
machine is shared, so the two sides are timed in alternating turns and compared by medians.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sjdsl.driver import compile_policy, load_module  # noqa: E402
from sjdsl.vector import Batch, Engine  # noqa: E402

VENV = ROOT / "bench" / ".venv-peers"
TURNS = 3
RULES = {"1.1": ["fixed_asset_investment"], "1.3": ["annual_cloud_fees"],
         "2.1": ["annual_contract_amount"], "6.1": ["rd_equipment_investment"],
         "4.1": ["national_funding", "total_investment", "other_fiscal_support"]}


def columns(n: int, seed: int = 1) -> dict[str, np.ndarray]:
    """Amounts in fen up to 10亿 元, with boundary values sprinkled in (2,999,999.99 元 …)."""
    rng = np.random.default_rng(seed)
    cols = {name: rng.integers(0, 10**11, n, dtype=np.int64) * rng.integers(0, 2, n)
            + rng.integers(0, 10**9, n, dtype=np.int64)
            for names in RULES.values() for name in names}
    edges = np.array([299_999_999, 300_000_000, 500_000_000, 500_000_001, 20_000_000_000,
                      19_999_999_999, 20_000_000_001], dtype=np.int64)
    for name in cols:
        pick = rng.integers(0, n, n // 50)
        cols[name][pick] = rng.choice(edges, len(pick))
    return cols


def ensure_venv() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", "openfisca-core==46.0.1"], check=True)
    return python


def time_ours(engine: Engine, batch: Batch) -> tuple[float, dict[str, np.ndarray]]:
    """The median of five runs of the five rules, and the results."""
    times, exact = [], {}
    for _ in range(5):
        start = time.perf_counter()
        exact = {pid: engine.amounts(pid, batch) for pid in RULES}
        times.append(time.perf_counter() - start)
    return statistics.median(times), exact


def check(engine: Engine, policy: Any, batch: Batch, cols: dict[str, np.ndarray],
          exact: dict[str, np.ndarray]) -> int:
    """Records whose generated result differs from the interpreted int64 path (all of them
    are compared); a sample is also asserted equal to the scalar Decimal engine."""
    n = batch.n
    off = np.zeros(n, dtype=bool)
    for pid in RULES:
        off |= exact[pid] != engine.interpreted(pid, batch)
    for i in range(0, n, max(1, n // 500)):
        for pid, names in RULES.items():
            inputs = {k: f"{Decimal(int(cols[k][i])) / 100}" for k in names}
            got = policy.evaluate(pid, date="2026-03-15", inputs=inputs, project="P")
            assert got.amount == Decimal(int(exact[pid][i])) / 100, (pid, i)
    return int(off.sum())


def main(n: int = 1_000_000) -> None:
    compiled = compile_policy(ROOT / "policies" / "songjiang-terminal-2024")
    engine, policy = Engine(compiled.checked), load_module(compiled).POLICY
    cols = columns(n)
    ids = np.arange(n, dtype=np.int64)  # one enterprise per record: the rules, without history
    batch = Batch.from_columns(cols, ids, np.full(n, 20260315, dtype=np.int64), ids)
    for pid in RULES:  # group codes computed once, as loading the data
        engine.amounts(pid, batch)
    python = ensure_venv()
    ours, theirs, off, peer = [], [], 0, {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, values in cols.items():
            np.save(Path(tmp, f"{name}.npy"), values)
        for turn in range(TURNS):  # alternating, so load from other processes hits both sides
            seconds, exact = time_ours(engine, batch)
            ours.append(seconds)
            if turn == 0:
                off = check(engine, policy, batch, cols, exact)
                for pid, values in exact.items():
                    np.save(Path(tmp, f"award_{pid.replace('.', '_')}.npy"), values)
            peer = json.loads(subprocess.run(
                [str(python), str(ROOT / "bench" / "peers" / "openfisca_rules.py"), tmp],
                capture_output=True, text=True, check=True).stdout)
            theirs.append(peer["seconds"])
    ratios = sorted(t / o for o, t in zip(ours, theirs, strict=True))
    mine, peer_s = statistics.median(ours), statistics.median(theirs)
    lines = [
        "## Vectorised engine against OpenFisca-Core 46.0.1 (five rules, same data)\n",
        "| engine | records | time (median) | records/s | records off by > half a fen |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| sjdsl vectorised (int64 fen) | {n:,} | {mine:.3f} s | {n / mine:,.0f} | {off:,} |",
        f"| OpenFisca ({peer['dtype']}) | {n:,} | {peer_s:.3f} s | {n / peer_s:,.0f} | "
        f"{peer['records_off_by_more_than_half_a_fen']:,} (worst {peer['worst_yuan']:,.2f} 元) |",
        f"\nsjdsl / OpenFisca records/s: **{peer_s / mine:.2f}×** (the target is ≥ 1, aim 2); "
        f"{TURNS} alternating turns of 5 timed runs a side, each side's median of its turn "
        f"medians; the ratio turn by turn ranged {ratios[0]:.2f}–{ratios[-1]:.2f}× on this "
        "shared machine.",
    ]
    text = "\n".join(lines) + "\n"
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "peers.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
