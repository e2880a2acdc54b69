"""Hand-worked cases for 《甘井子区企业挂牌上市补贴专项资金管理办法》, computed by hand from the text.

Every figure below was worked out by hand from the sentence quoted in the case (a verbatim substring of
policies/ganjingzi-listing-subsidy/official.txt) and the readings adopted in that folder's README.md; none
was copied from a program's output.  Conventions used in ``working``:

* money in 元, the overseas financing in US dollars (never converted);
* each provision's result rounded once, at the end, to the fen, half-up; caps applied before that;
* no district/town split: district = amount, town = 0.00; ``ceiling`` false everywhere;
* ``eligible`` is true exactly when amount > 0, otherwise all three money fields are "0.00";
* validity (F.1): 2016-01-01 … 2020-12-31 judged on ``listing_date``; ``date`` is the grant date;
* 第二条 on every award: whole years from ``established_on`` to ``listing_date`` ≥ 3; an industrial
  enterprise's output ≥ 20,000,000.00, any other enterprise's revenue ≥ 20,000,000.00; in the
  cultivation plan; proceeds used in the district; 第十五条: applied in advance;
* 第八条: an award is at most the expenses it pays for (bills up to the cap; 5.1/6.1: min(200万, expenses));
* every award once per enterprise; one of 3.1 / 4.2 / 7.3; one of 4.1 / 7.2.

The module is plain data: ``CASES`` (requests with expected results) and ``BAD_REQUESTS`` (raw request
lines that must give an ``error`` naming ``field``).
"""

# --- the official sentences (verbatim substrings of official.txt) -----------------------------------

_S2 = (
    "凡在我区行政区域内设立三年以上、营业收入2000万元以上（工业企业产值2000万元以上）且纳入我区拟上市企业培育计划、"
    "于境内外资本市场挂牌上市、募集资金主要使用项目在我区的拟上市企业，均可按照本办法相关规定申请上市补贴资金。"
)
_S3 = "境内首发上市（IPO）企业，按照经审核后的上市票据实际发生额给予补贴，补贴额度最高不超过300万元。"
_S41 = "境内“新三板”挂牌企业，按照经审核后的“新三板”挂牌票据实际发生额给予补贴，补贴额度最高不超过150万元；"
_S42 = "成功升板后，按照经审核后的上市票据实际发生额给予补贴，补贴额度最高不超过150万元。"
_S5 = (
    "境内非首发上市企业，异地收购且将上市公司注册地迁入本区，或收购本区上市公司且使上市公司自收购之日起一年内"
    "实现扭亏为盈、经营业绩或者资产规模增长20%以上的，补贴费用200万元。"
)
_S6 = "境外主板或创业板上市且实现融资1000万美元以上的企业（含首发和非首发），成功上市后，补贴费用200万元。"
_S71 = "按照经审核后的“四板”挂牌票据实际发生额给予补贴，补贴额度最高不超过50万元；"
_S72 = "“四板”挂牌企业完成在“新三板”挂牌的，按照经审核后的“新三板”挂牌票据实际发生额给予补贴，补贴额度最高不超过100万元；"
_S73 = "通过“新三板”成功发行上市的企业，按照经审核后的上市票据实际发生额给予补贴，补贴额度最高不超过150万元。"
_S8 = "（补贴总额不能超过实际发生额）"
_S15 = "企业应在确定券商、律师、会计师等挂牌上市工作专业机构前，向区经信局提出补贴申请。"
_S20 = "本办法有效期五年，自2016年1月1日起施行。"

_NONE = {"eligible": False, "amount": "0.00", "district_share": "0.00", "town_share": "0.00"}


def _paid(amount):
    return {"eligible": True, "amount": amount, "district_share": amount, "town_share": "0.00",
            "ceiling": False}


def _app(listing="2017-06-01", **more):
    """The policy-wide facts of a qualifying application (第二条, 第十五条), then the provision's own."""
    inputs = {"listing_date": listing, "established_on": "2010-01-01", "revenue": "50000000.00",
              "in_cultivation_plan": True, "proceeds_used_in_district": True,
              "applied_in_advance": True}
    inputs.update(more)
    return inputs


def _h(provision, date, amount, inputs):
    return {"provision": provision, "date": date, "amount": amount, "inputs": inputs}


def _req(provision, inputs, date="2018-06-01", history=()):
    return {"provision": provision, "date": date, "inputs": inputs, "history": list(history)}


CASES = [
    # ================================================================ 第二条 / 第十五条 / 第二十条 on 3.1
    {
        "id": "2-established-three-years-to-the-day",
        "sentence": _S2,
        "working": "established 2014-06-01, listed 2017-06-01: the 3rd anniversary is the listing day → 3 ≥ 3; "
                   "3.1 bills 800,000.00 < 3,000,000.00 → 800,000.00",
        "request": _req("3.1", _app(established_on="2014-06-01", listing_bills="800000.00")),
        "expect": _paid("800000.00"),
    },
    {
        "id": "2-established-one-day-short",
        "sentence": _S2,
        "working": "established 2014-06-02, listed 2017-06-01: 2 whole years < 3 → nothing",
        "request": _req("3.1", _app(established_on="2014-06-02", listing_bills="800000.00")),
        "expect": dict(_NONE),
    },
    {
        "id": "2-revenue-at-2000wan",
        "sentence": _S2,
        "working": "revenue 20,000,000.00 ≥ 20,000,000.00 (以上 includes) → 3.1 bills 100,000.00",
        "request": _req("3.1", _app(revenue="20000000.00", listing_bills="100000.00")),
        "expect": _paid("100000.00"),
    },
    {
        "id": "2-revenue-a-fen-short",
        "sentence": _S2,
        "working": "revenue 19,999,999.99 < 20,000,000.00 → nothing",
        "request": _req("3.1", _app(revenue="19999999.99", listing_bills="100000.00")),
        "expect": dict(_NONE),
    },
    {
        "id": "2-industrial-judged-on-output",
        "sentence": _S2,
        "working": "industrial: output 25,000,000.00 ≥ 20,000,000.00 (revenue 1,000,000.00 does not matter) → "
                   "bills 2,500,000.00 < 3,000,000.00 → 2,500,000.00",
        "request": _req("3.1", _app(industrial=True, revenue="1000000.00", industrial_output="25000000.00",
                                    listing_bills="2500000.00")),
        "expect": _paid("2500000.00"),
    },
    {
        "id": "2-industrial-revenue-does-not-replace-output",
        "sentence": _S2,
        "working": "industrial: output 19,999,999.99 < 20,000,000.00; revenue 50,000,000.00 does not stand in → nothing",
        "request": _req("3.1", _app(industrial=True, industrial_output="19999999.99", listing_bills="100000.00")),
        "expect": dict(_NONE),
    },
    {
        "id": "2-not-in-cultivation-plan",
        "sentence": _S2,
        "working": "not in the district's cultivation plan → nothing",
        "request": _req("3.1", _app(in_cultivation_plan=False, listing_bills="100000.00")),
        "expect": dict(_NONE),
    },
    {
        "id": "2-proceeds-used-elsewhere",
        "sentence": _S2,
        "working": "the main projects of the proceeds are not in the district → nothing",
        "request": _req("3.1", _app(proceeds_used_in_district=False, listing_bills="100000.00")),
        "expect": dict(_NONE),
    },
    {
        "id": "15-no-advance-application",
        "sentence": _S15,
        "working": "applied only after engaging the intermediaries → nothing",
        "request": _req("3.1", _app(applied_in_advance=False, listing_bills="100000.00")),
        "expect": dict(_NONE),
    },
    {
        "id": "20-first-day",
        "sentence": _S20,
        "working": "listed 2016-01-01 = first day of the five years; established 2010 → 3.1 bills 300,000.00",
        "request": _req("3.1", _app(listing="2016-01-01", listing_bills="300000.00"), date="2016-09-01"),
        "expect": _paid("300000.00"),
    },
    {
        "id": "20-last-day-granted-next-year",
        "sentence": _S20,
        "working": "listed 2020-12-31 = last day of 2016-01-01 + 5 years; granted 2021-03-01 (carried over) → "
                   "bills 300,000.00",
        "request": _req("3.1", _app(listing="2020-12-31", listing_bills="300000.00"), date="2021-03-01"),
        "expect": _paid("300000.00"),
    },
    {
        "id": "20-after-five-years",
        "sentence": _S20,
        "working": "listed 2021-01-01, after 2020-12-31 → nothing",
        "request": _req("3.1", _app(listing="2021-01-01", listing_bills="300000.00"), date="2021-03-01"),
        "expect": dict(_NONE),
    },

    # ================================================================ 3.1 IPO ≤ 300万
    {
        "id": "3.1-bills-above-cap",
        "sentence": _S3,
        "working": "bills 5,000,000.00 > 3,000,000.00 → 3,000,000.00",
        "request": _req("3.1", _app(listing_bills="5000000.00")),
        "expect": _paid("3000000.00"),
    },
    {
        "id": "3.1-bills-a-fen-above-cap",
        "sentence": _S3,
        "working": "bills 3,000,000.01 > 3,000,000.00 → 3,000,000.00",
        "request": _req("3.1", _app(listing_bills="3000000.01")),
        "expect": _paid("3000000.00"),
    },
    {
        "id": "3.1-bills-with-fen",
        "sentence": _S3,
        "working": "bills 2,999,999.99 < cap → 2,999,999.99 (no more than the bills, 第八条)",
        "request": _req("3.1", _app(listing_bills="2999999.99")),
        "expect": _paid("2999999.99"),
    },
    {
        "id": "3.1-once",
        "sentence": _S3,
        "working": "3.1 already granted 1,000,000.00 in 2018 → once per enterprise → nothing",
        "request": _req("3.1", _app(listing_bills="2000000.00"), date="2019-06-01",
                        history=[_h("3.1", "2018-06-01", "1000000.00", {})]),
        "expect": dict(_NONE),
    },
    {
        "id": "3.1-neeq-enterprise-takes-4.2",
        "sentence": _S42,
        "working": "a 新三板 enterprise's listing is 升板 (4.2), not a direct IPO (3.1) → 3.1 nothing",
        "request": _req("3.1", _app(listing_bills="2000000.00", on_neeq=True)),
        "expect": dict(_NONE),
    },

    # ================================================================ 4.1 新三板挂牌 ≤ 150万 / 4.2 升板 ≤ 150万
    {
        "id": "4.1-bills-above-cap",
        "sentence": _S41,
        "working": "新三板挂牌 bills 1,800,000.00 > 1,500,000.00 → 1,500,000.00",
        "request": _req("4.1", _app(neeq_bills="1800000.00")),
        "expect": _paid("1500000.00"),
    },
    {
        "id": "4.1-bills-below-cap",
        "sentence": _S41,
        "working": "bills 650,000.50 < 1,500,000.00 → 650,000.50",
        "request": _req("4.1", _app(neeq_bills="650000.50")),
        "expect": _paid("650000.50"),
    },
    {
        "id": "4.1-regional-board-enterprise-takes-7.2",
        "sentence": _S72,
        "working": "a 四板挂牌企业's 新三板挂牌 is 7.2 (≤ 100万) → 4.1 nothing",
        "request": _req("4.1", _app(neeq_bills="1200000.00", on_regional_board=True)),
        "expect": dict(_NONE),
    },
    {
        "id": "4.2-after-4.1",
        "sentence": _S42,
        "working": "升板 after 挂牌 (4.1 granted 1,500,000.00 in 2017): two events; bills 3,200,000.00 > 1,500,000.00 "
                   "→ 1,500,000.00",
        "request": _req("4.2", _app(listing="2019-03-01", listing_bills="3200000.00", on_neeq=True),
                        date="2019-06-01", history=[_h("4.1", "2017-06-01", "1500000.00", {})]),
        "expect": _paid("1500000.00"),
    },
    {
        "id": "4.2-not-on-neeq",
        "sentence": _S42,
        "working": "成功升板 needs a 新三板挂牌企业: on_neeq false → nothing",
        "request": _req("4.2", _app(listing_bills="1000000.00", on_neeq=False)),
        "expect": dict(_NONE),
    },
    {
        "id": "4.2-after-3.1-not-both",
        "sentence": _S8,
        "working": "3.1 granted in 2017 (one listing's bills): 3.1 / 4.2 / 7.3 one of them → 4.2 nothing",
        "request": _req("4.2", _app(listing_bills="1000000.00", on_neeq=True), date="2019-06-01",
                        history=[_h("3.1", "2017-06-01", "2000000.00", {})]),
        "expect": dict(_NONE),
    },

    # ================================================================ 5.1 境内非首发 200万 ≤ expenses
    {
        "id": "5.1-moved-in",
        "sentence": _S5,
        "working": "异地收购, seat moved into the district; expenses 2,600,000.00 → min(2,000,000.00, 2,600,000.00) "
                   "= 2,000,000.00",
        "request": _req("5.1", _app(acquisition="异地收购", seat_moved_in=True, expenses="2600000.00")),
        "expect": _paid("2000000.00"),
    },
    {
        "id": "5.1-not-moved-in",
        "sentence": _S5,
        "working": "异地收购 without moving the seat → nothing",
        "request": _req("5.1", _app(acquisition="异地收购", seat_moved_in=False, expenses="2600000.00")),
        "expect": dict(_NONE),
    },
    {
        "id": "5.1-expenses-below-200wan",
        "sentence": _S8,
        "working": "补贴总额不能超过实际发生额: min(2,000,000.00, 1,234,567.89) = 1,234,567.89",
        "request": _req("5.1", _app(acquisition="异地收购", seat_moved_in=True, expenses="1234567.89")),
        "expect": _paid("1234567.89"),
    },
    {
        "id": "5.1-profit-up-exactly-20pct",
        "sentence": _S5,
        "working": "收购本区上市公司; net profit 5,000,000.00 → 6,000,000.00: +1,000,000.00 ≥ 5,000,000 × 20% = "
                   "1,000,000.00 → 2,000,000.00",
        "request": _req("5.1", _app(acquisition="收购本区上市公司", profit_before="5000000.00",
                                    profit_after="6000000.00", expenses="3000000.00")),
        "expect": _paid("2000000.00"),
    },
    {
        "id": "5.1-profit-up-19.99pct",
        "sentence": _S5,
        "working": "5,000,000.00 → 5,999,999.99: +999,999.99 < 1,000,000.00 → nothing (no other test met)",
        "request": _req("5.1", _app(acquisition="收购本区上市公司", profit_before="5000000.00",
                                    profit_after="5999999.99", expenses="3000000.00")),
        "expect": dict(_NONE),
    },
    {
        "id": "5.1-assets-up-25pct",
        "sentence": _S5,
        "working": "assets 800,000,000 → 1,000,000,000: +200,000,000 ≥ 160,000,000 (20%) → min(200万, 1,800,000.00) "
                   "= 1,800,000.00",
        "request": _req("5.1", _app(acquisition="收购本区上市公司", assets_before="800000000.00",
                                    assets_after="1000000000.00", expenses="1800000.00")),
        "expect": _paid("1800000.00"),
    },
    {
        "id": "5.1-loss-turned-to-profit",
        "sentence": _S5,
        "working": "扭亏为盈 within a year → 2,000,000.00 (expenses 2,000,000.00)",
        "request": _req("5.1", _app(acquisition="收购本区上市公司", turned_profitable=True,
                                    expenses="2000000.00")),
        "expect": _paid("2000000.00"),
    },
    {
        "id": "5.1-no-profit-before-no-growth-test",
        "sentence": _S5,
        "working": "profit before 0.00 (a loss is not a base for growth), after 900,000.00, not 扭亏为盈 declared → "
                   "nothing",
        "request": _req("5.1", _app(acquisition="收购本区上市公司", profit_before="0.00", profit_after="900000.00",
                                    expenses="2000000.00")),
        "expect": dict(_NONE),
    },

    # ================================================================ 6.1 境外上市 200万 ≤ expenses
    {
        "id": "6.1-at-1000wan-usd",
        "sentence": _S6,
        "working": "financing 10,000,000.00 USD ≥ 1000万美元 (以上 includes); expenses 5,000,000.00 → 2,000,000.00",
        "request": _req("6.1", _app(overseas_main_or_growth_board=True, overseas_financing_usd="10000000.00",
                                    expenses="5000000.00")),
        "expect": _paid("2000000.00"),
    },
    {
        "id": "6.1-a-cent-short",
        "sentence": _S6,
        "working": "financing 9,999,999.99 USD < 1000万美元 → nothing",
        "request": _req("6.1", _app(overseas_main_or_growth_board=True, overseas_financing_usd="9999999.99",
                                    expenses="5000000.00")),
        "expect": dict(_NONE),
    },
    {
        "id": "6.1-other-board",
        "sentence": _S6,
        "working": "not a main or growth board → nothing",
        "request": _req("6.1", _app(overseas_main_or_growth_board=False, overseas_financing_usd="50000000.00",
                                    expenses="5000000.00")),
        "expect": dict(_NONE),
    },
    {
        "id": "6.1-expenses-cut",
        "sentence": _S8,
        "working": "min(2,000,000.00, 750,000.25) = 750,000.25",
        "request": _req("6.1", _app(overseas_main_or_growth_board=True, overseas_financing_usd="20000000.00",
                                    expenses="750000.25")),
        "expect": _paid("750000.25"),
    },

    # ================================================================ 7.1 四板 ≤ 50万 / 7.2 ≤ 100万 / 7.3 ≤ 150万
    {
        "id": "7.1-bills-above-cap",
        "sentence": _S71,
        "working": "四板挂牌 bills 500,000.01 > 500,000.00 → 500,000.00",
        "request": _req("7.1", _app(regional_bills="500000.01")),
        "expect": _paid("500000.00"),
    },
    {
        "id": "7.1-bills-below-cap",
        "sentence": _S71,
        "working": "bills 120,000.00 → 120,000.00",
        "request": _req("7.1", _app(regional_bills="120000.00")),
        "expect": _paid("120000.00"),
    },
    {
        "id": "7.2-bills-above-100wan",
        "sentence": _S72,
        "working": "四板 enterprise, 新三板 bills 1,200,000.00 > 1,000,000.00 → 1,000,000.00 (not 4.1's 150万)",
        "request": _req("7.2", _app(neeq_bills="1200000.00", on_regional_board=True), date="2019-06-01",
                        history=[_h("7.1", "2017-06-01", "300000.00", {})]),
        "expect": _paid("1000000.00"),
    },
    {
        "id": "7.2-after-4.1-not-both",
        "sentence": _S8,
        "working": "4.1 already paid the 新三板挂牌 bills → 7.2 nothing",
        "request": _req("7.2", _app(neeq_bills="900000.00", on_regional_board=True), date="2019-06-01",
                        history=[_h("4.1", "2018-06-01", "900000.00", {})]),
        "expect": dict(_NONE),
    },
    {
        "id": "7.3-listing-via-neeq",
        "sentence": _S73,
        "working": "四板 → 新三板 → listing; bills 1,499,999.99 < 1,500,000.00 → 1,499,999.99",
        "request": _req("7.3", _app(listing_bills="1499999.99", on_neeq=True, on_regional_board=True)),
        "expect": _paid("1499999.99"),
    },
    {
        "id": "7.3-not-a-regional-board-enterprise",
        "sentence": _S73,
        "working": "never on 四板: its listing is 4.2 → 7.3 nothing",
        "request": _req("7.3", _app(listing_bills="1000000.00", on_neeq=True, on_regional_board=False)),
        "expect": dict(_NONE),
    },
]

BAD_REQUESTS = [
    {"id": "missing-listing-date",
     "line": '{"provision": "7.1", "date": "2018-06-01", "inputs": {"established_on": "2010-01-01", '
             '"revenue": "50000000.00", "in_cultivation_plan": true, "proceeds_used_in_district": true, '
             '"applied_in_advance": true, "regional_bills": "100000.00"}}',
     "field": "listing_date"},
    {"id": "established-not-a-date",
     "line": '{"provision": "7.1", "date": "2018-06-01", "inputs": {"listing_date": "2017-06-01", '
             '"established_on": "2010/01/01", "revenue": "50000000.00", "in_cultivation_plan": true, '
             '"proceeds_used_in_district": true, "applied_in_advance": true, "regional_bills": "100000.00"}}',
     "field": "established_on"},
    {"id": "float-bills",
     "line": '{"provision": "7.1", "date": "2018-06-01", "inputs": {"listing_date": "2017-06-01", '
             '"established_on": "2010-01-01", "revenue": "50000000.00", "in_cultivation_plan": true, '
             '"proceeds_used_in_district": true, "applied_in_advance": true, "regional_bills": 100000.5}}',
     "field": "regional_bills"},
    {"id": "unknown-acquisition",
     "line": '{"provision": "5.1", "date": "2018-06-01", "inputs": {"listing_date": "2017-06-01", '
             '"established_on": "2010-01-01", "revenue": "50000000.00", "in_cultivation_plan": true, '
             '"proceeds_used_in_district": true, "applied_in_advance": true, "acquisition": "借壳", '
             '"expenses": "100000.00"}}',
     "field": "acquisition"},
]
