"""The charts on the provision pages are the calculator's curve, for every award shape.

Each chart is parsed back from the committed page (generated/docs/, kept fresh by
test_generated.py): its vertices and its jump marks are read as amounts and compared with the
compiled calculator, and, shape by shape, with values worked out by hand from the official
sentence.
"""

from __future__ import annotations

import functools
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import attrs
import pytest

from sjdsl.tools.driver import load_policy

from .conftest import ROOT

DOCS = ROOT / "generated" / "docs"
SVG = "{http://www.w3.org/2000/svg}"
WAN, YI = Decimal(10_000), Decimal(100_000_000)


@attrs.frozen
class Chart:
    """A chart read back: pieces and edge marks in pixels, and the scale to turn them into 元."""

    pieces: list[list[tuple[float, float]]]
    closed: list[tuple[float, float]]
    open: list[tuple[float, float]]
    x0: float
    x1: float
    y0: float
    y1: float
    x_max: Decimal
    y_max: Decimal

    def px(self, base: Decimal) -> float:
        return self.x0 + float(base / self.x_max) * (self.x1 - self.x0)

    def py(self, amount: Decimal) -> float:
        return self.y0 - float(amount / self.y_max) * (self.y0 - self.y1)

    def base(self, px: float) -> Decimal:
        return Decimal(str((px - self.x0) / (self.x1 - self.x0))) * self.x_max

    def at(self, px: float) -> list[float]:
        """The curve's pixel heights at pixel column px (two where a jump is)."""
        found = []
        for piece in self.pieces:
            for (xa, ya), (xb, yb) in zip(piece, piece[1:], strict=False):
                if xa <= px <= xb and xb > xa:
                    found.append(ya + (yb - ya) * (px - xa) / (xb - xa))
            if len(piece) == 1 and abs(piece[0][0] - px) < 0.01:
                found.append(piece[0][1])
        return found


def parse(svg: str) -> Chart:
    root = ET.fromstring(svg)
    pieces = [[tuple(map(float, p.split(","))) for p in line.get("points", "").split()]
              for line in root.iter(f"{SVG}polyline")]
    circles = {c: [(float(e.get("cx", "")), float(e.get("cy", "")))
                   for e in root.iter(f"{SVG}circle") if e.get("class") == c]
               for c in ("closed", "open")}
    a = root.attrib
    return Chart(pieces, circles["closed"], circles["open"], float(a["data-x0"]),
                 float(a["data-x1"]), float(a["data-y0"]), float(a["data-y1"]),
                 Decimal(a["data-x-max"]), Decimal(a["data-y-max"]))


def charts(policy: str) -> dict[str, str]:
    """The SVG of each provision of a policy's pages, by provision id."""
    found = {}
    for page in sorted((DOCS / policy).glob("measure-*.md")):
        for section in re.split(r"\n## ", page.read_text(encoding="utf-8"))[1:]:
            svg = re.search(r"<svg.*?</svg>", section, re.S)
            if svg:
                found[section.split()[0]] = svg.group(0)
    return found


@functools.cache
def calculator(policy: str) -> Any:
    return load_policy(ROOT / "policies" / policy)


def amount_fn(policy: str, pid: str, svg: str) -> Any:
    """The calculator at a base, with the other inputs the chart's caption names."""
    title = ET.fromstring(svg).find(f"{SVG}title")
    assert title is not None and title.text
    day = re.search(r"授予日期 (\d{4}-\d{2}-\d{2})", title.text)
    assert day
    others = {k: json.loads(v) for k, v in re.findall(r"(\w+) = ([^，）]+)", title.text)}
    name = ET.fromstring(svg).get("data-base")
    base = next(i for i in calculator(policy).provisions[pid].inputs if i.name == name)

    keys = {k: others.pop(k) for k in ("project", "person") if k in others}

    def f(x: Decimal) -> Decimal:
        inputs: dict[str, Any] = dict(others)
        inputs[base.name] = int(x) if base.kind == "count" else f"{x:f}"
        result = calculator(policy).evaluate_json(
            {"provision": pid, "date": day.group(1), "inputs": inputs, **keys})
        assert "error" not in result, result
        return Decimal(result["amount"])
    return f


@attrs.frozen
class Shape:
    name: str
    policy: str
    pid: str
    points: tuple[tuple[Decimal, Decimal], ...]  # (base, amount), worked out by hand
    edges: tuple[tuple[Decimal, Decimal, Decimal], ...]  # (base, paid at it, other side)


SJ, HQ, FL = "songjiang-terminal-2024", "ganjingzi-hq-economy-2019", "ganjingzi-financial-leasing"
SHAPES = [
    # 「年度履行合同金额达300万元的…按10%…最高200万元」: zero below, 30万 at 300万 (≥: filled)
    Shape("threshold ≥", SJ, "2.1", ((100 * WAN, 0 * WAN), (1000 * WAN, 100 * WAN),
                                     (3000 * WAN, 200 * WAN)),
          ((300 * WAN, 30 * WAN, Decimal(0)),)),
    # 「研发设备投入超过500万元的…15%，最高300万元」: 0 at 500万 itself (>: filled at 0)
    Shape("threshold >", SJ, "6.1", ((1000 * WAN, 150 * WAN), (2500 * WAN, 300 * WAN)),
          ((500 * WAN, Decimal(0), 75 * WAN),)),
    # 「实缴注册资本超过5000万元的，按1%…最高不超过300万元」
    Shape("threshold > and cap", HQ, "5.1", ((1 * YI, 100 * WAN), (4 * YI, 300 * WAN)),
          ((5000 * WAN, Decimal(0), 50 * WAN),)),
    # 「按不超过项目固定资产投资额的15%…最高3000万元」: the cap is flat from 2亿
    Shape("cap", SJ, "1.1", ((1 * YI, 1500 * WAN), (2 * YI, 3000 * WAN), (3 * YI, 3000 * WAN)),
          ()),
    # 「总投资超过１亿元、５亿元、10亿元…分别给予30万元、50万元、100万元」
    Shape("ladder", HQ, "10.1", ((3 * YI, 30 * WAN), (7 * YI, 50 * WAN), (12 * YI, 100 * WAN)),
          ((1 * YI, Decimal(0), 30 * WAN), (5 * YI, 30 * WAN, 50 * WAN),
           (10 * YI, 50 * WAN, 100 * WAN))),
    # 「100万元至300万元（含300万元）的，扶持12%；300万元至500万元…20%；…25%」, full amount
    Shape("bands", HQ, "7.1", ((50 * WAN, Decimal(0)), (200 * WAN, 24 * WAN),
                               (400 * WAN, 80 * WAN), (800 * WAN, 200 * WAN)),
          ((100 * WAN, 12 * WAN, Decimal(0)), (300 * WAN, 36 * WAN, 60 * WAN),
           (500 * WAN, 100 * WAN, 125 * WAN))),
    # 「超过1.7亿元的，每超过1亿元，给予100万元」: a staircase, one step per whole 亿 over 1.7亿
    Shape("每满 steps", FL, "4.2", ((2 * YI, Decimal(0)), (3 * YI, 100 * WAN),
                                   (4 * YI, 200 * WAN)),
          ((Decimal("2.7") * YI, 100 * WAN, Decimal(0)),
           (Decimal("3.7") * YI, 200 * WAN, 100 * WAN))),
    # 须 入驻园区 且 到位注册资本 达 1.7亿元 → 170万元 (the core's condition)
    Shape("core condition", FL, "4.1", ((1 * YI, Decimal(0)), (2 * YI, 170 * WAN)),
          ((Decimal("1.7") * YI, 170 * WAN, Decimal(0)),)),
]


def _near(chart: Chart, marks: list[tuple[float, float]], x: Decimal, y: Decimal) -> bool:
    return any(abs(cx - chart.px(x)) < 0.05 and abs(cy - chart.py(y)) < 0.05
               for cx, cy in marks)


@pytest.mark.parametrize("shape", SHAPES, ids=[s.name for s in SHAPES])
def test_chart_of_each_shape_is_the_hand_worked_curve(shape: Shape) -> None:
    svg = charts(shape.policy)[shape.pid]
    chart = parse(svg)
    for base, amount in shape.points:
        assert base < chart.x_max, f"{base} is on the chart"
        heights = chart.at(chart.px(base))
        assert any(abs(h - chart.py(amount)) < 0.5 for h in heights), (base, amount, heights)
    for base, paid, other in shape.edges:
        assert _near(chart, chart.closed, base, paid), f"filled point at ({base}, {paid})"
        assert _near(chart, chart.open, base, other), f"hollow point at ({base}, {other})"
    assert len(chart.closed) >= len(shape.edges)


@pytest.mark.parametrize("shape", SHAPES, ids=[s.name for s in SHAPES])
def test_chart_points_are_the_calculators(shape: Shape) -> None:
    """Every vertex and every mark lies on the calculator's curve, and so do 200 bases
    sampled across the chart (away from a jump, the curve has one height there)."""
    svg = charts(shape.policy)[shape.pid]
    chart, f = parse(svg), amount_fn(shape.policy, shape.pid, svg)
    quantum = Decimal("0.01")
    for px, py in [v for piece in chart.pieces for v in piece] + chart.closed:
        x = chart.base(px).quantize(quantum)
        near = [chart.py(f(x + d)) for d in (-quantum, 0, quantum) if x + d >= 0]
        assert any(abs(py - h) < 0.5 for h in near), (px, py, x, near)
    edges = [cx for cx, _ in chart.closed]
    for i in range(1, 200):
        x = (chart.x_max * i / 200).quantize(quantum)
        px = chart.px(x)
        if any(abs(px - e) < 1 for e in edges):
            continue
        heights = chart.at(px)
        assert len(heights) >= 1 and all(abs(h - chart.py(f(x))) < 0.5 for h in heights), \
            (x, f(x), heights)


def test_every_chart_on_the_site_is_the_calculators() -> None:
    """Not only the shapes above: each chart's vertices lie on its calculator's curve."""
    count = 0
    for folder in sorted(DOCS.iterdir()):
        for pid, svg in charts(folder.name).items():
            chart, f = parse(svg), amount_fn(folder.name, pid, svg)
            for px, py in [v for piece in chart.pieces for v in piece]:
                x = chart.base(px).quantize(Decimal("0.01"))
                near = [chart.py(f(x + d)) for d in (Decimal("-0.01"), 0, Decimal("0.01"))
                        if x + d >= 0]
                assert any(abs(py - h) < 0.5 for h in near), (folder.name, pid, px, py)
            count += 1
    assert count >= 20
