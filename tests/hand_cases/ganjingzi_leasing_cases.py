"""Hand-worked cases for 《甘井子区促进融资租赁行业发展扶持办法》, computed by hand from the official sentences.

Every figure below was worked out by hand from the sentence quoted in the case (a verbatim substring of
policies/ganjingzi-financial-leasing/official.txt) and the readings adopted in that folder's README.md;
none was copied from a program's output.  Conventions used in ``working``:

* all money in 元; each provision's result rounded once, at the end, to the fen, half-up; caps are
  applied before that rounding;
* no district/town split in this policy: district = amount, town = 0.00;
* ``eligible`` is true exactly when amount > 0, otherwise all three money fields are "0.00";
* ``ceiling`` is true only for 7.1 (最高合计 is the award itself), false for 4.1/4.2 (fixed) and 5.1/6.1
  (rates), also when a cap cuts them;
* ``date`` is the grant date and the only date of a request: validity (15.1: from 2017-12-30, the date of
  大政办发〔2017〕166号, no end), "per calendar year" rules and the yearly total of 第十条 use its year;
* 10.1 (第十条): the grants in history whose ``date`` is in the request's calendar year, of every provision,
  plus this award, add up to at most 5,000,000.00; grants of other years do not count;
* 4.1 and 4.2 once per enterprise; 4.2 = ⌊(capital − 1.7亿) ÷ 1亿⌋ × 100万, full steps only, on top of 4.1;
* 5.1 per ``equipment_set``: at most 1,000,000.00 in all, grants in at most 3 calendar years, at most one
  grant a calendar year; history entries of other sets do not count;
* 6.1: at most one grant a calendar year, at most 3,000,000.00 in all per enterprise;
* 7.1: one band table, at most one grant a calendar year;
* 12.1: ``other_district_policy`` true (the enterprise took another district policy) → nothing.

The module is plain data: ``CASES`` (requests with expected results) and ``BAD_REQUESTS`` (raw request
lines that must give an ``error`` naming ``field``).
"""

# --- the official sentences (verbatim substrings of official.txt) -----------------------------------

_S4 = "对入驻大连融资租赁服务园区的融资租赁企业："
_S41 = "到位注册资本1.7亿元人民币的，给予170万元人民币奖励；"
_S42 = "到位注册资本超过1.7亿元人民币的，每超过1亿元人民币，给予100万元人民币奖励。"
_S51 = (
    "凡在甘井子区注册的融资租赁企业，利用商业贷款购买大型设备（单套价格达到200万元人民币及以上）用于开展融资租赁业务的，"
    "每套设备按照年贷款利息的20%给予补贴，补贴期限3年，单套设备最高补贴100万元人民币。"
)
_S61 = (
    "凡在甘井子区注册的融资租赁企业，为甘井子区所属企业提供融资总额达到3000万元人民币及以上的，"
    "根据其当年为甘井子区企业提供融资总额，给予融资总额1%的补贴。单一企业最高补贴300万元人民币。"
)
_S71_A = "对当年新增业务规模达10亿元（含）以上的融资租赁企业，给予企业高级管理人员最高合计50万元奖励；"
_S71_B = "对当年新增业务规模达5亿元（含）以上，10亿以下的融资租赁企业，给予企业高级管理人员最高合计30万元奖励；"
_S71_C = "对当年新增业务规模达3亿元（含）以上，5亿以下的融资租赁企业，给予企业高级管理人员最高合计15万元奖励。"
_S71_D = "对当年新增业务规模达1亿元（含）以上，3亿以下的融资租赁企业，给予企业高级管理人员最高合计8万元奖励。"
_S10 = "单一企业每年享受本办法规定的各类扶持资金总额不超过500万元人民币，企业获得的资金优先奖励。"
_S12 = "既适用本办法又适用甘井子区其他优惠政策的企业，执行最优惠政策，区级其他政策不得兼得。"
_S15 = "本办法自发布之日起实行。"

_NONE = {"eligible": False, "amount": "0.00", "district_share": "0.00", "town_share": "0.00"}


def _paid(amount, ceiling=False):
    """Expected result of an eligible request: the whole amount is district money (no split)."""
    return {"eligible": True, "amount": amount, "district_share": amount, "town_share": "0.00",
            "ceiling": ceiling}


def _cap(capital, park=True):
    """Inputs of 4.1/4.2."""
    return {"paid_in_capital": capital, "in_leasing_park": park}


def _eq(key, price, interest):
    """Inputs of 5.1."""
    return {"equipment_set": key, "set_price": price, "annual_loan_interest": interest}


def _h(provision, date, amount, inputs):
    """A history entry: an earlier grant with its inputs."""
    return {"provision": provision, "date": date, "amount": amount, "inputs": inputs}


# Earlier grants used by the yearly-total (第十条) cases; each amount is worked from its own inputs.
# 6.1: 1% × 300,000,000.00 = 3,000,000.00 (= the 6.1 cap).
_H61_2021_3M = _h("6.1", "2021-03-15", "3000000.00", {"financing_total": "300000000.00"})
# 5.1: 20% × 2,000,000.00 = 400,000.00 (set EQ-9, price 5,000,000.00).
_H51_2021_400K = _h("5.1", "2021-04-20", "400000.00", _eq("EQ-9", "5000000.00", "2000000.00"))
# 4.1: 1,700,000.00 for 1.7亿.
_H41_2021 = _h("4.1", "2021-02-10", "1700000.00", _cap("370000000.00"))
# 4.2: ⌊(370,000,000 − 170,000,000) ÷ 100,000,000⌋ = 2 → 2,000,000.00.
_H42_2021_2M = _h("4.2", "2021-02-10", "2000000.00", _cap("370000000.00"))
# 4.2: ⌊(570,000,000 − 170,000,000) ÷ 100,000,000⌋ = 4 → 4,000,000.00.
_H42_2021_4M = _h("4.2", "2021-02-10", "4000000.00", _cap("570000000.00"))


CASES = [
    # ================================================================ 4.1 到位注册资本1.7亿元 → 170万 (fixed, once)
    {
        "id": "4.1-169999999.99",
        "sentence": _S41,
        "working": "169,999,999.99 < 170,000,000 (1.7亿 not reached) → not eligible",
        "request": {"provision": "4.1", "date": "2021-05-10", "inputs": _cap("169999999.99")},
        "expect": dict(_NONE),
    },
    {
        "id": "4.1-170000000.00",
        "sentence": _S41,
        "working": "170,000,000.00 ≥ 1.7亿 → fixed 1,700,000.00",
        "request": {"provision": "4.1", "date": "2021-05-10", "inputs": _cap("170000000.00")},
        "expect": _paid("1700000.00"),
    },
    {
        "id": "4.1-170000000.01",
        "sentence": _S41,
        "working": "170,000,000.01 ≥ 1.7亿 → fixed 1,700,000.00 (the part above is 4.2's)",
        "request": {"provision": "4.1", "date": "2021-05-10", "inputs": _cap("170000000.01")},
        "expect": _paid("1700000.00"),
    },
    {
        "id": "4.1-far-above",
        "sentence": _S41,
        "working": "980,000,000.00 ≥ 1.7亿 → fixed 1,700,000.00",
        "request": {"provision": "4.1", "date": "2021-05-10", "inputs": _cap("980000000.00")},
        "expect": _paid("1700000.00"),
    },
    {
        "id": "4.1-not-in-park",
        "sentence": _S4,
        "working": "入驻大连融资租赁服务园区 must hold; in_leasing_park false → not eligible",
        "request": {"provision": "4.1", "date": "2021-05-10", "inputs": _cap("200000000.00", park=False)},
        "expect": dict(_NONE),
    },
    {
        "id": "4.1-already-granted",
        "sentence": _S41,
        "working": "once per enterprise; a 4.1 grant of 2020-06-01 in history → not eligible",
        "request": {"provision": "4.1", "date": "2021-05-10", "inputs": _cap("200000000.00"),
                    "history": [_h("4.1", "2020-06-01", "1700000.00", _cap("180000000.00"))]},
        "expect": dict(_NONE),
    },
    {
        "id": "4.1-after-4.2-granted",
        "sentence": _S41,
        "working": "a 4.2 grant (other provision, 2020) does not use 4.1 up, and 2020 is not 2021 for 第十条; "
                   "capital 300,000,000.00 ≥ 1.7亿 → 1,700,000.00",
        "request": {"provision": "4.1", "date": "2021-05-10", "inputs": _cap("300000000.00"),
                    "history": [_h("4.2", "2020-06-01", "1000000.00", _cap("300000000.00"))]},
        "expect": _paid("1700000.00"),
    },
    {
        "id": "4.1-yearly-total-cuts",
        "sentence": _S10,
        "working": "2021 grants: 6.1 3,000,000.00 + 5.1 400,000.00 = 3,400,000.00; left 5,000,000 − 3,400,000 = "
                   "1,600,000.00 < 1,700,000 → 1,600,000.00",
        "request": {"provision": "4.1", "date": "2021-05-10", "inputs": _cap("170000000.00"),
                    "history": [_H61_2021_3M, _H51_2021_400K]},
        "expect": _paid("1600000.00"),
    },
    {
        "id": "4.1-yearly-total-other-year",
        "sentence": _S10,
        "working": "the same 3,400,000.00 granted in 2021; request in 2022 → 2021 does not count; 1,700,000.00",
        "request": {"provision": "4.1", "date": "2022-01-05", "inputs": _cap("170000000.00"),
                    "history": [_H61_2021_3M, _H51_2021_400K]},
        "expect": _paid("1700000.00"),
    },
    {
        "id": "4.1-yearly-total-used-up",
        "sentence": _S10,
        "working": "2021 grants: 4.2 4,000,000.00 + 6.1 1,000,000.00 (1% × 100,000,000.00) = 5,000,000.00; "
                   "nothing left → not eligible",
        "request": {"provision": "4.1", "date": "2021-12-31", "inputs": _cap("570000000.00"),
                    "history": [_H42_2021_4M,
                                _h("6.1", "2021-06-30", "1000000.00", {"financing_total": "100000000.00"})]},
        "expect": dict(_NONE),
    },
    {
        "id": "4.1-yearly-total-one-fen-left",
        "sentence": _S10,
        "working": "2021 grants: 4.2 4,000,000.00 + 6.1 999,999.99 (1% × 99,999,999.00 = 999,999.99) = "
                   "4,999,999.99; left 0.01 → 0.01",
        "request": {"provision": "4.1", "date": "2021-12-31", "inputs": _cap("570000000.00"),
                    "history": [_H42_2021_4M,
                                _h("6.1", "2021-06-30", "999999.99", {"financing_total": "99999999.00"})]},
        "expect": _paid("0.01"),
    },
    {
        "id": "4.1-before-2017-12-30",
        "sentence": _S15,
        "working": "自发布之日起: start read as 2017-12-30; grant 2017-12-29 is before → not eligible",
        "request": {"provision": "4.1", "date": "2017-12-29", "inputs": _cap("170000000.00")},
        "expect": dict(_NONE),
    },
    {
        "id": "4.1-on-2017-12-30",
        "sentence": _S15,
        "working": "grant 2017-12-30 = first day (no end date) → 1,700,000.00",
        "request": {"provision": "4.1", "date": "2017-12-30", "inputs": _cap("170000000.00")},
        "expect": _paid("1700000.00"),
    },
    {
        "id": "4.1-other-district-policy",
        "sentence": _S12,
        "working": "the enterprise took another district policy (最优惠, 不得兼得) → nothing here",
        "request": {"provision": "4.1", "date": "2021-05-10",
                    "inputs": {"paid_in_capital": "170000000.00", "in_leasing_park": True,
                               "other_district_policy": True}},
        "expect": dict(_NONE),
    },
    {
        "id": "4.1-other-district-policy-false",
        "sentence": _S12,
        "working": "other_district_policy false → no effect; 1,700,000.00",
        "request": {"provision": "4.1", "date": "2021-05-10",
                    "inputs": {"paid_in_capital": "170000000.00", "in_leasing_park": True,
                               "other_district_policy": False}},
        "expect": _paid("1700000.00"),
    },

    # ================================================================ 4.2 每超过1亿元 → 100万 (full steps, once)
    {
        "id": "4.2-170000000.00",
        "sentence": _S42,
        "working": "170,000,000.00 does not exceed 1.7亿 → not eligible (4.1 alone pays)",
        "request": {"provision": "4.2", "date": "2021-05-10", "inputs": _cap("170000000.00")},
        "expect": dict(_NONE),
    },
    {
        "id": "4.2-170000000.01",
        "sentence": _S42,
        "working": "excess 0.01; ⌊0.01 ÷ 100,000,000⌋ = 0 steps → 0 → not eligible",
        "request": {"provision": "4.2", "date": "2021-05-10", "inputs": _cap("170000000.01")},
        "expect": dict(_NONE),
    },
    {
        "id": "4.2-issue-example-2yi",
        "sentence": _S42,
        "working": "200,000,000.00: excess 30,000,000; ⌊0.3⌋ = 0 steps → not eligible (never 5 steps)",
        "request": {"provision": "4.2", "date": "2021-05-10", "inputs": _cap("200000000.00")},
        "expect": dict(_NONE),
    },
    {
        "id": "4.2-269999999.99",
        "sentence": _S42,
        "working": "excess 99,999,999.99; ⌊0.9999999999⌋ = 0 steps → not eligible",
        "request": {"provision": "4.2", "date": "2021-05-10", "inputs": _cap("269999999.99")},
        "expect": dict(_NONE),
    },
    {
        "id": "4.2-270000000.00",
        "sentence": _S42,
        "working": "excess 100,000,000.00; ⌊1⌋ = 1 step × 1,000,000 = 1,000,000.00 (170万 + 100万 with 4.1)",
        "request": {"provision": "4.2", "date": "2021-05-10", "inputs": _cap("270000000.00")},
        "expect": _paid("1000000.00"),
    },
    {
        "id": "4.2-270000000.01",
        "sentence": _S42,
        "working": "excess 100,000,000.01; ⌊1.0000000001⌋ = 1 step → 1,000,000.00",
        "request": {"provision": "4.2", "date": "2021-05-10", "inputs": _cap("270000000.01")},
        "expect": _paid("1000000.00"),
    },
    {
        "id": "4.2-369999999.99",
        "sentence": _S42,
        "working": "excess 199,999,999.99; ⌊1.9999999999⌋ = 1 step → 1,000,000.00",
        "request": {"provision": "4.2", "date": "2021-05-10", "inputs": _cap("369999999.99")},
        "expect": _paid("1000000.00"),
    },
    {
        "id": "4.2-370000000.00",
        "sentence": _S42,
        "working": "excess 200,000,000.00; 2 steps × 1,000,000 = 2,000,000.00",
        "request": {"provision": "4.2", "date": "2021-05-10", "inputs": _cap("370000000.00")},
        "expect": _paid("2000000.00"),
    },
    {
        "id": "4.2-670000000.00-at-yearly-total",
        "sentence": _S42,
        "working": "excess 500,000,000.00; 5 steps → 5,000,000.00 = 第十条's 5,000,000 with nothing else in 2021",
        "request": {"provision": "4.2", "date": "2021-05-10", "inputs": _cap("670000000.00")},
        "expect": _paid("5000000.00"),
    },
    {
        "id": "4.2-770000000.00-above-yearly-total",
        "sentence": _S10,
        "working": "excess 600,000,000.00; 6 steps → 6,000,000.00 > 5,000,000 yearly total → 5,000,000.00",
        "request": {"provision": "4.2", "date": "2021-05-10", "inputs": _cap("770000000.00")},
        "expect": _paid("5000000.00"),
    },
    {
        "id": "4.2-with-4.1-same-year-fits",
        "sentence": _S10,
        "working": "470,000,000.00: 3 steps → 3,000,000.00; 4.1 1,700,000.00 in 2021 → left 3,300,000 ≥ 3,000,000 "
                   "→ 3,000,000.00",
        "request": {"provision": "4.2", "date": "2021-05-10", "inputs": _cap("470000000.00"),
                    "history": [_h("4.1", "2021-02-10", "1700000.00", _cap("470000000.00"))]},
        "expect": _paid("3000000.00"),
    },
    {
        "id": "4.2-with-4.1-same-year-cut",
        "sentence": _S10,
        "working": "570,000,000.00: 4 steps → 4,000,000.00; 4.1 1,700,000.00 in 2021 → left 3,300,000.00 → "
                   "3,300,000.00",
        "request": {"provision": "4.2", "date": "2021-05-10", "inputs": _cap("570000000.00"),
                    "history": [_h("4.1", "2021-02-10", "1700000.00", _cap("570000000.00"))]},
        "expect": _paid("3300000.00"),
    },
    {
        "id": "4.2-with-4.1-previous-year",
        "sentence": _S10,
        "working": "4.1 granted 2020-12-31, request 2021-01-04: 2020 does not count; 4 steps → 4,000,000.00",
        "request": {"provision": "4.2", "date": "2021-01-04", "inputs": _cap("570000000.00"),
                    "history": [_h("4.1", "2020-12-31", "1700000.00", _cap("570000000.00"))]},
        "expect": _paid("4000000.00"),
    },
    {
        "id": "4.2-already-granted",
        "sentence": _S42,
        "working": "once per enterprise: 4.2 granted 2020 for 2.7亿; capital now 4.7亿 → not eligible "
                   "(no increase clause)",
        "request": {"provision": "4.2", "date": "2022-05-10", "inputs": _cap("470000000.00"),
                    "history": [_h("4.2", "2020-05-10", "1000000.00", _cap("270000000.00"))]},
        "expect": dict(_NONE),
    },
    {
        "id": "4.2-not-in-park",
        "sentence": _S4,
        "working": "in_leasing_park false → not eligible, whatever the capital",
        "request": {"provision": "4.2", "date": "2021-05-10", "inputs": _cap("370000000.00", park=False)},
        "expect": dict(_NONE),
    },

    # ================================================================ 5.1 设备贷款贴息 20%, per set ≤ 100万, 3 years
    {
        "id": "5.1-price-1999999.99",
        "sentence": _S51,
        "working": "单套价格 1,999,999.99 < 2,000,000 (达到…及以上) → not eligible",
        "request": {"provision": "5.1", "date": "2021-06-15", "inputs": _eq("EQ-1", "1999999.99", "150000.00")},
        "expect": dict(_NONE),
    },
    {
        "id": "5.1-price-2000000.00",
        "sentence": _S51,
        "working": "price 2,000,000.00 ≥ 200万; 20% × 150,000.00 = 30,000.00",
        "request": {"provision": "5.1", "date": "2021-06-15", "inputs": _eq("EQ-1", "2000000.00", "150000.00")},
        "expect": _paid("30000.00"),
    },
    {
        "id": "5.1-rounding",
        "sentence": _S51,
        "working": "20% × 123,456.78 = 24,691.356 → 24,691.36",
        "request": {"provision": "5.1", "date": "2021-06-15", "inputs": _eq("EQ-1", "8000000.00", "123456.78")},
        "expect": _paid("24691.36"),
    },
    {
        "id": "5.1-rounding-down",
        "sentence": _S51,
        "working": "20% × 100,000.01 = 20,000.002 → 20,000.00",
        "request": {"provision": "5.1", "date": "2021-06-15", "inputs": _eq("EQ-1", "8000000.00", "100000.01")},
        "expect": _paid("20000.00"),
    },
    {
        "id": "5.1-zero-interest",
        "sentence": _S51,
        "working": "20% × 0.00 = 0 → not eligible",
        "request": {"provision": "5.1", "date": "2021-06-15", "inputs": _eq("EQ-1", "8000000.00", "0.00")},
        "expect": dict(_NONE),
    },
    {
        "id": "5.1-one-year-at-set-cap",
        "sentence": _S51,
        "working": "20% × 5,000,000.00 = 1,000,000.00 = 单套最高 100万 → 1,000,000.00",
        "request": {"provision": "5.1", "date": "2021-06-15", "inputs": _eq("EQ-1", "30000000.00", "5000000.00")},
        "expect": _paid("1000000.00"),
    },
    {
        "id": "5.1-one-year-above-set-cap",
        "sentence": _S51,
        "working": "20% × 5,000,000.05 = 1,000,000.01 > 1,000,000 → 1,000,000.00",
        "request": {"provision": "5.1", "date": "2021-06-15", "inputs": _eq("EQ-1", "30000000.00", "5000000.05")},
        "expect": _paid("1000000.00"),
    },
    {
        "id": "5.1-set-cap-partly-used",
        "sentence": _S51,
        "working": "EQ-1 received 400,000.00 (2020) + 400,000.00 (2021) = 800,000.00; left 200,000.00; "
                   "20% × 2,000,000.00 = 400,000.00 → 200,000.00",
        "request": {"provision": "5.1", "date": "2022-06-15", "inputs": _eq("EQ-1", "30000000.00", "2000000.00"),
                    "history": [_h("5.1", "2020-06-15", "400000.00", _eq("EQ-1", "30000000.00", "2000000.00")),
                                _h("5.1", "2021-06-15", "400000.00", _eq("EQ-1", "30000000.00", "2000000.00"))]},
        "expect": _paid("200000.00"),
    },
    {
        "id": "5.1-set-cap-not-reached",
        "sentence": _S51,
        "working": "EQ-1 received 400,000.00 + 400,000.00 = 800,000.00; 20% × 999,999.95 = 199,999.99 ≤ 200,000 "
                   "left → 199,999.99",
        "request": {"provision": "5.1", "date": "2022-06-15", "inputs": _eq("EQ-1", "30000000.00", "999999.95"),
                    "history": [_h("5.1", "2020-06-15", "400000.00", _eq("EQ-1", "30000000.00", "2000000.00")),
                                _h("5.1", "2021-06-15", "400000.00", _eq("EQ-1", "30000000.00", "2000000.00"))]},
        "expect": _paid("199999.99"),
    },
    {
        "id": "5.1-set-cap-used-up",
        "sentence": _S51,
        "working": "EQ-1 received 1,000,000.00 in 2020 → nothing left for the set → not eligible",
        "request": {"provision": "5.1", "date": "2021-06-15", "inputs": _eq("EQ-1", "30000000.00", "500000.00"),
                    "history": [_h("5.1", "2020-06-15", "1000000.00", _eq("EQ-1", "30000000.00", "6000000.00"))]},
        "expect": dict(_NONE),
    },
    {
        "id": "5.1-other-set-cap-not-counted",
        "sentence": _S51,
        "working": "EQ-2 received 1,000,000.00 in 2020; EQ-1 has nothing → 20% × 500,000.00 = 100,000.00",
        "request": {"provision": "5.1", "date": "2021-06-15", "inputs": _eq("EQ-1", "30000000.00", "500000.00"),
                    "history": [_h("5.1", "2020-06-15", "1000000.00", _eq("EQ-2", "30000000.00", "6000000.00"))]},
        "expect": _paid("100000.00"),
    },
    {
        "id": "5.1-third-year",
        "sentence": _S51,
        "working": "EQ-1 granted in 2020 and 2021 (100,000.00 each); 2022 is the 3rd year; "
                   "20% × 500,000.00 = 100,000.00; 200,000 + 100,000 ≤ 1,000,000 → 100,000.00",
        "request": {"provision": "5.1", "date": "2022-06-15", "inputs": _eq("EQ-1", "30000000.00", "500000.00"),
                    "history": [_h("5.1", "2020-06-15", "100000.00", _eq("EQ-1", "30000000.00", "500000.00")),
                                _h("5.1", "2021-06-15", "100000.00", _eq("EQ-1", "30000000.00", "500000.00"))]},
        "expect": _paid("100000.00"),
    },
    {
        "id": "5.1-fourth-year",
        "sentence": _S51,
        "working": "EQ-1 granted in 2019, 2020, 2021 → 补贴期限3年 used, 2022 would be a 4th year → not eligible "
                   "(only 300,000 of the 1,000,000 cap used: the term, not the cap, stops it)",
        "request": {"provision": "5.1", "date": "2022-06-15", "inputs": _eq("EQ-1", "30000000.00", "500000.00"),
                    "history": [_h("5.1", "2019-06-15", "100000.00", _eq("EQ-1", "30000000.00", "500000.00")),
                                _h("5.1", "2020-06-15", "100000.00", _eq("EQ-1", "30000000.00", "500000.00")),
                                _h("5.1", "2021-06-15", "100000.00", _eq("EQ-1", "30000000.00", "500000.00"))]},
        "expect": dict(_NONE),
    },
    {
        "id": "5.1-third-year-after-a-gap",
        "sentence": _S51,
        "working": "EQ-1 granted in 2019 and 2021 (no claim in 2020): 2023 is its 3rd calendar year → "
                   "20% × 500,000.00 = 100,000.00",
        "request": {"provision": "5.1", "date": "2023-06-15", "inputs": _eq("EQ-1", "30000000.00", "500000.00"),
                    "history": [_h("5.1", "2019-06-15", "100000.00", _eq("EQ-1", "30000000.00", "500000.00")),
                                _h("5.1", "2021-06-15", "100000.00", _eq("EQ-1", "30000000.00", "500000.00"))]},
        "expect": _paid("100000.00"),
    },
    {
        "id": "5.1-other-set-years-not-counted",
        "sentence": _S51,
        "working": "EQ-2 granted in 2019, 2020, 2021; EQ-1 has no year used → 20% × 500,000.00 = 100,000.00",
        "request": {"provision": "5.1", "date": "2022-06-15", "inputs": _eq("EQ-1", "30000000.00", "500000.00"),
                    "history": [_h("5.1", "2019-06-15", "100000.00", _eq("EQ-2", "30000000.00", "500000.00")),
                                _h("5.1", "2020-06-15", "100000.00", _eq("EQ-2", "30000000.00", "500000.00")),
                                _h("5.1", "2021-06-15", "100000.00", _eq("EQ-2", "30000000.00", "500000.00"))]},
        "expect": _paid("100000.00"),
    },
    {
        "id": "5.1-same-set-same-year",
        "sentence": _S51,
        "working": "EQ-1 granted on 2021-03-01 (a year's interest); a second EQ-1 grant in 2021 → not eligible",
        "request": {"provision": "5.1", "date": "2021-09-01", "inputs": _eq("EQ-1", "30000000.00", "500000.00"),
                    "history": [_h("5.1", "2021-03-01", "100000.00", _eq("EQ-1", "30000000.00", "500000.00"))]},
        "expect": dict(_NONE),
    },
    {
        "id": "5.1-other-set-same-year",
        "sentence": _S51,
        "working": "EQ-2 granted on 2021-03-01; EQ-1 in 2021 is its own first year → 20% × 500,000.00 = "
                   "100,000.00",
        "request": {"provision": "5.1", "date": "2021-09-01", "inputs": _eq("EQ-1", "30000000.00", "500000.00"),
                    "history": [_h("5.1", "2021-03-01", "100000.00", _eq("EQ-2", "30000000.00", "500000.00"))]},
        "expect": _paid("100000.00"),
    },
    {
        "id": "5.1-yearly-total-cuts",
        "sentence": _S10,
        "working": "2021: 4.1 1,700,000.00 + 4.2 2,000,000.00 + 6.1 1,000,000.00 = 4,700,000.00; left 300,000.00; "
                   "20% × 2,000,000.00 = 400,000.00 → 300,000.00",
        "request": {"provision": "5.1", "date": "2021-09-01", "inputs": _eq("EQ-1", "30000000.00", "2000000.00"),
                    "history": [_H41_2021, _H42_2021_2M,
                                _h("6.1", "2021-03-15", "1000000.00", {"financing_total": "100000000.00"})]},
        "expect": _paid("300000.00"),
    },
    {
        "id": "5.1-before-2017-12-30",
        "sentence": _S15,
        "working": "grant 2017-12-29 before the start 2017-12-30 → not eligible",
        "request": {"provision": "5.1", "date": "2017-12-29", "inputs": _eq("EQ-1", "30000000.00", "500000.00")},
        "expect": dict(_NONE),
    },

    # ================================================================ 6.1 融资总额 ≥ 3000万 → 1%, ≤ 300万 per enterprise
    {
        "id": "6.1-29999999.99",
        "sentence": _S61,
        "working": "29,999,999.99 < 30,000,000 (达到…及以上) → not eligible",
        "request": {"provision": "6.1", "date": "2021-06-15", "inputs": {"financing_total": "29999999.99"}},
        "expect": dict(_NONE),
    },
    {
        "id": "6.1-30000000.00",
        "sentence": _S61,
        "working": "30,000,000.00 ≥ 3000万; 1% of the whole total = 300,000.00",
        "request": {"provision": "6.1", "date": "2021-06-15", "inputs": {"financing_total": "30000000.00"}},
        "expect": _paid("300000.00"),
    },
    {
        "id": "6.1-30000000.01",
        "sentence": _S61,
        "working": "1% × 30,000,000.01 = 300,000.0001 → 300,000.00",
        "request": {"provision": "6.1", "date": "2021-06-15", "inputs": {"financing_total": "30000000.01"}},
        "expect": _paid("300000.00"),
    },
    {
        "id": "6.1-half-fen",
        "sentence": _S61,
        "working": "1% × 100,000,000.50 = 1,000,000.005 → half-up 1,000,000.01",
        "request": {"provision": "6.1", "date": "2021-06-15", "inputs": {"financing_total": "100000000.50"}},
        "expect": _paid("1000000.01"),
    },
    {
        "id": "6.1-rounding-down",
        "sentence": _S61,
        "working": "1% × 123,456,789.49 = 1,234,567.8949 → 1,234,567.89",
        "request": {"provision": "6.1", "date": "2021-06-15", "inputs": {"financing_total": "123456789.49"}},
        "expect": _paid("1234567.89"),
    },
    {
        "id": "6.1-at-cap",
        "sentence": _S61,
        "working": "1% × 300,000,000.00 = 3,000,000.00 = 单一企业最高 300万 → 3,000,000.00",
        "request": {"provision": "6.1", "date": "2021-06-15", "inputs": {"financing_total": "300000000.00"}},
        "expect": _paid("3000000.00"),
    },
    {
        "id": "6.1-above-cap",
        "sentence": _S61,
        "working": "1% × 400,000,000.00 = 4,000,000.00 > 3,000,000 → 3,000,000.00",
        "request": {"provision": "6.1", "date": "2021-06-15", "inputs": {"financing_total": "400000000.00"}},
        "expect": _paid("3000000.00"),
    },
    {
        "id": "6.1-cap-partly-used",
        "sentence": _S61,
        "working": "6.1 received 2,500,000.00 in 2020 (1% × 250,000,000.00); left 500,000.00; "
                   "1% × 100,000,000.00 = 1,000,000.00 → 500,000.00 (2020 is not 2021 for 第十条)",
        "request": {"provision": "6.1", "date": "2021-06-15", "inputs": {"financing_total": "100000000.00"},
                    "history": [_h("6.1", "2020-06-15", "2500000.00", {"financing_total": "250000000.00"})]},
        "expect": _paid("500000.00"),
    },
    {
        "id": "6.1-cap-used-up",
        "sentence": _S61,
        "working": "6.1 received 1,500,000.00 (2019) + 1,500,000.00 (2020) = 3,000,000.00 → nothing left",
        "request": {"provision": "6.1", "date": "2021-06-15", "inputs": {"financing_total": "100000000.00"},
                    "history": [_h("6.1", "2019-06-15", "1500000.00", {"financing_total": "150000000.00"}),
                                _h("6.1", "2020-06-15", "1500000.00", {"financing_total": "150000000.00"})]},
        "expect": dict(_NONE),
    },
    {
        "id": "6.1-same-year-second-grant",
        "sentence": _S61,
        "working": "当年: one 6.1 grant a calendar year; 6.1 granted 2021-02-01 → a second one in 2021 → not eligible",
        "request": {"provision": "6.1", "date": "2021-10-01", "inputs": {"financing_total": "50000000.00"},
                    "history": [_h("6.1", "2021-02-01", "500000.00", {"financing_total": "50000000.00"})]},
        "expect": dict(_NONE),
    },
    {
        "id": "6.1-yearly-total-cuts",
        "sentence": _S10,
        "working": "2021: 4.2 4,000,000.00 + 5.1 400,000.00 = 4,400,000.00; left 600,000.00; "
                   "1% × 200,000,000.00 = 2,000,000.00 → 600,000.00",
        "request": {"provision": "6.1", "date": "2021-11-30", "inputs": {"financing_total": "200000000.00"},
                    "history": [_H42_2021_4M, _H51_2021_400K]},
        "expect": _paid("600000.00"),
    },
    {
        "id": "6.1-yearly-total-other-year",
        "sentence": _S10,
        "working": "4.2 5,000,000.00 granted in 2020 (670,000,000.00: 5 steps); request in 2021 → 2020 does not "
                   "count; 1% × 200,000,000.00 = 2,000,000.00",
        "request": {"provision": "6.1", "date": "2021-11-30", "inputs": {"financing_total": "200000000.00"},
                    "history": [_h("4.2", "2020-11-30", "5000000.00", _cap("670000000.00"))]},
        "expect": _paid("2000000.00"),
    },
    {
        "id": "6.1-other-district-policy",
        "sentence": _S12,
        "working": "other_district_policy true → 不得兼得, nothing here",
        "request": {"provision": "6.1", "date": "2021-06-15",
                    "inputs": {"financing_total": "50000000.00", "other_district_policy": True}},
        "expect": dict(_NONE),
    },

    # ================================================================ 7.1 高管奖励 bands, 最高合计 (ceiling)
    {
        "id": "7.1-99999999.99",
        "sentence": _S71_D,
        "working": "99,999,999.99 < 1亿 → no band, not eligible",
        "request": {"provision": "7.1", "date": "2021-06-15", "inputs": {"new_business_volume": "99999999.99"}},
        "expect": dict(_NONE),
    },
    {
        "id": "7.1-100000000.00",
        "sentence": _S71_D,
        "working": "1亿元（含）以上, 3亿以下 → 最高合计 80,000.00",
        "request": {"provision": "7.1", "date": "2021-06-15", "inputs": {"new_business_volume": "100000000.00"}},
        "expect": _paid("80000.00", ceiling=True),
    },
    {
        "id": "7.1-299999999.99",
        "sentence": _S71_D,
        "working": "299,999,999.99 < 3亿 → still the 1亿 band → 80,000.00",
        "request": {"provision": "7.1", "date": "2021-06-15", "inputs": {"new_business_volume": "299999999.99"}},
        "expect": _paid("80000.00", ceiling=True),
    },
    {
        "id": "7.1-300000000.00",
        "sentence": _S71_C,
        "working": "3亿元（含）以上 → 最高合计 150,000.00",
        "request": {"provision": "7.1", "date": "2021-06-15", "inputs": {"new_business_volume": "300000000.00"}},
        "expect": _paid("150000.00", ceiling=True),
    },
    {
        "id": "7.1-499999999.99",
        "sentence": _S71_C,
        "working": "499,999,999.99 < 5亿 → 3亿 band → 150,000.00",
        "request": {"provision": "7.1", "date": "2021-06-15", "inputs": {"new_business_volume": "499999999.99"}},
        "expect": _paid("150000.00", ceiling=True),
    },
    {
        "id": "7.1-500000000.00",
        "sentence": _S71_B,
        "working": "5亿元（含）以上 → 最高合计 300,000.00",
        "request": {"provision": "7.1", "date": "2021-06-15", "inputs": {"new_business_volume": "500000000.00"}},
        "expect": _paid("300000.00", ceiling=True),
    },
    {
        "id": "7.1-999999999.99",
        "sentence": _S71_B,
        "working": "999,999,999.99 < 10亿 → 5亿 band → 300,000.00",
        "request": {"provision": "7.1", "date": "2021-06-15", "inputs": {"new_business_volume": "999999999.99"}},
        "expect": _paid("300000.00", ceiling=True),
    },
    {
        "id": "7.1-1000000000.00",
        "sentence": _S71_A,
        "working": "10亿元（含）以上 → 最高合计 500,000.00",
        "request": {"provision": "7.1", "date": "2021-06-15", "inputs": {"new_business_volume": "1000000000.00"}},
        "expect": _paid("500000.00", ceiling=True),
    },
    {
        "id": "7.1-far-above-top-band",
        "sentence": _S71_A,
        "working": "8,000,000,000.00 ≥ 10亿 → top band, no further level → 500,000.00",
        "request": {"provision": "7.1", "date": "2021-06-15", "inputs": {"new_business_volume": "8000000000.00"}},
        "expect": _paid("500000.00", ceiling=True),
    },
    {
        "id": "7.1-same-year-second-grant",
        "sentence": _S71_A,
        "working": "当年: 7.1 granted 2021-03-01 → a second 7.1 in 2021 → not eligible",
        "request": {"provision": "7.1", "date": "2021-11-01", "inputs": {"new_business_volume": "1200000000.00"},
                    "history": [_h("7.1", "2021-03-01", "80000.00", {"new_business_volume": "150000000.00"})]},
        "expect": dict(_NONE),
    },
    {
        "id": "7.1-previous-year-granted",
        "sentence": _S71_B,
        "working": "7.1 granted 2020-03-01; 2021 is a new year → 600,000,000.00 in the 5亿 band → 300,000.00",
        "request": {"provision": "7.1", "date": "2021-03-01", "inputs": {"new_business_volume": "600000000.00"},
                    "history": [_h("7.1", "2020-03-01", "300000.00", {"new_business_volume": "600000000.00"})]},
        "expect": _paid("300000.00", ceiling=True),
    },
    {
        "id": "7.1-yearly-total-cuts",
        "sentence": _S10,
        "working": "2021: 4.2 4,000,000.00 + 6.1 900,000.00 (1% × 90,000,000.00) = 4,900,000.00; left 100,000.00; "
                   "band 10亿 → 500,000.00 → 100,000.00",
        "request": {"provision": "7.1", "date": "2021-12-01", "inputs": {"new_business_volume": "1000000000.00"},
                    "history": [_H42_2021_4M,
                                _h("6.1", "2021-05-01", "900000.00", {"financing_total": "90000000.00"})]},
        "expect": _paid("100000.00", ceiling=True),
    },
    {
        "id": "7.1-before-2017-12-30",
        "sentence": _S15,
        "working": "grant 2017-12-29 before the start 2017-12-30 → not eligible",
        "request": {"provision": "7.1", "date": "2017-12-29", "inputs": {"new_business_volume": "1000000000.00"}},
        "expect": dict(_NONE),
    },
]


BAD_REQUESTS = [
    # --- date
    {"id": "missing-date",
     "line": '{"provision": "4.1", "inputs": {"paid_in_capital": "170000000.00", "in_leasing_park": true}}',
     "field": "date"},
    {"id": "bad-date-february-30",
     "line": '{"provision": "6.1", "date": "2021-02-30", "inputs": {"financing_total": "50000000.00"}}',
     "field": "date"},
    # --- amounts
    {"id": "float-amount",
     "line": '{"provision": "4.1", "date": "2021-05-10", '
             '"inputs": {"paid_in_capital": 170000000.5, "in_leasing_park": true}}',
     "field": "paid_in_capital"},
    {"id": "negative-amount",
     "line": '{"provision": "5.1", "date": "2021-06-15", '
             '"inputs": {"equipment_set": "EQ-1", "set_price": "3000000.00", "annual_loan_interest": "-100.00"}}',
     "field": "annual_loan_interest"},
    {"id": "amount-in-yi",
     "line": '{"provision": "4.2", "date": "2021-05-10", '
             '"inputs": {"paid_in_capital": "2.7亿", "in_leasing_park": true}}',
     "field": "paid_in_capital"},
    {"id": "amount-with-thousands-separator",
     "line": '{"provision": "6.1", "date": "2021-06-15", "inputs": {"financing_total": "30,000,000.00"}}',
     "field": "financing_total"},
    # --- yes/no
    {"id": "park-as-string",
     "line": '{"provision": "4.1", "date": "2021-05-10", '
             '"inputs": {"paid_in_capital": "170000000.00", "in_leasing_park": "是"}}',
     "field": "in_leasing_park"},
    {"id": "park-missing",
     "line": '{"provision": "4.1", "date": "2021-05-10", "inputs": {"paid_in_capital": "170000000.00"}}',
     "field": "in_leasing_park"},
    {"id": "other-district-policy-as-integer",
     "line": '{"provision": "6.1", "date": "2021-06-15", '
             '"inputs": {"financing_total": "50000000.00", "other_district_policy": 0}}',
     "field": "other_district_policy"},
    # --- the step count is never an input
    {"id": "step-count-given",
     "line": '{"provision": "4.2", "date": "2021-05-10", '
             '"inputs": {"paid_in_capital": "200000000.00", "in_leasing_park": true, "steps": 5}}',
     "field": "steps"},
    # --- scope key
    {"id": "equipment-set-missing",
     "line": '{"provision": "5.1", "date": "2021-06-15", '
             '"inputs": {"set_price": "3000000.00", "annual_loan_interest": "100000.00"}}',
     "field": "equipment_set"},
    {"id": "equipment-set-as-integer",
     "line": '{"provision": "5.1", "date": "2021-06-15", '
             '"inputs": {"equipment_set": 1, "set_price": "3000000.00", "annual_loan_interest": "100000.00"}}',
     "field": "equipment_set"},
    {"id": "history-entry-without-equipment-set",
     "line": '{"provision": "5.1", "date": "2021-06-15", '
             '"inputs": {"equipment_set": "EQ-1", "set_price": "3000000.00", "annual_loan_interest": "100000.00"}, '
             '"history": [{"provision": "5.1", "date": "2020-06-15", "amount": "20000.00", '
             '"inputs": {"set_price": "3000000.00", "annual_loan_interest": "100000.00"}}]}',
     "field": "equipment_set"},
    # --- input names
    {"id": "missing-input",
     "line": '{"provision": "7.1", "date": "2021-06-15", "inputs": {}}',
     "field": "new_business_volume"},
    {"id": "unknown-input-of-other-provision",
     "line": '{"provision": "6.1", "date": "2021-06-15", '
             '"inputs": {"financing_total": "50000000.00", "new_business_volume": "100000000.00"}}',
     "field": "new_business_volume"},
    {"id": "band-given-instead-of-volume",
     "line": '{"provision": "7.1", "date": "2021-06-15", "inputs": {"band": "（一）"}}',
     "field": "band"},
    # --- history / provision
    {"id": "history-after-request-date",
     "line": '{"provision": "4.1", "date": "2021-05-10", '
             '"inputs": {"paid_in_capital": "170000000.00", "in_leasing_park": true}, '
             '"history": [{"provision": "6.1", "date": "2021-05-11", "amount": "300000.00", '
             '"inputs": {"financing_total": "30000000.00"}}]}',
     "field": "history"},
    {"id": "history-amount-float",
     "line": '{"provision": "6.1", "date": "2021-06-15", "inputs": {"financing_total": "50000000.00"}, '
             '"history": [{"provision": "6.1", "date": "2020-06-15", "amount": 500000.5, '
             '"inputs": {"financing_total": "50000000.00"}}]}',
     "field": "amount"},
    {"id": "unknown-provision",
     "line": '{"provision": "4.4", "date": "2021-05-10", "inputs": {}}',
     "field": "4.4"},
]
