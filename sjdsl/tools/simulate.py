"""Budget simulation: a set of applications evaluated as if granted in date order.

Each enterprise's history accumulates as the applications are granted, so cumulative, yearly and
one-time limits bite as they would in a real year. The report totals the amounts by measure,
provision and year, splits them between the budgets, and counts the applications a cap cut.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Protocol

import attrs

from sjdsl.runtime.compiled import Result
from sjdsl.runtime.money import ZERO, fmt, fmt_result
from sjdsl.runtime.requests import RequestError


class Policy(Protocol):
    name: str

    def evaluate_raw(self, raw: Any) -> Result: ...


@attrs.define
class Totals:
    """Money and counts for one row of the report."""

    applications: int = 0
    granted: int = 0
    capped: int = 0
    amount: Decimal = ZERO
    district: Decimal = ZERO
    town: Decimal = ZERO

    def add(self, result: Result) -> None:
        self.applications += 1
        self.granted += result.eligible
        self.capped += result.capped
        self.amount += result.amount
        self.district += result.district_share
        self.town += result.town_share

    def to_json(self) -> dict[str, Any]:
        return {"applications": self.applications, "granted": self.granted,
                "capped": self.capped, "amount": fmt_result(self.amount),
                "district_share": fmt_result(self.district), "town_share": fmt_result(self.town)}


@attrs.define
class Report:
    """Totals overall and by measure, provision and year; errors counted apart."""

    total: Totals = attrs.field(factory=Totals)
    by_measure: dict[str, Totals] = attrs.field(factory=lambda: defaultdict(Totals))
    by_provision: dict[str, Totals] = attrs.field(factory=lambda: defaultdict(Totals))
    by_year: dict[str, Totals] = attrs.field(factory=lambda: defaultdict(Totals))
    errors: int = 0

    def add(self, request: Mapping[str, Any], result: Result) -> None:
        """Count one evaluated application in every table."""
        for table, key in ((self.by_measure, result.provision.split(".")[0]),
                           (self.by_provision, result.provision),
                           (self.by_year, str(request.get("date", ""))[:4])):
            table[key].add(result)
        self.total.add(result)

    def to_json(self) -> dict[str, Any]:
        def rows(table: Mapping[str, Totals]) -> dict[str, Any]:
            return {key: table[key].to_json() for key in sorted(table, key=_order)}
        return {"total": self.total.to_json(), "by_measure": rows(self.by_measure),
                "by_provision": rows(self.by_provision), "by_year": rows(self.by_year),
                "errors": self.errors}


def _order(key: str) -> tuple[int, ...]:
    return tuple(int(p) for p in key.split(".") if p.isdigit()) or (0,)


def simulate(policy: Policy, applications: Iterable[Mapping[str, Any]]) -> Report:
    """Grant the applications in order, each enterprise's history growing as it goes."""
    report = Report()
    histories: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for app in applications:
        enterprise = str(app.get("enterprise", ""))
        request = {k: v for k, v in app.items() if k not in ("id", "enterprise", "history")}
        request["history"] = histories[enterprise]
        try:
            result = policy.evaluate_raw(request)
        except RequestError:
            report.errors += 1
            continue
        report.add(request, result)
        if result.eligible:
            histories[enterprise].append(_grant(request, result))
    return report


def _grant(request: Mapping[str, Any], result: Result) -> dict[str, Any]:
    entry = {"provision": result.provision, "date": request["date"],
             "amount": fmt_result(result.amount), "inputs": request.get("inputs") or {}}
    for key in ("project", "person"):
        if request.get(key) is not None:
            entry[key] = request[key]
    return entry


# ---------------------------------------------------------------- output


def table(report: Report, title: str) -> str:
    """A plain text table for the terminal."""
    lines = [title, "", f"{'':<10}{'申请':>8}{'给予':>8}{'触顶':>8}{'金额（元）':>20}"
             f"{'区级':>20}{'街镇':>18}"]
    for name, rows in (("措施", report.by_measure), ("年度", report.by_year)):
        for key in sorted(rows, key=_order):
            lines.append(_line(f"{name} {key}", rows[key]))
    lines.append(_line("合计", report.total))
    if report.errors:
        lines.append(f"（{report.errors} 行请求有误，未计入）")
    return "\n".join(lines) + "\n"


def _line(label: str, t: Totals) -> str:
    return (f"{label:<10}{t.applications:>8}{t.granted:>8}{t.capped:>8}{fmt(t.amount):>20}"
            f"{fmt(t.district):>20}{fmt(t.town):>18}")


def compare(before: Report, after: Report) -> dict[str, Any]:
    """Before and after an amendment, and the difference, by year and in total."""
    years = sorted(set(before.by_year) | set(after.by_year))
    diff = {y: fmt_result(after.by_year[y].amount - before.by_year[y].amount) for y in years}
    return {"before": before.to_json(), "after": after.to_json(),
            "difference": {"total": fmt_result(after.total.amount - before.total.amount),
                           "by_year": diff}}


def markdown(report: Report, title: str, html_page: bool = False) -> str:
    """A Markdown report (or an HTML page) with an inline SVG bar chart of amounts by year.

    The title holds a policy's own text: escaped for HTML, and for Markdown too."""
    from sjdsl.backends.docgen import md_escape

    esc = html.escape if html_page else md_escape
    rows = ["| 年度 | 申请 | 给予 | 触顶 | 金额（元） | 区级 | 街镇 |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for key in sorted(report.by_year):
        t = report.by_year[key]
        rows.append(f"| {esc(key)} | {t.applications} | {t.granted} | {t.capped} | "
                    f"{fmt(t.amount)} | {fmt(t.district)} | {fmt(t.town)} |")
    t = report.total
    rows.append(f"| **合计** | {t.applications} | {t.granted} | {t.capped} | **{fmt(t.amount)}** | "
                f"{fmt(t.district)} | {fmt(t.town)} |")
    body = f"# {esc(title)}\n\n{bar_chart(report)}\n\n" + "\n".join(rows) + "\n"
    if not html_page:
        return body
    table_html = "".join(f"<tr>{''.join(f'<td>{esc(c.strip())}</td>' for c in r.strip('|').split('|'))}</tr>"
                         for r in rows if not r.startswith("| ---"))
    return (f"<!doctype html><meta charset=\"utf-8\"><title>{esc(title)}</title>"
            f"<h1>{esc(title)}</h1>{bar_chart(report)}<table border=\"1\">{table_html}</table>\n")


def bar_chart(report: Report) -> str:
    """Amounts by year as SVG bars (numbers only; labels escaped)."""
    years = sorted(report.by_year)
    if not years:
        return ""
    top = max(report.by_year[y].amount for y in years) or Decimal(1)
    width, height, bar = 60 * len(years) + 40, 200, 36
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 40}" '
             f'role="img" aria-label="amount by year">']
    for i, year in enumerate(years):
        h = int(report.by_year[year].amount * height / top)
        x = 30 + i * 60
        parts.append(f'<rect x="{x}" y="{height - h + 10}" width="{bar}" height="{h}" '
                     f'fill="#1f6feb"/><text x="{x + bar / 2}" y="{height + 28}" font-size="12" '
                     f'text-anchor="middle">{html.escape(year)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def to_json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
