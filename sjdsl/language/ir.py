"""The intermediate representation: frozen attrs nodes, each with the source span it came from.

Names follow the domain in English (``PerEnterpriseCap`` for 单个企业最高); the glossary in
``docs/language.md`` maps them to the policy's own terms. Spans are left out of equality so that
two parses of the same program compare equal wherever the text sits.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal, Union

import attrs

from sjdsl.core.nodes import ExprAward, Statement
from sjdsl.language.spans import NO_SPAN, Cite, Notes, Reading, Span, _span  # noqa: F401  (ir.Span …)

# ---------------------------------------------------------------- literals


#: The days a policy may run from without writing a date (有效期 自 发布之日 起).
PUBLICATION_DAYS = ("发布之日", "印发之日", "公布之日")

#: The money units a drafter may write, as multiples of 元.
MONEY_UNITS = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}


@attrs.frozen
class Money:
    """An amount as written (``3000万元``): the number, its unit word, and the text."""

    number: Decimal
    unit: str | None
    text: str
    span: Span = _span()

    @property
    def value(self) -> Decimal:
        """The amount in 元 (the checker has made sure the unit is known)."""
        return self.number * MONEY_UNITS.get(self.unit or "", Decimal(1))


@attrs.frozen
class Rate:
    """A percentage, kept as the exact fraction (``15%`` → 0.15)."""

    value: Decimal
    text: str
    span: Span = _span()


@attrs.frozen
class Ratio:
    """A matching ratio ``a:b`` (1:0.5 gives 0.5 of the base)."""

    left: Decimal
    right: Decimal
    text: str
    span: Span = _span()

    @property
    def value(self) -> Decimal:
        return self.right / self.left if self.left else Decimal(0)


@attrs.frozen
class Ref:
    """A reference to an input or a derived quantity, by official term or English name."""

    name: str
    span: Span = _span()




# ---------------------------------------------------------------- inputs

InputKind = Literal["money", "count", "enum", "area", "percent", "bool", "date", "usd", "id",
                    "list", "records"]


@attrs.frozen
class Input:
    """An input of a provision: official term, English name, kind, enumeration values."""

    term: str
    name: str
    kind_word: str
    values: tuple[str, ...]
    optional: bool
    span: Span = _span()
    #: a 名单's fields, each an input of a scalar kind
    fields: tuple[Input, ...] = ()


@attrs.frozen
class Increment:
    """A derived quantity: ``定义 增量 = 本年 - 上年`` (the increment over the previous year)."""

    name: str
    minuend: Ref
    subtrahend: Ref
    span: Span = _span()


# ---------------------------------------------------------------- award formulas


@attrs.frozen
class RateAward:
    """按 [不超过] BASE 的 RATE: a share of a base amount, as a ceiling or a fixed rate."""

    base: Ref
    rate: Rate | Ratio
    ceiling: bool
    verb: str = ""
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class FixedAward:
    """A fixed amount (给予 20 万元) or a bare ceiling (最高 30 万元), optionally assessed."""

    amount: Money
    ceiling: bool
    assessed: Ref | None = None
    verb: str = ""
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class PerUnitAward:
    """按 COUNT 每件 2万元: an amount per unit of a counted input."""

    count: Ref
    unit_word: str
    amount: Money
    verb: str = ""
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class PassThroughAward:
    """按 BASE: the base amount itself (e.g. the interest paid), usually under a cap."""

    base: Ref
    verb: str = ""
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class Tier:
    """One row of a tiered award: the enumeration value, its amount, and whether it is once only."""

    value: str
    amount: Money
    ceiling: bool
    one_time: bool
    span: Span = _span()


@attrs.frozen
class TieredAward:
    """按 LEVEL 分别 …: an amount per value of an enumerated input (区级/市级/国家级)."""

    selector: Ref
    tiers: tuple[Tier, ...]
    verb: str = ""
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class MultipleAward:
    """按 BASE 的 3倍: a multiple of a periodic amount (three months' rent)."""

    base: Ref
    factor: Decimal
    text: str
    verb: str = ""
    notes: Notes = ()
    span: Span = _span()
    factor_span: Span = _span()  # the number before 倍, for a diagnostic about it


@attrs.frozen
class BestOf:
    """择优 6.1、6.2、6.3: the best of alternatives the enterprise qualifies for."""

    provisions: tuple[str, ...]
    verb: str = ""
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class Band:
    """One band of a banded rate: above (or from) a lower edge, up to an upper edge inclusive.

    ``rate`` None means the band is decided case by case (个案) and is not computed.
    """

    op: ThresholdOp
    op_word: str
    lower: Money
    upper: Money | None
    rate: Rate | None
    span: Span = _span()


@attrs.frozen
class BandAward:
    """按 X 分段 全额: the rate of the band X falls in applies to the whole of X."""

    base: Ref
    bands: tuple[Band, ...]
    verb: str = ""
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class Rung:
    """One rung of a ladder: crossing ``threshold`` earns ``amount``."""

    threshold: Money
    amount: Money
    span: Span = _span()


@attrs.frozen
class LadderAward:
    """按 X 首次超过 分别 …: fixed amounts for crossing levels of X.

    First-crossing (首次): each rung is paid once, and a year crossing several rungs gets each of
    them. Otherwise the highest rung crossed is paid, each time.
    """

    base: Ref
    op: ThresholdOp
    op_word: str
    first_time: bool
    rungs: tuple[Rung, ...]
    verb: str = ""
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class ExternalReference:
    """An award whose amount another policy sets (外部): documented, never computed."""

    text: str
    span: Span = _span()
    notes: Notes = ()


@attrs.frozen
class Repealed:
    """A provision repealed by an amendment (废止): answered as not eligible, with the document."""

    by: str
    effective: datetime.date
    span: Span = _span()


@attrs.frozen
class Qualitative:
    """A commitment with no money (定性): documented only."""

    text: str
    span: Span = _span()
    notes: Notes = ()


Award = Union[
    RateAward, FixedAward, PerUnitAward, PassThroughAward, TieredAward, MultipleAward, BestOf,
    BandAward, LadderAward, ExternalReference, Qualitative, Repealed, ExprAward,
]


def award_kind(award: Award) -> str:
    """monetary, external (另一政策定额), qualitative (定性) or repealed (废止)."""
    if isinstance(award, Repealed):
        return "repealed"
    if isinstance(award, ExternalReference):
        return "external"
    if isinstance(award, Qualitative):
        return "qualitative"
    return "monetary"

# ---------------------------------------------------------------- limits and conditions


@attrs.frozen
class PerAwardCap:
    """最高 / 上限 after a rate: a cap on the one award."""

    amount: Money
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class PerYearCap:
    """每年最高: a cap per enterprise per calendar year of the grant date, over this provision."""

    amount: Money
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class PerProjectYearCap:
    """每项目每年最高: a cap per project per calendar year, over this provision's grants."""

    amount: Money
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class PerEnterpriseCap:
    """单个企业最高: a cumulative cap per enterprise over the named provisions."""

    amount: Money
    provisions: tuple[str, ...]
    notes: Notes = ()
    span: Span = _span()


YearScope = Literal["project", "enterprise", "person"]


@attrs.frozen
class YearLimit:
    """单个项目最多 N 年 (or 单个企业最多 / 每人最多): at most N distinct calendar years of grants."""

    years: int
    scope: YearScope = "project"
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class OneTime:
    """一次性: at most once per enterprise (per tier, for a tiered award; 每人: per person)."""

    per_person: bool = False
    notes: Notes = ()
    span: Span = _span()


ThresholdOp = Literal["ge", "gt"]


@attrs.frozen
class Threshold:
    """门槛 X 达/超过 N: a condition on an input; 首次达 also makes the award first-time only."""

    input: Ref
    op: ThresholdOp
    op_word: str
    amount: Money | Rate
    first_time: bool
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class RequiresEarlier:
    """前提 以前年度 已获 P: a grant of P in an earlier calendar year (N 年内: within N years)."""

    provision: str
    within_years: int | None = None
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class JointLimit:
    """财政支持合计 不超过 BASE 的 RATE 含 …: this award plus other funding within a share of a base."""

    base: Ref
    rate: Rate
    counted: tuple[Ref, ...]
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class Instalments:
    """分期 40%、30%、30% 自 下一年度: the award paid in shares over consecutive years."""

    shares: tuple[Rate, ...]
    start: Literal["next", "same"]
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class ExcludedIf:
    """排除 X: not eligible when the yes/no input X is true (已享受其他类似扶持)."""

    input: Ref
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class DecidedIf:
    """另行确定 X: when the yes/no input X is true the amount is decided elsewhere, not computed."""

    input: Ref
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class DurationLimit:
    """期限 以 合同月数 为限 最长 N 个月: months paid per person, bounded by an input and N."""

    bound: Ref
    max_months: int
    notes: Notes = ()
    span: Span = _span()


Limit = Union[
    PerAwardCap, PerYearCap, PerProjectYearCap, PerEnterpriseCap, YearLimit, OneTime, Threshold,
    RequiresEarlier, JointLimit, Instalments, ExcludedIf, DecidedIf, DurationLimit,
]


@attrs.frozen
class ExclusiveGroup:
    """不得重复享受 P、Q: at most one grant among these provisions per enterprise."""

    provisions: tuple[str, ...]
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class HeadcountCap:
    """每家企业不超过 N 人: distinct persons per enterprise over these provisions."""

    persons: int
    provisions: tuple[str, ...]
    notes: Notes = ()
    span: Span = _span()

# ---------------------------------------------------------------- worked examples


@attrs.frozen
class ExampleInput:
    """One input of a worked example: an amount or count (``money``) or an enumeration word."""

    ref: Ref
    money: Money | None
    word: str | None
    rate: Rate | None = None
    date: datetime.date | None = None
    span: Span = _span()
    #: a list input's values (1亿元、2亿元), or a 名单's records as written (「…；…」)
    items: tuple[Money, ...] | None = None
    records: str | None = None


@attrs.frozen
class ExampleGrant:
    """An earlier grant in a worked example's history."""

    provision: str
    date: datetime.date
    amount: Money
    project: str | None
    inputs: tuple[tuple[str, str | Money | Rate], ...]
    person: str | None = None
    span: Span = _span()


@attrs.frozen
class Example:
    """示例: a worked case written next to a provision, run by ``sjdsl test`` and shown in docs.

    ``expect`` is the expected amount, or None for 不予 (not eligible).
    """

    title: str
    date: datetime.date | None
    inputs: tuple[ExampleInput, ...]
    project: str | None
    person: str | None
    history: tuple[ExampleGrant, ...]
    override: bool
    expect: Money | None
    expect_given: bool
    notes: Notes = ()
    span: Span = _span()


# ---------------------------------------------------------------- structure


@attrs.frozen
class Provision:
    """A provision (条款): inputs, one award formula and its limits, cited and annotated."""

    id: str
    title: str
    units: tuple[str, ...]
    cites: tuple[Cite, ...]
    readings: tuple[Reading, ...]
    inputs: tuple[Input, ...]
    increments: tuple[Increment, ...]
    awards: tuple[Award, ...]
    limits: tuple[Limit, ...]
    examples: tuple[Example, ...] = ()
    span: Span = _span()
    #: the core's statements written under the provision (定义, 须, 限额 …), in order
    core: tuple[Statement, ...] = ()


@attrs.frozen
class Measure:
    """A measure (措施 （一）…): its provisions, shared caps and qualitative text."""

    number: int
    title: str
    units: tuple[str, ...]
    cites: tuple[Cite, ...]
    readings: tuple[Reading, ...]
    qualitative: tuple[Qualitative, ...]
    caps: tuple[PerEnterpriseCap, ...]
    provisions: tuple[Provision, ...]
    exclusives: tuple[ExclusiveGroup, ...] = ()
    headcounts: tuple[HeadcountCap, ...] = ()
    span: Span = _span()
    core: tuple[Statement, ...] = ()


@attrs.frozen
class Validity:
    """附则: the dates between which a grant is in force, both inclusive.

    ``end`` None is open-ended (自…起实行); ``start`` None is a start the text does not date
    (自发布之日起, with no 发文日期 known): neither bound is then checked, and the trace says so.
    """

    rule_id: str
    start: datetime.date | None
    end: datetime.date | None
    start_text: str
    end_text: str
    notes: Notes = ()
    span: Span = _span()
    years: int | None = None
    target: Ref | None = None

    @property
    def from_publication(self) -> bool:
        """自发布之日起 (or 印发, 公布): the start is a day the text names, not a date it writes."""
        return self.start_text in PUBLICATION_DAYS


@attrs.frozen
class FundingSplit:
    """附则: how every award is shared between two budgets (区级 : 街镇 = 7 : 3)."""

    rule_id: str
    ratio: Ratio
    first: str
    second: str
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class Override:
    """附则: caps may be lifted with an approval, given as a boolean request field."""

    rule_id: str
    flag: str
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class Supersession:
    """附则: a later national or municipal rule prevails where it differs."""

    rule_id: str
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class ApplicationWindow:
    """附则: the request's date must fall between two days of its year (申报时间)."""

    rule_id: str
    start: tuple[int, int]
    end: tuple[int, int]
    start_text: str
    end_text: str
    notes: Notes = ()
    span: Span = _span()


Rule = Union[Validity, FundingSplit, Override, Supersession, ApplicationWindow]


@attrs.frozen
class OfficialText:
    """The official text file named by the policy, with its recorded SHA-256."""

    path: str
    sha256: str | None
    span: Span = _span()


@attrs.frozen
class NonComputational:
    """非计算: a fragment of the official text whose numbers compute nothing, and why."""

    fragment: str
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class PolicyHeader:
    """The 政策 block: identity, document number, official text and supplementary rules."""

    name: str
    title: str
    doc_number: str | None
    issued: datetime.date | None
    issuers: tuple[str, ...]
    official: OfficialText | None
    rules: tuple[Rule, ...]
    readings: tuple[Reading, ...]
    noncomputational: tuple[NonComputational, ...] = ()
    inputs: tuple[Input, ...] = ()
    span: Span = _span()
    core: tuple[Statement, ...] = ()


@attrs.frozen
class Change:
    """修改 P 参数 值: from the amendment's date, a parameter of provision P takes a new value."""

    provision: str
    parameter: str
    value: Money | Rate | int
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class Repeal:
    """废止 P: from the amendment's date, provision P no longer pays."""

    provision: str
    notes: Notes = ()
    span: Span = _span()


@attrs.frozen
class AddProvisions:
    """新增 / 替换: whole provisions added to (or replacing theirs in) the policy."""

    provisions: tuple[Provision, ...]
    replace: bool
    span: Span = _span()


AmendmentItem = Union[Change, Repeal, AddProvisions]


@attrs.frozen
class Amendment:
    """修订: a later document changing a policy from its effective date."""

    name: str
    title: str
    amends: str
    doc_number: str | None
    issued: datetime.date | None
    effective: datetime.date | None
    official: OfficialText | None
    items: tuple[AmendmentItem, ...]
    readings: tuple[Reading, ...]
    span: Span = _span()


@attrs.frozen
class SourceFile:
    """One parsed .pol file: its blocks in order."""

    path: str
    headers: tuple[PolicyHeader, ...]
    measures: tuple[Measure, ...]
    amendments: tuple[Amendment, ...] = ()


@attrs.frozen
class Policy:
    """A whole policy: the header and every measure, gathered from all of its files."""

    header: PolicyHeader
    measures: tuple[Measure, ...]
    files: tuple[str, ...]
    amendments: tuple[Amendment, ...] = ()

    def provisions(self) -> tuple[Provision, ...]:
        return tuple(p for m in self.measures for p in m.provisions)
