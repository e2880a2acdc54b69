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

from sjdsl.backends.vector import Batch, Engine  # noqa: E402
from sjdsl.tools.driver import compile_policy, load_module  # noqa: E402

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


def time_ours(engine: Engine, batch: Batch, reuse: bool = True
              ) -> tuple[float, dict[str, np.ndarray]]:
    """The median of five runs of the five rules, and the results: written into buffers the
    caller keeps from batch to batch (``reuse``), or into fresh arrays each run."""
    times, exact = [], {}
    buffers = {pid: np.empty(batch.n, dtype=np.int64) for pid in RULES}
    for _ in range(5):
        start = time.perf_counter()
        exact = {pid: engine.amounts(pid, batch, out=buffers[pid] if reuse else None)
                 for pid in RULES}
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


def machine() -> str:
    """What the figures were measured on: they differ between machines (docs/performance.md)."""
    import os
    import platform

    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
                if line.startswith("model name")), platform.processor() or "unknown") \
        if Path("/proc/cpuinfo").exists() else platform.processor() or "unknown"
    try:
        import numba
        jit = f"numba {numba.__version__}"
    except ImportError:
        jit = "numba not installed (numpy block kernels)"
    threads = ", ".join(f"{k}={os.environ[k]}" for k in ("OMP_NUM_THREADS", "NUMBA_NUM_THREADS",
                                                          "SJDSL_JIT") if k in os.environ)
    return (f"Machine: {cpu}, {os.cpu_count()} CPUs; Python {platform.python_version()}, "
            f"numpy {np.__version__}, {jit}; thread settings: {threads or 'defaults'} "
            "(the kernels run on one thread).")


def peak_mib(children: bool = False) -> float:
    import resource

    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def run_peer(python: Path, cols: dict[str, np.ndarray], exact: dict[str, np.ndarray]
             ) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        for name, values in cols.items():
            np.save(Path(tmp, f"{name}.npy"), values)
        for pid, values in exact.items():
            np.save(Path(tmp, f"award_{pid.replace('.', '_')}.npy"), values)
        return json.loads(subprocess.run(
            [str(python), str(ROOT / "bench" / "peers" / "openfisca_rules.py"), tmp],
            capture_output=True, text=True, check=True).stdout)


def batch_of(cols: dict[str, np.ndarray]) -> Batch:
    n = len(next(iter(cols.values())))
    ids = np.arange(n, dtype=np.int64)  # one enterprise per record: the rules, without history
    return Batch.from_columns(cols, ids, np.full(n, 20260315, dtype=np.int64), ids)


def main(n: int = 1_000_000, big: int = 10_000_000) -> None:
    compiled = compile_policy(ROOT / "policies" / "songjiang-terminal-2024")
    engine, policy = Engine(compiled.checked), load_module(compiled).POLICY
    cols = columns(n)
    batch = batch_of(cols)
    for pid in RULES:  # group codes computed (and kernels compiled) once, as loading the data
        engine.amounts(pid, batch)
    python = ensure_venv()
    ours, fresh, theirs, off, peer = [], [], [], 0, {}
    for turn in range(TURNS):  # alternating, so load from other processes hits both sides
        seconds, exact = time_ours(engine, batch)
        ours.append(seconds)
        fresh.append(time_ours(engine, batch, reuse=False)[0])
        if turn == 0:
            off = check(engine, policy, batch, cols, exact)
            exact = {pid: values.copy() for pid, values in exact.items()}
        peer = run_peer(python, cols, exact)
        theirs.append(peer["seconds"])
    ratios = sorted(t / o for o, t in zip(ours, theirs, strict=True))
    mine, peer_s, mine_fresh = (statistics.median(x) for x in (ours, theirs, fresh))
    # 10M records, once a side: throughput at scale and the memory it takes
    cols_big = columns(big, seed=2)
    batch_big = batch_of(cols_big)
    for pid in RULES:
        engine.amounts(pid, batch_big)
    big_s, big_exact = time_ours(engine, batch_big)
    big_off = int(sum((big_exact[pid] != engine.interpreted(pid, batch_big)).sum()
                      for pid in RULES))
    big_exact = {pid: values.copy() for pid, values in big_exact.items()}
    big_peer = run_peer(python, cols_big, big_exact)
    ours_peak, peer_peak = peak_mib(), peak_mib(children=True)
    engine_name = "numba fused loops" if engine.use_jit(n) else "numpy block kernels"
    lines = [
        "## Vectorised engine against OpenFisca-Core 46.0.1 (five rules, same data)\n",
        machine() + "\n",
        "| engine | records | time (median) | records/s | records off by > half a fen |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| sjdsl vectorised ({engine_name}, int64 fen, output buffers reused) | {n:,} | "
        f"{mine:.4f} s | {n / mine:,.0f} | {off:,} |",
        f"| sjdsl vectorised (the same, a fresh output array each run) | {n:,} | "
        f"{mine_fresh:.4f} s | {n / mine_fresh:,.0f} | {off:,} |",
        f"| OpenFisca ({peer['dtype']}) | {n:,} | {peer_s:.4f} s | {n / peer_s:,.0f} | "
        f"{peer['records_off_by_more_than_half_a_fen']:,} (worst {peer['worst_yuan']:,.2f} 元) |",
        f"| sjdsl vectorised, 10M records (reused buffers) | {big:,} | {big_s:.4f} s | "
        f"{big / big_s:,.0f} | {big_off:,} |",
        f"| OpenFisca, 10M records | {big:,} | {big_peer['seconds']:.4f} s | "
        f"{big / big_peer['seconds']:,.0f} | "
        f"{big_peer['records_off_by_more_than_half_a_fen']:,} |",
        f"\nsjdsl / OpenFisca records/s: **{peer_s / mine:.2f}×** (the target is ≥ 2, with 0 "
        f"records off); with a fresh output array each run {peer_s / mine_fresh:.2f}×; at 10M "
        f"records {big_peer['seconds'] / big_s:.2f}×. {TURNS} alternating turns of 5 timed runs "
        "a side, each side's median of its turn medians; the ratio turn by turn ranged "
        f"{ratios[0]:.2f}–{ratios[-1]:.2f}× on this shared machine.",
        f"\nMemory peak (resident, whole process, 10M records and their 7 input columns "
        f"included): sjdsl {ours_peak:,.0f} MiB; OpenFisca's process {peer_peak:,.0f} MiB.",
    ]
    text = "\n".join(lines) + "\n"
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "peers.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
