#!/usr/bin/env python3
"""Independent synthetic world "e" for the fanzha telecom-fraud processor.

Built only from the issue text, the event contract and the labels format; it knows nothing of how
fanzha detects anything.  Standard library only, deterministic per --seed.

    python3 gen.py --persons 5000 --days 7 --seed 501 --out /tmp/we501

World traits
------------
* City: Hefei (合肥), Anhui.  Region codes are GB/T 2260 (340100 Hefei; other Anhui cities and other
  provinces for migrants, GOIP boxes, mule card sellers); international numbers carry an ISO country
  code as region.  Time zone Asia/Shanghai (UTC+8).
* Span: starts Monday 2025-11-10 00:00 CST and runs --days days (default 7), so it covers the
  Double-11 (双十一) shopping peak on 11-11, the courier call wave of the days after it, the payroll
  days on the 10th and 15th and the pension day on the 15th.
* Population: --persons residents, each one phone (CMCC/CT/CU; ~3.5% of residents own a 170/171/16x
  virtual-operator number) and 1–3 cards at Hefei's banks (ICBC, CCB, ABC, BOC, PSBC, BOCOM, CMB,
  Huishang Bank, Anhui rural credit union ...).  Roles: students, young and middle-aged workers, retirees,
  shop owners, riders/drivers, home-makers; ~15% migrants with out-of-province numbers and parents at home.
  ~3% of old accounts have no bound phone (no payer_phone in the feed).  Spoof verification is only
  reported for callees on one operator (CMCC: always, CT: only when it fails, CU: never).
* Ordinary life (~3.2 transactions and ~2.2 calls per person per day, ~265k events for 5,000 x 7 d):
  QR/POS payments to ~1/12 as many neighbourhood shops and chains (huge fan-in; Alipay/WeChat merchant ids are settled to the shops'
  bank accounts every night, a pass-through with fan-out), Taobao/JD/PDD/Meituan orders (x2.5 on 11-11)
  and refunds, red packets and AA to contacts, money to parents, utilities, credit-card repayments,
  first-time payees of every kind, calls among contacts, couriers and riders calling from virtual
  privacy numbers, marketing calls from ordinary mobiles, bank and platform service lines, VoIP cloud
  call centres, rare operator spoof-flag false positives.
* Legit traps: payroll batches (one payer, hundreds of payees) and platform payouts to riders; a pension
  batch; a labour-dispatch firm that receives a lump sum and pays out workers within minutes; shop
  owners sweeping takings and paying wholesalers; group-buy leaders (团长) collecting from many new
  neighbours and paying the supplier the same evening; family relays (receive from a sibling, send on
  to parents minutes later); weddings (份子钱 fan-in then a big hotel payment); families abroad on
  20–120 min international calls followed (sometimes during the call) by transfers, partly to new
  accounts; large first-time purchases (cars, decoration, tuition, hospital deposits, flat down payments,
  partly at the counter) often right after a 95xxx bank service call or a salesman's call; gold bought
  from Shenzhen Shuibei dealers (the same dealers the launderers use); escalating bank-to-securities
  transfers to one's own brokerage account over days; call-then-fee payments to agencies; a few
  non-victims who talk to scammers for minutes and pay nothing.
* Victims: 1.25–1.75% of persons.  Mix ~ task_rebate 28%, fake_customer_service 20%, loan_scam 18%,
  fake_investment 17%, impersonation_police 17%.  Victim profiles follow the typologies (elderly and
  students for police, young/home-makers for task rebate, middle-aged/retirees for investment ...).
  - 冒充公检法: one long call or a "courier/insurance" call handed over to a "police officer"; callers
    international, VoIP, virtual, spoofed Hefei/Beijing landlines (spoof flag not always set), or GOIP
    mobiles; transfers of savings during the call, after it (moved to a video-meeting app) or next days
    at the counter/ATM; own-account consolidation and fresh loans before paying; some pay from a new
    phone; ~5% have no call in the feed.
  - 冒充客服: Double-11 refund / membership / "student loan" stories, calls from GOIP mobiles, virtual,
    VoIP, international or spoofed platform hotlines (95188, 95017 ...: allow-listed numbers); loans drawn
    from Jiebei/WeBank first; several medium transfers (some executed by the scammer with the victim's
    codes from an unknown device); ~15% have no call.
  - 刷单返利: chat-app contact (75% no call, else a short one hours before); small first payments that are
    rebated from a mule card, then escalating "combined orders" to rotating payees over hours or days.
  - 虚假投资理财: escalation over days to rotating personal and shell-company accounts, an early "profit
    withdrawal", counter transfers by retirees; ~20% already mid-way at the window start.
  - 虚假贷款: a call (or app chat) then 1–4 escalating fee payments, often via Alipay/WeChat; many never
    reach 5,000 yuan.
* Five scam rings (SE-Asia police-impersonation ring; GOIP customer-service ring that also does police
  calls; task-rebate+investment ring; pig-butchering investment ring; loan+task ring), each with its own
  rotating number pools, and three laundering houses.  Every ring also calls ordinary residents
  (mostly hang-ups, ~6% talk for minutes, nobody pays); calls from already-listed numbers are mostly
  blocked by the operator (not in the feed).
* Mules (~65-105 per 5,000 persons: ~50-75 layer 1, ~13-24 layer 2, ~5-15 layer 3): each ring rotates
  layer-1 collection cards (personal cards bought from card sellers in other provinces, some with their
  own light traffic; 15-35% per ring rented from Hefei residents, about half of them the resident's
  everyday card; shell-company accounts; Alipay/WeChat collection codes), which pass the money within minutes (some in batches,
  some stuck) in chunks under 50k/20k/10k limits minus a commission to laundering houses (水房) shared
  between rings; layer-2 cards forward to layer-3 cards, which buy gold bars or top-up cards from real
  merchants or keep the rest for cash withdrawal.  Layer-1 cards also pay task-rebate and investment
  "withdrawals" back to victims.  Operator devices/IPs are shared across a ring's cards.
* Watch-lists: a snapshot at the start (hundreds of unrelated scam numbers and mule cards, ~10% of the
  numbers and a few of the cards this week's rings will use, the allow-list of bank/platform hotlines
  and big payers); later adds after victims report (hours to days, many after the window), operator
  adds of busy GOIP numbers, a few wrong adds later removed, unfreezes.
* Feed disorder: ~2% of call events and ~0.5% of transactions reach the file up to 4 s late.
  Some bank feeds omit payee_name / currency; payroll, pension, platform and settlement transfers
  carry no payer_phone.
* Labels: every victim->mule transfer in the window is a scam_txn (task-rebate first small payments
  included); rebates/withdrawals paid back to victims, their loans and own-account moves are not.
  Mules are all scam-controlled cards that received money in the window; gold dealers and top-up
  merchants at the end of the chain are real businesses and not labelled.
"""
import argparse
import bisect
import json
import math
import os
import random
import sys
import time
from datetime import datetime, timedelta, timezone

TZ = timezone(timedelta(hours=8))
START = datetime(2025, 11, 10, tzinfo=TZ)
START_MS = int(START.timestamp() * 1000)
SEC = 1000
MIN = 60 * SEC
HOUR = 60 * MIN
DAY = 24 * HOUR
Y = 100  # fen per yuan

TYPOLOGIES = ["impersonation_police", "fake_customer_service", "task_rebate", "fake_investment", "loan_scam"]
TYPO_MIX = {"task_rebate": 0.28, "fake_customer_service": 0.20, "loan_scam": 0.18,
            "fake_investment": 0.17, "impersonation_police": 0.17}

# --------------------------------------------------------------------------------------------
# static tables
# --------------------------------------------------------------------------------------------
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
                "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴")
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红玲芬燕彬鹏辉宇浩然涵欣怡梓轩晨雨佳琪俊"
             "诗思远志建国庆海春梅冬晓东文婷丹亮波斌慧颖雪琳倩梦瑶嘉豪博睿子墨一鸣安琪")

# code, Hefei weight, card BINs, card length
BANKS = [
    ("ICBC", 14, ["622202", "621226", "621558"], 19), ("CCB", 14, ["621700", "622700", "621284"], 19),
    ("ABC", 12, ["622848", "623052"], 19), ("BOC", 8, ["621661", "621785", "621790"], 19),
    ("PSBC", 9, ["621799", "622188"], 19), ("BOCOM", 5, ["622260", "622262"], 19),
    ("CMB", 8, ["622588", "621483"], 16), ("HSBANK", 8, ["622681", "621268"], 19),
    ("CIB", 4, ["622909", "622908"], 18), ("CITIC", 3, ["622690", "621773"], 16),
    ("SPDB", 3, ["622521", "621792"], 16), ("CMBC", 3, ["622622", "621691"], 16),
    ("AHRCU", 6, ["622778", "621778"], 19),
]
EXT_BANKS = [("GXRCU", ["623595", "621590"], 19), ("YNRCU", ["622995", "621527"], 19),
             ("GDRCU", ["621033", "622322"], 19), ("HNRCU", ["623059", "621928"], 19),
             ("FJRCU", ["622126", "621267"], 19), ("PAB", ["622298", "623058"], 19),
             ("CEB", ["622660", "621489"], 16), ("CGB", ["622568", "621462"], 19),
             ("HXB", ["622630", "623021"], 16), ("SCRCU", ["621458", "623190"], 19)]
BANK_INFO = {b[0]: (b[2], b[3]) for b in BANKS}
BANK_INFO.update({b[0]: (b[1], b[2]) for b in EXT_BANKS})
BANK_HOTLINE = {"ICBC": "95588", "CCB": "95533", "ABC": "95599", "BOC": "95566", "PSBC": "95580",
                "BOCOM": "95559", "CMB": "95555", "HSBANK": "96588", "CIB": "95561", "CITIC": "95558",
                "SPDB": "95528", "CMBC": "95568", "AHRCU": "96669"}
PLATFORM_HOTLINES = ["95188", "95017", "950618", "95338", "95311", "95546", "95554", "10101888", "95152"]
GOV_HOTLINES = ["12345", "12315", "12333", "95598", "96110"]

CM_PFX = ["134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "157", "158", "159", "178",
          "182", "183", "184", "187", "188", "195", "198"]
CU_PFX = ["130", "131", "132", "145", "155", "156", "166", "175", "176", "185", "186", "196"]
CT_PFX = ["133", "149", "153", "173", "177", "180", "181", "189", "190", "191", "193", "199"]
VIRT_PFX = ["170", "171", "162", "165", "167"]

# feeds that leave optional fields out
NO_NAME_FEEDS = {"AHRCU", "GXRCU", "YNRCU"}
NO_CURRENCY_FEEDS = {"PSBC", "AHRCU", "ALIPAY", "TENPAY"}

HEFEI = "340100"
ANHUI_OTHER = ["341200", "341500", "340800", "341600", "341300", "340400", "340200", "340300", "341100",
               "341800", "341700", "340500"]
MIGRANT_HOME = ANHUI_OTHER * 3 + ["411500", "411600", "320300", "370800", "420100", "360100", "330100"]
SCAM_DOMESTIC = ["450100", "450600", "532800", "533100", "350500", "460400", "440900", "445200", "441500",
                 "530100", "350300"]
SCAM_FOREIGN = [("MM", "+95"), ("KH", "+855"), ("PH", "+63"), ("LA", "+856"), ("TH", "+66"),
                ("MY", "+60"), ("AE", "+971"), ("VN", "+84")]
ABROAD = [("US", "+1"), ("GB", "+44"), ("AU", "+61"), ("CA", "+1"), ("JP", "+81"), ("SG", "+65"),
          ("DE", "+49"), ("NZ", "+64"), ("KR", "+82")]
ABROAD_UTC = {"US": -5, "CA": -5, "GB": 0, "AU": 11, "JP": 9, "SG": 8, "DE": 1, "NZ": 13, "KR": 9}

IP_LOCAL_MOBILE = ["112.26", "120.209", "223.104", "39.144", "112.122", "60.166", "114.97", "223.240"]
IP_LOCAL_HOME = ["114.96", "60.168", "36.5", "117.65", "58.243", "112.123", "183.162"]
IP_SCAM = ["113.15", "116.55", "113.108", "117.136", "183.6", "103.216", "43.252", "103.85", "112.198",
           "175.176", "27.109"]

DISTRICTS = ["蜀山", "包河", "庐阳", "瑶海", "政务", "高新", "经开", "肥西", "肥东", "长丰"]

MERCHANT_TYPES = [  # key, name, weight, median yuan, sigma, owner-run
    ("breakfast", "早餐店", 8, 9, 0.45, True), ("noodle", "牛肉面馆", 10, 22, 0.35, True),
    ("restaurant", "餐馆", 10, 110, 0.7, True), ("hotpot", "火锅店", 4, 220, 0.5, True),
    ("milktea", "奶茶店", 7, 17, 0.3, True), ("convenience", "便利店", 12, 16, 0.7, False),
    ("supermarket", "超市", 8, 80, 0.8, False), ("fruit", "水果店", 6, 32, 0.5, True),
    ("market", "菜摊", 10, 22, 0.6, True), ("pharmacy", "大药房", 5, 65, 0.8, False),
    ("gas", "加油站", 3, 260, 0.35, False), ("barber", "理发店", 4, 48, 0.6, True),
    ("clinic", "社区诊所", 2, 120, 0.8, True), ("bakery", "面包房", 4, 28, 0.5, True),
    ("hardware", "五金店", 2, 55, 0.9, True),
]
CHAINS = {"convenience": ["罗森", "全家", "快乐番薯", "见福"], "supermarket": ["合家福", "华润万家", "永辉", "大润发"],
          "pharmacy": ["国胜大药房", "益丰大药房", "老百姓大药房"], "gas": ["中石化", "中石油"]}

RED_PACKETS = [6.66, 8.88, 16.8, 18.8, 20, 50, 52, 66, 88, 100, 128, 168, 188, 200, 200, 300, 500, 520, 666, 888,
               1000, 1111, 1314]
TASK_AMOUNTS = [1288, 1888, 2888, 3888, 5888, 6888, 8888, 9888, 12888, 16888, 19888, 26888, 38888, 48888,
                58888, 88888]
GOLD_PRICE = 945  # yuan per gram, autumn 2025


def lognorm(rng, median, sigma):
    return median * math.exp(sigma * rng.gauss(0.0, 1.0))


def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    l, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= l:
            return k
        k += 1


def wchoice(rng, items, weights):
    return rng.choices(items, weights)[0]


def yuan_to_fen(y):
    return max(1, int(round(y * 100)))


def roundy(y, step):
    return max(step, int(round(y / step)) * step)


# hour-of-day profiles (local time)
PROFILES = {
    "meal": [0.3, 0.15, 0.05, 0, 0, 0.2, 1.5, 4, 4, 2, 1.5, 5, 6, 3, 1.5, 1.5, 2, 4, 5, 4, 3, 2.5, 1.5, 0.7],
    "shop": [1.5, 0.8, 0.3, 0.1, 0.1, 0.1, 0.3, 1, 1.5, 2, 2.5, 3, 3, 2.5, 2.5, 2.5, 2.5, 2.5, 3, 4, 5, 5.5, 4.5, 3],
    "call": [0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.4, 1.5, 3, 4.5, 5, 4.5, 3, 3, 4, 4.5, 4.5, 4, 3.5, 3.5, 3, 2, 1, 0.5],
    "work": [0, 0, 0, 0, 0, 0, 0, 0.2, 1.5, 4, 5, 4, 2, 2.5, 4.5, 5, 4.5, 3, 1, 0.2, 0, 0, 0, 0],
    "evening": [1, 0.5, 0.2, 0.1, 0, 0, 0.1, 0.3, 0.5, 0.8, 1, 1.5, 2, 1.5, 1, 1, 1.2, 1.5, 2.5, 4, 5, 5, 4, 2.5],
    "elder": [0, 0, 0, 0, 0, 0.3, 2, 4, 5, 5, 4.5, 3, 1.5, 1.5, 3, 3.5, 3, 2, 1, 0.8, 0.5, 0.2, 0, 0],
    "day": [0, 0, 0, 0, 0, 0, 0.2, 1, 2, 3, 3.5, 3.5, 2.5, 2.5, 3, 3.5, 3.5, 3, 2.5, 2, 1.5, 1, 0.3, 0.1],
}
CUM = {}
for _k, _w in PROFILES.items():
    _c, _s = [], 0.0
    for _x in _w:
        _s += _x
        _c.append(_s)
    CUM[_k] = _c


def t_in_day(rng, day, profile):
    c = CUM[profile]
    h = bisect.bisect_right(c, rng.random() * c[-1])
    h = min(h, 23)
    return START_MS + day * DAY + h * HOUR + rng.randrange(HOUR)


def t_at(rng, day, h0, h1):
    """uniform time between local hours h0 and h1 of day"""
    return START_MS + day * DAY + int((h0 + rng.random() * (h1 - h0)) * HOUR)


def local_hour(ts):
    return ((ts - START_MS) % DAY) / HOUR


# --------------------------------------------------------------------------------------------
# entities
# --------------------------------------------------------------------------------------------
class Person:
    __slots__ = ("i", "phone", "op", "pkind", "region", "name", "female", "role", "age", "district",
                 "accounts", "kyc", "device", "pc", "ip_m", "ip_h", "contacts", "family", "employer",
                 "favs", "abroad", "rates", "parent_phone", "parent_acct", "mule_cards", "victim", "owned")

    def __init__(self):
        self.contacts, self.family, self.favs, self.mule_cards, self.owned = [], [], [], [], []
        self.victim = None
        self.abroad = None
        self.parent_phone = self.parent_acct = None
        self.employer = None
        self.pc = None


class Merchant:
    __slots__ = ("name", "mtype", "median", "sigma", "district", "acct", "alipay", "tenpay", "terminal",
                 "owner", "city", "takings")


class Card:
    """a scam-controlled account (mule)"""
    __slots__ = ("acct", "layer", "start", "end", "max_uses", "uses", "inbound", "mode", "owner", "device",
                 "ip", "phone", "group", "rebate_out", "channel", "delay_med", "limit")


class Ring:
    def __init__(self, name, typos, houses):
        self.name, self.typos, self.houses = name, typos, houses
        self.cards = []
        self.numbers = {}
        self.devices, self.ips = [], []
        self.used_numbers = []  # (number, kind, first_ts)


class House:
    """laundering house (水房) owning layer-2/3 cards"""

    def __init__(self, name, layers):
        self.name, self.layers = name, layers
        self.pools = {2: [], 3: []}
        self.devices, self.ips = [], []
        self.current = {2: None, 3: None}


# --------------------------------------------------------------------------------------------
# the world
# --------------------------------------------------------------------------------------------
class World:
    def __init__(self, persons, days, seed):
        self.N, self.days, self.seed = persons, days, seed
        self.END = START_MS + days * DAY
        self.events = []
        self.acct = {}  # account -> [bank, holder name, bound phone or None]
        self.phones_used = set()
        self.ids_used = set()
        self.txn_seq = {}
        self.call_seq = 0
        self.id_rng = self.rng("ids")
        self.victims = []
        self.scam_txns = []
        self.mules = []  # Card objects
        self.wl_rng = self.rng("watch")
        self.watch_later = []  # (ts, op, entity, value, list, reason)
        self.ring_numbers = []  # dicts for watch-list logic
        self.cc = {}
        self._days = {}

    def day_str(self, d):
        s = self._days.get(d)
        if s is None:
            s = self._days[d] = (START + timedelta(days=d)).strftime("%Y%m%d")
        return s

    def rng(self, name):
        return random.Random("e|%s|%s" % (self.seed, name))

    # ---------------- ids / numbers / accounts ----------------
    def uid(self):
        h = "%032x" % self.id_rng.getrandbits(128)
        return "%s-%s-4%s-%s-%s" % (h[:8], h[8:12], h[13:16], h[16:20], h[20:32])

    def new_phone(self, rng, op=None, virtual=False):
        while True:
            if virtual:
                pfx = rng.choice(VIRT_PFX)
            else:
                op = op or wchoice(rng, ["CM", "CT", "CU"], [55, 25, 20])
                pfx = rng.choice({"CM": CM_PFX, "CT": CT_PFX, "CU": CU_PFX}[op])
            ph = pfx + "%08d" % rng.randrange(10 ** 8)
            if ph not in self.phones_used:
                self.phones_used.add(ph)
                return ph

    def new_card(self, rng, bank, name, phone):
        bins, ln = BANK_INFO[bank]
        while True:
            b = rng.choice(bins)
            a = b + "".join(str(rng.randrange(10)) for _ in range(ln - len(b)))
            if a not in self.acct:
                self.acct[a] = [bank, name, phone]
                return a

    def new_corp(self, rng, bank, name, phone=None):
        ln = rng.choice([17, 18, 19, 20, 22])
        while True:
            a = str(rng.randrange(1, 10)) + "".join(str(rng.randrange(10)) for _ in range(ln - 1))
            if a not in self.acct:
                self.acct[a] = [bank, name, phone]
                return a

    def new_wallet(self, rng, which, name, phone=None):
        while True:
            if which == "ALIPAY":
                a = "2088" + "%012d" % rng.randrange(10 ** 12)
            else:
                a = "1" + "%09d" % rng.randrange(10 ** 9)
            if a not in self.acct:
                self.acct[a] = [which, name, phone]
                return a

    def person_name(self, rng, surname=None):
        s = surname or rng.choice(SURNAMES)
        return s + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2, 2])))

    def company_name(self, rng, city, kind):
        words = ["恒", "瑞", "鑫", "华", "盛", "泰", "德", "隆", "嘉", "宏", "信", "达", "源", "晟", "鼎", "丰", "博", "创"]
        return city + "".join(rng.choice(words) for _ in range(2)) + kind

    def local_ip(self, rng, home=False):
        p = rng.choice(IP_LOCAL_HOME if home else IP_LOCAL_MOBILE)
        return "%s.%d.%d" % (p, rng.randrange(256), rng.randrange(1, 255))

    def scam_ip(self, rng):
        return "%s.%d.%d" % (rng.choice(IP_SCAM), rng.randrange(256), rng.randrange(1, 255))

    def dev_id(self, rng):
        return "%016x" % rng.getrandbits(64)

    # ---------------- event emitters ----------------
    def txn(self, ts, payer, payee, amount, channel, device=None, ip=None, phone="bound", name=True):
        if ts >= self.END or ts < START_MS or amount <= 0:
            return None
        pb = self.acct[payer]
        qb = self.acct[payee]
        bank = pb[0]
        day = self.day_str((ts - START_MS) // DAY)
        seq = self.txn_seq.get(bank, 0) + 1
        self.txn_seq[bank] = seq
        tid = "%s%s%010d" % (bank, day, (seq * 7919 + 1000003) % 10 ** 10)
        ev = {"type": "transaction", "event_id": self.uid(), "ts_ms": int(ts), "txn_id": tid,
              "payer_account": payer, "payer_bank": bank}
        ph = pb[2] if phone == "bound" else phone
        if ph:
            ev["payer_phone"] = ph
        ev["payee_account"] = payee
        ev["payee_bank"] = qb[0]
        if name and qb[1] and bank not in NO_NAME_FEEDS:
            ev["payee_name"] = qb[1]
        ev["amount_fen"] = int(amount)
        if bank not in NO_CURRENCY_FEEDS:
            ev["currency"] = "CNY"
        ev["channel"] = channel
        if device:
            ev["device_id"] = device
        if ip:
            ev["ip"] = ip
        self.events.append(ev)
        return ev

    def call(self, ts, dur, caller, callee, kind, caller_region, callee_region, callee_op, spoof=False):
        if ts >= self.END or ts < START_MS:
            return None
        self.call_seq += 1
        op = callee_op or "CM"
        cid = "%s%s%02d%07d" % (op, self.day_str(int((ts - START_MS) // DAY))[4:], int(local_hour(ts)), self.call_seq)
        base = {"type": "call", "event_id": self.uid(), "ts_ms": int(ts), "phase": "start", "call_id": cid,
                "caller": caller, "callee": callee, "caller_kind": kind}
        if caller_region:
            base["caller_region"] = caller_region
        if callee_region:
            base["callee_region"] = callee_region
        if op == "CM":
            base["spoof_suspected"] = bool(spoof)
        elif op == "CT" and spoof:
            base["spoof_suspected"] = True
        dur = int(max(0, dur))
        end = dict(base)
        end["event_id"] = self.uid()
        end["phase"] = "end"
        end["ts_ms"] = int(ts + dur * SEC + (self.call_seq * 7919) % 900)
        end["duration_s"] = dur
        self.events.append(base)
        self.events.append(end)
        return base

    def person_call(self, ts, dur, caller, kind, region, p, spoof=False):
        return self.call(ts, dur, caller, p.phone, kind, region, p.region, p.op, spoof)

    def watch(self, ts, op, entity, value, lst, reason=None):
        if ts >= self.END or ts < START_MS:
            return
        ev = {"type": "watchlist", "event_id": self.uid(), "ts_ms": int(ts), "op": op, "entity": entity,
              "value": value, "list": lst}
        if reason:
            ev["reason"] = reason
        self.events.append(ev)

    # ---------------- person helpers ----------------
    def dev_for(self, p, channel, rng):
        """device id / ip a person's own transfer carries on a channel"""
        if channel in ("mobile_app", "third_party"):
            return p.device, (p.ip_h if rng.random() < 0.4 else p.ip_m)
        if channel == "online_banking":
            return (p.pc or p.device), p.ip_h
        if channel == "atm":
            return "ATM%s%05d" % (self.acct[p.accounts[0]][0], rng.randrange(3000)), None
        return None, None

    def pay_from(self, p, ts, payee, amount, channel, rng, acct=None):
        d, ip = self.dev_for(p, channel, rng)
        return self.txn(ts, acct or p.accounts[0], payee, amount, channel, d, ip)

    # =========================================================================================
    # population
    # =========================================================================================
    def build_population(self):
        rng = self.rng("pop")
        roles = ["student", "young", "mid", "retiree", "owner", "gig", "home"]
        rw = [7, 30, 29, 18, 6, 6, 4]
        self.persons = []
        bank_codes = [b[0] for b in BANKS]
        bank_w = [b[1] for b in BANKS]
        for i in range(self.N):
            p = Person()
            p.i = i
            p.role = wchoice(rng, roles, rw)
            p.age = {"student": (18, 23), "young": (22, 35), "mid": (36, 59), "retiree": (60, 86),
                     "owner": (28, 60), "gig": (20, 50), "home": (25, 55)}[p.role]
            p.age = rng.randint(*p.age)
            p.female = rng.random() < (0.5 if p.role != "home" else 0.85)
            p.district = rng.randrange(len(DISTRICTS))
            p.op = wchoice(rng, ["CM", "CT", "CU"], [55, 25, 20])
            virtual = rng.random() < (0.04 if p.role != "retiree" else 0.005)
            p.pkind = "virtual" if virtual else "mobile"
            p.phone = self.new_phone(rng, p.op, virtual)
            migrant = rng.random() < (0.15 if p.role not in ("retiree",) else 0.04) or p.role == "student" and rng.random() < 0.5
            p.region = rng.choice(MIGRANT_HOME) if migrant else HEFEI
            p.name = self.person_name(rng)
            nacc = wchoice(rng, [1, 2, 3], [45, 40, 15])
            banks = []
            while len(banks) < nacc:
                b = wchoice(rng, bank_codes, bank_w)
                if b not in banks:
                    banks.append(b)
            p.kyc = not (rng.random() < (0.08 if p.role == "retiree" else 0.02))
            p.accounts = []
            for k, b in enumerate(banks):
                bound = p.phone if (k > 0 or p.kyc) else None
                p.accounts.append(self.new_card(rng, b, p.name, bound))
            p.device = self.dev_id(rng)
            if rng.random() < (0.25 if p.role in ("mid", "owner") else 0.1):
                p.pc = "pc-%012x" % rng.getrandbits(48)
            p.ip_m = self.local_ip(rng)
            p.ip_h = self.local_ip(rng, home=True)
            if migrant or p.role == "student" or rng.random() < 0.2:
                p.parent_phone = self.new_phone(rng)
                pname = self.person_name(rng, p.name[0])
                bank = rng.choice(["ABC", "PSBC", "AHRCU", "CCB", "ICBC"])
                p.parent_acct = self.new_card(rng, bank, pname, p.parent_phone)
            if rng.random() < (0.035 if p.role in ("mid", "retiree", "owner") else 0.012):
                cc, pre = rng.choice(ABROAD)
                ph = pre + "".join(str(rng.randrange(10)) for _ in range(9 if pre != "+1" else 10))
                child = self.person_name(rng, p.name[0])
                acct = self.new_card(rng, rng.choice(["BOC", "ICBC", "CMB"]), child, None)
                p.abroad = (cc, ph, acct, child)
            base = {"student": (1.5, 0.7, 0.25), "young": (1.8, 0.6, 0.35), "mid": (1.6, 0.4, 0.35),
                    "retiree": (0.9, 0.12, 0.15), "owner": (1.6, 0.4, 0.45), "gig": (1.7, 0.45, 0.3),
                    "home": (1.8, 0.65, 0.3)}[p.role]
            m = lognorm(rng, 1.0, 0.35)
            p.rates = (base[0] * m, base[1] * lognorm(rng, 1.0, 0.5), base[2] * m, lognorm(rng, 1.0, 0.45))
            self.persons.append(p)
        # households and friends
        order = list(range(self.N))
        rng.shuffle(order)
        k = 0
        while k < self.N:
            size = wchoice(rng, [1, 2, 3, 4], [20, 35, 30, 15])
            hh = order[k:k + size]
            for a in hh:
                self.persons[a].family = [b for b in hh if b != a]
            k += size
        for p in self.persons:
            n = rng.randint(4, 16)
            same = [rng.randrange(self.N) for _ in range(n)]
            p.contacts = list(dict.fromkeys([c for c in p.family + same if c != p.i]))
        for p in self.persons:  # make contacts roughly mutual
            for c in p.contacts[:5]:
                q = self.persons[c]
                if p.i not in q.contacts and len(q.contacts) < 25:
                    q.contacts.append(p.i)

    def build_businesses(self):
        rng = self.rng("biz")
        # merchants
        self.merchants = []
        self.by_district = [[] for _ in DISTRICTS]
        owners = [p for p in self.persons if p.role == "owner"]
        n_merch = max(len(owners) + 20, self.N // 12)
        types = [m for m in MERCHANT_TYPES]
        tw = [m[2] for m in MERCHANT_TYPES]
        oi = 0
        for j in range(n_merch):
            mt = wchoice(rng, types, tw)
            m = Merchant()
            m.mtype, m.median, m.sigma = mt[0], mt[3], mt[4]
            m.district = rng.randrange(len(DISTRICTS))
            m.city = True
            m.takings = {}
            bank = wchoice(rng, [b[0] for b in BANKS], [b[1] for b in BANKS])
            if mt[5] and oi < len(owners):
                o = owners[oi]
                oi += 1
                m.owner = o.i
                m.name = "合肥市%s区%s%s" % (DISTRICTS[m.district], o.name[0] + rng.choice(["记", "家", "氏", "老"]), mt[1])
                m.acct = self.new_corp(rng, bank, m.name, o.phone)
                o.owned.append(j)
            else:
                m.owner = None
                chain = CHAINS.get(mt[0])
                if chain:
                    m.name = "%s（合肥%s店）" % (rng.choice(chain), DISTRICTS[m.district])
                else:
                    m.name = "合肥市%s区%s%s" % (DISTRICTS[m.district], rng.choice(SURNAMES) + "记", mt[1])
                m.acct = self.new_corp(rng, bank, m.name, None)
            m.alipay = self.new_wallet(rng, "ALIPAY", m.name)
            m.tenpay = self.new_wallet(rng, "TENPAY", m.name)
            m.terminal = "T%08d" % rng.randrange(10 ** 8)
            self.merchants.append(m)
            self.by_district[m.district].append(j)
        for p in self.persons:
            loc = self.by_district[p.district] or list(range(len(self.merchants)))
            n = rng.randint(6, 14)
            p.favs = [rng.choice(loc) for _ in range(n)] + [rng.randrange(len(self.merchants)) for _ in range(3)]
        # settlement accounts of the payment institutions
        self.settle = {"ALIPAY": [self.new_wallet(rng, "ALIPAY", "支付宝（中国）网络技术有限公司") for _ in range(2)],
                       "TENPAY": [self.new_wallet(rng, "TENPAY", "财付通支付科技有限公司") for _ in range(2)]}
        # platforms
        P = {}
        P["taobao"] = self.new_wallet(rng, "ALIPAY", "浙江天猫网络有限公司")
        P["taobao2"] = self.new_wallet(rng, "ALIPAY", "淘宝（中国）软件有限公司")
        P["jd"] = self.new_corp(rng, "CCB", "北京京东世纪贸易有限公司")
        P["jd_wx"] = self.new_wallet(rng, "TENPAY", "北京京东世纪贸易有限公司")
        P["pdd"] = self.new_wallet(rng, "TENPAY", "上海寻梦信息技术有限公司")
        P["pdd_ali"] = self.new_wallet(rng, "ALIPAY", "上海寻梦信息技术有限公司")
        P["douyin"] = self.new_wallet(rng, "ALIPAY", "北京抖音信息服务有限公司")
        P["meituan"] = self.new_wallet(rng, "TENPAY", "北京三快在线科技有限公司")
        P["eleme"] = self.new_wallet(rng, "ALIPAY", "上海拉扎斯信息科技有限公司")
        P["ctrip"] = self.new_corp(rng, "CMB", "上海携程商务有限公司")
        P["12306"] = self.new_corp(rng, "ICBC", "中国铁路网络有限公司")
        P["didi"] = self.new_wallet(rng, "TENPAY", "北京小桔科技有限公司")
        self.platforms = P
        self.shop_platforms = [("taobao", 30), ("taobao2", 8), ("jd", 10), ("jd_wx", 8), ("pdd", 14),
                               ("pdd_ali", 4), ("douyin", 10), ("meituan", 14), ("eleme", 6), ("ctrip", 2),
                               ("12306", 2), ("didi", 5)]
        self.bills = [self.new_wallet(rng, "ALIPAY", "国网安徽省电力有限公司合肥供电公司"),
                      self.new_corp(rng, "CCB", "合肥供水集团有限公司"),
                      self.new_corp(rng, "ICBC", "合肥燃气集团有限公司"),
                      self.new_wallet(rng, "ALIPAY", "中国移动通信集团安徽有限公司"),
                      self.new_wallet(rng, "TENPAY", "中国电信股份有限公司安徽分公司")]
        self.property_cos = [self.new_corp(rng, "HSBANK", self.company_name(rng, "合肥", "物业管理有限公司"))
                             for _ in range(max(5, self.N // 400))]
        # lenders (loan disbursements)
        self.lenders = [self.new_corp(rng, "CMB", "重庆蚂蚁消费金融有限公司"),
                        self.new_corp(rng, "CITIC", "深圳前海微众银行股份有限公司"),
                        self.new_corp(rng, "ICBC", "招联消费金融股份有限公司"),
                        self.new_corp(rng, "CCB", "马上消费金融股份有限公司")]
        # employers
        workers = [p for p in self.persons if p.role in ("young", "mid")]
        n_emp = max(8, len(workers) // 30)
        self.employers = []
        for e in range(n_emp):
            nm = self.company_name(rng, "合肥", rng.choice(["科技有限公司", "电子有限公司", "建设工程有限公司", "贸易有限公司",
                                                           "医药有限公司", "汽车零部件有限公司", "教育咨询有限公司"]))
            acct = self.new_corp(rng, wchoice(rng, [b[0] for b in BANKS], [b[1] for b in BANKS]), nm)
            payday = wchoice(rng, [10, 15, 5, 20, 25, 28], [30, 30, 10, 12, 10, 8])
            self.employers.append({"name": nm, "acct": acct, "payday": payday, "staff": [],
                                   "big": rng.random() < 0.15})
        for p in workers:
            if rng.random() < 0.85:
                e = self.employers[min(n_emp - 1, int(rng.paretovariate(1.2)) - 1 if rng.random() < 0.3
                                       else rng.randrange(n_emp))]
                e["staff"].append(p.i)
                p.employer = e
        self.social_sec = self.new_corp(rng, "CCB", "合肥市社会保险基金管理中心")
        self.meituan_pay = self.new_corp(rng, "CMB", "北京三快在线科技有限公司")
        self.didi_pay = self.new_corp(rng, "CMB", "滴滴出行科技有限公司")
        # wholesalers / suppliers
        self.wholesalers = []
        for _ in range(max(10, self.N // 150)):
            city = rng.random() < 0.7
            nm = self.company_name(rng, "合肥" if city else rng.choice(["南京", "杭州", "临沂", "义乌", "郑州"]),
                                   rng.choice(["商贸有限公司", "食品批发部", "农副产品经营部", "日用品批发部"]))
            self.wholesalers.append(self.new_corp(rng, rng.choice(["ICBC", "CCB", "ABC", "HSBANK", "AHRCU", "CMB"]), nm))
        # big-ticket sellers (new payees)
        self.big_sellers = {}
        for kind, names, nn in [("car", ["汽车销售服务有限公司"], 6), ("deco", ["装饰工程有限公司", "家居有限公司"], 8),
                                ("appliance", ["电器有限公司"], 4), ("school", ["教育科技有限公司", "职业培训学校"], 6),
                                ("hospital", ["第一人民医院", "妇幼保健院", "口腔医院"], 4),
                                ("estate", ["置业有限公司"], 4), ("agency", ["房地产经纪有限公司", "出入境服务有限公司", "驾驶员培训有限公司"], 8)]:
            self.big_sellers[kind] = [self.new_corp(rng, rng.choice(["ICBC", "CCB", "BOC", "HSBANK", "CMB", "BOCOM"]),
                                                    self.company_name(rng, "合肥", rng.choice(names))) for _ in range(nn)]
        # Shenzhen gold dealers and top-up card merchants: legit, also used by launderers
        self.gold = [self.new_corp(rng, rng.choice(["PAB", "CMB", "ICBC", "CGB"]),
                                   self.company_name(rng, "深圳市", "黄金珠宝有限公司")) for _ in range(5)]
        self.topup = [self.new_corp(rng, rng.choice(["PAB", "CEB", "CMBC"]),
                                    self.company_name(rng, rng.choice(["深圳市", "广州市", "东莞市"]), "网络科技有限公司"))
                      for _ in range(4)]
        self.brokers = {"HTSC": "华泰证券", "CITICS": "中信证券", "GYZQ": "国元证券", "GTJA": "国泰海通证券", "HAZQ": "华安证券"}
        # other external payees for first-time payments (tutors, second-hand sellers, small firms)
        self.ext_people = []
        for _ in range(max(200, self.N // 8)):
            nm = self.person_name(rng)
            b = rng.choice([b[0] for b in BANKS] + [b[0] for b in EXT_BANKS])
            self.ext_people.append(self.new_card(rng, b, nm, self.new_phone(rng)))

    # =========================================================================================
    # ordinary life
    # =========================================================================================
    def gen_life(self):
        rng = self.rng("life")
        for p in self.persons:
            for d in range(self.days):
                self.life_day(p, d, rng)
        self.merchant_settlement(self.rng("settle"))

    def day_date(self, d):
        return (START + timedelta(days=d)).date()

    def life_day(self, p, d, rng):
        date = self.day_date(d)
        wk = date.weekday()
        d11 = 2.5 if (date.month == 11 and date.day == 11) else (1.5 if (date.month == 11 and date.day == 10) else 1.0)
        courier = 1.9 if (date.month == 11 and 12 <= date.day <= 18) else 1.0
        r_m, r_o, r_p, r_c = p.rates
        weekend = 1.15 if wk >= 5 else 1.0
        for _ in range(poisson(rng, r_m * weekend)):
            self.pay_merchant(p, d, rng)
        for _ in range(poisson(rng, r_o * d11)):
            self.shop_online(p, d, rng, d11 > 2)
        for _ in range(poisson(rng, r_p)):
            self.p2p(p, d, rng)
        if rng.random() < 0.05:
            self.pay_bill(p, d, rng)
        if rng.random() < 0.07:
            self.first_time_payee(p, d, rng)
        if rng.random() < 0.025:
            self.own_transfer(p, d, rng)
        if p.parent_acct and rng.random() < 0.035:
            self.parent_money(p, d, rng)
        # calls
        out_rate = {"owner": 1.8, "retiree": 0.7, "student": 0.6}.get(p.role, 1.0) * r_c
        for _ in range(poisson(rng, out_rate)):
            self.social_call(p, d, rng)
        for _ in range(poisson(rng, 0.28 * courier * (0.5 if p.role == "retiree" else 1.0))):
            self.courier_call(p, d, rng)
        for _ in range(poisson(rng, 0.14 if p.role != "retiree" else 0.03)):
            self.rider_call(p, d, rng)
        for _ in range(poisson(rng, 0.16)):
            self.marketing_call(p, d, rng)
        if rng.random() < 0.08:
            self.service_call(p, d, rng)
        if p.parent_phone and rng.random() < 0.18:
            dur = int(clamp(lognorm(rng, 240, 0.9), 10, 5400))
            self.person_call(t_in_day(rng, d, "evening"), dur, p.parent_phone, "mobile", p.region, p)
        if rng.random() < 0.25:
            self.outbound_call(p, d, rng)

    # ---- payments ----
    def pay_merchant(self, p, d, rng):
        if rng.random() < 0.85:
            mi = rng.choice(p.favs)
        else:
            mi = rng.randrange(len(self.merchants))
        m = self.merchants[mi]
        prof = "elder" if p.role == "retiree" else ("meal" if m.mtype in ("breakfast", "noodle", "restaurant",
                                                                             "milktea", "bakery", "hotpot") else "day")
        ts = t_in_day(rng, d, prof)
        y = lognorm(rng, m.median, m.sigma)
        amount = yuan_to_fen(round(y, 1) if rng.random() < 0.6 else round(y))
        r = rng.random()
        if r < (0.62 if p.role != "retiree" else 0.4):
            w = "ALIPAY" if rng.random() < 0.45 else "TENPAY"
            payee = m.alipay if w == "ALIPAY" else m.tenpay
            ev = self.txn(ts, p.accounts[0], payee, amount, "third_party", p.device, p.ip_m)
            if ev:
                key = (d, w)
                m.takings[key] = m.takings.get(key, 0) + amount
        elif r < 0.85:
            self.txn(ts, p.accounts[rng.randrange(len(p.accounts))], m.acct, amount, "pos", m.terminal, None)
        else:
            self.txn(ts, p.accounts[0], m.acct, amount, "mobile_app", p.device, p.ip_m)

    def shop_online(self, p, d, rng, peak):
        key = wchoice(rng, [k for k, _ in self.shop_platforms], [w for _, w in self.shop_platforms])
        payee = self.platforms[key]
        if key in ("meituan", "eleme"):
            y = lognorm(rng, 32, 0.45)
            ts = t_in_day(rng, d, "meal")
        elif key in ("ctrip", "12306"):
            y = lognorm(rng, 380, 0.7)
            ts = t_in_day(rng, d, "day")
        elif key == "didi":
            y = lognorm(rng, 28, 0.6)
            ts = t_in_day(rng, d, "day")
        else:
            y = lognorm(rng, 260 if peak else 120, 1.0)
            if peak and rng.random() < 0.35:
                ts = START_MS + d * DAY + rng.randrange(2 * HOUR)  # midnight final-payment rush
            else:
                ts = t_in_day(rng, d, "shop")
        amount = yuan_to_fen(round(y, 2))
        channel = "third_party" if self.acct[payee][0] in ("ALIPAY", "TENPAY") else "mobile_app"
        ev = self.pay_from(p, ts, payee, amount, channel, rng)
        if ev and key not in ("meituan", "eleme", "didi") and rng.random() < (0.09 if peak else 0.04):
            # refund days later, sometimes after a platform service call
            rts = ts + int(lognorm(rng, 2.0, 0.6) * DAY)
            if rng.random() < 0.3:
                cts = rts - rng.randrange(5 * MIN, 90 * MIN)
                self.person_call(cts, int(clamp(lognorm(rng, 200, 0.6), 30, 1500)),
                                 rng.choice(["95188", "950618", "95017"]) if rng.random() < 0.5 else
                                 "95013" + "%07d" % rng.randrange(10 ** 7),
                                 rng.choice(["landline", "voip"]), None, p)
            self.txn(rts, self.platforms[key], p.accounts[0], amount if rng.random() < 0.8 else amount // 2,
                     "online_banking", phone=None)

    def p2p(self, p, d, rng):
        if not p.contacts:
            return
        q = self.persons[rng.choice(p.contacts)]
        fam = q.i in p.family
        if fam and rng.random() < 0.25:
            y = roundy(lognorm(rng, 1500, 0.9), 100)
        elif rng.random() < 0.5:
            y = rng.choice(RED_PACKETS)
        else:
            y = round(lognorm(rng, 90, 1.0), rng.choice([0, 0, 1, 2]))
        if rng.random() < 0.01:
            y = roundy(lognorm(rng, 20000, 0.6), 1000)  # lending money to a friend / family support
        ts = t_in_day(rng, d, "evening" if rng.random() < 0.6 else "day")
        ch = wchoice(rng, ["third_party", "mobile_app", "online_banking", "atm", "counter"],
                     [50, 44, 3, 2 if p.role == "retiree" else 0.3, 2 if p.role == "retiree" else 0.2])
        self.pay_from(p, ts, q.accounts[0], yuan_to_fen(y), ch, rng)

    def pay_bill(self, p, d, rng):
        if rng.random() < 0.25:
            payee = rng.choice(self.property_cos)
            y = roundy(lognorm(rng, 600, 0.6), 1)
        else:
            payee = rng.choice(self.bills)
            y = rng.choice([30, 50, 100, 100, 200]) if rng.random() < 0.5 else round(lognorm(rng, 120, 0.6), 2)
        ch = "third_party" if self.acct[payee][0] in ("ALIPAY", "TENPAY") else "mobile_app"
        self.pay_from(p, t_in_day(rng, d, "day"), payee, yuan_to_fen(y), ch, rng)

    def first_time_payee(self, p, d, rng):
        payee = rng.choice(self.ext_people)
        y = round(lognorm(rng, 260, 1.1))
        ch = wchoice(rng, ["third_party", "mobile_app", "online_banking"], [55, 40, 5])
        self.pay_from(p, t_in_day(rng, d, "day"), payee, yuan_to_fen(clamp(y, 5, 30000)), ch, rng)

    def own_transfer(self, p, d, rng):
        ts = t_in_day(rng, d, "day")
        if len(p.accounts) > 1:
            a, b = rng.sample(p.accounts, 2)
            y = roundy(lognorm(rng, 3000, 1.0), 100)
            self.txn(ts, a, b, yuan_to_fen(y), "mobile_app", p.device, p.ip_m)
        else:  # credit-card repayment to own card at another bank
            cc = self.acct_cc(p, rng)
            y = round(lognorm(rng, 2500, 0.9), 2)
            self.txn(ts, p.accounts[0], cc, yuan_to_fen(y), "mobile_app", p.device, p.ip_m)

    def acct_cc(self, p, rng):
        if p.i not in self.cc:
            bank = rng.choice(["CMB", "CITIC", "SPDB", "CMBC", "BOCOM", "CIB"])
            self.cc[p.i] = self.new_card(rng, bank, p.name, p.phone)
        return self.cc[p.i]

    def parent_money(self, p, d, rng):
        ts = t_in_day(rng, d, "evening")
        if p.role == "student":  # allowance from parents
            y = roundy(lognorm(rng, 1500, 0.4), 100)
            self.txn(ts, p.parent_acct, p.accounts[0], yuan_to_fen(y), "mobile_app",
                     "%016x" % (hash_ms(p.parent_phone) * 7919), None)
        else:
            y = roundy(lognorm(rng, 1200, 0.7), 100)
            ch = wchoice(rng, ["mobile_app", "third_party"], [60, 40])
            self.pay_from(p, ts, p.parent_acct, yuan_to_fen(y), ch, rng)

    # ---- calls ----
    def social_call(self, p, d, rng):
        if not p.contacts:
            return
        q = self.persons[rng.choice(p.contacts)]
        fam = q.i in p.family
        dur = int(clamp(lognorm(rng, 160 if fam else 70, 1.1), 1, 7200))
        self.call(t_in_day(rng, d, "call"), dur, p.phone, q.phone, p.pkind, p.region, q.region, q.op)

    def courier_call(self, p, d, rng):
        ts = t_at(rng, d, 8, 20.5)
        if rng.random() < 0.6:
            caller, kind = self.new_phone(rng, virtual=True), "virtual"
        else:
            caller, kind = self.new_phone(rng), "mobile"
        dur = int(clamp(lognorm(rng, 30, 0.6), 3, 600))
        self.person_call(ts, dur, caller, kind, HEFEI if rng.random() < 0.8 else None, p)

    def rider_call(self, p, d, rng):
        ts = t_in_day(rng, d, "meal")
        r = rng.random()
        if r < 0.55:
            caller, kind, reg = self.new_phone(rng, virtual=True), "virtual", HEFEI
        elif r < 0.8:
            caller, kind, reg = "95017" + "%06d" % rng.randrange(10 ** 6), "voip", None
        else:
            caller, kind, reg = self.new_phone(rng), "mobile", rng.choice([HEFEI] + MIGRANT_HOME)
        self.person_call(ts, int(clamp(lognorm(rng, 22, 0.6), 2, 300)), caller, kind, reg, p)

    def marketing_call(self, p, d, rng):
        ts = t_at(rng, d, 9, 20)
        r = rng.random()
        if r < 0.6:
            caller, kind, reg = self.new_phone(rng), "mobile", rng.choice(MIGRANT_HOME + [HEFEI] * 5 + SCAM_DOMESTIC[:3])
        elif r < 0.85:
            caller, kind, reg = "0551" + "%08d" % rng.randrange(10 ** 8), "landline", HEFEI
        else:
            caller, kind, reg = self.new_phone(rng, virtual=True), "virtual", rng.choice([HEFEI, "320100", "310000"])
        if rng.random() < 0.04:
            dur = int(clamp(lognorm(rng, 600, 0.6), 120, 3600))  # insurance/loan agent who gets talking
        else:
            dur = int(clamp(lognorm(rng, 25, 1.0), 0, 900))
        self.person_call(ts, dur, caller, kind, reg, p)

    def service_call(self, p, d, rng):
        ts = t_at(rng, d, 9, 18)
        r = rng.random()
        if r < 0.35:
            caller, kind, reg = BANK_HOTLINE[self.acct[p.accounts[0]][0]], "landline", None
        elif r < 0.6:
            caller, kind, reg = "0551" + "%08d" % rng.randrange(10 ** 8), "landline", HEFEI  # hospital, school, property
        elif r < 0.8:
            caller, kind, reg = rng.choice(PLATFORM_HOTLINES + GOV_HOTLINES), "landline", None
        elif r < 0.97:
            caller, kind, reg = "95013" + "%07d" % rng.randrange(10 ** 7), "voip", None  # cloud call centre
        else:
            cc, pre = rng.choice(ABROAD)
            caller, kind, reg = pre + "%09d" % rng.randrange(10 ** 9), "international", cc  # business contact
        spoof = rng.random() < 0.003  # verification false positive
        self.person_call(ts, int(clamp(lognorm(rng, 140, 0.9), 5, 3600)), caller, kind, reg, p, spoof)

    def outbound_call(self, p, d, rng):
        ts = t_in_day(rng, d, "call")
        callee = self.new_phone(rng) if rng.random() < 0.9 else "0551" + "%08d" % rng.randrange(10 ** 8)
        self.call(ts, int(clamp(lognorm(rng, 60, 1.0), 1, 3600)), p.phone, callee, p.pkind, p.region,
                  rng.choice([HEFEI, HEFEI] + MIGRANT_HOME), rng.choice(["CM", "CT", "CU"]))

    # ---- merchant back office ----
    def merchant_settlement(self, rng):
        for mi, m in enumerate(self.merchants):
            for (d, w), tot in sorted(m.takings.items()):
                ts = START_MS + (d + 1) * DAY + rng.randrange(int(1.5 * HOUR), 6 * HOUR)
                fee = int(tot * 0.006)
                self.txn(ts, rng.choice(self.settle[w]), m.acct, tot - fee, "online_banking", phone=None)
            if m.owner is None:
                continue
            o = self.persons[m.owner]
            for d in range(self.days):
                if rng.random() < 0.35:  # sweep takings to the owner's own card
                    ts = t_at(rng, d, 21, 23.5)
                    self.txn(ts, m.acct, o.accounts[0], yuan_to_fen(roundy(lognorm(rng, 2500, 0.7), 100)),
                             "mobile_app", o.device, o.ip_h)
                if rng.random() < 0.3:  # pay a wholesaler
                    ts = t_at(rng, d, 5, 11)
                    ws = self.wholesalers[(mi * 7 + (0 if rng.random() < 0.8 else rng.randrange(9))) % len(self.wholesalers)]
                    self.txn(ts, m.acct, ws, yuan_to_fen(round(lognorm(rng, 3500, 0.8))), "mobile_app",
                             o.device, o.ip_m)

    # =========================================================================================
    # legit traps
    # =========================================================================================
    def gen_legit_traps(self):
        rng = self.rng("traps")
        self.payroll(rng)
        self.gig_payouts(rng)
        self.labour_dispatch(rng)
        self.group_buy(rng)
        self.family_relay(rng)
        self.weddings(rng)
        self.family_abroad(rng)
        self.big_purchases(rng)
        self.own_brokerage(rng)
        self.call_then_fee(rng)
        self.gold_buyers(rng)
        self.elderly_counter(rng)

    def payroll(self, rng):
        for d in range(self.days):
            date = self.day_date(d)
            for e in self.employers:
                if e["payday"] != date.day:
                    continue
                staff = e["staff"]
                ts = t_at(rng, d, 9, 16)
                for k, pi in enumerate(staff):
                    p = self.persons[pi]
                    y = lognorm(rng, 6500 if p.role == "young" else 8200, 0.35)
                    self.txn(ts + k * rng.randrange(300, 2500), e["acct"], p.accounts[0],
                             yuan_to_fen(round(y, 2)), "online_banking", "pc-%012x" % (hash_ms(e["acct"]) & 0xffffffffffff),
                             None, phone=None)
            if date.day == 15:  # pension batch
                ts = t_at(rng, d, 6, 8)
                k = 0
                for p in self.persons:
                    if p.role == "retiree":
                        k += 1
                        y = lognorm(rng, 3300, 0.35)
                        self.txn(ts + k * rng.randrange(50, 400), self.social_sec, p.accounts[0],
                                 yuan_to_fen(round(y, 2)), "online_banking", phone=None)

    def gig_payouts(self, rng):
        gigs = [p for p in self.persons if p.role == "gig"]
        for d in range(self.days):
            date = self.day_date(d)
            ts = t_at(rng, d, 2, 4)
            for k, p in enumerate(gigs):
                if p.i % 3 == 0:
                    if date.weekday() == 1:  # Didi weekly payout
                        self.txn(ts + k * 700, self.didi_pay, p.accounts[0], yuan_to_fen(round(lognorm(rng, 2600, 0.4), 2)),
                                 "online_banking", phone=None)
                elif rng.random() < 0.8:  # rider daily payout
                    self.txn(ts + k * 500, self.meituan_pay, p.accounts[0], yuan_to_fen(round(lognorm(rng, 260, 0.4), 2)),
                             "online_banking", phone=None)

    def labour_dispatch(self, rng):
        n = max(1, self.N // 4000)
        pool = [p for p in self.persons if p.role in ("young", "mid", "gig") and p.employer is None]
        for j in range(n):
            firm = self.new_corp(rng, "HSBANK", self.company_name(rng, "合肥", "人力资源服务有限公司"))
            staff = rng.sample(pool, min(len(pool), rng.randint(40, 110)))
            client = self.new_corp(rng, "ICBC", self.company_name(rng, "合肥", "电子科技股份有限公司"))
            d = min(self.days - 1, rng.randint(3, 6))
            ts = t_at(rng, d, 10, 15)
            wages = [yuan_to_fen(round(lognorm(rng, 4800, 0.25))) for _ in staff]
            total = int(sum(wages) * 1.08)
            self.txn(ts, client, firm, total, "online_banking", phone=None)
            t = ts + rng.randrange(5 * MIN, 40 * MIN)
            dev = "pc-%012x" % rng.getrandbits(48)
            for p, w in zip(staff, wages):
                t += rng.randrange(2 * SEC, 15 * SEC)
                self.txn(t, firm, p.accounts[0], w, "online_banking", dev, self.local_ip(rng, True), phone=None)

    def group_buy(self, rng):
        leaders = rng.sample(self.persons, max(3, self.N // 350))
        for L in leaders:
            if L.victim or L.mule_cards:
                continue
            supplier = rng.choice(self.wholesalers)
            neigh = [p for p in self.persons if p.district == L.district]
            regulars = rng.sample(neigh, min(len(neigh), 40))
            for d in range(self.days):
                if rng.random() < 0.4:
                    continue
                buyers = rng.sample(regulars, rng.randint(5, 25)) + rng.sample(neigh, rng.randint(0, 8))
                tot = 0
                for b in buyers:
                    if b.i == L.i:
                        continue
                    ts = t_at(rng, d, 8, 20)
                    a = yuan_to_fen(rng.choice([19.9, 25.8, 29.9, 39.9, 58, 68, 88]) * rng.randint(1, 3))
                    if self.pay_from(b, ts, L.accounts[0], a, "third_party" if rng.random() < 0.7 else "mobile_app", rng):
                        tot += a
                if tot:
                    self.pay_from(L, t_at(rng, d, 20.5, 23.5), supplier, int(tot * rng.uniform(0.8, 0.9)), "mobile_app", rng)

    def family_relay(self, rng):
        for p in rng.sample(self.persons, max(5, self.N // 200)):
            if not p.parent_acct:
                continue
            d = rng.randrange(self.days)
            ts = t_in_day(rng, d, "evening")
            sib = self.persons[rng.choice(p.family)] if p.family and rng.random() < 0.5 else None
            y = roundy(lognorm(rng, 8000, 0.8), 500)
            if sib:
                self.pay_from(sib, ts, p.accounts[0], yuan_to_fen(y), "mobile_app", rng)
            else:
                src = rng.choice(self.ext_people)
                self.txn(ts, src, p.accounts[0], yuan_to_fen(y), "mobile_app", self.dev_id(rng), None)
            t = ts + rng.randrange(2 * MIN, 40 * MIN)
            if rng.random() < 0.3:  # split over two cards of the parents / a new account
                tgt = self.new_card(rng, rng.choice(["ABC", "PSBC"]), self.acct[p.parent_acct][1], p.parent_phone)
                self.pay_from(p, t, p.parent_acct, yuan_to_fen(y / 2), "mobile_app", rng)
                self.pay_from(p, t + rng.randrange(30 * SEC, 5 * MIN), tgt, yuan_to_fen(y / 2), "mobile_app", rng)
            else:
                self.pay_from(p, t, p.parent_acct, yuan_to_fen(y), "mobile_app", rng)

    def weddings(self, rng):
        for _ in range(max(1, poisson(rng, self.N / 2500))):
            host = rng.choice(self.persons)
            wk = [d for d in range(self.days) if self.day_date(d).weekday() >= 5] or [0]
            d = rng.choice(wk)
            guests = list(dict.fromkeys(host.contacts + [rng.randrange(self.N) for _ in range(rng.randint(25, 60))]))
            for gi in guests:
                if gi == host.i:
                    continue
                g = self.persons[gi]
                y = rng.choice([200, 500, 600, 600, 800, 1000, 1000, 1688, 2000])
                self.pay_from(g, t_at(rng, d, 9, 14), host.accounts[0], y * Y, rng.choice(["third_party", "mobile_app"]), rng)
            hotel = self.new_corp(rng, "HSBANK", self.company_name(rng, "合肥", "酒店管理有限公司"))
            self.pay_from(host, t_at(rng, min(d + 1, self.days - 1), 10, 16) if d + 1 < self.days else t_at(rng, d, 15, 18),
                          hotel, yuan_to_fen(roundy(rng.uniform(30000, 90000), 100)), "mobile_app", rng)

    def family_abroad(self, rng):
        for p in self.persons:
            if not p.abroad or p.victim:
                continue
            cc, ph, acct, child = p.abroad
            for d in range(self.days):
                if rng.random() > 0.14:
                    continue
                # local hours that are waking hours in the other country
                off = ABROAD_UTC[cc] - 8
                cand = [h for h in range(7, 23) if 8 <= (h + off) % 24 <= 23]
                h = rng.choice(cand or [21])
                ts = START_MS + d * DAY + h * HOUR + rng.randrange(HOUR)
                dur = int(clamp(lognorm(rng, 2400, 0.6), 300, 9000))
                self.person_call(ts, dur, ph, "international", cc, p)
                if rng.random() < 0.35:
                    if rng.random() < 0.5:
                        tt = ts + rng.randrange(5 * MIN, max(6 * MIN, dur * SEC - MIN))
                    else:
                        tt = ts + dur * SEC + rng.randrange(2 * MIN, 3 * HOUR)
                    payee = acct
                    if rng.random() < 0.3:  # child's new card / a classmate's account in China
                        payee = self.new_card(rng, rng.choice(["BOC", "ICBC", "CMB", "CCB"]),
                                              child if rng.random() < 0.6 else self.person_name(rng), None)
                    y = roundy(lognorm(rng, 30000, 0.8), 1000)
                    ch = wchoice(rng, ["mobile_app", "online_banking", "counter"], [70, 15, 15])
                    for part in self.split(rng, yuan_to_fen(y), 50000 * Y if ch != "counter" else 10 ** 12):
                        self.pay_from(p, tt, payee, part, ch, rng)
                        tt += rng.randrange(40 * SEC, 4 * MIN)

    def big_purchases(self, rng):
        n = poisson(rng, self.N * self.days * 0.0014)
        for _ in range(n):
            p = rng.choice(self.persons)
            if p.role == "student" or p.victim:
                continue
            kind = wchoice(rng, ["car", "deco", "appliance", "school", "hospital", "estate"], [20, 25, 20, 12, 15, 8])
            rngs = {"car": (60000, 320000), "deco": (15000, 160000), "appliance": (6000, 45000),
                    "school": (5000, 40000), "hospital": (5000, 60000), "estate": (100000, 800000)}[kind]
            y = roundy(math.exp(rng.uniform(math.log(rngs[0]), math.log(rngs[1]))), 100 if rng.random() < 0.6 else 1)
            d = rng.randrange(self.days)
            ts = t_at(rng, d, 9, 20)
            payee = rng.choice(self.big_sellers[kind])
            if rng.random() < 0.4:  # bank's service line calls first (instalment approval, limit raise)
                bank = self.acct[p.accounts[0]][0]
                cts = ts - rng.randrange(3 * MIN, 80 * MIN)
                dur = int(clamp(lognorm(rng, 400, 0.6), 60, 2400))
                self.person_call(cts, dur, BANK_HOTLINE[bank] if rng.random() < 0.7 else "0551" + "%08d" % rng.randrange(10 ** 8),
                                 "landline", None if rng.random() < 0.7 else HEFEI, p)
                if rng.random() < 0.3:
                    ts = cts + rng.randrange(MIN, max(2 * MIN, dur * SEC))
            elif rng.random() < 0.3:  # salesman calls from his mobile
                self.person_call(ts - rng.randrange(5 * MIN, 3 * HOUR), int(clamp(lognorm(rng, 240, 0.7), 30, 1800)),
                                 self.new_phone(rng), "mobile", HEFEI, p)
            if kind in ("estate", "car") and rng.random() < 0.45 or p.role == "retiree" and rng.random() < 0.5:
                ch, lim = "counter", 10 ** 12
            elif kind in ("appliance", "hospital") and rng.random() < 0.5:
                ch, lim = "pos", 10 ** 12
            else:
                ch, lim = wchoice(rng, ["mobile_app", "online_banking"], [80, 20]), 200000 * Y
            t = ts
            for part in self.split(rng, yuan_to_fen(y), lim):
                if ch == "pos":
                    self.txn(t, p.accounts[0], payee, part, "pos", "T%08d" % rng.randrange(10 ** 8), None)
                else:
                    self.pay_from(p, t, payee, part, ch, rng)
                t += rng.randrange(30 * SEC, 3 * MIN)

    def own_brokerage(self, rng):
        for p in rng.sample(self.persons, self.N // 100):
            if p.role in ("student",) or p.victim:
                continue
            code = rng.choice(list(self.brokers))
            acct = self.new_corp(rng, code, p.name, p.phone)
            d = rng.randrange(max(1, self.days - 3))
            y = roundy(lognorm(rng, 20000, 0.6), 1000)
            while d < self.days:
                self.pay_from(p, t_at(rng, d, 9.3, 14.9), acct, yuan_to_fen(y), "mobile_app", rng, acct=p.accounts[-1])
                y = roundy(y * rng.uniform(1.3, 2.8), 1000)
                d += rng.choice([1, 1, 2])
                if rng.random() < 0.3:
                    break

    def call_then_fee(self, rng):
        for p in rng.sample(self.persons, max(3, self.N // 300)):
            if p.victim:
                continue
            d = rng.randrange(self.days)
            ts = t_at(rng, d, 9, 19)
            payee = rng.choice(self.big_sellers["agency"] + self.big_sellers["school"])
            dur = int(clamp(lognorm(rng, 500, 0.6), 120, 2400))
            caller, kind = (self.new_phone(rng), "mobile") if rng.random() < 0.8 else (self.new_phone(rng, virtual=True), "virtual")
            self.person_call(ts, dur, caller, kind, HEFEI, p)
            t = ts + dur * SEC + rng.randrange(2 * MIN, 4 * HOUR)
            for k in range(rng.randint(1, 3)):
                y = roundy(lognorm(rng, 3000, 0.7), 100)
                self.pay_from(p, t, payee, yuan_to_fen(y), rng.choice(["mobile_app", "third_party"]), rng)
                t += rng.randrange(10 * MIN, 20 * HOUR)

    def gold_buyers(self, rng):
        for p in rng.sample(self.persons, max(3, self.N // 250)):
            if p.victim:
                continue
            d = rng.randrange(self.days)
            ts = t_at(rng, d, 10, 21)
            if rng.random() < 0.4:
                self.person_call(ts - rng.randrange(5 * MIN, 2 * HOUR), int(clamp(lognorm(rng, 300, 0.7), 30, 2400)),
                                 self.new_phone(rng), "mobile", "440300", p)
            grams = rng.choice([10, 20, 20, 50, 50, 100])
            self.pay_from(p, ts, rng.choice(self.gold), (grams * (GOLD_PRICE + rng.randint(-10, 25)) + 15 * grams) * Y,
                          "mobile_app", rng)

    def elderly_counter(self, rng):
        olds = [p for p in self.persons if p.role == "retiree" and not p.victim]
        for p in rng.sample(olds, min(len(olds), max(3, self.N // 250))):
            d = rng.randrange(self.days)
            q = self.persons[rng.choice(p.family)] if p.family else None
            payee = q.accounts[0] if q else rng.choice(self.ext_people)
            self.txn(t_at(rng, d, 9, 16), p.accounts[0], payee, yuan_to_fen(roundy(lognorm(rng, 30000, 0.9), 1000)),
                     "counter")

    @staticmethod
    def split(rng, amount, limit):
        out = []
        while amount > limit:
            out.append(limit)
            amount -= limit
        if amount > 0:
            out.append(amount)
        return out

    # =========================================================================================
    # scams
    # =========================================================================================
    def setup_rings(self):
        rng = self.rng("rings")
        scale = max(1, round(self.N / 5000))
        self.houses = [House("WH%d" % k, 3 if k != 2 else 2) for k in range(3)]
        for h in self.houses:
            h.devices = [self.dev_id(rng) for _ in range(rng.randint(2, 4))]
            h.ips = [self.scam_ip(rng) for _ in range(3)]
            h.limit = rng.choice([49999, 49990, 19999, 49800])
        specs = [("R-police-SEA", ["impersonation_police"], [0, 1]),
                 ("R-cs-goip", ["fake_customer_service", "impersonation_police"], [2, 0]),
                 ("R-task-inv", ["task_rebate", "fake_investment"], [0, 2]),
                 ("R-pig", ["fake_investment"], [1]),
                 ("R-loan-task", ["loan_scam", "task_rebate"], [2, 1])]
        self.rings = []
        for s in range(scale):
            for name, typos, hs in specs:
                r = Ring("%s-%d" % (name, s), typos, [self.houses[h] for h in hs])
                r.devices = [self.dev_id(rng) for _ in range(rng.randint(2, 5))]
                r.ips = [self.scam_ip(rng) for _ in range(rng.randint(2, 4))]
                r.rented_share = rng.uniform(0.15, 0.35)
                r.corp_share = 0.2 if ("police" in name or "pig" in name) else 0.03
                r.qr_share = 0.25 if ("task" in name or "loan" in name) else 0.05
                r.card_life_h = rng.uniform(24, 60)
                r.card_uses = rng.randint(6, 14)
                r.limit = rng.choice([49999, 49990, 19999, 9999, 49900])
                r.region = rng.choice(SCAM_DOMESTIC)
                self.rings.append(r)

    def ring_number(self, ring, kind, ts, rng, fresh=False):
        """a number a ring calls from; pools rotate, GOIP mobiles change daily"""
        day = (ts - START_MS) // DAY
        key = (kind, day if kind == "mobile" else 0)
        pool = ring.numbers.setdefault(key, [])
        cap = {"mobile": 4, "virtual": 6, "voip": 5, "international": 6, "landline": 5, "unknown": 3}[kind]
        if fresh or len(pool) < cap and (not pool or rng.random() < 0.5):
            if kind == "mobile":
                num, reg = self.new_phone(rng), rng.choice(SCAM_DOMESTIC + [ring.region] * 3)
            elif kind == "virtual":
                num, reg = self.new_phone(rng, virtual=True), rng.choice(SCAM_DOMESTIC + ["110000", "310000", "440100"])
            elif kind == "voip":
                r = rng.random()
                if r < 0.4:
                    num = "0551" + "%08d" % rng.randrange(10 ** 8)
                elif r < 0.7:
                    num = "00" + "%010d" % rng.randrange(10 ** 10)
                else:
                    num = "%d" % rng.randrange(10 ** 9, 10 ** 11)
                reg = None if rng.random() < 0.6 else rng.choice(["HK", "MO", "TW"])
            elif kind == "international":
                cc, pre = rng.choice(SCAM_FOREIGN)
                num, reg = pre + "%09d" % rng.randrange(10 ** 9), cc
            elif kind == "landline":  # spoofed police / prosecutor / telecom landlines
                area, reg = rng.choice([("0551", HEFEI), ("010", "110000"), ("021", "310000"), ("0871", "530100"),
                                        ("028", "510100"), ("0551", HEFEI)])
                num = area + "%08d" % rng.randrange(10 ** 8)
            else:
                num, reg = "%d" % rng.randrange(1000, 9999999), None
            ent = {"num": num, "kind": kind, "region": reg, "ring": ring.name, "calls": 0, "victims": 0,
                   "first": ts, "prelisted": rng.random() < 0.10, "listed_at": None}
            if ent["prelisted"]:
                ent["listed_at"] = START_MS
            pool.append(ent)
            self.ring_numbers.append(ent)
            return ent
        return rng.choice(pool)

    def scam_call(self, victim, ring, kind, ts, dur, rng, spoof=None, number=None):
        ent = number or self.ring_number(ring, kind, ts, rng)
        if spoof is None:
            spoof = kind == "landline" and rng.random() < 0.7
        ent["calls"] += 1
        ent["victims"] += 1
        ent["first"] = min(ent["first"], ts)
        victim["numbers"].append(ent)
        self.person_call(ts, dur, ent["num"], ent["kind"], ent["region"], victim["p"], spoof)
        return ent

    def pick_victims(self):
        rng = self.rng("victims")
        total = int(round(self.N * rng.uniform(0.0125, 0.0175)))
        weights = {
            "impersonation_police": {"retiree": 3, "student": 2, "young": 1.4, "mid": 1, "home": 1, "owner": 0.5, "gig": 0.5},
            "fake_customer_service": {"young": 3, "mid": 2, "student": 2, "home": 2, "gig": 1.5, "retiree": 0.5, "owner": 1},
            "task_rebate": {"young": 3, "student": 3, "home": 3, "gig": 2, "mid": 1, "retiree": 0.3, "owner": 0.3},
            "fake_investment": {"mid": 3, "retiree": 2.5, "owner": 2, "young": 1, "home": 1.5, "student": 0.2, "gig": 0.5},
            "loan_scam": {"young": 3, "gig": 3, "student": 1.5, "home": 1.5, "mid": 1, "retiree": 0.2, "owner": 0.5},
        }
        typos = list(TYPO_MIX)
        chosen = set()
        out = []
        for _ in range(total):
            t = wchoice(rng, typos, [TYPO_MIX[k] for k in typos])
            w = weights[t]
            while True:
                p = self.persons[rng.randrange(self.N)]
                if p.i in chosen:
                    continue
                wt = w[p.role] * (1.3 if (t == "impersonation_police" and p.female) else 1.0)
                if rng.random() < wt / 3.9:
                    break
            chosen.add(p.i)
            rings = [r for r in self.rings if t in r.typos]
            ring = rng.choice(rings)
            v = {"p": p, "typology": t, "ring": ring, "steps": [], "numbers": []}
            p.victim = v
            out.append(v)
        self.victims = out

    # ---- typologies: each fills v["steps"] and emits its calls ----
    def victim_channel_dev(self, v, ch, rng, newdev=None):
        p = v["p"]
        if ch == "counter":
            return None, None
        if ch == "atm":
            return "ATM%s%05d" % (self.acct[p.accounts[0]][0], rng.randrange(3000)), None
        if newdev:
            return newdev, p.ip_m
        return self.dev_for(p, ch, rng)

    def pay_step(self, v, ts, amount, ch, rng, newdev=None, stick=False, acct=None, dev=None):
        if dev is None:
            d, ip = self.victim_channel_dev(v, ch, rng, newdev)
        else:
            d, ip = dev
        v["steps"].append({"k": "pay", "ts": int(ts), "amt": int(amount), "ch": ch, "dev": d, "ip": ip,
                           "stick": stick, "acct": acct or v["p"].accounts[0]})

    def scam_police(self, v, rng):
        p, ring = v["p"], v["ring"]
        d = rng.randrange(self.days)
        if self.day_date(d).weekday() >= 5 and rng.random() < 0.6:
            d = max(0, d - 2)  # "officials" work office hours
        t0 = t_at(rng, d, 9, 16.5)
        kinds = ["international", "voip", "virtual", "landline", "mobile"]
        kw = [30, 20, 20, 20, 10]
        nocall = rng.random() < 0.05  # contacted over a chat / video app only
        multi = rng.random() < 0.25  # told to raise funds; pays the next days, often at the counter
        during = (not nocall) and (not multi) and rng.random() < 0.55
        call = None
        if not nocall:
            if rng.random() < 0.4:  # "courier / medical insurance / telecom" first, then the "officer"
                k1 = wchoice(rng, ["virtual", "voip", "international", "mobile"], [35, 30, 20, 15])
                d1 = int(clamp(lognorm(rng, 480, 0.4), 120, 1500))
                self.scam_call(v, ring, k1, t0, d1, rng)
                t0 = t0 + d1 * SEC + rng.randrange(20 * SEC, 10 * MIN)
            dur = int(clamp(lognorm(rng, 50 * 60, 0.5), 15 * 60, 200 * 60))
            call = [t0, wchoice(rng, kinds, kw), dur]
        if nocall:
            first_pay = t0
        elif during:
            first_pay = t0 + rng.randrange(12 * MIN, max(13 * MIN, min(dur * SEC - 5 * MIN, 60 * MIN)))
        else:  # the call ended; coaching goes on in a meeting app
            first_pay = t0 + dur * SEC + rng.randrange(5 * MIN, 150 * MIN)
        if multi:
            first_pay = t_at(rng, d + rng.choice([1, 1, 2]), 9, 15.5)
        total = clamp(lognorm(rng, 160000, 0.9), 15000, 3000000)
        elder = p.role == "retiree"
        if elder and (total > 80000 or multi) and rng.random() < 0.55:
            ch = "counter"
        else:
            ch = wchoice(rng, ["mobile_app", "online_banking", "atm", "third_party"],
                         [60, 15 if p.pc else 3, 12 if elder else 2, 6])
        limit = {"counter": 10 ** 9, "mobile_app": rng.choice([50000, 50000, 200000]), "online_banking": 100000,
                 "atm": 50000, "third_party": 50000}[ch]
        newdev = self.dev_id(rng) if rng.random() < 0.1 else None  # "buy a new phone, yours is bugged"
        t = first_pay
        if len(p.accounts) > 1 and rng.random() < 0.5 and ch != "counter":  # gather savings on one card
            for a in p.accounts[1:]:
                v["steps"].append({"k": "own", "ts": t - rng.randrange(3 * MIN, 12 * MIN), "from": a,
                                   "amt": yuan_to_fen(roundy(total * rng.uniform(0.2, 0.5), 100))})
        if rng.random() < 0.15:  # fresh consumer loan
            v["steps"].append({"k": "loan", "ts": t - rng.randrange(10 * MIN, 3 * HOUR),
                               "amt": yuan_to_fen(roundy(rng.uniform(30000, 200000), 1000))})
        remaining = yuan_to_fen(roundy(total, 1000) if rng.random() < 0.6 else round(total, 2))
        per_day = 1 if ch in ("counter", "atm") else rng.randint(3, 8)
        paid_today, n = 0, 0
        stick = False
        while remaining > 0 and n < 12:
            if ch == "counter":
                amt = remaining if rng.random() < 0.6 else \
                    min(remaining, yuan_to_fen(roundy(remaining / 100 * rng.uniform(0.4, 0.7), 1000)))
            else:
                amt = min(remaining, limit * Y)
                if rng.random() < 0.3 and amt > 20000 * Y:
                    amt = yuan_to_fen(roundy(amt / 100 * rng.uniform(0.5, 0.95), 1000))
            self.pay_step(v, t, amt, ch, rng, newdev, stick=stick)
            stick = rng.random() < 0.5  # "the same safe account" again
            remaining -= amt
            paid_today += 1
            n += 1
            t += rng.randrange(8 * MIN, 30 * MIN) if ch == "counter" else rng.randrange(70 * SEC, 9 * MIN)
            if paid_today >= per_day and remaining > 0:  # daily limit reached: back tomorrow
                t = t_at(rng, (t - START_MS) // DAY + 1, 9, 15)
                paid_today = 0
        if call:
            t0, k2, dur = call
            if during:  # still on the line while paying
                pays = [s["ts"] for s in v["steps"] if s["k"] == "pay" and s["ts"] < t0 + 5 * HOUR]
                dur = max(dur, int((max(pays) - t0) / SEC) + rng.randrange(60, 900))
            self.scam_call(v, ring, k2, t0, dur, rng)
            if multi and rng.random() < 0.6:  # "supervision" call the day of paying
                self.scam_call(v, ring, wchoice(rng, kinds, kw), first_pay - rng.randrange(5 * MIN, 60 * MIN),
                               int(clamp(lognorm(rng, 1500, 0.6), 300, 7200)), rng)

    def scam_cs(self, v, rng):
        p, ring = v["p"], v["ring"]
        d = rng.randrange(self.days)
        if self.day_date(d).day < 12 and rng.random() < 0.4:
            d = min(self.days - 1, d + 2)  # refund stories peak after Double 11
        t0 = t_at(rng, d, 10, 21)
        nocall = rng.random() < 0.15
        dur = int(clamp(lognorm(rng, 30 * 60, 0.5), 8 * 60, 100 * 60))
        during = (not nocall) and rng.random() < 0.6
        t = t0 + (rng.randrange(8 * MIN, max(9 * MIN, min(dur * SEC, 40 * MIN))) if during else
                  (dur * SEC + rng.randrange(2 * MIN, 60 * MIN) if not nocall else 0))
        if rng.random() < 0.35:  # told to borrow from Jiebei / Weilidai first
            for _ in range(rng.randint(1, 2)):
                v["steps"].append({"k": "loan", "ts": t, "amt": yuan_to_fen(roundy(rng.uniform(5000, 50000), 100))})
                t += rng.randrange(2 * MIN, 8 * MIN)
        scammer_op = rng.random() < 0.06
        sdev = (self.dev_id(rng), self.scam_ip(rng)) if scammer_op else None
        n = rng.randint(2, 6)
        amt_med = lognorm(rng, 9000, 0.5)
        for k in range(n):
            y = clamp(lognorm(rng, amt_med, 0.45), 1000, 49999)
            y = roundy(y, 100) if rng.random() < 0.6 else round(y, 2)
            ch = wchoice(rng, ["mobile_app", "third_party", "online_banking"], [50, 40, 10 if p.pc else 2])
            if sdev:
                ch = rng.choice(["third_party", "online_banking"])
            self.pay_step(v, t, yuan_to_fen(y), ch, rng, stick=rng.random() < 0.25, dev=sdev)
            t += rng.randrange(2 * MIN, 15 * MIN)
        if not nocall:
            kind = wchoice(rng, ["mobile", "virtual", "voip", "international", "landline", "unknown"],
                           [40, 20, 15, 10, 10, 5])
            if kind == "landline":  # spoofed platform / bank hotline (these are on the allow list)
                ent = {"num": rng.choice(["95188", "95017", "950618", "95555", "95533"]), "kind": "landline",
                       "region": None, "ring": ring.name, "calls": 0, "victims": 0, "first": t0,
                       "prelisted": False, "listed_at": None, "hotline": True}
                self.scam_call(v, ring, kind, t0, dur if not during else max(dur, (t - t0) // SEC + 60), rng,
                               spoof=rng.random() < 0.65, number=ent)
            else:
                self.scam_call(v, ring, kind, t0, dur if not during else max(dur, (t - t0) // SEC + 60), rng,
                               spoof=rng.random() < 0.03)

    def scam_task(self, v, rng):
        p, ring = v["p"], v["ring"]
        d = rng.randrange(self.days)
        prof = "day" if p.role == "home" else "evening"
        t = t_in_day(rng, d, prof)
        if local_hour(t) < 9:
            t += 10 * HOUR
        if rng.random() < 0.25:  # short recruiting call before the chat
            kind = wchoice(rng, ["mobile", "virtual"], [65, 35])
            self.scam_call(v, ring, kind, t - rng.randrange(30 * MIN, 20 * HOUR), int(clamp(lognorm(rng, 90, 0.6), 20, 400)), rng)
        multi = rng.random() < 0.4
        ch_pref = wchoice(rng, ["third_party", "mobile_app"], [60, 40])
        for _ in range(rng.choice([1, 1, 2])):  # small rebated tasks
            y = rng.choice([50, 100, 128, 200, 300, 500]) if rng.random() < 0.7 else round(rng.uniform(30, 500), 2)
            self.pay_step(v, t, yuan_to_fen(y), ch_pref, rng)
            t += rng.randrange(3 * MIN, 30 * MIN)
            v["steps"].append({"k": "rebate", "ts": t, "amt": yuan_to_fen(round(y * rng.uniform(1.1, 1.4), 2))})
            t += rng.randrange(5 * MIN, 60 * MIN)
        n = rng.randint(2, 7)
        y = rng.choice([800, 1000, 1288, 1500, 2000, 3000])
        cap = clamp(lognorm(rng, 50000, 0.6), 8000, 200000)  # what the victim can still raise
        for k in range(n):
            if rng.random() < 0.4:
                yy = min(TASK_AMOUNTS, key=lambda a: abs(a - y))
            elif rng.random() < 0.6:
                yy = roundy(y, 100)
            else:
                yy = round(y * rng.uniform(0.95, 1.05), 2)
            ch = ch_pref if rng.random() < 0.7 else rng.choice(["mobile_app", "third_party"])
            if yy > 50000 and ch == "third_party":
                ch = "mobile_app"
            self.pay_step(v, t, yuan_to_fen(yy), ch, rng, stick=rng.random() < 0.15)
            y = min(cap, y * rng.uniform(1.5, 3.0))
            if multi and rng.random() < 0.5:
                t = t_in_day(rng, (t - START_MS) // DAY + rng.choice([1, 1, 2]), prof)
                if local_hour(t) < 9:
                    t += 10 * HOUR
            else:
                t += rng.randrange(5 * MIN, 45 * MIN)

    def scam_investment(self, v, rng):
        p, ring = v["p"], v["ring"]
        midway = rng.random() < 0.2
        d = rng.randrange(max(1, self.days - 2)) if not midway else rng.randrange(min(2, self.days))
        y = clamp(lognorm(rng, 50000 if midway else 15000, 0.6), 3000, 150000)
        n = rng.randint(2, 7)
        t = t_at(rng, d, 9.5, 14.5) if rng.random() < 0.6 else t_at(rng, d, 19, 22.5)
        if rng.random() < 0.25:  # "analyst" / platform "customer service" phones occasionally
            for _ in range(rng.randint(1, 3)):
                self.scam_call(v, ring, wchoice(rng, ["mobile", "virtual", "voip"], [70, 20, 10]),
                               t - rng.randrange(10 * MIN, 30 * HOUR), int(clamp(lognorm(rng, 420, 0.8), 60, 3600)), rng)
        elder = p.role == "retiree"
        withdrawal = rng.random() < 0.35 and not midway
        for k in range(n):
            yy = roundy(y, 1000) if rng.random() < 0.7 else round(y, 2)
            if elder and yy > 50000 and rng.random() < 0.6 or yy > 200000 and rng.random() < 0.4:
                ch = "counter"
            else:
                ch = wchoice(rng, ["mobile_app", "online_banking", "third_party"],
                             [60, 25 if p.pc else 5, 12 if yy < 30000 else 0])
            lim = 10 ** 9 if ch == "counter" else (50000 * Y if ch == "third_party" else 200000 * Y)
            tt = t
            for part in self.split(rng, yuan_to_fen(yy), lim):
                self.pay_step(v, tt, part, ch, rng, stick=rng.random() < 0.2)
                tt += rng.randrange(2 * MIN, 10 * MIN)
            if k == 0 and withdrawal:
                v["steps"].append({"k": "rebate", "ts": tt + rng.randrange(2 * HOUR, 26 * HOUR),
                                   "amt": yuan_to_fen(roundy(yy * rng.uniform(0.05, 0.25), 1) + rng.randint(0, 99) / 100)})
            y = clamp(y * rng.uniform(1.3, 2.6), 3000, 600000)
            gap = rng.choice([0.1, 0.5, 1, 1, 1, 2, 2, 3])
            t = tt + int(gap * DAY)
            h = local_hour(t)
            if h < 9 or h > 22.5:
                t += int(((9.5 - h) % 24) * HOUR)

    def scam_loan(self, v, rng):
        p, ring = v["p"], v["ring"]
        d = rng.randrange(self.days)
        t0 = t_at(rng, d, 9, 20.5)
        nocall = rng.random() < 0.2
        if not nocall:
            kind = wchoice(rng, ["mobile", "virtual", "voip", "unknown"], [50, 30, 10, 10])
            dur = int(clamp(lognorm(rng, 15 * 60, 0.5), 4 * 60, 50 * 60))
            self.scam_call(v, ring, kind, t0, dur, rng)
            t = t0 + rng.randrange(5 * MIN, dur * SEC + 40 * MIN)
        else:
            t = t0
        n = wchoice(rng, [1, 2, 3, 4], [15, 35, 35, 15])
        y = rng.choice([499, 800, 1000, 1500, 2000, 2000, 3000, 3600])
        multi = rng.random() < 0.3
        for k in range(n):
            ch = wchoice(rng, ["third_party", "mobile_app", "atm"], [45, 50, 5])
            self.pay_step(v, t, yuan_to_fen(roundy(y, 1) if rng.random() < 0.8 else round(y, 2)), ch, rng)
            y = clamp(y * rng.uniform(1.3, 2.6), 300, 30000)
            if multi and k == 0:
                t = t_at(rng, min(self.days, (t - START_MS) // DAY + 1), 9, 20)
                if not nocall and rng.random() < 0.7:
                    self.scam_call(v, ring, wchoice(rng, ["mobile", "virtual"], [60, 40]), t - rng.randrange(3 * MIN, 40 * MIN),
                                   int(clamp(lognorm(rng, 500, 0.5), 90, 2400)), rng)
            else:
                t += rng.randrange(8 * MIN, 90 * MIN)

    def gen_scams(self):
        rng = self.rng("scams")
        self.setup_rings()
        self.pick_victims()
        fn = {"impersonation_police": self.scam_police, "fake_customer_service": self.scam_cs,
              "task_rebate": self.scam_task, "fake_investment": self.scam_investment, "loan_scam": self.scam_loan}
        for v in self.victims:
            fn[v["typology"]](v, rng)
            v["steps"] = [s for s in v["steps"] if START_MS <= s["ts"] < self.END]
            v["steps"].sort(key=lambda s: s["ts"])
        # a victim whose every payment fell outside the window is no victim of this world
        kept = []
        for v in self.victims:
            if any(s["k"] == "pay" for s in v["steps"]):
                kept.append(v)
            else:
                v["p"].victim = None
                v["dropped"] = True
        self.victims = kept
        self.assign_layer1(self.rng("layer1"))
        self.emit_scam_steps(self.rng("scamemit"))
        self.plan_reports(self.rng("reports"))
        self.scam_attempts(self.rng("attempts"))

    # ---- mule cards ----
    def make_card(self, layer, ring_or_house, ts, rng, rented_pool):
        c = Card()
        c.layer, c.inbound, c.uses, c.rebate_out = layer, [], 0, 0
        c.group = ring_or_house
        is_ring = isinstance(ring_or_house, Ring)
        life = (ring_or_house.card_life_h if is_ring else rng.uniform(36, 96)) * HOUR
        c.start = ts - rng.randrange(0, 2 * HOUR)
        c.end = ts + int(lognorm(rng, life, 0.5))
        c.max_uses = ring_or_house.card_uses if is_ring else rng.randint(25, 70)
        c.max_uses = max(2, int(c.max_uses * rng.uniform(0.5, 1.5)))
        c.owner = None
        c.mode = wchoice(rng, ["instant", "batch", "stuck"], [72, 18, 10])
        c.delay_med = {1: 5 * MIN, 2: 9 * MIN, 3: 40 * MIN}[layer]
        c.limit = (ring_or_house.limit if is_ring else ring_or_house.limit) * Y
        c.device = rng.choice(ring_or_house.devices)
        c.ip = rng.choice(ring_or_house.ips)
        c.channel = "mobile_app"
        r = rng.random()
        share_rented = ring_or_house.rented_share if is_ring else 0.05
        if r < share_rented and rented_pool:
            p = rented_pool.pop()
            c.owner = p.i
            if rng.random() < 0.45:  # the resident's everyday card
                c.acct = p.accounts[0]
            else:  # a card opened for sale at another bank
                used = [self.acct[a][0] for a in p.accounts]
                bank = rng.choice([b[0] for b in BANKS if b[0] not in used])
                c.acct = self.new_card(rng, bank, p.name, p.phone)
                p.accounts.append(c.acct)
            c.phone = p.phone
            if rng.random() < 0.5:  # the resident forwards himself, slower
                c.device, c.ip = p.device, p.ip_m
                c.delay_med *= 3
            p.mule_cards.append(c.acct)
        elif is_ring and r < share_rented + ring_or_house.corp_share:
            bank = rng.choice(["ICBC", "CCB", "ABC", "BOC", "PAB", "CMBC", "CEB", "CGB"])
            nm = self.company_name(rng, rng.choice(["深圳市", "广州市", "南宁市", "昆明市", "海口市", "厦门市", "长沙市"]),
                                   rng.choice(["商贸有限公司", "科技有限公司", "供应链管理有限公司", "电子商务有限公司"]))
            c.acct = self.new_corp(rng, bank, nm, None)
            c.phone = None
            c.channel = "online_banking"
            c.device = "pc-%012x" % rng.getrandbits(48)
        elif is_ring and r < share_rented + ring_or_house.corp_share + ring_or_house.qr_share:
            w = rng.choice(["ALIPAY", "TENPAY"])
            c.phone = self.new_phone(rng)
            c.acct = self.new_wallet(rng, w, self.person_name(rng), c.phone)
            c.channel = "third_party"
        else:
            bank = rng.choice([b[0] for b in EXT_BANKS] + ["ICBC", "CCB", "ABC", "BOC", "PSBC", "CMB"])
            c.phone = self.new_phone(rng)
            c.acct = self.new_card(rng, bank, self.person_name(rng), c.phone)
            c.channel = rng.choice(["mobile_app", "mobile_app", "online_banking", "third_party"])
        return c

    def rented_pool(self, rng):
        pool = [p for p in self.persons if not p.victim and p.role in ("student", "young", "gig", "home")
                and p.role != "owner"]
        rng.shuffle(pool)
        return pool

    def assign_layer1(self, rng):
        pool = self.rented_pool(rng)
        self._rent_pool = pool
        by_ring = {}
        for v in self.victims:
            for s in v["steps"]:
                if s["k"] in ("pay", "rebate"):
                    by_ring.setdefault(v["ring"].name, []).append((s["ts"], s["k"], 0, v, s))
        for ring in self.rings:
            reqs = sorted(by_ring.get(ring.name, []), key=lambda x: x[0])
            for ts, k, _, v, s in reqs:
                active = [c for c in ring.cards if c.start <= ts < c.end and c.uses < c.max_uses]
                if k == "pay":
                    last = v.get("last_card")
                    if s["stick"] and last and last.start <= ts < last.end + 6 * HOUR:
                        c = last
                    else:
                        paid = v.setdefault("paid_cards", [])
                        cand = [c for c in active if c not in paid]
                        if not cand and active and rng.random() < 0.6:
                            cand = active  # the ring has few live cards: back to one already used
                        if not cand or rng.random() < 0.05:
                            c = self.make_card(1, ring, ts, rng, pool)
                            ring.cards.append(c)
                        else:
                            c = rng.choice(cand)
                    c.uses += 1
                    v["last_card"] = c
                    v.setdefault("paid_cards", []).append(c)
                    s["card"] = c
                else:  # rebate / withdrawal paid back from a card with money in it
                    paid = v.get("paid_cards", [])
                    cand = [c for c in active if c not in paid and c.inbound]
                    if not cand:
                        cand = [c for c in ring.cards if c.inbound and c.start <= ts and c.end + 12 * HOUR > ts]
                    if not cand:
                        cand = [c for c in ring.cards if c.inbound] or paid
                    if not cand:
                        c = self.make_card(1, ring, ts, rng, pool)
                        ring.cards.append(c)
                    else:
                        c = rng.choice(cand)
                    s["card"] = c
                if k == "pay":
                    c.inbound.append((ts, s["amt"]))

    def emit_scam_steps(self, rng):
        for v in self.victims:
            p = v["p"]
            v["txns"] = []
            for s in v["steps"]:
                if s["k"] == "pay":
                    ev = self.txn(s["ts"], s["acct"], s["card"].acct, s["amt"], s["ch"], s["dev"], s["ip"])
                    if ev:
                        v["txns"].append(ev)
                elif s["k"] == "rebate":
                    c = s["card"]
                    self.txn(s["ts"], c.acct, p.accounts[0], s["amt"], c.channel, c.device, c.ip)
                    c.rebate_out += s["amt"]
                elif s["k"] == "loan":
                    self.txn(s["ts"], rng.choice(self.lenders), p.accounts[0], s["amt"], "online_banking", phone=None)
                elif s["k"] == "own":
                    self.txn(s["ts"], s["from"], p.accounts[0], s["amt"], "mobile_app", p.device, p.ip_m)

    def scam_attempts(self, rng):
        """rings call many residents who never pay; operators block listed numbers most of the time"""
        for ring in self.rings:
            per_day = self.N * 0.0012 * rng.uniform(0.5, 1.5)
            kinds = {"impersonation_police": ["international", "voip", "virtual", "landline", "mobile"],
                     "fake_customer_service": ["mobile", "virtual", "voip", "international"],
                     "task_rebate": ["mobile", "virtual"], "fake_investment": ["mobile", "virtual"],
                     "loan_scam": ["mobile", "virtual", "voip", "unknown"]}
            ks = []
            for t in ring.typos:
                ks += kinds[t]
            for d in range(self.days):
                for _ in range(poisson(rng, per_day)):
                    p = self.persons[rng.randrange(self.N)]
                    if p.victim:
                        continue
                    ts = t_at(rng, d, 9, 21)
                    ent = self.ring_number(ring, rng.choice(ks), ts, rng)
                    if ent["listed_at"] is not None and ent["listed_at"] <= ts and rng.random() < 0.85:
                        continue  # blocked by the operator
                    r = rng.random()
                    if r < 0.7:
                        dur = rng.randint(2, 40)
                    elif r < 0.94:
                        dur = rng.randint(40, 240)
                    else:
                        dur = int(clamp(lognorm(rng, 600, 0.6), 240, 2700))
                    ent["calls"] += 1
                    ent["first"] = min(ent["first"], ts)
                    spoof = ent["kind"] == "landline" and rng.random() < 0.7
                    self.person_call(ts, dur, ent["num"], ent["kind"], ent["region"], p, spoof)

    # ---- laundering flows ----
    def plan_forward(self, c, rng, cut):
        """outgoing (ts, amount) chunks for a card's inbound money"""
        out = []
        inbound = sorted(c.inbound)
        if not inbound:
            return out
        if c.mode == "batch":
            groups, cur = [], [inbound[0]]
            for x in inbound[1:]:
                if x[0] - cur[0][0] < 3 * HOUR:
                    cur.append(x)
                else:
                    groups.append(cur)
                    cur = [x]
            groups.append(cur)
            items = [(g[-1][0] + rng.randrange(20 * MIN, 4 * HOUR), sum(a for _, a in g)) for g in groups]
        else:
            items = []
            for ts, a in inbound:
                dl = int(clamp(lognorm(rng, c.delay_med, 0.7), 40 * SEC, 12 * c.delay_med))
                if c.mode == "stuck" and rng.random() < 0.5:
                    continue
                items.append((ts + dl, a))
        for ts, a in items:
            a = int(a * (1 - cut)) - rng.randrange(0, 100) * Y // 10
            t = ts
            while a > 100 * Y:
                lim = c.limit
                if rng.random() < 0.25:
                    lim = int(lim * rng.uniform(0.55, 0.98))
                ch = min(a, lim)
                if ch < a and a - ch < 200 * Y:
                    ch = a
                out.append((t, ch))
                a -= ch
                t += rng.randrange(15 * SEC, 150 * SEC)
        return out

    def pick_house_card(self, h, layer, ts, rng):
        pool = h.pools[layer]
        cur = h.current[layer]
        if cur and cur.start <= ts < cur.end and cur.uses < cur.max_uses and rng.random() < 0.7:
            c = cur
        else:
            active = [c for c in pool if c.start <= ts < c.end and c.uses < c.max_uses]
            if not active or rng.random() < 0.03:
                c = self.make_card(layer, h, ts, rng, self._rent_pool)
                pool.append(c)
            else:
                c = rng.choice(active)
        c.uses += 1
        h.current[layer] = c
        return c

    def gen_laundering(self):
        rng = self.rng("launder")
        for h in self.houses:
            h.rented_share = 0.05
        # layer 1 -> layer 2
        reqs = []
        for ring in self.rings:
            for c in ring.cards:
                for ts, a in self.plan_forward(c, rng, rng.uniform(0.005, 0.02)):
                    if ts < self.END:
                        reqs.append((ts, a, c, rng.choice(ring.houses)))
        self.route(reqs, 2, rng)
        # layer 2 -> layer 3 (or exits for two-layer houses)
        reqs = []
        for h in self.houses:
            for c in h.pools[2]:
                for ts, a in self.plan_forward(c, rng, rng.uniform(0.002, 0.01)):
                    if ts < self.END:
                        reqs.append((ts, a, c, h))
        exits = [r for r in reqs if r[3].layers == 2]
        self.route([r for r in reqs if r[3].layers == 3], 3, rng)
        self.to_exits(exits, rng)
        reqs = []
        for h in self.houses:
            for c in h.pools[3]:
                c.mode = "batch" if rng.random() < 0.5 else "instant"
                for ts, a in self.plan_forward(c, rng, 0.0):
                    if ts < self.END and rng.random() < 0.6:
                        reqs.append((ts, a, c, h))
        self.to_exits(reqs, rng)

    def route(self, reqs, layer, rng):
        reqs.sort(key=lambda r: r[0])
        for ts, a, src, h in reqs:
            tgt = self.pick_house_card(h, layer, ts, rng)
            self.txn(ts, src.acct, tgt.acct, a, src.channel if src.channel != "third_party" or a <= 50000 * Y else "mobile_app",
                     src.device, src.ip)
            tgt.inbound.append((ts, a))

    def to_exits(self, reqs, rng):
        for ts, a, src, h in sorted(reqs, key=lambda r: r[0]):
            if rng.random() < 0.65:  # gold bars bought from a Shenzhen dealer
                grams = max(10, int(a / Y / (GOLD_PRICE + 20)) // 10 * 10)
                amt = grams * (GOLD_PRICE + rng.randint(5, 30)) * Y
                if amt > a:
                    grams -= 10
                    amt = grams * (GOLD_PRICE + 5) * Y
                if grams <= 0:
                    continue
                self.txn(ts, src.acct, rng.choice(self.gold), amt, "online_banking" if src.channel == "online_banking" else "mobile_app",
                         src.device, src.ip)
            else:
                self.txn(ts, src.acct, rng.choice(self.topup), a, "mobile_app" if src.channel != "online_banking" else "online_banking",
                         src.device, src.ip)

    # ---- mule cards' own ordinary traffic (cards bought from elsewhere) ----
    def mule_cover_traffic(self):
        rng = self.rng("cover")
        ext_merch = [self.new_corp(rng, rng.choice(["GXRCU", "YNRCU", "GDRCU", "HNRCU"]),
                                   self.company_name(rng, rng.choice(["南宁市", "昆明市", "湛江市", "信阳市"]), "商贸行"))
                     for _ in range(12)]
        for ring in self.rings:
            for c in ring.cards:
                if c.owner is not None or c.phone is None or rng.random() > 0.3:
                    continue
                for d in range(self.days):
                    if rng.random() < 0.5:
                        self.txn(t_in_day(rng, d, "meal"), c.acct, rng.choice(ext_merch),
                                 yuan_to_fen(round(lognorm(rng, 40, 0.7), 1)), "third_party", self.dev_id(rng) if d == 0 else c.device, None)
                if rng.random() < 0.4:
                    self.txn(t_at(rng, rng.randrange(self.days), 10, 16), rng.choice(self.ext_people), c.acct,
                             yuan_to_fen(roundy(lognorm(rng, 1500, 0.6), 100)), "mobile_app", self.dev_id(rng), None)

    # =========================================================================================
    # watch-lists
    # =========================================================================================
    def gen_watchlists(self):
        rng = self.wl_rng
        t = START_MS
        # snapshot: allow list
        allow = list(dict.fromkeys(list(BANK_HOTLINE.values()) + PLATFORM_HOTLINES + GOV_HOTLINES))
        for n in allow:
            t += 1
            self.watch(t, "add", "phone", n, "allow", "official service line")
        for e in self.employers:
            if e["big"]:
                t += 1
                self.watch(t, "add", "account", e["acct"], "allow", "payroll account")
        for a in [self.social_sec, self.meituan_pay, self.didi_pay] + self.bills + self.settle["ALIPAY"] + self.settle["TENPAY"]:
            t += 1
            self.watch(t, "add", "account", a, "allow", "public institution / payment institution")
        # snapshot: unrelated historic scam numbers and mule cards
        snap_nums = []
        for _ in range(int(self.N * 0.06)):
            r = rng.random()
            if r < 0.45:
                num = self.new_phone(rng)
            elif r < 0.7:
                num = self.new_phone(rng, virtual=True)
            elif r < 0.9:
                num = rng.choice(SCAM_FOREIGN)[1] + "%09d" % rng.randrange(10 ** 9)
            else:
                num = "00" + "%010d" % rng.randrange(10 ** 10)
            snap_nums.append(num)
        for ent in self.ring_numbers:
            if ent["prelisted"]:
                snap_nums.append(ent["num"])
        rng.shuffle(snap_nums)
        for n in snap_nums:
            t += 1
            self.watch(t, "add", "phone", n, "scam_numbers", rng.choice(["96110 report", "operator risk model", "police notice"]))
        snap_accts = []
        for _ in range(int(self.N * 0.02)):
            b = rng.choice(EXT_BANKS)[0] if rng.random() < 0.6 else rng.choice(BANKS)[0]
            snap_accts.append(self.new_card(rng, b, self.person_name(rng), None))
        for c in self.all_cards():
            if rng.random() < {1: 0.03, 2: 0.08, 3: 0.08}[c.layer]:
                snap_accts.append(c.acct)
        rng.shuffle(snap_accts)
        for a in snap_accts:
            t += 1
            self.watch(t, "add", "account", a, "mule_accounts", rng.choice(["case freeze", "bank risk control", "police notice"]))
        # a few unfreezes during the week
        for a in rng.sample(snap_accts, min(3, len(snap_accts))):
            self.watch(START_MS + rng.randrange(self.days * DAY), "remove", "account", a, "mule_accounts", "unfrozen after review")
        # operator flags busy numbers
        for ent in self.ring_numbers:
            if ent["calls"] >= 3 and ent["listed_at"] is None and rng.random() < 0.3:
                at = ent["first"] + int(rng.uniform(0.5, 3) * DAY)
                ent["listed_at"] = at
                self.watch(at, "add", "phone", ent["num"], "scam_numbers", "operator high-volume model")
        # police investigations reach layer-2/3 cards late
        for c in self.all_cards():
            if c.layer > 1 and c.inbound and rng.random() < 0.15:
                self.watch(min(c.inbound)[0] + int(rng.uniform(1, 5) * DAY), "add", "account", c.acct, "mule_accounts",
                           "case investigation")
        # wrong adds, later removed: a courier's privacy number, a shop account
        for _ in range(max(1, self.N // 2500)):
            p = rng.choice(self.persons)
            num = self.new_phone(rng, virtual=True)
            ts = t_at(rng, rng.randrange(self.days), 9, 18)
            self.person_call(ts, rng.randint(15, 60), num, "virtual", HEFEI, p)
            at = ts + rng.randrange(HOUR, 12 * HOUR)
            self.watch(at, "add", "phone", num, "scam_numbers", "user complaint")
            self.watch(at + rng.randrange(6 * HOUR, 48 * HOUR), "remove", "phone", num, "scam_numbers", "appeal: courier privacy number")
            m = rng.choice(self.merchants)
            at = START_MS + rng.randrange(self.days * DAY)
            self.watch(at, "add", "account", m.acct, "mule_accounts", "bank risk control")
            self.watch(at + rng.randrange(4 * HOUR, 36 * HOUR), "remove", "account", m.acct, "mule_accounts", "merchant verified")
        # a legit loan-telemarketing number on the scam list (never removed) that keeps calling
        tm = self.new_phone(rng)
        self.watch(START_MS + 50 * MIN, "add", "phone", tm, "scam_numbers", "harassment complaints")
        for _ in range(max(3, self.N // 800)):
            p = rng.choice(self.persons)
            if p.victim:
                continue
            self.person_call(t_at(rng, rng.randrange(self.days), 9, 19), rng.randint(5, 200), tm, "mobile", "320500", p)

    def plan_reports(self, rng):
        """victims report hours to days after their last payment (many after the window): the numbers
        that called them go on the scam list within hours, the cards they paid later"""
        for v in self.victims:
            if rng.random() < 0.15:
                continue
            last = max(s["ts"] for s in v["steps"] if s["k"] == "pay")
            delay = lognorm(rng, 20 * HOUR, 1.0)
            if v["typology"] == "fake_investment":
                delay *= 3
            rep = last + int(delay)
            for ent in v["numbers"]:
                if ent.get("hotline"):
                    continue
                if rng.random() < 0.8:
                    at = rep + rng.randrange(10 * MIN, 6 * HOUR)
                    if ent["listed_at"] is None or ent["listed_at"] > at:
                        ent["listed_at"] = at
                        self.watch(at, "add", "phone", ent["num"], "scam_numbers", "victim report 96110")
            for c in list(dict.fromkeys(v.get("paid_cards", []))):
                if rng.random() < 0.7:
                    self.watch(rep + rng.randrange(30 * MIN, 24 * HOUR), "add", "account", c.acct, "mule_accounts",
                               "victim report, bank notice")

    def all_cards(self):
        out = []
        for r in self.rings:
            out += r.cards
        for h in self.houses:
            out += h.pools[2] + h.pools[3]
        return out

    # =========================================================================================
    # output
    # =========================================================================================
    def build(self):
        self.build_population()
        self.build_businesses()
        self.gen_scams()
        self.gen_laundering()
        self.gen_life()
        self.gen_legit_traps()
        self.mule_cover_traffic()
        self.gen_watchlists()

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        rng = self.rng("order")
        keyed = []
        for k, ev in enumerate(self.events):
            arr = ev["ts_ms"]
            r = rng.random()
            if ev["type"] == "call" and r < 0.02 or ev["type"] == "transaction" and r < 0.005:
                arr += rng.randrange(200, 4000)
            keyed.append((arr, ev["ts_ms"], k, ev))
        keyed.sort(key=lambda x: (x[0], x[1], x[2]))
        with open(os.path.join(out, "events.jsonl"), "w", encoding="utf-8") as f:
            dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
            f.write("\n".join(dumps(x[3]) for x in keyed))
            f.write("\n")
        # labels
        stats = {"victims": {}, "mules": {1: 0, 2: 0, 3: 0}, "scam_txns": 0}
        lines = [{"kind": "meta", "persons": self.N}]
        scam = []
        for v in self.victims:
            txs = sorted(v["txns"], key=lambda e: e["ts_ms"])
            if not txs:
                continue
            first = next((e for e in txs if e["amount_fen"] >= 500000), None)
            if first is None:
                first = max(txs, key=lambda e: (e["amount_fen"], -e["ts_ms"]))
            lines.append({"kind": "victim", "phone": v["p"].phone, "account": first["payer_account"],
                          "typology": v["typology"], "first_large_txn_id": first["txn_id"],
                          "first_large_ts_ms": first["ts_ms"]})
            stats["victims"][v["typology"]] = stats["victims"].get(v["typology"], 0) + 1
            for e in txs:
                scam.append({"kind": "scam_txn", "txn_id": e["txn_id"], "typology": v["typology"],
                             "victim_phone": v["p"].phone, "ts_ms": e["ts_ms"], "amount_fen": e["amount_fen"]})
        scam.sort(key=lambda x: x["ts_ms"])
        lines += scam
        stats["scam_txns"] = len(scam)
        seen = set()
        for c in self.all_cards():
            if not c.inbound or c.acct in seen:
                continue
            seen.add(c.acct)
            lines.append({"kind": "mule", "account": c.acct, "layer": c.layer})
            stats["mules"][c.layer] += 1
        with open(os.path.join(out, "labels.jsonl"), "w", encoding="utf-8") as f:
            for l in lines:
                f.write(json.dumps(l, ensure_ascii=False, separators=(",", ":")) + "\n")
        stats["events"] = len(self.events)
        stats["transactions"] = sum(1 for e in self.events if e["type"] == "transaction")
        stats["call_events"] = sum(1 for e in self.events if e["type"] == "call")
        stats["watchlist"] = sum(1 for e in self.events if e["type"] == "watchlist")
        return stats


def hash_ms(s):
    """small deterministic string hash (Python's hash() is salted per process)"""
    h = 2166136261
    for ch in s:
        h = ((h ^ ord(ch)) * 16777619) & 0xffffffff
    return h


def main():
    ap = argparse.ArgumentParser(description="independent fraud test world 'e' (Hefei, Nov 2025)")
    ap.add_argument("--persons", type=int, default=5000)
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.persons < 200 or a.days < 1:
        sys.exit("need --persons >= 200 and --days >= 1")
    t0 = time.time()
    w = World(a.persons, a.days, a.seed)
    w.build()
    st = w.write(a.out)
    st["seconds"] = round(time.time() - t0, 2)
    print(json.dumps(st, ensure_ascii=False, sort_keys=True), file=sys.stderr)


if __name__ == "__main__":
    main()
