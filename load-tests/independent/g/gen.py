#!/usr/bin/env python3
"""gen.py -- world "g": an independently built, labelled test city for a telecom-fraud engine.

Usage:  python3 gen.py --persons 5000 --days 7 --seed 701 --out DIR
Writes DIR/events.jsonl (contract events: transaction / call start+end / watchlist, sorted by
ts_ms except transactions that arrive up to 2.5 s late) and DIR/labels.jsonl (labels.md format).
Standard library only; deterministic for a seed (own Random streams per component, no set
iteration, no hash()).  Money is integer fen.  Times are UTC ms; the city lives in UTC+8.

Traits of this world (what a real Chinese city has that a naive generator forgets)
==================================================================================
Population and ordinary life
  L1  Persons in households (couples, elderly parents, students); social graph of family, colleagues,
      friends, plus out-of-town contacts whose phones/accounts are not in the population.
  L2  1-3 bank accounts per person at a realistic bank mix (big four, CMB, PSBC, city rural bank,
      internet banks); all bound to the person's phone; payer_phone absent on some counter/ATM rows.
  L3  Diurnal and weekly rhythm (breakfast, lunch, evening peaks; weekends busier for shopping;
      night-shift workers who pay and call at 02:00).
  L4  Merchants with huge fan-in of small payments (chains, platforms such as e-commerce, food
      delivery, ride hailing, utilities), paid by QR (third_party), POS card or app.
  L5  Street vendors taking QR payments into PERSONAL accounts from hundreds of strangers, then paying
      wholesalers within hours (fan-in + pass-through that is perfectly legit); merchants sweeping
      the day's takings to the owner's account at night.
  L6  Payroll bursts (one corporate payer, tens to hundreds of payees within minutes) on each
      employer's own payday; pension bursts from the social-security fund to the elderly.
  L7  P2P: family allowances, red packets with lucky amounts (6.66, 88, 520, 1314), AA splits, rent
      to landlords who collect from several tenants, first-time payees in general (~10 %).
  L8  Group-buy leaders (团长) and class-fee collectors: many new payers in a day, money forwarded to
      a supplier/school within an hour or two.  Weddings: dozens of gifts to one person in a day.
  L9  Family abroad: long international calls (+1/+44/+61/+81/+65/...) followed - sometimes while
      still connected - by large transfers to the child's (sometimes brand-new) account or tuition.
  L10 Bank service-line calls (95xxx, on the allow list) followed by large purchases to brand-new
      payees (car dealer, wealth product, insurer, developer deposit); bank wealth managers calling
      from personal mobiles before large own-account moves between banks.
  L11 Couriers / delivery riders / ride-hailing privacy numbers calling from virtual (170/171/165)
      ranges with huge fan-out of short calls; telemarketers and one-ring international spam;
      legit VoIP work calls that last long; caller-ID verification false alarms on legit calls.
  L12 Legit escalating transfers to rotating payees: stock traders (bank->broker transfers in
      trading hours), crypto OTC buyers paying personal dealer accounts, legit consumer-loan
      disbursals and repayments, elderly ATM cash withdrawals (ATM pseudo-accounts = giant fan-in).
Scams (victims are ordinary persons who also keep living their normal life)
  S1  冒充公检法 impersonation_police: lead-in call, then a 15-150 min "officer" call from
      virtual / international / VoIP / spoofed local landline (spoof flag often, not always set) /
      local GoIP mobile SIMs; several large transfers to "safe accounts" during the call, some
      after it, from several of the victim's own accounts, some at the counter (no phone on the row),
      sometimes from a newly bought phone (new device); ~15 % moved to an app video call so no
      telecom call is connected while money moves; some continue next day with borrowed money.
  S2  冒充客服 fake_customer_service: refund / membership-cancel call (virtual, GoIP mobile, spoofed
      95xxx/400 numbers that are on the allow list, VoIP), often a tiny "verification" payment, a
      consumer-loan disbursal taken under instruction, then 2-5 medium transfers to new payees.
  S3  刷单返利 task_rebate: contact by chat (mostly no call), tiny first payment that is rebated BY
      THE SCAMMERS' ACCOUNT (inflow to the victim), escalating "combo tasks" over hours/days, often
      at night, to rotating payees, some of which look like shops.
  S4  虚假投资理财 fake_investment: small start in trading hours, a fake "profit withdrawal" paid to
      the victim, escalation over days to rotating (often company-named) payees, borrowing from
      family; occasional calls from "analysts" on ordinary mobiles.
  S5  虚假贷款 loan_scam: loan-officer calls then escalating odd-valued "fees" (工本费/保证金/解冻费),
      each often preceded by a short push call; mostly below 5,000 yuan.
  S6  Scam calls vastly outnumber successes: every scam number also calls many non-victims (mostly
      hung up within seconds, a few long failed conversations); numbers rotate every 1-3 days.
Mules / money laundering
  M1  Several gangs, each with layer-1 (receive from victims), layer-2, layer-3 accounts, active
      windows and rotation; layer-1 accounts receive from several unrelated victims.
  M2  Pass-through within minutes (some hold for hours), chunks just under 50k/20k/10k/5k yuan limits,
      a commission kept back; layer 3 cashes out via ATM withdrawals and personal crypto-OTC dealers
      (dealers also serve legit buyers and are NOT labelled mules).
  M3  两卡 / 跑分: bought accounts bound to out-of-town phones, rented accounts of local students that
      still carry the owner's own small spending, shell-company accounts; shared devices and IPs
      (other provinces / SE Asia), tiny test transfers before first use, "养卡" cover spending.
Watch-lists (partial, late, sometimes wrong)
  W1  A snapshot before the week: national scam-number and mule lists (mostly irrelevant to this city,
      a few of this week's numbers/accounts), the allow list (bank/courier/government lines, big
      merchants, payroll employers, the pension fund).
  W2  Victim reports add the scam numbers and payee accounts hours to days after the loss (many only
      after the week, some never); operator analytics flag some high fan-out scam numbers late.
  W3  Mistakes: a courier's virtual number, a telemarketer, a vendor's account, a mistyped personal
      account get listed; most are removed a day or two later.  Allow-listed numbers get spoofed.
"""
import argparse
import bisect
import json
import math
import os
import random
import sys
import time
from datetime import date, datetime, timedelta, timezone

SEC = 1000
MIN = 60 * SEC
HOUR = 60 * MIN
DAY = 24 * HOUR
CN_TZ = timezone(timedelta(hours=8))

CITY = "440300"          # Shenzhen admin code; local area code 0755
CITY_AREA = "0755"
OTHER_REGIONS = ["110000", "310000", "440100", "441900", "440600", "450100", "350200", "510100",
                 "420100", "330100", "360100", "430100", "530100", "210100", "410100", "500000",
                 "520100", "130100", "370100", "340100"]
MULE_REGIONS = ["450100", "350500", "441500", "530100", "520100", "360700", "430500", "451000"]

BANKS = [("ICBC", 14), ("CCB", 13), ("ABC", 10), ("BOC", 9), ("CMB", 11), ("BOCOM", 5), ("PSBC", 8),
         ("CIB", 4), ("SPDB", 3), ("CITIC", 3), ("CMBC", 3), ("PAB", 5), ("CEB", 2), ("GDB", 2),
         ("HXB", 1), ("SZRCB", 4), ("WEBANK", 2), ("MYBANK", 2)]
MULE_BANKS = [("ABC", 8), ("PSBC", 10), ("CCB", 6), ("ICBC", 6), ("BOC", 4), ("RCC-GX", 8),
              ("RCC-YN", 6), ("RCC-GZ", 5), ("WEBANK", 6), ("MYBANK", 6), ("CMBC", 3), ("CIB", 3),
              ("PAB", 3), ("HXB", 2)]
BANK_BIN = {"ICBC": "622202", "CCB": "621700", "ABC": "622848", "BOC": "621661", "CMB": "621483",
            "BOCOM": "622262", "PSBC": "621799", "CIB": "622909", "SPDB": "622521",
            "CITIC": "621771", "CMBC": "622622", "PAB": "622155", "CEB": "622666", "GDB": "622568",
            "HXB": "622632", "SZRCB": "623038", "WEBANK": "623229", "MYBANK": "623180",
            "RCC-GX": "621459", "RCC-YN": "622995", "RCC-GZ": "621779"}
SERVICE_LINES = {"ICBC": "95588", "CCB": "95533", "ABC": "95599", "BOC": "95566", "CMB": "95555",
                 "BOCOM": "95559", "PSBC": "95580", "CIB": "95561", "SPDB": "95528",
                 "CITIC": "95558", "CMBC": "95568", "PAB": "95511", "CEB": "95595", "GDB": "95508",
                 "HXB": "95577", "SZRCB": "961200", "WEBANK": "95384", "MYBANK": "95188"}
COURIER_HOTLINES = ["95311", "95338", "95546", "95554", "95543", "11183"]
GOV_LINES = ["12345", "12315", "12333", "96110"]
ECOM_400 = ["4008123123", "4006065500", "4009208208", "4008208820", "4001888816"]
MOBILE_PREFIX = ["134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "157",
                 "158", "159", "178", "182", "183", "187", "188", "130", "131", "132", "155",
                 "156", "166", "175", "176", "185", "186", "133", "149", "153", "173", "177",
                 "180", "181", "189", "191", "193", "195", "198", "199"]
VIRTUAL_PREFIX = ["170", "171", "162", "165", "167"]
INTL = [("+1", 10, "US"), ("+44", 10, "GB"), ("+61", 9, "AU"), ("+81", 10, "JP"),
        ("+65", 8, "SG"), ("+64", 9, "NZ"), ("+49", 11, "DE"), ("+1", 10, "CA"),
        ("+852", 8, "HK"), ("+60", 9, "MY")]
SCAM_INTL = [("+855", 9, "KH"), ("+95", 9, "MM"), ("+63", 10, "PH"), ("+856", 9, "LA"),
             ("+84", 9, "VN"), ("+971", 9, "AE"), ("+66", 9, "TH"), ("+852", 8, "HK")]

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
                "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
                "郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志晓东玉海燕子涵浩然梓萱一诺欣怡"
             "雨桐宇轩思远嘉豪晨曦俊佳文博婷雪琳鹏飞慧颖斌辉红梅凤春荣宏亮振宁凯婉欣蕾瑶楠昊天泽")
CO_WORDS = list("华盛恒通达信鑫源泰丰瑞祥宏远腾飞汇金利兴隆博创新科宇润凯星辰嘉禾")
CO_TRADE = ["科技", "贸易", "电子", "实业", "物流", "建材", "餐饮管理", "商贸", "网络科技", "信息咨询",
            "供应链", "投资咨询", "文化传媒", "装饰工程", "医疗器械"]

MERCHANT_TYPES = [  # label, weight, median yuan, sigma, hour profile, physical?
    ("早餐店", 10, 9.0, 0.45, "breakfast", True), ("餐厅", 14, 48.0, 0.6, "meal", True),
    ("超市", 12, 65.0, 0.8, "day", True), ("便利店", 12, 16.0, 0.6, "day", True),
    ("水果店", 6, 32.0, 0.5, "day", True), ("药房", 4, 55.0, 0.7, "day", True),
    ("加油站", 4, 290.0, 0.3, "day", True), ("服装店", 4, 210.0, 0.6, "day", True),
    ("理发店", 3, 60.0, 0.5, "day", True), ("电器行", 1, 1600.0, 0.8, "day", True),
    ("奶茶店", 6, 22.0, 0.3, "afternoon", True), ("菜市场摊位", 8, 25.0, 0.6, "breakfast", True),
]
PLATFORMS = [("浙江淘宝网络有限公司", 30, 95.0, 0.9), ("北京京东世纪贸易有限公司", 14, 180.0, 1.0),
             ("北京三快在线科技有限公司", 26, 38.0, 0.5), ("北京小桔科技有限公司", 12, 28.0, 0.6),
             ("上海寻梦信息技术有限公司", 14, 40.0, 0.8), ("深圳市燃气集团股份有限公司", 2, 120.0, 0.4),
             ("深圳供电局有限公司", 2, 210.0, 0.5), ("深圳市水务(集团)有限公司", 1, 60.0, 0.4),
             ("中国移动通信集团广东有限公司", 4, 80.0, 0.4), ("深圳市腾讯计算机系统有限公司", 6, 30.0, 0.8)]

HOUR_W = {
    "breakfast": [0.1, 0, 0, 0, 0.1, 0.6, 3, 6, 5, 2, 0.8, 0.5, 0.4, 0.3, 0.2, 0.2, 0.3, 0.5, 0.6, 0.4, 0.2, 0.1, 0.1, 0.1],
    "meal": [0.2, 0.1, 0, 0, 0, 0, 0.2, 0.4, 0.4, 0.5, 1, 4, 6, 3, 1, 0.6, 0.8, 3, 5.5, 5, 2.5, 1.2, 0.6, 0.4],
    "day": [0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 1, 2, 3, 3.5, 3.5, 3, 3, 3, 3, 3.2, 3.5, 4, 4.5, 4, 3, 1.5, 0.6],
    "afternoon": [0.3, 0.1, 0, 0, 0, 0, 0, 0.2, 0.5, 1, 1.5, 2, 3, 3.5, 4, 4, 4, 4, 4, 4, 3.5, 3, 2, 1],
    "online": [1.2, 0.7, 0.3, 0.2, 0.1, 0.1, 0.3, 0.8, 1.5, 2.2, 2.5, 2.6, 2.8, 2.5, 2.3, 2.4, 2.5, 2.6, 2.8, 3.2, 3.8, 4.2, 3.8, 2.4],
    "call": [0.2, 0.08, 0.04, 0.03, 0.03, 0.1, 0.5, 1.4, 3, 4, 4, 3.6, 2.6, 2.8, 3.8, 4, 4, 3.6, 3, 3, 2.6, 2, 1, 0.5],
    "p2p": [0.6, 0.3, 0.1, 0.05, 0.05, 0.1, 0.4, 1, 1.6, 2, 2.2, 2.4, 2.8, 2.4, 2.2, 2.2, 2.2, 2.4, 2.8, 3.4, 4, 4, 3.2, 1.6],
    "work": [0, 0, 0, 0, 0, 0, 0, 0.2, 1, 3, 4, 3.5, 1.5, 2, 3.5, 4, 3.5, 2.5, 0.8, 0.2, 0.1, 0, 0, 0],
    "night": [4, 4, 4, 3, 2, 1, 0.5, 0.3, 0.2, 0.2, 0.2, 0.3, 0.5, 0.5, 0.5, 0.6, 0.8, 1, 1.5, 2, 2.5, 3, 3.5, 4],
    "evening": [1.5, 0.8, 0.3, 0.1, 0.05, 0.05, 0.1, 0.3, 0.6, 1, 1.2, 1.5, 2, 1.6, 1.4, 1.4, 1.5, 1.8, 2.4, 3.4, 4.2, 4.6, 4, 2.6],
}

TYPOLOGIES = ["impersonation_police", "fake_customer_service", "task_rebate", "fake_investment", "loan_scam"]
TYPO_SHARE = {"task_rebate": 0.27, "fake_investment": 0.18, "loan_scam": 0.19,
              "fake_customer_service": 0.20, "impersonation_police": 0.16}
TYPO_GROUPS = {  # who falls for what
    "impersonation_police": {"elderly": 0.42, "senior": 0.2, "student": 0.14, "young": 0.12, "mid": 0.12},
    "fake_customer_service": {"young": 0.4, "mid": 0.33, "student": 0.12, "senior": 0.1, "elderly": 0.05},
    "task_rebate": {"young": 0.42, "student": 0.2, "mid": 0.32, "senior": 0.06},
    "fake_investment": {"mid": 0.5, "senior": 0.28, "young": 0.14, "elderly": 0.08},
    "loan_scam": {"young": 0.5, "student": 0.14, "mid": 0.3, "senior": 0.06},
}


class Hours:
    __slots__ = ("cum", "tot")

    def __init__(self, w):
        self.cum = []
        s = 0.0
        for x in w:
            s += x
            self.cum.append(s)
        self.tot = s

    def offset(self, r):
        """ms offset into a day following this profile."""
        h = bisect.bisect_right(self.cum, r.random() * self.tot)
        if h > 23:
            h = 23
        return h * HOUR + int(r.random() * HOUR)


HOURS = {k: Hours(v) for k, v in HOUR_W.items()}


class WT:
    """Precomputed weighted table for hot paths."""
    __slots__ = ("vals", "cum", "tot")

    def __init__(self, items):
        self.vals = [v for v, _ in items]
        self.cum = []
        s = 0.0
        for _, w in items:
            s += w
            self.cum.append(s)
        self.tot = s


def wchoice(r, items):
    """items: list of (value, weight) or a WT -- deterministic weighted choice."""
    if isinstance(items, WT):
        i = bisect.bisect_right(items.cum, r.random() * items.tot)
        return items.vals[min(i, len(items.vals) - 1)]
    tot = 0.0
    for _, w in items:
        tot += w
    x = r.random() * tot
    for v, w in items:
        x -= w
        if x < 0:
            return v
    return items[-1][0]


BANKS_T = WT(BANKS)
MULE_BANKS_T = WT(MULE_BANKS)


def poisson(r, lam):
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(r.gauss(lam, math.sqrt(lam)) + 0.5))
    L = math.exp(-lam)
    k, p = 0, 1.0
    while True:
        p *= r.random()
        if p <= L:
            return k
        k += 1


def logn(r, median, sigma):
    return median * math.exp(sigma * r.gauss(0, 1))


def yuan(x):
    """yuan (float) -> positive integer fen."""
    return max(1, int(round(x * 100)))


def roundish(r, y):
    """A person typing an amount: round for larger sums, odd cents for small."""
    if y >= 2000:
        step = r.choice([100, 100, 500, 1000])
    elif y >= 200:
        step = r.choice([10, 50, 100])
    elif y >= 20:
        step = r.choice([1, 5, 10])
    else:
        return y
    return max(step, round(y / step) * step)


LUCKY = [6.66, 8.88, 18.8, 66, 66.6, 88, 88.8, 99, 128, 168, 188, 200, 520, 666, 888, 1314, 1688]


class Person:
    __slots__ = ("i", "phone", "name", "age", "grp", "accts", "dev", "ip", "mip", "income", "savings",
                 "employer", "family", "contacts", "outside", "favs", "spend", "calls", "p2p", "night",
                 "abroad", "vendor", "has_child", "landlord", "bank", "victim", "mule_owner",
                 "trader", "broker")


class Merchant:
    __slots__ = ("acct", "name", "kind", "median", "sigma", "hours", "physical", "owner", "owner_acct",
                 "personal", "platform", "weight", "takings", "supplier")


class Mule:
    __slots__ = ("acct", "layer", "gang", "kind", "start", "end", "dev", "ip", "inflows", "owner",
                 "used", "rebate")


class Gang:
    __slots__ = ("gid", "typos", "l1", "l2", "l3", "devs", "ips", "numbers", "otc")


class ScamNumber:
    __slots__ = ("number", "kind", "region", "spoof", "start", "end", "gang", "victims", "calls")


class World:
    def __init__(self, persons, days, seed):
        self.N = persons
        self.days = days
        self.seed = seed
        base = seed * 7919 + 17
        self.r_pop = random.Random(base + 1)
        self.r_life = random.Random(base + 2)
        self.r_call = random.Random(base + 3)
        self.r_trap = random.Random(base + 4)
        self.r_scam = random.Random(base + 5)
        self.r_mule = random.Random(base + 6)
        self.r_wl = random.Random(base + 7)
        self.r_ids = random.Random(base + 8)
        self.r_jit = random.Random(base + 9)
        d0 = date(2024, 3, 4) + timedelta(days=7 * (seed % 6))
        self.d0 = d0
        self.T0 = int(datetime(d0.year, d0.month, d0.day, tzinfo=CN_TZ).timestamp() * 1000)
        self.TEND = self.T0 + days * DAY
        self.ev = []          # (arrival_ts, seq, obj)
        self.seq = 0
        self.acct_info = {}   # acct -> [bank, name, phone or None]
        self.phones = {}      # phone -> owner tag
        self.txn_ids = {}
        self.call_ids = {}
        self.scam_txns = []   # dict per scam transfer
        self.victims = []     # (person, typology)
        self.wl_n = 0
        self.legit_numbers = {}  # tag -> list of numbers that may be wrongly listed
        self.stats = {}

    # ------------------------------------------------------------------ ids
    def day_ts(self, d):
        return self.T0 + d * DAY

    def ddate(self, d):
        return self.d0 + timedelta(days=d)

    def digits(self, n, r=None):
        r = r or self.r_ids
        return "%0*d" % (n, r.randrange(10 ** n))

    def new_phone(self, kind="mobile", owner="x", area=CITY_AREA, intl=None):
        r = self.r_ids
        while True:
            if kind == "mobile":
                p = r.choice(MOBILE_PREFIX) + self.digits(8)
            elif kind == "virtual":
                p = r.choice(VIRTUAL_PREFIX) + self.digits(8)
            elif kind == "landline":
                p = area + str(r.randint(2, 8)) + self.digits(7)
            elif kind == "international":
                cc, n, _ = intl
                p = cc + str(r.randint(2, 9)) + self.digits(n - 1)
            elif kind == "voip":
                p = r.choice(["00", "+", "0086", "+8600"]) + self.digits(r.randint(9, 12))
            else:
                p = self.digits(r.randint(6, 8))
            if p not in self.phones:
                self.phones[p] = owner
                return p

    def new_acct(self, bank, name, phone, corporate=False):
        r = self.r_ids
        while True:
            if corporate:
                a = "%d%s" % (r.randint(1, 9), self.digits(r.choice([12, 14, 16])))
            else:
                a = BANK_BIN.get(bank, "621000") + self.digits(13)
            if a not in self.acct_info:
                self.acct_info[a] = [bank, name, phone]
                return a

    def person_name(self, r):
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice([1, 2, 2, 2])))

    def company_name(self, r, trade=None):
        city = r.choice(["深圳市", "深圳市", "深圳前海", "广州市", "东莞市", "南宁市", "海南", "昆明市"])
        return city + "".join(r.choice(CO_WORDS) for _ in range(2)) + (trade or r.choice(CO_TRADE)) + "有限公司"

    def new_dev(self, r):
        return "dv-" + "%012x" % r.getrandbits(48)

    def city_ip(self, r):
        return r.choice(["113.", "119.", "183.", "14.", "116.", "120."]) + "%d.%d.%d" % (
            r.randrange(256), r.randrange(256), r.randrange(1, 255))

    def far_ip(self, r):
        return r.choice(["171.", "58.", "123.", "103.", "43.", "202.", "36.", "110."]) + "%d.%d.%d" % (
            r.randrange(256), r.randrange(256), r.randrange(1, 255))

    # ------------------------------------------------------------------ emit
    def push(self, ts, obj, late=0):
        self.seq += 1
        self.ev.append((ts + late, self.seq, obj))

    def txn(self, ts, payer, payee, amount, channel, dev=None, ip=None, phone=True, name=True, r=None):
        """Emit a transaction initiated at ts; returns txn_id."""
        amount = int(amount)
        if amount <= 0:
            amount = 1
        r = r or self.r_ids
        pb, pn, pp = self.acct_info[payer]
        qb, qn, _ = self.acct_info[payee]
        dt = datetime.fromtimestamp(ts / 1000, CN_TZ)
        while True:
            tid = "%s%s%010d" % (pb.replace("-", ""), dt.strftime("%y%m%d"), self.r_ids.randrange(10 ** 10))
            if tid not in self.txn_ids:
                self.txn_ids[tid] = 1
                break
        o = {"type": "transaction", "event_id": "tx-" + tid, "ts_ms": ts, "txn_id": tid,
             "payer_account": payer, "payer_bank": pb}
        if phone is True and pp:
            o["payer_phone"] = pp
        elif isinstance(phone, str):
            o["payer_phone"] = phone
        o["payee_account"] = payee
        o["payee_bank"] = qb
        if name is True and qn:
            o["payee_name"] = qn
        elif isinstance(name, str):
            o["payee_name"] = name
        o["amount_fen"] = amount
        if self.r_jit.random() < 0.25:
            o["currency"] = "CNY"
        o["channel"] = channel
        if dev and channel not in ("pos", "atm", "counter"):
            o["device_id"] = dev
        if ip and channel not in ("pos", "atm", "counter"):
            o["ip"] = ip
        late = self.r_jit.randint(200, 2500) if self.r_jit.random() < 0.06 else 0
        self.push(ts, o, late)
        return tid

    def call(self, ts, caller, callee, kind, dur, caller_region=None, callee_region=CITY, spoof=None):
        r = self.r_ids
        while True:
            cid = "%s-%012x" % ("c", r.getrandbits(48))
            if cid not in self.call_ids:
                self.call_ids[cid] = 1
                break
        dur = max(0, int(dur))
        s = {"type": "call", "event_id": cid + "-s", "ts_ms": ts, "phase": "start", "call_id": cid,
             "caller": caller, "callee": callee, "caller_kind": kind}
        if caller_region:
            s["caller_region"] = caller_region
        if callee_region:
            s["callee_region"] = callee_region
        if spoof is not None:
            s["spoof_suspected"] = spoof
        e = dict(s)
        e["event_id"] = cid + "-e"
        e["phase"] = "end"
        e["ts_ms"] = ts + dur * SEC + self.r_jit.randint(50, 900)
        e["duration_s"] = dur
        self.push(ts, s)
        self.push(e["ts_ms"], e)
        return cid

    def spoof_flag(self, r, real_spoof=False, rate=0.7):
        if real_spoof:
            return r.random() < rate
        x = r.random()
        if x < 0.0025:
            return True          # operator verification false alarm
        if x < 0.2:
            return None          # field not provided by this operator
        return False

    def watch(self, ts, op, entity, value, lst, reason=None):
        if ts >= self.TEND:
            return
        self.wl_n += 1
        o = {"type": "watchlist", "event_id": "wl-%d-%06d" % (self.seed, self.wl_n), "ts_ms": ts,
             "op": op, "entity": entity, "value": value, "list": lst}
        if reason:
            o["reason"] = reason
        self.push(ts, o)

    # ------------------------------------------------------------------ population
    def build(self):
        r = self.r_pop
        N = self.N
        people = []
        for i in range(N):
            p = Person()
            p.i = i
            p.grp = wchoice(r, [("student", 8), ("young", 25), ("mid", 35), ("senior", 14), ("elderly", 18)])
            p.age = {"student": r.randint(18, 23), "young": r.randint(24, 34), "mid": r.randint(35, 54),
                     "senior": r.randint(55, 64), "elderly": r.randint(65, 88)}[p.grp]
            p.name = self.person_name(r)
            p.phone = self.new_phone("mobile", "p%d" % i)
            nacc = wchoice(r, [(1, 45), (2, 40), (3, 15)]) if p.grp != "student" else wchoice(r, [(1, 70), (2, 30)])
            banks = []
            while len(banks) < nacc:
                b = wchoice(r, BANKS_T)
                if b not in banks:
                    banks.append(b)
            p.accts = [self.new_acct(b, p.name, p.phone) for b in banks]
            p.bank = banks[0]
            p.dev = self.new_dev(r)
            p.ip = self.city_ip(r)
            p.mip = self.city_ip(r)
            inc_med = {"student": 0, "young": 8000, "mid": 11000, "senior": 8000, "elderly": 0}[p.grp]
            p.income = yuan(min(logn(r, inc_med, 0.5), 120000)) if inc_med else 0
            sav_med = {"student": 4000, "young": 35000, "mid": 90000, "senior": 160000, "elderly": 140000}[p.grp]
            p.savings = yuan(min(logn(r, sav_med, 0.9), 3_000_000))
            p.employer = None
            p.family, p.contacts, p.outside, p.favs = [], [], [], []
            act = logn(r, 1.0, 0.45)
            p.spend = {"student": 1.6, "young": 1.7, "mid": 1.5, "senior": 1.1, "elderly": 0.7}[p.grp] * act
            p.calls = {"student": 1.2, "young": 1.7, "mid": 1.9, "senior": 1.4, "elderly": 1.0}[p.grp] * logn(r, 1.0, 0.4)
            p.p2p = {"student": 0.35, "young": 0.4, "mid": 0.35, "senior": 0.25, "elderly": 0.15}[p.grp] * act
            p.night = p.grp in ("young", "mid") and r.random() < 0.05
            p.abroad = None
            p.vendor = None
            p.has_child = p.grp in ("young", "mid") and r.random() < (0.45 if p.grp == "mid" else 0.2)
            p.landlord = None
            p.victim = None
            p.mule_owner = False
            p.trader = p.grp in ("mid", "senior", "young") and r.random() < 0.04
            p.broker = None
            people.append(p)
        self.people = people
        self.by_grp = {}
        for p in people:
            self.by_grp.setdefault(p.grp, []).append(p)
        # households: sequential grouping -> family links
        i = 0
        while i < N:
            size = wchoice(r, [(1, 25), (2, 35), (3, 25), (4, 15)])
            hh = people[i:i + size]
            for a in hh:
                for b in hh:
                    if a is not b:
                        a.family.append(b.i)
            i += size
        # elderly parents with children in other households
        olds = self.by_grp.get("elderly", []) + self.by_grp.get("senior", [])
        adults = self.by_grp.get("mid", []) + self.by_grp.get("young", [])
        for o in olds:
            for _ in range(r.randint(0, 2)):
                c = r.choice(adults)
                if c.i not in o.family:
                    o.family.append(c.i)
                    c.family.append(o.i)
        for s in self.by_grp.get("student", []):
            par = r.choice(self.by_grp.get("mid", adults))
            if par.i not in s.family:
                s.family.append(par.i)
                par.family.append(s.i)
        # employers
        E = max(10, N // 110)
        self.employers = []
        for e in range(E):
            bank = wchoice(r, BANKS[:8])
            nm = self.company_name(r)
            acct = self.new_acct(bank, nm, None, corporate=True)
            payday = r.choice([5, 8, 10, 10, 15, 15, 20, 25, 28, 30])
            self.employers.append({"acct": acct, "name": nm, "payday": payday, "staff": [],
                                   "size": int(logn(r, 30, 1.0)) + 3})
        weights = [(e, em["size"]) for e, em in enumerate(self.employers)]
        for p in people:
            if p.grp in ("young", "mid") and r.random() < 0.85 or p.grp == "senior" and r.random() < 0.4:
                e = wchoice(r, weights)
                p.employer = e
                self.employers[e]["staff"].append(p.i)
        # colleagues, friends, outside contacts
        for p in people:
            if p.employer is not None:
                st = self.employers[p.employer]["staff"]
                for _ in range(min(len(st) - 1, r.randint(2, 8))):
                    q = r.choice(st)
                    if q != p.i and q not in p.contacts:
                        p.contacts.append(q)
            for _ in range(r.randint(3, 14)):
                q = r.randrange(N)
                if q != p.i and q not in p.contacts:
                    p.contacts.append(q)
            for _ in range(r.randint(1, 5)):
                local = r.random() < 0.4
                reg = CITY if local else r.choice(OTHER_REGIONS)
                nm = self.person_name(r)
                ph = self.new_phone("mobile", "out")
                b = wchoice(r, BANKS_T)
                p.outside.append((ph, reg, self.new_acct(b, nm, ph)))
        for p in people:  # make friendship mostly symmetric
            for q in list(p.contacts[:4]):
                qq = people[q]
                if p.i not in qq.contacts:
                    qq.contacts.append(p.i)
        # family abroad
        for p in people:
            if p.grp in ("mid", "senior", "elderly") and r.random() < 0.035:
                cc = r.choice(INTL)
                nm = r.choice([p.name[0], r.choice(SURNAMES)]) + "".join(r.choice(GIVEN) for _ in range(2))
                ph = self.new_phone("international", "abroad", intl=cc)
                acct = self.new_acct(wchoice(r, BANKS_T), nm, None)
                p.abroad = {"phone": ph, "cc": cc[2], "acct": acct, "name": nm}
        # merchants
        self.merchants = []
        M = max(60, N // 22)
        for m in range(M):
            lab, w, med, sig, hrs, phys = wchoice(r, [(t, t[1]) for t in MERCHANT_TYPES])
            mm = Merchant()
            mm.kind = lab
            mm.median, mm.sigma, mm.hours, mm.physical = med, sig, hrs, phys
            mm.platform = False
            mm.personal = False
            mm.owner = None
            if r.random() < 0.25:
                # owner lives in the city population
                o = r.choice(adults)
                mm.owner = o.i
                mm.owner_acct = o.accts[0]
            else:
                nm = self.person_name(r)
                mm.owner_acct = self.new_acct(wchoice(r, BANKS_T), nm, self.new_phone("mobile", "owner"))
            mm.name = "深圳市" + "".join(r.choice(CO_WORDS) for _ in range(2)) + lab
            mm.acct = self.new_acct(wchoice(r, BANKS_T), mm.name, None, corporate=True)
            mm.weight = logn(r, 1.0, 0.7)
            mm.takings = {}
            mm.supplier = None
            self.merchants.append(mm)
        # street vendors with personal QR codes (fan-in into a personal account)
        for p in people:
            if p.grp in ("mid", "senior", "young") and r.random() < 0.012:
                lab, w, med, sig, hrs, phys = wchoice(r, [(t, t[1]) for t in MERCHANT_TYPES[:5] + MERCHANT_TYPES[10:]])
                mm = Merchant()
                mm.kind = lab
                mm.median, mm.sigma, mm.hours, mm.physical = med, sig, hrs, True
                mm.platform, mm.personal = False, True
                mm.owner = p.i
                mm.owner_acct = p.accts[0]
                mm.name = p.name
                mm.acct = p.accts[0]
                mm.weight = logn(r, 1.6, 0.5)
                mm.takings = {}
                sn = self.company_name(r, r.choice(["农产品", "食品", "贸易"]))
                mm.supplier = self.new_acct(wchoice(r, BANKS_T), sn, None, corporate=True)
                p.vendor = mm
                self.merchants.append(mm)
        for nm, w, med, sig in PLATFORMS:
            mm = Merchant()
            mm.kind, mm.name, mm.median, mm.sigma, mm.hours = "platform", nm, med, sig, "online"
            mm.physical, mm.platform, mm.personal = False, True, False
            mm.owner, mm.owner_acct, mm.supplier = None, None, None
            mm.acct = self.new_acct(wchoice(r, BANKS[:6]), nm, None, corporate=True)
            mm.weight = w
            mm.takings = {}
            self.merchants.append(mm)
        self.platforms = [m for m in self.merchants if m.platform]
        self.shops = [m for m in self.merchants if not m.platform]
        self.shop_w = WT([(m, m.weight) for m in self.shops])
        self.plat_w = WT([(m, m.weight) for m in self.platforms])
        for p in people:
            k = r.randint(4, 9)
            favs = []
            for _ in range(k):
                m = wchoice(r, self.shop_w)
                if m not in favs and m.owner != p.i:
                    favs.append(m)
            p.favs = favs
        # landlords with tenants
        self.rent = []
        landl = [p for p in people if p.grp in ("mid", "senior", "elderly") and r.random() < 0.03]
        for p in people:
            if p.grp in ("young", "student", "mid") and r.random() < 0.3:
                if landl and r.random() < 0.55:
                    ll = r.choice(landl)
                    lacct = ll.accts[-1]
                else:
                    lacct = self.new_acct(wchoice(r, BANKS_T), self.person_name(r), self.new_phone("mobile", "out"))
                self.rent.append((p.i, lacct, yuan(roundish(r, logn(r, 3200, 0.35))), r.randint(1, 28)))
        # brokers for stock traders
        for p in people:
            if p.trader:
                bn = r.choice(["中信证券", "华泰证券", "国泰君安", "招商证券", "平安证券", "东方财富证券"])
                p.broker = self.new_acct(p.bank, bn + "客户资金(" + p.name + ")", None, corporate=True)
        # utility/service accounts
        self.pension = self.new_acct("ICBC", "深圳市社会保险基金管理局", None, corporate=True)
        self.lenders = [self.new_acct(b, n, None, corporate=True) for b, n in
                        [("CMB", "招联消费金融有限公司"), ("BOC", "中银消费金融有限公司"),
                         ("PAB", "平安普惠融资担保有限公司"), ("MYBANK", "重庆蚂蚁消费金融有限公司"),
                         ("CCB", "马上消费金融股份有限公司"), ("WEBANK", "深圳前海微众银行微粒贷")]]
        self.otc = []
        for _ in range(max(4, N // 900)):
            nm = self.person_name(r)
            self.otc.append(self.new_acct(wchoice(r, BANKS_T), nm, self.new_phone("mobile", "otc")))
        self.atms = {}
        for b, _ in BANKS + MULE_BANKS:
            if b not in self.atms:
                self.atms[b] = [self.new_acct(b, "ATM取现", None, corporate=True) for _ in range(2)]
        # call-side populations
        C = max(20, N // 90)
        self.couriers = []
        for _ in range(C):
            k = wchoice(r, [("virtual", 55), ("mobile", 45)])
            self.couriers.append((self.new_phone(k, "courier"), k))
        self.telemkt = []
        for _ in range(max(15, N // 180)):
            k = wchoice(r, [("mobile", 35), ("landline", 30), ("virtual", 15), ("voip", 12), ("unknown", 8)])
            reg = r.choice([CITY] + OTHER_REGIONS) if k in ("mobile", "landline", "virtual") else None
            self.telemkt.append((self.new_phone(k, "telemkt", area=r.choice(["0755", "020", "0769", "021", "010"])), k, reg))
        self.services = [(v, "landline") for v in SERVICE_LINES.values()] + [(v, "landline") for v in ECOM_400] + \
                        [(v, "landline") for v in COURIER_HOTLINES] + [(v, "landline") for v in GOV_LINES]
        self.hospital = [self.new_phone("landline", "hosp") for _ in range(6)]
        self.wealth_mgr = {}
        for b, _ in BANKS:
            self.wealth_mgr[b] = [self.new_phone("mobile", "wm") for _ in range(3)]
        self.legit_numbers["courier"] = [c[0] for c in self.couriers if c[1] == "virtual"]
        self.legit_numbers["telemkt"] = [t[0] for t in self.telemkt]

    # ------------------------------------------------------------------ daily life
    def life(self):
        r = self.r_life
        people = self.people
        for d in range(self.days):
            day0 = self.day_ts(d)
            dow = self.ddate(d).weekday()
            wkend = dow >= 5
            for p in people:
                hp = "night" if p.night else None
                # ---- merchant spending
                n = poisson(r, p.spend * (1.15 if wkend else 1.0))
                for _ in range(n):
                    x = r.random()
                    if x < 0.62 and p.favs:
                        m = r.choice(p.favs)
                    elif x < 0.72:
                        m = wchoice(r, self.shop_w)
                    else:
                        m = wchoice(r, self.plat_w)
                    if m.owner == p.i:
                        continue
                    amt = yuan(min(logn(r, m.median, m.sigma), m.median * 30))
                    ts = day0 + HOURS[hp or m.hours].offset(r)
                    if m.platform:
                        ch = "third_party" if r.random() < 0.85 else "mobile_app"
                    elif m.personal:
                        ch = "third_party"
                    else:
                        ch = wchoice(r, [("third_party", 68), ("pos", 24), ("mobile_app", 8)])
                    acct = p.accts[0] if r.random() < 0.85 else r.choice(p.accts)
                    self.txn(ts, acct, m.acct, amt, ch, p.dev, p.mip if r.random() < 0.6 else p.ip)
                    key = d if (ts - day0) < 21 * HOUR else d + 1
                    m.takings[key] = m.takings.get(key, 0) + amt
                # ---- p2p
                n = poisson(r, p.p2p * (1.3 if wkend else 1.0))
                for _ in range(n):
                    self.p2p(r, p, day0 + HOURS[hp or "p2p"].offset(r))
                # ---- bills / top ups / credit card
                if r.random() < 0.06:
                    m = r.choice(self.platforms[5:9])
                    ts = day0 + HOURS["day"].offset(r)
                    self.txn(ts, p.accts[0], m.acct, yuan(roundish(r, logn(r, m.median, m.sigma))), "mobile_app", p.dev, p.mip)
                # ---- elderly ATM cash / counter
                if p.grp in ("elderly", "senior") and r.random() < 0.05:
                    ts = day0 + HOURS["day"].offset(r)
                    b = self.acct_info[p.accts[0]][0]
                    atm = r.choice(self.atms[b])
                    self.txn(ts, p.accts[0], atm, yuan(r.choice([500, 1000, 1000, 2000, 3000])), "atm",
                             phone=(r.random() < 0.85), name=True)
                # ---- stock trader
                if p.trader and not wkend and r.random() < 0.3:
                    ts = day0 + int((9.3 + r.random() * 5.5) * HOUR)
                    self.txn(ts, p.accts[0], p.broker, yuan(roundish(r, logn(r, 30000, 0.9))), "online_banking", p.dev, p.ip)
                # ---- consumer-loan repayment
                if r.random() < 0.012:
                    ts = day0 + HOURS["day"].offset(r)
                    self.txn(ts, p.accts[0], r.choice(self.lenders), yuan(logn(r, 1200, 0.6)), "mobile_app", p.dev, p.mip)
            # ---- rent
            dom = self.ddate(d).day
            for (ti, lacct, amt, rday) in self.rent:
                if rday == dom:
                    p = people[ti]
                    ts = day0 + HOURS["p2p"].offset(r)
                    self.txn(ts, p.accts[0], lacct, amt, r.choice(["mobile_app", "third_party"]), p.dev, p.ip)
            # ---- payroll bursts
            for em in self.employers:
                if em["payday"] == dom or (em["payday"] >= 28 and dom == 28 and self.ddate(d).month == 2):
                    t = day0 + int((9 + r.random() * 7) * HOUR)
                    for si in em["staff"]:
                        p = people[si]
                        t += r.randint(300, 20000)
                        amt = int(p.income * (0.9 + 0.2 * r.random())) or yuan(3000)
                        self.txn(t, em["acct"], p.accts[0], amt, "online_banking", "corp-" + em["acct"][-6:],
                                 "218.17.%d.%d" % (len(em["staff"]) % 250, 10), name=True)
            # ---- pensions (one burst per month, on the 10th-ish)
            if dom == 10 + (self.seed % 3):
                t = day0 + int(8.5 * HOUR)
                for p in self.by_grp.get("elderly", []):
                    t += r.randint(100, 4000)
                    self.txn(t, self.pension, p.accts[0], yuan(logn(r, 3600, 0.35)), "online_banking",
                             "corp-sifund", "218.17.1.2")
        # ---- merchant sweeps and vendor restocking (pass-through of fan-in)
        for m in self.merchants:
            if m.platform:
                continue
            for d in range(self.days + 1):
                tk = m.takings.get(d, 0)
                if tk <= 0:
                    continue
                day0 = self.day_ts(d)
                if m.personal:
                    p = people[m.owner]
                    # early-morning wholesale purchase with yesterday's takings, and a midday top-up
                    if d >= 1 and r.random() < 0.8:
                        ts = day0 + int((4.5 + r.random() * 2.5) * HOUR)
                        self.txn(ts, m.acct, m.supplier, int(tk * (0.5 + 0.3 * r.random())), "mobile_app", p.dev, p.mip)
                    if r.random() < 0.35:
                        ts = day0 + int((11 + r.random() * 4) * HOUR)
                        self.txn(ts, m.acct, m.supplier, int(tk * (0.2 + 0.2 * r.random())), "third_party", p.dev, p.mip)
                elif r.random() < 0.7:
                    ts = day0 + int((21.5 + r.random() * 2.2) * HOUR) if r.random() < 0.6 else day0 + DAY + int((8 + r.random() * 3) * HOUR)
                    if ts < self.TEND:
                        self.txn(ts, m.acct, m.owner_acct, int(tk * (0.85 + 0.1 * r.random())), "online_banking",
                                 "corp-" + m.acct[-6:], self.city_ip(r), phone=False)

    def p2p(self, r, p, ts):
        x = r.random()
        people = self.people
        acct = p.accts[0] if r.random() < 0.9 else r.choice(p.accts)
        if x < 0.42 and p.family:
            q = people[r.choice(p.family)]
            if p.grp == "mid" and q.grp in ("student",) or r.random() < 0.3:
                amt = roundish(r, logn(r, 800, 0.8))
            else:
                amt = r.choice(LUCKY) if r.random() < 0.4 else roundish(r, logn(r, 300, 1.0))
            payee = q.accts[0]
        elif x < 0.78 and p.contacts:
            q = people[r.choice(p.contacts)]
            amt = r.choice(LUCKY[:9]) if r.random() < 0.3 else logn(r, 80, 0.9)
            if r.random() < 0.2:
                amt = roundish(r, logn(r, 1500, 0.8))   # repaying a loan / shared trip
            payee = q.accts[0]
        elif x < 0.9 and p.outside:
            ph, reg, oa = r.choice(p.outside)
            amt = roundish(r, logn(r, 500, 1.0))
            payee = oa
        else:
            # first-time payee: second-hand goods, a plumber, a deposit, a stranger's QR
            if r.random() < 0.5:
                q = people[r.randrange(self.N)]
                payee = q.accts[0]
                if q is p:
                    return
            else:
                nm = self.person_name(r)
                payee = self.new_acct(wchoice(r, BANKS_T), nm, None)
            amt = roundish(r, logn(r, 350, 1.1))
        amt = min(amt, 200000)
        ch = wchoice(r, [("third_party", 55), ("mobile_app", 38), ("online_banking", 7)])
        self.txn(ts, acct, payee, yuan(amt), ch, p.dev, p.mip if r.random() < 0.6 else p.ip)

    # ------------------------------------------------------------------ calls
    def calls(self):
        r = self.r_call
        people = self.people
        cat = [("contact", 44), ("family", 12), ("outside", 12), ("courier", 13), ("telemkt", 8),
               ("service", 6), ("intl_spam", 1.2), ("voip_work", 1.0), ("outgoing", 7), ("hospital", 0.6)]
        cat_elder = [("contact", 30), ("family", 30), ("outside", 10), ("courier", 5), ("telemkt", 12),
                     ("service", 6), ("intl_spam", 1.5), ("outgoing", 5), ("hospital", 2)]
        for d in range(self.days):
            day0 = self.day_ts(d)
            wkend = self.ddate(d).weekday() >= 5
            for p in people:
                n = poisson(r, p.calls * (0.85 if wkend else 1.0))
                cats = cat_elder if p.grp == "elderly" else cat
                for _ in range(n):
                    c = wchoice(r, cats)
                    ts = day0 + HOURS["night" if p.night and r.random() < 0.5 else "call"].offset(r)
                    if c == "contact" and p.contacts:
                        q = people[r.choice(p.contacts)]
                        dur = logn(r, 75, 1.0)
                        self.call(ts, q.phone, p.phone, "mobile", dur, CITY, CITY, self.spoof_flag(r))
                    elif c == "family" and p.family:
                        q = people[r.choice(p.family)]
                        dur = logn(r, 150, 1.1)
                        if p.grp == "elderly" and r.random() < 0.15:
                            dur = logn(r, 1500, 0.5)   # long chats with a child
                        self.call(ts, q.phone, p.phone, "mobile", dur, CITY, CITY, self.spoof_flag(r))
                    elif c in ("outside", "contact", "family") and p.outside:
                        ph, reg, _ = r.choice(p.outside)
                        self.call(ts, ph, p.phone, "mobile", logn(r, 90, 1.1), reg, CITY, self.spoof_flag(r))
                    elif c == "courier":
                        num, k = r.choice(self.couriers)
                        ts = day0 + int((8.5 + r.random() * 12) * HOUR)
                        self.call(ts, num, p.phone, k, r.randint(8, 95), CITY, CITY, self.spoof_flag(r))
                    elif c == "telemkt":
                        num, k, reg = r.choice(self.telemkt)
                        ts = day0 + int((9 + r.random() * 10) * HOUR)
                        dur = r.randint(0, 40) if r.random() < 0.85 else r.randint(40, 420)
                        self.call(ts, num, p.phone, k, dur, reg, CITY, self.spoof_flag(r))
                    elif c == "service":
                        if r.random() < 0.65:
                            num = SERVICE_LINES[self.acct_info[r.choice(p.accts)][0]]
                        else:
                            num = r.choice(ECOM_400 + COURIER_HOTLINES + GOV_LINES)
                        ts = day0 + int((9 + r.random() * 9) * HOUR)
                        self.call(ts, num, p.phone, "landline", logn(r, 150, 0.7), None, CITY, self.spoof_flag(r))
                    elif c == "intl_spam":
                        cc = r.choice(SCAM_INTL + INTL)
                        num = self.new_phone("international", "spam", intl=cc)
                        self.call(ts, num, p.phone, "international", r.randint(0, 12), cc[2], CITY, self.spoof_flag(r))
                    elif c == "voip_work" and p.employer is not None:
                        num = self.new_phone("voip", "work") if r.random() < 0.6 else "0755" + p.phone[-8:]
                        ts = day0 + HOURS["work"].offset(r)
                        self.call(ts, num, p.phone, "voip", logn(r, 900, 0.8), None, CITY, None)
                    elif c == "hospital":
                        ts = day0 + int((8 + r.random() * 9) * HOUR)
                        self.call(ts, r.choice(self.hospital), p.phone, "landline", logn(r, 120, 0.6), CITY, CITY, self.spoof_flag(r))
                    else:
                        # outgoing: the person calls a number outside the population
                        if p.outside and r.random() < 0.6:
                            ph, reg, _ = r.choice(p.outside)
                            self.call(ts, p.phone, ph, "mobile", logn(r, 100, 1.0), CITY, reg, self.spoof_flag(r))
                        else:
                            num = SERVICE_LINES[self.acct_info[p.accts[0]][0]] if r.random() < 0.5 else r.choice(ECOM_400)
                            self.call(ts, p.phone, num, "mobile", logn(r, 260, 0.7), CITY, None, self.spoof_flag(r))

    # ------------------------------------------------------------------ legit traps
    def traps(self):
        r = self.r_trap
        people = self.people
        sc = self.days / 7.0
        # family abroad: long intl calls, then transfer to family
        for p in people:
            if not p.abroad:
                continue
            ab = p.abroad
            for _ in range(poisson(r, 1.3 * sc)):
                d = r.randrange(self.days)
                ts = self.day_ts(d) + HOURS["evening"].offset(r)
                dur = int(min(max(logn(r, 2400, 0.5), 600), 6000))
                self.call(ts, ab["phone"], p.phone, "international", dur, ab["cc"], CITY, self.spoof_flag(r))
                if r.random() < 0.38:
                    if r.random() < 0.3:
                        t2 = ts + int(dur * SEC * (0.3 + 0.6 * r.random()))   # while still on the line
                    else:
                        t2 = ts + dur * SEC + r.randint(2 * MIN, 4 * HOUR)
                    if r.random() < 0.35:
                        # the child's new account / a tuition payee: a brand-new payee
                        nm = ab["name"] if r.random() < 0.6 else r.choice(["留学服务", "教育咨询", "国际学校"]) + "有限公司"
                        payee = self.new_acct(wchoice(r, BANKS_T), nm, None, corporate="有限" in nm)
                    else:
                        payee = ab["acct"]
                    amt = yuan(roundish(r, logn(r, 30000, 0.7)))
                    ch = wchoice(r, [("mobile_app", 55), ("online_banking", 35), ("counter", 10)])
                    self.txn(t2, r.choice(p.accts), payee, amt, ch, p.dev, p.ip)
        nweek = self.N * sc
        # bank service-line call, then a large purchase to a brand-new payee
        for _ in range(poisson(r, nweek * 0.011)):
            p = people[r.randrange(self.N)]
            if p.grp == "student":
                continue
            d = r.randrange(self.days)
            ts = self.day_ts(d) + int((9 + r.random() * 8) * HOUR)
            bank = self.acct_info[p.accts[0]][0]
            dur = int(logn(r, 420, 0.6))
            self.call(ts, SERVICE_LINES[bank], p.phone, "landline", dur, None, CITY, self.spoof_flag(r))
            kind = wchoice(r, [("car", 30), ("wealth", 30), ("insurance", 15), ("house", 10), ("renov", 15)])
            if kind == "wealth":
                payee = self.new_acct(bank, bank + "理财产品募集户", None, corporate=True)
                amt = roundish(r, logn(r, 100000, 0.7))
            elif kind == "car":
                payee = self.new_acct(wchoice(r, BANKS_T), self.company_name(r, "汽车销售服务"), None, corporate=True)
                amt = roundish(r, logn(r, 60000, 0.6))
            elif kind == "insurance":
                payee = self.new_acct(wchoice(r, BANKS_T), r.choice(["中国平安人寿保险", "中国人寿保险", "太平洋人寿保险"]) + "股份有限公司深圳分公司", None, corporate=True)
                amt = roundish(r, logn(r, 20000, 0.6))
            elif kind == "house":
                payee = self.new_acct(wchoice(r, BANKS_T), self.company_name(r, "房地产开发"), None, corporate=True)
                amt = roundish(r, logn(r, 200000, 0.5))
            else:
                payee = self.new_acct(wchoice(r, BANKS_T), self.company_name(r, "装饰工程"), None, corporate=True)
                amt = roundish(r, logn(r, 40000, 0.6))
            t2 = ts + dur * SEC + r.randint(3 * MIN, 6 * HOUR)
            ch = wchoice(r, [("mobile_app", 45), ("online_banking", 35), ("counter", 20)])
            n = 1 if amt <= 50000 or ch == "counter" else min(4, int(amt // 50000) + 1)
            for k in range(n):
                self.txn(t2 + k * r.randint(60, 400) * SEC, p.accts[0], payee, yuan(amt / n), ch, p.dev, p.ip)
        # wealth manager on a personal mobile -> large own-account moves between banks
        for _ in range(poisson(r, nweek * 0.005)):
            p = people[r.randrange(self.N)]
            if p.grp in ("student",):
                continue
            d = r.randrange(self.days)
            ts = self.day_ts(d) + int((9.5 + r.random() * 7) * HOUR)
            bank = self.acct_info[p.accts[0]][0]
            self.call(ts, r.choice(self.wealth_mgr[bank]), p.phone, "mobile", int(logn(r, 500, 0.5)), CITY, CITY, self.spoof_flag(r))
            if len(p.accts) < 2 or r.random() < 0.3:
                b2 = wchoice(r, BANKS_T)
                na = self.new_acct(b2, p.name, p.phone)
                p.accts.append(na)
            src, dst = p.accts[-1], p.accts[0]
            if r.random() < 0.5:
                src, dst = dst, src
            amt = roundish(r, logn(r, 150000, 0.7))
            t2 = ts + r.randint(10 * MIN, 5 * HOUR)
            for k in range(1 if amt <= 50000 else min(5, int(amt // 50000) + 1)):
                self.txn(t2 + k * r.randint(40, 300) * SEC, src, dst, yuan(min(amt, 50000)), "mobile_app", p.dev, p.ip)
        # large first-time payees without any call (renovation, used car, medical, deposit)
        for _ in range(poisson(r, nweek * 0.012)):
            p = people[r.randrange(self.N)]
            d = r.randrange(self.days)
            ts = self.day_ts(d) + HOURS["day"].offset(r)
            nm = self.person_name(r) if r.random() < 0.6 else self.company_name(r)
            payee = self.new_acct(wchoice(r, BANKS_T), nm, None, corporate="有限" in nm)
            amt = roundish(r, logn(r, 12000, 1.0))
            self.txn(ts, r.choice(p.accts), payee, yuan(min(amt, 300000)), wchoice(r, [("mobile_app", 60), ("online_banking", 30), ("third_party", 10)]), p.dev, p.ip)
        # hospital calls about an admission, then a deposit to the hospital's account (new payee)
        for _ in range(poisson(r, nweek * 0.002)):
            p = people[r.randrange(self.N)]
            ts = self.day_ts(r.randrange(self.days)) + int((8 + r.random() * 9) * HOUR)
            dur = r.randint(60, 600)
            self.call(ts, r.choice(self.hospital), p.phone, "landline", dur, CITY, CITY, self.spoof_flag(r))
            hosp = self.new_acct(wchoice(r, BANKS_T), r.choice(["北京大学深圳医院", "深圳市人民医院", "南方医科大学深圳医院", "香港大学深圳医院"]), None, corporate=True)
            self.txn(ts + dur * SEC + r.randint(20, 300) * MIN, p.accts[0], hosp, yuan(roundish(r, logn(r, 15000, 0.6))),
                     wchoice(r, [("mobile_app", 50), ("pos", 30), ("counter", 20)]), p.dev, p.ip)
        # group-buy leaders and class-fee collectors: fan-in of new payers, forwarded within hours
        leaders = [p for p in people if p.grp in ("mid", "senior", "young") and r.random() < 0.004]
        for ld in leaders:
            supplier = self.new_acct(wchoice(r, BANKS_T), self.company_name(r, "农产品"), None, corporate=True)
            neigh = [r.randrange(self.N) for _ in range(r.randint(25, 70))]
            for d in range(self.days):
                if r.random() < 0.5:
                    continue
                day0 = self.day_ts(d)
                t = day0 + int((19 + r.random() * 2) * HOUR)
                tot = 0
                for _ in range(r.randint(8, 35)):
                    q = people[r.choice(neigh)]
                    if q is ld:
                        continue
                    a = yuan(logn(r, 60, 0.7))
                    tot += a
                    t += r.randint(20, 600) * SEC
                    self.txn(t, q.accts[0], ld.accts[0], a, "third_party", q.dev, q.mip)
                self.txn(t + r.randint(20, 150) * MIN, ld.accts[0], supplier, int(tot * 0.92), "mobile_app", ld.dev, ld.ip)
        parents = [p for p in people if p.has_child]
        for _ in range(max(1, int(self.N / 2500 * sc + r.random()))):
            col = r.choice(parents)
            school = self.new_acct(wchoice(r, BANKS[:5]), r.choice(["深圳市南山区", "深圳市福田区", "深圳市宝安区"]) + r.choice(["实验", "第二", "育才", "外国语"]) + "学校", None, corporate=True)
            d = r.randrange(self.days)
            t = self.day_ts(d) + int((18 + r.random() * 2) * HOUR)
            fee = r.choice([300, 580, 800, 1200, 1860, 2400])
            tot = 0
            for _ in range(r.randint(20, 45)):
                q = r.choice(parents)
                if q is col:
                    continue
                t += r.randint(10, 900) * SEC
                tot += yuan(fee)
                self.txn(t, q.accts[0], col.accts[0], yuan(fee), r.choice(["third_party", "mobile_app"]), q.dev, q.mip)
            self.txn(t + r.randint(30, 900) * MIN, col.accts[0], school, tot, "online_banking", col.dev, col.ip)
        # weddings: many gifts to one person
        for _ in range(poisson(r, nweek * 0.0008)):
            h = people[r.randrange(self.N)]
            d = r.randrange(self.days)
            t = self.day_ts(d) + int(11 * HOUR)
            for _ in range(r.randint(20, 60)):
                q = people[r.choice(h.contacts + h.family)] if (h.contacts or h.family) and r.random() < 0.7 else people[r.randrange(self.N)]
                if q is h:
                    continue
                t += r.randint(10, 600) * SEC
                self.txn(t, q.accts[0], h.accts[0], yuan(r.choice([200, 500, 666, 800, 1000, 1314, 2000, 5200])), "third_party", q.dev, q.mip)
        # crypto OTC buyers: personal dealer accounts, rotating
        for p in people:
            if p.grp in ("young", "mid") and r.random() < 0.003 * sc:
                for _ in range(r.randint(1, 3)):
                    d = r.randrange(self.days)
                    ts = self.day_ts(d) + HOURS["evening"].offset(r)
                    self.txn(ts, p.accts[0], r.choice(self.otc), yuan(roundish(r, logn(r, 15000, 0.9))), "mobile_app", p.dev, p.mip)
        # legit consumer loans: disbursal then spending / transfer to family
        for _ in range(poisson(r, nweek * 0.008)):
            p = people[r.randrange(self.N)]
            d = r.randrange(self.days)
            ts = self.day_ts(d) + HOURS["day"].offset(r)
            amt = yuan(roundish(r, logn(r, 20000, 0.6)))
            self.txn(ts, r.choice(self.lenders), p.accts[0], amt, "online_banking", "corp-lender", "101.37.1.1", phone=False)
            if p.family and r.random() < 0.4:
                q = people[r.choice(p.family)]
                self.txn(ts + r.randint(5 * MIN, 3 * HOUR), p.accts[0], q.accts[0], int(amt * 0.8), "mobile_app", p.dev, p.mip)
        # spoofed-looking legit: anti-fraud centre awareness calls (landline)
        for _ in range(poisson(r, nweek * 0.004)):
            p = people[r.randrange(self.N)]
            ts = self.day_ts(r.randrange(self.days)) + int((10 + r.random() * 7) * HOUR)
            self.call(ts, "96110", p.phone, "landline", r.randint(30, 300), CITY, CITY, self.spoof_flag(r))

    # ------------------------------------------------------------------ scams
    def make_gangs(self, nvict):
        r = self.r_scam
        G = max(3, int(round(nvict / 15.0)))
        gangs = []
        for g in range(G):
            gg = Gang()
            gg.gid = g
            k = r.randint(1, 3)
            ty = []
            while len(ty) < k:
                t = r.choice(TYPOLOGIES)
                if t not in ty:
                    ty.append(t)
            gg.typos = ty
            gg.devs = [self.new_dev(r) for _ in range(r.randint(2, 5))]
            gg.ips = [self.far_ip(r) for _ in range(r.randint(2, 4))]
            gg.l1, gg.l2, gg.l3, gg.numbers = [], [], [], []
            gangs.append(gg)
        for t in TYPOLOGIES:  # every typology run by at least one gang
            if not any(t in g.typos for g in gangs):
                r.choice(gangs).typos.append(t)
        # mule pools (sized per gang after victims are assigned)
        self.gangs = gangs

    def make_mule(self, gg, layer, kind=None):
        r = self.r_mule
        m = Mule()
        m.layer, m.gang = layer, gg.gid
        m.kind = kind or (wchoice(r, [("bought", 60), ("rented", 25), ("shell", 15)]) if layer == 1 else
                          wchoice(r, [("bought", 55), ("shell", 35), ("rented", 10)]))
        m.owner = None
        if m.kind == "rented":
            cands = [p for p in self.by_grp.get("student", []) + self.by_grp.get("young", [])
                     if not p.victim and not p.mule_owner]
            o = r.choice(cands)
            o.mule_owner = True
            m.owner = o.i
            m.acct = self.new_acct(wchoice(r, MULE_BANKS_T), o.name, o.phone)
        elif m.kind == "shell":
            m.acct = self.new_acct(wchoice(r, MULE_BANKS + BANKS[:6]), self.company_name(r), None, corporate=True)
        else:
            nm = self.person_name(r)
            ph = self.new_phone(r.choice(["mobile", "mobile", "virtual"]), "mule")
            m.acct = self.new_acct(wchoice(r, MULE_BANKS_T), nm, ph)
        m.dev = r.choice(gg.devs) if r.random() < 0.75 else self.new_dev(r)
        m.ip = r.choice(gg.ips)
        span = self.days * DAY
        st = self.T0 + int(r.uniform(-0.3, 0.85) * span)
        m.start = st
        m.end = st + int(r.uniform(1.2, 4.0) * DAY) if layer == 1 else st + int(r.uniform(2.5, 7.0) * DAY)
        m.inflows = []
        m.used = False
        m.rebate = False
        return m

    def scam_number(self, gg, kind, t):
        """A number of this gang usable at time t (rotating every 1-3 days)."""
        r = self.r_scam
        for n in gg.numbers:
            if n.kind == kind and n.start <= t <= n.end and r.random() < 0.75:
                return n
        n = ScamNumber()
        n.kind, n.gang, n.victims, n.calls = kind, gg.gid, [], 0
        if kind == "virtual":
            n.number = self.new_phone("virtual", "scam")
            n.region = r.choice(OTHER_REGIONS)
            n.spoof = False
        elif kind == "international":
            cc = r.choice(SCAM_INTL)
            n.number = self.new_phone("international", "scam", intl=cc)
            n.region = cc[2]
            n.spoof = False
        elif kind == "voip":
            n.number = self.new_phone("voip", "scam")
            n.region = None
            n.spoof = r.random() < 0.3
        elif kind == "spoof_landline":
            n.number = self.new_phone("landline", "scam")   # shows as a local government/police landline
            n.kind = "landline"
            n.region = CITY
            n.spoof = True
        elif kind == "spoof_service":
            n.number = r.choice(list(SERVICE_LINES.values())[:10] + ECOM_400)   # an allow-listed number
            n.kind = "landline"
            n.region = None
            n.spoof = True
        else:  # GoIP box with local SIMs bought as 两卡
            n.number = self.new_phone("mobile", "scam")
            n.kind = "mobile"
            n.region = CITY if r.random() < 0.7 else r.choice(OTHER_REGIONS)
            n.spoof = False
        n.start = t - r.randint(0, 12) * HOUR
        n.end = t + r.randint(20, 72) * HOUR
        gg.numbers.append(n)
        return n

    def scam_call(self, ts, n, v, dur):
        r = self.r_scam
        n.calls += 1
        if v.phone not in n.victims:
            n.victims.append(v.phone)
        sp = self.spoof_flag(r, True, 0.65) if n.spoof else self.spoof_flag(r)
        self.call(ts, n.number, v.phone, n.kind, dur, n.region, CITY, sp)

    def pick_l1(self, gg, t, avoid=()):
        r = self.r_scam
        act = [m for m in gg.l1 if m.start <= t <= m.end and m.acct not in avoid]
        if not act:
            act = [m for m in gg.l1 if m.start <= t <= m.end]
        if not act:
            act = sorted(gg.l1, key=lambda m: min(abs(m.start - t), abs(m.end - t)))[:2]
            for m in act:   # extend the window: the gang keeps using it
                m.start, m.end = min(m.start, t), max(m.end, t)
        return r.choice(act)

    def pick_rebate(self, gg, t):
        r = self.r_scam
        act = [m for m in gg.l1 if m.start <= t <= m.end]
        return r.choice(act) if act else r.choice(gg.l1)

    def pay(self, v, typ, gg, t, amt, ch, acct=None, payee=None, dev=None, avoid=()):
        r = self.r_scam
        m = payee or self.pick_l1(gg, t, avoid)
        acct = acct or v.accts[0]
        phone = True
        if ch == "counter" and r.random() < 0.3:
            phone = False
        amt = int(amt)
        if amt <= 0:
            return m
        tid = self.txn(t, acct, m.acct, amt, ch, dev or v.dev, v.mip if r.random() < 0.5 else v.ip, phone=phone)
        m.inflows.append((t, amt))
        m.used = True
        self.scam_txns.append({"txn_id": tid, "typology": typ, "victim_phone": v.phone, "ts_ms": t,
                               "amount_fen": amt, "payee": m.acct})
        return m

    def victim_amt(self, r, want, remaining):
        a = min(want, remaining)
        return int(a)

    def scams(self):
        r = self.r_scam
        sc = self.N / 5000.0 * self.days / 7.0
        nv = max(5, int(round(75 * sc * r.uniform(0.85, 1.15))))
        counts = {}
        acc = 0
        for t in TYPOLOGIES:
            counts[t] = max(1, int(nv * TYPO_SHARE[t]))
            acc += counts[t]
        i = 0
        while acc < nv:
            counts[TYPOLOGIES[i % 5]] += 1
            acc += 1
            i += 1
        self.make_gangs(nv)
        # choose victims
        plan = []
        for t in TYPOLOGIES:
            for _ in range(counts[t]):
                for _try in range(50):
                    g = wchoice(r, list(TYPO_GROUPS[t].items()))
                    pool = self.by_grp.get(g, [])
                    if not pool:
                        continue
                    v = r.choice(pool)
                    if v.victim is None:
                        v.victim = t
                        plan.append((v, t))
                        break
        # mule pools sized by how many victims each gang will handle
        gvict = {}
        assign = []
        for v, t in plan:
            gs = [g for g in self.gangs if t in g.typos]
            gg = r.choice(gs)
            gvict[gg.gid] = gvict.get(gg.gid, 0) + 1
            assign.append((v, t, gg))
        for gg in self.gangs:
            k = gvict.get(gg.gid, 0)
            if k == 0:
                continue
            n1 = max(3, int(round(k * r.uniform(0.45, 0.7))))
            n2 = max(1, int(round(k * r.uniform(0.15, 0.25))))
            n3 = max(1, int(round(k * r.uniform(0.07, 0.12))))
            gg.l1 = [self.make_mule(gg, 1) for _ in range(n1)]
            gg.l2 = [self.make_mule(gg, 2) for _ in range(n2)]
            gg.l3 = [self.make_mule(gg, 3) for _ in range(n3)]
            if any(t == "task_rebate" or t == "fake_investment" for t in gg.typos) and len(gg.l1) > 3:
                gg.l1[0].rebate = True   # the account that pays "rebates" / "profits"
                gg.l1[0].start, gg.l1[0].end = self.T0 - DAY, self.TEND
        for v, t, gg in assign:
            fn = {"impersonation_police": self.s_police, "fake_customer_service": self.s_cs,
                  "task_rebate": self.s_task, "fake_investment": self.s_invest, "loan_scam": self.s_loan}[t]
            fn(v, gg)
            self.victims.append((v, t))
        self.attempts()

    def start_time(self, r, margin_h, lo_h=2, hours="call"):
        span = self.days * DAY - margin_h * HOUR - lo_h * HOUR
        d = int((lo_h * HOUR + r.random() * max(span, HOUR)) // DAY)
        d = min(d, self.days - 1)
        return self.day_ts(d) + HOURS[hours].offset(r)

    def s_police(self, v, gg):
        r = self.r_scam
        t = self.start_time(r, 8, hours="work")
        kind = wchoice(r, [("virtual", 24), ("international", 22), ("voip", 20), ("spoof_landline", 22), ("mobile", 12)])
        n1 = self.scam_number(gg, kind, t)
        lead = r.randint(180, 900)
        self.scam_call(t, n1, v, lead)
        budget = int(min(v.savings * r.uniform(0.6, 1.0), 2_000_000_00))
        if v.grp == "student":
            budget = max(budget, yuan(r.uniform(3000, 30000)))
        budget = max(budget, yuan(8000))
        dev = self.new_dev(r) if r.random() < 0.15 else None
        app_call = r.random() < 0.15
        pre = t + lead * SEC
        if app_call:
            cur = pre + r.randint(20, 120) * MIN
            call_end = cur - 1
        else:
            if r.random() < 0.2:
                pre = self.day_ts(min(self.days - 1, (pre - self.T0) // DAY + 1)) + int((9 + r.random() * 2) * HOUR)
            else:
                pre += r.randint(1, 30) * MIN
            n2 = n1 if r.random() < 0.5 else self.scam_number(gg, wchoice(r, [("virtual", 30), ("international", 25), ("voip", 25), ("spoof_landline", 20)]), pre)
            main = int(min(max(logn(r, 45 * 60, 0.45), 15 * 60), 150 * 60))
            self.scam_call(pre, n2, v, main)
            call_end = pre + main * SEC
            cur = pre + r.randint(8, 35) * MIN
        # borrow or consolidate first (legit-looking moves)
        if len(v.accts) > 1 and r.random() < 0.3:
            self.txn(cur - r.randint(2, 8) * MIN, v.accts[1], v.accts[0], int(budget * 0.3), "mobile_app", dev or v.dev, v.mip)
        remaining = budget
        ntx = 0
        m = None
        avoid = []
        while remaining > yuan(500) and ntx < 8:
            ch = wchoice(r, [("mobile_app", 60), ("online_banking", 27), ("counter", 13)])
            cap = yuan(200000) if ch == "counter" else yuan(50000)
            want = r.choice([yuan(50000), yuan(49000), yuan(30000), yuan(20000), yuan(49999), yuan(r.randint(10, 50) * 1000), remaining])
            amt = self.victim_amt(r, min(want, cap), remaining)
            acct = v.accts[0] if r.random() < 0.75 else r.choice(v.accts)
            same = m is not None and r.random() < 0.45
            m = self.pay(v, "impersonation_police", gg, cur, amt, ch, acct, m if same else None, dev, avoid)
            avoid.append(m.acct)
            remaining -= amt
            ntx += 1
            cur += r.randint(3, 15) * MIN
            if cur > call_end and not app_call and r.random() < 0.4:
                break
        # next-day continuation with borrowed money
        if r.random() < 0.25:
            nd = self.day_ts(min(self.days - 1, (cur - self.T0) // DAY + 1)) + int((9.5 + r.random() * 5) * HOUR)
            if nd > cur:
                if v.family:
                    f = self.people[r.choice(v.family)]
                    amt = yuan(roundish(r, logn(r, 40000, 0.6)))
                    self.txn(nd - r.randint(30, 240) * MIN, f.accts[0], v.accts[0], amt, "mobile_app", f.dev, f.mip)
                else:
                    amt = yuan(roundish(r, logn(r, 30000, 0.5)))
                n3 = self.scam_number(gg, wchoice(r, [("virtual", 40), ("voip", 30), ("international", 30)]), nd)
                dur = int(min(max(logn(r, 40 * 60, 0.4), 10 * 60), 120 * 60))
                self.scam_call(nd, n3, v, dur)
                t2 = nd + r.randint(5, 25) * MIN
                for _ in range(r.randint(1, 3)):
                    a = min(amt, yuan(50000))
                    if a < yuan(200):
                        break
                    self.pay(v, "impersonation_police", gg, t2, a, "mobile_app", v.accts[0], None, dev, avoid)
                    amt -= a
                    t2 += r.randint(3, 12) * MIN

    def s_cs(self, v, gg):
        r = self.r_scam
        t = self.start_time(r, 3, hours="day")
        kind = wchoice(r, [("virtual", 34), ("mobile", 30), ("spoof_service", 18), ("voip", 18)])
        n = self.scam_number(gg, kind, t)
        dur = int(min(max(logn(r, 22 * 60, 0.45), 8 * 60), 60 * 60))
        self.scam_call(t, n, v, dur)
        end = t + dur * SEC
        budget = int(min(v.savings * r.uniform(0.3, 0.9), yuan(150000)))
        cur = t + r.randint(5, 15) * MIN
        if r.random() < 0.4:  # consumer loan taken under instruction
            loan = yuan(roundish(r, r.uniform(8000, 50000)))
            self.txn(cur, r.choice(self.lenders), v.accts[0], loan, "online_banking", "corp-lender", "101.37.1.1", phone=False)
            budget += loan
            cur += r.randint(2, 6) * MIN
        budget = max(budget, yuan(3000))
        k = r.randint(2, 5)
        avoid = []
        if r.random() < 0.45:  # "verification" micro-payment
            m = self.pay(v, "fake_customer_service", gg, cur, yuan(r.choice([0.01, 1, 9.9, 50, 100, 300])), r.choice(["mobile_app", "third_party"]), avoid=avoid)
            avoid.append(m.acct)
            cur += r.randint(2, 6) * MIN
        remaining = budget
        for j in range(k):
            if remaining < yuan(200):
                break
            want = yuan(r.uniform(2000, 30000))
            if r.random() < 0.3:
                want = yuan(r.choice([4999, 9999, 19999, 5000, 10000, 20000]))
            amt = self.victim_amt(r, want, remaining)
            ch = wchoice(r, [("mobile_app", 50), ("third_party", 35), ("online_banking", 15)])
            m = self.pay(v, "fake_customer_service", gg, cur, amt, ch, avoid=avoid if r.random() < 0.8 else ())
            avoid.append(m.acct)
            remaining -= amt
            cur += r.randint(2, 10) * MIN
            if cur > end and r.random() < 0.5:
                cur += r.randint(5, 40) * MIN

    def s_task(self, v, gg):
        r = self.r_scam
        t = self.start_time(r, 14, hours="evening")
        if r.random() < 0.3:
            n = self.scam_number(gg, "mobile", t)
            self.scam_call(t, n, v, r.randint(25, 180))
        cur = t + r.randint(10, 120) * MIN
        budget = max(int(min(v.savings * r.uniform(0.5, 1.0), yuan(400000))), yuan(3000))
        if v.family and r.random() < 0.25:
            budget += yuan(roundish(r, logn(r, 20000, 0.6)))
        spent = 0
        avoid = []
        amt = yuan(r.choice([100, 120, 200, 260, 300, 500]))
        step = 0
        while spent < budget and step < 9:
            ch = "third_party" if r.random() < 0.45 else "mobile_app"
            a = min(amt, budget - spent)
            if a < yuan(50):
                break
            m = self.pay(v, "task_rebate", gg, cur, a, ch, avoid=avoid)
            avoid.append(m.acct)
            spent += a
            if step < 2 and r.random() < (0.9 if step == 0 else 0.6):
                rb = self.pick_rebate(gg, cur)
                tr = cur + r.randint(5, 35) * MIN
                self.txn(tr, rb.acct, v.accts[0], int(a * r.uniform(1.08, 1.3)), "mobile_app", rb.dev, rb.ip)
                rb.used = True
                cur = tr + r.randint(5, 60) * MIN
                amt = yuan(roundish(r, a / 100 * r.uniform(2.0, 5.0)))
            else:
                if r.random() < 0.35:
                    cur = self.day_ts(min(self.days - 1, (cur - self.T0) // DAY + 1)) + HOURS["evening"].offset(r)
                    if cur <= t:
                        cur = t + HOUR
                else:
                    cur += r.randint(8, 90) * MIN
                amt = yuan(roundish(r, a / 100 * r.uniform(1.6, 3.0)))
            step += 1

    def s_invest(self, v, gg):
        r = self.r_scam
        t = self.start_time(r, 36 if self.days > 3 else 8, hours="work")
        ddx = (t - self.T0) // DAY
        if self.ddate(ddx).weekday() >= 5:
            t += (7 - self.ddate(ddx).weekday()) * DAY
            if t >= self.TEND - 6 * HOUR:
                t -= 3 * DAY
        budget = max(int(min(v.savings * r.uniform(0.6, 1.0), yuan(1500000))), yuan(20000))
        if v.family and r.random() < 0.3:
            budget += yuan(roundish(r, logn(r, 80000, 0.5)))
        calls = r.random() < 0.45
        cur = t
        amt = yuan(roundish(r, r.uniform(3000, 30000)))
        spent = 0
        avoid = []
        step = 0
        while spent < budget and step < 8:
            day = (cur - self.T0) // DAY
            if day >= self.days:
                break
            if self.ddate(day).weekday() >= 5:
                cur = self.day_ts(day + (7 - self.ddate(day).weekday())) + int((9.5 + r.random() * 5) * HOUR)
                continue
            if calls and r.random() < 0.5:
                kind = wchoice(r, [("mobile", 55), ("international", 25), ("voip", 20)])
                n = self.scam_number(gg, kind, cur)
                cs = cur - r.randint(10, 120) * MIN
                self.scam_call(cs, n, v, int(min(max(logn(r, 600, 0.6), 120), 3600)))
            a = min(amt, budget - spent)
            if a < yuan(500):
                break
            ch = wchoice(r, [("online_banking", 45), ("mobile_app", 45), ("counter", 10)])
            parts = 1 if ch == "counter" or a <= yuan(50000) else min(4, a // yuan(50000) + 1)
            for k in range(parts):
                m = self.pay(v, "fake_investment", gg, cur + k * r.randint(2, 9) * MIN, a // parts, ch, avoid=avoid)
                avoid.append(m.acct)
            spent += a
            if step == 0 and r.random() < 0.55:
                rb = self.pick_rebate(gg, cur)
                tw = cur + r.randint(18, 30) * HOUR
                self.txn(tw, rb.acct, v.accts[0], int(a * r.uniform(0.05, 0.15)), "online_banking", rb.dev, rb.ip)
            cur += int(r.uniform(0.3, 1.8) * DAY)
            cur = (cur - self.T0) // DAY * DAY + self.T0 + int((9.5 + r.random() * 5.5) * HOUR)
            amt = yuan(roundish(r, a / 100 * r.uniform(1.3, 2.6)))
            step += 1

    def s_loan(self, v, gg):
        r = self.r_scam
        t = self.start_time(r, 14, hours="day")
        kind = wchoice(r, [("mobile", 45), ("virtual", 35), ("voip", 20)])
        n = self.scam_number(gg, kind, t)
        dur = r.randint(240, 900)
        self.scam_call(t, n, v, dur)
        cur = t + dur * SEC + r.randint(3, 40) * MIN
        fees = [r.choice([300, 499, 600, 880, 1000, 1500, 1999]),
                r.choice([2000, 2980, 3000, 3600, 4999, 5000]),
                r.choice([3000, 4800, 5000, 6800, 8000, 9999]),
                r.choice([5000, 8000, 10000, 12000, 15000, 19999]),
                r.choice([8000, 10000, 20000])]
        k = wchoice(r, [(2, 25), (3, 35), (4, 28), (5, 12)])
        budget = max(v.savings, yuan(2000))
        if r.random() < 0.3:
            loan = yuan(roundish(r, r.uniform(5000, 30000)))
            self.txn(cur - r.randint(10, 60) * MIN, r.choice(self.lenders), v.accts[0], loan, "online_banking", "corp-lender", "101.37.1.1", phone=False)
            budget += loan
        spent = 0
        avoid = []
        for j in range(k):
            a = min(yuan(fees[j]), budget - spent)
            if a < yuan(100):
                break
            if j > 0 and r.random() < 0.7:
                nn = n if r.random() < 0.6 else self.scam_number(gg, kind, cur)
                d2 = r.randint(90, 480)
                self.scam_call(cur - r.randint(1, 6) * MIN, nn, v, d2)
            ch = wchoice(r, [("mobile_app", 50), ("third_party", 40), ("online_banking", 10)])
            m = self.pay(v, "loan_scam", gg, cur, a, ch, avoid=avoid)
            avoid.append(m.acct)
            spent += a
            cur += r.randint(30, 20 * 60) * MIN

    def attempts(self):
        """Scam numbers also call many people who do not fall for it."""
        r = self.r_scam
        people = self.people
        for gg in self.gangs:
            for n in gg.numbers:
                lam = (40 if n.kind == "mobile" else 22) * (n.end - n.start) / DAY
                for _ in range(poisson(r, lam)):
                    ts = n.start + int(r.random() * (n.end - n.start))
                    day0 = self.T0 + (ts - self.T0) // DAY * DAY
                    ts = day0 + int((9 + r.random() * 10) * HOUR)
                    if ts < self.T0 or ts >= self.TEND:
                        continue
                    p = people[r.randrange(self.N)]
                    if p.victim:
                        continue
                    x = r.random()
                    if x < 0.76:
                        dur = r.randint(0, 40)
                    elif x < 0.93:
                        dur = r.randint(40, 300)
                    elif x < 0.985:
                        dur = r.randint(300, 900)
                    else:
                        dur = r.randint(900, 2400)    # long conversation, then the person hangs up
                    n.calls += 1
                    sp = self.spoof_flag(r, True, 0.65) if n.spoof else self.spoof_flag(r)
                    self.call(ts, n.number, p.phone, n.kind, dur, n.region, CITY, sp)

    # ------------------------------------------------------------------ mule flows
    def forward(self, m, targets_fn, r, out_kind):
        """Batch m.inflows and pass them on in chunks below common limits."""
        inf = sorted(m.inflows)
        i = 0
        while i < len(inf):
            t0 = inf[i][0]
            x = r.random()
            if x < 0.7:
                delay = r.randint(60, 15 * 60) * SEC
            elif x < 0.9:
                delay = r.randint(15, 90) * MIN
            else:
                delay = r.randint(2, 12) * HOUR
            tf = t0 + delay
            tot = 0
            while i < len(inf) and inf[i][0] <= tf:
                tot += inf[i][1]
                i += 1
            out = int(tot * r.uniform(0.97, 0.995)) if m.layer < 3 else tot
            if out < 100:
                continue
            targets = targets_fn(tf)
            t = tf
            k = 0
            while out > 0:
                top = r.choice([50000, 50000, 20000, 10000, 5000]) * 100
                chunk = top - r.randint(1, max(2, top // 50))
                if out < chunk:
                    chunk = out
                    if chunk < 100:
                        break
                tgt = targets[k % len(targets)]
                if out_kind == "next":
                    self.txn(t, m.acct, tgt.acct, chunk, wchoice(r, [("mobile_app", 60), ("online_banking", 40)]), m.dev, m.ip)
                    tgt.inflows.append((t, chunk))
                    tgt.used = True
                else:
                    self.cashout(m, t, chunk, r)
                out -= chunk
                k += 1
                t += r.randint(15, 150) * SEC

    def cashout(self, m, t, amt, r):
        if r.random() < 0.65:
            self.txn(t, m.acct, r.choice(self.otc), amt, "mobile_app", m.dev, m.ip)
        else:
            b = self.acct_info[m.acct][0]
            atms = self.atms.get(b) or self.atms["ICBC"]
            while amt > 0:
                a = min(amt, yuan(r.choice([2000, 2500, 3000, 5000])))
                self.txn(t, m.acct, r.choice(atms), a, "atm", phone=r.random() < 0.5)
                amt -= a
                t += r.randint(40, 120) * SEC

    def mules(self):
        r = self.r_mule
        for gg in self.gangs:
            if not gg.l1:
                continue

            def l2_targets(t, gg=gg):
                act = [x for x in gg.l2 if x.start <= t <= x.end] or gg.l2
                return r.sample(act, min(len(act), r.randint(1, 3)))

            def l3_targets(t, gg=gg):
                act = [x for x in gg.l3 if x.start <= t <= x.end] or gg.l3
                return r.sample(act, min(len(act), r.randint(1, 2)))

            for m in gg.l1:
                self.forward(m, l2_targets, r, "next")
            for m in gg.l2:
                self.forward(m, l3_targets, r, "next")
            for m in gg.l3:
                self.forward(m, lambda t: [None], r, "cash")
            # test transfers before first use; 养卡 cover spending; rented owners' own small spending
            for m in gg.l1 + gg.l2 + gg.l3:
                first = min([t for t, _ in m.inflows], default=m.start)
                if r.random() < 0.5 and first - 3 * HOUR > self.T0:
                    src = r.choice(gg.l2 + gg.l3) if m.layer == 1 else r.choice(gg.l3 if m.layer == 2 and gg.l3 else gg.l1)
                    if src is not m:
                        tt = first - r.randint(1, 20) * HOUR
                        self.txn(tt, src.acct, m.acct, r.choice([1, 10, 100]), "mobile_app", src.dev, src.ip)
                        src.used = m.used = True
                if m.kind != "shell" and r.random() < 0.4:
                    for _ in range(r.randint(1, 5)):
                        tt = self.T0 + int(r.random() * self.days * DAY)
                        mm = wchoice(r, self.plat_w)
                        self.txn(tt, m.acct, mm.acct, yuan(logn(r, 25, 0.7)), "third_party", m.dev, m.ip)
                        m.used = True
                if m.owner is not None:
                    o = self.people[m.owner]
                    for _ in range(r.randint(2, 6)):
                        tt = self.T0 + int(r.random() * self.days * DAY)
                        mm = r.choice(o.favs) if o.favs else wchoice(r, self.shop_w)
                        self.txn(tt, m.acct, mm.acct, yuan(logn(r, 20, 0.6)), "third_party", o.dev, o.mip)
                        m.used = True

    # ------------------------------------------------------------------ watch-lists
    def watchlists(self):
        r = self.r_wl
        T0 = self.T0
        snap = T0 - 30 * MIN
        # allow list
        for b, num in SERVICE_LINES.items():
            self.watch(snap, "add", "phone", num, "allow", "bank service line " + b)
        for num in COURIER_HOTLINES + GOV_LINES + ECOM_400:
            self.watch(snap, "add", "phone", num, "allow", "registered hotline")
        for m in self.platforms:
            self.watch(snap, "add", "account", m.acct, "allow", "platform settlement account")
        for em in self.employers:
            if r.random() < 0.7:
                self.watch(snap, "add", "account", em["acct"], "allow", "payroll employer")
        self.watch(snap, "add", "account", self.pension, "allow", "social security fund")
        for a in self.lenders:
            self.watch(snap, "add", "account", a, "allow", "licensed consumer lender")
        # national scam numbers: mostly irrelevant to this city
        for _ in range(max(20, self.N // 40)):
            k = wchoice(r, [("virtual", 30), ("mobile", 30), ("international", 20), ("voip", 10), ("landline", 10)])
            cc = r.choice(SCAM_INTL)
            num = self.new_phone(k, "natl", area=r.choice(["020", "0771", "0871", "023"]), intl=cc)
            self.watch(snap + r.randint(0, 600) * SEC, "add", "phone", num, "scam_numbers", "national fraud database")
        for _ in range(max(10, self.N // 250)):
            a = self.new_acct(wchoice(r, MULE_BANKS_T), self.person_name(r), None)
            self.watch(snap + r.randint(0, 600) * SEC, "add", "account", a, "mule_accounts", "national fraud database")
        allnums = []
        for gg in self.gangs:
            for n in gg.numbers:
                allnums.append(n)
        for n in allnums:
            if n.spoof and n.number in SERVICE_LINES.values() or n.number in ECOM_400:
                continue   # spoofed allow-listed number: never listed (it's the bank's real number)
            if n.start < T0 + DAY and r.random() < 0.12:
                self.watch(snap + r.randint(0, 600) * SEC, "add", "phone", n.number, "scam_numbers", "reported in another city")
            elif r.random() < 0.3 and n.calls >= 10:
                self.watch(n.start + r.randint(3, 20) * HOUR, "add", "phone", n.number, "scam_numbers", "operator analytics: high fan-out")
        for gg in self.gangs:
            for m in gg.l1 + gg.l2:
                if m.used and r.random() < 0.06:
                    self.watch(snap + r.randint(0, 600) * SEC, "add", "account", m.acct, "mule_accounts", "national fraud database")
            for m in gg.l2 + gg.l3:
                if m.used and r.random() < 0.15:
                    self.watch(T0 + int(r.uniform(0.3, 1.0) * self.days * DAY), "add", "account", m.acct, "mule_accounts", "bank intelligence")
        # victim reports: late, partial
        vt = {}
        for s in self.scam_txns:
            vt.setdefault(s["victim_phone"], []).append(s)
        num_by_victim = {}
        for n in allnums:
            for ph in n.victims:
                num_by_victim.setdefault(ph, []).append(n)
        for v, typ in self.victims:
            txs = vt.get(v.phone, [])
            if not txs or r.random() > 0.68:
                continue
            last = max(s["ts_ms"] for s in txs)
            rep = last + int(logn(r, 14, 0.9) * HOUR)
            for n in num_by_victim.get(v.phone, []):
                if n.number in SERVICE_LINES.values() or n.number in ECOM_400:
                    continue
                if r.random() < 0.8:
                    self.watch(rep + r.randint(10, 300) * MIN, "add", "phone", n.number, "scam_numbers", "victim report")
            seen = []
            for s in txs:
                if s["payee"] not in seen:
                    seen.append(s["payee"])
                    if r.random() < 0.88:
                        self.watch(rep + r.randint(10, 600) * MIN, "add", "account", s["payee"], "mule_accounts", "victim report")
        # mistakes: legit numbers/accounts listed, most removed later
        for _ in range(r.randint(2, 4)):
            src = r.choice(["courier", "telemkt"])
            pool = self.legit_numbers.get(src) or self.legit_numbers["telemkt"]
            num = r.choice(pool)
            ta = T0 + int(r.random() * self.days * DAY)
            self.watch(ta, "add", "phone", num, "scam_numbers", "citizen complaint")
            if r.random() < 0.6:
                self.watch(ta + r.randint(6, 48) * HOUR, "remove", "phone", num, "scam_numbers", "verified legit")
        vendors = [m for m in self.merchants if m.personal]
        for _ in range(r.randint(1, 3)):
            if vendors and r.random() < 0.5:
                a = r.choice(vendors).acct
            else:
                a = r.choice(self.people).accts[0]
            ta = T0 + int(r.random() * self.days * DAY)
            self.watch(ta, "add", "account", a, "mule_accounts", "victim report (mistyped account)")
            if r.random() < 0.5:
                self.watch(ta + r.randint(12, 72) * HOUR, "remove", "account", a, "mule_accounts", "appeal accepted")
        # an allow-list change mid-week
        if self.employers:
            em = r.choice(self.employers)
            self.watch(T0 + int(r.random() * self.days * DAY), "add", "account", em["acct"], "allow", "payroll employer")

    # ------------------------------------------------------------------ output
    def run(self):
        self.build()
        self.life()
        self.calls()
        self.traps()
        self.scams()
        self.mules()
        self.watchlists()

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        TEND = self.TEND
        starts = {}
        keep = []
        for a, s, o in self.ev:
            ty = o["type"]
            if ty == "call":
                if o["phase"] == "start":
                    if o["ts_ms"] >= TEND:
                        continue
                    starts[o["call_id"]] = 1
                elif o["call_id"] not in starts and o["ts_ms"] - o["duration_s"] * SEC >= TEND:
                    continue
            elif o["ts_ms"] >= TEND:
                continue
            keep.append((a, s, o))
        keep = [(a, s, o) for a, s, o in keep if not (o["type"] == "call" and o["phase"] == "end" and o["call_id"] not in starts)]
        keep.sort(key=lambda x: (x[0], x[1]))
        kept_txn = {}
        counts = {}
        with open(os.path.join(out, "events.jsonl"), "w", encoding="utf-8") as f:
            for a, s, o in keep:
                if o["type"] == "transaction":
                    kept_txn[o["txn_id"]] = 1
                k = o["type"] + ("_" + o["phase"] if o["type"] == "call" else "")
                counts[k] = counts.get(k, 0) + 1
                f.write(json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n")
        # labels
        scam = [s for s in self.scam_txns if s["txn_id"] in kept_txn]
        scam.sort(key=lambda s: (s["ts_ms"], s["txn_id"]))
        byv = {}
        for s in scam:
            byv.setdefault(s["victim_phone"], []).append(s)
        lines = [{"kind": "meta", "persons": self.N}]
        vcount = {}
        vrows = []
        for v, typ in self.victims:
            txs = byv.get(v.phone)
            if not txs:
                continue
            fl = None
            for s in txs:
                if s["amount_fen"] >= 500000:
                    fl = s
                    break
            if fl is None:
                fl = max(txs, key=lambda s: (s["amount_fen"], -s["ts_ms"]))
            vrows.append({"kind": "victim", "phone": v.phone, "account": v.accts[0], "typology": typ,
                          "first_large_txn_id": fl["txn_id"], "first_large_ts_ms": fl["ts_ms"]})
            vcount[typ] = vcount.get(typ, 0) + 1
        vrows.sort(key=lambda x: (x["first_large_ts_ms"], x["phone"]))
        lines += vrows
        for s in scam:
            lines.append({"kind": "scam_txn", "txn_id": s["txn_id"], "typology": s["typology"],
                          "victim_phone": s["victim_phone"], "ts_ms": s["ts_ms"], "amount_fen": s["amount_fen"]})
        # mules that appear in kept transactions
        seen_acct = {}
        for a, s, o in keep:
            if o["type"] == "transaction":
                seen_acct[o["payer_account"]] = 1
                seen_acct[o["payee_account"]] = 1
        mcount = {}
        mrows = []
        for gg in self.gangs:
            for m in gg.l1 + gg.l2 + gg.l3:
                if m.acct in seen_acct:
                    mrows.append({"kind": "mule", "account": m.acct, "layer": m.layer})
                    mcount[m.layer] = mcount.get(m.layer, 0) + 1
        mrows.sort(key=lambda x: (x["layer"], x["account"]))
        lines += mrows
        with open(os.path.join(out, "labels.jsonl"), "w", encoding="utf-8") as f:
            for o in lines:
                f.write(json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n")
        self.stats = {"events": counts, "victims": vcount, "scam_txns": len(scam),
                      "mules_by_layer": {str(k): mcount[k] for k in sorted(mcount)},
                      "start": str(self.d0)}
        return self.stats


def main():
    ap = argparse.ArgumentParser(description="world g: labelled telecom-fraud test city")
    ap.add_argument("--persons", type=int, default=5000)
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.persons < 200 or a.days < 1:
        sys.exit("need --persons >= 200 and --days >= 1")
    t0 = time.time()
    w = World(a.persons, a.days, a.seed)
    w.run()
    st = w.write(a.out)
    st["seconds"] = round(time.time() - t0, 2)
    print(json.dumps(st, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
