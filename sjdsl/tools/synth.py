"""Synthetic applications for simulation and benchmarks. The data are SYNTHETIC: random
enterprises, dates and amounts of plausible size, not real applicants.

Generation follows a policy's own inputs (money, counts, enumerations, areas, percentages,
yes/no, dates), so it works for any compiled policy; amounts are drawn as whole yuan or fen with
integers, never floats.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from typing import Any

from sjdsl.runtime.compiled import CompiledPolicy
from sjdsl.runtime.requests import InputSpec


def _money(rng: random.Random) -> str:
    """An amount between 10万 and 10亿 元, log-uniform, with fen."""
    exponent = rng.randint(5, 8)
    yuan = rng.randint(10**exponent, 10 ** (exponent + 1))
    return f"{yuan}.{rng.randint(0, 99):02d}"


def _value(spec: InputSpec, rng: random.Random, day: datetime.date) -> Any:
    match spec.kind:
        case "money" | "usd":
            return _money(rng)
        case "id":
            return f"K-{rng.randint(1, 50)}"
        case "list":
            return [_money(rng) for _ in range(rng.randint(0, 5))]
        case "records":
            return []
        case "area":
            return f"{rng.randint(50, 20000)}.{rng.randint(0, 9)}"
        case "count":
            return rng.randint(1, 40)
        case "percent":
            return str(rng.randint(40, 100))
        case "bool":
            return rng.random() < 0.1
        case "date":
            return (day - datetime.timedelta(days=rng.randint(0, 200))).isoformat()
        case _:
            return rng.choice(spec.values)


def applications(policy: CompiledPolicy, n: int, seed: int,
                 start: datetime.date, end: datetime.date) -> Iterator[dict[str, Any]]:
    """``n`` applications in date order, from about n/8 enterprises."""
    rng = random.Random(seed)
    ids = [p for p, spec in sorted(policy.provisions.items()) if spec.kind == "monetary"]
    span = (end - start).days
    days = sorted(start + datetime.timedelta(days=rng.randint(0, span)) for _ in range(n))
    enterprises = max(1, n // 8)
    for i, day in enumerate(days):
        pid = rng.choice(ids)
        spec = policy.provisions[pid]
        inputs = {s.name: _value(s, rng, day) for s in spec.inputs
                  if not s.optional or rng.random() < 0.3}
        app: dict[str, Any] = {"id": f"S{i + 1:07d}", "enterprise": f"E{rng.randint(1, enterprises):05d}",
                               "provision": pid, "date": day.isoformat(), "inputs": inputs}
        if spec.needs_project:
            app["project"] = f"P{rng.randint(1, enterprises * 2):05d}"
        if spec.needs_person:
            app["person"] = f"R{rng.randint(1, enterprises * 4):05d}"
        yield app
