"""Five capped-rate rules of 沪松经规〔2024〕4号 written for OpenFisca-Core (a peer, not a project
dependency): run by bench/peers.py inside its own virtual environment.

Reads the input columns (int64 fen, .npy) and the exact results the project computed, builds an
OpenFisca simulation with OpenFisca's default float variables, times the five rules, and prints
JSON: records/s and how many records differ from the exact result by more than half a fen.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.periods import DateUnit
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

Enterprise = build_entity(key="enterprise", plural="enterprises", label="企业", is_person=True)
INPUTS = ["fixed_asset_investment", "annual_cloud_fees", "annual_contract_amount",
          "rd_equipment_investment", "national_funding", "total_investment",
          "other_fiscal_support"]


def input_variable(name: str) -> type[Variable]:
    return type(name, (Variable,), {"value_type": float, "entity": Enterprise,
                                    "definition_period": DateUnit.YEAR, "label": name})


class award_1_1(Variable):
    value_type, entity, definition_period = float, Enterprise, DateUnit.YEAR

    def formula(e, period):  # noqa: N805 - OpenFisca's convention
        return np.minimum(e("fixed_asset_investment", period) * 0.15, 30_000_000)


class award_1_3(Variable):
    value_type, entity, definition_period = float, Enterprise, DateUnit.YEAR

    def formula(e, period):  # noqa: N805
        return np.minimum(e("annual_cloud_fees", period) * 0.1, 1_000_000)


class award_2_1(Variable):
    value_type, entity, definition_period = float, Enterprise, DateUnit.YEAR

    def formula(e, period):  # noqa: N805
        amount = e("annual_contract_amount", period)
        return np.where(amount >= 3_000_000, np.minimum(amount * 0.1, 2_000_000), 0)


class award_6_1(Variable):
    value_type, entity, definition_period = float, Enterprise, DateUnit.YEAR

    def formula(e, period):  # noqa: N805
        invest = e("rd_equipment_investment", period)
        return np.where(invest > 5_000_000, np.minimum(invest * 0.15, 3_000_000), 0)


class award_4_1(Variable):
    value_type, entity, definition_period = float, Enterprise, DateUnit.YEAR

    def formula(e, period):  # noqa: N805
        national = e("national_funding", period)
        room = np.maximum(e("total_investment", period) * 0.3 - national
                          - e("other_fiscal_support", period), 0)
        return np.minimum(np.minimum(national, 5_000_000), room)


RULES = ["award_1_1", "award_1_3", "award_2_1", "award_6_1", "award_4_1"]


def main(folder: Path) -> None:
    system = TaxBenefitSystem([Enterprise])
    for name in INPUTS:
        system.add_variable(input_variable(name))
    for rule in (award_1_1, award_1_3, award_2_1, award_6_1, award_4_1):
        system.add_variable(rule)
    columns = {name: np.load(folder / f"{name}.npy") for name in INPUTS}
    exact = {rule: np.load(folder / f"{rule}.npy") for rule in RULES}
    n = len(columns[INPUTS[0]])
    times, wrong, worst = [], 0, 0.0
    for _ in range(5):
        simulation = SimulationBuilder().build_default_simulation(system, n)
        for name, fen in columns.items():
            simulation.set_input(name, "2026", fen / 100)
        start = time.perf_counter()
        results = {rule: simulation.calculate(rule, "2026") for rule in RULES}
        times.append(time.perf_counter() - start)
    off = np.zeros(n, dtype=bool)
    for rule in RULES:
        diff = np.abs(results[rule].astype(np.float64) - exact[rule] / 100)
        off |= diff > 0.005
        worst = max(worst, float(diff.max()))
    wrong = int(off.sum())
    median = sorted(times)[len(times) // 2]
    print(json.dumps({"records": n, "seconds": median, "records_per_s": n / median,
                      "records_off_by_more_than_half_a_fen": wrong, "worst_yuan": worst,
                      "dtype": str(results[RULES[0]].dtype)}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
