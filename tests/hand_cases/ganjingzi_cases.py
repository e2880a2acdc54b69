"""Hand-worked cases for 甘政发〔2019〕11号, computed by hand from the official sentences.

Every figure below was worked out by hand from the sentence quoted in the case (a verbatim substring of
policies/ganjingzi-hq-economy-2019/official.txt) and the readings adopted in that folder's README.md;
none was copied from a program's output.  Conventions used in ``working``:

* all money in 元; each provision's result rounded once, at the end, to the fen, half-up;
* no district/town split in this policy: district = amount, town = 0.00;
* instalments (5.1, 5.2, 6.1–6.4): 40% and 30% of the amount each rounded half-up to the fen, the third
  instalment is the remainder; 5.1/5.2 start the year after the grant ``date``'s year, 6.1–6.4 in the
  grant year itself; ``schedule`` appears in ``expect`` only when eligible;
* ``eligible`` is true exactly when amount > 0, otherwise all three money fields are "0.00";
* ``ceiling`` is false everywhere except 13.1 (最高不超过30万元 is the award itself);
* ``event_date`` must fall in 2019-03-01 … 2023-02-28 (F.1); ``application_date``, when given, must fall
  in 3月10日 … 3月30日 of its year (F.2); both failures give "not eligible", not an error;
* 12.x (每家企业不超过10人) is checked on 13.1–13.4 requests: ten distinct ``person`` values among the
  13.1–13.4 grants in history leave no room for an eleventh person.

The module is plain data: ``CASES`` (requests with expected results) and ``BAD_REQUESTS`` (raw request
lines that must give an ``error`` naming ``field``).
"""

# --- the official sentences (verbatim substrings of official.txt) -----------------------------------

_S41 = (
    "总部企业在工商注册、税务登记及相关手续办理中，凡属于市级部门办理的手续，由区营商环境建设局代办员免费全权协办;"
    "凡属区级办理的手续，由区营商环境建设局实行限定工作日全程代理服务。"
)
_S51 = "总部企业实缴注册资本超过5000万元的，按1%给予落户扶持，最高不超过300万元，从下一年度开始，按40%、30%、30%的比例分三年发放。"
_S52 = (
    "已获得落户扶持的总部企业，因业务发展四年内增加实缴资本金的，按照增资金额1%的标准给予不高于250万元的扶持，"
    "由下一年度开始，扶持按40%、30%、30%的比例分三年发放。"
)
_S61 = "购地自建办公用房且建筑面积自用率达到60%以上的，可按每平方米200元享受建房补助，最高不超过200万元，按40%、30%、30%的比例分三年发放。"
_S62 = "扶持的标准为：按购房价的5%给予补助，补助金额最高不超过200万元，按40%、30%、30%的比例分三年发放。"
_S63 = "扶持的标准为：租用自用办公用房的，按月租金的3倍进行补助。补助金额最高不超过100万元，按40%、30%、30%的比例分三年发放。"
_S64 = "以上办公用房补助为新开办企业扶持政策，从扶持意见通过当年开始发放，企业可择优、但不得重复享受。"
_S71 = (
    "年度区级贡献在100万元至300万元（含300万元）的，扶持12%。年度区级贡献在300万元至500万元（含500万元）的，扶持20%。"
    "年度区级贡献在500万元至1000万元（含1000万元），扶持25%。扶持期限为三年。"
)
_S71_CASE = "年度区级贡献在1000万元以上的总部企业，由领导小组讨论、研究提出意见，报请区政府常务会议决定，给予特殊优惠政策支持。"
_S81 = (
    "在我区入驻三年及以上的存量总部企业，可申请经营规模拓展扶持，扶持的标准为：主营业务收入首次超过1.5亿元、3亿元、5亿元、"
    "10亿元、50亿元的，分别一次性给予企业10万、20万、30万、50万、100万。"
)
_S91 = (
    "对首次入选“世界500强”、“国内制造业500强”、“国内服务业500强”、“辽宁省100强”、股票公开发行主板上市、新三板上市的总部企业，"
    "分别扶持5000万、500万、200万、50万、100万、50万。"
)
_S91_SIMILAR = "如已享受我区其他类似扶持政策，则不再重复享受。"
# 10.1 is written with full-width digits (１亿元、５亿元) in the official text; quoted as it stands.
_S101 = "总部企业对产业链引进的总投资超过１亿元、５亿元、10亿元的产业链上下游配套项目，分别给予引进企业30万元、50万元、100万元的扶持。"
_S111 = "对总部企业引荐者（企业）给予招商引荐扶持，标准为总部企业落地固定资产投资额的1%，每项引荐扶持金额不超过25万元。"
_S111_KEY = "对投资额大、产业关联度高、带动性强、对地方经济发展贡献大的重点总部企业引荐者（企业），由领导小组研究决定扶持金额。"
_S12 = "以上总部企业人才数量原则上每家企业不超过10人"
_S131 = "可按规定享受我区产业发展与创新人才奖，扶持金额最高不超过30万元。"
_S131_CITY = "若属于市级认定人才，扶持标准参照《大连市人才政策创新文件及配套实施细则（5+22政策）》。"
_S132 = (
    "自认定当年起，总部企业内年缴纳个人所得税（工资、薪金所得产生，下同）总额5万元及以上的企业高管"
    "（含高层次管理人才和技术领军人才），按其缴纳的个人所得税区级留成部分的50%给予扶持，扶持期限不超过四年。"
)
_S133 = "对总部企业人才首次在本区购置房屋用于自住的，提供每平方米1000元的一次性购房补贴，最高不超过10万元。"
_S134 = "对总部企业人才在本区租房居住的，每月提供2000元的租房补贴，补贴期限以与本区总部企业签订的劳动合同时长为限，最长不超过3年。"
_S135 = "鼓励总部人才担任我区经济顾问或在群团组织兼职。"
_SF15 = "每年申报一次，申报时间为3月10日—3月30日。"
_SF17 = "本办法所列扶持事项需发生于本政策有效期之内。"
_SF22 = "本办法自2019年3月1日起施行，有效期四年。"

_NONE = {"eligible": False, "amount": "0.00", "district_share": "0.00", "town_share": "0.00"}


def _paid(amount, schedule=None, ceiling=False):
    """Expected result of an eligible request: the whole amount is district money (no split)."""
    expect = {"eligible": True, "amount": amount, "district_share": amount, "town_share": "0.00",
              "ceiling": ceiling}
    if schedule is not None:
        expect["schedule"] = [{"year": year, "amount": part} for year, part in schedule]
    return expect


# Ten talents T-01 … T-10, each granted 13.3 (100 m² → 100,000.00) on 2020-05-20: the 12.x headcount is full.
_TEN_TALENTS = [
    {"provision": "13.3", "date": "2020-05-20", "amount": "100000.00", "person": "T-%02d" % n,
     "inputs": {"home_area": "100"}}
    for n in range(1, 11)
]

_H51 = {"provision": "5.1", "date": "2019-06-01", "amount": "1000000.00"}


CASES = [
    # ================================================================ 4.1 绿色通道 (qualitative)
    {
        "id": "4.1-qualitative",
        "sentence": _S41,
        "working": "a service (代办、代理), no money → not eligible, 0.00",
        "request": {"provision": "4.1", "date": "2020-06-15", "inputs": {}},
        "expect": dict(_NONE),
    },

    # ================================================================ 5.1 落户扶持 >5000万, 1%, 最高300万, 40/30/30 from next year
    {
        "id": "5.1-below-cap",
        "sentence": _S51,
        "working": "1% × 100,000,000 = 1,000,000.00 < 3,000,000 cap; 40/30/30 from 2021: "
                   "400,000.00 / 300,000.00 / 300,000.00",
        "request": {"provision": "5.1", "date": "2020-04-15",
                    "inputs": {"paid_in_capital": "100000000", "event_date": "2020-01-10"}},
        "expect": _paid("1000000.00", [(2021, "400000.00"), (2022, "300000.00"), (2023, "300000.00")]),
    },
    {
        "id": "5.1-threshold-exactly-5000wan",
        "sentence": _S51,
        "working": "超过5000万元: 50,000,000.00 does not exceed 50,000,000 → not eligible",
        "request": {"provision": "5.1", "date": "2020-04-15",
                    "inputs": {"paid_in_capital": "50000000.00", "event_date": "2020-01-10"}},
        "expect": dict(_NONE),
    },
    {
        "id": "5.1-threshold-plus-one-fen",
        "sentence": _S51,
        "working": "50,000,000.01 > 50,000,000; 1% × 50,000,000.01 = 500,000.0001 → 500,000.00; "
                   "40% = 200,000.00, 30% = 150,000.00, rest 150,000.00 in 2021/2022/2023",
        "request": {"provision": "5.1", "date": "2020-04-15",
                    "inputs": {"paid_in_capital": "50000000.01", "event_date": "2020-01-10"}},
        "expect": _paid("500000.00", [(2021, "200000.00"), (2022, "150000.00"), (2023, "150000.00")]),
    },
    {
        "id": "5.1-at-cap",
        "sentence": _S51,
        "working": "1% × 300,000,000.00 = 3,000,000.00 = cap; 40% = 1,200,000.00, 30% = 900,000.00, rest 900,000.00",
        "request": {"provision": "5.1", "date": "2020-04-15",
                    "inputs": {"paid_in_capital": "300000000.00", "event_date": "2020-01-10"}},
        "expect": _paid("3000000.00", [(2021, "1200000.00"), (2022, "900000.00"), (2023, "900000.00")]),
    },
    {
        "id": "5.1-above-cap",
        "sentence": _S51,
        "working": "1% × 450,000,000.00 = 4,500,000.00 > cap → 3,000,000.00; 1,200,000.00 / 900,000.00 / 900,000.00",
        "request": {"provision": "5.1", "date": "2020-04-15",
                    "inputs": {"paid_in_capital": "450000000.00", "event_date": "2020-01-10"}},
        "expect": _paid("3000000.00", [(2021, "1200000.00"), (2022, "900000.00"), (2023, "900000.00")]),
    },
    {
        "id": "5.1-odd-fen-last-instalment",
        "sentence": _S51,
        "working": "1% × 100,000,001.00 = 1,000,000.01; 40% = 400,000.004 → 400,000.00; 30% = 300,000.003 → "
                   "300,000.00; rest 1,000,000.01 − 700,000.00 = 300,000.01",
        "request": {"provision": "5.1", "date": "2020-04-15",
                    "inputs": {"paid_in_capital": "100000001.00", "event_date": "2020-01-10"}},
        "expect": _paid("1000000.01", [(2021, "400000.00"), (2022, "300000.00"), (2023, "300000.01")]),
    },
    {
        "id": "5.1-instalments-round-up",
        "sentence": _S51,
        "working": "1% × 100,000,002.00 = 1,000,000.02; 40% = 400,000.008 → 400,000.01; 30% = 300,000.006 → "
                   "300,000.01; rest 1,000,000.02 − 700,000.02 = 300,000.00",
        "request": {"provision": "5.1", "date": "2020-04-15",
                    "inputs": {"paid_in_capital": "100000002.00", "event_date": "2020-01-10"}},
        "expect": _paid("1000000.02", [(2021, "400000.01"), (2022, "300000.01"), (2023, "300000.00")]),
    },
    {
        "id": "5.1-half-fen-in-amount",
        "sentence": _S51,
        "working": "1% × 100,000,000.50 = 1,000,000.005 → half-up 1,000,000.01; 40% = 400,000.004 → 400,000.00; "
                   "30% = 300,000.003 → 300,000.00; rest 300,000.01",
        "request": {"provision": "5.1", "date": "2020-04-15",
                    "inputs": {"paid_in_capital": "100000000.50", "event_date": "2020-01-10"}},
        "expect": _paid("1000000.01", [(2021, "400000.00"), (2022, "300000.00"), (2023, "300000.01")]),
    },
    {
        "id": "5.1-half-fen-second-instalment",
        "sentence": _S51,
        "working": "1% × 100,000,005.00 = 1,000,000.05; 40% = 400,000.02; 30% = 300,000.015 → half-up 300,000.02; "
                   "rest 1,000,000.05 − 700,000.04 = 300,000.01",
        "request": {"provision": "5.1", "date": "2020-04-15",
                    "inputs": {"paid_in_capital": "100000005.00", "event_date": "2020-01-10"}},
        "expect": _paid("1000000.05", [(2021, "400000.02"), (2022, "300000.02"), (2023, "300000.01")]),
    },
    {
        "id": "5.1-integer-input",
        "sentence": _S51,
        "working": "capital as JSON integer 80000000; 1% × 80,000,000 = 800,000.00; 320,000.00 / 240,000.00 / 240,000.00",
        "request": {"provision": "5.1", "date": "2020-04-15",
                    "inputs": {"paid_in_capital": 80000000, "event_date": "2020-01-10"}},
        "expect": _paid("800000.00", [(2021, "320000.00"), (2022, "240000.00"), (2023, "240000.00")]),
    },
    {
        "id": "5.1-already-granted",
        "sentence": _S51,
        "working": "落户扶持 once per enterprise; a 5.1 grant of 2019-06-01 in history → not eligible",
        "request": {"provision": "5.1", "date": "2021-04-15",
                    "inputs": {"paid_in_capital": "100000000.00", "event_date": "2021-01-10"},
                    "history": [dict(_H51)]},
        "expect": dict(_NONE),
    },
    {
        "id": "5.1-grant-in-january",
        "sentence": _S51,
        "working": "grant 2021-01-04 → 从下一年度开始 = 2022; 1% × 60,000,000.00 = 600,000.00; "
                   "240,000.00 / 180,000.00 / 180,000.00 in 2022/2023/2024",
        "request": {"provision": "5.1", "date": "2021-01-04",
                    "inputs": {"paid_in_capital": "60000000.00", "event_date": "2020-11-20"}},
        "expect": _paid("600000.00", [(2022, "240000.00"), (2023, "180000.00"), (2024, "180000.00")]),
    },
    {
        "id": "5.1-late-grant-after-validity",
        "sentence": _SF17,
        "working": "event 2022-12-01 inside validity; the grant date 2024-03-01 has no limit of its own; "
                   "1% × 100,000,000.00 = 1,000,000.00; 400,000.00 / 300,000.00 / 300,000.00 in 2025/2026/2027",
        "request": {"provision": "5.1", "date": "2024-03-01",
                    "inputs": {"paid_in_capital": "100000000.00", "event_date": "2022-12-01"}},
        "expect": _paid("1000000.00", [(2025, "400000.00"), (2026, "300000.00"), (2027, "300000.00")]),
    },
    {
        "id": "5.1-event-2019-02-28",
        "sentence": _SF22,
        "working": "event 2019-02-28 is before 2019-03-01 (施行) → outside validity, not eligible",
        "request": {"provision": "5.1", "date": "2019-06-30",
                    "inputs": {"paid_in_capital": "100000000.00", "event_date": "2019-02-28"}},
        "expect": dict(_NONE),
    },
    {
        "id": "5.1-event-2019-03-01",
        "sentence": _SF22,
        "working": "event 2019-03-01 is the first day; 1% × 100,000,000.00 = 1,000,000.00; "
                   "400,000.00 / 300,000.00 / 300,000.00 in 2020/2021/2022",
        "request": {"provision": "5.1", "date": "2019-06-30",
                    "inputs": {"paid_in_capital": "100000000.00", "event_date": "2019-03-01"}},
        "expect": _paid("1000000.00", [(2020, "400000.00"), (2021, "300000.00"), (2022, "300000.00")]),
    },
    {
        "id": "5.1-event-2023-02-28",
        "sentence": _SF22,
        "working": "有效期四年 from 2019-03-01 → last day 2023-02-28; 1,000,000.00; "
                   "400,000.00 / 300,000.00 / 300,000.00 in 2024/2025/2026",
        "request": {"provision": "5.1", "date": "2023-06-30",
                    "inputs": {"paid_in_capital": "100000000.00", "event_date": "2023-02-28"}},
        "expect": _paid("1000000.00", [(2024, "400000.00"), (2025, "300000.00"), (2026, "300000.00")]),
    },
    {
        "id": "5.1-event-2023-03-01",
        "sentence": _SF17,
        "working": "event 2023-03-01 is after 2023-02-28 → 需发生于本政策有效期之内 fails, not eligible",
        "request": {"provision": "5.1", "date": "2023-06-30",
                    "inputs": {"paid_in_capital": "100000000.00", "event_date": "2023-03-01"}},
        "expect": dict(_NONE),
    },
    {
        "id": "5.1-application-03-09",
        "sentence": _SF15,
        "working": "application 2020-03-09 is before 3月10日 → outside the window, not eligible",
        "request": {"provision": "5.1", "date": "2020-06-15",
                    "inputs": {"paid_in_capital": "100000000.00", "event_date": "2020-01-10",
                               "application_date": "2020-03-09"}},
        "expect": dict(_NONE),
    },
    {
        "id": "5.1-application-03-10",
        "sentence": _SF15,
        "working": "application 2020-03-10 = first day of the window; 1,000,000.00; "
                   "400,000.00 / 300,000.00 / 300,000.00 in 2021/2022/2023",
        "request": {"provision": "5.1", "date": "2020-06-15",
                    "inputs": {"paid_in_capital": "100000000.00", "event_date": "2020-01-10",
                               "application_date": "2020-03-10"}},
        "expect": _paid("1000000.00", [(2021, "400000.00"), (2022, "300000.00"), (2023, "300000.00")]),
    },

    # ================================================================ 5.2 增资扶持 1%, 不高于250万, needs 5.1 within 4 years
    {
        "id": "5.2-three-years-after-5.1",
        "sentence": _S52,
        "working": "5.1 granted 2019-06-01, request 2022-06-01: 3 years → 四年内; 1% × 100,000,000.00 = "
                   "1,000,000.00 ≤ 2,500,000; 400,000.00 / 300,000.00 / 300,000.00 in 2023/2024/2025",
        "request": {"provision": "5.2", "date": "2022-06-01",
                    "inputs": {"capital_increase": "100000000.00", "event_date": "2022-03-01"},
                    "history": [dict(_H51)]},
        "expect": _paid("1000000.00", [(2023, "400000.00"), (2024, "300000.00"), (2025, "300000.00")]),
    },
    {
        "id": "5.2-five-years-after-5.1",
        "sentence": _S52,
        "working": "5.1 granted 2019-06-01, request 2024-06-01: 5 years → not 四年内, not eligible",
        "request": {"provision": "5.2", "date": "2024-06-01",
                    "inputs": {"capital_increase": "100000000.00", "event_date": "2023-01-15"},
                    "history": [dict(_H51)]},
        "expect": dict(_NONE),
    },
    {
        "id": "5.2-without-5.1",
        "sentence": _S52,
        "working": "已获得落户扶持 required; no 5.1 grant in history → not eligible",
        "request": {"provision": "5.2", "date": "2021-06-01",
                    "inputs": {"capital_increase": "100000000.00", "event_date": "2021-02-01"}},
        "expect": dict(_NONE),
    },
    {
        "id": "5.2-at-cap",
        "sentence": _S52,
        "working": "1% × 250,000,000.00 = 2,500,000.00 = cap; 1,000,000.00 / 750,000.00 / 750,000.00 in 2022/2023/2024",
        "request": {"provision": "5.2", "date": "2021-06-01",
                    "inputs": {"capital_increase": "250000000.00", "event_date": "2021-02-01"},
                    "history": [dict(_H51)]},
        "expect": _paid("2500000.00", [(2022, "1000000.00"), (2023, "750000.00"), (2024, "750000.00")]),
    },
    {
        "id": "5.2-cap-partly-used",
        "sentence": _S52,
        "working": "earlier 5.2 grant 1,800,000.00 → 2,500,000 − 1,800,000 = 700,000.00 left; 1% × 100,000,000.00 = "
                   "1,000,000.00 → 700,000.00; 280,000.00 / 210,000.00 / 210,000.00 in 2022/2023/2024",
        "request": {"provision": "5.2", "date": "2021-06-01",
                    "inputs": {"capital_increase": "100000000.00", "event_date": "2021-02-01"},
                    "history": [dict(_H51),
                                {"provision": "5.2", "date": "2020-06-01", "amount": "1800000.00"}]},
        "expect": _paid("700000.00", [(2022, "280000.00"), (2023, "210000.00"), (2024, "210000.00")]),
    },
    {
        "id": "5.2-two-earlier-grants-below-rest",
        "sentence": _S52,
        "working": "earlier 5.2 grants 1,000,000.00 + 1,000,000.00 → 500,000.00 left; 1% × 30,000,000.00 = 300,000.00 "
                   "≤ 500,000 → 300,000.00; 120,000.00 / 90,000.00 / 90,000.00 in 2023/2024/2025",
        "request": {"provision": "5.2", "date": "2022-06-01",
                    "inputs": {"capital_increase": "30000000.00", "event_date": "2022-03-01"},
                    "history": [dict(_H51),
                                {"provision": "5.2", "date": "2020-06-01", "amount": "1000000.00"},
                                {"provision": "5.2", "date": "2021-06-01", "amount": "1000000.00"}]},
        "expect": _paid("300000.00", [(2023, "120000.00"), (2024, "90000.00"), (2025, "90000.00")]),
    },
    {
        "id": "5.2-cap-used-up",
        "sentence": _S52,
        "working": "earlier 5.2 grant 2,500,000.00 = the whole 250万 → nothing left, not eligible",
        "request": {"provision": "5.2", "date": "2022-06-01",
                    "inputs": {"capital_increase": "50000000.00", "event_date": "2022-03-01"},
                    "history": [dict(_H51),
                                {"provision": "5.2", "date": "2020-06-01", "amount": "2500000.00"}]},
        "expect": dict(_NONE),
    },
    {
        "id": "5.2-odd-fen",
        "sentence": _S52,
        "working": "1% × 12,345,678.90 = 123,456.789 → 123,456.79; 40% = 49,382.716 → 49,382.72; "
                   "30% = 37,037.037 → 37,037.04; rest 123,456.79 − 86,419.76 = 37,037.03; 2021/2022/2023",
        "request": {"provision": "5.2", "date": "2020-06-15",
                    "inputs": {"capital_increase": "12345678.90", "event_date": "2020-03-01"},
                    "history": [dict(_H51)]},
        "expect": _paid("123456.79", [(2021, "49382.72"), (2022, "37037.04"), (2023, "37037.03")]),
    },
    {
        "id": "5.2-event-2023-03-01",
        "sentence": _SF17,
        "working": "5.1 in history, but the increase (event 2023-03-01) falls after 2023-02-28 → not eligible",
        "request": {"provision": "5.2", "date": "2023-06-01",
                    "inputs": {"capital_increase": "100000000.00", "event_date": "2023-03-01"},
                    "history": [dict(_H51)]},
        "expect": dict(_NONE),
    },

    # ================================================================ 6.1 自建办公用房 自用率≥60%, 200元/m², 最高200万
    {
        "id": "6.1-self-use-59.99",
        "sentence": _S61,
        "working": "自用率 59.99% < 60% → not eligible",
        "request": {"provision": "6.1", "date": "2020-06-15",
                    "inputs": {"building_area": "5000", "self_use_percent": "59.99", "event_date": "2019-12-31"}},
        "expect": dict(_NONE),
    },
    {
        "id": "6.1-self-use-60",
        "sentence": _S61,
        "working": "自用率 60% 达到60%以上; 200 × 5,000 = 1,000,000.00 < 2,000,000 cap; "
                   "400,000.00 / 300,000.00 / 300,000.00 in 2020/2021/2022 (from the grant year)",
        "request": {"provision": "6.1", "date": "2020-06-15",
                    "inputs": {"building_area": "5000", "self_use_percent": "60", "event_date": "2019-12-31"}},
        "expect": _paid("1000000.00", [(2020, "400000.00"), (2021, "300000.00"), (2022, "300000.00")]),
    },
    {
        "id": "6.1-self-use-100",
        "sentence": _S61,
        "working": "100% ≥ 60%; 200 × 2,500 = 500,000.00; 200,000.00 / 150,000.00 / 150,000.00 in 2020/2021/2022",
        "request": {"provision": "6.1", "date": "2020-06-15",
                    "inputs": {"building_area": "2500", "self_use_percent": "100", "event_date": "2019-12-31"}},
        "expect": _paid("500000.00", [(2020, "200000.00"), (2021, "150000.00"), (2022, "150000.00")]),
    },
    {
        "id": "6.1-at-cap",
        "sentence": _S61,
        "working": "200 × 10,000 = 2,000,000.00 = cap; grant 2021-03-31 → 800,000.00 / 600,000.00 / 600,000.00 "
                   "in 2021/2022/2023",
        "request": {"provision": "6.1", "date": "2021-03-31",
                    "inputs": {"building_area": "10000", "self_use_percent": "80", "event_date": "2020-12-31"}},
        "expect": _paid("2000000.00", [(2021, "800000.00"), (2022, "600000.00"), (2023, "600000.00")]),
    },
    {
        "id": "6.1-above-cap",
        "sentence": _S61,
        "working": "200 × 12,500.5 = 2,500,100.00 > cap → 2,000,000.00; 800,000.00 / 600,000.00 / 600,000.00",
        "request": {"provision": "6.1", "date": "2020-06-15",
                    "inputs": {"building_area": "12500.5", "self_use_percent": "75.5", "event_date": "2019-12-31"}},
        "expect": _paid("2000000.00", [(2020, "800000.00"), (2021, "600000.00"), (2022, "600000.00")]),
    },
    {
        "id": "6.1-fractional-area",
        "sentence": _S61,
        "working": "200 × 1,234.567 = 246,913.40; 40% = 98,765.36; 30% = 74,074.02; rest 246,913.40 − 172,839.38 = 74,074.02",
        "request": {"provision": "6.1", "date": "2020-06-15",
                    "inputs": {"building_area": "1234.567", "self_use_percent": "65", "event_date": "2019-12-31"}},
        "expect": _paid("246913.40", [(2020, "98765.36"), (2021, "74074.02"), (2022, "74074.02")]),
    },
    {
        "id": "6.1-odd-fen",
        "sentence": _S61,
        "working": "200 × 1,000.00005 = 200,000.01; 40% = 80,000.004 → 80,000.00; 30% = 60,000.003 → 60,000.00; "
                   "rest 200,000.01 − 140,000.00 = 60,000.01",
        "request": {"provision": "6.1", "date": "2020-06-15",
                    "inputs": {"building_area": "1000.00005", "self_use_percent": "60.00", "event_date": "2019-12-31"}},
        "expect": _paid("200000.01", [(2020, "80000.00"), (2021, "60000.00"), (2022, "60000.01")]),
    },
    {
        "id": "6.1-after-6.3-granted",
        "sentence": _S64,
        "working": "不得重复享受: a 6.3 grant in history excludes 6.1 → not eligible",
        "request": {"provision": "6.1", "date": "2021-06-15",
                    "inputs": {"building_area": "5000", "self_use_percent": "80", "event_date": "2020-12-31"},
                    "history": [{"provision": "6.3", "date": "2020-06-15", "amount": "300000.00"}]},
        "expect": dict(_NONE),
    },

    # ================================================================ 6.2 购买办公用房 5%, 最高200万
    {
        "id": "6.2-below-cap",
        "sentence": _S62,
        "working": "5% × 10,000,000.00 = 500,000.00 < 2,000,000; 200,000.00 / 150,000.00 / 150,000.00 in 2020/2021/2022",
        "request": {"provision": "6.2", "date": "2020-06-15",
                    "inputs": {"purchase_price": "10000000.00", "event_date": "2019-12-31"}},
        "expect": _paid("500000.00", [(2020, "200000.00"), (2021, "150000.00"), (2022, "150000.00")]),
    },
    {
        "id": "6.2-at-cap",
        "sentence": _S62,
        "working": "5% × 40,000,000.00 = 2,000,000.00 = cap; 800,000.00 / 600,000.00 / 600,000.00",
        "request": {"provision": "6.2", "date": "2020-06-15",
                    "inputs": {"purchase_price": "40000000.00", "event_date": "2019-12-31"}},
        "expect": _paid("2000000.00", [(2020, "800000.00"), (2021, "600000.00"), (2022, "600000.00")]),
    },
    {
        "id": "6.2-above-cap",
        "sentence": _S62,
        "working": "5% × 50,000,000.00 = 2,500,000.00 > cap → 2,000,000.00; 800,000.00 / 600,000.00 / 600,000.00",
        "request": {"provision": "6.2", "date": "2020-06-15",
                    "inputs": {"purchase_price": "50000000.00", "event_date": "2019-12-31"}},
        "expect": _paid("2000000.00", [(2020, "800000.00"), (2021, "600000.00"), (2022, "600000.00")]),
    },
    {
        "id": "6.2-rounding",
        "sentence": _S62,
        "working": "5% × 1,234,567.89 = 61,728.3945 → 61,728.39; 40% = 24,691.356 → 24,691.36; 30% = 18,518.517 → "
                   "18,518.52; rest 61,728.39 − 43,209.88 = 18,518.51",
        "request": {"provision": "6.2", "date": "2020-06-15",
                    "inputs": {"purchase_price": "1234567.89", "event_date": "2019-12-31"}},
        "expect": _paid("61728.39", [(2020, "24691.36"), (2021, "18518.52"), (2022, "18518.51")]),
    },
    {
        "id": "6.2-half-fen",
        "sentence": _S62,
        "working": "5% × 1,000,000.10 = 50,000.005 → half-up 50,000.01; 40% = 20,000.004 → 20,000.00; "
                   "30% = 15,000.003 → 15,000.00; rest 15,000.01",
        "request": {"provision": "6.2", "date": "2020-06-15",
                    "inputs": {"purchase_price": "1000000.10", "event_date": "2019-12-31"}},
        "expect": _paid("50000.01", [(2020, "20000.00"), (2021, "15000.00"), (2022, "15000.01")]),
    },
    {
        "id": "6.2-after-6.4-granted",
        "sentence": _S64,
        "working": "不得重复享受: a 6.4 (择优) grant in history excludes 6.2 → not eligible",
        "request": {"provision": "6.2", "date": "2021-06-15",
                    "inputs": {"purchase_price": "10000000.00", "event_date": "2020-12-31"},
                    "history": [{"provision": "6.4", "date": "2020-06-15", "amount": "1500000.00"}]},
        "expect": dict(_NONE),
    },

    # ================================================================ 6.3 租用办公用房 3×月租金, 最高100万
    {
        "id": "6.3-below-cap",
        "sentence": _S63,
        "working": "3 × 100,000.00 = 300,000.00 < 1,000,000; 120,000.00 / 90,000.00 / 90,000.00 in 2020/2021/2022",
        "request": {"provision": "6.3", "date": "2020-06-15",
                    "inputs": {"monthly_rent": "100000.00", "event_date": "2019-12-31"}},
        "expect": _paid("300000.00", [(2020, "120000.00"), (2021, "90000.00"), (2022, "90000.00")]),
    },
    {
        "id": "6.3-just-below-cap",
        "sentence": _S63,
        "working": "3 × 333,333.33 = 999,999.99 < cap; 40% = 399,999.996 → 400,000.00; 30% = 299,999.997 → "
                   "300,000.00; rest 999,999.99 − 700,000.00 = 299,999.99",
        "request": {"provision": "6.3", "date": "2020-06-15",
                    "inputs": {"monthly_rent": "333333.33", "event_date": "2019-12-31"}},
        "expect": _paid("999999.99", [(2020, "400000.00"), (2021, "300000.00"), (2022, "299999.99")]),
    },
    {
        "id": "6.3-just-above-cap",
        "sentence": _S63,
        "working": "3 × 333,333.34 = 1,000,000.02 > cap → 1,000,000.00; 400,000.00 / 300,000.00 / 300,000.00",
        "request": {"provision": "6.3", "date": "2020-06-15",
                    "inputs": {"monthly_rent": "333333.34", "event_date": "2019-12-31"}},
        "expect": _paid("1000000.00", [(2020, "400000.00"), (2021, "300000.00"), (2022, "300000.00")]),
    },
    {
        "id": "6.3-above-cap",
        "sentence": _S63,
        "working": "3 × 500,000.00 = 1,500,000.00 > cap → 1,000,000.00; 400,000.00 / 300,000.00 / 300,000.00",
        "request": {"provision": "6.3", "date": "2020-06-15",
                    "inputs": {"monthly_rent": "500000.00", "event_date": "2019-12-31"}},
        "expect": _paid("1000000.00", [(2020, "400000.00"), (2021, "300000.00"), (2022, "300000.00")]),
    },
    {
        "id": "6.3-rounding",
        "sentence": _S63,
        "working": "3 × 12,345.675 = 37,037.025 → half-up 37,037.03; 40% = 14,814.812 → 14,814.81; "
                   "30% = 11,111.109 → 11,111.11; rest 37,037.03 − 25,925.92 = 11,111.11",
        "request": {"provision": "6.3", "date": "2020-06-15",
                    "inputs": {"monthly_rent": "12345.675", "event_date": "2019-12-31"}},
        "expect": _paid("37037.03", [(2020, "14814.81"), (2021, "11111.11"), (2022, "11111.11")]),
    },
    {
        "id": "6.3-after-6.1-granted",
        "sentence": _S64,
        "working": "不得重复享受: a 6.1 grant in history excludes 6.3 → not eligible",
        "request": {"provision": "6.3", "date": "2021-06-15",
                    "inputs": {"monthly_rent": "100000.00", "event_date": "2020-12-31"},
                    "history": [{"provision": "6.1", "date": "2020-06-15", "amount": "1000000.00"}]},
        "expect": dict(_NONE),
    },

    # ================================================================ 6.4 择优 (best of 6.1–6.3), once for 6.1–6.4 together
    {
        "id": "6.4-purchase-best",
        "sentence": _S64,
        "working": "6.1: 200 × 5,000 = 1,000,000.00 (60%); 6.2: 5% × 30,000,000 = 1,500,000.00; "
                   "6.3: 3 × 200,000 = 600,000.00 → best 6.2 1,500,000.00; 600,000.00 / 450,000.00 / 450,000.00",
        "request": {"provision": "6.4", "date": "2020-06-15",
                    "inputs": {"building_area": "5000", "self_use_percent": "60", "purchase_price": "30000000.00",
                               "monthly_rent": "200000.00", "event_date": "2019-12-31"}},
        "expect": _paid("1500000.00", [(2020, "600000.00"), (2021, "450000.00"), (2022, "450000.00")]),
    },
    {
        "id": "6.4-self-build-best",
        "sentence": _S64,
        "working": "6.1: 200 × 9,000 = 1,800,000.00 (80%); 6.2: 5% × 20,000,000 = 1,000,000.00; "
                   "6.3: 3 × 300,000 = 900,000.00 → best 6.1 1,800,000.00; 720,000.00 / 540,000.00 / 540,000.00",
        "request": {"provision": "6.4", "date": "2020-06-15",
                    "inputs": {"building_area": "9000", "self_use_percent": "80", "purchase_price": "20000000.00",
                               "monthly_rent": "300000.00", "event_date": "2019-12-31"}},
        "expect": _paid("1800000.00", [(2020, "720000.00"), (2021, "540000.00"), (2022, "540000.00")]),
    },
    {
        "id": "6.4-rent-best",
        "sentence": _S64,
        "working": "6.1: 200 × 1,000 = 200,000.00 (60%); 6.3: 3 × 100,000 = 300,000.00 → best 6.3 300,000.00; "
                   "120,000.00 / 90,000.00 / 90,000.00",
        "request": {"provision": "6.4", "date": "2020-06-15",
                    "inputs": {"building_area": "1000", "self_use_percent": "60", "monthly_rent": "100000.00",
                               "event_date": "2019-12-31"}},
        "expect": _paid("300000.00", [(2020, "120000.00"), (2021, "90000.00"), (2022, "90000.00")]),
    },
    {
        "id": "6.4-only-rent",
        "sentence": _S64,
        "working": "only 6.3 given: 3 × 150,000.00 = 450,000.00; 180,000.00 / 135,000.00 / 135,000.00",
        "request": {"provision": "6.4", "date": "2020-06-15",
                    "inputs": {"monthly_rent": "150000.00", "event_date": "2019-12-31"}},
        "expect": _paid("450000.00", [(2020, "180000.00"), (2021, "135000.00"), (2022, "135000.00")]),
    },
    {
        "id": "6.4-compares-capped-amounts",
        "sentence": _S64,
        "working": "6.2: 5% × 30,000,000 = 1,500,000.00; 6.3: 3 × 800,000 = 2,400,000 → capped 1,000,000.00 → "
                   "best 6.2 1,500,000.00; 600,000.00 / 450,000.00 / 450,000.00",
        "request": {"provision": "6.4", "date": "2020-06-15",
                    "inputs": {"purchase_price": "30000000.00", "monthly_rent": "800000.00", "event_date": "2019-12-31"}},
        "expect": _paid("1500000.00", [(2020, "600000.00"), (2021, "450000.00"), (2022, "450000.00")]),
    },
    {
        "id": "6.4-self-use-below-60-drops-6.1",
        "sentence": _S64,
        "working": "6.1 fails (50% < 60%), would have been 2,000,000; 6.3: 3 × 100,000 = 300,000.00 → 300,000.00; "
                   "120,000.00 / 90,000.00 / 90,000.00",
        "request": {"provision": "6.4", "date": "2020-06-15",
                    "inputs": {"building_area": "10000", "self_use_percent": "50", "monthly_rent": "100000.00",
                               "event_date": "2019-12-31"}},
        "expect": _paid("300000.00", [(2020, "120000.00"), (2021, "90000.00"), (2022, "90000.00")]),
    },
    {
        "id": "6.4-6.1-needs-both-inputs",
        "sentence": _S64,
        "working": "building_area without self_use_percent → 6.1 not considered; 6.2: 5% × 10,000,000 = 500,000.00; "
                   "200,000.00 / 150,000.00 / 150,000.00",
        "request": {"provision": "6.4", "date": "2020-06-15",
                    "inputs": {"building_area": "10000", "purchase_price": "10000000.00", "event_date": "2019-12-31"}},
        "expect": _paid("500000.00", [(2020, "200000.00"), (2021, "150000.00"), (2022, "150000.00")]),
    },
    {
        "id": "6.4-tie-at-cap",
        "sentence": _S64,
        "working": "6.1: 200 × 10,000 = 2,000,000.00; 6.2: 5% × 40,000,000 = 2,000,000.00 → equal, 6.1 first; "
                   "2,000,000.00; 800,000.00 / 600,000.00 / 600,000.00",
        "request": {"provision": "6.4", "date": "2020-06-15",
                    "inputs": {"building_area": "10000", "self_use_percent": "60", "purchase_price": "40000000.00",
                               "event_date": "2019-12-31"}},
        "expect": _paid("2000000.00", [(2020, "800000.00"), (2021, "600000.00"), (2022, "600000.00")]),
    },
    {
        "id": "6.4-no-alternative",
        "sentence": _S64,
        "working": "none of the inputs of 6.1–6.3 given → nothing to choose, not eligible",
        "request": {"provision": "6.4", "date": "2020-06-15", "inputs": {"event_date": "2019-12-31"}},
        "expect": dict(_NONE),
    },
    {
        "id": "6.4-after-6.1-granted",
        "sentence": _S64,
        "working": "不得重复享受: a 6.1 grant in history → 6.4 not eligible",
        "request": {"provision": "6.4", "date": "2021-06-15",
                    "inputs": {"purchase_price": "30000000.00", "event_date": "2020-12-31"},
                    "history": [{"provision": "6.1", "date": "2020-06-15", "amount": "1000000.00"}]},
        "expect": dict(_NONE),
    },
    {
        "id": "6.4-after-6.4-granted",
        "sentence": _S64,
        "working": "不得重复享受: an earlier 6.4 grant → not eligible again",
        "request": {"provision": "6.4", "date": "2021-06-15",
                    "inputs": {"monthly_rent": "100000.00", "event_date": "2020-12-31"},
                    "history": [{"provision": "6.4", "date": "2020-06-15", "amount": "300000.00"}]},
        "expect": dict(_NONE),
    },

    # ================================================================ 7.1 财政贡献 bands 12% / 20% / 25%, three years
    {
        "id": "7.1-999999.99",
        "sentence": _S71,
        "working": "999,999.99 < 1,000,000 (100万元至…) → no band, not eligible",
        "request": {"provision": "7.1", "date": "2021-05-20",
                    "inputs": {"district_contribution": "999999.99", "event_date": "2020-12-31"}},
        "expect": dict(_NONE),
    },
    {
        "id": "7.1-1000000.00",
        "sentence": _S71,
        "working": "1,000,000.00 in 100万至300万 → 12% × 1,000,000.00 = 120,000.00",
        "request": {"provision": "7.1", "date": "2021-05-20",
                    "inputs": {"district_contribution": "1000000.00", "event_date": "2020-12-31"}},
        "expect": _paid("120000.00"),
    },
    {
        "id": "7.1-band-12-rounding",
        "sentence": _S71,
        "working": "12% × 1,234,567.89 = 148,148.1468 → 148,148.15",
        "request": {"provision": "7.1", "date": "2021-05-20",
                    "inputs": {"district_contribution": "1234567.89", "event_date": "2020-12-31"}},
        "expect": _paid("148148.15"),
    },
    {
        "id": "7.1-3000000.00",
        "sentence": _S71,
        "working": "（含300万元）→ 12% band; 12% × 3,000,000.00 = 360,000.00",
        "request": {"provision": "7.1", "date": "2021-05-20",
                    "inputs": {"district_contribution": "3000000.00", "event_date": "2020-12-31"}},
        "expect": _paid("360000.00"),
    },
    {
        "id": "7.1-3000000.01",
        "sentence": _S71,
        "working": "3,000,000.01 > 300万 → 20% band; 20% × 3,000,000.01 = 600,000.002 → 600,000.00",
        "request": {"provision": "7.1", "date": "2021-05-20",
                    "inputs": {"district_contribution": "3000000.01", "event_date": "2020-12-31"}},
        "expect": _paid("600000.00"),
    },
    {
        "id": "7.1-5000000.00",
        "sentence": _S71,
        "working": "（含500万元）→ 20% band; 20% × 5,000,000.00 = 1,000,000.00",
        "request": {"provision": "7.1", "date": "2021-05-20",
                    "inputs": {"district_contribution": "5000000.00", "event_date": "2020-12-31"}},
        "expect": _paid("1000000.00"),
    },
    {
        "id": "7.1-5000000.01",
        "sentence": _S71,
        "working": "5,000,000.01 > 500万 → 25% band; 25% × 5,000,000.01 = 1,250,000.0025 → 1,250,000.00",
        "request": {"provision": "7.1", "date": "2021-05-20",
                    "inputs": {"district_contribution": "5000000.01", "event_date": "2020-12-31"}},
        "expect": _paid("1250000.00"),
    },
    {
        "id": "7.1-band-25-half-fen",
        "sentence": _S71,
        "working": "25% × 5,000,000.02 = 1,250,000.005 → half-up 1,250,000.01",
        "request": {"provision": "7.1", "date": "2021-05-20",
                    "inputs": {"district_contribution": "5000000.02", "event_date": "2020-12-31"}},
        "expect": _paid("1250000.01"),
    },
    {
        "id": "7.1-10000000.00",
        "sentence": _S71,
        "working": "（含1000万元）→ 25% band; 25% × 10,000,000.00 = 2,500,000.00",
        "request": {"provision": "7.1", "date": "2021-05-20",
                    "inputs": {"district_contribution": "10000000.00", "event_date": "2020-12-31"}},
        "expect": _paid("2500000.00"),
    },
    {
        "id": "7.1-10000000.01-case-by-case",
        "sentence": _S71_CASE,
        "working": "10,000,000.01 > 1000万 → 报请区政府常务会议决定, not computed → not eligible, 0.00",
        "request": {"provision": "7.1", "date": "2021-05-20",
                    "inputs": {"district_contribution": "10000000.01", "event_date": "2020-12-31"}},
        "expect": dict(_NONE),
    },
    {
        "id": "7.1-third-year",
        "sentence": _S71,
        "working": "7.1 granted in 2020 and 2021; 2022 is the third year (扶持期限为三年); "
                   "20% × 4,000,000.00 = 800,000.00",
        "request": {"provision": "7.1", "date": "2022-05-20",
                    "inputs": {"district_contribution": "4000000.00", "event_date": "2021-12-31"},
                    "history": [{"provision": "7.1", "date": "2020-05-20", "amount": "800000.00"},
                                {"provision": "7.1", "date": "2021-05-20", "amount": "800000.00"}]},
        "expect": _paid("800000.00"),
    },
    {
        "id": "7.1-fourth-year",
        "sentence": _S71,
        "working": "7.1 granted in 2020, 2021, 2022; 2023 would be a fourth year → not eligible",
        "request": {"provision": "7.1", "date": "2023-05-20",
                    "inputs": {"district_contribution": "4000000.00", "event_date": "2022-12-31"},
                    "history": [{"provision": "7.1", "date": "2020-05-20", "amount": "800000.00"},
                                {"provision": "7.1", "date": "2021-05-20", "amount": "800000.00"},
                                {"provision": "7.1", "date": "2022-05-20", "amount": "800000.00"}]},
        "expect": dict(_NONE),
    },
    {
        "id": "7.1-application-03-30",
        "sentence": _SF15,
        "working": "application 2021-03-30 = last day of the window; 12% × 2,000,000.00 = 240,000.00",
        "request": {"provision": "7.1", "date": "2021-05-20",
                    "inputs": {"district_contribution": "2000000.00", "event_date": "2020-12-31",
                               "application_date": "2021-03-30"}},
        "expect": _paid("240000.00"),
    },
    {
        "id": "7.1-application-03-31",
        "sentence": _SF15,
        "working": "application 2021-03-31 is after 3月30日 → outside the window, not eligible",
        "request": {"provision": "7.1", "date": "2021-05-20",
                    "inputs": {"district_contribution": "2000000.00", "event_date": "2020-12-31",
                               "application_date": "2021-03-31"}},
        "expect": dict(_NONE),
    },

    # ================================================================ 8.1 经营规模拓展 levels 1.5亿/3亿/5亿/10亿/50亿
    {
        "id": "8.1-exactly-1.5yi",
        "sentence": _S81,
        "working": "首次超过1.5亿元: 150,000,000.00 does not exceed 150,000,000 → no level, not eligible",
        "request": {"provision": "8.1", "date": "2021-05-20",
                    "inputs": {"main_revenue": "150000000.00", "years_in_district": 3, "event_date": "2020-12-31"}},
        "expect": dict(_NONE),
    },
    {
        "id": "8.1-just-above-1.5yi",
        "sentence": _S81,
        "working": "150,000,000.01 > 1.5亿, 入驻 3 years (三年及以上) → 100,000.00",
        "request": {"provision": "8.1", "date": "2021-05-20",
                    "inputs": {"main_revenue": "150000000.01", "years_in_district": 3, "event_date": "2020-12-31"}},
        "expect": _paid("100000.00"),
    },
    {
        "id": "8.1-two-years-in-district",
        "sentence": _S81,
        "working": "入驻 2 years < 三年 → not eligible (revenue 200,000,000 would give 100,000)",
        "request": {"provision": "8.1", "date": "2021-05-20",
                    "inputs": {"main_revenue": "200000000.00", "years_in_district": 2, "event_date": "2020-12-31"}},
        "expect": dict(_NONE),
    },
    {
        "id": "8.1-exactly-3yi",
        "sentence": _S81,
        "working": "300,000,000.00 exceeds 1.5亿 but not 3亿 → 100,000.00",
        "request": {"provision": "8.1", "date": "2021-05-20",
                    "inputs": {"main_revenue": "300000000.00", "years_in_district": 5, "event_date": "2020-12-31"}},
        "expect": _paid("100000.00"),
    },
    {
        "id": "8.1-two-levels-at-once",
        "sentence": _S81,
        "working": "300,000,000.01 exceeds 1.5亿 and 3亿, none before → 100,000 + 200,000 = 300,000.00",
        "request": {"provision": "8.1", "date": "2021-05-20",
                    "inputs": {"main_revenue": "300000000.01", "years_in_district": 3, "event_date": "2020-12-31"}},
        "expect": _paid("300000.00"),
    },
    {
        "id": "8.1-all-levels-at-once",
        "sentence": _S81,
        "working": "5,000,000,000.01 exceeds all five levels → 100,000 + 200,000 + 300,000 + 500,000 + 1,000,000 "
                   "= 2,100,000.00",
        "request": {"provision": "8.1", "date": "2021-05-20",
                    "inputs": {"main_revenue": "5000000000.01", "years_in_district": 10, "event_date": "2020-12-31"}},
        "expect": _paid("2100000.00"),
    },
    {
        "id": "8.1-one-new-level-after-history",
        "sentence": _S81,
        "working": "earlier revenue 320,000,000 → 1.5亿 and 3亿 already rewarded; 600,000,000 exceeds 5亿 newly → 300,000.00",
        "request": {"provision": "8.1", "date": "2022-05-20",
                    "inputs": {"main_revenue": "600000000.00", "years_in_district": 4, "event_date": "2021-12-31"},
                    "history": [{"provision": "8.1", "date": "2021-05-20", "amount": "300000.00",
                                 "inputs": {"main_revenue": "320000000.00"}}]},
        "expect": _paid("300000.00"),
    },
    {
        "id": "8.1-no-new-level",
        "sentence": _S81,
        "working": "earlier revenue 320,000,000 (1.5亿, 3亿 rewarded); 310,000,000 exceeds no new level → not eligible",
        "request": {"provision": "8.1", "date": "2022-05-20",
                    "inputs": {"main_revenue": "310000000.00", "years_in_district": 4, "event_date": "2021-12-31"},
                    "history": [{"provision": "8.1", "date": "2021-05-20", "amount": "300000.00",
                                 "inputs": {"main_revenue": "320000000.00"}}]},
        "expect": dict(_NONE),
    },
    {
        "id": "8.1-highest-earlier-revenue-counts",
        "sentence": _S81,
        "working": "earlier revenues 180,000,000 and 320,000,000 → highest 3.2亿: 1.5亿, 3亿 rewarded; "
                   "1,200,000,000 exceeds 5亿 and 10亿 newly → 300,000 + 500,000 = 800,000.00",
        "request": {"provision": "8.1", "date": "2022-05-20",
                    "inputs": {"main_revenue": "1200000000.00", "years_in_district": 5, "event_date": "2021-12-31"},
                    "history": [{"provision": "8.1", "date": "2020-05-20", "amount": "100000.00",
                                 "inputs": {"main_revenue": "180000000.00"}},
                                {"provision": "8.1", "date": "2021-05-20", "amount": "200000.00",
                                 "inputs": {"main_revenue": "320000000.00"}}]},
        "expect": _paid("800000.00"),
    },
    {
        "id": "8.1-earlier-exactly-3yi",
        "sentence": _S81,
        "working": "earlier revenue exactly 300,000,000 rewarded only 1.5亿; 300,000,000.01 now exceeds 3亿 → 200,000.00",
        "request": {"provision": "8.1", "date": "2022-05-20",
                    "inputs": {"main_revenue": "300000000.01", "years_in_district": 4, "event_date": "2021-12-31"},
                    "history": [{"provision": "8.1", "date": "2021-05-20", "amount": "100000.00",
                                 "inputs": {"main_revenue": "300000000.00"}}]},
        "expect": _paid("200000.00"),
    },
    {
        "id": "8.1-all-levels-already",
        "sentence": _S81,
        "working": "earlier revenue 6,000,000,000 → all five levels rewarded; 7,000,000,000 → nothing new, not eligible",
        "request": {"provision": "8.1", "date": "2022-05-20",
                    "inputs": {"main_revenue": "7000000000.00", "years_in_district": 6, "event_date": "2021-12-31"},
                    "history": [{"provision": "8.1", "date": "2021-05-20", "amount": "2100000.00",
                                 "inputs": {"main_revenue": "6000000000.00"}}]},
        "expect": dict(_NONE),
    },
    {
        "id": "8.1-event-2019-02-28",
        "sentence": _SF17,
        "working": "event 2019-02-28 before 2019-03-01 → outside validity, not eligible",
        "request": {"provision": "8.1", "date": "2019-06-20",
                    "inputs": {"main_revenue": "200000000.00", "years_in_district": 3, "event_date": "2019-02-28"}},
        "expect": dict(_NONE),
    },

    # ================================================================ 9.1 企业培育 by category, once per category
    {
        "id": "9.1-world-500",
        "sentence": _S91,
        "working": "世界500强 → 5000万 = 50,000,000.00",
        "request": {"provision": "9.1", "date": "2020-06-15",
                    "inputs": {"listing": "世界500强", "event_date": "2020-01-20"}},
        "expect": _paid("50000000.00"),
    },
    {
        "id": "9.1-manufacturing-500",
        "sentence": _S91,
        "working": "国内制造业500强 → 500万 = 5,000,000.00",
        "request": {"provision": "9.1", "date": "2020-06-15",
                    "inputs": {"listing": "国内制造业500强", "event_date": "2020-01-20"}},
        "expect": _paid("5000000.00"),
    },
    {
        "id": "9.1-services-500",
        "sentence": _S91,
        "working": "国内服务业500强 → 200万 = 2,000,000.00",
        "request": {"provision": "9.1", "date": "2020-06-15",
                    "inputs": {"listing": "国内服务业500强", "event_date": "2020-01-20"}},
        "expect": _paid("2000000.00"),
    },
    {
        "id": "9.1-liaoning-100",
        "sentence": _S91,
        "working": "辽宁省100强 → 50万 = 500,000.00",
        "request": {"provision": "9.1", "date": "2020-06-15",
                    "inputs": {"listing": "辽宁省100强", "event_date": "2020-01-20"}},
        "expect": _paid("500000.00"),
    },
    {
        "id": "9.1-main-board",
        "sentence": _S91,
        "working": "股票公开发行主板上市 → 100万 = 1,000,000.00",
        "request": {"provision": "9.1", "date": "2020-06-15",
                    "inputs": {"listing": "主板上市", "event_date": "2020-01-20"}},
        "expect": _paid("1000000.00"),
    },
    {
        "id": "9.1-neeq",
        "sentence": _S91,
        "working": "新三板上市 → 50万 = 500,000.00",
        "request": {"provision": "9.1", "date": "2020-06-15",
                    "inputs": {"listing": "新三板上市", "event_date": "2020-01-20"}},
        "expect": _paid("500000.00"),
    },
    {
        "id": "9.1-similar-support-true",
        "sentence": _S91_SIMILAR,
        "working": "已享受我区其他类似扶持政策 → 不再重复享受, not eligible",
        "request": {"provision": "9.1", "date": "2020-06-15",
                    "inputs": {"listing": "主板上市", "similar_support": True, "event_date": "2020-01-20"}},
        "expect": dict(_NONE),
    },
    {
        "id": "9.1-similar-support-false",
        "sentence": _S91,
        "working": "no similar support → 主板上市 100万 = 1,000,000.00",
        "request": {"provision": "9.1", "date": "2020-06-15",
                    "inputs": {"listing": "主板上市", "similar_support": False, "event_date": "2020-01-20"}},
        "expect": _paid("1000000.00"),
    },
    {
        "id": "9.1-same-category-granted",
        "sentence": _S91,
        "working": "首次入选: 主板上市 already granted (history inputs) → not eligible",
        "request": {"provision": "9.1", "date": "2021-06-15",
                    "inputs": {"listing": "主板上市", "event_date": "2021-01-20"},
                    "history": [{"provision": "9.1", "date": "2020-06-15", "amount": "1000000.00",
                                 "inputs": {"listing": "主板上市"}}]},
        "expect": dict(_NONE),
    },
    {
        "id": "9.1-other-category-granted",
        "sentence": _S91,
        "working": "新三板上市 granted before; 主板上市 is another category → 1,000,000.00",
        "request": {"provision": "9.1", "date": "2021-06-15",
                    "inputs": {"listing": "主板上市", "event_date": "2021-01-20"},
                    "history": [{"provision": "9.1", "date": "2020-06-15", "amount": "500000.00",
                                 "inputs": {"listing": "新三板上市"}}]},
        "expect": _paid("1000000.00"),
    },

    # ================================================================ 10.1 配套引进 >1亿 / >5亿 / >10亿
    {
        "id": "10.1-exactly-1yi",
        "sentence": _S101,
        "working": "超过１亿元: 100,000,000.00 does not exceed → not eligible",
        "request": {"provision": "10.1", "date": "2021-05-20",
                    "inputs": {"chain_investment": "100000000.00", "event_date": "2021-01-15"}},
        "expect": dict(_NONE),
    },
    {
        "id": "10.1-just-above-1yi",
        "sentence": _S101,
        "working": "100,000,000.01 > 1亿 → 30万 = 300,000.00",
        "request": {"provision": "10.1", "date": "2021-05-20",
                    "inputs": {"chain_investment": "100000000.01", "event_date": "2021-01-15"}},
        "expect": _paid("300000.00"),
    },
    {
        "id": "10.1-exactly-5yi",
        "sentence": _S101,
        "working": "500,000,000.00 exceeds 1亿 but not 5亿 → 300,000.00",
        "request": {"provision": "10.1", "date": "2021-05-20",
                    "inputs": {"chain_investment": "500000000.00", "event_date": "2021-01-15"}},
        "expect": _paid("300000.00"),
    },
    {
        "id": "10.1-just-above-5yi",
        "sentence": _S101,
        "working": "500,000,000.01 > 5亿 → 50万 = 500,000.00",
        "request": {"provision": "10.1", "date": "2021-05-20",
                    "inputs": {"chain_investment": "500000000.01", "event_date": "2021-01-15"}},
        "expect": _paid("500000.00"),
    },
    {
        "id": "10.1-exactly-10yi",
        "sentence": _S101,
        "working": "1,000,000,000.00 exceeds 5亿 but not 10亿 → 500,000.00",
        "request": {"provision": "10.1", "date": "2021-05-20",
                    "inputs": {"chain_investment": "1000000000.00", "event_date": "2021-01-15"}},
        "expect": _paid("500000.00"),
    },
    {
        "id": "10.1-just-above-10yi",
        "sentence": _S101,
        "working": "1,000,000,000.01 > 10亿 → 100万 = 1,000,000.00",
        "request": {"provision": "10.1", "date": "2021-05-20",
                    "inputs": {"chain_investment": "1000000000.01", "event_date": "2021-01-15"}},
        "expect": _paid("1000000.00"),
    },
    {
        "id": "10.1-another-project",
        "sentence": _S101,
        "working": "per project, each time: an earlier 10.1 grant does not limit; 200,000,000 > 1亿 → 300,000.00",
        "request": {"provision": "10.1", "date": "2022-05-20",
                    "inputs": {"chain_investment": "200000000.00", "event_date": "2022-01-15"},
                    "history": [{"provision": "10.1", "date": "2021-05-20", "amount": "1000000.00"}]},
        "expect": _paid("300000.00"),
    },

    # ================================================================ 11.1 招商引荐 1%, 每项不超过25万
    {
        "id": "11.1-below-cap",
        "sentence": _S111,
        "working": "1% × 10,000,000.00 = 100,000.00 < 250,000",
        "request": {"provision": "11.1", "date": "2021-05-20",
                    "inputs": {"fixed_asset_investment": "10000000.00", "event_date": "2021-01-15"}},
        "expect": _paid("100000.00"),
    },
    {
        "id": "11.1-at-cap",
        "sentence": _S111,
        "working": "1% × 25,000,000.00 = 250,000.00 = cap",
        "request": {"provision": "11.1", "date": "2021-05-20",
                    "inputs": {"fixed_asset_investment": "25000000.00", "event_date": "2021-01-15"}},
        "expect": _paid("250000.00"),
    },
    {
        "id": "11.1-above-cap",
        "sentence": _S111,
        "working": "1% × 30,000,000.00 = 300,000.00 > cap → 250,000.00",
        "request": {"provision": "11.1", "date": "2021-05-20",
                    "inputs": {"fixed_asset_investment": "30000000.00", "event_date": "2021-01-15"}},
        "expect": _paid("250000.00"),
    },
    {
        "id": "11.1-rounding",
        "sentence": _S111,
        "working": "1% × 12,345,678.90 = 123,456.789 → 123,456.79",
        "request": {"provision": "11.1", "date": "2021-05-20",
                    "inputs": {"fixed_asset_investment": "12345678.90", "event_date": "2021-01-15"}},
        "expect": _paid("123456.79"),
    },
    {
        "id": "11.1-key-referral",
        "sentence": _S111_KEY,
        "working": "重点总部企业引荐 → 由领导小组研究决定扶持金额, not computed → not eligible, 0.00",
        "request": {"provision": "11.1", "date": "2021-05-20",
                    "inputs": {"fixed_asset_investment": "10000000.00", "key_referral": True,
                               "event_date": "2021-01-15"}},
        "expect": dict(_NONE),
    },
    {
        "id": "11.1-key-referral-false",
        "sentence": _S111,
        "working": "ordinary referral: 1% × 10,000,000.00 = 100,000.00",
        "request": {"provision": "11.1", "date": "2021-05-20",
                    "inputs": {"fixed_asset_investment": "10000000.00", "key_referral": False,
                               "event_date": "2021-01-15"}},
        "expect": _paid("100000.00"),
    },
    {
        "id": "11.1-each-referral",
        "sentence": _S111,
        "working": "每项: an earlier 11.1 grant of 250,000 does not limit this one; 1% × 30,000,000 → cap 250,000.00",
        "request": {"provision": "11.1", "date": "2022-05-20",
                    "inputs": {"fixed_asset_investment": "30000000.00", "event_date": "2022-01-15"},
                    "history": [{"provision": "11.1", "date": "2021-05-20", "amount": "250000.00"}]},
        "expect": _paid("250000.00"),
    },

    # ================================================================ 13.1 人才奖 最高不超过30万 (bare ceiling)
    {
        "id": "13.1-award",
        "sentence": _S131,
        "working": "扶持金额最高不超过30万元, no rate → the ceiling 300,000.00, ceiling true",
        "request": {"provision": "13.1", "date": "2020-06-15", "person": "T-01",
                    "inputs": {"event_date": "2020-01-20"}},
        "expect": _paid("300000.00", ceiling=True),
    },
    {
        "id": "13.1-municipal-talent",
        "sentence": _S131_CITY,
        "working": "市级认定人才 → 参照市级政策, not computed here → not eligible, 0.00",
        "request": {"provision": "13.1", "date": "2020-06-15", "person": "T-01",
                    "inputs": {"municipal_talent": True, "event_date": "2020-01-20"}},
        "expect": dict(_NONE),
    },
    {
        "id": "13.1-municipal-talent-false",
        "sentence": _S131,
        "working": "not a municipal talent → 300,000.00, ceiling true",
        "request": {"provision": "13.1", "date": "2020-06-15", "person": "T-01",
                    "inputs": {"municipal_talent": False, "event_date": "2020-01-20"}},
        "expect": _paid("300000.00", ceiling=True),
    },
    {
        "id": "13.1-eleventh-person",
        "sentence": _S12,
        "working": "T-01 … T-10 hold 13.3 grants → 10 persons; T-11 would be the 11th → not eligible",
        "request": {"provision": "13.1", "date": "2021-06-15", "person": "T-11",
                    "inputs": {"event_date": "2021-01-20"}, "history": list(_TEN_TALENTS)},
        "expect": dict(_NONE),
    },
    {
        "id": "13.1-person-among-ten",
        "sentence": _S12,
        "working": "T-03 is already one of the 10 (13.3 grant), no new slot needed → 300,000.00, ceiling true",
        "request": {"provision": "13.1", "date": "2021-06-15", "person": "T-03",
                    "inputs": {"event_date": "2021-01-20"}, "history": list(_TEN_TALENTS)},
        "expect": _paid("300000.00", ceiling=True),
    },
    {
        "id": "13.1-tenth-person",
        "sentence": _S12,
        "working": "T-01 … T-09 in history → 9 persons; T-10 is the 10th (不超过10人) → 300,000.00, ceiling true",
        "request": {"provision": "13.1", "date": "2021-06-15", "person": "T-10",
                    "inputs": {"event_date": "2021-01-20"}, "history": list(_TEN_TALENTS[:9])},
        "expect": _paid("300000.00", ceiling=True),
    },

    # ================================================================ 13.2 高管贡献 IIT ≥ 5万, 50% of district part, four years
    {
        "id": "13.2-iit-49999.99",
        "sentence": _S132,
        "working": "年缴纳个人所得税 49,999.99 < 5万元 → not eligible",
        "request": {"provision": "13.2", "date": "2020-06-15", "person": "E-01",
                    "inputs": {"annual_iit": "49999.99", "district_retained_iit": "20000.00",
                               "event_date": "2019-12-31"}},
        "expect": dict(_NONE),
    },
    {
        "id": "13.2-iit-50000.00",
        "sentence": _S132,
        "working": "50,000.00 → 5万元及以上; 50% × 20,000.00 = 10,000.00",
        "request": {"provision": "13.2", "date": "2020-06-15", "person": "E-01",
                    "inputs": {"annual_iit": "50000.00", "district_retained_iit": "20000.00",
                               "event_date": "2019-12-31"}},
        "expect": _paid("10000.00"),
    },
    {
        "id": "13.2-half-fen",
        "sentence": _S132,
        "working": "50% × 12,345.67 = 6,172.835 → half-up 6,172.84",
        "request": {"provision": "13.2", "date": "2020-06-15", "person": "E-01",
                    "inputs": {"annual_iit": "60000.00", "district_retained_iit": "12345.67",
                               "event_date": "2019-12-31"}},
        "expect": _paid("6172.84"),
    },
    {
        "id": "13.2-fourth-year",
        "sentence": _S132,
        "working": "E-01 granted 13.2 in 2020, 2021, 2022; 2023 is the fourth year (不超过四年); "
                   "50% × 30,000.00 = 15,000.00",
        "request": {"provision": "13.2", "date": "2023-05-20", "person": "E-01",
                    "inputs": {"annual_iit": "100000.00", "district_retained_iit": "30000.00",
                               "event_date": "2022-12-31"},
                    "history": [{"provision": "13.2", "date": "2020-05-20", "amount": "15000.00", "person": "E-01"},
                                {"provision": "13.2", "date": "2021-05-20", "amount": "15000.00", "person": "E-01"},
                                {"provision": "13.2", "date": "2022-05-20", "amount": "15000.00", "person": "E-01"}]},
        "expect": _paid("15000.00"),
    },
    {
        "id": "13.2-fifth-year",
        "sentence": _S132,
        "working": "E-01 granted 13.2 in 2020, 2021, 2022, 2023; 2024 would be a fifth year → not eligible",
        "request": {"provision": "13.2", "date": "2024-05-20", "person": "E-01",
                    "inputs": {"annual_iit": "100000.00", "district_retained_iit": "30000.00",
                               "event_date": "2023-01-31"},
                    "history": [{"provision": "13.2", "date": "2020-05-20", "amount": "15000.00", "person": "E-01"},
                                {"provision": "13.2", "date": "2021-05-20", "amount": "15000.00", "person": "E-01"},
                                {"provision": "13.2", "date": "2022-05-20", "amount": "15000.00", "person": "E-01"},
                                {"provision": "13.2", "date": "2023-05-20", "amount": "15000.00", "person": "E-01"}]},
        "expect": dict(_NONE),
    },
    {
        "id": "13.2-other-person-four-years",
        "sentence": _S132,
        "working": "the four years of E-01 do not count for E-02 (per person); 50% × 30,000.00 = 15,000.00",
        "request": {"provision": "13.2", "date": "2024-05-20", "person": "E-02",
                    "inputs": {"annual_iit": "100000.00", "district_retained_iit": "30000.00",
                               "event_date": "2023-01-31"},
                    "history": [{"provision": "13.2", "date": "2020-05-20", "amount": "15000.00", "person": "E-01"},
                                {"provision": "13.2", "date": "2021-05-20", "amount": "15000.00", "person": "E-01"},
                                {"provision": "13.2", "date": "2022-05-20", "amount": "15000.00", "person": "E-01"},
                                {"provision": "13.2", "date": "2023-05-20", "amount": "15000.00", "person": "E-01"}]},
        "expect": _paid("15000.00"),
    },
    {
        "id": "13.2-eleventh-person",
        "sentence": _S12,
        "working": "T-01 … T-10 hold 13.3 grants; E-01 would be the 11th person → not eligible",
        "request": {"provision": "13.2", "date": "2021-06-15", "person": "E-01",
                    "inputs": {"annual_iit": "100000.00", "district_retained_iit": "30000.00",
                               "event_date": "2020-12-31"},
                    "history": list(_TEN_TALENTS)},
        "expect": dict(_NONE),
    },

    # ================================================================ 13.3 购房补贴 1000元/m², 最高10万, once per person
    {
        "id": "13.3-below-cap",
        "sentence": _S133,
        "working": "1,000 × 85.5 = 85,500.00 < 100,000",
        "request": {"provision": "13.3", "date": "2020-06-15", "person": "T-01",
                    "inputs": {"home_area": "85.5", "event_date": "2020-01-20"}},
        "expect": _paid("85500.00"),
    },
    {
        "id": "13.3-at-cap",
        "sentence": _S133,
        "working": "1,000 × 100 = 100,000.00 = cap",
        "request": {"provision": "13.3", "date": "2020-06-15", "person": "T-01",
                    "inputs": {"home_area": "100", "event_date": "2020-01-20"}},
        "expect": _paid("100000.00"),
    },
    {
        "id": "13.3-above-cap",
        "sentence": _S133,
        "working": "1,000 × 140.25 = 140,250.00 > cap → 100,000.00",
        "request": {"provision": "13.3", "date": "2020-06-15", "person": "T-01",
                    "inputs": {"home_area": "140.25", "event_date": "2020-01-20"}},
        "expect": _paid("100000.00"),
    },
    {
        "id": "13.3-half-fen",
        "sentence": _S133,
        "working": "1,000 × 88.888885 = 88,888.885 → half-up 88,888.89",
        "request": {"provision": "13.3", "date": "2020-06-15", "person": "T-01",
                    "inputs": {"home_area": "88.888885", "event_date": "2020-01-20"}},
        "expect": _paid("88888.89"),
    },
    {
        "id": "13.3-already-granted",
        "sentence": _S133,
        "working": "首次…一次性: T-01 already received 13.3 → not eligible",
        "request": {"provision": "13.3", "date": "2021-06-15", "person": "T-01",
                    "inputs": {"home_area": "90", "event_date": "2021-01-20"},
                    "history": [{"provision": "13.3", "date": "2020-06-15", "amount": "85500.00", "person": "T-01"}]},
        "expect": dict(_NONE),
    },
    {
        "id": "13.3-other-person-granted",
        "sentence": _S133,
        "working": "T-01's grant does not count for T-02; 1,000 × 90 = 90,000.00",
        "request": {"provision": "13.3", "date": "2021-06-15", "person": "T-02",
                    "inputs": {"home_area": "90", "event_date": "2021-01-20"},
                    "history": [{"provision": "13.3", "date": "2020-06-15", "amount": "85500.00", "person": "T-01"}]},
        "expect": _paid("90000.00"),
    },
    {
        "id": "13.3-eleventh-person",
        "sentence": _S12,
        "working": "T-01 … T-10 in history; T-11 would be the 11th person → not eligible",
        "request": {"provision": "13.3", "date": "2021-06-15", "person": "T-11",
                    "inputs": {"home_area": "90", "event_date": "2021-01-20"},
                    "history": list(_TEN_TALENTS)},
        "expect": dict(_NONE),
    },

    # ================================================================ 13.4 租房补贴 2000元/月, ≤ contract, ≤ 36 months
    {
        "id": "13.4-twelve-months",
        "sentence": _S134,
        "working": "12 months ≤ min(36 contract, 36) → 2,000 × 12 = 24,000.00",
        "request": {"provision": "13.4", "date": "2020-06-15", "person": "R-01",
                    "inputs": {"months": 12, "contract_months": 36, "event_date": "2019-12-31"}},
        "expect": _paid("24000.00"),
    },
    {
        "id": "13.4-months-partly-used",
        "sentence": _S134,
        "working": "contract 24 months, 18 already paid → 6 left; 12 asked → 6; 2,000 × 6 = 12,000.00",
        "request": {"provision": "13.4", "date": "2021-06-15", "person": "R-01",
                    "inputs": {"months": 12, "contract_months": 24, "event_date": "2020-12-31"},
                    "history": [{"provision": "13.4", "date": "2020-06-15", "amount": "36000.00", "person": "R-01",
                                 "inputs": {"months": 18}}]},
        "expect": _paid("12000.00"),
    },
    {
        "id": "13.4-months-used-up",
        "sentence": _S134,
        "working": "contract 24 months, 12 + 12 = 24 already paid → 0 left, not eligible",
        "request": {"provision": "13.4", "date": "2022-06-15", "person": "R-01",
                    "inputs": {"months": 12, "contract_months": 24, "event_date": "2021-12-31"},
                    "history": [{"provision": "13.4", "date": "2020-06-15", "amount": "24000.00", "person": "R-01",
                                 "inputs": {"months": 12}},
                                {"provision": "13.4", "date": "2021-06-15", "amount": "24000.00", "person": "R-01",
                                 "inputs": {"months": 12}}]},
        "expect": dict(_NONE),
    },
    {
        "id": "13.4-three-year-limit",
        "sentence": _S134,
        "working": "contract 48 months but 最长不超过3年 → 36; 40 asked → 36; 2,000 × 36 = 72,000.00",
        "request": {"provision": "13.4", "date": "2020-06-15", "person": "R-01",
                    "inputs": {"months": 40, "contract_months": 48, "event_date": "2019-12-31"}},
        "expect": _paid("72000.00"),
    },
    {
        "id": "13.4-contract-shorter",
        "sentence": _S134,
        "working": "以劳动合同时长为限: contract 10 months, 12 asked → 10; 2,000 × 10 = 20,000.00",
        "request": {"provision": "13.4", "date": "2020-06-15", "person": "R-01",
                    "inputs": {"months": 12, "contract_months": 10, "event_date": "2019-12-31"}},
        "expect": _paid("20000.00"),
    },
    {
        "id": "13.4-three-year-limit-with-history",
        "sentence": _S134,
        "working": "contract 48 → limit 36; 24 + 10 = 34 already paid → 2 left; 12 asked → 2; 2,000 × 2 = 4,000.00",
        "request": {"provision": "13.4", "date": "2022-06-15", "person": "R-01",
                    "inputs": {"months": 12, "contract_months": 48, "event_date": "2021-12-31"},
                    "history": [{"provision": "13.4", "date": "2020-06-15", "amount": "48000.00", "person": "R-01",
                                 "inputs": {"months": 24}},
                                {"provision": "13.4", "date": "2021-06-15", "amount": "20000.00", "person": "R-01",
                                 "inputs": {"months": 10}}]},
        "expect": _paid("4000.00"),
    },
    {
        "id": "13.4-other-person-months",
        "sentence": _S134,
        "working": "R-01's 24 months do not count for R-02; 2,000 × 12 = 24,000.00",
        "request": {"provision": "13.4", "date": "2021-06-15", "person": "R-02",
                    "inputs": {"months": 12, "contract_months": 24, "event_date": "2020-12-31"},
                    "history": [{"provision": "13.4", "date": "2020-06-15", "amount": "48000.00", "person": "R-01",
                                 "inputs": {"months": 24}}]},
        "expect": _paid("24000.00"),
    },
    {
        "id": "13.4-zero-months",
        "sentence": _S134,
        "working": "2,000 × 0 = 0 → nothing, not eligible",
        "request": {"provision": "13.4", "date": "2020-06-15", "person": "R-01",
                    "inputs": {"months": 0, "contract_months": 36, "event_date": "2019-12-31"}},
        "expect": dict(_NONE),
    },
    {
        "id": "13.4-person-among-ten",
        "sentence": _S12,
        "working": "T-05 is one of the 10 (13.3 grant) → no new slot; 13.4 months unused: 2,000 × 12 = 24,000.00",
        "request": {"provision": "13.4", "date": "2021-06-15", "person": "T-05",
                    "inputs": {"months": 12, "contract_months": 36, "event_date": "2020-12-31"},
                    "history": list(_TEN_TALENTS)},
        "expect": _paid("24000.00"),
    },
    {
        "id": "13.4-eleventh-person",
        "sentence": _S12,
        "working": "T-01 … T-10 in history; R-01 would be the 11th person → not eligible",
        "request": {"provision": "13.4", "date": "2021-06-15", "person": "R-01",
                    "inputs": {"months": 12, "contract_months": 36, "event_date": "2020-12-31"},
                    "history": list(_TEN_TALENTS)},
        "expect": dict(_NONE),
    },
    {
        "id": "13.4-event-2023-03-01",
        "sentence": _SF17,
        "working": "event 2023-03-01 after 2023-02-28 → outside validity, not eligible",
        "request": {"provision": "13.4", "date": "2023-06-15", "person": "R-01",
                    "inputs": {"months": 12, "contract_months": 36, "event_date": "2023-03-01"}},
        "expect": dict(_NONE),
    },

    # ================================================================ 13.5 人才培训 (qualitative)
    {
        "id": "13.5-qualitative",
        "sentence": _S135,
        "working": "顾问、兼职、会议、宣传: no money → not eligible, 0.00",
        "request": {"provision": "13.5", "date": "2020-06-15", "inputs": {}},
        "expect": dict(_NONE),
    },
]


BAD_REQUESTS = [
    # --- event_date / application_date
    {"id": "missing-event-date",
     "line": '{"provision": "5.1", "date": "2020-04-15", "inputs": {"paid_in_capital": "100000000"}}',
     "field": "event_date"},
    {"id": "missing-event-date-13.4",
     "line": '{"provision": "13.4", "date": "2020-04-15", "person": "R-01", '
             '"inputs": {"months": 12, "contract_months": 36}}',
     "field": "event_date"},
    {"id": "bad-event-date-february-30",
     "line": '{"provision": "5.1", "date": "2020-04-15", '
             '"inputs": {"paid_in_capital": "100000000", "event_date": "2020-02-30"}}',
     "field": "event_date"},
    {"id": "bad-event-date-slashes",
     "line": '{"provision": "7.1", "date": "2021-05-20", '
             '"inputs": {"district_contribution": "2000000.00", "event_date": "2020/12/31"}}',
     "field": "event_date"},
    {"id": "bad-application-date",
     "line": '{"provision": "7.1", "date": "2021-05-20", "inputs": {"district_contribution": "2000000.00", '
             '"event_date": "2020-12-31", "application_date": "2021-03-32"}}',
     "field": "application_date"},
    # --- date
    {"id": "missing-date",
     "line": '{"provision": "5.1", "inputs": {"paid_in_capital": "100000000", "event_date": "2020-01-10"}}',
     "field": "date"},
    # --- amounts
    {"id": "float-amount",
     "line": '{"provision": "5.1", "date": "2020-04-15", '
             '"inputs": {"paid_in_capital": 100000000.5, "event_date": "2020-01-10"}}',
     "field": "paid_in_capital"},
    {"id": "negative-amount",
     "line": '{"provision": "6.2", "date": "2020-06-15", '
             '"inputs": {"purchase_price": "-1000000.00", "event_date": "2019-12-31"}}',
     "field": "purchase_price"},
    {"id": "area-with-unit",
     "line": '{"provision": "13.3", "date": "2020-06-15", "person": "T-01", '
             '"inputs": {"home_area": "100平方米", "event_date": "2020-01-20"}}',
     "field": "home_area"},
    # --- percent
    {"id": "percent-number-with-fraction",
     "line": '{"provision": "6.1", "date": "2020-06-15", '
             '"inputs": {"building_area": "5000", "self_use_percent": 60.5, "event_date": "2019-12-31"}}',
     "field": "self_use_percent"},
    {"id": "percent-with-sign",
     "line": '{"provision": "6.1", "date": "2020-06-15", '
             '"inputs": {"building_area": "5000", "self_use_percent": "60%", "event_date": "2019-12-31"}}',
     "field": "self_use_percent"},
    # --- yes/no
    {"id": "yes-no-as-string",
     "line": '{"provision": "9.1", "date": "2020-06-15", '
             '"inputs": {"listing": "主板上市", "similar_support": "true", "event_date": "2020-01-20"}}',
     "field": "similar_support"},
    {"id": "yes-no-as-chinese-string",
     "line": '{"provision": "11.1", "date": "2021-05-20", '
             '"inputs": {"fixed_asset_investment": "10000000.00", "key_referral": "否", "event_date": "2021-01-15"}}',
     "field": "key_referral"},
    {"id": "yes-no-as-integer",
     "line": '{"provision": "13.1", "date": "2020-06-15", "person": "T-01", '
             '"inputs": {"municipal_talent": 1, "event_date": "2020-01-20"}}',
     "field": "municipal_talent"},
    # --- counts
    {"id": "months-as-string",
     "line": '{"provision": "13.4", "date": "2020-06-15", "person": "R-01", '
             '"inputs": {"months": "12", "contract_months": 36, "event_date": "2019-12-31"}}',
     "field": "months"},
    {"id": "contract-months-as-float",
     "line": '{"provision": "13.4", "date": "2020-06-15", "person": "R-01", '
             '"inputs": {"months": 12, "contract_months": 36.0, "event_date": "2019-12-31"}}',
     "field": "contract_months"},
    {"id": "years-in-district-as-string",
     "line": '{"provision": "8.1", "date": "2021-05-20", '
             '"inputs": {"main_revenue": "200000000.00", "years_in_district": "3", "event_date": "2020-12-31"}}',
     "field": "years_in_district"},
    # --- person
    {"id": "13.3-without-person",
     "line": '{"provision": "13.3", "date": "2020-06-15", "inputs": {"home_area": "100", "event_date": "2020-01-20"}}',
     "field": "person"},
    {"id": "13.2-without-person",
     "line": '{"provision": "13.2", "date": "2020-06-15", "inputs": {"annual_iit": "60000.00", '
             '"district_retained_iit": "20000.00", "event_date": "2019-12-31"}}',
     "field": "person"},
    # --- input names
    {"id": "unknown-input-misspelt",
     "line": '{"provision": "5.1", "date": "2020-04-15", '
             '"inputs": {"paid_in_capitl": "100000000", "event_date": "2020-01-10"}}',
     "field": "paid_in_capitl"},
    {"id": "unknown-input-of-other-provision",
     "line": '{"provision": "6.2", "date": "2020-06-15", '
             '"inputs": {"purchase_price": "10000000.00", "monthly_rent": "100000.00", "event_date": "2019-12-31"}}',
     "field": "monthly_rent"},
    {"id": "missing-input",
     "line": '{"provision": "5.1", "date": "2020-04-15", "inputs": {"event_date": "2020-01-10"}}',
     "field": "paid_in_capital"},
    {"id": "missing-input-6.1-percent",
     "line": '{"provision": "6.1", "date": "2020-06-15", "inputs": {"building_area": "5000", "event_date": "2019-12-31"}}',
     "field": "self_use_percent"},
    # --- enumerations
    {"id": "unknown-enumeration-value",
     "line": '{"provision": "9.1", "date": "2020-06-15", "inputs": {"listing": "财富500强", "event_date": "2020-01-20"}}',
     "field": "listing"},
    {"id": "enumeration-in-english",
     "line": '{"provision": "9.1", "date": "2020-06-15", "inputs": {"listing": "Fortune 500", "event_date": "2020-01-20"}}',
     "field": "listing"},
    # --- history / provision
    {"id": "history-after-request-date",
     "line": '{"provision": "5.2", "date": "2021-06-01", '
             '"inputs": {"capital_increase": "100000000.00", "event_date": "2021-02-01"}, '
             '"history": [{"provision": "5.1", "date": "2021-06-02", "amount": "1000000.00"}]}',
     "field": "history"},
    {"id": "unknown-provision",
     "line": '{"provision": "5.3", "date": "2020-04-15", "inputs": {}}',
     "field": "5.3"},
]
