"""A small inline SVG of award against base amount for a capped rate: where the cap binds.

No JavaScript, no external files: the chart is a few SVG elements whose numbers we compute and
whose only text (labels) is escaped.
"""

from __future__ import annotations

import html
from decimal import Decimal

from sjdsl.sentence import money_words

WIDTH, HEIGHT, PAD = 420, 220, 48


def capped_rate_svg(rate: Decimal, cap: Decimal, base_label: str, rate_text: str) -> str:
    """Award = min(rate × base, cap), drawn from 0 to twice the base where the cap binds."""
    knee = cap / rate
    x_max = knee * 2
    plot_w, plot_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    kx = PAD + plot_w / 2
    top = PAD + plot_h * 0.15
    bottom = PAD + plot_h
    label = html.escape(base_label)
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sjdsl-chart" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{html.escape(rate_text)} × {label}，上限 {money_words(cap)}">',
        f'<line x1="{PAD}" y1="{bottom}" x2="{WIDTH - PAD}" y2="{bottom}" stroke="#555"/>',
        f'<line x1="{PAD}" y1="{bottom}" x2="{PAD}" y2="{PAD - 10}" stroke="#555"/>',
        f'<polyline fill="none" stroke="#1f6feb" stroke-width="2.5" '
        f'points="{PAD},{bottom} {kx:.1f},{top:.1f} {WIDTH - PAD},{top:.1f}"/>',
        f'<line x1="{kx:.1f}" y1="{top:.1f}" x2="{kx:.1f}" y2="{bottom}" stroke="#999" '
        f'stroke-dasharray="4 3"/>',
        f'<line x1="{PAD}" y1="{top:.1f}" x2="{WIDTH - PAD}" y2="{top:.1f}" stroke="#d33" '
        f'stroke-dasharray="2 3"/>',
        f'<text x="{PAD + 4}" y="{top - 6:.1f}" font-size="12" fill="#d33">上限 '
        f'{html.escape(money_words(cap))}</text>',
        f'<text x="{kx:.1f}" y="{bottom + 16}" font-size="11" text-anchor="middle">'
        f'{html.escape(money_words(knee))}</text>',
        f'<text x="{WIDTH - PAD}" y="{bottom + 16}" font-size="11" text-anchor="end">'
        f'{html.escape(money_words(x_max))}</text>',
        f'<text x="{PAD + plot_w / 4:.1f}" y="{(bottom + top) / 2 + 24:.1f}" font-size="12" '
        f'fill="#1f6feb">{html.escape(rate_text)} × 基数</text>',
        f'<text x="{WIDTH / 2}" y="{HEIGHT - 6}" font-size="12" text-anchor="middle">'
        f'{label}（元）</text>',
        f'<text x="12" y="{PAD - 16}" font-size="12">金额（元）</text>',
        "</svg>",
    ]
    return "".join(lines)
