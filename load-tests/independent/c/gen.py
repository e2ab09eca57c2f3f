#!/usr/bin/env python3
"""
World C: an independent synthetic telecom-fraud week for a Chinese prefecture-level city.

    python3 gen.py --persons 5000 --days 7 --seed S --out DIR
        -> DIR/events.jsonl  (contract events: transaction / call / watchlist, ordered by ts_ms)
        -> DIR/labels.jsonl  (meta / victim / scam_txn / mule)

Standard library only, deterministic per seed (one random.Random, no set/hash iteration order).

THE CITY
  沂州市 (fictional, borrows region code 371300): a city of ~1M in southern Shandong with a big
  wholesale-market economy. The feed is what the city's anti-fraud centre sees: transfers initiated
  by or to accounts of its residents' banks, and answered calls to (and some from) its subscribers.
  Week: Monday 2026-11-16 00:00 CST to Sunday 2026-11-22 24:00 CST (UTC+8); --days 1..15 shortens/
  extends it (victim and mule counts are per world, not per day).
  The state starts empty: nothing before the week is in the feed except a start-of-week snapshot of
  the watch list (allow-list of official service lines, numbers and mule accounts from past cases).

POPULATION (N persons = N phones; victims and rented-card mule owners are among them)
  Segments: student 8%, worker 30%, office 22%, business owner 8%, gig (riders/drivers) 6%,
  farmer 8%, retiree 13%, homemaker 5%. 85% hold a local number, 15% are migrants whose number is
  registered in their home region. 2.5% of residents use a 170/171 virtual-operator SIM themselves.
  Everyone has one bank account with the phone bound (KYC); 25-70% (by segment) have a second
  account at another bank, of which 35% have no phone bound. Households of 1-4 persons, extended
  family, 5-18 friends mostly in the same neighbourhood (~250 persons), 2-7 out-of-town contacts.
  2.5% have family abroad (study or work: US/CA/AU/JP/KR/GB/DE/SG..., and also workers in MY/AE/KH).

LEGIT LIFE (rates per person per day unless noted; per 5,000 persons and 7 days roughly 47k transfers
and 62k answered calls = 124k call start/end events)
  * shop payments ~0.75 (pos / third_party / app) to ~270 shops per 5k persons; a few supermarket
    chains, e-commerce collection accounts, gas stations and hospitals get thousands of payments a
    week (huge fan-in); 60% of payments go to a person's favourite shops.
  * P2P ~0.28: family/friends/out-of-town relatives, red-envelope amounts (52.00, 131.40, 666...),
    30% with a call between the two within the hour before.
  * some shops pay "商贸/贸易/信息咨询" trading companies, so shell-company-like payee names are
    not a scam giveaway.
  * bills, credit-card repayment, moves between one's own two accounts, second-hand purchases paid
    straight to strangers (new payees), rent on the rent day (landlords with several tenants),
    students' allowances, migrants sending money home, legit online-loan disbursements.
  * payroll: ~110 employers/5k pay salaries in batches (one payer, many payees in one minute) on
    their pay day (the 18th, the 20th or weekly Friday fall in the week); pension run on Wed 18th
    from the social-security centre (allow-listed); gig platform pays riders daily.
  * small businesses that pass money on: owners sweep the shop account to their own account at
    night; shops pay wholesalers in the morning; wholesalers forward to producers within hours, a
    third of them splitting into just-under-50,000 chunks; group-buy leaders (团长) collect ¥20-200
    from 8-35 neighbours and pay the supplier within hours; labour contractors receive one lump on
    Saturday and pay 15-50 workers within the hour.
  * BIG FIRST-TIME PAYMENTS (~3.5% of persons a week): car deposit then balance to a 4S dealer,
    tuition, rent deposit to a new landlord, hospital deposits with relatives chipping in, gold
    bullion, decoration in 2-4 escalating instalments to the company and to material suppliers,
    used car bought from a stranger (deposit + balance), house down payment (consolidating from
    the second account and parents first), insurance premium after a long call from the agent,
    stock-account top-ups escalating over days in trading hours, wedding gifts, lending to family.
    Many are preceded by calls: the dealer/agent/seller, the bank's 95xxx service line or the
    customer's relationship manager (mobile). Banks also call back after large transfers.
  * family abroad: 1-3 long international calls (20-100 min) a week; half are followed within
    ~1.5 h by ¥5k-60k to the relative's domestic account or to a study-abroad agency (new payee).
  * calls: friends/family (some very long), couriers and ride-hail drivers through 170/171 privacy
    numbers that each call dozens of people a day (sometimes followed by a small cash-on-delivery
    payment to the courier's personal account), telemarketers from mobile/virtual/VoIP numbers in
    other provinces (mostly hung up within seconds, like scam dialers), bank lines (95xxx),
    hospital/school/government landlines, the 96110 anti-fraud centre warning people.
  * operator caller-ID verification: a small fraction of genuine international/VoIP calls are
    flagged spoof_suspected; not every spoofed scam call is flagged.

SCAMS (60-90 victims per 5,000 persons; each victim belongs to one typology)
  Call centres ("gangs") rotate 3-8 presented numbers a day (20% carried to the next day) and dial
  ~100 residents a day each: 55% hang up within 10 s, 25% within 45 s, 12% within 3 min, 6% talk up
  to 10 min, 2% are long near-misses (10-60 min) without any transfer.  Victims:
  * impersonation_police (~20%): 60% get a first "courier/telecom" call (3-12 min) then are passed
    to the "officer" (20-180 min, international / VoIP / virtual / locally spoofed landline). While
    connected they move money in: second account -> main account, or an online loan. Then 1-5
    transfers of round thousands (per-transaction limit ¥50k on the app, ¥200k with a U-shield,
    none at the counter) to 1-3 "safe accounts"; the last is often the exact remainder. Over 90% of the
    transfers happen while the call is still connected. 20% use a brand-new phone (new device) from
    a hotel room; up to 8% go to the bank counter (only in banking hours); some get a bank call-back
    after a ¥50k transfer and talk through it; 30% have a second round 1-2 days later with money
    borrowed from family or loan apps. Amounts follow savings (lognormal by segment).
  * fake_customer_service (~27%): call from a 170/171 number, a 400 VoIP number, an international
    number, a GOIP mobile in another province, or a spoofed bank line (95xxx, spoof flag 65%);
    20% are call-backs (the victim dials the number from an SMS). 35% first take loans from
    consumer-finance apps "to clear the record". 2-6 medium transfers (¥1k-30k) to rotating payees.
  * task_rebate (~23%): contact on a chat app; 25% get a short call from a GOIP mobile. First one or
    two small "orders" (¥100-1,000) that are rebated with 10-40% commission from a second-layer
    account, then 2-6 escalating "combined orders" (x1.6-3 each) over hours to days, each to a new
    payee, borrowing from family or loan apps when savings run out.
  * fake_investment (~17%): 40% were already in before the week (first in-week deposit is already
    large); 3-7 deposits every 0.5-2 days in trading hours, escalating x1.5-2.5, 60% to shell-company
    accounts; early "profit withdrawals" paid back; "teacher" calls for 40%; second account and
    family loans tapped for the big ones.
  * loan_scam (~13%): call (GOIP mobile / virtual) or call-back; 1-4 fees ("handling" ¥200-1,500,
    "unfreeze" ¥2k-8k, "guarantee" ¥5k-15k, "tax") each after a short call, rotating payees.
  Channels and phone / device / ip presence on scam transfers follow the same rules as legit ones
  (a third_party or pos payment often carries no phone; a second account may have no phone bound;
  counter transfers only in banking hours). Times are never aligned to whole minutes.
  ~220-320 scam transfers per 5,000 persons and week.

MULES (40-60 per 5,000 persons; three laundering networks)
  Layer 1 cards are active for 1.5-3.5 days each and receive from several unrelated victims (2-15),
  and pass the money on within minutes (median 4 min) to their layer-2 handler(s), in chunks just
  under ¥50k/¥20k/¥10k/¥5k limits (new cards have low non-counter limits); layer 2 forwards to layer 3 within ~15 min; layer 3 cashes out within
  hours by buying gold/electronics from city merchants, paying OTC "exit" accounts outside the
  city, or not at all in the feed (cash withdrawals). 35% of layer-1 and 20% of layer-2 accounts are
  rented cards of residents who keep their ordinary traffic (salary, shopping) on them; the operators
  use their own devices (shared across cards) and sometimes the owner's SIM. Some accounts are shell
  companies (no phone). 60% of cards are tested with a 1-fen-to-¥1 deposit from the card dealer first.
  One layer-1 card is sold to two networks. Rebates/profit payments to task and investment victims
  come from layer-2 accounts.

WATCH LIST
  Start of week: allow-list of bank service lines, courier lines, 96110/12345 and the public payers;
  ~40 scam numbers and ~25 mule accounts from past cases (2 old numbers are reused this week, one
  old account is a live layer-3 card). During the week: victims report the numbers that called them
  hours to days later; the operator flags heavy dialers late in their day; banks report 55%/35%/20%
  of layer 1/2/3 cards with a median delay of ~20 h (some within the hour from bank risk control);
  mistakes: courier numbers and a merchant account listed then removed, one resident's account
  listed and never removed.
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

CST = timezone(timedelta(hours=8))
WEEK_START = datetime(2026, 11, 16, tzinfo=CST)  # Monday
T0 = int(WEEK_START.timestamp() * 1000)
SEC, MIN, HOUR, DAY = 1000, 60 * 1000, 3600 * 1000, 86400 * 1000
HOME = "371300"
OTHER_REGIONS = ["370100", "370200", "370300", "370800", "371100", "371400", "371500", "371600",
                 "320300", "320700", "320800", "410100", "411500", "340100", "341300", "110000",
                 "310000", "440300", "440100", "330100", "320100", "500000", "510100", "420100",
                 "210200", "130100", "230100", "350200"]
FAR_REGIONS = ["440300", "440100", "350500", "450100", "460100", "530100", "520100", "360700",
               "430100", "440900", "451000", "350200", "441900", "230100"]

SURNAMES = ("王王王李李李张张张刘刘刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许"
            "傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛"
            "邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文庞颜厉")
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华建国玉兰红梅志鹏飞宇浩然欣怡子涵雨轩"
         "梓萱诺晨阳佳琪嘉俊文博思远海燕春凤德福庆丰振淑珍金亮波辉斌婷倩雪慧琳颖晶莉丹萍鑫峰凯")
PLACE = ["沂蒙", "沂州", "兰山", "罗庄", "河东", "琅琊", "鲁南", "沂河", "金雀山", "蒙山", "华东",
         "鑫源", "恒泰", "瑞丰", "宏达", "顺发", "佳和", "万家", "众信", "博远", "天成", "聚鑫",
         "汇通", "隆盛", "嘉禾", "润丰", "祥和", "永安", "盛世", "东方", "锦程", "新元", "诚信", "百川"]

# bank code, weight (residents), card BIN, card length, weight for mule cards
BANKS = [("ICBC", 16, "622202", 19, 8), ("CCB", 15, "621700", 19, 8), ("ABC", 16, "622848", 19, 10),
         ("BOC", 8, "621661", 19, 5), ("BOCOM", 5, "622262", 19, 4), ("PSBC", 10, "621799", 19, 12),
         ("CMB", 6, "622588", 16, 4), ("CIB", 3, "622909", 18, 5), ("CITIC", 2, "622690", 16, 4),
         ("SPDB", 2, "622521", 16, 4), ("CMBC", 2, "622622", 16, 6), ("PAB", 2, "622298", 16, 6),
         ("LSBANK", 5, "623170", 19, 3), ("SDRCU", 10, "621521", 19, 14)]
BANK_INFO = {b[0]: b for b in BANKS}
BANK_LINE = {"ICBC": "95588", "CCB": "95533", "ABC": "95599", "BOC": "95566", "BOCOM": "95559",
             "PSBC": "95580", "CMB": "95555", "CIB": "95561", "CITIC": "95558", "SPDB": "95528",
             "CMBC": "95568", "PAB": "95511", "LSBANK": "96588", "SDRCU": "96668"}
COURIER_LINES = ["95338", "95311", "95546", "95543", "95554", "95320"]
MOBILE_PFX = ["134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "157", "158",
              "159", "172", "178", "182", "183", "184", "187", "188", "195", "198", "130", "131",
              "132", "155", "156", "166", "175", "176", "185", "186", "133", "153", "173", "177",
              "180", "181", "189", "191", "199"]
INTL = {"KH": ("855", 8, "16789"), "MM": ("95", 9, "9"), "PH": ("63", 10, "9"), "MY": ("60", 9, "1"),
        "TH": ("66", 9, "689"), "VN": ("84", 9, "389"), "HK": ("852", 8, "569"), "AE": ("971", 9, "5"),
        "US": ("1", 10, "234679"), "CA": ("1", 10, "467"), "AU": ("61", 9, "4"), "JP": ("81", 10, "89"),
        "KR": ("82", 10, "1"), "GB": ("44", 10, "7"), "DE": ("49", 11, "1"), "IT": ("39", 10, "3"),
        "SG": ("65", 8, "89"), "NZ": ("64", 9, "2"), "FR": ("33", 9, "67")}
ABROAD_CC = [("US", 14), ("CA", 6), ("AU", 8), ("JP", 10), ("KR", 8), ("GB", 8), ("DE", 4),
             ("IT", 3), ("SG", 5), ("NZ", 2), ("FR", 2), ("MY", 6), ("AE", 5), ("KH", 3), ("TH", 3)]
IP_PFX = ["223.104", "223.80", "112.224", "112.38", "39.144", "117.136", "120.244", "27.223",
          "60.214", "182.34", "123.132", "150.255", "124.133", "221.2"]
OP_IP_PFX = ["103.152", "45.195", "154.86", "43.228", "156.59", "202.181", "117.24", "36.99"]

SEGS = [("student", 8), ("worker", 30), ("office", 22), ("business", 8), ("gig", 6), ("farmer", 8),
        ("retiree", 13), ("homemaker", 5)]
# merchant rate, p2p rate, placed calls, inbound ext calls, wealth median (yuan), 2nd-account prob
SEGP = {
    "student":   (0.80, 0.30, 0.55, 0.55, 3000, 0.25),
    "worker":    (0.70, 0.26, 0.75, 0.75, 22000, 0.40),
    "office":    (0.85, 0.30, 0.85, 0.95, 60000, 0.60),
    "business":  (0.75, 0.35, 1.20, 1.20, 120000, 0.70),
    "gig":       (0.55, 0.22, 0.80, 1.00, 12000, 0.30),
    "farmer":    (0.35, 0.18, 0.55, 0.45, 35000, 0.30),
    "retiree":   (0.60, 0.25, 0.70, 0.70, 90000, 0.45),
    "homemaker": (0.95, 0.28, 0.75, 0.75, 30000, 0.40),
}
TYPOLOGIES = ["impersonation_police", "fake_customer_service", "task_rebate", "fake_investment",
              "loan_scam"]
TYPO_SHARE = [0.20, 0.27, 0.23, 0.17, 0.13]
TYPO_SEGW = {
    "impersonation_police": {"student": 3, "office": 3, "worker": 1.5, "retiree": 2, "business": 1,
                             "homemaker": 1, "gig": 0.8, "farmer": 0.5},
    "fake_customer_service": {"office": 3, "student": 2, "worker": 2, "homemaker": 2, "gig": 1.5,
                              "retiree": 0.7, "business": 1, "farmer": 0.5},
    "task_rebate": {"student": 3, "homemaker": 3, "worker": 2, "gig": 2, "office": 1.5, "retiree": 0.5,
                    "business": 0.5, "farmer": 0.3},
    "fake_investment": {"business": 3, "retiree": 2.5, "office": 2, "worker": 1, "homemaker": 1,
                        "farmer": 0.5, "gig": 0.5, "student": 0.2},
    "loan_scam": {"gig": 3, "worker": 2.5, "business": 2, "farmer": 1.5, "student": 1, "homemaker": 1,
                  "office": 0.7, "retiree": 0.3},
}


def cum(ws):
    out, s = [], 0.0
    for w in ws:
        s += w
        out.append(s)
    return out


H_DAY = cum([2, 1, 0.6, 0.5, 0.6, 1.5, 5, 12, 20, 24, 25, 25, 26, 22, 22, 23, 24, 26, 30, 34, 33, 26,
             15, 6])
H_CALL = cum([1, 0.5, 0.3, 0.3, 0.4, 1, 3, 8, 16, 22, 22, 20, 16, 17, 20, 21, 20, 18, 18, 19, 17, 12,
              6, 3])
H_WORK = cum([0, 0, 0, 0, 0, 0, 0, 1, 6, 10, 10, 9, 5, 6, 9, 10, 9, 7, 2, 0.5, 0.2, 0, 0, 0])
H_SCAM = cum([0, 0, 0, 0, 0, 0, 0, 0.5, 6, 12, 14, 14, 10, 10, 13, 14, 14, 12, 10, 8, 5, 2, 0.3, 0])
H_EVE = cum([1, 0.5, 0.2, 0, 0, 0, 0.2, 1, 3, 5, 6, 7, 8, 7, 7, 7, 7, 8, 10, 13, 16, 17, 12, 5])
H_TRADE = cum([0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 12, 8, 2, 3, 9, 6, 1, 0.5, 0.5, 1, 1, 0.5, 0, 0])
H_MORNING = cum([0.5, 0.5, 1, 2, 5, 8, 10, 9, 6, 4, 2, 1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.3, 0.2, 0, 0, 0])
H_NIGHT_SWEEP = cum([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 2, 5, 8, 5])
H_EVENING_CALL = cum([3, 2, 1, 0.5, 0.5, 1, 2, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 6, 9, 10, 8, 5])
HOURS = list(range(24))


class Acct:
    __slots__ = ("no", "bank", "name", "phone", "dev", "ipp", "owner", "corp")

    def __init__(self, no, bank, name, phone=None, dev=None, ipp=None, owner=None, corp=False):
        self.no, self.bank, self.name, self.phone = no, bank, name, phone
        self.dev, self.ipp, self.owner, self.corp = dev, ipp, owner, corp


class Ext:
    """A phone (and maybe an account) outside the population."""
    __slots__ = ("phone", "kind", "region", "name", "acct", "rel", "cc")

    def __init__(self, phone, kind, region, name, rel, cc=None):
        self.phone, self.kind, self.region, self.name, self.rel, self.cc = phone, kind, region, name, rel, cc
        self.acct = None


class Person:
    __slots__ = ("i", "phone", "kind", "region", "seg", "name", "acct", "acct2", "wealth", "wealth2",
                 "fam", "friends", "ext", "fav", "employer", "abroad", "rent", "comm", "victim",
                 "mule", "cc_no", "owns", "flags")

    def __init__(self, i):
        self.i = i
        self.fam, self.friends, self.ext, self.fav = [], [], [], []
        self.employer = self.abroad = self.rent = self.acct2 = self.owns = self.cc_no = None
        self.victim = None
        self.mule = False
        self.flags = 0


class Merchant:
    __slots__ = ("cat", "acct", "lo", "hi", "w", "owner", "recv", "ch")

    def __init__(self, cat, acct, lo, hi, w, owner):
        self.cat, self.acct, self.lo, self.hi, self.w, self.owner = cat, acct, lo, hi, w, owner
        self.recv = None


class Mule:
    __slots__ = ("acct", "layer", "nets", "t0", "t1", "rented", "op_phone", "op_dev", "op_ip", "parents",
                 "kids", "inflow", "uses", "first_in", "limit", "label")

    def __init__(self, acct, layer, net):
        self.acct, self.layer, self.nets = acct, layer, [net]
        self.rented = None
        self.kids, self.parents, self.inflow = [], [], []
        self.uses = 0
        self.first_in = None
        self.label = False


def pois(r, lam):
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(round(r.gauss(lam, math.sqrt(lam)))))
    L = math.exp(-lam)
    k, p = 0, 1.0
    while True:
        p *= r.random()
        if p <= L:
            return k
        k += 1


def loguni(r, a, b):
    return math.exp(r.uniform(math.log(a), math.log(b)))


def rm(r, a, b):
    """a random offset of a..b minutes, in ms (not aligned to whole minutes)"""
    return int(r.uniform(a, b) * MIN)


def rh(r, a, b):
    return int(r.uniform(a, b) * HOUR)


def rnd(y, step):
    """round a yuan amount to a step (in yuan), at least one step; returns fen."""
    return max(step, int(round(y / step)) * step) * 100


class World:
    def __init__(self, persons, days, seed):
        self.r = random.Random(seed * 7919 + 17)
        self.N, self.D, self.seed = persons, days, seed
        self.s = persons / 5000.0
        self.tend = T0 + days * DAY
        self.ev = []
        self.seq = 0
        self.used_phone, self.used_acct, self.used_txn, self.used_call = set(), set(), set(), set()
        self.scam = []  # (ts, txn_id, victim, amount, typology)
        self.day_str = [(WEEK_START + timedelta(days=d)).strftime("%Y%m%d") for d in range(days + 40)]
        self.wl = []  # (ts, op, entity, value, list, reason)
        self.l1_nos = set()
        self.victim_phones = set()
        self.scam_calls = []  # (number, ts, callee, dur, gang)

    # ------------------------------------------------------------------ ids
    def digits(self, n):
        return "%0*d" % (n, self.r.randrange(10 ** n))

    def new_phone(self, kind="mobile"):
        r = self.r
        while True:
            if kind == "virtual":
                p = r.choice(("170", "171")) + self.digits(8)
            else:
                p = r.choice(MOBILE_PFX) + self.digits(8)
            if p not in self.used_phone:
                self.used_phone.add(p)
                return p

    def intl_phone(self, cc):
        code, n, first = INTL[cc]
        while True:
            p = "+" + code + self.r.choice(first) + self.digits(n - 1)
            if p not in self.used_phone:
                self.used_phone.add(p)
                return p

    def landline(self, area="0539"):
        while True:
            p = area + self.r.choice("2345678") + self.digits(6 if len(area) == 4 else 7)
            if p not in self.used_phone:
                self.used_phone.add(p)
                return p

    def voip_number(self, style):
        r = self.r
        while True:
            if style == "400":
                p = "400" + r.choice("0123456789") + self.digits(6)
            elif style == "plus86":
                p = "+86" + r.choice(MOBILE_PFX) + self.digits(8)
            elif style == "95":
                p = "95" + self.digits(r.choice((3, 4, 6)))
            else:
                p = r.choice(("010", "021", "020", "0755", "0539")) + r.choice("2345678") + self.digits(7)
            if p not in self.used_phone:
                self.used_phone.add(p)
                return p

    def new_acct_no(self, bank, corp=False):
        r = self.r
        b = BANK_INFO[bank]
        while True:
            if corp:
                no = str(r.randint(1, 9)) + self.digits(r.choice((14, 16, 17, 19)))
            else:
                no = b[2] + self.digits(b[3] - 6)
            if no not in self.used_acct:
                self.used_acct.add(no)
                return no

    def pick_bank(self, mule=False):
        r = self.r
        idx = 4 if mule else 1
        tot = sum(b[idx] for b in BANKS)
        x = r.random() * tot
        for b in BANKS:
            x -= b[idx]
            if x <= 0:
                return b[0]
        return BANKS[-1][0]

    def new_acct(self, name, phone=None, corp=False, bank=None, owner=None, dev=None, ipp=None, mule=False):
        bank = bank or self.pick_bank(mule)
        return Acct(self.new_acct_no(bank, corp), bank, name, phone, dev, ipp, owner, corp)

    def cname(self):
        r = self.r
        n = r.choice(SURNAMES)
        n += r.choice(GIVEN)
        if r.random() < 0.62:
            n += r.choice(GIVEN)
        return n

    def corp_name(self, kind):
        return self.r.choice(PLACE) + kind

    def device(self):
        r = self.r
        if r.random() < 0.35:
            return "%08X-%04X-%04X" % (r.getrandbits(32), r.getrandbits(16), r.getrandbits(16))
        return "%016x" % r.getrandbits(64)

    def ip(self, pfx):
        return "%s.%d.%d" % (pfx, self.r.randint(0, 255), self.r.randint(1, 254))

    def at(self, d, cw):
        r = self.r
        h = bisect.bisect_left(cw, r.random() * cw[-1])
        return T0 + d * DAY + h * HOUR + r.randrange(HOUR)

    def txn_id(self, bank, ts):
        d = (ts - T0) // DAY
        while True:
            t = bank + self.day_str[max(0, d)] + self.digits(10)
            if t not in self.used_txn:
                self.used_txn.add(t)
                return t

    # ------------------------------------------------------------------ emit
    def emit(self, ts, typ, body):
        if ts < T0 or ts >= self.tend:
            return False
        self.seq += 1
        self.ev.append((ts, self.seq, typ, body))
        return True

    PHONE_P = {"mobile_app": 0.97, "online_banking": 0.90, "third_party": 0.70, "counter": 0.85,
               "atm": 0.75, "pos": 0.45}

    def txn(self, ts, payer, payee, amount, channel, phone=None, device=None, ip=None, show_name=None):
        amount = int(amount)
        if amount <= 0 or ts < T0 or ts >= self.tend:
            return None
        r = self.r
        b = {"txn_id": self.txn_id(payer.bank, ts), "payer_account": payer.no, "payer_bank": payer.bank}
        if phone:
            b["payer_phone"] = phone
        b["payee_account"] = payee.no
        b["payee_bank"] = payee.bank
        if payee.name and (show_name if show_name is not None else r.random() < 0.88):
            b["payee_name"] = payee.name
        b["amount_fen"] = amount
        if r.random() < 0.55:
            b["currency"] = "CNY"
        b["channel"] = channel
        if device:
            b["device_id"] = device
        if ip:
            b["ip"] = ip
        self.emit(ts, "transaction", b)
        return b

    def ptxn(self, ts, acct, payee, amount, channel, p=None, device=None, ipp=None, scam=False):
        """Transfer initiated by a resident (or a resident's business). Scam transfers use the same rules."""
        r = self.r
        if not scam and p is not None and p.victim is not None and payee.no in self.l1_nos:
            return None
        if channel == "counter" and not 9 <= ((ts - T0) % DAY) // HOUR < 17:
            channel = "mobile_app" if r.random() < 0.8 else "atm"
        phone = acct.phone if acct.phone and r.random() < self.PHONE_P[channel] else None
        dev = ip = None
        if channel in ("mobile_app", "third_party", "online_banking"):
            if device is not None:
                dev = device
            elif acct.dev and r.random() < 0.93:
                dev = acct.dev[0] if len(acct.dev) == 1 or r.random() < 0.8 else r.choice(acct.dev)
            if r.random() < 0.8:
                ip = self.ip(ipp or acct.ipp or r.choice(IP_PFX))
        return self.txn(ts, acct, payee, amount, channel, phone, dev, ip)

    def call(self, ts, caller, kind, callee, dur, creg=None, ereg=None, spoof=None):
        r = self.r
        while True:
            cid = "%s-%012x" % (r.choice(("CDR", "CDR", "VC", "IMS")), r.getrandbits(48))
            if cid not in self.used_call:
                self.used_call.add(cid)
                break
        dur = max(0, int(dur))
        b = {"phase": "start", "call_id": cid, "caller": caller, "callee": callee, "caller_kind": kind}
        if creg and r.random() < 0.9:
            b["caller_region"] = creg
        if ereg and r.random() < 0.95:
            b["callee_region"] = ereg
        if spoof is None and kind in ("international", "voip", "unknown") and r.random() < 0.5:
            spoof = r.random() < 0.012
        if spoof is not None:
            b["spoof_suspected"] = bool(spoof)
        end = ts + dur * SEC + r.randrange(1000)
        if not self.emit(ts, "call", b):
            return end
        e = dict(b)
        e["phase"] = "end"
        e["duration_s"] = dur
        self.emit(end, "call", e)
        return end

    def pcall(self, ts, a, b, dur):
        """resident a calls resident b"""
        return self.call(ts, a.phone, a.kind, b.phone, dur, a.region, b.region)

    def xcall(self, ts, x, p, dur, spoof=None):
        """outside number x calls resident p"""
        return self.call(ts, x.phone, x.kind, p.phone, dur, x.region, p.region, spoof)

    def ocall(self, ts, p, x, dur):
        """resident p calls outside number x"""
        return self.call(ts, p.phone, p.kind, x.phone, dur, p.region, x.region)

    # ------------------------------------------------------------------ build
    def build(self):
        r, N, s = self.r, self.N, self.s
        segs = [x[0] for x in SEGS]
        segcw = cum([x[1] for x in SEGS])
        P = []
        for i in range(N):
            p = Person(i)
            p.seg = segs[bisect.bisect_left(segcw, r.random() * segcw[-1])]
            loc = 0.6 if p.seg == "student" else (0.80 if p.seg in ("worker", "gig") else 0.92)
            p.region = HOME if r.random() < loc else r.choice(OTHER_REGIONS)
            p.kind = "virtual" if r.random() < 0.025 else "mobile"
            p.phone = self.new_phone(p.kind)
            p.name = self.cname()
            dev = [self.device()]
            if r.random() < 0.15:
                dev.append(self.device())
            ipp = r.choice(IP_PFX)
            p.acct = self.new_acct(p.name, p.phone, owner=i, dev=dev, ipp=ipp)
            sp = SEGP[p.seg]
            p.wealth = sp[4] * math.exp(r.gauss(0, 0.9))
            if r.random() < sp[5]:
                bank = self.pick_bank()
                while bank == p.acct.bank:
                    bank = self.pick_bank()
                p.acct2 = Acct(self.new_acct_no(bank), bank, p.name, p.phone if r.random() < 0.65 else None,
                               dev, ipp, i)
                p.wealth2 = sp[4] * 0.6 * math.exp(r.gauss(0, 1.0))
            else:
                p.wealth2 = 0.0
            p.comm = i // 250
            P.append(p)
        self.P = P
        # households and social graph
        i = 0
        while i < N:
            k = r.choice((1, 2, 2, 3, 3, 3, 4, 4))
            hh = list(range(i, min(N, i + k)))
            for a in hh:
                P[a].fam = [b for b in hh if b != a]
            i += k
        for p in P:
            for _ in range(r.randint(0, 3)):
                q = r.randrange(N)
                if q != p.i and q not in p.fam:
                    p.fam.append(q)
                    P[q].fam.append(p.i)
            base = p.comm * 250
            hi = min(N, base + 250)
            for _ in range(r.randint(5, 18)):
                q = r.randrange(base, hi) if r.random() < 0.8 else r.randrange(N)
                if q != p.i and q not in p.friends and q not in p.fam:
                    p.friends.append(q)
        for p in P:
            for q in p.friends:
                if p.i not in P[q].friends and r.random() < 0.5:
                    P[q].friends.append(p.i)
        # out-of-town contacts
        for p in P:
            n = r.randint(2, 7)
            for j in range(n):
                if p.region != HOME and j < 3:
                    reg, rel = p.region, "family"
                else:
                    reg = HOME if r.random() < 0.45 else r.choice(OTHER_REGIONS)
                    rel = r.choice(("friend", "work", "work", "family"))
                kind = "virtual" if r.random() < 0.03 else "mobile"
                p.ext.append(Ext(self.new_phone(kind), kind, reg, self.cname(), rel))
            if r.random() < 0.025:
                cc = r.choices([c for c, _ in ABROAD_CC], [w for _, w in ABROAD_CC])[0]
                x = Ext(self.intl_phone(cc), "international", cc, p.name[0] + self.r.choice(GIVEN) +
                        self.r.choice(GIVEN), "abroad", cc)
                x.acct = self.new_acct(x.name)
                p.abroad = x
        self.build_merchants()
        self.build_companies()
        self.build_pools()

    def build_merchants(self):
        r, s, P = self.r, self.s, self.P
        M = []
        self.mcat = {}

        def add(cat, n, w, lo, hi, corp, owner_p, namef, bank=None):
            lst = self.mcat.setdefault(cat, [])
            for _ in range(max(1, int(round(n)))):
                owner = None
                if owner_p and r.random() < owner_p:
                    owner = "pending"
                nm = namef()
                a = self.new_acct(nm, corp=corp, bank=bank)
                m = Merchant(cat, a, lo, hi, w * math.exp(r.gauss(0, 0.5)), owner)
                lst.append(m)
                M.append(m)

        add("super", 3, 70, 15, 450, True, 0, lambda: self.corp_name("惠民超市连锁有限公司"))
        add("plat", 3, 30, 10, 1500, True, 0, lambda: self.corp_name(r.choice(("网络科技有限公司", "电子商务有限公司"))))
        add("conv", 40 * s, 4, 3, 80, False, 0.6, lambda: self.corp_name("便利店"))
        add("rest", 110 * s, 2, 15, 320, False, 0.7,
            lambda: self.corp_name(r.choice(("煎饼铺", "糁汤馆", "炒鸡店", "水饺馆", "烧烤", "面馆", "快餐", "火锅店", "羊汤馆", "包子铺"))))
        add("stall", 60 * s, 1.5, 3, 40, False, 1.0, lambda: "stall")
        add("pharm", 20 * s, 1.5, 10, 300, False, 0.4, lambda: self.corp_name("大药房"))
        add("gas", 8 * s, 4, 100, 500, True, 0, lambda: self.corp_name("石化加油站"))
        add("hosp", max(2, 4 * s), 3, 30, 1500, True, 0, lambda: self.corp_name("人民医院"))
        add("gold", max(3, 6 * s), 0.3, 500, 20000, False, 0.3, lambda: self.corp_name("黄金珠宝"))
        add("elec", max(3, 10 * s), 0.6, 100, 8000, False, 0.3, lambda: self.corp_name("数码通讯"))
        add("furn", max(3, 10 * s), 0.3, 300, 8000, False, 0.3, lambda: self.corp_name("家居"))
        add("util", 6, 0, 30, 500, True, 0, lambda: "x")
        names = ["沂州供电服务中心", "沂州水务集团有限公司", "沂州燃气有限公司", "移动通信沂州分公司",
                 "联通沂州分公司", "电信沂州分公司"]
        for m, nm in zip(self.mcat["util"], names):
            m.acct.name = nm
        add("school", max(4, 12 * s), 0, 200, 3000, True, 0, lambda: self.corp_name(r.choice(("实验学校", "中学", "幼儿园", "职业学院"))))
        add("train", max(4, 12 * s), 0, 500, 8000, True, 0, lambda: self.corp_name("教育培训学校"))
        add("car", max(3, 6 * s), 0, 0, 0, True, 0, lambda: "沂州" + self.corp_name("汽车销售服务有限公司"))
        add("deco", max(3, 8 * s), 0, 0, 0, True, 0, lambda: self.corp_name("装饰工程有限公司"))
        add("material", max(4, 10 * s), 0, 0, 0, False, 0, lambda: self.corp_name(r.choice(("建材", "瓷砖", "橱柜", "门窗"))))
        add("travel", 3, 0, 0, 0, True, 0, lambda: self.corp_name("国际旅行社有限公司"))
        add("prop", max(3, 6 * s), 0, 0, 0, True, 0, lambda: self.corp_name("物业服务有限公司"))
        add("insur", 4, 0, 0, 0, True, 0, lambda: self.corp_name("人寿保险股份有限公司沂州中心支公司"))
        add("secur", 3, 0, 0, 0, True, 0, lambda: self.corp_name("证券股份有限公司客户交易结算资金"))
        add("cfin", 5, 0, 0, 0, True, 0, lambda: self.corp_name("消费金融股份有限公司"))
        add("care", 3, 0, 0, 0, True, 0, lambda: self.corp_name("康养中心"))
        add("estate", 3, 0, 0, 0, True, 0, lambda: self.corp_name("置业有限公司"))
        add("agency", 2, 0, 0, 0, True, 0, lambda: self.corp_name("留学服务有限公司"))
        add("whole", 25 * s, 0, 0, 0, False, 0.6, lambda: self.corp_name(r.choice(("蔬菜批发", "粮油批发部", "水产批发", "副食批发", "肉类批发"))))
        add("trade", max(5, 15 * s), 0, 0, 0, True, 0, lambda: self.corp_name(r.choice(("商贸有限公司", "贸易有限公司", "电子商务有限公司", "信息咨询服务部", "网络科技有限公司", "食品有限公司"))))
        add("plat_pay", 1, 0, 0, 0, True, 0, lambda: "速达即时配送科技有限公司")
        add("social", 1, 0, 0, 0, True, 0, lambda: "沂州市社会保险事业中心")
        self.M = M
        # owners: business persons
        owners = [p for p in P if p.seg == "business"]
        r.shuffle(owners)
        oi = 0
        for m in M:
            if m.owner == "pending":
                if oi < len(owners):
                    p = owners[oi]
                    oi += 1
                    m.owner = p.i
                    p.owns = m
                    m.acct.phone = p.phone
                    m.acct.dev = p.acct.dev
                    m.acct.ipp = p.acct.ipp
                    if m.cat == "stall":
                        m.acct.name = p.name
                    elif r.random() < 0.4:
                        m.acct.name = p.name  # individual business account in the owner's name
                else:
                    m.owner = None
            if m.acct.name == "stall":
                m.acct.name = self.cname()
        self.labour = owners[oi:oi + max(1, int(round(2 * self.s)))]
        # everyday shop weights
        self.shops = [m for m in M if m.w > 0]
        self.shop_cw = cum([m.w for m in self.shops])
        for p in P:
            k = r.randint(3, 8)
            p.fav = [self.shops[bisect.bisect_left(self.shop_cw, r.random() * self.shop_cw[-1])]
                     for _ in range(k)]
            local = self.mcat["rest"] + self.mcat["stall"] + self.mcat["conv"]
            for _ in range(2):
                p.fav.append(local[r.randrange(len(local))])

    def build_companies(self):
        r, P, s = self.r, self.P, self.s
        n = max(10, int(self.N / 45))
        self.companies = []
        for _ in range(n):
            nm = self.corp_name(r.choice(("机械制造有限公司", "木业有限公司", "食品有限公司", "物流有限公司",
                                          "商贸有限公司", "建筑工程有限公司", "医药有限公司", "科技有限公司",
                                          "纺织有限公司", "包装制品有限公司")))
            a = self.new_acct(nm, corp=True)
            pd = r.choices([15, 10, 20, 25, 5, 18, "fri", 28], [35, 20, 15, 10, 8, 5, 5, 7])[0]
            self.companies.append([a, pd, []])
        zw = cum([1.0 / (k + 1) ** 0.9 for k in range(n)])
        for p in P:
            if p.seg in ("worker", "office") and r.random() < 0.85:
                c = self.companies[bisect.bisect_left(zw, r.random() * zw[-1])]
                c[2].append(p.i)
                p.employer = c
        # rent: landlords are residents (some with many tenants) or outsiders
        landlords = [p for p in P if p.seg in ("retiree", "business", "office") and r.random() < 0.06]
        for p in P:
            if p.seg in ("worker", "office", "gig", "student") and r.random() < 0.25:
                day = r.randint(1, 28)
                amt = rnd(loguni(r, 600, 3200), 50)
                if landlords and r.random() < 0.45:
                    ll = r.choice(landlords)
                    if ll.i != p.i:
                        p.rent = (day, amt, ll.acct, None)
                        continue
                x = Ext(self.new_phone(), "mobile", HOME, self.cname(), "landlord")
                x.acct = self.new_acct(x.name)
                p.rent = (day, amt, x.acct, x)

    def build_pools(self):
        r, s = self.r, self.s
        self.couriers = [Ext(self.new_phone("virtual") if r.random() < 0.75 else self.new_phone(),
                             None, None, self.cname(), "courier") for _ in range(int(400 * s) + 5)]
        for x in self.couriers:
            x.kind = "virtual" if x.phone[:3] in ("170", "171") else "mobile"
            x.region = HOME if x.kind == "mobile" else r.choice([HOME, HOME, "370100", "110000"])
        self.tele = []
        for _ in range(int(300 * s) + 5):
            k = r.random()
            if k < 0.4:
                x = Ext(self.new_phone(), "mobile", r.choice(OTHER_REGIONS), "", "tele")
            elif k < 0.7:
                x = Ext(self.new_phone("virtual"), "virtual", r.choice(OTHER_REGIONS), "", "tele")
            else:
                x = Ext(self.voip_number(r.choice(("400", "plus86", "land"))), "voip", r.choice(OTHER_REGIONS), "", "tele")
            self.tele.append(x)
        self.local_lines = [Ext(self.landline(), "landline", HOME, "", "local") for _ in range(int(60 * s) + 5)]
        self.rms = {}
        for b in BANKS:
            self.rms[b[0]] = [Ext(self.new_phone(), "mobile", HOME, self.cname(), "rm") for _ in range(3)]
        self.bank_ext = {b: Ext(n, "landline", None, "", "bank") for b, n in BANK_LINE.items()}
        self.fraud_centre = Ext("96110", "landline", HOME, "", "96110")
        self.hotline = Ext("12345", "landline", HOME, "", "gov")
        self.courier_lines = [Ext(n, "landline", None, "", "courier") for n in COURIER_LINES]
        self.cfin = self.mcat["cfin"]

    # ------------------------------------------------------------------ legit
    def shop_pick(self, p):
        r = self.r
        if r.random() < 0.6:
            return r.choice(p.fav)
        return self.shops[bisect.bisect_left(self.shop_cw, r.random() * self.shop_cw[-1])]

    def ext_acct(self, x):
        if x.acct is None:
            x.acct = self.new_acct(x.name or self.cname())
        return x.acct

    def p2p_amount(self):
        r = self.r
        u = r.random()
        if u < 0.22:
            return r.choice((5200, 13140, 6600, 8800, 16800, 20000, 10000, 5000, 66600, 88800, 52000, 100000))
        if u < 0.72:
            return rnd(loguni(r, 30, 1500), 10)
        if u < 0.95:
            return rnd(loguni(r, 1500, 6000), 100)
        return rnd(loguni(r, 6000, 30000), 1000)

    def person_channel(self):
        u = self.r.random()
        return "mobile_app" if u < 0.72 else "third_party" if u < 0.88 else "online_banking" if u < 0.95 else "counter" if u < 0.98 else "atm"

    def legit(self):
        r, P, D = self.r, self.P, self.D
        N = self.N
        for d in range(D):
            wd = (WEEK_START + timedelta(days=d)).weekday()
            weekend = wd >= 5
            mm = 1.15 if weekend else 1.0
            for p in P:
                sp = SEGP[p.seg]
                # shop payments
                for _ in range(pois(r, sp[0] * mm)):
                    m = self.shop_pick(p)
                    amt = rnd(loguni(r, m.lo, m.hi), 1) if m.hi > 60 else int(loguni(r, m.lo, m.hi) * 10) * 10
                    u = r.random()
                    ch = "pos" if u < 0.33 else "third_party" if u < 0.75 else "mobile_app"
                    a = p.acct if (p.acct2 is None or r.random() < 0.85) else p.acct2
                    ts = self.at(d, H_DAY)
                    if self.ptxn(ts, a, m.acct, amt, ch, p) and m.owner is not None:
                        if m.recv is None:
                            m.recv = [0] * D
                        m.recv[d] += amt
                # P2P
                for _ in range(pois(r, sp[1])):
                    self.p2p(p, d)
                # bills
                if r.random() < 0.06:
                    m = r.choice(self.mcat["util"] + self.mcat["prop"])
                    self.ptxn(self.at(d, H_DAY), p.acct, m.acct, rnd(loguni(r, 30, 600), 1), "mobile_app" if r.random() < 0.7 else "third_party", p)
                # own transfers
                if p.acct2 is not None and r.random() < 0.035:
                    a, b = (p.acct, p.acct2) if r.random() < 0.5 else (p.acct2, p.acct)
                    amt = rnd(loguni(r, 300, 20000), 100) if r.random() < 0.9 else rnd(loguni(r, 20000, 200000), 1000)
                    self.ptxn(self.at(d, H_DAY), a, b, amt, "mobile_app" if r.random() < 0.85 else "online_banking", p)
                # credit card repayment
                if r.random() < 0.02 and p.seg not in ("student", "farmer"):
                    if p.cc_no is None:
                        p.cc_no = Acct(self.new_acct_no(p.acct.bank), p.acct.bank, p.name)
                    self.ptxn(self.at(d, H_DAY), p.acct, p.cc_no, rnd(loguni(r, 300, 15000), 1), "mobile_app", p)
                # second-hand purchases paid to strangers
                if r.random() < (0.05 if p.seg in ("student", "office", "worker", "homemaker") else 0.01):
                    x = Ext(None, "mobile", None, self.cname(), "seller")
                    acc = self.new_acct(x.name)
                    self.ptxn(self.at(d, H_EVE), p.acct, acc, rnd(loguni(r, 30, 3000), 1), "mobile_app" if r.random() < 0.6 else "third_party", p)
                # legit online loan disbursement (someone in need of cash)
                if r.random() < 0.002:
                    m = r.choice(self.cfin)
                    self.txn(self.at(d, H_DAY), m.acct, p.acct, rnd(loguni(r, 2000, 50000), 100), "online_banking")
                # calls placed
                for _ in range(pois(r, sp[2])):
                    self.placed_call(p, d)
                # calls received from outside
                for _ in range(pois(r, sp[3])):
                    self.inbound_call(p, d)
        self.weekly_life()
        self.business_flows()

    def p2p(self, p, d, ts=None):
        r, P = self.r, self.P
        u = r.random()
        q = x = None
        if u < 0.4 and p.fam:
            q = P[r.choice(p.fam)]
        elif u < 0.85 and p.friends:
            q = P[r.choice(p.friends)]
        else:
            x = r.choice(p.ext)
        ts = ts or self.at(d, H_DAY)
        if r.random() < 0.3:
            lead = rm(r, 1, 60)
            if q is not None:
                if r.random() < 0.5:
                    self.pcall(ts - lead, p, q, loguni(r, 20, 900))
                else:
                    self.pcall(ts - lead, q, p, loguni(r, 20, 900))
            else:
                if r.random() < 0.5:
                    self.ocall(ts - lead, p, x, loguni(r, 20, 900))
                else:
                    self.xcall(ts - lead, x, p, loguni(r, 20, 900))
        payee = q.acct if q is not None else self.ext_acct(x)
        if q is not None and q.acct2 is not None and r.random() < 0.1:
            payee = q.acct2
        a = p.acct if (p.acct2 is None or r.random() < 0.85) else p.acct2
        return self.ptxn(ts, a, payee, self.p2p_amount(), self.person_channel(), p)

    def call_dur(self, long_p=0.05):
        r = self.r
        if r.random() < long_p:
            return loguni(r, 900, 5400)
        return min(7200, r.lognormvariate(math.log(95), 1.0))

    def placed_call(self, p, d):
        r, P = self.r, self.P
        u = r.random()
        eve = r.random() < 0.25
        ts = self.at(d, H_EVENING_CALL if eve else H_CALL)
        if u < 0.75:
            if r.random() < 0.45 and p.fam:
                q = P[r.choice(p.fam)]
                self.pcall(ts, p, q, self.call_dur(0.07 if eve else 0.03))
            elif p.friends:
                q = P[r.choice(p.friends)]
                self.pcall(ts, p, q, self.call_dur(0.04 if eve else 0.01))
        elif u < 0.93:
            x = r.choice(p.ext)
            self.ocall(ts, p, x, self.call_dur(0.06 if x.rel == "family" else 0.01))
        else:
            x = r.choice(self.local_lines + self.courier_lines + [self.bank_ext[p.acct.bank], self.hotline])
            self.ocall(ts, p, x, loguni(r, 20, 600))

    def inbound_call(self, p, d):
        r = self.r
        u = r.random()
        ts = self.at(d, H_CALL)
        if u < 0.34:
            x = r.choice(p.ext)
            self.xcall(ts, x, p, self.call_dur(0.06 if x.rel == "family" else 0.01))
        elif u < 0.56:
            x = r.choice(self.couriers)
            end = self.xcall(ts, x, p, loguni(r, 8, 90))
            if r.random() < 0.06:  # cash on delivery / freight to the courier's own card
                if x.acct is None:
                    x.acct = self.new_acct(x.name)
                self.ptxn(end + rm(r, 2, 40), p.acct, x.acct, rnd(loguni(r, 8, 300), 1),
                          "third_party" if r.random() < 0.6 else "mobile_app", p)
        elif u < 0.66:  # ride-hail / food delivery privacy numbers
            x = r.choice(self.couriers)
            self.xcall(ts, x, p, loguni(r, 5, 60))
        elif u < 0.88:
            x = r.choice(self.tele)
            v = r.random()
            dur = loguni(r, 1, 20) if v < 0.7 else loguni(r, 20, 120) if v < 0.95 else loguni(r, 120, 900)
            self.xcall(ts, x, p, dur)
        elif u < 0.95:
            x = r.choice(self.local_lines)
            self.xcall(ts, x, p, loguni(r, 30, 400))
        elif u < 0.985:
            self.xcall(self.at(d, H_WORK), self.bank_ext[p.acct.bank], p, loguni(r, 30, 480))
        elif u < 0.995:
            self.xcall(self.at(d, H_WORK), r.choice(self.rms[p.acct.bank]), p, loguni(r, 30, 600))
        else:
            self.xcall(self.at(d, H_WORK), self.fraud_centre, p, loguni(r, 30, 300))

    def weekly_life(self):
        r, P, D = self.r, self.P, self.D
        # payroll
        for a, pd, emps in self.companies:
            if not emps:
                continue
            days = []
            for d in range(D):
                dt = WEEK_START + timedelta(days=d)
                if pd == "fri" and dt.weekday() == 4:
                    days.append(d)
                elif pd != "fri" and dt.day == pd:
                    days.append(d)
            for d in days:
                ts = self.at(d, H_WORK)
                ch = "online_banking" if r.random() < 0.8 else "counter"
                for k, i in enumerate(emps):
                    p = P[i]
                    sal = rnd(loguni(r, 3500, 8500) if p.seg == "worker" else loguni(r, 5000, 16000), 1)
                    sal += r.randint(0, 99)
                    dest = p.acct if (p.acct2 is None or r.random() < 0.85) else p.acct2
                    self.txn(ts + k * r.randint(80, 600), a, dest, sal, ch)
        # pension on Wednesday 18th
        soc = self.mcat["social"][0].acct
        for d in range(D):
            if (WEEK_START + timedelta(days=d)).day == 18:
                ts = T0 + d * DAY + 8 * HOUR + r.randrange(HOUR)
                k = 0
                for p in P:
                    if p.seg == "retiree" or (p.seg == "farmer" and r.random() < 0.3):
                        amt = rnd(loguni(r, 1800, 5500), 1) + r.randint(0, 99) if p.seg == "retiree" else rnd(loguni(r, 150, 320), 1)
                        self.txn(ts + k * r.randint(50, 300), soc, p.acct, amt, "online_banking")
                        k += 1
        # gig platform payouts
        plat = self.mcat["plat_pay"][0].acct
        for d in range(D):
            ts = T0 + d * DAY + 11 * HOUR + r.randrange(2 * HOUR)
            k = 0
            for p in P:
                if p.seg == "gig" and r.random() < 0.8:
                    self.txn(ts + k * r.randint(100, 900), plat, p.acct, rnd(loguni(r, 80, 450), 1) + r.randint(0, 99), "third_party")
                    k += 1
        for p in P:
            # rent
            if p.rent:
                day, amt, lacct, x = p.rent
                for d in range(D):
                    if (WEEK_START + timedelta(days=d)).day == day:
                        self.ptxn(self.at(d, H_DAY), p.acct, lacct, amt, "mobile_app", p)
            # student allowance
            if p.seg == "student" and r.random() < 0.6:
                d = r.randrange(D)
                fam = [q for q in p.fam if P[q].seg not in ("student",)]
                amt = rnd(loguni(r, 300, 1500), 100)
                if fam and r.random() < 0.5:
                    q = P[r.choice(fam)]
                    self.ptxn(self.at(d, H_DAY), q.acct, p.acct, amt, "mobile_app", q)
                else:
                    x = next((e for e in p.ext if e.rel == "family"), r.choice(p.ext))
                    self.txn(self.at(d, H_DAY), self.ext_acct(x), p.acct, amt, "mobile_app", x.phone)
            # migrants send money home
            if p.region != HOME and p.seg in ("worker", "gig") and r.random() < 0.4:
                x = next((e for e in p.ext if e.rel == "family"), None)
                if x:
                    d = r.randrange(D)
                    ts = self.at(d, H_EVE)
                    if r.random() < 0.5:
                        self.xcall(ts - rm(r, 5, 120), x, p, self.call_dur(0.2))
                    self.ptxn(ts, p.acct, self.ext_acct(x), rnd(loguni(r, 800, 5000), 100), "mobile_app", p)
            # family abroad
            if p.abroad:
                self.abroad_week(p)
            # big one-offs
            bp = {"office": 0.05, "business": 0.06, "retiree": 0.035, "worker": 0.03, "student": 0.01,
                  "gig": 0.02, "farmer": 0.025, "homemaker": 0.03}[p.seg]
            if r.random() < bp:
                self.big_event(p)
            if r.random() < 0.004:
                self.legit_long_virtual(p)

    def abroad_week(self, p):
        r = self.r
        x = p.abroad
        for _ in range(r.randint(1, 3)):
            d = r.randrange(self.D)
            ts = self.at(d, H_EVENING_CALL if x.cc in ("US", "CA") else H_EVE)
            dur = loguni(r, 1200, 6000)
            sp = True if r.random() < 0.02 else None
            if r.random() < 0.25:
                end = self.ocall(ts, p, x, dur)
            else:
                end = self.xcall(ts, x, p, dur, spoof=sp)
            if r.random() < 0.5:
                t2 = end + rm(r, -20, 90)
                amt = rnd(loguni(r, 5000, 60000), 1000 if r.random() < 0.7 else 100)
                if r.random() < 0.35:
                    dest = r.choice(self.mcat["agency"]).acct if r.random() < 0.5 else self.new_acct(x.name)
                else:
                    dest = x.acct
                a = p.acct
                if p.acct2 is not None and r.random() < 0.3:
                    self.ptxn(t2 - rm(r, 2, 15), p.acct2, p.acct, amt, "mobile_app", p)
                self.ptxn(t2, a, dest, amt, "mobile_app" if amt <= 5000000 and r.random() < 0.8 else "online_banking", p)

    def legit_long_virtual(self, p):
        """Long calls from virtual numbers that are not scams: a friend on a 170 SIM, a landlord agent."""
        r = self.r
        x = Ext(self.new_phone("virtual"), "virtual", r.choice(OTHER_REGIONS + [HOME]), self.cname(), "friend")
        d = r.randrange(self.D)
        end = self.xcall(self.at(d, H_CALL), x, p, loguni(r, 900, 3600))
        if r.random() < 0.4:
            self.ptxn(end + rm(r, 1, 50), p.acct, self.ext_acct(x), rnd(loguni(r, 1000, 20000), 100), "mobile_app", p)

    def pre_calls(self, p, ts, who, n=1, dur=(60, 900)):
        r = self.r
        t = ts
        for _ in range(n):
            t -= rm(r, 3, 240)
            self.xcall(t, who, p, loguni(r, *dur))

    def bank_callback(self, p, ts, amt):
        r = self.r
        if amt >= 5000000 and r.random() < 0.25:
            self.xcall(ts + rm(r, 1, 15), self.bank_ext[p.acct.bank], p, loguni(r, 40, 240))

    def big_event(self, p):
        r, D = self.r, self.D
        kinds = ["car", "tuition", "rent_dep", "medical", "gold", "deco", "used_car", "house", "insur",
                 "stock", "wedding", "lend"]
        w = [8, 8, 8, 10, 9, 7, 6, 3, 6, 10, 8, 7]
        if p.seg == "student":
            w = [0, 6, 8, 2, 0, 0, 1, 0, 0, 1, 2, 2]
        k = r.choices(kinds, w)[0]
        d = r.randrange(D)
        ts = self.at(d, H_WORK)
        ch = lambda amt: "mobile_app" if amt <= 5000000 else ("online_banking" if r.random() < 0.7 else "counter")
        def pay(t, dest, amt, acct=None):
            a = acct or p.acct
            b = self.ptxn(t, a, dest, amt, ch(amt), p)
            self.bank_callback(p, t, amt)
            return b
        def topup(t, amt):
            if p.acct2 is not None and r.random() < 0.5:
                self.ptxn(t - rm(r, 3, 30), p.acct2, p.acct, amt, "mobile_app", p)
        if k == "car":
            m = r.choice(self.mcat["car"])
            sales = Ext(self.new_phone(), "mobile", HOME, self.cname(), "sales")
            self.pre_calls(p, ts, sales, r.randint(1, 3), (60, 600))
            if r.random() < 0.3:
                self.pre_calls(p, ts, self.bank_ext[p.acct.bank], 1, (120, 600))
            pay(ts, m.acct, rnd(loguni(r, 5000, 30000), 1000))
            if r.random() < 0.4:
                t2 = ts + r.randint(1, 3) * DAY + rh(r, -3, 3)
                amt = rnd(loguni(r, 40000, 160000), 100)
                topup(t2, amt)
                pay(t2, m.acct, amt)
        elif k == "tuition":
            m = r.choice(self.mcat["train"] + self.mcat["school"])
            if r.random() < 0.5:
                self.pre_calls(p, ts, r.choice(self.local_lines) if r.random() < 0.5 else Ext(self.new_phone(), "mobile", HOME, "", "t"), 1)
            pay(ts, m.acct, rnd(loguni(r, 3000, 25000), 100))
        elif k == "rent_dep":
            agent = Ext(self.new_phone(), "mobile", HOME, self.cname(), "agent")
            self.pre_calls(p, ts, agent, r.randint(1, 3), (30, 400))
            pay(ts, self.new_acct(self.cname()), rnd(loguni(r, 1500, 9000), 100))
            if r.random() < 0.5:
                pay(ts + rm(r, 1, 30), self.new_acct(agent.name), rnd(loguni(r, 500, 3000), 100))
        elif k == "medical":
            m = r.choice(self.mcat["hosp"])
            amt = rnd(loguni(r, 5000, 50000), 1000)
            for q in p.fam[:r.randint(0, 3)]:  # relatives chip in first
                qq = self.P[q]
                self.pcall(ts - rm(r, 20, 180), p, qq, loguni(r, 60, 600))
                self.ptxn(ts - rm(r, 5, 15), qq.acct, p.acct, rnd(loguni(r, 2000, 20000), 1000), "mobile_app", qq)
            pay(ts, m.acct, amt)
            if r.random() < 0.4:
                pay(ts + rh(r, 20, 48), m.acct, rnd(loguni(r, 3000, 30000), 1000))
        elif k == "gold":
            m = r.choice(self.mcat["gold"])
            if r.random() < 0.5:
                who = self.bank_ext[p.acct.bank] if r.random() < 0.5 else r.choice(self.rms[p.acct.bank])
                self.pre_calls(p, ts, who, 1, (120, 900))
            amt = rnd(loguni(r, 8000, 90000), 100)
            topup(ts, amt)
            if amt > 5000000:
                pay(ts, m.acct, 4900000)
                pay(ts + rm(r, 1, 5), m.acct, amt - 4900000)
            else:
                pay(ts, m.acct, amt)
        elif k == "deco":
            payees = [r.choice(self.mcat["deco"]).acct] + [m.acct for m in r.sample(self.mcat["material"], 3)]
            amt = loguni(r, 8000, 20000)
            t = ts
            for j in range(r.randint(2, 4)):
                pay(t, payees[j] if r.random() < 0.7 else payees[0], rnd(amt, 100))
                amt *= r.uniform(1.3, 2.5)
                t += rh(r, 6, 48)
        elif k == "used_car":
            seller = Ext(self.new_phone(), "mobile", r.choice(OTHER_REGIONS + [HOME] * 3), self.cname(), "seller")
            self.pre_calls(p, ts, seller, r.randint(1, 4), (60, 1200))
            acc = self.new_acct(seller.name)
            pay(ts, acc, rnd(loguni(r, 1000, 5000), 100))
            t2 = ts + rh(r, 2, 50)
            amt = rnd(loguni(r, 25000, 90000), 100)
            topup(t2, amt)
            pay(t2, acc, amt)
        elif k == "house":
            m = r.choice(self.mcat["estate"])
            amt = rnd(loguni(r, 100000, 450000), 1000)
            for q in p.fam[:r.randint(1, 3)]:
                qq = self.P[q]
                self.ptxn(ts - rh(r, 1, 30), qq.acct, p.acct, rnd(loguni(r, 20000, 150000), 1000), "online_banking", qq)
            topup(ts, amt // 3)
            pay(ts, m.acct, amt)
        elif k == "insur":
            agent = Ext(self.new_phone(), "mobile", HOME, self.cname(), "agent")
            self.pre_calls(p, ts, agent, r.randint(1, 2), (600, 2400))
            pay(ts, r.choice(self.mcat["insur"]).acct, rnd(loguni(r, 3000, 30000), 1))
        elif k == "stock":
            m = r.choice(self.mcat["secur"])
            dest = Acct(self.new_acct_no(p.acct.bank, True), p.acct.bank, m.acct.name, corp=True)
            amt = loguni(r, 5000, 30000)
            dd = d
            for _ in range(r.randint(2, 5)):
                if dd >= D:
                    break
                if (WEEK_START + timedelta(days=dd)).weekday() < 5:
                    pay(self.at(dd, H_TRADE), dest, rnd(amt, 1000))
                    amt *= r.uniform(1.3, 2.2)
                dd += r.randint(1, 2)
        elif k == "wedding":
            for q in r.sample(self.P, r.randint(2, 5)):
                self.ptxn(ts + rh(r, 0, 72), p.acct, q.acct, r.choice((60000, 80000, 100000, 120000, 200000)), "mobile_app", p)
        elif k == "lend":
            x = r.choice(p.ext)
            end = self.xcall(ts, x, p, loguni(r, 300, 2400)) if r.random() < 0.7 else ts
            pay(end + rm(r, 2, 120), self.ext_acct(x), rnd(loguni(r, 5000, 100000), 1000))

    def business_flows(self):
        r, P, D = self.r, self.P, self.D
        wholes = self.mcat["whole"]
        whole_in = {id(m): [] for m in wholes}
        for m in self.M:
            if m.owner is None:
                continue
            o = P[m.owner]
            # nightly sweep to the owner's own account
            if m.recv:
                for d in range(D):
                    if m.recv[d] > 20000 and r.random() < 0.75:
                        self.ptxn(self.at(d, H_NIGHT_SWEEP), m.acct, o.acct,
                                  int(m.recv[d] * r.uniform(0.6, 1.0)) // 100 * 100 or m.recv[d],
                                  "mobile_app", o)
            # supplier payments (mornings)
            if m.cat in ("rest", "conv", "pharm", "stall"):
                for d in range(D):
                    if r.random() < 0.45:
                        w = r.choice(wholes) if r.random() < 0.7 else r.choice(self.mcat["trade"])
                        ts = self.at(d, H_MORNING)
                        amt = rnd(loguni(r, 500, 20000), 10)
                        src = m.acct if r.random() < 0.6 else o.acct
                        if self.ptxn(ts, src, w.acct, amt, "mobile_app" if r.random() < 0.8 else "third_party", o):
                            if id(w) in whole_in:
                                whole_in[id(w)].append((ts, amt))
        # wholesalers pass the money on to producers within hours
        for w in wholes:
            ins = sorted(whole_in[id(w)])
            prods = [self.new_acct(self.cname()) for _ in range(r.randint(2, 4))]
            splitter = r.random() < 0.33
            o = P[w.owner] if w.owner is not None else None
            for d in range(D):
                tot = sum(a for t, a in ins if T0 + d * DAY <= t < T0 + (d + 1) * DAY)
                tot += rnd(loguni(r, 2000, 60000), 100) if r.random() < 0.6 else 0  # external buyers
                if tot < 100000:
                    continue
                ts = T0 + d * DAY + rh(r, 9, 16) + r.randrange(HOUR)
                amt = int(tot * r.uniform(0.7, 0.95)) // 100 * 100
                dest = r.choice(prods)
                while amt > 0:
                    c = amt
                    if splitter and amt > 5000000:
                        c = r.randint(4950, 4999) * 1000
                    elif amt > 2000000 and r.random() < 0.5:
                        c = amt // 2 // 100 * 100
                    if o is not None:
                        self.ptxn(ts, w.acct, dest, c, "mobile_app", o)
                    else:
                        self.txn(ts, w.acct, dest, c, "online_banking")
                    amt -= c
                    ts += r.randint(30, 600) * SEC
                    if r.random() < 0.4:
                        dest = r.choice(prods)
        # group-buy leaders
        leaders = [p for p in P if p.seg in ("homemaker", "retiree", "business") and r.random() < 0.02]
        leaders = leaders[:max(3, int(15 * self.s))]
        for L in leaders:
            sup = self.new_acct(self.corp_name(r.choice(("生鲜配送中心", "果业合作社", "农产品有限公司"))), corp=r.random() < 0.6)
            for _ in range(r.randint(1, 3)):
                d = r.randrange(D)
                t = self.at(d, H_WORK)
                tot = 0
                nb = [q for q in L.friends + L.fam] or [r.randrange(self.N)]
                for k in range(r.randint(8, 35)):
                    q = P[r.choice(nb)] if r.random() < 0.6 else P[r.randrange(L.comm * 250, min(self.N, L.comm * 250 + 250))]
                    if q.i == L.i:
                        continue
                    amt = rnd(loguni(r, 20, 200), 1)
                    if self.ptxn(t + r.randrange(5 * HOUR), q.acct, L.acct, amt, "third_party" if r.random() < 0.6 else "mobile_app", q):
                        tot += amt
                if tot:
                    self.ptxn(t + rm(r, 5 * 60, 8 * 60), L.acct, sup, int(tot * r.uniform(0.88, 0.96)), "mobile_app", L)
        # labour contractors: one lump in, many wages out within the hour (Saturday)
        for L in self.labour:
            builder = self.new_acct(self.corp_name("建设集团有限公司"), corp=True)
            for d in range(D):
                if (WEEK_START + timedelta(days=d)).weekday() != 5:
                    continue
                workers = [P[r.randrange(self.N)] for _ in range(r.randint(10, 30))]
                workers = [q for q in workers if q.seg in ("worker", "farmer", "gig") and q.i != L.i]
                ext = [self.new_acct(self.cname()) for _ in range(r.randint(5, 20))]
                wages = [rnd(loguni(r, 2000, 8000), 10) for _ in range(len(workers) + len(ext))]
                t = T0 + d * DAY + 9 * HOUR + r.randrange(HOUR)
                self.txn(t, builder, L.acct, sum(wages) + rnd(loguni(r, 5000, 30000), 100), "online_banking")
                t += rm(r, 10, 40)
                for k, dest in enumerate([q.acct for q in workers] + ext):
                    self.ptxn(t + k * r.randint(20, 120) * SEC, L.acct, dest, wages[k], "mobile_app", L)

    # ------------------------------------------------------------------ scammers
    def build_gangs(self):
        r = self.r
        specs = [
            ("P1", "police", 0, [("international", .45), ("voip", .35), ("spoof_local", .2)], 0.02, ["KH", "MM", "PH"]),
            ("P2", "police", 0, [("virtual", .6), ("voip", .25), ("spoof_local", .15)], 0.02, []),
            ("C1", "cs", 1, [("virtual", .6), ("voip400", .25), ("spoof_bank", .15)], 0.025, []),
            ("C2", "cs", 1, [("virtual", .5), ("international", .3), ("goip", .2)], 0.02, ["HK", "PH", "MY"]),
            ("L1", "loan", 1, [("goip", .6), ("virtual", .4)], 0.02, []),
            ("T1", "chat", 2, [("goip", .7), ("voip", .3)], 0.0, []),
        ]
        self.gangs = {}
        for gid, typ, net, kinds, dial, ccs in specs:
            g = {"id": gid, "typ": typ, "net": net, "kinds": kinds, "dial": dial, "ccs": ccs or ["KH"],
                 "days": []}
            prev = []
            for d in range(self.D):
                today = [n for n in prev if r.random() < 0.2]
                for _ in range(r.randint(3, 8)):
                    today.append(self.gang_number(g))
                g["days"].append(today)
                prev = today
            self.gangs[gid] = g
        # two numbers from past cases (already on the list) are reused on day 0/1
        self.old_numbers = [self.new_phone("virtual") if r.random() < 0.6 else self.intl_phone(r.choice(["KH", "MM", "PH"]))
                            for _ in range(int(40 * self.s) + 2)]
        for j, gid in enumerate(("P2", "C1")):
            num = self.old_numbers[j]
            kind = "virtual" if num.startswith("17") else "international"
            reg = r.choice(OTHER_REGIONS) if kind == "virtual" else ("KH" if num.startswith("+855") else "MM" if num.startswith("+95") else "PH")
            self.gangs[gid]["days"][min(j, self.D - 1)].append((num, kind, reg, "plain"))

    def gang_number(self, g):
        r = self.r
        k = r.choices([x for x, _ in g["kinds"]], [w for _, w in g["kinds"]])[0]
        if k == "international":
            cc = r.choice(g["ccs"])
            return (self.intl_phone(cc), "international", cc, "plain")
        if k == "voip":
            return (self.voip_number(r.choice(("plus86", "land", "95"))), "voip", r.choice(OTHER_REGIONS + [None]), "plain")
        if k == "voip400":
            return (self.voip_number("400"), "voip", None, "plain")
        if k == "virtual":
            return (self.new_phone("virtual"), "virtual", r.choice(OTHER_REGIONS), "plain")
        if k == "goip":
            return (self.new_phone(), "mobile", r.choice(FAR_REGIONS), "plain")
        if k == "spoof_local":
            return (self.landline(), "landline", HOME, "spoof")
        if k == "spoof_bank":
            return (r.choice(list(BANK_LINE.values())), "landline", None, "spoof")
        raise ValueError(k)

    def gang_call(self, g, d, callee, ts, dur, prefer=None, victim=None):
        r = self.r
        nums = g["days"][max(0, min(d, self.D - 1))]
        cand = [n for n in nums if prefer is None or n[1] in prefer or n[3] in prefer] or nums
        num, kind, reg, sty = r.choice(cand)
        spoof = None
        if sty == "spoof":
            spoof = r.random() < 0.62
            if not spoof and r.random() < 0.5:
                spoof = None
        end = self.call(ts, num, kind, callee.phone, dur, reg, callee.region, spoof)
        self.scam_calls.append((num, ts, callee.i, dur, g["id"], victim, sty))
        return end

    def dialers(self):
        r, P = self.r, self.P
        weights = cum([1.6 if p.seg == "retiree" else 1.0 for p in P])
        for g in self.gangs.values():
            if g["dial"] <= 0:
                continue
            for d in range(self.D):
                for _ in range(pois(r, self.N * g["dial"])):
                    p = P[bisect.bisect_left(weights, r.random() * weights[-1])]
                    u = r.random()
                    if u < 0.55:
                        dur = r.randint(0, 10)
                    elif u < 0.80:
                        dur = r.randint(10, 45)
                    elif u < 0.92:
                        dur = r.randint(45, 180)
                    elif u < 0.98:
                        dur = r.randint(180, 600)
                    else:
                        dur = int(loguni(r, 600, 3600))
                    self.gang_call(g, d, p, self.at(d, H_SCAM), dur)

    def build_mules(self):
        r, P, s = self.r, self.P, self.s
        self.nets = []
        spec = [(r.randint(5, 7), r.randint(3, 4), r.randint(2, 3)),
                (r.randint(8, 10), r.randint(4, 5), r.randint(2, 3)),
                (r.randint(10, 12), r.randint(4, 6), r.randint(2, 3))]
        cands = [p for p in P if p.seg in ("student", "gig", "worker", "farmer") and p.owns is None]
        r.shuffle(cands)
        ci = 0
        self.mules = []
        self.mule_by_no = {}
        for net, (n1, n2, n3) in enumerate(spec):
            n1, n2, n3 = [max(1, int(round(x * s))) for x in (n1, n2, n3)]
            devs = [self.device() for _ in range(r.randint(2, 3))]
            ipps = r.sample(OP_IP_PFX, 2) + [r.choice(IP_PFX)]
            dealer = self.new_acct(self.cname(), mule=True)
            layers = []
            for layer, n in ((1, n1), (2, n2), (3, n3)):
                lst = []
                for j in range(n):
                    rented = layer < 3 and r.random() < (0.35 if layer == 1 else 0.2) and ci < len(cands)
                    corp = not rented and r.random() < (0.35 if (net == 2 and layer == 1) else 0.15)
                    if rented:
                        p = cands[ci]
                        ci += 1
                        p.mule = True
                        if r.random() < 0.5:
                            acct = p.acct
                        elif p.acct2 is not None:
                            acct = p.acct2
                            p.wealth2 = 0.0
                        else:
                            acct = self.new_acct(p.name, p.phone, owner=p.i, dev=p.acct.dev, ipp=p.acct.ipp, mule=True)
                            p.acct2 = acct
                            p.wealth2 = 0.0
                        m = Mule(acct, layer, net)
                        m.rented = p
                        m.op_phone = p.phone if r.random() < 0.5 else None
                    else:
                        nm = self.corp_name(r.choice(("商贸有限公司", "网络科技有限公司", "信息咨询服务部", "贸易有限公司", "电子商务有限公司"))) if corp else self.cname()
                        acct = self.new_acct(nm, corp=corp, mule=True)
                        m = Mule(acct, layer, net)
                        if not corp and r.random() < 0.45:
                            m.op_phone = self.new_phone("virtual" if r.random() < 0.3 else "mobile")
                            acct.phone = m.op_phone
                        else:
                            m.op_phone = None
                    m.op_dev = r.choice(devs)
                    m.op_ip = r.choice(ipps)
                    if layer == 1:
                        start = T0 + int((j / n) * self.D * DAY) - rh(r, 0, 12)
                        m.t0 = start
                        m.t1 = start + int(r.uniform(1.5, 3.5) * DAY)
                    else:
                        m.t0 = T0 - DAY
                        m.t1 = self.tend + DAY
                    m.limit = r.choice((5000000, 2000000, 2000000, 1000000, 1000000, 500000)) if layer == 1 else r.choice((2000000, 5000000, 5000000, 10000000))
                    lst.append(m)
                    self.mules.append(m)
                    self.mule_by_no[m.acct.no] = m
                layers.append(lst)
            # tree: L1 -> L2 -> L3 (round robin guarantees every upper node has a child)
            for a, b in ((0, 1), (1, 2)):
                lo, hi = layers[a], layers[b]
                for j, m in enumerate(lo):
                    m.parents = [hi[j % len(hi)]]
                    if r.random() < 0.3 and len(hi) > 1:
                        alt = r.choice(hi)
                        if alt is not m.parents[0]:
                            m.parents.append(alt)
            self.nets.append({"L": layers, "dealer": dealer, "devs": devs, "ipps": ipps})
        # one layer-1 card sold to two networks
        if self.nets[1]["L"][0]:
            m = self.nets[1]["L"][0][-1]
            m.nets.append(2)
            self.nets[2]["L"][0].append(m)
        self.l1_nos = set(m.acct.no for m in self.mules if m.layer == 1)
        # exits for layer 3
        self.exits = [self.new_acct(self.cname(), mule=True) for _ in range(max(4, int(10 * s)))]

    def pick_l1(self, net, ts, avoid=()):
        r = self.r
        lst = self.nets[net]["L"][0]
        act = [m for m in lst if m.t0 <= ts < m.t1 and m.acct.no not in avoid]
        if not act:
            act = sorted([m for m in lst if m.acct.no not in avoid] or lst,
                         key=lambda m: min(abs(ts - m.t0), abs(ts - m.t1)))[:2]
        ws = cum([1.0 / (1 + m.uses) ** 1.5 for m in act])
        m = act[bisect.bisect_left(ws, r.random() * ws[-1])]
        return m

    def scam_pay(self, v, ts, amt, net, typ, channel="mobile_app", acct=None, payee=None, avoid=(),
                 device=None, ipp=None):
        r = self.r
        m = payee or self.pick_l1(net, ts, avoid)
        a = acct or v.acct
        b = self.ptxn(ts, a, m.acct, int(amt), channel, v, device, ipp, scam=True)
        if b is None:
            return m, None
        m.uses += 1
        m.inflow.append((ts, int(amt), b["txn_id"]))
        self.scam.append((ts, b["txn_id"], v, int(amt), typ))
        v.victim["n"] += 1
        return m, b

    def cash_in(self, v, ts, need, how=None):
        """victim raises money: second account, family, loan app. returns fen raised."""
        r, P = self.r, self.P
        how = how or r.choice(("acct2", "family", "loan"))
        if how == "acct2" and v.acct2 is not None and v.wealth2 > 500 and not v.mule:
            amt = min(need, int(v.wealth2 * 100 * r.uniform(0.8, 1.0)))
            amt = max(100000, amt // 100 * 100)
            self.ptxn(ts, v.acct2, v.acct, amt, "mobile_app" if r.random() < 0.8 else "online_banking", v)
            v.wealth2 = max(0.0, v.wealth2 - amt / 100)
            return amt
        if how in ("family", "acct2") and v.fam:
            q = P[r.choice(v.fam)]
            amt = min(max(need, 300000), rnd(loguni(r, 3000, 60000), 1000))
            self.pcall(ts - rm(r, 3, 40), v, q, loguni(r, 60, 900))
            self.ptxn(ts, q.acct, v.acct, amt, "mobile_app", q)
            return amt
        m = r.choice(self.cfin)
        amt = rnd(loguni(r, 5000, 50000), 100)
        for _ in range(1 if r.random() < 0.7 else 2):
            self.txn(ts, m.acct, v.acct, amt, "online_banking")
            ts += rm(r, 3, 12)
            m = r.choice(self.cfin)
        return amt

    def choose_victims(self):
        r, P = self.r, self.P
        V = int(round(self.N * r.uniform(0.012, 0.018)))
        counts = [int(V * s) for s in TYPO_SHARE]
        j = 0
        while sum(counts) < V:
            counts[j % 5] += 1
            j += 1
        taken = set()
        self.victims = []
        for typ, c in zip(TYPOLOGIES, counts):
            pool = [p for p in P if not p.mule and p.i not in taken]
            ws = cum([TYPO_SEGW[typ][p.seg] for p in pool])
            got = 0
            while got < c:
                p = pool[bisect.bisect_left(ws, r.random() * ws[-1])]
                if p.i in taken:
                    continue
                taken.add(p.i)
                p.victim = {"typ": typ, "n": 0}
                self.victims.append(p)
                got += 1

    def scams(self):
        self.build_gangs()
        self.build_mules()
        self.choose_victims()
        self.dialers()
        fn = {"impersonation_police": self.sc_police, "fake_customer_service": self.sc_cs,
              "task_rebate": self.sc_task, "fake_investment": self.sc_invest, "loan_scam": self.sc_loan}
        self.rebates = []
        for v in self.victims:
            fn[v.victim["typ"]](v)

    def savings(self, v):
        return max(2000.0, v.wealth) * 100  # fen

    def sc_police(self, v):
        r, typ = self.r, "impersonation_police"
        g = self.gangs[r.choice(("P1", "P2"))]
        d = r.randrange(self.D)
        t = self.at(d, H_SCAM)
        prior = r.randint(0, 2)
        for _ in range(prior):  # earlier hang-ups from the same centre
            dd = r.randrange(max(1, d + 1))
            self.gang_call(g, dd, v, self.at(dd, H_SCAM), r.randint(2, 30))
        if r.random() < 0.6:
            end = self.gang_call(g, d, v, t, r.randint(180, 720), ("virtual", "voip"), victim=v)
            t = end + r.randint(20, 480) * SEC
        dur = int(min(180 * 60, max(18 * 60, r.lognormvariate(math.log(50 * 60), 0.45))))
        call_end = self.gang_call(g, d, v, t, dur, ("international", "voip", "spoof", "virtual"), victim=v)
        newdev = self.device() if r.random() < 0.2 else None
        hotel = r.choice(IP_PFX) if newdev else None
        counter = r.random() < 0.08 and 9 <= ((t - T0) % DAY) // HOUR < 15
        avail = self.savings(v) * r.uniform(0.6, 1.0)
        tt = t + int(dur * SEC * r.uniform(0.1, 0.25))
        direct2 = 0
        if v.acct2 is not None and v.wealth2 > 1000 and r.random() < 0.7:
            whole = int(v.wealth2 * 100)
            if r.random() < 0.25 and whole > 400000:
                # moves part into the main card, and later sends the rest straight from the second card
                direct2 = min(5000000, whole // 2 // 100000 * 100000)
                avail += self.cash_in(v, tt, whole - direct2, "acct2")
            else:
                avail += self.cash_in(v, tt, whole, "acct2")
            tt += rm(r, 2, 8)
        elif avail < 2000000 and r.random() < 0.5:
            avail += self.cash_in(v, tt, 3000000, "loan")
            tt += rm(r, 2, 8)
        limit = 20000000 if (r.random() < 0.2 or counter) else 5000000
        amounts = []
        remaining = int(avail)
        while remaining >= 100000 and len(amounts) < 5:
            amt = min(remaining, limit)
            if amt == limit or r.random() < 0.7:
                amt = min(amt, rnd(amt / 100 * r.uniform(0.7, 1.0), 1000))
            amounts.append(amt)
            remaining -= amt
        # the transfers happen while the "officer" stays on the line (80%), else shortly after
        t1 = max(tt + rm(r, 2, 6), t + int(dur * SEC * r.uniform(0.3, 0.6)))
        gaps = [rm(r, 2, 9) + (rm(r, 10, 40) if counter else 0) for _ in amounts]
        room = call_end - MIN - t1
        if sum(gaps) > room and r.random() < 0.8 and not counter:
            f = max(0.0, room) / max(1, sum(gaps))
            gaps = [max(40 * SEC, int(g * f)) for g in gaps]
        payee = None
        used = []
        for amt, gap in zip(amounts, gaps):
            ch = "counter" if counter else ("online_banking" if limit > 5000000 else "mobile_app")
            if payee is None or r.random() < 0.45:
                payee = self.pick_l1(0, t1, avoid=used)
            m, b = self.scam_pay(v, t1, amt, 0, typ, ch, payee=payee, device=newdev, ipp=hotel)
            if b is not None:
                used.append(m.acct.no)
                if amt >= 5000000 and r.random() < 0.2:
                    self.xcall(t1 + rm(r, 1, 6), self.bank_ext[v.acct.bank], v, r.randint(60, 300))
            t1 += gap
        if direct2 >= 100000:
            self.scam_pay(v, t1, direct2, 0, typ, "mobile_app" if not counter else "counter", acct=v.acct2,
                          payee=payee, device=newdev, ipp=hotel)
            v.wealth2 = max(0.0, v.wealth2 - direct2 / 100)
        if r.random() < 0.3:  # second round
            d2 = d + r.randint(1, 2)
            t2 = self.at(d2, H_SCAM)
            end2 = self.gang_call(g, d2, v, t2, int(loguni(r, 25 * 60, 70 * 60)), ("international", "voip", "spoof", "virtual"), victim=v)
            got = self.cash_in(v, t2 + rm(r, 5, 25), 5000000, r.choice(("family", "loan", "loan")))
            t3 = t2 + rm(r, 20, 45)
            for _ in range(r.randint(1, 3)):
                if got < 100000:
                    break
                amt = min(got, 5000000)
                self.scam_pay(v, t3, amt, 0, typ, "mobile_app", device=newdev, ipp=hotel)
                got -= amt
                t3 += rm(r, 3, 12)

    def sc_cs(self, v):
        r, typ = self.r, "fake_customer_service"
        g = self.gangs[r.choice(("C1", "C1", "C2"))]
        d = r.randrange(self.D)
        t = self.at(d, H_SCAM)
        dur = int(min(90 * 60, max(8 * 60, r.lognormvariate(math.log(28 * 60), 0.5))))
        if r.random() < 0.2:
            num, kind, reg, sty = r.choice(g["days"][d])
            if sty == "spoof":
                num, kind, reg = self.voip_number("400"), "voip", None
            end = self.call(t, v.phone, v.kind, num, dur, v.region, reg)
            self.scam_calls.append((num, t, v.i, dur, g["id"], v, "callback"))
        else:
            end = self.gang_call(g, d, v, t, dur, victim=v)
        avail = self.savings(v) * r.uniform(0.3, 0.9)
        t1 = t + rm(r, 6, 18)
        if r.random() < 0.35:
            avail += self.cash_in(v, t1, 0, "loan")
            t1 += rm(r, 3, 10)
        n = r.randint(2, 6)
        used = []
        amt = loguni(r, 1000, 10000)
        for k in range(n):
            a = min(avail, amt * 100)
            if a < 50000:
                break
            a = rnd(a / 100, 100 if r.random() < 0.6 else 1)
            ch = "mobile_app" if r.random() < 0.55 else "third_party"
            m, b = self.scam_pay(v, t1, a, 1, typ, ch, avoid=used if r.random() < 0.65 else ())
            used.append(m.acct.no)
            avail -= a
            amt = min(30000, amt * r.uniform(0.8, 2.0))
            t1 += rm(r, 2, 10)
            if t1 > end + 20 * MIN:
                break

    def sc_task(self, v):
        r, typ = self.r, "task_rebate"
        d = r.randrange(max(1, self.D - 1))
        t = self.at(d, H_EVE)
        g = self.gangs["T1"]
        if r.random() < 0.25:
            self.gang_call(g, d, v, t - rm(r, 5, 120), r.randint(40, 240), victim=v)
        savings = self.savings(v) * r.uniform(0.7, 1.0)
        used = []
        # small rebated orders
        for k in range(1 if r.random() < 0.4 else 2):
            a = r.choice((100, 120, 150, 199, 200, 288, 300, 500)) * 100 if k == 0 else rnd(loguni(r, 300, 1000), 10)
            m, b = self.scam_pay(v, t, a, 2, typ, "third_party" if r.random() < 0.6 else "mobile_app", avoid=used)
            used.append(m.acct.no)
            if b is not None:
                self.rebates.append((t + rm(r, 8, 40), v, int(a * r.uniform(1.1, 1.4)) // 100 * 100, 2))
            t += rm(r, 30, 120)
        amt = loguni(r, 1000, 5000)
        steps = r.randint(2, 6)
        spent = 0
        for k in range(steps):
            a = rnd(amt, 100 if amt < 10000 else 1000)
            if spent + a > savings:
                if r.random() < 0.6:
                    savings += self.cash_in(v, t - rm(r, 5, 30), a, r.choice(("family", "loan", "acct2")))
                else:
                    break
            m, b = self.scam_pay(v, t, a, 2, typ, "mobile_app" if r.random() < 0.7 else "third_party",
                                 avoid=used if r.random() < 0.8 else ())
            used.append(m.acct.no)
            spent += a
            if k == 0 and r.random() < 0.15:
                self.rebates.append((t + rm(r, 20, 90), v, int(a * 1.2) // 100 * 100, 2))
            amt *= r.uniform(1.6, 3.0)
            gap = rm(r, 10, 90) if r.random() < 0.6 else rh(r, 6, 26)
            t += gap
            if t >= self.tend:
                break

    def sc_invest(self, v):
        r, typ = self.r, "fake_investment"
        g = self.gangs["T1"]
        pre = r.random() < 0.4
        d = r.randint(0, 1) if pre else r.randrange(max(1, self.D - 2))
        while (WEEK_START + timedelta(days=d)).weekday() >= 5 and d < self.D - 1:
            d += 1
        amt = loguni(r, 5000, 20000) * (r.uniform(2, 5) if pre else 1)
        budget = self.savings(v) + v.wealth2 * 100
        spent = 0
        used = []
        corp_l1 = [m for m in self.nets[2]["L"][0] if m.acct.corp]
        teacher = r.random() < 0.4
        n = r.randint(3, 7)
        t = 0
        for k in range(n):
            if d >= self.D:
                break
            t = max(self.at(d, H_TRADE), t + rm(r, 20, 90))
            if teacher and r.random() < 0.6:
                self.gang_call(g, d, v, t - rm(r, 20, 180), int(loguni(r, 600, 2400)), victim=v)
            a = rnd(min(amt, 300000), 1000)
            if spent + a > budget * 0.9:
                if r.random() < 0.5 and v.fam:
                    budget += self.cash_in(v, t - rm(r, 10, 60), a, "family")
                else:
                    a = rnd(max(1000, (budget * 0.95 - spent) / 100), 100)
                    if a < 100000:
                        break
            if spent + a > self.savings(v) and v.acct2 is not None and v.wealth2 > 1000:
                self.cash_in(v, t - rm(r, 5, 30), a, "acct2")
            ch = "online_banking" if r.random() < 0.35 else "mobile_app"
            parts = [a] if (a <= 5000000 or ch == "online_banking") else [5000000] * (a // 5000000) + ([a % 5000000] if a % 5000000 >= 100000 else [])
            payee = None
            if corp_l1 and r.random() < 0.6:
                act = [m for m in corp_l1 if m.t0 <= t < m.t1 and m.acct.no not in used[-1:]]
                if act:
                    payee = r.choice(act)
            for pa in parts:
                m, b = self.scam_pay(v, t, pa, 2, typ, ch, payee=payee, avoid=used[-2:])
                payee = m
                t += rm(r, 1, 5)
            used.append(payee.acct.no)
            spent += a
            if k == 0 and r.random() < 0.3:
                self.rebates.append((t + rh(r, 18, 40), v, rnd(loguni(r, 500, 3000), 10), 2))
            amt *= r.uniform(1.5, 2.5)
            d += r.choice((1, 1, 2)) if r.random() < 0.8 else 0
            if spent >= budget * 0.95:
                break

    def sc_loan(self, v):
        r, typ = self.r, "loan_scam"
        g = self.gangs["L1"]
        d = r.randrange(self.D)
        t = self.at(d, H_SCAM)
        dur = r.randint(5 * 60, 20 * 60)
        if r.random() < 0.15:
            num, kind, reg, sty = r.choice(g["days"][d])
            end = self.call(t, v.phone, v.kind, num, dur, v.region, reg)
            self.scam_calls.append((num, t, v.i, dur, g["id"], v, "callback"))
        else:
            end = self.gang_call(g, d, v, t, dur, victim=v)
        fees = [(200, 1500), (2000, 8000), (5000, 15000), (3000, 10000)]
        n = r.choice((1, 2, 2, 3, 3, 4))
        t1 = end + rm(r, 2, 30)
        used = []
        for k in range(n):
            if k > 0:
                t1 += rm(r, 20, 20 * 60)
                if not 9 <= ((t1 - T0) % DAY) // HOUR < 21:
                    t1 = T0 + ((t1 - T0) // DAY + (1 if ((t1 - T0) % DAY) // HOUR >= 21 else 0)) * DAY + rh(r, 9, 12)
                dd = (t1 - T0) // DAY
                end = self.gang_call(g, int(dd), v, t1, r.randint(120, 480), victim=v)
                t1 = end + rm(r, 2, 20)
            lo, hi = fees[k]
            a = rnd(loguni(r, lo, hi), 100 if r.random() < 0.7 else 1)
            m, b = self.scam_pay(v, t1, a, 1, typ, "third_party" if r.random() < 0.4 else "mobile_app", avoid=used)
            used.append(m.acct.no)

    # ------------------------------------------------------------------ laundering
    def mule_tx(self, m, ts, dest, amt):
        r = self.r
        ch = "online_banking" if (m.acct.corp or r.random() < 0.5) else ("mobile_app" if r.random() < 0.8 else "third_party")
        dev = m.op_dev if ch != "online_banking" or r.random() < 0.5 else None
        ip = self.ip(m.op_ip) if r.random() < 0.85 else None
        phone = m.op_phone if m.op_phone and r.random() < 0.9 else None
        return self.txn(ts, m.acct, dest, amt, ch, phone, dev, ip)

    def chunks(self, amt, limit):
        r = self.r
        out = []
        while amt > limit:
            c = int(limit * r.uniform(0.955, 0.9985)) // 100 * 100
            if r.random() < 0.5:
                c = c // 10000 * 10000 + r.choice((9900, 9800, 9990, 8800, 9000))
                if c >= limit:
                    c = limit - 10000
            out.append(c)
            amt -= c
        if amt >= 1000:
            out.append(amt)
        return out

    def forward(self, m, delay_med, delay_sig, fee):
        """m sends on what arrived; returns nothing, appends to parents' inflow."""
        r = self.r
        ins = sorted(m.inflow)
        i, n = 0, len(ins)
        bal = 0
        while i < n:
            t = ins[i][0]
            ft = t + int(r.lognormvariate(math.log(delay_med), delay_sig) * MIN)
            while i < n and ins[i][0] <= ft:
                bal += ins[i][1]
                i += 1
            if bal < 150000 and i < n and ins[i][0] - ft < 6 * HOUR:
                continue
            amt = int(bal * (1 - fee)) // 100 * 100
            if amt < 1000:
                continue
            bal = 0
            parts = self.chunks(amt, m.limit)
            first = 0 if (len(m.parents) == 1 or r.random() < 0.65) else 1
            for j, c in enumerate(parts):
                if m.layer < 3:
                    dest = m.parents[(first + j) % len(m.parents)]
                    b = self.mule_tx(m, ft, dest.acct, c)
                    if b is not None:
                        dest.inflow.append((ft, c, b["txn_id"]))
                        if m.label:
                            dest.label = True
                else:
                    u = r.random()
                    if u < 0.2:
                        pass  # cash withdrawal, not in the feed
                    elif u < 0.55:
                        mm = r.choice(self.mcat["gold"] + self.mcat["elec"])
                        self.mule_tx(m, ft, mm.acct, c)
                    else:
                        self.mule_tx(m, ft, r.choice(self.exits), c)
                ft += r.randint(15, 150) * SEC

    def launder(self):
        r = self.r
        for m in self.mules:
            if m.layer == 1 and m.inflow:
                m.label = True
        for layer, med, sig, fee in ((1, 4, 0.6, 0.0), (2, 14, 0.7, 0.005), (3, 90, 0.9, 0.01)):
            for m in self.mules:
                if m.layer == layer:
                    self.forward(m, med, sig, fee if r.random() < 0.6 else 0.0)
        # rebates / profit withdrawals from layer 2 of the chat network
        for ts, v, amt, net in self.rebates:
            l2 = [m for m in self.nets[net]["L"][1] if m.label] or self.nets[net]["L"][1]
            m = r.choice(l2)
            if amt > 0:
                self.mule_tx(m, ts, v.acct, amt)
        # card tests by the dealer before first use
        for m in self.mules:
            if not m.label or not m.inflow:
                continue
            first = min(x[0] for x in m.inflow)
            m.first_in = first
            if r.random() < 0.6:
                dealer = self.nets[m.nets[0]]["dealer"]
                tt = first - rh(r, 1, 30)
                amt = r.choice((1, 10, 100))
                self.txn(tt, dealer, m.acct, amt, "mobile_app", None, None, None)
                self.mule_tx(m, tt + rm(r, 1, 20), dealer, amt)

    # ------------------------------------------------------------------ watch list
    def watch(self):
        r = self.r
        W = self.wl
        t = T0 + 30 * SEC
        for b, n in BANK_LINE.items():
            W.append((t, "add", "phone", n, "allow", "%s customer service line" % b))
            t += r.randint(50, 400)
        for n in COURIER_LINES + ["96110", "12345", "12315"]:
            W.append((t, "add", "phone", n, "allow", "official service number"))
            t += r.randint(50, 400)
        for m in (self.mcat["social"] + self.mcat["plat_pay"] + self.mcat["util"][:3]):
            W.append((t, "add", "account", m.acct.no, "allow", "public payer"))
            t += r.randint(50, 400)
        for n in self.old_numbers:
            W.append((t, "add", "phone", n, "scam_numbers", "case archive, week 46"))
            t += r.randint(50, 400)
        old_mules = [self.new_acct(self.cname(), mule=True) for _ in range(int(25 * self.s))]
        live = [m for m in self.mules if m.layer == 3 and m.label]
        if live:
            old_mules.append(live[0].acct)
        for a in old_mules:
            W.append((t, "add", "account", a.no, "mule_accounts", "bank report, earlier case"))
            t += r.randint(50, 400)
        # victims report the numbers that talked to them
        last = {}
        for ts, tid, v, amt, typ in self.scam:
            last[v.i] = max(last.get(v.i, 0), ts)
        per_num = {}
        for num, ts, callee, dur, gid, victim, sty in self.scam_calls:
            per_num.setdefault(num, []).append(ts)
            if victim is not None and victim.i in last and sty != "spoof" and r.random() < 0.6:
                rep = last[victim.i] + int(loguni(r, 1, 72) * HOUR)
                W.append((rep, "add", "phone", num, "scam_numbers", "reported by victim"))
        # operator flags heavy dialers late in their day
        for num, tss in per_num.items():
            if len(tss) >= 25 and num not in BANK_LINE.values() and r.random() < 0.35:
                tss.sort()
                W.append((tss[int(len(tss) * 0.7)] + r.randint(0, 3 * 3600) * SEC, "add", "phone", num,
                          "scam_numbers", "operator: high-volume short calls"))
        # banks report mule cards
        for m in self.mules:
            if not m.label:
                continue
            pr = {1: 0.55, 2: 0.35, 3: 0.2}[m.layer]
            if r.random() < pr:
                delay = rm(r, 20, 180) if r.random() < 0.1 else int(r.lognormvariate(math.log(20), 1.0) * HOUR)
                W.append((m.first_in + delay, "add", "account", m.acct.no, "mule_accounts",
                          "bank report: linked to fraud case"))
        # mistakes
        for x in r.sample(self.couriers, min(3, len(self.couriers))):
            ts = T0 + r.randrange(self.D * DAY)
            W.append((ts, "add", "phone", x.phone, "scam_numbers", "user complaint"))
            W.append((ts + rh(r, 2, 30), "remove", "phone", x.phone, "scam_numbers", "verified courier number"))
        m = r.choice(self.mcat["elec"] + self.mcat["gold"])
        ts = T0 + r.randrange(self.D * DAY)
        W.append((ts, "add", "account", m.acct.no, "mule_accounts", "bank report"))
        W.append((ts + rh(r, 24, 48), "remove", "account", m.acct.no, "mule_accounts", "cleared after review"))
        p = r.choice([p for p in self.P if p.victim is None and not p.mule])
        W.append((T0 + r.randrange(self.D * DAY), "add", "account", p.acct.no, "mule_accounts", "dispute report"))
        for ts, op, ent, val, lst, reason in W:
            self.emit(ts, "watchlist", {"op": op, "entity": ent, "value": val, "list": lst, "reason": reason})

    def anti_fraud_followups(self):
        """96110 calls people who talked several minutes with a scam number (not all, late)."""
        r = self.r
        for num, ts, callee, dur, gid, victim, sty in self.scam_calls:
            if dur >= 180 and r.random() < 0.08:
                self.xcall(ts + int(loguni(r, 1, 30) * HOUR), self.fraud_centre, self.P[callee], loguni(r, 40, 400))

    # ------------------------------------------------------------------ output
    def run(self):
        self.build()
        self.scams()
        self.legit()
        self.launder()
        self.anti_fraud_followups()
        self.watch()

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        self.ev.sort(key=lambda e: (e[0], e[1]))
        pre = {"transaction": "T", "call": "C", "watchlist": "W"}
        counts = {}
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        with open(os.path.join(out, "events.jsonl"), "w", encoding="utf-8") as f:
            buf = []
            for k, (ts, seq, typ, body) in enumerate(self.ev):
                o = {"type": typ, "event_id": "%s%d-%08d" % (pre[typ], self.seed, k), "ts_ms": ts}
                o.update(body)
                buf.append(dumps(o))
                counts[typ] = counts.get(typ, 0) + 1
                if len(buf) >= 20000:
                    f.write("\n".join(buf) + "\n")
                    buf = []
            if buf:
                f.write("\n".join(buf) + "\n")
        # labels
        by_v = {}
        for ts, tid, v, amt, typ in sorted(self.scam, key=lambda x: (x[0], x[1])):
            by_v.setdefault(v.i, []).append((ts, tid, amt, typ))
        lines = [{"kind": "meta", "persons": self.N}]
        vl = []
        for v in self.victims:
            st = by_v.get(v.i)
            if not st:
                continue
            fl = next((x for x in st if x[2] >= 500000), None)
            if fl is None:
                fl = max(st, key=lambda x: (x[2], -x[0]))
            vl.append((st[0][0], {"kind": "victim", "phone": v.phone, "account": v.acct.no,
                                  "typology": v.victim["typ"], "first_large_txn_id": fl[1],
                                  "first_large_ts_ms": fl[0]}))
        vl.sort(key=lambda x: x[0])
        lines += [x[1] for x in vl]
        for ts, tid, v, amt, typ in sorted(self.scam, key=lambda x: (x[0], x[1])):
            lines.append({"kind": "scam_txn", "txn_id": tid, "typology": typ, "victim_phone": v.phone,
                          "ts_ms": ts, "amount_fen": amt})
        ml = sorted([m for m in self.mules if m.label], key=lambda m: (m.layer, m.acct.no))
        for m in ml:
            lines.append({"kind": "mule", "account": m.acct.no, "layer": m.layer})
        with open(os.path.join(out, "labels.jsonl"), "w", encoding="utf-8") as f:
            for o in lines:
                f.write(dumps(o) + "\n")
        return counts, len(vl), len(self.scam), ml


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--persons", type=int, default=5000)
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.persons < 300 or a.days < 1 or a.days > 15:
        sys.exit("need --persons >= 300 and 1 <= --days <= 15 (the world stays inside November 2026)")
    t = time.time()
    w = World(a.persons, a.days, a.seed)
    w.run()
    counts, nv, ns, ml = w.write(a.out)
    layers = {}
    for m in ml:
        layers[m.layer] = layers.get(m.layer, 0) + 1
    typ = {}
    for v in w.victims:
        if v.victim["n"]:
            typ[v.victim["typ"]] = typ.get(v.victim["typ"], 0) + 1
    print("world c seed=%d persons=%d days=%d: %s; victims=%d %s; scam_txns=%d; mules=%d %s; %.1fs"
          % (a.seed, a.persons, a.days, counts, nv, typ, ns, len(ml), layers, time.time() - t),
          file=sys.stderr)


if __name__ == "__main__":
    main()
