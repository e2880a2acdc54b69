"""Phase 4, docgen: a checked policy → Markdown pages for auditors (generated/docs/<policy>/).

Templates (``sjdsl/templates``) receive view-models built here and hold only loops and ifs.
Every value a template prints goes through ``finalize``: plain strings are escaped for Markdown
and HTML, and only ``Markup`` built in this module (highlighted official text, SVG, code fences)
passes as it is. So text from a .pol file or official.txt always shows as text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import PurePath
from typing import Any

import attrs
import jinja2
from markupsafe import Markup

from sjdsl.backends.chart import curve_svg, trace_curve
from sjdsl.backends.examples import Outcome
from sjdsl.backends.sentence import money_words, parameters, render
from sjdsl.core import nodes as core
from sjdsl.core import render as core_words
from sjdsl.language import ir
from sjdsl.language.check import KINDS, CheckedPolicy
from sjdsl.language.fidelity import FidelityReport, OfficialIndex, accounting_notes, fidelity
from sjdsl.language.invisible import visible
from sjdsl.runtime.money import fmt

_MD_SPECIAL = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_{}[]<>&|#~$"} |
                            {"\n": " ", "\r": " "})
_KIND_NAMES = {"money": "金额 (money, 元)", "count": "件数 (count)", "enum": "枚举 (enumeration)",
               "area": "面积 (area, 平方米)", "percent": "比例 (percent points)",
               "bool": "是否 (yes/no)", "date": "日期 (ISO date)",
               "usd": "美元金额 (amount in US dollars)", "id": "编号 (identifier: names a scope)",
               "list": "列表 (a list of values)", "records": "名单 (a list of records)"}


def md_escape(text: str) -> str:
    """Text made inert for Markdown and HTML: special characters become character references,
    and invisible or bidi control characters show as ``<U+202E>``."""
    return visible(text).translate(_MD_SPECIAL)


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    return md_escape(str(value))


def fence(code: str, language: str) -> Markup:
    """A fenced code block that no backtick run inside the code can close."""
    code = visible(code)
    longest = max((len(m) for m in re.findall(r"`+", code)), default=0)
    ticks = "`" * max(3, longest + 1)
    return Markup(f"{ticks}{language}\n{code.rstrip()}\n{ticks}")


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("sjdsl", "templates"),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,  # Markdown, not HTML: escaping is done by _finalize above
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


# ---------------------------------------------------------------- view-models


@attrs.frozen
class ReadingRow:
    where: str
    link: Markup
    clause: str
    text: str


@attrs.frozen
class Change:
    """One line of a provision's history: from a date, by a document, what changed."""

    effective: str
    source: str
    page: str
    what: str


@attrs.frozen
class ProvisionView:
    id: str
    anchor: str
    title: str
    kind: str
    units: tuple[str, ...]
    official: Markup
    cites: tuple[str, ...]
    sentence: str
    source: Markup
    source_file: str
    parameters: Sequence[Any]
    inputs: Sequence[Mapping[str, str]]
    chart: Markup | None
    readings: tuple[ReadingRow, ...]
    examples: Sequence[Mapping[str, Any]]
    summary: str
    history: tuple[Change, ...] = ()
    #: 「原文第 12 行」, linked to the whole official text (empty when nothing is cited)
    lines: Markup = Markup("")


#: The page holding every line of official.txt, each with its anchor (#L12).
OFFICIAL_PAGE = "official.md"


def anchor(provision_id: str) -> str:
    return "p-" + provision_id.replace(".", "-")


def measure_page(number: int) -> str:
    return f"measure-{number:02d}.md"


def _official_in_context(index: OfficialIndex, cites: Sequence[str]) -> Markup:
    """The paragraph(s) of the official text holding the cited sentences, the cites marked."""
    spans = sorted(s for s in (index.locate(c) for c in cites) if s is not None)
    if not spans:
        return Markup("")
    text = index.text
    start = text.rfind("\n", 0, spans[0][0]) + 1
    end_nl = text.find("\n", spans[-1][1])
    end = len(text) if end_nl < 0 else end_nl
    parts, at = [], start
    for s, e in spans:
        s, e = max(s, at), max(e, at)
        parts.append(md_escape(_flat(text[at:s])))
        if e > s:
            parts.append(f"<mark>{md_escape(_flat(text[s:e]))}</mark>")
        at = e
    parts.append(md_escape(_flat(text[at:end])))
    return Markup(f'<blockquote class="official">{"".join(parts)}</blockquote>')


def _flat(text: str) -> str:
    """Page-break blank lines of the extracted text, shown as a visible break mark."""
    return re.sub(r"\s*\n\s*", " ⏎ ", text) if "\n" in text else text


def _source_of(provision: ir.Provision, sources: Mapping[str, str]) -> Markup:
    """The provision's clauses as written (its worked examples are shown apart)."""
    text = sources.get(provision.span.file, "")
    end = min([e.span.line - 1 for e in provision.examples] + [provision.span.end_line])
    lines = text.splitlines()[provision.span.line - 1: end]
    while lines and not lines[-1].strip():
        lines.pop()
    indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
    return fence("\n".join(x[indent:] for x in lines), "pol")


def _readings(provision: ir.Provision, page: str) -> tuple[ReadingRow, ...]:
    link = Markup(f"{page}#{anchor(provision.id)}")
    rows = [ReadingRow(provision.id, link, "条款", r.text) for r in provision.readings]
    clauses: Iterable[tuple[str, ir.Notes]] = (
        [(_clause_name(a), a.notes) for a in provision.awards if not isinstance(a, ir.Repealed)]
        + [(_clause_name(lim), lim.notes) for lim in provision.limits]
        + [(_CORE_NAMES[type(item).__name__], item.notes) for item in provision.core])
    for clause, notes in clauses:
        rows += [ReadingRow(provision.id, link, clause, n.text)
                 for n in notes if isinstance(n, ir.Reading)]
    return tuple(rows)


_CORE_NAMES = {"Define": "定义", "Require": "须", "Limit": "限额", "Obligation": "义务",
               "Erratum": "勘误", "Allocation": "分配"}

_CLAUSE_NAMES = {"ExprAward": "给付（表达式）",
    "RateAward": "比例", "FixedAward": "金额", "PerUnitAward": "单价", "PassThroughAward": "按实",
    "TieredAward": "分档", "PerAwardCap": "上限", "PerYearCap": "每年最高",
    "PerProjectYearCap": "每项目每年最高", "PerEnterpriseCap": "单个企业最高",
    "YearLimit": "最多年数", "OneTime": "一次性", "Threshold": "门槛", "RequiresEarlier": "前提",
    "JointLimit": "财政支持合计", "MultipleAward": "倍数", "BestOf": "择优", "BandAward": "分段",
    "LadderAward": "阶梯", "Instalments": "分期", "ExcludedIf": "排除", "DecidedIf": "另行确定",
    "DurationLimit": "期限", "Qualitative": "定性", "ExternalReference": "外部",
}


def _clause_name(node: object) -> str:
    return _CLAUSE_NAMES.get(type(node).__name__, type(node).__name__)


def _inputs(provision: ir.Provision) -> list[dict[str, str]]:
    return [{"name": i.name, "term": i.term, "kind": _KIND_NAMES[KINDS[i.kind_word]],
             "choices": "、".join(i.values), "optional": "可选" if i.optional else "必填"}
            for i in provision.inputs]


_CHARTED = {"money": ("元", Decimal("0.01")), "usd": ("美元", Decimal("0.01")),
            "area": ("平方米", Decimal("0.01")), "count": ("件", Decimal(1))}


def _base_input(checked: CheckedPolicy, provision: ir.Provision) -> ir.Input | None:
    """The input a chart varies: the award's base, or the first numeric input of a core award."""
    award = provision.awards[0]
    ref = getattr(award, "base", None) or getattr(award, "count", None) or \
        getattr(award, "assessed", None)
    symbol = checked.resolve(provision.id, ref) if isinstance(ref, ir.Ref) else None
    if isinstance(symbol, ir.Input) and KINDS[symbol.kind_word] in _CHARTED:
        return symbol
    if not isinstance(award, core.ExprAward):
        return None
    return next((i for i in provision.inputs if KINDS[i.kind_word] in _CHARTED), None)


def _chart(checked: CheckedPolicy, provision: ir.Provision, calculator: Any,
           outcomes: Sequence[Outcome]) -> Markup | None:
    """Award against base, traced by calling the compiled calculator (sjdsl/backends/chart.py); the other
    inputs and the date are those of the provision's first worked example without history."""
    base = _base_input(checked, provision)
    template = next((o for o in outcomes if not o.request.get("history")
                     and not o.request.get("override_approved")), None)
    if base is None or template is None or calculator is None:
        return None
    kind = KINDS[base.kind_word]
    unit, quantum = _CHARTED[kind]
    request = {k: v for k, v in template.request.items() if k != "history"}

    def amount(x: Decimal) -> Decimal:
        value: Any = int(x) if kind == "count" else f"{x:f}"
        result = calculator.evaluate_json({**request, "inputs": {**request["inputs"],
                                                                 base.name: value}})
        if "error" in result:
            raise ValueError(f"{provision.id}: {result['error']}")
        return Decimal(result["amount"])

    hints = _hints(provision, Decimal(str(request["inputs"].get(base.name, 0))), kind)
    curve = trace_curve(amount, hints, quantum)
    if curve is None:
        return None
    fixed = {**{k: v for k, v in request["inputs"].items() if k != base.name},
             **{k: request[k] for k in ("project", "person") if k in request}}
    others = "，".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in fixed.items())
    caption = (f"{provision.id} 金额与{base.term}：由计算器逐点计算（授予日期 {request['date']}"
               f"{'，' + others if others else ''}，取自示例「{template.example.title}」）")
    return Markup(curve_svg(curve, base.name, visible(base.term), unit, visible(caption)))


def _hints(provision: ir.Provision, example_base: Decimal, kind: str) -> list[Decimal]:
    """Bases worth seeing: the example's, and for a money base every amount the provision writes
    and every amount divided by every rate (where a cap on a rate binds)."""
    hints = [example_base]
    if kind != "money":
        return hints
    amounts, rates = [], []
    for node in core.walk(provision):
        if isinstance(node, ir.Money) and node.unit in ir.MONEY_UNITS:
            amounts.append(node.value)
        elif isinstance(node, ir.Rate) and node.value > 0:
            rates.append(node.value)
        elif isinstance(node, core.Quantity) and node.unit in ("元", "万元", "亿元"):
            amounts.append(node.value)
        elif isinstance(node, core.Quantity) and node.unit in ("%", "‰") and node.value > 0:
            rates.append(node.value)
    return hints + amounts + [a / r for a in amounts for r in rates]


def _examples(outcomes: Sequence[Outcome]) -> list[dict[str, Any]]:
    views = []
    for o in outcomes:
        result = o.result
        views.append({
            "title": o.example.title,
            "readings": [n.text for n in o.example.notes if isinstance(n, ir.Reading)],
            "request": fence(json.dumps(o.request, ensure_ascii=False, indent=2), "json"),
            "amount": _shown_amount(result.get("amount")),
            "expected": _shown_amount(o.expected),
            "passed": o.passed,
            "eligible": result.get("eligible"),
            "shares": (_shown_amount(result.get("district_share")),
                       _shown_amount(result.get("town_share"))),
            "trace": result.get("trace", []),
            "reasons": result.get("reasons", []) or ([result["error"]] if "error" in result
                                                     else []),
        })
    return views


def _shown_amount(text: str | None) -> str:
    """A result's amount with the separators the traces use (15000000.00 → 15,000,000.00)."""
    return "—" if text is None else fmt(Decimal(text))


def provision_view(checked: CheckedPolicy, measure: ir.Measure, provision: ir.Provision,
                   index: OfficialIndex, sources: Mapping[str, str],
                   outcomes: Sequence[Outcome], calculator: Any = None) -> ProvisionView:
    page = measure_page(measure.number)
    cites = [c.text for c in provision.cites]
    params = parameters(checked, measure, provision)
    own = [o for o in outcomes if o.provision.id == provision.id]
    return ProvisionView(
        id=provision.id, anchor=anchor(provision.id), title=provision.title,
        kind=ir.award_kind(provision.awards[0]), units=provision.units or measure.units,
        official=_official_in_context(index, cites), cites=tuple(cites),
        sentence=render(checked, measure, provision),
        source=_source_of(provision, sources),
        source_file=PurePath(provision.span.file).name,
        parameters=params, inputs=_inputs(provision),
        chart=_chart(checked, provision, calculator, own), readings=_readings(provision, page),
        examples=_examples(own),
        summary="；".join(f"{p.what} {p.written}" for p in params),
        lines=_cited_lines(index, cites),
    )


def _cited_lines(index: OfficialIndex, cites: Sequence[str]) -> Markup:
    spans = sorted(s for s in (index.locate(c) for c in cites) if s is not None)
    return line_link(index, spans[0][0], spans[-1][1]) if spans else Markup("")


# ---------------------------------------------------------------- pages


def generate_docs(checked: CheckedPolicy, sources: Mapping[str, str],
                  outcomes: Sequence[Outcome],
                  history: Mapping[str, Sequence[Change]] | None = None,
                  amendments: Sequence[ir.Amendment] = (),
                  calculator: Any = None) -> dict[str, str]:
    """Pages by relative path (``<policy>/index.md`` …), deterministic for the same input.

    ``history`` gives each provision's changes by amendment (a timeline table on its page);
    each amendment gets a page of its own. ``calculator`` (the compiled policy) draws the charts.
    """
    history = history or {}
    env = _environment()
    policy = checked.policy
    index = OfficialIndex(checked.official_text)
    base = policy.header.name
    measures = []
    for measure in policy.measures:
        views = [attrs.evolve(provision_view(checked, measure, p, index, sources, outcomes,
                                             calculator),
                              history=tuple(history.get(p.id, ())))
                 for p in measure.provisions]
        measures.append({"measure": measure, "page": measure_page(measure.number),
                         "provisions": views,
                         "official": _official_in_context(index, [c.text for c in measure.cites]),
                         "caps": [{"amount": money_words(c.amount.value),
                                   "scope": "、".join(c.provisions),
                                   "readings": [n.text for n in c.notes
                                                if isinstance(n, ir.Reading)]}
                                  for c in measure.caps]})
    header = _header_view(policy.header, index)
    report = fidelity(policy, checked.official_text, accounting_notes(policy))
    lines = _official_lines(policy, index, report)
    amendment_views = [_amendment_view(a) for a in amendments]
    context = {"header": header, "measures": measures, "examples_total": len(outcomes),
               "examples_passed": sum(1 for o in outcomes if o.passed),
               "amendments": amendment_views}
    pages = {f"{base}/index.md": env.get_template("policy.md.j2").render(context)}
    for m in measures:
        pages[f"{base}/{m['page']}"] = env.get_template("measure.md.j2").render(
            {"header": header, "m": m})
    for view in amendment_views:
        pages[f"{base}/{view['page']}"] = env.get_template("amendment.md.j2").render(
            {"header": header, "a": view})
    pages[f"{base}/review.md"] = env.get_template("review.md.j2").render(context)
    pages[f"{base}/register.md"] = env.get_template("register.md.j2").render(
        {"header": header, "rows": _register(policy, measures)})
    pages[f"{base}/fidelity.md"] = env.get_template("fidelity.md.j2").render(
        {"header": header, **_fidelity_view(report)})
    pages[f"{base}/{OFFICIAL_PAGE}"] = env.get_template("official.md.j2").render(
        {"header": header, "lines": lines})
    return pages


def amendment_page(amendment: ir.Amendment) -> str:
    return f"amendment-{amendment.name}.md"


def _amendment_view(amendment: ir.Amendment) -> dict[str, Any]:
    items = []
    for item in amendment.items:
        match item:
            case ir.Change():
                value = item.value if isinstance(item.value, int) else item.value.text
                what = f"修改 {item.provision} {item.parameter} 为 {value}"
            case ir.Repeal():
                what = f"废止 {item.provision}"
            case ir.AddProvisions():
                ids = "、".join(p.id for p in item.provisions)
                what = f"{'替换' if item.replace else '新增'} {ids}"
        notes = getattr(item, "notes", ())
        items.append({"what": what,
                      "cites": [n.text for n in notes if isinstance(n, ir.Cite)],
                      "readings": [n.text for n in notes if isinstance(n, ir.Reading)]})
    return {"page": amendment_page(amendment), "name": amendment.name, "title": amendment.title,
            "doc_number": amendment.doc_number or amendment.name,
            "issued": amendment.issued.isoformat() if amendment.issued else "",
            "effective": amendment.effective.isoformat() if amendment.effective else "",
            "items": items, "readings": [r.text for r in amendment.readings]}


def _header_view(header: ir.PolicyHeader, index: OfficialIndex) -> dict[str, Any]:
    rules = []
    for rule in header.rules:
        cites = [n.text for n in rule.notes if isinstance(n, ir.Cite)]
        rules.append({"id": rule.rule_id, "what": _rule_what(rule),
                      "official": _official_in_context(index, cites),
                      "lines": _cited_lines(index, cites),
                      "readings": [n.text for n in rule.notes if isinstance(n, ir.Reading)]})
    return {"name": header.name, "title": header.title, "doc_number": header.doc_number or "",
            "issued": header.issued.isoformat() if header.issued else "",
            "issuers": "、".join(header.issuers),
            "sha256": header.official.sha256 if header.official else "",
            "rules": rules,
            "core": [_core_view(item, index) for item in header.core],
            "readings": [r.text for r in header.readings],
            "noncomputational": [{"fragment": n.fragment,
                                  "why": " ".join(r.text for r in n.notes
                                                  if isinstance(r, ir.Reading))}
                                 for n in header.noncomputational]}


def _core_view(item: core.Statement, index: OfficialIndex) -> dict[str, Any]:
    """A policy-level core statement (须, 限额, 义务, 定义, 勘误, 分配) for the policy page."""
    what = core_words.statement_words(item)
    cites = [n.text for n in item.notes if isinstance(n, ir.Cite)]
    return {"what": what, "official": _official_in_context(index, cites),
            "lines": _cited_lines(index, cites),
            "readings": [n.text for n in item.notes if isinstance(n, ir.Reading)]}


def _rule_what(rule: ir.Rule) -> str:
    match rule:
        case ir.Validity() if rule.start is None:
            return f"有效期：自{rule.start_text}起，原文未载明该日期，无截止日期（授予日期不核对）"
        case ir.Validity() if rule.end is None and rule.from_publication:
            return (f"有效期：自{rule.start_text}起（原文未载明该日期；按解读不早于 "
                    f"{rule.start}），无截止日期")
        case ir.Validity() if rule.end is None:
            return f"有效期：授予日期 {rule.start.isoformat()} 起，无截止日期"
        case ir.Validity():
            return f"有效期：授予日期 {rule.start} 至 {rule.end}（含两端）"
        case ir.FundingSplit():
            total = rule.ratio.left + rule.ratio.right
            return (f"资金分担：{rule.first} {fmt(rule.ratio.left * 100 / total)}%，"
                    f"{rule.second} {fmt(rule.ratio.right * 100 / total)}%（{rule.ratio.text}）")
        case ir.Override():
            return f"突破上限：请求字段 {rule.flag} 为 true 时适用"
        case ir.Supersession():
            return "新规优先：以修订文件自生效日起改变参数"


def _register(policy: ir.Policy, measures: list[dict[str, Any]]) -> list[ReadingRow]:
    rows = [ReadingRow("政策", Markup("index.md"), "政策", r.text)
            for r in policy.header.readings]
    for rule in policy.header.rules:
        rows += [ReadingRow(rule.rule_id, Markup("index.md#rules"), "附则", n.text)
                 for n in rule.notes if isinstance(n, ir.Reading)]
    for item in policy.header.core:
        rows += [ReadingRow("政策", Markup("index.md#core"), _CORE_NAMES[type(item).__name__],
                            n.text) for n in item.notes if isinstance(n, ir.Reading)]
    for m in measures:
        measure = m["measure"]
        page = Markup(m["page"])
        rows += [ReadingRow(f"措施 {measure.number}", page, "措施", r.text)
                 for r in measure.readings]
        for qualitative in measure.qualitative:
            rows += [ReadingRow(f"措施 {measure.number}", page, "定性", n.text)
                     for n in qualitative.notes if isinstance(n, ir.Reading)]
        for cap in measure.caps:
            rows += [ReadingRow(f"{measure.number}.x", page, "单个企业最高", n.text)
                     for n in cap.notes if isinstance(n, ir.Reading)]
        for item in measure.core:
            rows += [ReadingRow(f"措施 {measure.number}", page,
                                _CORE_NAMES[type(item).__name__], n.text)
                     for n in item.notes if isinstance(n, ir.Reading)]
        for view in m["provisions"]:
            rows += list(view.readings)
    return rows


#: The fidelity check's kinds of number, in Chinese with the English word.
KIND_LABELS = {"amount": "金额 · amount", "rate": "比例 · rate", "ratio": "配套比 · ratio",
               "date": "日期 · date", "count": "数量 · count", "multiple": "倍数 · multiple",
               "usd": "美元金额 · US dollars"}


def _fidelity_view(report: FidelityReport) -> dict[str, Any]:
    forward = [{"provision": c.used.provision, "kind": KIND_LABELS[c.used.kind], "written": c.used.text,
                "found": c.found} for c in report.forward]
    reverse = [{"line": Markup(f"[{c.line}]({OFFICIAL_PAGE}#L{c.line})"),
                "text": c.found.text.replace("\n", " "), "kind": KIND_LABELS[c.found.kind],
                "by": "、".join(c.accounted_by), "note": c.note or "",
                "accounted": c.accounted} for c in report.reverse]
    return {"forward": forward, "reverse": reverse,
            "forward_ok": report.forward_ok, "reverse_ok": report.reverse_ok,
            "forward_pct": _pct(report.forward_ok, len(forward)),
            "reverse_pct": _pct(report.reverse_ok, len(reverse))}


def _pct(part: int, whole: int) -> str:
    return "100%" if whole == 0 else f"{part * 100 // whole}%" if part != whole else "100%"


# ---------------------------------------------------------------- the whole official text


_DIGITS = re.compile(r"[0-9０-９]+")


@attrs.frozen
class Mark:
    """A number of the official text and what the site says of it: the provisions that encode
    it (links), or why it computes nothing, or that nothing encodes it."""

    start: int
    end: int
    kind: str  # "encoded", "noncomputational", "missing" or "identifier"
    links: tuple[tuple[str, str], ...] = ()  # (provision id, page#anchor)
    why: str = ""


def line_link(index: OfficialIndex, start: int, end: int) -> Markup:
    """「原文第 12 行」 (or 第 12–13 行), linked to the lines on the official-text page."""
    first, last = index.line_of(start), index.line_of(max(start, end - 1))
    words = f"第 {first} 行" if first == last else f"第 {first}–{last} 行"
    return Markup(f"[原文{words}]({OFFICIAL_PAGE}#L{first})")


def provision_links(policy: ir.Policy) -> dict[str, str]:
    """Where each id the fidelity check names is shown: provisions, 3.x caps, rules, 政策."""
    links = {"政策": "index.md#core"}
    links |= {rule.rule_id: "index.md#rules" for rule in policy.header.rules}
    for measure in policy.measures:
        links[f"{measure.number}.x"] = measure_page(measure.number)
        links |= {p.id: f"{measure_page(measure.number)}#{anchor(p.id)}"
                  for p in measure.provisions}
    return links


def _cited_spans(policy: ir.Policy, index: OfficialIndex) -> list[tuple[int, int, str, str]]:
    """(start, end, who, link) for every sentence a provision, measure or rule cites."""
    found: list[tuple[int, int, str, str]] = []

    def add(cites: Iterable[ir.Cite], who: str, link: str) -> None:
        for cite in cites:
            where = index.locate(cite.text)
            if where is not None:
                found.append((*where, who, link))

    for rule in policy.header.rules:
        add((n for n in rule.notes if isinstance(n, ir.Cite)), rule.rule_id, "index.md#rules")
    for item in policy.header.core:
        add((n for n in item.notes if isinstance(n, ir.Cite)), "政策", "index.md#core")
    for measure in policy.measures:
        page = measure_page(measure.number)
        for provision in measure.provisions:
            add(provision.cites, provision.id, f"{page}#{anchor(provision.id)}")
        if not measure.provisions:
            add(measure.cites, f"措施 {measure.number}", page)
    return sorted(found)


def _marks(report: FidelityReport, index: OfficialIndex,
           links: Mapping[str, str]) -> list[Mark]:
    """Every number of the text: the fidelity check's amounts, rates, ratios and counts, its
    dates, and the digits it does not read as a quantity (document numbers, item numbers)."""
    marks = []
    for check in report.reverse:
        f = check.found
        if check.accounted_by:
            marks.append(Mark(f.start, f.end, "encoded",
                              tuple((p, links.get(p, "index.md")) for p in check.accounted_by)))
        elif check.note is not None:
            marks.append(Mark(f.start, f.end, "noncomputational", why=check.note))
        else:
            marks.append(Mark(f.start, f.end, "missing"))
    taken = bytearray(len(index.text))
    for f in index.found:
        taken[f.start:f.end] = b"\x01" * (f.end - f.start)
        if f.kind == "date":
            marks.append(Mark(f.start, f.end, "identifier", why="日期 · a date"))
    for m in _DIGITS.finditer(index.text):
        if not any(taken[m.start():m.end()]):
            marks.append(Mark(m.start(), m.end(), "identifier",
                              why="编号或序号，不是金额、比例或件数 · a number that names something"))
    return sorted(marks, key=lambda m: m.start)


_MARK_WORDS = {"noncomputational": "非计算", "missing": "未编码"}


def _attribute(text: str) -> str:
    """Text for an HTML attribute in double quotes: escaped as Markdown text, quotes too."""
    return md_escape(text).replace('"', "&#34;").replace("'", "&#39;")


def _render_mark(mark: Mark, text: str) -> str:
    shown = md_escape(text)
    if mark.kind == "encoded":
        pid, link = mark.links[0]
        ids = "、".join(f"[{md_escape(p)}]({link})" for p, link in mark.links)
        return (f'<span class="num num-encoded">[{shown}]({link})'
                f'<sup class="by">{ids}</sup></span>')
    if mark.kind == "identifier":
        return f'<span class="num num-identifier" title="{_attribute(mark.why)}">{shown}</span>'
    title = f' title="{_attribute(mark.why)}"' if mark.why else ""
    return (f'<span class="num num-{mark.kind}"{title}>{shown}'
            f'<sup class="flag">{_MARK_WORDS[mark.kind]}</sup></span>')


def _official_lines(policy: ir.Policy, index: OfficialIndex,
                    report: FidelityReport) -> list[Markup]:
    """Each line of the text as a Markdown paragraph with its anchor (#L12): numbers marked,
    cited sentences highlighted and linked to the provision that cites them."""
    text = index.text
    spans = _cited_spans(policy, index)
    marks = _marks(report, index, provision_links(policy))
    cuts = {0, len(text)} | {m.start() + 1 for m in re.finditer("\n", text)}
    cuts |= {m.start() for m in re.finditer("\n", text)}
    for s, e, _, _ in spans:
        cuts |= {s, e}
    for m in marks:
        cuts |= {m.start, m.end}
    edges = sorted(cuts)
    ends: dict[int, list[tuple[str, str]]] = {}
    for _, e, who, link in spans:
        ends.setdefault(e, []).append((who, link))
    by_start = {m.start: m for m in marks}
    lines: list[list[str]] = [[]]
    mark: Mark | None = None
    for a, b in zip(edges, edges[1:], strict=False):
        piece = text[a:b]
        if piece == "\n":
            lines.append([])
            continue
        mark = by_start.get(a, mark if mark is not None and a < mark.end else None)
        cited = any(s <= a and b <= e for s, e, _, _ in spans)
        shown = _render_mark(mark, piece) if mark is not None else md_escape(piece)
        lines[-1].append(f'<mark class="cited">{shown}</mark>' if cited else shown)
        for who, link in ends.get(b, []):
            lines[-1].append(f'<sup class="cite">[→{md_escape(who)}]({link})</sup>')
    if text.endswith("\n"):
        lines.pop()
    return [Markup(f'<span class="ln" id="L{n}">[{n}](#L{n})</span> {"".join(parts)}')
            for n, parts in enumerate(lines, start=1)]
