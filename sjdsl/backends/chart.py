"""Award against base, drawn from the calculator itself: a small inline SVG per provision.

The curve is not derived from the IR (which once drew thresholds away): it is traced by calling
the compiled calculator at bases, so every shape — a threshold (zero below, the ≥/> edge marked
with a closed and an open point), a ladder, bands, 每满 steps, a cap, the core's conditions — is
drawn as the calculator computes it. Amounts stay Decimal until they become SVG coordinates.

The tracer samples a grid, then bisects every interval on which the amount is not affine down to
the base's quantum (0.01 元, or 1 for a count): kinks become vertices, jumps become breaks with
their edge marked. No JavaScript, no external files; the only text (labels) is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal

import attrs

from sjdsl.backends.sentence import money_words

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 460, 240, 64, 24, 28, 40
GRID = 64  # intervals of the first pass
PROBES = (Decimal("0.3"), Decimal("0.5"), Decimal("0.77"))  # uneven: a staircase cannot fool all
JUMP = Decimal(1)  # a change over one quantum larger than this (元) is a jump, not a slope

Amount = Callable[[Decimal], Decimal]


@attrs.frozen
class Edge:
    """A jump at ``x``: the calculator pays ``closed`` at x itself, ``open`` is the other side."""

    x: Decimal
    closed: Decimal
    open: Decimal


@attrs.frozen
class Curve:
    """Continuous pieces (vertices in base order) and the jumps between them."""

    pieces: tuple[tuple[tuple[Decimal, Decimal], ...], ...]
    edges: tuple[Edge, ...]
    x_max: Decimal
    y_max: Decimal

    def features(self) -> list[Decimal]:
        """Bases where the curve turns or jumps (inner vertices and edges), in order."""
        inner = {x for piece in self.pieces for x, _ in piece[1:-1]}
        return sorted(inner | {e.x for e in self.edges})


def _affine(a: Decimal, fa: Decimal, b: Decimal, fb: Decimal, x: Decimal, fx: Decimal) -> bool:
    expected = fa + (fb - fa) * (x - a) / (b - a)
    return abs(fx - expected) <= Decimal("0.011")  # each amount is rounded to the fen


def _trace(amount: Amount, x_max: Decimal, quantum: Decimal) -> dict[Decimal, Decimal]:
    """The amount at the grid and at every base bisection needed to pin kinks and jumps."""
    seen: dict[Decimal, Decimal] = {}

    def f(x: Decimal) -> Decimal:
        if x not in seen:
            seen[x] = amount(x)
        return seen[x]

    step = (x_max / GRID).quantize(quantum, ROUND_DOWN) or quantum
    grid = sorted({min(step * i, x_max) for i in range(GRID)} | {x_max})  # never past x_max
    stack = list(zip(grid, grid[1:], strict=False))
    while stack:
        a, b = stack.pop()
        if b - a <= quantum:
            f(a), f(b)
            continue
        probes = sorted({(a + (b - a) * t).quantize(quantum, ROUND_DOWN) for t in PROBES} - {a, b})
        if all(_affine(a, f(a), b, f(b), x, f(x)) for x in probes):
            continue
        mid = ((a + b) / 2).quantize(quantum, ROUND_DOWN)
        stack += [(a, mid), (mid, b)]
    return seen


def _trailing_zeros(x: Decimal, quantum: Decimal) -> int:
    n = int(x / quantum)
    if n == 0:
        return 99
    count = 0
    while n % 10 == 0:
        n //= 10
        count += 1
    return count


def _curve(points: dict[Decimal, Decimal], x_max: Decimal, quantum: Decimal) -> Curve:
    xs = sorted(points)
    pieces: list[list[tuple[Decimal, Decimal]]] = [[(xs[0], points[xs[0]])]]
    edges = []
    for a, b in zip(xs, xs[1:], strict=False):
        fa, fb = points[a], points[b]
        if b - a <= quantum and abs(fb - fa) > JUMP:
            # the edge is the rounder base: 300万 for 「达300万」 (≥), 500万 for 「超过500万」 (>)
            at_b = _trailing_zeros(b, quantum) >= _trailing_zeros(a, quantum)
            edges.append(Edge(b, fb, fa) if at_b else Edge(a, fa, fb))
            pieces.append([])
        pieces[-1].append((b, fb))
    simple = tuple(tuple(_simplify(p)) for p in pieces)
    return Curve(simple, tuple(edges), x_max, max(points.values()))


def _simplify(piece: list[tuple[Decimal, Decimal]]) -> Iterable[tuple[Decimal, Decimal]]:
    """Drop vertices that lie on the line through their neighbours (each amount within a fen)."""
    kept = [piece[0]]
    for i in range(1, len(piece) - 1):
        (a, fa), (x, fx), (b, fb) = kept[-1], piece[i], piece[i + 1]
        if not _affine(a, fa, b, fb, x, fx):
            kept.append(piece[i])
    if len(piece) > 1:
        kept.append(piece[-1])
    return kept


def nice(value: Decimal) -> Decimal:
    """The next round number at or above value: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return Decimal(1)
    power = Decimal(10) ** (value.adjusted())
    for m in (1, 2, Decimal("2.5"), 5, 10):
        if power * m >= value:
            return (power * m).normalize()
    raise AssertionError(value)  # pragma: no cover


def trace_curve(amount: Amount, hints: Iterable[Decimal], quantum: Decimal = Decimal("0.01"),
                ) -> Curve | None:
    """The calculator's curve from 0 to half again past its last turn or jump.

    ``hints`` are bases worth seeing (thresholds, cap ÷ rate, the examples' bases): the first
    pass spans twice the largest; the second spans 1.5 times the last feature it found.
    None when the amount is 0 everywhere (nothing to draw).
    """
    first = nice(2 * max([h for h in hints if h > 0], default=Decimal(1_000_000)))
    curve = _curve(_trace(amount, first, quantum), first, quantum)
    features = [x for x in curve.features() if x > 0]  # a jump at 0 sets no width
    if features:
        x_max = nice(features[-1] * Decimal("1.5")).quantize(quantum, ROUND_CEILING)
        curve = _curve(_trace(amount, x_max, quantum), x_max, quantum)
    return curve if curve.y_max > 0 else None


# ---------------------------------------------------------------- the SVG


def _sx(curve: Curve, x: Decimal) -> str:
    return f"{LEFT + float(x / curve.x_max) * (WIDTH - LEFT - RIGHT):.2f}"


def _sy(curve: Curve, y: Decimal) -> str:
    top = curve.y_max * Decimal("1.1")
    return f"{HEIGHT - BOTTOM - float(y / top) * (HEIGHT - TOP - BOTTOM):.2f}"


def _number_words(x: Decimal, money: bool) -> str:
    """A base as a label, to four significant digits: a kink traced to the fen between two
    rounded amounts (20,000,000.28) is labelled as the round base it is (2,000万元)."""
    if x >= 10_000:
        x = x.quantize(Decimal(1).scaleb(x.adjusted() - 3))
    return money_words(x) if money else f"{x.normalize():,f}"


def curve_svg(curve: Curve, base: str, base_label: str, base_unit: str, caption: str) -> str:
    """The curve as an SVG: axes, one polyline per continuous piece, each jump's edge marked
    (a filled point where the calculator pays at the edge, a hollow one on the other side).

    The plot box, the scale and the base's input name are in data attributes, so that a test
    can read amounts back and ask the calculator for the same bases.
    """
    money = base_unit == "元"
    bottom, right = HEIGHT - BOTTOM, WIDTH - RIGHT
    y_top = curve.y_max * Decimal("1.1")
    label = html.escape(base_label)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sjdsl-chart" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'data-x0="{LEFT}" data-x1="{right}" data-y0="{bottom}" data-y1="{TOP}" '
        f'data-base="{html.escape(base)}" data-x-max="{curve.x_max:f}" data-y-max="{y_top:f}" '
        f'aria-label="{html.escape(caption)}">',
        f"<title>{html.escape(caption)}</title>",
        f'<line x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#555"/>',
        f'<line x1="{LEFT}" y1="{bottom}" x2="{LEFT}" y2="{TOP - 8}" stroke="#555"/>',
    ]
    for piece in curve.pieces:
        points = " ".join(f"{_sx(curve, x)},{_sy(curve, y)}" for x, y in piece)
        out.append(f'<polyline class="amount" fill="none" stroke="#1f6feb" stroke-width="2.5" '
                   f'points="{points}"/>')
    for edge in curve.edges:
        x = _sx(curve, edge.x)
        out.append(f'<line x1="{x}" y1="{bottom}" x2="{x}" y2="{TOP}" stroke="#999" '
                   f'stroke-dasharray="4 3"/>')
        out.append(f'<circle class="open" cx="{x}" cy="{_sy(curve, edge.open)}" r="4" '
                   f'fill="#fff" stroke="#1f6feb" stroke-width="2"/>')
        out.append(f'<circle class="closed" cx="{x}" cy="{_sy(curve, edge.closed)}" r="4" '
                   f'fill="#1f6feb"/>')
    ticks = _ticks(curve)
    for x in ticks:
        out.append(f'<text x="{_sx(curve, x)}" y="{bottom + 15}" font-size="10" '
                   f'text-anchor="middle">{html.escape(_number_words(x, money))}</text>')
    out.append(f'<text x="{right}" y="{bottom + 15}" font-size="10" text-anchor="end">'
               f'{html.escape(_number_words(curve.x_max, money))}</text>')
    for y in _levels(curve):
        out.append(f'<text x="{LEFT - 4}" y="{_sy(curve, y)}" font-size="10" '
                   f'text-anchor="end" dominant-baseline="middle">'
                   f'{html.escape(money_words(y))}</text>')
    out += [
        f'<text x="{(LEFT + right) / 2}" y="{HEIGHT - 6}" font-size="12" '
        f'text-anchor="middle">{label}（{html.escape(base_unit)}）</text>',
        f'<text x="4" y="{TOP - 14}" font-size="12">金额（元）</text>',
        "</svg>",
    ]
    return "".join(out)


def _ticks(curve: Curve) -> list[Decimal]:
    """At most four feature bases, spaced so that their labels do not overlap."""
    chosen: list[Decimal] = []
    for x in curve.features():
        if x < curve.x_max * Decimal("0.85") and \
                all(abs(x - c) > curve.x_max / 6 for c in chosen):
            chosen.append(x)
    return chosen[:4]


def _levels(curve: Curve) -> list[Decimal]:
    """The amounts labelled on the vertical axis: the highest, and up to two edges' amounts
    below it that are far enough apart (14 px) not to overlap."""
    chosen = [curve.y_max]
    gap = curve.y_max * Decimal("1.1") * 14 / (HEIGHT - TOP - BOTTOM)
    for y in sorted({e.closed for e in curve.edges if e.closed > 0}, reverse=True):
        if len(chosen) < 3 and all(abs(y - c) > gap for c in chosen):
            chosen.append(y)
    return sorted(chosen)
