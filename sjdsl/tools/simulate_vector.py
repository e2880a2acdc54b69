"""The simulation on the vectorised engine (``sjdsl simulate --engine vector``) and its benchmark
table: the engine is a back end (sjdsl/backends/vector.py); running it over a batch of
applications, beside the scalar engine, is a tool."""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import numpy as np

from sjdsl.backends.vector import Batch, Engine, shares
from sjdsl.runtime.compiled import Result
from sjdsl.runtime.money import FEN
from sjdsl.tools.driver import compile_policy, load_module
from sjdsl.tools.simulate import Report, _grant, simulate
from sjdsl.tools.synth import applications


def simulate_vector(engine: Engine, policy: Any, apps: Sequence[dict[str, Any]]) -> Any:
    """The simulation report, vectorised where the engine can and scalar elsewhere.

    Vectorised provisions never depend on the others' history (``Engine.supports``), so their
    amounts are computed first; the remaining rows are then evaluated in date order by the
    scalar engine with a history that includes the vectorised grants.
    """
    present = {str(a.get("provision")) for a in apps}
    vec = {pid for pid in present if engine.supports(pid, present)}
    rows: dict[str, list[int]] = {pid: [] for pid in vec}
    for i, app in enumerate(apps):
        if app.get("provision") in vec:
            rows[str(app["provision"])].append(i)
    amounts: dict[int, int] = {}
    capped: set[int] = set()
    for pid, index in rows.items():
        values, demand = engine.amounts_and_demand(pid, [apps[i] for i in index])
        amounts.update(zip(index, (int(v) for v in values), strict=True))
        capped.update(i for i, v, d in zip(index, values, demand, strict=True) if v < d)
    report = Report()
    histories: dict[str, list[dict[str, Any]]] = {}
    for i, app in enumerate(apps):
        history = histories.setdefault(str(app.get("enterprise", "")), [])
        request = {k: v for k, v in app.items() if k not in ("id", "enterprise", "history")}
        if i in amounts:
            amount = Decimal(amounts[i]) * FEN
            first, second = shares(np.array([amounts[i]], dtype=np.int64), engine)
            result = Result(str(app["provision"]), amount > 0, amount, Decimal(int(first[0])) * FEN,
                            Decimal(int(second[0])) * FEN, False, (), (), capped=i in capped)
        else:
            try:
                result = policy.evaluate_raw(dict(request, history=list(history)))
            except Exception:  # noqa: BLE001 - a bad row is counted, as simulate() does
                report.errors += 1
                continue
        report.add(request, result)
        if result.eligible:
            history.append(_grant(request, result))
    return report


def bench_rows(folder: Any, n: int) -> list[str]:
    """The benchmark table for bench/run.py: scalar vs vectorised on synthetic applications."""
    compiled = compile_policy(folder)
    policy = load_module(compiled).POLICY
    engine = Engine(compiled.checked)
    five = ["1.1", "1.3", "2.1", "4.1", "6.1"]
    apps = [a for a in applications(policy, n, 1, policy.valid_from, policy.valid_to)
            if a["provision"] in five]
    for a in apps:
        a["inputs"] = {k: v for k, v in a["inputs"].items()}
    by: dict[str, list[dict[str, Any]]] = {pid: [] for pid in five}
    for a in apps:
        by[a["provision"]].append(a)
    start = time.perf_counter()
    batches = {pid: Batch(by[pid]) for pid in five}
    for pid in five:  # parse every column once: loading JSON-shaped rows into int64 fen
        engine.amounts(pid, batches[pid])
    t_load = time.perf_counter() - start
    times = []
    for _ in range(5):
        start = time.perf_counter()
        for pid in five:
            engine.amounts(pid, batches[pid])
        times.append(time.perf_counter() - start)
    t_vec = statistics.median(times)
    sample = apps[: min(len(apps), 20_000)]
    start = time.perf_counter()
    simulate(policy, sample)
    t_scalar = (time.perf_counter() - start) * len(apps) / len(sample)
    return ["| engine | records | time | records/s |", "| --- | ---: | ---: | ---: |",
            f"| scalar (Decimal, trace) | {len(apps):,} | {t_scalar:.1f} s (extrapolated from "
            f"{len(sample):,}) | {len(apps) / t_scalar:,.0f} |",
            f"| vectorised: load rows into columns + first run | {len(apps):,} | "
            f"{t_load:.2f} s | {len(apps) / t_load:,.0f} |",
            f"| vectorised: compute over columns (median) | {len(apps):,} | {t_vec:.3f} s | "
            f"{len(apps) / t_vec:,.0f} |",
            f"\nvectorised / scalar: **{t_scalar / t_vec:,.0f}×**; the five capped-rate rules "
            "1.1, 1.3, 2.1, 4.1, 6.1 with their history limits; exactness is tested record by "
            "record in tests/test_vector.py."]
