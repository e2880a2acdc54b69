"""Hand-worked cases for 《大连市跨境电子商务扶持资金管理暂行规定》, computed by hand from the text.

Every figure below was worked out by hand from the sentence quoted in the case (a verbatim substring of
policies/dalian-cross-border-ecommerce/official.txt) and the readings adopted in that folder's README.md;
none was copied from a program's output.  Conventions used in ``working``:

* money in 元; US dollars (inputs ending in ``_usd``) are their own kind, never converted; areas in m²;
* each provision's result rounded once, at the end, to the fen, half-up; caps applied before that;
* no district/town split: district = amount, town = 0.00; ``ceiling`` false everywhere;
* ``eligible`` is true exactly when amount > 0, otherwise all three money fields are "0.00";
* validity (F.1): from 2016-01-06, no end, on the grant ``date``; per-year rules use its calendar year;
* 第十八条: ``duplicate_funding`` true → nothing;
* 7.1 (and 9.4, 10.1 by 比照): band ≥ 200万/500万/1000万美元 → 10万/20万/30万, less what the provision
  already paid (top-up); 9.4 and 10.1 also ≤ 30万 cumulative;
* 6.1: firms counted = min(new firms, firms in park − 20); 6.6: firms of the list with trade ≥ 50万美元;
  8.2: persons paid = min(trainees who worked a year in the city, ⌊employees × 15%⌋).

The module is plain data: ``CASES`` (requests with expected results) and ``BAD_REQUESTS`` (raw request
lines that must give an ``error`` naming ``field``).
"""

# --- the official sentences (verbatim substrings of official.txt) -----------------------------------

_S61 = ("线下园区实际使用面积超过5万平方米、入驻有经营业绩的跨境电商企业达到20家的，每新入驻1家跨境电商企业，"
        "给予园区扶持资金1万元，最多给予200万元扶持资金。")
_S62 = ("对获得海关、检验检疫等“单一窗口”平台建设单位批准，并与“单一窗口”平台对接、服务外贸进出口企业50家以上、"
        "上年度线上交易额超过3000万美元（含）的公共服务平台，给予100万元扶持资金。")
_S63 = ("对大连企业自建的跨境电子商务第三方支付平台，并取得中国人民银行颁发的《支付业务许可证》的，"
        "一次性给予100万元扶持资金；")
_S64 = "对上一年度线上交易额突破2亿美元的，给予100万元扶持资金。"
_S65 = ("被国家质监总局认定为国家级重点实验室的，一次性给予200万元扶持资金；被辽宁省出入境检验检疫局认定为"
        "省级重点实验室的，一次性给予50万元扶持资金。")
_S66 = ("对年进出口额超过1亿美元的跨境电子商务平台，每新吸引1家年进出口额达到50万美元以上的企业在平台上开展"
        "跨境电子商务业务，给予平台企业1万元的扶持资金，最多给予200万元扶持资金。")
_S67 = ("对线上交易额超过1亿美元、年进出口额增幅超过1000万美元的跨境电子商务平台，给予20万元扶持资金；"
        "超过5000万美元的，给予50万元；超过1亿美元的，给予100万元扶持资金。")
_S71 = ("对具备进出口经营权、跨境电子商务年进出口额200万美元以上的企业，给予10万元扶持资金；年进出口额500万美元"
        "以上的企业，给予20万元扶持资金；年进出口额1000万美元以上的企业，给予30万元扶持资金。")
_S72 = "利用第三方跨境电子商务平台开展电子商务，且年进出口额达到2000万美元以上的企业，每年给予20万元扶持资金。"
_S73 = ("对建立并经营线下O2O体验店1年以上、年交易额达到50万美元以上的，按上年度交易额的10%给予资金扶持。"
        "扶持金额最多不超过50万元，每家体验店累计扶持不超过3次。")
_S81 = "对开设跨境电子商务本科以上专业且纳入全国高等院校统一招生计划的学校，一次性给予100万元扶持资金。"
_S82 = ("对年培训人数达到20人以上、人员结业后在本市从事跨境电子商务业务1年及以上的，每培训1人给予2000元的资金扶持，"
        "每家企业每年扶持资金最多不超过10万元，且培训人员的比例限定在企业员工总数的15%以内（具体办法另行制定）。")
_S83 = "引进高端跨境电子商务人才的企业，按照上述规定享受相应政策。"
_S91 = ("对年成交额超过1亿美元的跨境电子商务平台，针对英语国家和地区开设子网站或独立页面的，一次性给予10万元"
        "扶持资金；针对非英语国家和地区开设子网站或独立页面的，一次性给予15万元扶持资金。")
_S92 = "对被商务部列入国家级和辽宁省商务厅列入省级公共海外仓建设试点的企业，除享受国家、省扶持资金外，再给予50万元的扶持资金；"
_S93 = "被市外经贸局认定为市级跨境电商公共海外仓建设试点的企业，根据相关标准给予一定的资金扶持（具体标准另行制定）。"
_S94 = "并被大连海关批准的出口监管仓，按出口额度比照本规定第七条第一款给予资金扶持，每家企业最多给予30万元的扶持资金。"
_S101 = ("仓储面积1万平方米以上、具有与跨境电子商务平台或物流平台企业对接信息化系统的，出口按照本规定第七条第一款"
         "给予扶持，每家企业扶持资金最多不超过30万元。")
_S102 = "按其国际物流费用的10%给予资金扶持，每家企业扶持资金最多不超过100万元。"
_S111 = "对经国家发展改革委、国土资源部、海关总署和商务部批准新设的跨境电子商务监管中心，一次性给予基础设施建设扶持资金100万元。"
_S121 = "服务企业达到50家以上、年度服务企业数量增幅达到30%以上的，给予20万元扶持资金。"
_S131 = "我市建立的各类政府性产业基金在项目选择中将优先考虑跨境电子商务项目。"
_S132 = "鼓励互联网支付服务创新,培育跨境小额B2B及B2C支付等互联网跨境服务模式。"
_S18 = "同一项目不得重复申请各类财政资金。"
_S20 = "本规定自印发之日起施行。"

_NONE = {"eligible": False, "amount": "0.00", "district_share": "0.00", "town_share": "0.00"}


def _paid(amount):
    return {"eligible": True, "amount": amount, "district_share": amount, "town_share": "0.00",
            "ceiling": False}


def _h(provision, date, amount, inputs=None):
    return {"provision": provision, "date": date, "amount": amount, "inputs": inputs or {}}


def _req(provision, inputs, date="2017-06-01", history=()):
    return {"provision": provision, "date": date, "inputs": inputs, "history": list(history)}


def _park(area, firms, new):
    return {"park_area": area, "firms_in_park": firms, "new_firms": new}


def _sw(served, volume, approved=True, connected=True):
    return {"single_window_approved": approved, "single_window_connected": connected,
            "firms_served": served, "online_volume_usd": volume}


def _firms(*trades):
    return [{"name": f"F{i}", "trade_usd": t} for i, t in enumerate(trades)]


def _grow(online, trade, prior):
    return {"online_volume_usd": online, "trade_usd": trade, "prior_trade_usd": prior}


def _store(key, opened, volume_usd, sales):
    return {"store": key, "store_opened_on": opened, "store_volume_usd": volume_usd,
            "store_prior_year_sales": sales}


def _trainees(stayed, left):
    return ([{"name": f"P{i}", "stayed_a_year": True} for i in range(stayed)]
            + [{"name": f"Q{i}", "stayed_a_year": False} for i in range(left)])


CASES = [
    # ================================================================ F.1 / 第十八条
    {"id": "F.1-before-2016-01-06", "sentence": _S20,
     "working": "grant 2016-01-05, before the earliest date the reading allows (2016-01-06) → nothing",
     "request": _req("8.1", {"bachelor_programme": True, "national_enrolment_plan": True}, date="2016-01-05"),
     "expect": dict(_NONE)},
    {"id": "F.1-on-2016-01-06", "sentence": _S20,
     "working": "grant 2016-01-06 → in force; 8.1 一次性 1,000,000.00",
     "request": _req("8.1", {"bachelor_programme": True, "national_enrolment_plan": True}, date="2016-01-06"),
     "expect": _paid("1000000.00")},
    {"id": "18-duplicate-funding", "sentence": _S18,
     "working": "the same project already had other public funds → nothing",
     "request": _req("11.1", {"newly_approved": True, "duplicate_funding": True}),
     "expect": dict(_NONE)},

    # ================================================================ 6.1 园区 1万/家, ≤ 200万
    {"id": "6.1-30-new-all-after-20th", "sentence": _S61,
     "working": "area 50,000.01 > 50,000; 80 firms ≥ 20; min(30, 80 − 20 = 60) = 30 × 10,000 = 300,000.00",
     "request": _req("6.1", _park("50000.01", 80, 30)), "expect": _paid("300000.00")},
    {"id": "6.1-crossing-20", "sentence": _S61,
     "working": "22 firms now, 7 new this year: only 22 − 20 = 2 came after the 20th → min(7, 2) = 2 × 10,000 = 20,000.00",
     "request": _req("6.1", _park("60000", 22, 7)), "expect": _paid("20000.00")},
    {"id": "6.1-area-exactly-5wan", "sentence": _S61,
     "working": "50,000 m² is not 超过 5万平方米 → nothing",
     "request": _req("6.1", _park("50000", 80, 30)), "expect": dict(_NONE)},
    {"id": "6.1-cumulative-cap", "sentence": _S61,
     "working": "min(50, 280) = 50 × 10,000 = 500,000.00; earlier 6.1 grants 1,800,000.00; left 200,000.00 → 200,000.00",
     "request": _req("6.1", _park("90000", 300, 50), date="2019-06-01",
                     history=[_h("6.1", "2017-06-01", "1000000.00"), _h("6.1", "2018-06-01", "800000.00")]),
     "expect": _paid("200000.00")},
    {"id": "6.1-once-a-year", "sentence": _S61,
     "working": "a 6.1 grant already on 2017-02-01 → the second of 2017 → nothing",
     "request": _req("6.1", _park("90000", 300, 5), history=[_h("6.1", "2017-02-01", "50000.00")]),
     "expect": dict(_NONE)},

    # ================================================================ 6.2 公共服务平台 100万
    {"id": "6.2-edges-inclusive", "sentence": _S62,
     "working": "50 firms (以上 includes), 30,000,000.00 USD (（含）) → 1,000,000.00",
     "request": _req("6.2", _sw(50, "30000000.00")), "expect": _paid("1000000.00")},
    {"id": "6.2-one-cent-short", "sentence": _S62,
     "working": "29,999,999.99 USD < 3000万美元 → nothing",
     "request": _req("6.2", _sw(50, "29999999.99")), "expect": dict(_NONE)},
    {"id": "6.2-not-approved", "sentence": _S62,
     "working": "not approved by the 单一窗口 building unit → nothing",
     "request": _req("6.2", _sw(90, "90000000.00", approved=False)), "expect": dict(_NONE)},

    # ================================================================ 6.3 / 6.4 支付平台
    {"id": "6.3-licence", "sentence": _S63,
     "working": "self-built, licensed → 一次性 1,000,000.00",
     "request": _req("6.3", {"self_built_payment_platform": True, "payment_licence": True}),
     "expect": _paid("1000000.00")},
    {"id": "6.3-not-self-built", "sentence": _S63,
     "working": "not a 大连企业自建 platform → nothing",
     "request": _req("6.3", {"self_built_payment_platform": False, "payment_licence": True}),
     "expect": dict(_NONE)},
    {"id": "6.4-exactly-2yi", "sentence": _S64,
     "working": "200,000,000.00 USD does not 突破 2亿美元 → nothing",
     "request": _req("6.4", {"self_built_payment_platform": True, "payment_licence": True,
                             "payment_volume_usd": "200000000.00"}),
     "expect": dict(_NONE)},
    {"id": "6.4-over-2yi-second-year", "sentence": _S64,
     "working": "250,000,000 USD > 2亿美元; 6.4 of 2017 does not count in 2018 → 1,000,000.00",
     "request": _req("6.4", {"self_built_payment_platform": True, "payment_licence": True,
                             "payment_volume_usd": "250000000.00"}, date="2018-06-01",
                     history=[_h("6.3", "2017-01-10", "1000000.00"), _h("6.4", "2017-06-01", "1000000.00")]),
     "expect": _paid("1000000.00")},
    {"id": "6.4-without-licence", "sentence": _S63,
     "working": "the subject of 6.4 is the licensed self-built platform of 6.3: no licence → nothing",
     "request": _req("6.4", {"self_built_payment_platform": True, "payment_licence": False,
                             "payment_volume_usd": "300000000.00"}),
     "expect": dict(_NONE)},

    # ================================================================ 6.5 检测平台 200万 / 50万
    {"id": "6.5-provincial", "sentence": _S65,
     "working": "省级重点实验室 → 一次性 500,000.00",
     "request": _req("6.5", {"lab_level": "省级"}), "expect": _paid("500000.00")},
    {"id": "6.5-national-after-provincial", "sentence": _S65,
     "working": "省级 paid 500,000.00 in 2017; 国家级 is another recognition → 2,000,000.00 (no top-up written)",
     "request": _req("6.5", {"lab_level": "国家级"}, date="2019-06-01",
                     history=[_h("6.5", "2017-06-01", "500000.00", {"lab_level": "省级"})]),
     "expect": _paid("2000000.00")},
    {"id": "6.5-national-twice", "sentence": _S65,
     "working": "国家级 already paid → 一次性 → nothing",
     "request": _req("6.5", {"lab_level": "国家级"}, date="2019-06-01",
                     history=[_h("6.5", "2018-06-01", "2000000.00", {"lab_level": "国家级"})]),
     "expect": dict(_NONE)},

    # ================================================================ 6.6 吸引企业 1万/家, ≤ 200万
    {"id": "6.6-filtered-list", "sentence": _S66,
     "working": "platform 100,000,000.01 USD > 1亿; firms 500,000.00 ✓, 499,999.99 ✗, 2,000,000.00 ✓, 80,000.00 ✗ "
                "→ 2 × 10,000 = 20,000.00",
     "request": _req("6.6", {"platform_trade_usd": "100000000.01",
                             "new_firms_attracted": _firms("500000.00", "499999.99", "2000000.00", "80000.00")}),
     "expect": _paid("20000.00")},
    {"id": "6.6-none-qualifies", "sentence": _S66,
     "working": "no firm reaches 50万美元 → 0 × 10,000 → nothing",
     "request": _req("6.6", {"platform_trade_usd": "300000000.00",
                             "new_firms_attracted": _firms("499999.99", "100.00")}),
     "expect": dict(_NONE)},
    {"id": "6.6-platform-exactly-1yi", "sentence": _S66,
     "working": "platform 100,000,000.00 USD is not 超过 1亿美元 → nothing",
     "request": _req("6.6", {"platform_trade_usd": "100000000.00",
                             "new_firms_attracted": _firms("900000.00")}),
     "expect": dict(_NONE)},
    {"id": "6.6-cumulative-cap", "sentence": _S66,
     "working": "4 firms → 40,000.00; earlier 6.6 1,985,000.00; left 15,000.00 → 15,000.00",
     "request": _req("6.6", {"platform_trade_usd": "500000000.00",
                             "new_firms_attracted": _firms("600000", "700000", "800000", "900000")},
                     date="2019-06-01",
                     history=[_h("6.6", "2017-06-01", "1000000.00"), _h("6.6", "2018-06-01", "985000.00")]),
     "expect": _paid("15000.00")},

    # ================================================================ 6.7 增幅 20万 / 50万 / 100万
    {"id": "6.7-increase-exactly-1000wan", "sentence": _S67,
     "working": "increase 110,000,000 − 100,000,000 = 10,000,000 USD, not 超过 1000万 → nothing",
     "request": _req("6.7", _grow("150000000", "110000000", "100000000")), "expect": dict(_NONE)},
    {"id": "6.7-increase-3000wan", "sentence": _S67,
     "working": "increase 30,000,000 USD > 1000万, ≤ 5000万 → 200,000.00",
     "request": _req("6.7", _grow("150000000", "130000000", "100000000")), "expect": _paid("200000.00")},
    {"id": "6.7-increase-5000wan-and-a-cent", "sentence": _S67,
     "working": "increase 50,000,000.01 USD > 5000万 → 500,000.00",
     "request": _req("6.7", _grow("150000000", "150000000.01", "100000000")), "expect": _paid("500000.00")},
    {"id": "6.7-increase-1yi-exactly", "sentence": _S67,
     "working": "increase 100,000,000 USD, not 超过 1亿 → 500,000.00",
     "request": _req("6.7", _grow("300000000", "200000000", "100000000")), "expect": _paid("500000.00")},
    {"id": "6.7-increase-over-1yi", "sentence": _S67,
     "working": "increase 150,000,000 USD > 1亿 → 1,000,000.00",
     "request": _req("6.7", _grow("300000000", "250000000", "100000000")), "expect": _paid("1000000.00")},
    {"id": "6.7-decrease", "sentence": _S67,
     "working": "trade fell 10,000,000 USD: no increase → nothing",
     "request": _req("6.7", _grow("300000000", "90000000", "100000000")), "expect": dict(_NONE)},

    # ================================================================ 7.1 bands, top-up
    {"id": "7.1-band-1", "sentence": _S71,
     "working": "2,000,000.00 USD ≥ 200万美元 → 100,000.00",
     "request": _req("7.1", {"trading_rights": True, "ecommerce_trade_usd": "2000000.00"}),
     "expect": _paid("100000.00")},
    {"id": "7.1-band-2-just-below", "sentence": _S71,
     "working": "4,999,999.99 USD < 500万 → band 1: 100,000.00",
     "request": _req("7.1", {"trading_rights": True, "ecommerce_trade_usd": "4999999.99"}),
     "expect": _paid("100000.00")},
    {"id": "7.1-top-up-to-band-3", "sentence": _S71,
     "working": "10,000,000 USD → band 3 300,000.00; received 100,000 + 100,000 = 200,000.00 → 100,000.00",
     "request": _req("7.1", {"trading_rights": True, "ecommerce_trade_usd": "10000000.00"}, date="2019-06-01",
                     history=[_h("7.1", "2017-06-01", "100000.00"), _h("7.1", "2018-06-01", "100000.00")]),
     "expect": _paid("100000.00")},
    {"id": "7.1-lower-band-after-higher", "sentence": _S71,
     "working": "band 2 200,000.00 after 300,000.00 received → nothing to top up",
     "request": _req("7.1", {"trading_rights": True, "ecommerce_trade_usd": "6000000.00"}, date="2019-06-01",
                     history=[_h("7.1", "2018-06-01", "300000.00")]),
     "expect": dict(_NONE)},
    {"id": "7.1-below-band-1", "sentence": _S71,
     "working": "1,999,999.99 USD < 200万美元 → nothing",
     "request": _req("7.1", {"trading_rights": True, "ecommerce_trade_usd": "1999999.99"}),
     "expect": dict(_NONE)},

    # ================================================================ 7.2 第三方平台 20万 每年
    {"id": "7.2-at-2000wan", "sentence": _S72,
     "working": "20,000,000.00 USD ≥ 2000万美元 → 200,000.00",
     "request": _req("7.2", {"uses_third_party_platform": True, "annual_trade_usd": "20000000.00"}),
     "expect": _paid("200000.00")},
    {"id": "7.2-not-third-party", "sentence": _S72,
     "working": "not through a third-party platform → nothing",
     "request": _req("7.2", {"uses_third_party_platform": False, "annual_trade_usd": "90000000.00"}),
     "expect": dict(_NONE)},
    {"id": "7.2-same-year", "sentence": _S72,
     "working": "7.2 already paid on 2017-01-15 → 每年 once → nothing",
     "request": _req("7.2", {"uses_third_party_platform": True, "annual_trade_usd": "90000000.00"},
                     history=[_h("7.2", "2017-01-15", "200000.00")]),
     "expect": dict(_NONE)},

    # ================================================================ 7.3 O2O 10%, ≤ 50万, ≤ 3 次/店
    {"id": "7.3-ten-percent", "sentence": _S73,
     "working": "opened 2016-06-01, granted 2017-06-01: 1 year; 500,000.00 USD ≥ 50万美元; 10% × 3,210,987.65 = "
                "321,098.765 → 321,098.77",
     "request": _req("7.3", _store("S-9", "2016-06-01", "500000.00", "3210987.65")),
     "expect": _paid("321098.77")},
    {"id": "7.3-cap-per-grant", "sentence": _S73,
     "working": "10% × 9,000,000.00 = 900,000.00 > 500,000.00 → 500,000.00",
     "request": _req("7.3", _store("S-9", "2010-01-01", "2000000.00", "9000000.00")),
     "expect": _paid("500000.00")},
    {"id": "7.3-one-day-short-of-a-year", "sentence": _S73,
     "working": "opened 2016-06-02, granted 2017-06-01: 0 whole years → nothing",
     "request": _req("7.3", _store("S-9", "2016-06-02", "900000.00", "3000000.00")),
     "expect": dict(_NONE)},
    {"id": "7.3-fourth-time", "sentence": _S73,
     "working": "S-9 paid in 2017, 2018, 2019 → 累计不超过3次 → nothing in 2020",
     "request": _req("7.3", _store("S-9", "2010-01-01", "900000.00", "3000000.00"), date="2020-06-01",
                     history=[_h("7.3", f"{y}-06-01", "300000.00", {"store": "S-9"}) for y in (2017, 2018, 2019)]),
     "expect": dict(_NONE)},
    {"id": "7.3-other-store-counts-apart", "sentence": _S73,
     "working": "S-9's three grants do not count for S-10: 10% × 1,000,000.00 = 100,000.00",
     "request": _req("7.3", _store("S-10", "2010-01-01", "900000.00", "1000000.00"), date="2020-06-01",
                     history=[_h("7.3", f"{y}-06-01", "300000.00", {"store": "S-9"}) for y in (2017, 2018, 2019)]),
     "expect": _paid("100000.00")},

    # ================================================================ 8.1 / 8.2 / 8.3
    {"id": "8.1-no-bachelor", "sentence": _S81,
     "working": "no 本科以上 programme → nothing",
     "request": _req("8.1", {"bachelor_programme": False, "national_enrolment_plan": True}),
     "expect": dict(_NONE)},
    {"id": "8.2-twenty-trainees", "sentence": _S82,
     "working": "20 trainees ≥ 20; 15 stayed a year; ⌊400 × 15%⌋ = 60; min(15, 60) = 15 × 2,000 = 30,000.00",
     "request": _req("8.2", {"trainees": _trainees(15, 5), "employees": 400}), "expect": _paid("30000.00")},
    {"id": "8.2-nineteen-trainees", "sentence": _S82,
     "working": "19 trainees < 20 → nothing",
     "request": _req("8.2", {"trainees": _trainees(19, 0), "employees": 400}), "expect": dict(_NONE)},
    {"id": "8.2-fifteen-percent", "sentence": _S82,
     "working": "30 stayed; ⌊100 × 15%⌋ = 15 → 15 × 2,000 = 30,000.00",
     "request": _req("8.2", {"trainees": _trainees(30, 0), "employees": 100}), "expect": _paid("30000.00")},
    {"id": "8.2-fifteen-percent-rounds-down", "sentence": _S82,
     "working": "30 stayed; 133 × 15% = 19.95 → 19 whole persons → 19 × 2,000 = 38,000.00",
     "request": _req("8.2", {"trainees": _trainees(30, 0), "employees": 133}), "expect": _paid("38000.00")},
    {"id": "8.2-yearly-cap", "sentence": _S82,
     "working": "60 stayed, ⌊1000 × 15%⌋ = 150 → 60 × 2,000 = 120,000.00 > 100,000.00 → 100,000.00",
     "request": _req("8.2", {"trainees": _trainees(60, 0), "employees": 1000}), "expect": _paid("100000.00")},
    {"id": "8.2-yearly-cap-other-year", "sentence": _S82,
     "working": "100,000.00 paid in 2016 does not count in 2017: 25 × 2,000 = 50,000.00",
     "request": _req("8.2", {"trainees": _trainees(25, 0), "employees": 1000},
                     history=[_h("8.2", "2016-09-01", "100000.00")]),
     "expect": _paid("50000.00")},
    {"id": "8.3-external", "sentence": _S83,
     "working": "the city's talent rules decide: not computed → nothing",
     "request": _req("8.3", {}), "expect": dict(_NONE)},

    # ================================================================ 9.1–9.4
    {"id": "9.1-non-english", "sentence": _S91,
     "working": "turnover 150,000,000 USD > 1亿; 非英语 → 一次性 150,000.00",
     "request": _req("9.1", {"platform_turnover_usd": "150000000", "site_market": "非英语国家和地区"}),
     "expect": _paid("150000.00")},
    {"id": "9.1-english-twice", "sentence": _S91,
     "working": "英语 already paid → nothing",
     "request": _req("9.1", {"platform_turnover_usd": "150000000", "site_market": "英语国家和地区"},
                     date="2018-06-01",
                     history=[_h("9.1", "2017-06-01", "100000.00", {"site_market": "英语国家和地区"})]),
     "expect": dict(_NONE)},
    {"id": "9.2-pilot", "sentence": _S92,
     "working": "listed as a national or provincial pilot → 500,000.00",
     "request": _req("9.2", {"overseas_warehouse_pilot": True}), "expect": _paid("500000.00")},
    {"id": "9.2-not-listed", "sentence": _S92,
     "working": "not listed → nothing",
     "request": _req("9.2", {"overseas_warehouse_pilot": False}), "expect": dict(_NONE)},
    {"id": "9.3-external", "sentence": _S93,
     "working": "具体标准另行制定: not computed → nothing",
     "request": _req("9.3", {}), "expect": dict(_NONE)},
    {"id": "9.4-band-3", "sentence": _S94,
     "working": "exports 10,000,000 USD → 7.1's band 3: 300,000.00",
     "request": _req("9.4", {"approved_export_warehouse": True, "warehouse_exports_usd": "10000000"}),
     "expect": _paid("300000.00")},
    {"id": "9.4-top-up", "sentence": _S94,
     "working": "band 2 200,000.00 less 100,000.00 received → 100,000.00",
     "request": _req("9.4", {"approved_export_warehouse": True, "warehouse_exports_usd": "5000000"},
                     date="2018-06-01", history=[_h("9.4", "2017-06-01", "100000.00")]),
     "expect": _paid("100000.00")},
    {"id": "9.4-at-30wan", "sentence": _S94,
     "working": "band 3 300,000.00 less 300,000.00 received → nothing (每家企业最多30万元)",
     "request": _req("9.4", {"approved_export_warehouse": True, "warehouse_exports_usd": "50000000"},
                     date="2019-06-01", history=[_h("9.4", "2017-06-01", "300000.00")]),
     "expect": dict(_NONE)},

    # ================================================================ 10.1 / 10.2
    {"id": "10.1-band-2", "sentence": _S101,
     "working": "10,000 m² ≥ 1万平方米, IT connected, exports 5,000,000 USD → band 2: 200,000.00",
     "request": _req("10.1", {"storage_area": "10000", "it_connected": True, "storage_exports_usd": "5000000"}),
     "expect": _paid("200000.00")},
    {"id": "10.1-no-it-system", "sentence": _S101,
     "working": "no connected information system → nothing",
     "request": _req("10.1", {"storage_area": "30000", "it_connected": False, "storage_exports_usd": "5000000"}),
     "expect": dict(_NONE)},
    {"id": "10.1-top-up-after-band-2", "sentence": _S101,
     "working": "band 3 300,000.00 less 200,000.00 received → 100,000.00",
     "request": _req("10.1", {"storage_area": "30000", "it_connected": True, "storage_exports_usd": "12000000"},
                     date="2018-06-01", history=[_h("10.1", "2017-06-01", "200000.00")]),
     "expect": _paid("100000.00")},
    {"id": "10.2-ten-percent", "sentence": _S102,
     "working": "fees 3,333,333.33 ≥ 200万; 10% → 333,333.333 → 333,333.33",
     "request": _req("10.2", {"logistics_fees": "3333333.33"}), "expect": _paid("333333.33")},
    {"id": "10.2-below-200wan", "sentence": _S102,
     "working": "fees 1,999,999.99 < 2,000,000.00 → nothing",
     "request": _req("10.2", {"logistics_fees": "1999999.99"}), "expect": dict(_NONE)},
    {"id": "10.2-cumulative-cap", "sentence": _S102,
     "working": "10% × 5,000,000 = 500,000.00; earlier 10.2 grants 900,000.00; left 100,000.00 → 100,000.00",
     "request": _req("10.2", {"logistics_fees": "5000000"}, date="2019-06-01",
                     history=[_h("10.2", "2017-06-01", "500000.00"), _h("10.2", "2018-06-01", "400000.00")]),
     "expect": _paid("100000.00")},

    # ================================================================ 11.1 / 12.1 / 13
    {"id": "11.1-approved", "sentence": _S111,
     "working": "newly approved by the four departments → 一次性 1,000,000.00",
     "request": _req("11.1", {"newly_approved": True}), "expect": _paid("1000000.00")},
    {"id": "11.1-once", "sentence": _S111,
     "working": "already paid → nothing",
     "request": _req("11.1", {"newly_approved": True}, date="2018-06-01",
                     history=[_h("11.1", "2017-06-01", "1000000.00")]),
     "expect": dict(_NONE)},
    {"id": "12.1-growth-30pct", "sentence": _S121,
     "working": "130 − 100 = 30 ≥ 100 × 30% = 30; 130 ≥ 50 → 200,000.00",
     "request": _req("12.1", {"firms_served": 130, "prior_firms_served": 100}), "expect": _paid("200000.00")},
    {"id": "12.1-growth-29pct", "sentence": _S121,
     "working": "129 − 100 = 29 < 30 → nothing",
     "request": _req("12.1", {"firms_served": 129, "prior_firms_served": 100}), "expect": dict(_NONE)},
    {"id": "12.1-first-year", "sentence": _S121,
     "working": "prior 0: 50 − 0 = 50 ≥ 0 × 30% = 0; 50 ≥ 50 → 200,000.00",
     "request": _req("12.1", {"firms_served": 50, "prior_firms_served": 0}), "expect": _paid("200000.00")},
    {"id": "13.1-qualitative", "sentence": _S131,
     "working": "priority in government funds, no money → nothing",
     "request": _req("13.1", {}), "expect": dict(_NONE)},
    {"id": "13.2-qualitative", "sentence": _S132,
     "working": "encouragement of payment services, no money → nothing",
     "request": _req("13.2", {}), "expect": dict(_NONE)},
]

BAD_REQUESTS = [
    {"id": "float-usd",
     "line": '{"provision": "7.2", "date": "2017-06-01", "inputs": {"uses_third_party_platform": true, '
             '"annual_trade_usd": 20000000.5}}',
     "field": "annual_trade_usd"},
    {"id": "count-as-string",
     "line": '{"provision": "12.1", "date": "2017-06-01", "inputs": {"firms_served": "130", '
             '"prior_firms_served": 100}}',
     "field": "firms_served"},
    {"id": "store-opened-not-a-date",
     "line": '{"provision": "7.3", "date": "2017-06-01", "inputs": {"store": "S-1", "store_opened_on": "2016-02-30", '
             '"store_volume_usd": "600000", "store_prior_year_sales": "100000"}}',
     "field": "store_opened_on"},
    {"id": "trainee-without-field",
     "line": '{"provision": "8.2", "date": "2017-06-01", "inputs": {"trainees": [{"name": "P1"}], '
             '"employees": 100}}',
     "field": "stayed_a_year"},
    {"id": "unknown-lab-level",
     "line": '{"provision": "6.5", "date": "2017-06-01", "inputs": {"lab_level": "市级"}}',
     "field": "lab_level"},
    {"id": "history-without-store",
     "line": '{"provision": "7.3", "date": "2018-06-01", "inputs": {"store": "S-1", "store_opened_on": "2016-01-01", '
             '"store_volume_usd": "600000", "store_prior_year_sales": "100000"}, "history": [{"provision": "7.3", '
             '"date": "2017-06-01", "amount": "10000.00", "inputs": {}}]}',
     "field": "store"},
]
