"""Hand-worked cases for 《甘井子区鼓励外贸及跨境电子商务发展扶持资金暂行办法》, computed by hand from the text.

Every figure below was worked out by hand from the sentence quoted in the case (a verbatim substring of
policies/ganjingzi-foreign-trade-ecommerce/official.txt) and the readings adopted in that folder's
README.md; none was copied from a program's output.  Conventions used in ``working``:

* money in 元, US dollars as their own kind (inputs ending in ``_usd``), never converted; areas in m²;
* each provision's result rounded once, at the end, to the fen, half-up; caps are applied before that;
* no district/town split in this policy: district = amount, town = 0.00;
* ``eligible`` is true exactly when amount > 0 (after rounding), otherwise all three money fields are "0.00";
* ``ceiling`` is false everywhere;
* ``date`` is the grant date and the only date of a request: validity (17.1: from 2016-01-06, no end)
  and every per-year rule use its calendar year;
* 7.1: the slip 「0\ue01002元」 (shown as 「002元」) is read as 0.02 元 per US dollar of increase; increase = exports_usd −
  prior_year_exports_usd; 7.1 grants of the same calendar year add up to at most 100,000.00;
* 7.2 once per enterprise; 7.3 once per ``store``; 9.3 once per ``warehouse``; 7.4 once per level per
  calendar year;
* 8.1: 8.1 grants of the same calendar year at most 100,000.00;
* 10.1: 10.1 grants of the same calendar year at most 20,000.00, in at most 2 calendar years;
* 15.1: ``duplicate_funding`` true → nothing.

The module is plain data: ``CASES`` (requests with expected results) and ``BAD_REQUESTS`` (raw request
lines that must give an ``error`` naming ``field``).
"""

# --- the official sentences (verbatim substrings of official.txt) -----------------------------------

_S61 = "根据其经营规模、入驻企业情况，给予600万元以内的运营费补贴、5年的房屋租金减免等，具体细则另行制定。"
# The published figure is 「0」, the private-use character U+E010, then 「02」 (the decimal point of 0.02, in a
# symbol font the extraction could not map); it shows as 「002元」.  Quoted as it stands, escaped to be visible.
_S71 = "企业每增加出口1美元，即给予0\ue01002元人民币的奖励，每家企业每年最高奖励不超过10万元。"
_S72 = "对于企业使用区内国际著名跨境电子商务平台使用费超过5万元以上的企业，一次性给予平台使用费补贴3万元。"
_S73 = "对建立并经营线下O2O体验店，面积在300平方米以上，年进出口额达到50万美元，区政府一次性补贴30万元。"
_S74_NATIONAL = "年度荣获国家级表彰的优秀跨境电子商务企业，一次性给予人民币10万元奖励"
_S74_PROVINCE = "年度荣获省级表彰的优秀跨境电子商务企业一次性给予人民币5万元奖励"
_S74_CITY = "年度荣获市级表彰的优秀跨境电子商务企业一次性给予人民币3万元奖励。"
_S81 = (
    "对年培训人数达到40人以上、被甘井子区跨境电子商务企业正式录用的，给予培训机构每人1000元的培训补贴，"
    "每家每年最多不超过10万元。"
)
_S82 = "跨境电子商务企业人才引进按照区人才引进奖励办法给予扶持。"
_S91 = "对获得上级支持、招商补贴资金等，全额补贴给外贸基地综合服务企业及园区运营企业。"
_S92 = "企业参加区政府组织的重点展会，除享受上级政府资金扶持外，展位费差额部分由区政府给予补贴。"
_S93 = "自建或租用1000平方米以上海外仓，经上级认定，除享受上级资金扶持外，区政府一次性给予10万元的资金扶持。"
_S101 = "租赁由区商务局认定的物流园区仓储空间，给予租赁费用10%的补贴，每家企业每年最高不超过2万元，享受补贴不超过2年。"
_S102 = "以上场所除享受大连市跨境电商扶持资金外，区政府给予1:1的配套补贴。"
_S15 = "同一项目不得重复申请各类财政资金。"
_S17 = "本办法自印发之日起实行。"

_NONE = {"eligible": False, "amount": "0.00", "district_share": "0.00", "town_share": "0.00"}


def _paid(amount):
    """Expected result of an eligible request: the whole amount is district money (no split)."""
    return {"eligible": True, "amount": amount, "district_share": amount, "town_share": "0.00",
            "ceiling": False}


def _exp(exports, prior):
    """Inputs of 7.1 (both US dollars)."""
    return {"exports_usd": exports, "prior_year_exports_usd": prior}


def _store(key, area, trade_usd):
    """Inputs of 7.3."""
    return {"store": key, "store_area": area, "store_trade_usd": trade_usd}


def _train(trainees, hired):
    """Inputs of 8.1."""
    return {"trainees": trainees, "trainees_hired": hired}


def _booth(fee, superior, organised=True):
    """Inputs of 9.2."""
    return {"booth_fee": fee, "superior_booth_support": superior, "district_organised": organised}


def _wh(key, area, recognised=True):
    """Inputs of 9.3."""
    return {"warehouse": key, "warehouse_area": area, "superior_recognised": recognised}


def _h(provision, date, amount, inputs):
    """A history entry: an earlier grant with its inputs."""
    return {"provision": provision, "date": date, "amount": amount, "inputs": inputs}


CASES = [
    # ================================================================ 6.1 / 6.2 运营商 (external / qualitative)
    {
        "id": "6.1-external-rules",
        "sentence": _S61,
        "working": "600万元以内的运营费补贴 — 具体细则另行制定: not computed here → not eligible, 0.00",
        "request": {"provision": "6.1", "date": "2021-06-15", "inputs": {}},
        "expect": dict(_NONE),
    },
    {
        "id": "6.2-rent-exemption",
        "sentence": _S61,
        "working": "5年的房屋租金减免: an exemption, not a payment → not eligible, 0.00",
        "request": {"provision": "6.2", "date": "2021-06-15", "inputs": {}},
        "expect": dict(_NONE),
    },

    # ================================================================ 7.1 每增加出口1美元 0.02元, ≤ 10万 a year
    {
        "id": "7.1-no-increase",
        "sentence": _S71,
        "working": "1,000,000.00 − 1,000,000.00 = 0 USD increase → nothing",
        "request": {"provision": "7.1", "date": "2021-04-15", "inputs": _exp("1000000.00", "1000000.00")},
        "expect": dict(_NONE),
    },
    {
        "id": "7.1-decrease",
        "sentence": _S71,
        "working": "900,000.00 − 1,000,000.00 = −100,000 USD → no increase, nothing (never negative)",
        "request": {"provision": "7.1", "date": "2021-04-15", "inputs": _exp("900000.00", "1000000.00")},
        "expect": dict(_NONE),
    },
    {
        "id": "7.1-one-cent-increase",
        "sentence": _S71,
        "working": "increase 0.01 USD; 0.02 × 0.01 = 0.0002 → 0.00 → not eligible",
        "request": {"provision": "7.1", "date": "2021-04-15", "inputs": _exp("1000000.01", "1000000.00")},
        "expect": dict(_NONE),
    },
    {
        "id": "7.1-increase-0.24",
        "sentence": _S71,
        "working": "increase 0.24 USD; 0.02 × 0.24 = 0.0048 → 0.00 → not eligible",
        "request": {"provision": "7.1", "date": "2021-04-15", "inputs": _exp("1000000.24", "1000000.00")},
        "expect": dict(_NONE),
    },
    {
        "id": "7.1-increase-0.25-half-fen",
        "sentence": _S71,
        "working": "increase 0.25 USD; 0.02 × 0.25 = 0.005 → half-up 0.01",
        "request": {"provision": "7.1", "date": "2021-04-15", "inputs": _exp("1000000.25", "1000000.00")},
        "expect": _paid("0.01"),
    },
    {
        "id": "7.1-one-dollar",
        "sentence": _S71,
        "working": "increase 1.00 USD; 0.02 × 1 = 0.02 (not 2.00: the slip 002 read as 0.02)",
        "request": {"provision": "7.1", "date": "2021-04-15", "inputs": _exp("1000001.00", "1000000.00")},
        "expect": _paid("0.02"),
    },
    {
        "id": "7.1-rounding",
        "sentence": _S71,
        "working": "12,345,678.90 − 10,000,000.00 = 2,345,678.90 USD; 0.02 × 2,345,678.90 = 46,913.578 → 46,913.58",
        "request": {"provision": "7.1", "date": "2021-04-15", "inputs": _exp("12345678.90", "10000000.00")},
        "expect": _paid("46913.58"),
    },
    {
        "id": "7.1-first-year-of-exports",
        "sentence": _S71,
        "working": "prior year 0.00; increase 1,000,000.00 USD; 0.02 × 1,000,000 = 20,000.00",
        "request": {"provision": "7.1", "date": "2021-04-15", "inputs": _exp("1000000.00", "0.00")},
        "expect": _paid("20000.00"),
    },
    {
        "id": "7.1-just-below-cap",
        "sentence": _S71,
        "working": "5,999,999.50 − 1,000,000.00 = 4,999,999.50 USD; 0.02 × 4,999,999.50 = 99,999.99 < 100,000",
        "request": {"provision": "7.1", "date": "2021-04-15", "inputs": _exp("5999999.50", "1000000.00")},
        "expect": _paid("99999.99"),
    },
    {
        "id": "7.1-at-cap",
        "sentence": _S71,
        "working": "6,000,000.00 − 1,000,000.00 = 5,000,000.00 USD; 0.02 × 5,000,000 = 100,000.00 = cap",
        "request": {"provision": "7.1", "date": "2021-04-15", "inputs": _exp("6000000.00", "1000000.00")},
        "expect": _paid("100000.00"),
    },
    {
        "id": "7.1-just-above-cap",
        "sentence": _S71,
        "working": "6,000,000.50 − 1,000,000.00 = 5,000,000.50 USD; 0.02 × 5,000,000.50 = 100,000.01 > cap → "
                   "100,000.00",
        "request": {"provision": "7.1", "date": "2021-04-15", "inputs": _exp("6000000.50", "1000000.00")},
        "expect": _paid("100000.00"),
    },
    {
        "id": "7.1-year-cap-partly-used",
        "sentence": _S71,
        "working": "7.1 granted 60,000.00 on 2021-03-01 (increase 3,000,000 USD); left 40,000.00 in 2021; "
                   "increase 4,000,000.00 − 1,000,000.00 = 3,000,000 USD → 60,000.00 → 40,000.00",
        "request": {"provision": "7.1", "date": "2021-09-01", "inputs": _exp("4000000.00", "1000000.00"),
                    "history": [_h("7.1", "2021-03-01", "60000.00", _exp("4000000.00", "1000000.00"))]},
        "expect": _paid("40000.00"),
    },
    {
        "id": "7.1-year-cap-used-up",
        "sentence": _S71,
        "working": "7.1 granted 100,000.00 on 2021-03-01 → nothing left in 2021 → not eligible",
        "request": {"provision": "7.1", "date": "2021-09-01", "inputs": _exp("4000000.00", "1000000.00"),
                    "history": [_h("7.1", "2021-03-01", "100000.00", _exp("9000000.00", "1000000.00"))]},
        "expect": dict(_NONE),
    },
    {
        "id": "7.1-year-cap-other-year",
        "sentence": _S71,
        "working": "7.1 granted 100,000.00 on 2020-12-31; request 2021-01-04 → 2020 does not count; "
                   "increase 3,000,000 USD → 60,000.00",
        "request": {"provision": "7.1", "date": "2021-01-04", "inputs": _exp("4000000.00", "1000000.00"),
                    "history": [_h("7.1", "2020-12-31", "100000.00", _exp("9000000.00", "1000000.00"))]},
        "expect": _paid("60000.00"),
    },
    {
        "id": "7.1-year-cap-other-provision",
        "sentence": _S71,
        "working": "a 7.2 grant of 30,000.00 in 2021 is not a 7.1 award: the 10万 is 7.1's own; "
                   "increase 3,000,000 USD → 60,000.00",
        "request": {"provision": "7.1", "date": "2021-09-01", "inputs": _exp("4000000.00", "1000000.00"),
                    "history": [_h("7.2", "2021-03-01", "30000.00", {"platform_fee": "80000.00"})]},
        "expect": _paid("60000.00"),
    },

    # ================================================================ 7.2 平台使用费 > 5万 → 3万, once
    {
        "id": "7.2-49999.99",
        "sentence": _S72,
        "working": "49,999.99 ≤ 50,000 → not eligible",
        "request": {"provision": "7.2", "date": "2021-06-15", "inputs": {"platform_fee": "49999.99"}},
        "expect": dict(_NONE),
    },
    {
        "id": "7.2-50000.00",
        "sentence": _S72,
        "working": "超过5万元以上 read as > 50,000: 50,000.00 does not exceed → not eligible",
        "request": {"provision": "7.2", "date": "2021-06-15", "inputs": {"platform_fee": "50000.00"}},
        "expect": dict(_NONE),
    },
    {
        "id": "7.2-50000.01",
        "sentence": _S72,
        "working": "50,000.01 > 50,000 → fixed 30,000.00",
        "request": {"provision": "7.2", "date": "2021-06-15", "inputs": {"platform_fee": "50000.01"}},
        "expect": _paid("30000.00"),
    },
    {
        "id": "7.2-large-fee",
        "sentence": _S72,
        "working": "1,200,000.00 > 50,000 → fixed 30,000.00 (not a rate)",
        "request": {"provision": "7.2", "date": "2021-06-15", "inputs": {"platform_fee": "1200000.00"}},
        "expect": _paid("30000.00"),
    },
    {
        "id": "7.2-already-granted",
        "sentence": _S72,
        "working": "一次性: 7.2 granted 2019-06-15 → never again → not eligible",
        "request": {"provision": "7.2", "date": "2021-06-15", "inputs": {"platform_fee": "80000.00"},
                    "history": [_h("7.2", "2019-06-15", "30000.00", {"platform_fee": "60000.00"})]},
        "expect": dict(_NONE),
    },
    {
        "id": "7.2-duplicate-funding",
        "sentence": _S15,
        "working": "the same project already had other fiscal funds (duplicate_funding true) → not eligible",
        "request": {"provision": "7.2", "date": "2021-06-15",
                    "inputs": {"platform_fee": "80000.00", "duplicate_funding": True}},
        "expect": dict(_NONE),
    },
    {
        "id": "7.2-before-2016-01-06",
        "sentence": _S17,
        "working": "自印发之日起: start read as 2016-01-06; grant 2016-01-05 → not eligible",
        "request": {"provision": "7.2", "date": "2016-01-05", "inputs": {"platform_fee": "80000.00"}},
        "expect": dict(_NONE),
    },
    {
        "id": "7.2-on-2016-01-06",
        "sentence": _S17,
        "working": "grant 2016-01-06 = first day, no end → 30,000.00",
        "request": {"provision": "7.2", "date": "2016-01-06", "inputs": {"platform_fee": "80000.00"}},
        "expect": _paid("30000.00"),
    },

    # ================================================================ 7.3 O2O体验店 ≥ 300 m², ≥ 50万美元 → 30万, once per store
    {
        "id": "7.3-area-299.99",
        "sentence": _S73,
        "working": "299.99 m² < 300 (以上 includes 300) → not eligible",
        "request": {"provision": "7.3", "date": "2021-06-15", "inputs": _store("S-1", "299.99", "600000.00")},
        "expect": dict(_NONE),
    },
    {
        "id": "7.3-area-300-trade-500000",
        "sentence": _S73,
        "working": "300 m² ≥ 300 and 500,000.00 USD ≥ 50万美元 (达到) → fixed 300,000.00",
        "request": {"provision": "7.3", "date": "2021-06-15", "inputs": _store("S-1", "300", "500000.00")},
        "expect": _paid("300000.00"),
    },
    {
        "id": "7.3-trade-499999.99",
        "sentence": _S73,
        "working": "499,999.99 USD < 500,000 USD (never converted to 元) → not eligible",
        "request": {"provision": "7.3", "date": "2021-06-15", "inputs": _store("S-1", "300", "499999.99")},
        "expect": dict(_NONE),
    },
    {
        "id": "7.3-well-above",
        "sentence": _S73,
        "working": "850.5 m², 3,000,000.00 USD → fixed 300,000.00 (not a rate)",
        "request": {"provision": "7.3", "date": "2021-06-15", "inputs": _store("S-1", "850.5", "3000000.00")},
        "expect": _paid("300000.00"),
    },
    {
        "id": "7.3-same-store-granted",
        "sentence": _S73,
        "working": "一次性 per store: S-1 granted 2020-06-15 → not eligible",
        "request": {"provision": "7.3", "date": "2022-06-15", "inputs": _store("S-1", "400", "900000.00"),
                    "history": [_h("7.3", "2020-06-15", "300000.00", _store("S-1", "400", "700000.00"))]},
        "expect": dict(_NONE),
    },
    {
        "id": "7.3-other-store-granted",
        "sentence": _S73,
        "working": "S-1's grant does not count for S-2; 320 m², 650,000.00 USD → 300,000.00",
        "request": {"provision": "7.3", "date": "2022-06-15", "inputs": _store("S-2", "320", "650000.00"),
                    "history": [_h("7.3", "2020-06-15", "300000.00", _store("S-1", "400", "700000.00"))]},
        "expect": _paid("300000.00"),
    },

    # ================================================================ 7.4 表彰 国家级 10万 / 省级 5万 / 市级 3万
    {
        "id": "7.4-national",
        "sentence": _S74_NATIONAL,
        "working": "国家级 → 100,000.00",
        "request": {"provision": "7.4", "date": "2021-06-15", "inputs": {"honour_level": "国家级"}},
        "expect": _paid("100000.00"),
    },
    {
        "id": "7.4-provincial",
        "sentence": _S74_PROVINCE,
        "working": "省级 → 50,000.00",
        "request": {"provision": "7.4", "date": "2021-06-15", "inputs": {"honour_level": "省级"}},
        "expect": _paid("50000.00"),
    },
    {
        "id": "7.4-city",
        "sentence": _S74_CITY,
        "working": "市级 → 30,000.00",
        "request": {"provision": "7.4", "date": "2021-06-15", "inputs": {"honour_level": "市级"}},
        "expect": _paid("30000.00"),
    },
    {
        "id": "7.4-same-level-same-year",
        "sentence": _S74_CITY,
        "working": "市级 already granted on 2021-02-01 → a second 市级 grant in 2021 → not eligible",
        "request": {"provision": "7.4", "date": "2021-11-15", "inputs": {"honour_level": "市级"},
                    "history": [_h("7.4", "2021-02-01", "30000.00", {"honour_level": "市级"})]},
        "expect": dict(_NONE),
    },
    {
        "id": "7.4-same-level-next-year",
        "sentence": _S74_CITY,
        "working": "市级 granted in 2021; 2022 is another 年度 → 30,000.00",
        "request": {"provision": "7.4", "date": "2022-02-01", "inputs": {"honour_level": "市级"},
                    "history": [_h("7.4", "2021-02-01", "30000.00", {"honour_level": "市级"})]},
        "expect": _paid("30000.00"),
    },
    {
        "id": "7.4-other-level-same-year",
        "sentence": _S74_PROVINCE,
        "working": "市级 granted on 2021-02-01; 省级 in 2021 is another honour → 50,000.00",
        "request": {"provision": "7.4", "date": "2021-11-15", "inputs": {"honour_level": "省级"},
                    "history": [_h("7.4", "2021-02-01", "30000.00", {"honour_level": "市级"})]},
        "expect": _paid("50000.00"),
    },

    # ================================================================ 8.1 培训 ≥ 40人, 1000元/人 hired, ≤ 10万 a year
    {
        "id": "8.1-trainees-39",
        "sentence": _S81,
        "working": "39 trained < 40 → not eligible (even with 39 hired)",
        "request": {"provision": "8.1", "date": "2021-06-15", "inputs": _train(39, 39)},
        "expect": dict(_NONE),
    },
    {
        "id": "8.1-trainees-40",
        "sentence": _S81,
        "working": "40 trained ≥ 40; 40 hired × 1,000 = 40,000.00",
        "request": {"provision": "8.1", "date": "2021-06-15", "inputs": _train(40, 40)},
        "expect": _paid("40000.00"),
    },
    {
        "id": "8.1-none-hired",
        "sentence": _S81,
        "working": "60 trained, 0 hired → 1,000 × 0 = 0 → not eligible",
        "request": {"provision": "8.1", "date": "2021-06-15", "inputs": _train(60, 0)},
        "expect": dict(_NONE),
    },
    {
        "id": "8.1-paid-per-hired",
        "sentence": _S81,
        "working": "80 trained, 37 hired → paid on the hired: 1,000 × 37 = 37,000.00",
        "request": {"provision": "8.1", "date": "2021-06-15", "inputs": _train(80, 37)},
        "expect": _paid("37000.00"),
    },
    {
        "id": "8.1-at-cap",
        "sentence": _S81,
        "working": "150 trained, 100 hired × 1,000 = 100,000.00 = 每家每年 10万",
        "request": {"provision": "8.1", "date": "2021-06-15", "inputs": _train(150, 100)},
        "expect": _paid("100000.00"),
    },
    {
        "id": "8.1-above-cap",
        "sentence": _S81,
        "working": "150 trained, 101 hired × 1,000 = 101,000.00 > 100,000 → 100,000.00",
        "request": {"provision": "8.1", "date": "2021-06-15", "inputs": _train(150, 101)},
        "expect": _paid("100000.00"),
    },
    {
        "id": "8.1-year-cap-partly-used",
        "sentence": _S81,
        "working": "8.1 granted 70,000.00 on 2021-03-01; left 30,000.00; 40 hired → 40,000.00 → 30,000.00",
        "request": {"provision": "8.1", "date": "2021-10-01", "inputs": _train(45, 40),
                    "history": [_h("8.1", "2021-03-01", "70000.00", _train(90, 70))]},
        "expect": _paid("30000.00"),
    },
    {
        "id": "8.1-year-cap-used-up",
        "sentence": _S81,
        "working": "8.1 granted 100,000.00 on 2021-03-01 → nothing left in 2021",
        "request": {"provision": "8.1", "date": "2021-10-01", "inputs": _train(45, 40),
                    "history": [_h("8.1", "2021-03-01", "100000.00", _train(150, 120))]},
        "expect": dict(_NONE),
    },
    {
        "id": "8.1-year-cap-other-year",
        "sentence": _S81,
        "working": "8.1 granted 100,000.00 in 2020; 2021 is a new year → 45 hired × 1,000 = 45,000.00",
        "request": {"provision": "8.1", "date": "2021-03-01", "inputs": _train(45, 45),
                    "history": [_h("8.1", "2020-10-01", "100000.00", _train(150, 120))]},
        "expect": _paid("45000.00"),
    },

    # ================================================================ 8.2 人才引进 (external)
    {
        "id": "8.2-external-policy",
        "sentence": _S82,
        "working": "按照区人才引进奖励办法: another policy decides → not eligible here, 0.00",
        "request": {"provision": "8.2", "date": "2021-06-15", "inputs": {}},
        "expect": dict(_NONE),
    },

    # ================================================================ 9.1 上级支持 全额补贴
    {
        "id": "9.1-full-amount",
        "sentence": _S91,
        "working": "全额 = 100% × 1,234,567.89 = 1,234,567.89 (no cap)",
        "request": {"provision": "9.1", "date": "2021-06-15", "inputs": {"superior_support": "1234567.89"}},
        "expect": _paid("1234567.89"),
    },
    {
        "id": "9.1-nothing-obtained",
        "sentence": _S91,
        "working": "100% × 0.00 = 0 → not eligible",
        "request": {"provision": "9.1", "date": "2021-06-15", "inputs": {"superior_support": "0.00"}},
        "expect": dict(_NONE),
    },

    # ================================================================ 9.2 展位费差额部分
    {
        "id": "9.2-difference",
        "sentence": _S92,
        "working": "展位费 20,000.00 − 上级 12,000.00 = 8,000.00",
        "request": {"provision": "9.2", "date": "2021-06-15", "inputs": _booth("20000.00", "12000.00")},
        "expect": _paid("8000.00"),
    },
    {
        "id": "9.2-difference-fen",
        "sentence": _S92,
        "working": "12,345.67 − 2,345.68 = 9,999.99",
        "request": {"provision": "9.2", "date": "2021-06-15", "inputs": _booth("12345.67", "2345.68")},
        "expect": _paid("9999.99"),
    },
    {
        "id": "9.2-no-superior-support",
        "sentence": _S92,
        "working": "15,000.00 − 0.00 = 15,000.00 (the whole fee)",
        "request": {"provision": "9.2", "date": "2021-06-15", "inputs": _booth("15000.00", "0.00")},
        "expect": _paid("15000.00"),
    },
    {
        "id": "9.2-fully-covered",
        "sentence": _S92,
        "working": "15,000.00 − 15,000.00 = 0 → no 差额 → not eligible",
        "request": {"provision": "9.2", "date": "2021-06-15", "inputs": _booth("15000.00", "15000.00")},
        "expect": dict(_NONE),
    },
    {
        "id": "9.2-over-covered",
        "sentence": _S92,
        "working": "15,000.00 − 18,000.00 < 0 → no 差额 (never negative) → not eligible",
        "request": {"provision": "9.2", "date": "2021-06-15", "inputs": _booth("15000.00", "18000.00")},
        "expect": dict(_NONE),
    },
    {
        "id": "9.2-not-district-fair",
        "sentence": _S92,
        "working": "区政府组织的重点展会 must hold; district_organised false → not eligible",
        "request": {"provision": "9.2", "date": "2021-06-15",
                    "inputs": _booth("20000.00", "12000.00", organised=False)},
        "expect": dict(_NONE),
    },

    # ================================================================ 9.3 海外仓 ≥ 1000 m², 经上级认定 → 10万, once per warehouse
    {
        "id": "9.3-area-999.99",
        "sentence": _S93,
        "working": "999.99 m² < 1000 (以上 includes 1000) → not eligible",
        "request": {"provision": "9.3", "date": "2021-06-15", "inputs": _wh("W-1", "999.99")},
        "expect": dict(_NONE),
    },
    {
        "id": "9.3-area-1000",
        "sentence": _S93,
        "working": "1000 m² ≥ 1000, recognised → fixed 100,000.00",
        "request": {"provision": "9.3", "date": "2021-06-15", "inputs": _wh("W-1", "1000")},
        "expect": _paid("100000.00"),
    },
    {
        "id": "9.3-not-recognised",
        "sentence": _S93,
        "working": "经上级认定 must hold; superior_recognised false → not eligible",
        "request": {"provision": "9.3", "date": "2021-06-15", "inputs": _wh("W-1", "5000", recognised=False)},
        "expect": dict(_NONE),
    },
    {
        "id": "9.3-same-warehouse-granted",
        "sentence": _S93,
        "working": "一次性 per warehouse: W-1 granted 2020 → not eligible",
        "request": {"provision": "9.3", "date": "2021-06-15", "inputs": _wh("W-1", "1500"),
                    "history": [_h("9.3", "2020-06-15", "100000.00", _wh("W-1", "1500"))]},
        "expect": dict(_NONE),
    },
    {
        "id": "9.3-other-warehouse-granted",
        "sentence": _S93,
        "working": "W-1's grant does not count for W-2; 2000 m², recognised → 100,000.00",
        "request": {"provision": "9.3", "date": "2021-06-15", "inputs": _wh("W-2", "2000"),
                    "history": [_h("9.3", "2020-06-15", "100000.00", _wh("W-1", "1500"))]},
        "expect": _paid("100000.00"),
    },

    # ================================================================ 10.1 仓储租赁 10%, ≤ 2万 a year, ≤ 2 years
    {
        "id": "10.1-rate",
        "sentence": _S101,
        "working": "10% × 100,000.00 = 10,000.00",
        "request": {"provision": "10.1", "date": "2021-06-15", "inputs": {"rent_paid": "100000.00"}},
        "expect": _paid("10000.00"),
    },
    {
        "id": "10.1-rounding",
        "sentence": _S101,
        "working": "10% × 123,456.78 = 12,345.678 → 12,345.68",
        "request": {"provision": "10.1", "date": "2021-06-15", "inputs": {"rent_paid": "123456.78"}},
        "expect": _paid("12345.68"),
    },
    {
        "id": "10.1-half-fen",
        "sentence": _S101,
        "working": "10% × 12,345.65 = 1,234.565 → half-up 1,234.57",
        "request": {"provision": "10.1", "date": "2021-06-15", "inputs": {"rent_paid": "12345.65"}},
        "expect": _paid("1234.57"),
    },
    {
        "id": "10.1-at-cap",
        "sentence": _S101,
        "working": "10% × 200,000.00 = 20,000.00 = 每年最高 2万",
        "request": {"provision": "10.1", "date": "2021-06-15", "inputs": {"rent_paid": "200000.00"}},
        "expect": _paid("20000.00"),
    },
    {
        "id": "10.1-just-above-cap",
        "sentence": _S101,
        "working": "10% × 200,000.10 = 20,000.01 > 20,000 → 20,000.00",
        "request": {"provision": "10.1", "date": "2021-06-15", "inputs": {"rent_paid": "200000.10"}},
        "expect": _paid("20000.00"),
    },
    {
        "id": "10.1-year-cap-partly-used",
        "sentence": _S101,
        "working": "10.1 granted 15,000.00 on 2021-03-01; left 5,000.00; 10% × 100,000.00 = 10,000.00 → 5,000.00",
        "request": {"provision": "10.1", "date": "2021-09-01", "inputs": {"rent_paid": "100000.00"},
                    "history": [_h("10.1", "2021-03-01", "15000.00", {"rent_paid": "150000.00"})]},
        "expect": _paid("5000.00"),
    },
    {
        "id": "10.1-second-year",
        "sentence": _S101,
        "working": "10.1 granted 20,000.00 in 2020 (1st year); 2021 is the 2nd year, its own 2万 → 10,000.00",
        "request": {"provision": "10.1", "date": "2021-06-15", "inputs": {"rent_paid": "100000.00"},
                    "history": [_h("10.1", "2020-06-15", "20000.00", {"rent_paid": "200000.00"})]},
        "expect": _paid("10000.00"),
    },
    {
        "id": "10.1-third-year",
        "sentence": _S101,
        "working": "10.1 granted in 2020 and 2021 → 享受补贴不超过2年 used; 2022 → not eligible",
        "request": {"provision": "10.1", "date": "2022-06-15", "inputs": {"rent_paid": "100000.00"},
                    "history": [_h("10.1", "2020-06-15", "10000.00", {"rent_paid": "100000.00"}),
                                _h("10.1", "2021-06-15", "10000.00", {"rent_paid": "100000.00"})]},
        "expect": dict(_NONE),
    },
    {
        "id": "10.1-second-grant-in-second-year",
        "sentence": _S101,
        "working": "granted 2020-03-01 and 2021-03-01 (10,000.00 each); a 2021 request stays in the 2nd year; "
                   "2021 left 20,000 − 10,000 = 10,000.00; 10% × 50,000.00 = 5,000.00 → 5,000.00",
        "request": {"provision": "10.1", "date": "2021-09-01", "inputs": {"rent_paid": "50000.00"},
                    "history": [_h("10.1", "2020-03-01", "10000.00", {"rent_paid": "100000.00"}),
                                _h("10.1", "2021-03-01", "10000.00", {"rent_paid": "100000.00"})]},
        "expect": _paid("5000.00"),
    },

    # ================================================================ 10.2 1:1 配套
    {
        "id": "10.2-match",
        "sentence": _S102,
        "working": "1:1 → 1 × 800,000.00 = 800,000.00 (no cap)",
        "request": {"provision": "10.2", "date": "2021-06-15", "inputs": {"city_support": "800000.00"}},
        "expect": _paid("800000.00"),
    },
    {
        "id": "10.2-match-fen",
        "sentence": _S102,
        "working": "1 × 333,333.33 = 333,333.33",
        "request": {"provision": "10.2", "date": "2021-06-15", "inputs": {"city_support": "333333.33"}},
        "expect": _paid("333333.33"),
    },
    {
        "id": "10.2-no-city-support",
        "sentence": _S102,
        "working": "1 × 0.00 = 0 → nothing to match, not eligible",
        "request": {"provision": "10.2", "date": "2021-06-15", "inputs": {"city_support": "0.00"}},
        "expect": dict(_NONE),
    },
    {
        "id": "10.2-duplicate-funding",
        "sentence": _S15,
        "working": "duplicate_funding true → 同一项目不得重复申请 → not eligible",
        "request": {"provision": "10.2", "date": "2021-06-15",
                    "inputs": {"city_support": "800000.00", "duplicate_funding": True}},
        "expect": dict(_NONE),
    },
]


BAD_REQUESTS = [
    # --- date
    {"id": "missing-date",
     "line": '{"provision": "7.2", "inputs": {"platform_fee": "80000.00"}}',
     "field": "date"},
    {"id": "bad-date-slashes",
     "line": '{"provision": "7.2", "date": "2021/06/15", "inputs": {"platform_fee": "80000.00"}}',
     "field": "date"},
    # --- amounts
    {"id": "float-amount",
     "line": '{"provision": "10.1", "date": "2021-06-15", "inputs": {"rent_paid": 100000.5}}',
     "field": "rent_paid"},
    {"id": "negative-amount",
     "line": '{"provision": "9.2", "date": "2021-06-15", "inputs": {"booth_fee": "20000.00", '
             '"superior_booth_support": "-100.00", "district_organised": true}}',
     "field": "superior_booth_support"},
    {"id": "float-usd-amount",
     "line": '{"provision": "7.1", "date": "2021-04-15", '
             '"inputs": {"exports_usd": 4000000.5, "prior_year_exports_usd": "1000000.00"}}',
     "field": "exports_usd"},
    {"id": "usd-amount-with-unit",
     "line": '{"provision": "7.3", "date": "2021-06-15", '
             '"inputs": {"store": "S-1", "store_area": "300", "store_trade_usd": "50万美元"}}',
     "field": "store_trade_usd"},
    {"id": "usd-given-in-yuan-name",
     "line": '{"provision": "7.3", "date": "2021-06-15", '
             '"inputs": {"store": "S-1", "store_area": "300", "store_trade": "3500000.00"}}',
     "field": "store_trade"},
    {"id": "yuan-given-as-usd",
     "line": '{"provision": "7.2", "date": "2021-06-15", "inputs": {"platform_fee_usd": "8000.00"}}',
     "field": "platform_fee_usd"},
    {"id": "increase-given-by-caller",
     "line": '{"provision": "7.1", "date": "2021-04-15", '
             '"inputs": {"export_increase_usd": "3000000.00"}}',
     "field": "export_increase_usd"},
    {"id": "difference-given-by-caller",
     "line": '{"provision": "9.2", "date": "2021-06-15", '
             '"inputs": {"booth_fee_difference": "8000.00", "district_organised": true}}',
     "field": "booth_fee_difference"},
    {"id": "area-with-unit",
     "line": '{"provision": "9.3", "date": "2021-06-15", '
             '"inputs": {"warehouse": "W-1", "warehouse_area": "1000平方米", "superior_recognised": true}}',
     "field": "warehouse_area"},
    # --- counts
    {"id": "count-as-string",
     "line": '{"provision": "8.1", "date": "2021-06-15", "inputs": {"trainees": "40", "trainees_hired": 40}}',
     "field": "trainees"},
    {"id": "count-as-float",
     "line": '{"provision": "8.1", "date": "2021-06-15", "inputs": {"trainees": 40, "trainees_hired": 40.0}}',
     "field": "trainees_hired"},
    {"id": "negative-count",
     "line": '{"provision": "8.1", "date": "2021-06-15", "inputs": {"trainees": 40, "trainees_hired": -1}}',
     "field": "trainees_hired"},
    # --- yes/no
    {"id": "yes-no-as-string",
     "line": '{"provision": "9.3", "date": "2021-06-15", '
             '"inputs": {"warehouse": "W-1", "warehouse_area": "1000", "superior_recognised": "true"}}',
     "field": "superior_recognised"},
    {"id": "duplicate-funding-as-chinese",
     "line": '{"provision": "10.2", "date": "2021-06-15", '
             '"inputs": {"city_support": "800000.00", "duplicate_funding": "否"}}',
     "field": "duplicate_funding"},
    # --- enumerations
    {"id": "unknown-honour-level",
     "line": '{"provision": "7.4", "date": "2021-06-15", "inputs": {"honour_level": "区级"}}',
     "field": "honour_level"},
    {"id": "honour-level-in-english",
     "line": '{"provision": "7.4", "date": "2021-06-15", "inputs": {"honour_level": "national"}}',
     "field": "honour_level"},
    # --- scope keys
    {"id": "store-missing",
     "line": '{"provision": "7.3", "date": "2021-06-15", '
             '"inputs": {"store_area": "300", "store_trade_usd": "500000.00"}}',
     "field": "store"},
    {"id": "warehouse-as-integer",
     "line": '{"provision": "9.3", "date": "2021-06-15", '
             '"inputs": {"warehouse": 1, "warehouse_area": "1000", "superior_recognised": true}}',
     "field": "warehouse"},
    {"id": "history-entry-without-store",
     "line": '{"provision": "7.3", "date": "2022-06-15", '
             '"inputs": {"store": "S-2", "store_area": "320", "store_trade_usd": "650000.00"}, '
             '"history": [{"provision": "7.3", "date": "2020-06-15", "amount": "300000.00", '
             '"inputs": {"store_area": "400", "store_trade_usd": "700000.00"}}]}',
     "field": "store"},
    # --- input names / provision
    {"id": "missing-input",
     "line": '{"provision": "7.1", "date": "2021-04-15", "inputs": {"exports_usd": "4000000.00"}}',
     "field": "prior_year_exports_usd"},
    {"id": "missing-yes-no",
     "line": '{"provision": "9.2", "date": "2021-06-15", '
             '"inputs": {"booth_fee": "20000.00", "superior_booth_support": "0.00"}}',
     "field": "district_organised"},
    {"id": "history-after-request-date",
     "line": '{"provision": "10.1", "date": "2021-06-15", "inputs": {"rent_paid": "100000.00"}, '
             '"history": [{"provision": "10.1", "date": "2021-06-16", "amount": "10000.00", '
             '"inputs": {"rent_paid": "100000.00"}}]}',
     "field": "history"},
    {"id": "unknown-provision",
     "line": '{"provision": "7.5", "date": "2021-06-15", "inputs": {}}',
     "field": "7.5"},
]
