#!/usr/bin/env python3
"""World "f": an independently built test city for a telecom-fraud (电信网络诈骗) detection engine.

Usage:  python3 gen.py --persons 5000 --days 7 --seed S --out DIR
Writes DIR/events.jsonl (contract events: transaction / call / watchlist, ordered by ts_ms, with
transactions arriving up to ~2.5 s late) and DIR/labels.jsonl (meta / victim / scam_txn / mule).
Standard library only; deterministic for a seed (no set iteration, no hash()).

Span: D consecutive local days (China Standard Time, UTC+8) starting at a seed-chosen date in
March-June or September-November 2025, away from the big public holidays.

Rule: this world was written from the typologies and from how a Chinese city's payments and calls
look, WITHOUT looking at the engine's rules, features, models or the other generators. Do not tune
its constants towards the engine, and do not tune the engine on it.

Traits of the world (beyond the five typologies and the traps the task lists):
 - 3-5 scam crews run several scripts each, share layer-1 cards across typologies, may share a
   "water house" layer-2 account; 2 or 3 mule layers.
 - Scam calls: 170/171/162/165/167 virtual, +855/+95/+63 gateways, "+86"-prefixed spoofs, VoIP, spoofed
   police landlines and 95xxx/400 lines, local mobiles from SIM boxes; spoof flag unreliable.
 - Every scam number also dials many non-victims (mostly short hang-ups); a few stay on long, pay nothing.
 - Coaching moves to chat apps after a short call; task-rebate/investment victims mostly get no call;
   a quarter of police victims hang up and pay while on a "secure video app".
 - Victims called on a second phone, paying from a second own account or the spouse's account;
   elderly police victims pay at a bank counter with the line kept open.
 - "Safe accounts" are often company (对公) accounts, rebate collectors look like small shops; a few
   victims pay a legit gold/phone shop the crew buys from (三方洗钱).
 - Trial payments before big ones; rebates and "profit withdrawals" flow back from mules;
   customer-service victims first take consumer loans, then pay them out.
 - Mules forward in 1-3 min (automated) to ~20 min or batch overnight, in chunks just under 50k/20k/10k;
   some rented cards belong to residents with ordinary history; crews reuse phones and devices;
   laundering ends at OTC crypto traders (who also serve legit buyers) and gold/phone shops.
 - Merchants with huge fan-in sweep takings daily to HQ/owner; street vendors use personal QR codes.
 - Legit fast pass-through: group-buy leaders, sub-letting landlords, wedding gifts then the hotel,
   parents' money then a property down payment, salary then remittance home.
 - Payroll/pension batches on each payer's own payday; rent on each lease's own day; gig payouts.
 - Families abroad: long international evening calls, then large transfers to a (sometimes new) card.
 - Bank lines call before big new-payee purchases and call back to verify; medical emergencies.
 - Couriers on virtual privacy numbers; telemarketers; residents with 170 numbers; migrants' numbers.
 - Watch-lists: historic load, late and incomplete report-driven additions, wrong entries removed on
   appeal, allow-list; 96110 call-backs; masked payee names on QR payments.
"""
import argparse
import datetime
import json
import math
import os
import random
import sys
import time

DAY = 86400000
HOUR = 3600000
MIN = 60000
SEC = 1000
LARGE = 500000  # fen

TYPS = ["impersonation_police", "fake_customer_service", "task_rebate", "fake_investment", "loan_scam"]

CITIES = [("0571", "杭州", "HZCB"), ("0512", "苏州", "SZRCB"), ("0731", "长沙", "CSCB"), ("028", "成都", "CDCB"),
          ("0592", "厦门", "XMCCB"), ("0531", "济南", "QLBANK"), ("0371", "郑州", "ZZBANK"), ("023", "重庆", "CQCB")]
OTHER_REGIONS = ["010", "021", "020", "0755", "027", "029", "0311", "0551", "0791", "0851", "0871", "0898", "0471",
                 "0931", "024", "0431", "0451", "0532", "0574", "0577", "0591", "0769", "0757", "0371", "0731",
                 "028", "023", "0351", "0771", "0851", "0411", "0516", "0917", "0375"]
BANKS = [("ICBC", "622202", 18, "95588"), ("CCB", "621700", 16, "95533"), ("ABC", "622848", 14, "95599"),
         ("BOC", "621661", 10, "95566"), ("BOCOM", "622260", 7, "95559"), ("CMB", "621483", 9, "95555"),
         ("PSBC", "621799", 8, "95580"), ("CIB", "622909", 4, "95561"), ("SPDB", "622521", 3, "95528"),
         ("CITIC", "622690", 3, "95558"), ("CEB", "622662", 2, "95595"), ("CMBC", "622622", 2, "95568")]
MOBILE_PREFIX = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151", "152",
                 "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181",
                 "182", "183", "184", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199"]
SERVICE = {"alipay": "95188", "wechatpay": "95017", "jd": "95118", "sf": "95338", "zto": "95311",
           "yunda": "95546", "cmcc": "10086", "cu": "10010", "ct": "10000", "city": "12345"}
ABROAD = [("1", "US"), ("44", "GB"), ("61", "AU"), ("1", "CA"), ("81", "JP"), ("65", "SG"), ("49", "DE"),
          ("64", "NZ"), ("82", "KR"), ("33", "FR"), ("852", "HK"), ("60", "MY")]
SCAM_CC = [("855", "KH"), ("95", "MM"), ("63", "PH"), ("856", "LA"), ("84", "VN"), ("60", "MY"), ("971", "AE"),
           ("66", "TH"), ("62", "ID"), ("852", "HK"), ("886", "TW")]
SURN = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彬鹏辉宇浩凯建国志文斌波飞鑫婷雪琳晨欣怡梓涵轩雨萱俊豪佳慧晓东海峰春梅金凤德荣永福丹"
BRAND = ["瑞丰", "鑫达", "恒通", "华盛", "锦程", "宏远", "诚信", "博远", "汇通", "金桥", "天润", "众诚", "嘉禾", "聚鑫",
         "永信", "和泰", "盛世", "卓越", "启航", "新元", "泰和", "润发", "安达", "顺昌", "佳美", "万邦", "銮亿", "裕隆"]
INDUSTRY = ["商贸", "科技", "网络科技", "供应链管理", "贸易", "电子商务", "信息咨询", "建材", "餐饮管理", "物业管理",
            "文化传媒", "人力资源", "机电设备", "服饰", "农业开发", "物流", "广告", "软件开发", "建筑工程", "环保科技"]

PROF = {
    "day": [1, .5, .3, .2, .2, .4, 1.2, 3, 5, 6, 6.5, 7, 7, 6.5, 6, 6, 6, 6.5, 7, 7.5, 7, 5.5, 3.5, 2],
    "work": [0, 0, 0, 0, 0, 0, .1, .5, 3, 6, 6, 5, 3, 4, 6, 6, 5.5, 4, 1, .3, .1, 0, 0, 0],
    "meal": [.3, .2, .1, .1, .1, .3, 2, 4, 2.5, 1, 1.5, 6, 6, 2.5, 1.2, 1.2, 1.5, 4, 6, 5, 3, 2, 1.2, .6],
    "eve": [1.5, .5, .2, .1, .1, .1, .3, .5, .8, 1, 1, 1.2, 1.5, 1.2, 1, 1, 1.2, 1.5, 3, 5, 6, 6, 4, 2.5],
    "office": [0, 0, 0, 0, 0, 0, 0, .3, 2, 5, 6, 5, 3, 4, 6, 6, 5, 4, 2, 1, .5, .2, 0, 0],
    "trade": [0, 0, 0, 0, 0, 0, 0, .3, 1, 5, 6, 5, 1, 3, 5, 3, 1, .5, .5, 1, 2, 2, 1, .3],
}


class Acct:
    __slots__ = ("no", "bank", "name", "phone", "owner", "kind", "layer", "crew", "d0", "d1", "style", "inflows",
                 "uses", "takings", "settle", "cat", "lo", "hi", "mname", "chan", "dev", "ip", "cap_pref")

    def __init__(self, no, bank, name, phone=None, owner=None, kind="personal"):
        self.no, self.bank, self.name, self.phone, self.owner, self.kind = no, bank, name, phone, owner, kind
        self.layer = 0
        self.crew = None
        self.d0 = self.d1 = 0
        self.style = None
        self.inflows = None
        self.uses = 0
        self.takings = None
        self.settle = None
        self.cat = None
        self.lo = self.hi = 0
        self.mname = None
        self.chan = None
        self.dev = None
        self.ip = None
        self.cap_pref = None


class Person:
    pass


class Crew:
    pass


class World:
    def __init__(self, persons, days, seed):
        self.N, self.D, self.seed = persons, days, seed
        self.R = random.Random(seed * 1000003 + 77)
        self.ev = []
        self.seq = 0
        self.nums = set()
        self.acctnos = set()
        self.callids = set()
        self.cum = {k: self._cum(v) for k, v in PROF.items()}
        self.scam_labels = []   # (txn dict, typology, victim person)
        self.victims = []       # (person, typology)
        self.deferred_payouts = []
        self.calls_by_number = {}   # number -> list of (ts, callee phone)
        self.near = 0

    # ------------------------------------------------------------------ basic randomness helpers
    @staticmethod
    def _cum(w):
        out, s = [], 0.0
        for x in w:
            s += x
            out.append(s)
        return out

    def tod(self, prof):
        """seconds into a local day following an hourly profile"""
        c = self.cum[prof]
        x = self.R.random() * c[-1]
        h = 0
        while c[h] < x:
            h += 1
        return h * 3600 + self.R.random() * 3600

    def at(self, day, sec):
        return self.t0 + day * DAY + int(sec * 1000)

    def pois(self, lam):
        if lam <= 0:
            return 0
        if lam > 30:
            return max(0, int(self.R.gauss(lam, math.sqrt(lam)) + 0.5))
        L, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= self.R.random()
            if p <= L:
                return k
            k += 1

    def logn(self, med, sigma):
        return med * math.exp(self.R.gauss(0, sigma))

    def wpick(self, items, weights):
        t = sum(weights)
        x = self.R.random() * t
        for it, w in zip(items, weights):
            x -= w
            if x <= 0:
                return it
        return items[-1]

    def chance(self, p):
        return self.R.random() < p

    def u(self, a, b):
        return self.R.uniform(a, b)

    def day_of(self, ts):
        return (ts - self.t0) // DAY

    def local_sec(self, ts):
        return ((ts - self.t0) % DAY) / 1000.0

    # ------------------------------------------------------------------ identities
    def name(self):
        R = self.R
        return R.choice(SURN) + "".join(R.choice(GIVEN) for _ in range(R.choice((1, 2, 2))))

    def masked(self, nm):
        return "*" + nm[-1] if len(nm) <= 2 else "*" + nm[-2:] if self.chance(0.3) else "*" * (len(nm) - 1) + nm[-1]

    def company(self, industry=None):
        R = self.R
        return self.city_name + R.choice(BRAND) + (industry or R.choice(INDUSTRY)) + "有限公司"

    def mobile(self):
        while True:
            n = self.R.choice(MOBILE_PREFIX) + "%08d" % self.R.randrange(10 ** 8)
            if n not in self.nums:
                self.nums.add(n)
                return n

    def virtual(self):
        while True:
            pre = self.R.choice(("170", "170", "171", "171", "171", "165", "167", "162"))
            n = pre + "%08d" % self.R.randrange(10 ** 8)
            if n not in self.nums:
                self.nums.add(n)
                return n

    def landline(self, area=None, tail=None):
        area = area or self.city
        while True:
            body = "%d%07d" % (self.R.choice((2, 5, 6, 8, 8, 8)), self.R.randrange(10 ** 7))
            if area == "400":
                body = body[:7]
            elif len(area) == 3:
                body = body[:8]
            if tail:
                body = body[:-len(tail)] + tail
            n = area + body
            if n not in self.nums:
                self.nums.add(n)
                return n

    def intl(self, cc, dom_like=False):
        while True:
            if dom_like:
                n = "+86" + self.R.choice(MOBILE_PREFIX) + "%08d" % self.R.randrange(10 ** 8)
            else:
                n = "+" + cc + "%d" % self.R.randrange(10 ** 7, 10 ** (self.R.choice((8, 9, 10))))
            if n not in self.nums:
                self.nums.add(n)
                return n

    def voip(self):
        while True:
            k = self.R.choice((8, 10, 12, 13, 14, 16))
            n = str(self.R.randrange(1, 10)) + "".join(str(self.R.randrange(10)) for _ in range(k - 1))
            if self.chance(0.3):
                n = "00" + n
            if n not in self.nums:
                self.nums.add(n)
                return n

    def bank(self, local_boost=True):
        items = [b[0] for b in BANKS] + [self.cbank]
        w = [b[2] for b in BANKS] + [9 if local_boost else 2]
        return self.wpick(items, w)

    def acctno(self, bank, company=False):
        R = self.R
        while True:
            if company:
                n = str(R.randrange(1, 10)) + "".join(str(R.randrange(10)) for _ in range(R.choice((15, 16, 17, 18)) - 1))
            else:
                bin_ = self.bins.get(bank, "621" + "%03d" % R.randrange(1000))
                n = bin_ + "".join(str(R.randrange(10)) for _ in range(13))
            if n not in self.acctnos:
                self.acctnos.add(n)
                return n

    def new_acct(self, name, owner=None, phone=None, kind="personal", bank=None, company=False):
        b = bank or self.bank()
        return Acct(self.acctno(b, company), b, name, phone, owner, kind)

    def devid(self):
        R = self.R
        if self.chance(0.45):
            return "%08X-%04X-%04X-%04X-%012X" % (R.getrandbits(32), R.getrandbits(16), R.getrandbits(16),
                                                 R.getrandbits(16), R.getrandbits(48))
        return "%016x" % R.getrandbits(64)

    def mip(self):
        R = self.R
        a = R.choice(("39.144", "39.149", "223.104", "117.136", "112.96", "112.97", "120.229", "111.55", "36.112"))
        return "%s.%d.%d" % (a, R.randrange(256), R.randrange(1, 255))

    def hip(self):
        R = self.R
        return "%s.%d.%d" % (R.choice(self.home_nets), R.randrange(256), R.randrange(1, 255))

    def oip(self):
        R = self.R
        a = R.choice(("103.120", "45.251", "202.178", "43.252", "103.97", "119.8", "27.109", "154.83", "156.246"))
        return "%s.%d.%d" % (a, R.randrange(256), R.randrange(1, 255))

    # ------------------------------------------------------------------ events
    def add(self, d):
        d["_s"] = self.seq
        self.seq += 1
        self.ev.append(d)
        return d

    def call(self, ts, dur, caller, callee, kind, creg=None, ereg=None, spoof=False):
        ts = int(ts)
        dur = max(0, int(dur))
        if ts < self.t0 or ts + dur * 1000 + 1000 >= self.tend or caller == callee:
            return None
        while True:
            cid = "%016x" % self.R.getrandbits(64)
            if cid not in self.callids:
                self.callids.add(cid)
                break
        st = {"type": "call", "ts_ms": ts, "phase": "start", "call_id": cid, "caller": caller, "callee": callee,
              "caller_kind": kind}
        if creg:
            st["caller_region"] = creg
        if ereg:
            st["callee_region"] = ereg
        if spoof is not None and not self.chance(0.06):
            st["spoof_suspected"] = bool(spoof)
        en = dict(st)
        en["phase"] = "end"
        en["ts_ms"] = ts + dur * 1000 + self.R.randrange(900)
        en["duration_s"] = dur
        self.add(st)
        self.add(en)
        self.calls_by_number.setdefault(caller, []).append((ts, callee))
        return en["ts_ms"]

    def pcall(self, ts, dur, caller_num, caller_kind, caller_reg, p, phone=None, spoof=False):
        """a call to resident p (on phone, default the primary phone)"""
        phone = phone or p.phone
        ereg = p.reg if phone == p.phone else p.reg2
        return self.call(ts, dur, caller_num, phone, caller_kind, caller_reg, ereg, spoof)

    def txn(self, ts, pa, pe, amt, ch, dev=None, ip=None, phone=True, name=True):
        ts = int(ts)
        amt = int(amt)
        if ts < self.t0 or ts >= self.tend or amt <= 0 or pa is pe or pa.no == pe.no:
            return None
        d = {"type": "transaction", "ts_ms": ts, "payer_account": pa.no, "payer_bank": pa.bank}
        if phone is True:
            phone = pa.phone
        if phone:
            d["payer_phone"] = phone
        d["payee_account"] = pe.no
        d["payee_bank"] = pe.bank
        if name is True:
            name = pe.name
        if name:
            d["payee_name"] = name
        d["amount_fen"] = amt
        if pa.bank not in self.no_currency_banks:
            d["currency"] = "CNY"
        d["channel"] = ch
        if dev:
            d["device_id"] = dev
        if ip:
            d["ip"] = ip
        d["_pa"] = pa
        d["_pe"] = pe
        self.add(d)
        if pe.takings is not None:
            k = self.day_of(ts)
            pe.takings[k] = pe.takings.get(k, 0) + amt
        if pe.inflows is not None:
            pe.inflows.append((ts, amt, d))
        return d

    def ppay(self, p, ts, pe, amt, ch, acct=None, name=True):
        """a resident pays from one of their accounts, with the device/ip the channel implies"""
        a = acct or p.accts[0]
        dev = ip = None
        if ch in ("mobile_app", "third_party"):
            dev = p.dev
            ip = p.ipm if self.chance(0.75) else p.iph
        elif ch == "online_banking":
            dev = p.pcdev
            ip = p.iph
        if name is True and ch == "third_party" and pe.kind == "personal" and (pe.owner is None or pe.owner is not p):
            name = self.masked(pe.name)
        return self.txn(ts, a, pe, amt, ch, dev, ip, True, name)

    # ------------------------------------------------------------------ amounts
    def retail(self, lo, hi):
        y = math.exp(self.u(math.log(lo), math.log(hi)))
        return max(1, int(y * 100))

    def nice(self, y):
        R = self.R
        if y >= 20000:
            step = R.choice((1000, 5000, 10000))
        elif y >= 2000:
            step = R.choice((100, 500, 1000))
        elif y >= 200:
            step = R.choice((10, 50, 100))
        else:
            step = R.choice((1, 5, 10))
        return max(step, int(round(y / step)) * step) * 100

    # ================================================================== setup
    def setup(self):
        R = self.R
        ranges = [(datetime.date(2025, 3, 3), 24), (datetime.date(2025, 4, 7), 19), (datetime.date(2025, 5, 7), 17),
                  (datetime.date(2025, 6, 4), 20), (datetime.date(2025, 9, 1), 22), (datetime.date(2025, 10, 13), 45)]
        d0, span = R.choice(ranges)
        self.start = d0 + datetime.timedelta(days=R.randrange(span))
        tz = datetime.timezone(datetime.timedelta(hours=8))
        self.t0 = int(datetime.datetime(self.start.year, self.start.month, self.start.day, tzinfo=tz).timestamp()) * 1000
        self.tend = self.t0 + self.D * DAY
        self.dates = [self.start + datetime.timedelta(days=k) for k in range(self.D)]
        self.city, self.city_name, self.cbank = R.choice(CITIES)
        self.bins = {b[0]: b[1] for b in BANKS}
        self.bins[self.cbank] = "62" + "%04d" % R.randrange(10000)
        self.svc = {b[0]: b[3] for b in BANKS}
        self.svc[self.cbank] = "96" + "%03d" % R.randrange(100, 999)
        self.home_nets = ["%d.%d" % (R.choice((115, 183, 60, 122, 125, 218, 61, 124)), R.randrange(256)) for _ in range(6)]
        self.no_currency_banks = set(R.sample([b[0] for b in BANKS] + [self.cbank], 4))
        # seed-varied knobs
        self.k_calls = self.u(0.85, 1.15)
        self.k_shop = self.u(0.85, 1.15)
        self.p_prelisted_num = self.u(0.06, 0.25)
        self.p_report = self.u(0.55, 0.85)
        self.report_med_h = self.u(4, 16)
        self.typ_w = [self.u(0.7, 1.3) * w for w in (0.18, 0.20, 0.26, 0.18, 0.18)]

    def due_days(self, dom):
        """day indices in the span when a monthly payment due on day-of-month dom happens (weekend -> Friday)"""
        out = []
        for k, d in enumerate(self.dates):
            nd = d + datetime.timedelta(days=1)
            last = nd.month != d.month
            due = d.day == dom or (last and dom > d.day)
            if not due:
                continue
            wd = d.weekday()
            kk = k - (wd - 4) if wd >= 5 else k
            if kk >= 0:
                out.append(kk)
        return out

    def due_days_plain(self, dom):
        out = []
        for k, d in enumerate(self.dates):
            nd = d + datetime.timedelta(days=1)
            if d.day == dom or (nd.month != d.month and dom > d.day):
                out.append(k)
        return out

    def setup_people(self):
        R = self.R
        self.people = []
        for i in range(self.N):
            p = Person()
            p.i = i
            x = R.random()
            p.age = R.randint(18, 25) if x < .12 else R.randint(26, 40) if x < .45 else R.randint(41, 59) if x < .78 else R.randint(60, 86)
            p.female = self.chance(0.51)
            if p.age >= 60:
                p.role = "retired" if self.chance(0.88) else "self"
            elif p.age <= 22:
                p.role = "student" if self.chance(0.65) else self.wpick(["employee", "gig"], [3, 1])
            else:
                p.role = self.wpick(["employee", "self", "gig", "home", "student"], [70, 11, 9, 8, 2 if p.age < 27 else 0])
            p.migrant = p.role in ("employee", "gig", "student") and self.chance(0.28)
            if self.chance(0.012):
                p.phone = self.virtual()
            else:
                p.phone = self.mobile()
            p.reg = R.choice(OTHER_REGIONS) if p.migrant else self.city
            p.phone2, p.reg2 = None, None
            if p.role not in ("student",) and self.chance(0.07):
                p.phone2 = self.mobile() if self.chance(0.8) else self.virtual()
                p.reg2 = self.city
            p.name = self.name()
            p.dev = self.devid()
            p.pcdev = self.devid()
            p.ipm = self.mip()
            p.iph = self.hip()
            p.act = self.logn(1.0, 0.45)
            n_acc = 1 if p.role == "student" and self.chance(0.6) else self.wpick([1, 2, 3], [45, 40, 15])
            p.accts = []
            banks_used = []
            for _ in range(n_acc):
                b = self.bank()
                if b in banks_used:
                    b = self.bank()
                banks_used.append(b)
                p.accts.append(self.new_acct(p.name, p, p.phone, bank=b))
            p.spouse = None
            p.kids, p.parents = [], []
            p.contacts = []
            p.ext = [(self.mobile(), R.choice(OTHER_REGIONS)) for _ in range(R.randint(1, 5))]
            p.ext_family = self.new_acct(self.name(), None, None)   # parents/children elsewhere
            p.employer = None
            p.salary = 0
            p.favs = []
            p.rent_to = None
            p.busy = False    # used by a special script already
            p.victim = None
            p.mule_owner = False
            self.people.append(p)
        ppl = self.people
        # couples among neighbours in id space, students attached to parents
        adults = [p for p in ppl if p.age >= 24]
        for j in range(0, len(adults) - 1):
            a, b = adults[j], adults[j + 1]
            if a.spouse is None and b.spouse is None and abs(a.age - b.age) < 9 and self.chance(0.62):
                a.spouse, b.spouse = b, a
        for p in ppl:
            if p.role == "student" or (p.age < 24 and self.chance(0.5)):
                for q in ppl[max(0, p.i - 40):p.i + 40]:
                    if 40 <= q.age <= 62 and q is not p and self.chance(0.15):
                        p.parents.append(q)
                        q.kids.append(p)
                        if q.spouse:
                            p.parents.append(q.spouse)
                            q.spouse.kids.append(p)
                        break
        N = len(ppl)
        for p in ppl:
            c = []
            if p.spouse:
                c += [p.spouse] * 4
            c += p.kids * 2 + p.parents * 2
            for _ in range(R.randint(3, 10)):
                j = p.i + R.randint(-250, 250)
                if 0 <= j < N and j != p.i:
                    c.append(ppl[j])
            for _ in range(R.randint(0, 3)):
                q = ppl[R.randrange(N)]
                if q is not p:
                    c.append(q)
            p.contacts = c

    def setup_business(self):
        R = self.R
        N = self.N
        ppl = self.people
        # ---- platforms, utilities, finance
        def comp(nm, bank=None, kind="company"):
            return self.new_acct(nm, None, None, kind, bank or self.bank(False), True)
        self.platforms = [comp(n) for n in ("支付宝(中国)网络技术有限公司", "财付通支付科技有限公司", "北京京东世纪贸易有限公司",
                                            "上海寻梦信息技术有限公司", "北京三快在线科技有限公司", "北京抖音信息服务有限公司",
                                            "滴滴出行科技有限公司", "浙江天猫网络有限公司")]
        for a in self.platforms:
            a.kind = "merchant"
            a.cat = "platform"
        self.utilities = [comp(n) for n in ("国网%s供电公司" % self.city_name, "%s水务集团有限公司" % self.city_name,
                                            "%s燃气集团有限公司" % self.city_name, "中国移动通信集团%s分公司" % self.city_name,
                                            "中国联合网络通信%s分公司" % self.city_name, "中国电信%s分公司" % self.city_name)]
        self.social = comp("%s市社会保险事业管理中心" % self.city_name)
        self.consumer_fin = [comp(n) for n in ("招联消费金融股份有限公司", "马上消费金融股份有限公司", "中邮消费金融有限公司",
                                               "重庆蚂蚁消费金融有限公司", "深圳前海微众银行股份有限公司", "兴业消费金融股份公司")]
        self.brokers = [comp(n) for n in ("华泰证券股份有限公司客户资金", "中信证券股份有限公司客户资金",
                                          "国泰君安证券客户交易结算资金", "东方财富证券股份有限公司客户资金", "招商证券客户资金")]
        self.gig_platforms = [comp(n) for n in ("北京三快科技有限公司骑手结算", "拉扎斯网络科技(上海)有限公司", "顺丰速运有限公司%s分公司" % self.city_name,
                                                "滴滴出行科技有限公司司机结算")]
        self.agencies = [comp(self.city_name + n) for n in ("自如生活资产管理有限公司", "贝壳找房房屋租赁有限公司",
                                                            "我爱我家住房租赁有限公司", "安居客公寓管理有限公司")]
        self.remit = comp("中国银行%s分行国际汇款专户" % self.city_name, "BOC")
        self.hospitals = [comp(self.city_name + n) for n in ("第一人民医院", "中医院", "市妇幼保健院", "肿瘤医院", "儿童医院")]
        self.developers = [comp(self.company("房地产开发")) for _ in range(3)]
        self.study_agents = [comp(self.company("出国留学服务")) for _ in range(3)]
        # ---- merchants
        cats = [  # cat, share, lo, hi, channel weights (pos, third_party, mobile_app), company?, chain?
            ("supermarket", 10, 15, 400, (35, 60, 5), 1.0, 0.8),
            ("convenience", 14, 4, 80, (10, 88, 2), 0.8, 0.6),
            ("restaurant", 22, 18, 350, (15, 82, 3), 0.6, 0.25),
            ("vendor", 18, 3, 40, (0, 100, 0), 0.0, 0.0),
            ("pharmacy", 5, 15, 300, (40, 58, 2), 0.9, 0.7),
            ("fuel", 3, 150, 600, (45, 50, 5), 1.0, 1.0),
            ("clothing", 6, 80, 1200, (30, 65, 5), 0.6, 0.4),
            ("salon", 4, 30, 800, (5, 90, 5), 0.3, 0.1),
            ("electronics", 2, 300, 9000, (45, 45, 10), 0.9, 0.6),
            ("gold", 1.5, 1500, 40000, (55, 25, 20), 0.9, 0.7),
            ("hospital_shop", 2, 30, 2000, (40, 55, 5), 1.0, 0.0),
            ("furniture", 1.5, 2000, 40000, (40, 30, 30), 1.0, 0.4),
            ("car", 0.7, 20000, 200000, (40, 10, 50), 1.0, 0.5),
            ("renovation", 1.2, 5000, 80000, (10, 30, 60), 1.0, 0.0),
            ("education", 1.5, 1500, 25000, (10, 50, 40), 1.0, 0.2),
        ]
        M = max(len(cats) + 5, int(N / 26 * self.k_shop))
        self.merchants = []
        self.mcat = {c[0]: [] for c in cats}
        self.hqs = [comp(self.company(R.choice(("商贸", "餐饮管理", "连锁超市", "医药连锁", "石化销售")))) for _ in range(max(3, M // 25))]
        self.suppliers = [comp(self.company(R.choice(("农产品批发", "食品贸易", "副食品批发", "蔬菜配送")))) for _ in range(max(3, M // 30))]
        weights = [c[1] for c in cats]
        self_emp = [p for p in ppl if p.role == "self"]
        R.shuffle(self_emp)
        for j in range(M):
            c = cats[j] if j < len(cats) else cats[[x[0] for x in cats].index(self.wpick([x[0] for x in cats], weights))]
            cat, _, lo, hi, chw, pcomp, pchain = c
            owner = None
            if self.chance(pcomp):
                nm = {"supermarket": R.choice(("物美", "联华", "华润万家", "永辉", "大润发")) + "超市(%s店)",
                      "convenience": R.choice(("罗森", "全家", "美宜佳", "好德", "十足")) + "便利店(%s店)",
                      "pharmacy": R.choice(("老百姓", "海王星辰", "益丰", "国大")) + "大药房(%s店)",
                      "fuel": "中国石化%s加油站", "gold": R.choice(("周大福", "老凤祥", "周生生", "中国黄金")) + "(%s店)",
                      "electronics": R.choice(("苏宁易购", "国美电器", "华为授权体验店", "小米之家")) + "(%s店)",
                      "hospital_shop": "%s社区卫生服务中心", "car": self.city_name + R.choice(BRAND) + "汽车销售服务有限公司%s",
                      "furniture": R.choice(("红星美凯龙", "居然之家", "林氏家居", "顾家家居")) + "(%s店)",
                      "renovation": self.city_name + R.choice(BRAND) + "装饰工程有限公司%s",
                      "education": self.city_name + R.choice(BRAND) + "教育培训学校%s"}.get(cat)
                if nm is None:
                    nm = self.company(R.choice(("餐饮管理", "服饰", "美容美发", "商贸")))
                elif "%s" in nm:
                    tag = R.choice(("文一", "江南", "城东", "万达", "解放", "人民", "滨江", "高新", "新城", "火车站", "西湖", "中山"))
                    nm = nm % (tag if not nm.endswith("%s") or cat not in ("car", "renovation", "education") else "")
                a = comp(nm, kind="merchant")
                a.settle = ("hq", R.choice(self.hqs)) if self.chance(pchain) else ("owner", None)
            else:
                if self_emp:
                    owner = self_emp.pop()
                    a = self.new_acct(owner.name, owner, owner.phone, "personal")
                    owner.accts.append(a)
                    a.settle = ("supplier", R.choice(self.suppliers))
                else:
                    a = self.new_acct(self.name(), None, self.mobile(), "personal")
                    a.settle = ("supplier", R.choice(self.suppliers))
                a.kind = "personal"
            if a.settle[0] == "owner":
                a.settle = ("owner", self.new_acct(self.name(), None, self.mobile()))
            a.cat, a.lo, a.hi = cat, lo, hi
            a.chan = chw
            a.takings = {}
            a.mname = a.name
            a.cap_pref = self.logn(1.0, 0.9) * (3 if cat in ("supermarket", "convenience", "restaurant") else 1)
            self.merchants.append(a)
            self.mcat[cat].append(a)
        for pl in self.platforms:
            pl.chan = (0, 85, 15)
            pl.lo, pl.hi = 8, 1500
            pl.cap_pref = 25.0
            self.merchants.append(pl)
        daily = [m for m in self.merchants if m.cat not in ("car", "renovation", "education", "furniture", "gold", "electronics")]
        self.daily_merchants = daily
        self.daily_w = [m.cap_pref for m in daily]
        self._dcum = self._cum(self.daily_w)
        for p in ppl:
            k = R.randint(5, 14)
            p.favs = [self.pick_daily() for _ in range(k)]
        # ---- employers
        E = max(5, N // 55)
        self.employers = []
        for _ in range(E):
            e = Crew()
            e.acct = comp(self.company())
            e.payday = R.choice((1, 5, 8, 10, 10, 15, 15, 15, 20, 25, 28, 31))
            e.staff = []
            e.ext_staff = [self.new_acct(self.name(), None, self.mobile()) for _ in range(R.randint(0, 12))]
            e.size = self.logn(1.0, 1.1)
            e.fin_phone = self.mobile() if self.chance(0.5) else None
            self.employers.append(e)
        ew = [e.size for e in self.employers]
        for p in ppl:
            if p.role == "employee":
                e = self.wpick(self.employers, ew)
                e.staff.append(p)
                p.employer = e
                p.salary = max(2500, self.logn(7000, 0.5))
            elif p.role == "gig":
                p.employer = R.choice(self.gig_platforms)
                p.salary = max(3000, self.logn(6500, 0.35))
        self.pension_day = R.choice((5, 8, 10, 12, 15, 20))
        # ---- rentals: in-pop landlords, sub-letting landlords, agencies, external landlords
        self.landlords = []
        for p in ppl:
            if p.age >= 40 and p.role in ("retired", "self", "employee") and self.chance(0.022):
                p.sublet = self.chance(0.25)
                p.owner_acct = self.new_acct(self.name(), None, self.mobile()) if p.sublet else None
                self.landlords.append(p)
        tenants = [p for p in ppl if 20 <= p.age < 60 and p.role != "student" and self.chance(0.33 if p.migrant else 0.2)]
        for p in tenants:
            x = R.random()
            if x < 0.35 and self.landlords:
                ll = R.choice(self.landlords)
                if ll is p:
                    continue
                p.rent_to = ll.accts[0]
            elif x < 0.6:
                p.rent_to = R.choice(self.agencies)
            else:
                p.rent_to = self.new_acct(self.name(), None, self.mobile())
            p.rent = self.nice(self.logn(2200, 0.4) / 100 * 100)
            p.rent_day = R.randint(1, 28)
        # ---- OTC crypto traders (sinks for laundering, also serve legit buyers)
        self.otc = [self.new_acct(self.name(), None, self.mobile()) for _ in range(R.randint(6, 12))]
        for o in self.otc:
            o.dev = self.devid()
            o.ip = self.mip()

    def pick_daily(self):
        c = self._dcum
        x = self.R.random() * c[-1]
        lo, hi = 0, len(c) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if c[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        return self.daily_merchants[lo]

    # ================================================================== ordinary calls
    def life_calls(self):
        R = self.R
        ppl = self.people
        city = self.city
        tele_nums = []
        for _ in range(max(30, self.N // 40)):
            k = self.wpick(["virtual", "mobile", "landline", "voip", "unknown"], [35, 32, 18, 10, 5])
            n = {"virtual": self.virtual, "mobile": self.mobile, "voip": self.voip,
                 "landline": lambda: self.landline(R.choice((city, "400", R.choice(OTHER_REGIONS)))),
                 "unknown": lambda: str(R.randrange(1000, 99999))}[k]()
            tele_nums.append((n, k, None if k in ("voip", "unknown") else city if k == "landline" else R.choice(OTHER_REGIONS)))
        courier_mobiles = [(self.mobile(), city) for _ in range(max(10, self.N // 120))]
        for p in ppl:
            caller_kind = "virtual" if p.phone[:3] in ("170", "171", "165", "167", "162") else "mobile"
            p.kind = caller_kind
        for d in range(self.D):
            wk = self.dates[d].weekday() >= 5
            for p in ppl:
                # calls p makes to contacts (callee = contact)
                n = self.pois(0.66 * p.act * self.k_calls * (0.85 if wk else 1.0))
                for _ in range(n):
                    q = R.choice(p.contacts) if p.contacts else ppl[R.randrange(self.N)]
                    if q is p:
                        continue
                    fam = q is p.spouse or q in p.kids or q in p.parents
                    dur = self.logn(150 if fam else 80, 1.0)
                    if fam and p.age >= 55 and self.chance(0.1):
                        dur = self.u(900, 3600)
                    ph = q.phone if not q.phone2 or self.chance(0.6) else q.phone2
                    self.pcall(self.at(d, self.tod("day")), min(dur, 7200), p.phone, p.kind, p.reg, q, ph,
                               self.chance(0.003))
                # external relatives / friends
                for _ in range(self.pois(0.36 * p.act * self.k_calls)):
                    num, reg = R.choice(p.ext)
                    self.pcall(self.at(d, self.tod("eve" if self.chance(.5) else "day")), min(self.logn(140, 1.0), 5400),
                               num, "mobile", reg, p, None, self.chance(0.003))
                # couriers / riders: virtual privacy numbers mostly
                lam = (0.22 if p.age < 45 else 0.1) * self.k_calls * (1.2 if wk else 1.0)
                for _ in range(self.pois(lam)):
                    if self.chance(0.72):
                        num, k, reg = self.virtual(), "virtual", R.choice(OTHER_REGIONS + [city] * 5)
                    else:
                        (num, reg), k = R.choice(courier_mobiles), "mobile"
                    ph = p.phone if not p.phone2 or self.chance(0.7) else p.phone2
                    self.pcall(self.at(d, self.tod("meal" if self.chance(.5) else "work")), self.u(8, 75), num, k, reg, p, ph,
                               self.chance(0.004))
                # work landlines
                if p.role in ("employee", "self") and not wk:
                    for _ in range(self.pois(0.12)):
                        self.pcall(self.at(d, self.tod("work")), self.logn(120, 0.9), self.landline(), "landline", city, p,
                                   None, False)
                # telemarketing / robocalls (not scams, no money follows)
                for _ in range(self.pois(0.085 * self.k_calls)):
                    num, k, reg = R.choice(tele_nums) if self.chance(0.6) else (self.virtual(), "virtual", R.choice(OTHER_REGIONS))
                    x = R.random()
                    dur = self.u(2, 30) if x < 0.7 else self.u(30, 300) if x < 0.97 else self.u(600, 2400)
                    self.pcall(self.at(d, self.tod("office")), dur, num, k, reg, p, None, self.chance(0.02))
                # wangiri / foreign robocalls
                if self.chance(0.004):
                    cc, reg = R.choice(SCAM_CC + ABROAD)
                    self.pcall(self.at(d, self.tod("day")), self.u(0, 12), self.intl(cc), "international", reg, p, None,
                               self.chance(0.2))
                # service lines: carriers, banks, e-commerce, city hotline
                if self.chance(0.02):
                    if self.chance(0.55):
                        num = self.svc.get(p.accts[0].bank, "95588")
                    else:
                        num = R.choice(list(SERVICE.values()))
                    self.pcall(self.at(d, self.tod("office")), self.logn(150, 0.7), num, "landline", city, p, None,
                               self.chance(0.01))
                # residents calling service lines themselves (callee is a service number)
                if self.chance(0.01):
                    num = self.svc.get(p.accts[0].bank, "95588") if self.chance(0.6) else R.choice(list(SERVICE.values()))
                    self.call(self.at(d, self.tod("day")), self.logn(300, 0.7), p.phone, num, p.kind, p.reg, city, False)
                # business people: international suppliers/customers
                if p.role == "self" and self.chance(0.03):
                    cc, reg = R.choice(ABROAD + [("971", "AE"), ("91", "IN"), ("55", "BR"), ("7", "RU")])
                    self.pcall(self.at(d, self.tod("day")), self.logn(500, 0.8), self.intl(cc), "international", reg, p,
                               None, self.chance(0.05))
                # mule card owners get calls from the card dealer
                # (handled in crew setup)

    # ================================================================== ordinary money
    def life_money(self):
        R = self.R
        ppl = self.people
        for d in range(self.D):
            wk = self.dates[d].weekday() >= 5
            for p in ppl:
                # shopping / eating
                lam = 0.55 * p.act * self.k_shop * (1.25 if p.age < 40 else 0.8 if p.age >= 65 else 1.0) * (1.15 if wk else 1)
                for _ in range(self.pois(lam)):
                    m = R.choice(p.favs) if self.chance(0.8) else self.pick_daily()
                    ch = self.wpick(["pos", "third_party", "mobile_app"], m.chan)
                    if p.age >= 70 and ch == "third_party" and self.chance(0.4):
                        ch = "pos"
                    prof = "meal" if m.cat in ("restaurant", "vendor", "convenience") else "day"
                    amt = self.retail(m.lo, m.hi)
                    self.ppay(p, self.at(d, self.tod(prof)), m, amt, ch,
                              p.accts[0] if self.chance(0.82) else R.choice(p.accts),
                              m.name if ch != "third_party" or m.kind != "personal" else self.masked(m.name))
                # utilities / telecom top-up
                if self.chance(0.035):
                    u = R.choice(self.utilities)
                    self.ppay(p, self.at(d, self.tod("day")), u, self.nice(self.logn(120, 0.6)),
                              R.choice(("third_party", "third_party", "mobile_app")))
                # spouse / family transfers
                if p.spouse and self.chance(0.06):
                    amt = self.nice(self.logn(800, 1.0))
                    self.ppay(p, self.at(d, self.tod("day")), p.spouse.accts[0], amt,
                              R.choice(("mobile_app", "third_party")), name=p.spouse.name)
                if p.kids and self.chance(0.05):
                    k = R.choice(p.kids)
                    self.ppay(p, self.at(d, self.tod("eve")), k.accts[0], self.nice(self.logn(1200, 0.6)),
                              R.choice(("mobile_app", "third_party")))
                if p.age < 60 and p.age > 28 and self.chance(0.012):
                    self.ppay(p, self.at(d, self.tod("eve")), p.ext_family, self.nice(self.logn(1500, 0.6)), "mobile_app")
                if p.age >= 60 and self.chance(0.01):   # children elsewhere send money to old parents
                    self.txn(self.at(d, self.tod("eve")), p.ext_family, p.accts[0], self.nice(self.logn(1500, 0.6)),
                             "mobile_app", self.devid(), self.mip(), self.mobile(), p.name)
                # friends: red packets, AA, small debts
                if self.chance(0.06 * p.act) and p.contacts:
                    q = R.choice(p.contacts)
                    if q is not p:
                        amt = self.nice(self.logn(150, 1.0)) if self.chance(0.9) else self.nice(self.logn(5000, 0.8))
                        self.ppay(p, self.at(d, self.tod("eve")), q.accts[0], amt, R.choice(("third_party", "mobile_app")),
                                  name=q.name)
                # first-time payees: second-hand deals, plumbers, tutors, cleaners, deposits
                if self.chance(0.018):
                    stranger = self.new_acct(self.name(), None, self.mobile())
                    amt = self.nice(self.logn(600, 1.0))
                    self.ppay(p, self.at(d, self.tod("day")), stranger, amt, R.choice(("third_party", "mobile_app")))
                # self transfers between own accounts
                if len(p.accts) > 1 and self.chance(0.015):
                    a, b = R.sample(p.accts, 2)
                    self.ppay(p, self.at(d, self.tod("day")), b, self.nice(self.logn(3000, 1.0)), "mobile_app", a, p.name)
                # refunds from platforms
                if self.chance(0.01):
                    pl = R.choice(self.platforms)
                    self.txn(self.at(d, self.tod("day")), pl, p.accts[0], self.retail(10, 800), "third_party", None, None,
                             None, p.name)
                # legit investing (银证转账) during trading hours on weekdays
                if not wk and p.age >= 28 and self.chance(0.006):
                    br = R.choice(self.brokers)
                    self.ppay(p, self.at(d, self.tod("trade")), br, self.nice(self.logn(30000, 0.9)),
                              R.choice(("mobile_app", "online_banking")), name=p.name)
                # legit consumer loan, then spending
                if self.chance(0.0015) and 22 <= p.age < 55:
                    cf = R.choice(self.consumer_fin)
                    t = self.at(d, self.tod("day"))
                    amt = self.nice(self.logn(15000, 0.5))
                    self.txn(t, cf, p.accts[0], amt, "online_banking", None, None, None, p.name)
                    m = R.choice(self.mcat["electronics"] + self.mcat["furniture"]) if self.chance(.6) else p.rent_to
                    if m:
                        self.ppay(p, t + int(self.u(10 * MIN, 20 * HOUR)), m, min(amt, self.retail(3000, amt / 100)),
                                  "mobile_app")
                # credit-card repayment on its own day
                # (handled below per month day)
                # buying USDT from an OTC trader (legit-ish, same accounts the launderers cash out with)
                if self.chance(0.0004) and 20 <= p.age < 50:
                    self.ppay(p, self.at(d, self.tod("eve")), R.choice(self.otc), self.nice(self.logn(8000, 0.8)), "mobile_app")
        # monthly things: rent, credit cards, payroll, pension, gig payouts
        for p in ppl:
            if p.rent_to is not None:
                for d in self.due_days_plain(p.rent_day):
                    t = self.at(d, self.tod("day"))
                    r = self.ppay(p, t, p.rent_to, p.rent, R.choice(("mobile_app", "third_party", "mobile_app")))
                    if r is not None and p.rent_to.owner is not None and getattr(p.rent_to.owner, "sublet", False):
                        ll = p.rent_to.owner
                        self.ppay(ll, t + int(self.u(3 * MIN, 50 * MIN)), ll.owner_acct, p.rent - self.nice(self.u(100, 400)),
                                  "mobile_app")
            if self.chance(0.4) and p.age >= 22:
                if not hasattr(p, "cc"):
                    p.cc = self.new_acct(p.name, p, p.phone, "credit", p.accts[0].bank)
                    p.cc_day = R.randint(1, 28)
                for d in self.due_days_plain(p.cc_day):
                    self.ppay(p, self.at(d, self.tod("eve")), p.cc, self.retail(300, 15000), "mobile_app", name=p.name)
        for e in self.employers:
            for d in self.due_days(e.payday):
                t = self.at(d, self.u(9 * 3600, 11 * 3600))
                staff = e.staff + e.ext_staff
                for q in staff:
                    t += int(self.u(200, 4000))
                    if isinstance(q, Person):
                        self.txn(t, e.acct, q.accts[0], int(q.salary * self.u(0.9, 1.1)) * 100, "online_banking",
                                 None, None, e.fin_phone, q.name)
                        self.after_salary(q, t, int(q.salary))
                    else:
                        self.txn(t, e.acct, q, self.nice(self.logn(6500, 0.4)), "online_banking", None, None,
                                 e.fin_phone, q.name)
        for d in self.due_days_plain(self.pension_day):
            t = self.at(d, self.u(7 * 3600, 8.5 * 3600))
            for p in ppl:
                if p.role == "retired":
                    t += int(self.u(50, 600))
                    self.txn(t, self.social, p.accts[0], self.nice(self.logn(3800, 0.4)), "online_banking", None, None, None,
                             p.name)
        for p in ppl:
            if p.role == "gig":
                for d in range(self.D):
                    if self.dates[d].weekday() == 1 or self.chance(0.1):
                        self.txn(self.at(d, self.u(10 * 3600, 16 * 3600)), p.employer, p.accts[0],
                                 self.retail(p.salary / 5, p.salary / 3), "online_banking", None, None, None, p.name)

    def after_salary(self, q, t, sal):
        R = self.R
        if q.migrant and self.chance(0.6):   # remittance home within minutes
            self.ppay(q, t + int(self.logn(15 * MIN, 1.0)), q.ext_family, self.nice(sal * self.u(0.3, 0.7)), "mobile_app")
        if q.spouse and self.chance(0.2):
            self.ppay(q, t + int(self.logn(40 * MIN, 1.2)), q.spouse.accts[0], self.nice(sal * self.u(0.2, 0.6)),
                      "mobile_app", name=q.spouse.name)
        if len(q.accts) > 1 and self.chance(0.2):
            self.ppay(q, t + int(self.logn(60 * MIN, 1.2)), q.accts[1], self.nice(sal * self.u(0.2, 0.8)), "mobile_app",
                      name=q.name)

    # ================================================================== legit traps
    def traps(self):
        R = self.R
        ppl = self.people
        N, D = self.N, self.D
        scale = N / 5000.0 * D / 7.0

        def free(pred=lambda p: True, tries=200):
            for _ in range(tries):
                p = ppl[R.randrange(N)]
                if not p.busy and pred(p):
                    p.busy = True
                    return p
            return None

        # --- family abroad: long international calls, transfers after (or during) them
        for p in ppl:
            if 40 <= p.age <= 72 and self.chance(0.02) or 25 <= p.age < 40 and self.chance(0.006):
                p.busy = True
                cc, reg = R.choice(ABROAD)
                num = self.intl(cc)
                child_acct = self.new_acct(p.name[0] + self.name()[1:], None, self.mobile())
                new_card = self.chance(0.3)
                if not new_card and self.chance(0.5):
                    # the family has paid this card before (a week before the span is invisible; one visible earlier)
                    self.ppay(p, self.at(0, self.tod("eve")), child_acct, self.nice(self.logn(3000, 0.5)), "mobile_app")
                for _ in range(R.randint(1, 4)):
                    d = R.randrange(D)
                    t = self.at(d, self.u(19.5 * 3600, 23.5 * 3600) if self.chance(0.7) else self.u(6 * 3600, 9 * 3600))
                    dur = self.u(900, 5400)
                    te = self.pcall(t, dur, num, "international", reg, p, None, self.chance(0.08))
                    if te and self.chance(0.45):
                        during = self.chance(0.3)
                        tt = t + int(self.u(5 * MIN, dur * 1000 * 0.9)) if during else te + int(self.logn(20 * MIN, 1.0))
                        x = R.random()
                        total = self.nice(self.logn(40000, 0.6))
                        if x < 0.65:
                            pe, ch = child_acct, R.choice(("mobile_app", "mobile_app", "online_banking"))
                        elif x < 0.85:
                            pe, ch = R.choice(self.study_agents), "online_banking"
                        else:
                            pe, ch = self.remit, "counter"
                            tt = self.at(min(D - 1, d + 1), self.u(9.5 * 3600, 15 * 3600))
                        while total > 0:
                            a = min(total, 5000000 if ch != "counter" else total)
                            self.ppay(p, tt, pe, a, ch)
                            total -= a
                            tt += int(self.u(60 * SEC, 8 * MIN))
        # --- bank service-line call, then a large purchase to a brand-new payee; bank verification call-back
        for _ in range(self.pois(7 * scale)):
            p = free(lambda p: 28 <= p.age <= 70)
            if not p:
                continue
            d = R.randrange(D)
            t = self.at(d, self.tod("office"))
            bank = p.accts[0].bank
            caller = self.svc.get(bank, "95588") if self.chance(0.6) else self.landline()
            kind = "landline"
            if self.chance(0.2):   # relationship manager on her mobile
                caller, kind = self.mobile(), "mobile"
            te = self.pcall(t, self.u(120, 900), caller, kind, self.city, p, None, self.chance(0.02))
            if not te:
                continue
            cat = self.wpick(["car", "furniture", "renovation", "gold", "education", "electronics"], [25, 20, 20, 15, 10, 10])
            pool = self.mcat.get(cat) or self.mcat["furniture"]
            m = R.choice(pool)
            total = self.nice(self.u(max(m.lo, 8000), m.hi))
            ch = R.choice(("mobile_app", "online_banking", "pos", "counter" if p.age > 60 else "mobile_app"))
            tt = te + int(self.logn(90 * MIN, 1.0))
            first = None
            while total > 0:
                a = min(total, 5000000 if ch in ("mobile_app", "pos") else total)
                r = self.ppay(p, tt, m, a, ch)
                first = first or r
                total -= a
                tt += int(self.u(2 * MIN, 10 * MIN))
            if first and self.chance(0.35):   # the bank's risk desk calls back to confirm
                self.pcall(first["ts_ms"] + int(self.u(40 * SEC, 6 * MIN)), self.u(40, 200), self.svc.get(bank, "95588"),
                           "landline", self.city, p, None, False)
        # --- medical emergency: long call from a relative, urgent large transfers to new payees
        for _ in range(self.pois(2.5 * scale)):
            p = free(lambda p: 30 <= p.age <= 70)
            if not p:
                continue
            t = self.at(R.randrange(D), self.tod("day"))
            num, reg = R.choice(p.ext)
            te = self.pcall(t, self.u(600, 2700), num, "mobile", reg, p, None, False)
            if not te:
                continue
            tt = te + int(self.u(2 * MIN, 40 * MIN))
            relative = self.new_acct(self.name(), None, num)
            for _ in range(R.randint(1, 3)):
                pe = relative if self.chance(0.6) else R.choice(self.hospitals)
                self.ppay(p, tt, pe, self.nice(self.u(10000, 50000)), "mobile_app")
                tt += int(self.u(1 * MIN, 15 * MIN))
        # --- weddings: gift money fans in from many (often first-time) payers, then the hotel bill
        for _ in range(max(1, self.pois(2 * scale))):
            p = free(lambda p: 24 <= p.age <= 35)
            if not p:
                continue
            d = R.randrange(max(1, D - 1))
            t = self.at(d, self.u(10 * 3600, 21 * 3600))
            guests = list(dict.fromkeys(p.contacts + [ppl[R.randrange(N)] for _ in range(R.randint(15, 60))]))
            total = 0
            for g in guests:
                if g is p:
                    continue
                a = self.nice(R.choice((200, 500, 600, 666, 800, 888, 1000, 1000, 1314, 2000)))
                self.ppay(g, t + int(self.u(0, 8 * HOUR)), p.accts[0], a, R.choice(("third_party", "mobile_app")), name=p.name)
                total += a
            for _ in range(R.randint(5, 25)):
                ext = self.new_acct(self.name(), None, self.mobile())
                a = self.nice(R.choice((500, 600, 1000, 2000)))
                self.txn(t + int(self.u(0, 8 * HOUR)), ext, p.accts[0], a, "mobile_app", self.devid(), self.mip(), True, p.name)
                total += a
            hotel = self.new_acct(self.company("酒店管理"), None, None, "company", None, True)
            self.ppay(p, t + int(self.u(9 * HOUR, 20 * HOUR)), hotel, self.nice(total * self.u(0.6, 1.1)),
                      R.choice(("mobile_app", "pos", "online_banking")))
        # --- group-buy leaders: many neighbours pay in the evening, the leader pays the supplier at once
        for _ in range(max(1, int(N / 700))):
            p = free(lambda p: 28 <= p.age <= 60 and p.role in ("home", "self", "retired", "employee"))
            if not p:
                continue
            supplier = R.choice(self.suppliers)
            neighbours = [ppl[j] for j in range(max(0, p.i - 150), min(N, p.i + 150)) if ppl[j] is not p]
            for d in range(D):
                if self.chance(0.25):
                    continue
                t0 = self.at(d, self.u(19 * 3600, 21 * 3600))
                tot = 0
                for q in R.sample(neighbours, min(len(neighbours), R.randint(8, 40))):
                    a = self.retail(15, 220)
                    self.ppay(q, t0 + int(self.u(0, 2 * HOUR)), p.accts[0], a, "third_party")
                    tot += a
                self.ppay(p, t0 + 2 * HOUR + int(self.logn(12 * MIN, 0.8)), supplier, int(tot * self.u(0.88, 0.95)),
                          "mobile_app")
        # --- property down payment: parents at the counter, then the buyer pays the developer
        for _ in range(self.pois(1.5 * scale)):
            p = free(lambda p: 26 <= p.age <= 45 and p.parents)
            if not p:
                continue
            d = R.randrange(D)
            t = self.at(d, self.tod("office"))
            agent = self.mobile()
            self.pcall(t - int(self.u(1 * HOUR, 5 * HOUR)), self.u(120, 900), agent, "mobile", self.city, p, None, False)
            tot = 0
            for par in p.parents[:2]:
                a = self.nice(self.u(100000, 400000))
                self.ppay(par, t + int(self.u(0, 2 * HOUR)), p.accts[0], a, "counter" if par.age >= 55 else "online_banking",
                          name=p.name)
                tot += a
            self.ppay(p, t + int(self.u(2.5 * HOUR, 26 * HOUR)), R.choice(self.developers),
                      self.nice(tot * self.u(0.9, 1.3)), R.choice(("online_banking", "counter")))
        # --- elderly moving savings at the counter (to children, wealth products)
        for _ in range(self.pois(4 * scale)):
            p = free(lambda p: p.age >= 62)
            if not p:
                continue
            pe = R.choice(p.kids).accts[0] if p.kids else (p.accts[1] if len(p.accts) > 1 else R.choice(self.brokers))
            self.ppay(p, self.at(R.randrange(D), self.u(9 * 3600, 16 * 3600)), pe, self.nice(self.logn(80000, 0.7)), "counter")
        # --- small businesses paying suppliers (new payees, medium-large)
        for p in ppl:
            if p.role == "self" and self.chance(0.4 * D / 7):
                for _ in range(R.randint(1, 3)):
                    sup = R.choice(self.suppliers) if self.chance(0.5) else self.new_acct(self.company(), None, None, "company",
                                                                                          None, True)
                    self.ppay(p, self.at(R.randrange(D), self.tod("work")), sup, self.nice(self.logn(12000, 0.9)),
                              R.choice(("online_banking", "mobile_app")))

    # ================================================================== merchant settlement
    def settlements(self):
        R = self.R
        for m in self.merchants:
            if not m.settle or not m.takings:
                continue
            mode, dest = m.settle
            for d in sorted(m.takings):
                tot = m.takings[d]
                if tot < 5000:
                    continue
                if mode == "supplier":
                    # the vendor restocks next morning from yesterday's takings
                    t = self.at(d + 1, self.u(5 * 3600, 8 * 3600))
                    owner = m.owner
                    a = int(tot * self.u(0.45, 0.9) / 100) * 100
                    if owner is not None:
                        self.ppay(owner, t, dest, a, "mobile_app", m)
                    else:
                        self.txn(t, m, dest, a, "mobile_app", self.devid(), self.mip())
                else:
                    t = self.at(d, self.u(22.5 * 3600, 23.9 * 3600)) if self.chance(0.6) else self.at(d + 1, self.u(8 * 3600, 10.5 * 3600))
                    self.txn(t, m, dest, tot, "online_banking", None, None, None)

    # ================================================================== scam crews and mules
    def setup_crews(self):
        R = self.R
        n = R.randint(3, 5)
        self.crews = []
        combos = [["impersonation_police", "fake_customer_service"], ["task_rebate", "fake_investment"],
                  ["loan_scam", "fake_customer_service", "task_rebate"]]
        for k in range(n):
            c = Crew()
            c.id = k
            c.typs = combos[k] if k < 3 else R.sample(TYPS, R.randint(1, 3))
            c.cc = R.choice(SCAM_CC[:9])
            c.numbers = {}
            c.all_numbers = []
            c.cap = R.choice((4999900, 4999900, 4990000, 4980000, 1999900, 999900, None))
            c.devs = [self.devid() for _ in range(R.randint(2, 6))]
            c.ips = [self.oip() if self.chance(0.4) else self.mip() for _ in range(R.randint(2, 5))]
            c.card_phones = [self.mobile() for _ in range(R.randint(1, 3))]
            c.l1, c.l2, c.l3 = [], [], []
            c.has_l3 = self.chance(0.55)
            c.auto = self.chance(0.4)    # automated 跑分 platform: very fast pass-through
            c.batch_share = self.u(0.1, 0.45)
            self.crews.append(c)

    def crew_number(self, c, kind, t):
        """a number of this crew's of the given kind; reused for a while, then burned"""
        R = self.R
        lst = c.numbers.setdefault(kind, [])
        live = [x for x in lst if x["uses"] < x["cap"] and abs(t - x["t"]) < x["life"]]
        if live and self.chance(0.7):
            x = R.choice(live)
        else:
            if kind == "virtual":
                num, k, reg, sp = self.virtual(), "virtual", R.choice(OTHER_REGIONS), 0.04
            elif kind == "international":
                if self.chance(0.25):
                    num, k, reg, sp = self.intl("86", True), "international", None, 0.35
                else:
                    cc, reg = c.cc if self.chance(0.7) else R.choice(SCAM_CC)
                    num, k, sp = self.intl(cc), "international", 0.15
            elif kind == "voip":
                num, k, reg, sp = self.voip(), "voip", None, 0.3
            elif kind == "police_landline":
                num, k, reg, sp = self.landline(self.city if self.chance(.6) else R.choice(OTHER_REGIONS),
                                                "110" if self.chance(0.4) else None), "landline", None, 0.55
                reg = num[:4] if num[:2] != "01" and num[:2] != "02" else num[:3]
            elif kind == "service":
                if self.chance(0.5):
                    num = R.choice(list(SERVICE.values())[:6] + [b[3] for b in BANKS[:6]])
                else:
                    num = "400" + "%07d" % R.randrange(10 ** 7)
                k, reg, sp = "landline", None, 0.5
            elif kind == "simbox":
                num, k, reg, sp = self.mobile(), "mobile", self.city if self.chance(0.6) else R.choice(OTHER_REGIONS), 0.0
            else:
                num, k, reg, sp = self.mobile(), "mobile", R.choice(OTHER_REGIONS), 0.0
            x = {"num": num, "kind": k, "reg": reg, "sp": sp, "uses": 0, "cap": R.randint(3, 40), "t": t,
                 "life": int(self.u(6, 72) * HOUR), "crew": c}
            lst.append(x)
            c.all_numbers.append(x)
        x["uses"] += 1
        return x

    def scam_call(self, c, kinds, p, phone, t, dur, x=None):
        if x is None:
            kind = self.wpick(list(kinds.keys()), list(kinds.values()))
            x = self.crew_number(c, kind, t)
        spoof = self.chance(x["sp"])
        te = self.pcall(t, dur, x["num"], x["kind"], x["reg"], p, phone, spoof)
        if te:
            p.scam_numbers.append(x)
        return te, x

    def new_mule(self, c, layer, kind):
        R = self.R
        D = self.D
        if kind == "company":
            a = self.new_acct(self.company(), None, R.choice(c.card_phones) if self.chance(0.3) else None, "company", None, True)
        elif kind == "shop":
            a = self.new_acct(self.city_name + R.choice(("", "市")) + R.choice(BRAND) + R.choice(("百货店", "便利店", "日用品店", "水果店", "副食店", "服装店")),
                              None, R.choice(c.card_phones) if self.chance(0.5) else self.mobile(), "personal", None)
        else:
            owner = None
            if layer == 1 and self.chance(0.22):
                cands = [p for p in self.people[R.randrange(self.N):][:400]
                         if p.role in ("student", "gig", "home") and p.age < 40 and p.victim is None and not p.mule_owner
                         and not p.busy]
                if cands:
                    owner = R.choice(cands)
            if owner:
                owner.mule_owner = True
                owner.busy = True
                a = self.new_acct(owner.name, owner, owner.phone, "personal", self.bank())
            else:
                ph = R.choice(c.card_phones) if self.chance(0.3) else self.mobile()
                a = self.new_acct(self.name(), None, ph, "personal", self.bank())
        a.layer, a.crew = layer, c
        life = {1: (1, 4), 2: (2, 6), 3: (3, 8)}[layer]
        a.d0 = R.randrange(D)
        a.d1 = a.d0 + R.randint(*life) - 1
        a.style = "batch" if self.chance(c.batch_share * (0.6 if layer == 1 else 1.3)) else "fast"
        a.inflows = []
        a.dev = R.choice(c.devs) if self.chance(0.8) else self.devid()
        a.ip = R.choice(c.ips)
        a.cap_pref = kind
        return a

    def size_crews(self, plan):
        """plan: list of (person, typology, crew); creates mule pools sized to the expected flow"""
        R = self.R
        busiest = max(self.crews, key=lambda c: sum(1 for _, t, cc in plan if cc is c))
        busiest.has_l3 = True
        exp_pay = {"impersonation_police": 3.0, "fake_customer_service": 4.0, "task_rebate": 5.0,
                   "fake_investment": 3.5, "loan_scam": 3.0}
        for c in self.crews:
            pays = sum(exp_pay[t] for _, t, cc in plan if cc is c)
            if pays == 0:
                continue
            n1 = max(3, int(round(pays / self.u(4.5, 8.0))))
            for _ in range(n1):
                kind = self.wpick(["personal", "company", "shop"], [70, 16 if "impersonation_police" in c.typs or "fake_investment" in c.typs else 4,
                                                                    14 if "task_rebate" in c.typs or "loan_scam" in c.typs else 3])
                c.l1.append(self.new_mule(c, 1, kind))
            n2 = max(2, int(round(n1 / self.u(2.5, 4.0))))
            for _ in range(n2):
                c.l2.append(self.new_mule(c, 2, "company" if self.chance(0.15) else "personal"))
            if c.has_l3:
                for _ in range(max(1, int(round(n2 / self.u(1.5, 3.0))))):
                    c.l3.append(self.new_mule(c, 3, "personal"))
        # a shared "water house": one crew's layer-2 account also serves another crew
        donors = [c for c in self.crews if c.l2]
        if len(donors) >= 2 and self.chance(0.6):
            a, b = R.sample(donors, 2)
            b.l2.append(R.choice(a.l2))
        # rented cards of residents show some ordinary use before they are handed over
        for c in self.crews:
            for m in c.l1:
                if m.owner is not None and m.d0 > 0:
                    o = m.owner
                    keep, m.inflows = m.inflows, None
                    t = self.at(R.randrange(m.d0), self.tod("day"))
                    self.ppay(o, t, m, self.nice(self.u(100, 800)), "mobile_app", o.accts[0], o.name)
                    for _ in range(R.randint(0, 3)):
                        self.ppay(o, t + int(self.u(1 * HOUR, 20 * HOUR)), self.pick_daily(), self.retail(5, 120), "third_party", m)
                    m.inflows = keep
                if m.owner is not None and self.chance(0.5):   # the card dealer calls the owner
                    self.pcall(self.at(max(0, m.d0 - 1), self.tod("day")), self.u(30, 400), R.choice(c.card_phones), "mobile",
                               R.choice(OTHER_REGIONS), m.owner, None, False)

    def pick_l1(self, c, t, p, want=None, avoid_used=True):
        R = self.R
        d = self.day_of(t)
        cand = [m for m in c.l1 if m.d0 <= d <= m.d1]
        if want:
            cw = [m for m in cand if m.cap_pref == want]
            if cw and self.chance(0.8):
                cand = cw
        if avoid_used:
            fresh = [m for m in cand if m not in p.paid_to]
            if fresh:
                cand = fresh
        if not cand:
            # extend the life of the card whose window is nearest
            m = min(c.l1, key=lambda m: (min(abs(m.d0 - d), abs(m.d1 - d)), m.uses))
            m.d0, m.d1 = min(m.d0, d), max(m.d1, d)
            cand = [m]
        m = self.wpick(cand, [1.0 / (1 + m.uses) for m in cand])
        m.uses += 1
        p.paid_to.append(m)
        return m

    # ================================================================== victims
    def choose_victims(self):
        R = self.R
        ppl = self.people
        nv = max(5, int(round(self.N * self.D / 7.0 * self.u(0.0122, 0.0172))))
        plan = []
        def ok_for(p, typ):
            if p.busy or p.victim:
                return 0
            a = p.age
            if typ == "impersonation_police":
                return 0 if a < 22 else 1.6 if a >= 60 else 1.0
            if typ == "fake_customer_service":
                return 1.3 if 20 <= a <= 45 else 0.3 if a < 60 else 0.05
            if typ == "task_rebate":
                return (2.0 if p.female else 1.0) * (1 if 18 <= a <= 42 else 0.15 if a < 60 else 0.02)
            if typ == "fake_investment":
                return 1.0 if 28 <= a <= 65 else 0.1
            return (2.0 if p.role in ("gig", "home", "self") else 1.0) * (1 if 20 <= a <= 50 else 0.05)
        tw = sum(self.typ_w)
        quota = [max(int(round(nv * 0.1)), int(round(nv * w / tw))) for w in self.typ_w]
        order = [t for t, q in zip(TYPS, quota) for _ in range(q)]
        R.shuffle(order)
        for typ in order:
            for _ in range(300):
                p = ppl[R.randrange(self.N)]
                w = ok_for(p, typ)
                if w > 0 and R.random() < w / 2.0:
                    break
            else:
                continue
            p.victim = typ
            p.busy = True
            crews = [c for c in self.crews if typ in c.typs]
            c = R.choice(crews)
            plan.append((p, typ, c))
        return plan

    def savings(self, p):
        base = {"retired": 120000, "employee": 60000, "self": 90000, "gig": 15000, "home": 40000, "student": 4000}[p.role]
        return max(3000, self.logn(base, 0.9))

    def pay_scam(self, p, typ, t, amt, c, ch="mobile_app", acct=None, payee=None, want=None, via_spouse=False):
        """the victim (or the spouse's account the victim uses) transfers to the scam"""
        R = self.R
        amt = int(amt)
        if amt <= 0:
            return None
        pe = payee or self.pick_l1(c, t, p, want)
        if via_spouse and p.spouse:
            s = p.spouse
            a = s.accts[0]
            dev = s.dev if ch in ("mobile_app", "third_party") else s.pcdev if ch == "online_banking" else None
            ip = s.ipm if ch in ("mobile_app", "third_party") else s.iph if ch == "online_banking" else None
            name = pe.name if ch != "third_party" or pe.kind != "personal" else self.masked(pe.name)
            d = self.txn(t, a, pe, amt, ch, dev, ip, True, name)
        else:
            if acct is None:
                acct = p.pay_acct
            d = self.ppay(p, t, pe, amt, ch, acct)
        if d is not None:
            self.scam_labels.append((d, typ, p))
            p.scam_txns.append(d)
        return d

    def run_victims(self, plan):
        R = self.R
        for p, typ, c in plan:
            p.scam_numbers = []
            p.scam_txns = []
            p.paid_to = []
            p.busy = True
            p.pay_acct = p.accts[0]
            if len(p.accts) > 1 and self.chance(0.12):
                p.pay_acct = p.accts[1]       # pays from the second account at another bank
            p.call_phone = p.phone2 if p.phone2 and self.chance(0.7) else p.phone
            p.use_spouse = p.spouse is not None and typ in ("impersonation_police", "fake_investment") and self.chance(0.18)
            for attempt in range(4):
                getattr(self, "s_" + typ)(p, c)
                if p.scam_txns:
                    break
                p.scam_numbers = []
        # resolve rebate / profit payouts from cards that already hold victims' money
        for t, p, amt, c, mine in self.deferred_payouts:
            srcs = [m for m in c.l1 if m.inflows and min(x[0] for x in m.inflows) < t - 2 * MIN and m is not mine]
            src = R.choice(srcs) if srcs else mine
            if src is None or not src.inflows or min(x[0] for x in src.inflows) >= t:
                continue
            nm = self.masked(p.name) if self.chance(0.5) else p.name
            self.txn(t, src, p.accts[0], amt, R.choice(("mobile_app", "third_party")), src.dev, src.ip, True, nm)

    def start_time(self, prof, max_day_frac=1.0):
        d = self.R.randrange(max(1, int(self.D * max_day_frac)))
        return self.at(d, self.tod(prof))

    # ---- 冒充公检法
    def s_impersonation_police(self, p, c):
        R = self.R
        t = self.start_time("office", 0.9)
        ph = p.call_phone
        kinds = {"virtual": 30, "international": 22, "voip": 18, "police_landline": 18, "simbox": 12}
        if self.chance(0.5):   # opener: "courier / telecom / medical insurance" says your ID is involved
            te, _ = self.scam_call(c, {"virtual": 40, "voip": 25, "service": 20, "simbox": 15}, p, ph,
                                   t - int(self.u(3 * MIN, 25 * MIN)), self.u(90, 480))
        dur = min(self.logn(55 * 60, 0.5), 3 * 3600)
        elderly_counter = p.age >= 60 and self.chance(0.55)
        if elderly_counter:
            dur = max(dur, 70 * 60)
        elif self.chance(0.25):
            # "hang up, the case officer continues on the secure video app": money moves with no call connected
            dur = self.u(8 * 60, 25 * 60)
        te, x = self.scam_call(c, kinds, p, ph, t, dur)
        if te is None:
            return
        total = min(self.savings(p) * self.u(0.5, 1.0), 2500000)
        first = t + int(self.u(12 * MIN, max(13 * MIN, min(45 * MIN, 0.7 * dur * 1000))))
        if dur < 26 * 60:
            first = t + int(dur * 1000) + int(self.u(10 * MIN, 50 * MIN))
        tt = first
        # consolidation from own other accounts into the paying account
        others = [a for a in p.accts if a is not p.pay_acct]
        if others and self.chance(0.5):
            for a in others[:2]:
                self.ppay(p, tt, p.pay_acct, self.nice(total * self.u(0.15, 0.4)), "mobile_app", a, p.name)
                tt += int(self.u(40 * SEC, 3 * MIN))
        if self.chance(0.3):   # "test the safe account"
            self.pay_scam(p, "impersonation_police", tt, R.choice((100, 1000, 10000, 50000)), c, want="company")
            tt += int(self.u(2 * MIN, 8 * MIN))
        remaining = total
        if elderly_counter:
            # the caller keeps the line open while she goes to the branch, coaching her what to tell the teller
            tt = t + int(self.u(35 * MIN, 65 * MIN))
            pe = self.pick_l1(c, tt, p, "company")
            n = 1 if remaining < 300000 else 2
            for i in range(n):
                a = self.nice(remaining / (n - i))
                self.pay_scam(p, "impersonation_police", tt, a, c, "counter", payee=pe)
                remaining -= a / 100
                tt += int(self.u(4 * MIN, 12 * MIN))
            return
        per = 50000 if self.chance(0.7) else 200000
        same = None
        while remaining > 3000 and len(p.scam_txns) < 8:
            a = min(remaining, per)
            a = self.nice(a) // 100 if self.chance(0.6) else int(a)
            a = min(a, per)
            if same is None or self.chance(0.45):
                same = self.pick_l1(c, tt, p, "company" if self.chance(0.5) else None)
            ch = "mobile_app" if per == 50000 else R.choice(("online_banking", "mobile_app"))
            spouse = p.use_spouse and self.chance(0.4)
            self.pay_scam(p, "impersonation_police", tt, a * 100, c, ch, payee=same, via_spouse=spouse)
            remaining -= a
            tt += int(self.u(3 * MIN, 16 * MIN))
            if tt > max(te, first) + 2 * HOUR:
                break
        # a second round the next day ("the investigation needs the rest of your funds")
        if self.chance(0.22) and p.scam_txns:
            t2 = self.at(self.day_of(t) + 1, self.tod("office"))
            te2, _ = self.scam_call(c, kinds, p, ph, t2, self.u(20 * 60, 60 * 60), x if self.chance(.5) else None)
            if te2:
                tt = t2 + int(self.u(10 * MIN, 30 * MIN))
                for _ in range(R.randint(1, 2)):
                    self.pay_scam(p, "impersonation_police", tt, self.nice(self.u(20000, 80000)), c,
                                  R.choice(("mobile_app", "online_banking")), via_spouse=p.use_spouse)
                    tt += int(self.u(5 * MIN, 20 * MIN))

    # ---- 冒充客服
    def s_fake_customer_service(self, p, c):
        R = self.R
        t = self.start_time("office", 0.92)
        ph = p.call_phone
        kinds = {"service": 25, "virtual": 28, "simbox": 25, "international": 10, "voip": 12}
        app_mode = self.chance(0.45)
        dur = self.u(150, 600) if app_mode else min(self.logn(30 * 60, 0.45), 90 * 60)
        te, x = self.scam_call(c, kinds, p, ph, t, dur)
        if te is None:
            return
        tt = t + int(self.u(8 * MIN, 20 * MIN)) if not app_mode else te + int(self.u(5 * MIN, 40 * MIN))
        avail = self.savings(p) * self.u(0.3, 0.8)
        if self.chance(0.4):   # "cancel the student-loan account": borrow from consumer-loan apps first
            for _ in range(R.randint(1, 3)):
                amt = self.nice(self.u(5000, 40000))
                self.txn(tt, R.choice(self.consumer_fin), p.pay_acct, amt, "online_banking", None, None, None, p.name)
                avail += amt / 100
                tt += int(self.u(2 * MIN, 10 * MIN))
        n = R.randint(2, 7)
        for i in range(n):
            if i == 0 and self.chance(0.4):
                a = self.nice(self.u(500, 3000))
            else:
                a = self.nice(min(avail, self.u(2000, 30000) * (1 + 0.3 * i)))
            if a / 100 > avail or avail < 300:
                break
            self.pay_scam(p, "fake_customer_service", tt, a, c, "mobile_app" if self.chance(0.8) else "third_party")
            avail -= a / 100
            tt += int(self.u(3 * MIN, 25 * MIN))
        if self.chance(0.25):   # a follow-up call to push more
            self.scam_call(c, kinds, p, ph, tt + int(self.u(10 * MIN, 3 * HOUR)), self.u(120, 900), x)

    # ---- 刷单返利
    def s_task_rebate(self, p, c):
        R = self.R
        t = self.start_time("eve" if self.chance(0.6) else "day", 0.85)
        if self.chance(0.3):
            self.scam_call(c, {"virtual": 60, "simbox": 30, "voip": 10}, p, p.call_phone, t - int(self.u(5 * MIN, 3 * HOUR)),
                           self.u(40, 240))
        means = self.savings(p) * self.u(0.4, 1.0) + self.u(2000, 20000)
        tt = t
        amt = self.nice(self.u(100, 400))
        stage = 0
        spent = 0
        while True:
            ch = "third_party" if self.chance(0.55) else "mobile_app"
            d = self.pay_scam(p, "task_rebate", tt, amt, c, ch, want="shop" if ch == "third_party" else None)
            if d is None and tt >= self.tend:
                break
            spent += amt / 100
            stage += 1
            if stage <= 2 or (stage == 3 and self.chance(0.4)):
                # the task is "completed" and rebated with commission
                self.deferred_payouts.append((tt + int(self.u(3 * MIN, 25 * MIN)), p, int(amt * self.u(1.1, 1.4)), c,
                                              p.paid_to[-1] if p.paid_to else None))
                tt += int(self.u(20 * MIN, 3 * HOUR))
                amt = self.nice(amt / 100 * self.u(2.5, 6))
            else:
                tt += int(self.u(8 * MIN, 90 * MIN)) if self.chance(0.7) else int(self.u(10 * HOUR, 30 * HOUR))
                amt = self.nice(amt / 100 * self.u(1.5, 2.8))
            if stage >= 3 and amt / 100 > means - spent:
                if self.chance(0.35) and p.contacts:
                    # borrows from a friend to "unfreeze" the account
                    q = R.choice(p.contacts)
                    if q is not p:
                        self.ppay(q, tt - int(self.u(5 * MIN, 40 * MIN)), p.accts[0], amt, "mobile_app", name=p.name)
                        means += amt / 100
                        continue
                break
            if stage >= 11:
                break

    # ---- 虚假投资理财
    def s_fake_investment(self, p, c):
        R = self.R
        t = self.start_time("trade" if self.chance(0.6) else "eve", 0.6)
        if self.chance(0.25):   # the "mentor" / online partner sometimes phones
            for _ in range(R.randint(1, 3)):
                self.scam_call(c, {"international": 60, "simbox": 25, "virtual": 15}, p, p.call_phone,
                               self.at(R.randrange(self.D), self.tod("eve")), self.u(600, 3600))
        means = self.savings(p) * self.u(0.6, 1.0)
        tt = t
        amt = self.nice(self.u(2000, 20000)) if self.chance(0.7) else self.nice(self.u(20000, 60000))
        n = R.randint(2, 6)
        for i in range(n):
            ch = "online_banking" if self.chance(0.35) else "mobile_app"
            if i == n - 1 and self.chance(0.3) and means > 20000:
                # redeems wealth products / borrows before the final, biggest deposit
                src = R.choice(self.consumer_fin + self.brokers)
                self.txn(tt - int(self.u(20 * MIN, 5 * HOUR)), src, p.pay_acct, self.nice(self.u(20000, 100000)), "online_banking",
                         None, None, None, p.name)
            self.pay_scam(p, "fake_investment", tt, amt, c, ch, want="company" if self.chance(0.3) else None,
                          via_spouse=p.use_spouse and i >= 2 and self.chance(0.5))
            means -= amt / 100
            if i == 0 and self.chance(0.6):
                self.deferred_payouts.append((tt + int(self.u(18 * HOUR, 40 * HOUR)), p, self.nice(amt / 100 * self.u(0.05, 0.3)),
                                              c, p.paid_to[-1] if p.paid_to else None))
            tt += int(self.u(14 * HOUR, 60 * HOUR)) if self.chance(0.7) else int(self.u(30 * MIN, 4 * HOUR))
            amt = self.nice(min(max(means, 1000), amt / 100 * self.u(1.5, 4)))
            if means < 1000:
                break

    # ---- 虚假贷款
    def s_loan_scam(self, p, c):
        R = self.R
        t = self.start_time("office" if self.chance(0.7) else "day", 0.85)
        kinds = {"simbox": 35, "virtual": 40, "voip": 10, "police_landline": 0, "service": 15}
        te, x = self.scam_call(c, kinds, p, p.call_phone, t, self.u(180, 900))
        if te is None:
            return
        tt = te + int(self.u(5 * MIN, 60 * MIN))
        fees = [self.u(200, 1500), self.u(1000, 5000), self.u(2000, 10000), self.u(3000, 12000), self.u(2000, 8000)]
        n = R.randint(2, 5)
        for i in range(n):
            if i > 0:
                ce, _ = self.scam_call(c, kinds, p, p.call_phone, tt - int(self.u(3 * MIN, 20 * MIN)), self.u(60, 400),
                                       x if self.chance(0.6) else None)
            self.pay_scam(p, "loan_scam", tt, self.nice(fees[i]), c, "third_party" if self.chance(0.45) else "mobile_app",
                          want="shop" if self.chance(0.3) else None)
            tt += int(self.u(20 * MIN, 5 * HOUR)) if self.chance(0.7) else int(self.u(12 * HOUR, 30 * HOUR))

    # ---- a few scam payments go straight to a legit merchant the crew buys goods from (三方洗钱)
    def triangle(self, plan):
        R = self.R
        cands = [(p, t) for p, t, c in plan if t in ("impersonation_police", "fake_customer_service", "fake_investment")]
        R.shuffle(cands)
        for p, typ in cands[:R.randint(0, 2)]:
            c = [cc for pp, tt, cc in plan if pp is p][0]
            last = p.scam_txns[-1] if p.scam_txns else None
            if not last:
                continue
            m = R.choice(self.mcat["gold"] + self.mcat["electronics"])
            t = last["ts_ms"] + int(self.u(10 * MIN, 50 * MIN))
            self.pay_scam(p, typ, t, self.nice(self.u(8000, 40000)), c, "mobile_app", payee=m)

    # ================================================================== laundering
    def launder(self):
        R = self.R
        done = set()
        for layer in (1, 2, 3):
            for c in self.crews:
                pool = {1: c.l1, 2: c.l2, 3: c.l3}[layer]
                for m in pool:
                    if m.layer != layer or not m.inflows or id(m) in done:
                        continue
                    done.add(id(m))
                    self.sweep(m, c, layer)

    def next_layer(self, c, layer, t):
        R = self.R
        d = self.day_of(t)
        if layer == 1:
            pool = c.l2
        elif layer == 2:
            pool = c.l3 if c.has_l3 and c.l3 else None
        else:
            pool = None
        if pool:
            cand = [m for m in pool if m.d0 <= d <= m.d1] or pool
            return R.choice(cand)
        # sinks: OTC traders, gold and phone shops
        if self.chance(0.7):
            return R.choice(self.otc)
        return R.choice(self.mcat["gold"] + self.mcat["electronics"])

    def sweep(self, m, c, layer):
        R = self.R
        infl = sorted(m.inflows, key=lambda x: x[0])
        i = 0
        while i < len(infl):
            t_first = infl[i][0]
            if m.style == "fast":
                delay = self.u(40 * SEC, 3 * MIN) if c.auto and layer == 1 else self.logn(7 * MIN if layer == 1 else 20 * MIN, 0.7)
                t_send = t_first + int(delay)
            else:
                k = self.day_of(t_first)
                t_send = self.at(k + 1, self.u(0.6 * 3600, 4.5 * 3600))
                if self.local_sec(t_first) < 3600 * 0.5:
                    t_send = self.at(k, self.u(0.6 * 3600, 4.5 * 3600))
            tot = 0
            while i < len(infl) and infl[i][0] <= t_send:
                tot += infl[i][1]
                i += 1
            if layer == 1:
                tot -= int(tot * self.u(0, 0.012) / 100) * 100   # the card owner's cut stays behind
            cap = c.cap
            tt = t_send
            while tot > 0:
                if cap and tot > cap:
                    a = cap - R.choice((0, 0, 0, 100, 1000, 1000, 10000)) if self.chance(0.85) else int(cap * self.u(0.6, 0.95) / 100) * 100
                elif not cap and tot > 3000000:
                    a = int(tot * self.u(0.3, 0.7) / 100) * 100
                else:
                    a = tot
                a = max(100, min(a, tot))
                dest = self.next_layer(c, layer, tt)
                if dest.kind == "merchant" and a > 5000000:
                    a = 5000000 - R.choice((0, 10000))
                if dest is m:
                    tot -= a
                    continue
                ch = "online_banking" if m.kind == "company" else ("mobile_app" if self.chance(0.8) else
                                                                    "online_banking" if self.chance(0.8) else "atm")
                dev = m.dev if ch != "atm" else "ATM%s%06d" % (m.bank[:2], R.randrange(10 ** 6))
                ip = m.ip if ch != "atm" else None
                if ch in ("mobile_app", "online_banking") and self.chance(0.15):
                    ip = self.mip()
                nm = dest.name if self.chance(0.9) else None
                self.txn(tt, m, dest, a, ch, dev, ip, True, nm)
                tot -= a
                tt += int(self.u(12 * SEC, 150 * SEC))

    # ================================================================== scam campaigns to non-victims
    def campaigns(self):
        R = self.R
        ppl = self.people
        N = self.N
        # extra numbers that only ever reach non-victims
        for c in self.crews:
            for _ in range(R.randint(3, 10)):
                kind = self.wpick(["virtual", "international", "voip", "simbox", "service", "police_landline"],
                                  [30, 20, 15, 20, 8, 7])
                self.crew_number(c, kind, self.start_time("office"))
        for c in self.crews:
            for x in c.all_numbers:
                n = int(self.logn(14, 0.7))
                for _ in range(n):
                    t = x["t"] + int(self.u(-x["life"] / 2, x["life"]))
                    lt = self.local_sec(t)
                    if lt < 8 * 3600 or lt > 21.5 * 3600:
                        continue
                    q = ppl[R.randrange(N)]
                    if q.victim:
                        continue
                    r = R.random()
                    dur = self.u(2, 30) if r < 0.66 else self.u(30, 180) if r < 0.92 else self.u(180, 600) if r < 0.99 else self.u(600, 1500)
                    ph = q.phone if not q.phone2 or self.chance(0.6) else q.phone2
                    self.pcall(t, dur, x["num"], x["kind"], x["reg"], q, ph, self.chance(x["sp"]))
        # a few people stay on a scam call for a long time and still pay nothing
        k = max(1, int(round(self.N * self.u(0.0006, 0.0016))))
        for _ in range(k):
            q = ppl[R.randrange(N)]
            if q.victim or q.busy:
                continue
            c = R.choice(self.crews)
            if not c.all_numbers:
                continue
            x = R.choice(c.all_numbers)
            t = self.start_time("office")
            te = self.pcall(t, self.u(12 * 60, 55 * 60), x["num"], x["kind"], x["reg"], q, None, self.chance(x["sp"]))
            if te:
                self.near += 1

    # ================================================================== watch-lists
    def watchlists(self):
        R = self.R
        W = []   # (ts, op, entity, value, list, reason)
        self.official = set([b[3] for b in BANKS] + [self.svc[self.cbank]] + list(SERVICE.values()) + ["96110"])
        t0 = self.t0
        tt = t0 + int(self.u(1000, 30000))
        # historic load: mostly stale numbers and accounts, a few of this span's crews already known
        for _ in range(R.randint(150, 400)):
            k = R.random()
            v = self.virtual() if k < .4 else self.mobile() if k < .6 else self.intl(R.choice(SCAM_CC)[0]) if k < .85 else self.voip()
            W.append((tt, "add", "phone", v, "scam_numbers", "historic"))
            tt += R.randrange(5, 200)
        for c in self.crews:
            for x in c.all_numbers:
                if self.chance(self.p_prelisted_num) and x["num"] not in self.official:
                    W.append((tt, "add", "phone", x["num"], "scam_numbers", "historic"))
                    tt += R.randrange(5, 200)
        for _ in range(R.randint(50, 150)):
            a = self.acctno(self.bank(), self.chance(0.2))
            W.append((tt, "add", "account", a, "mule_accounts", "historic"))
            tt += R.randrange(5, 200)
        for c in self.crews:
            for m in c.l2 + c.l3:
                if self.chance(0.12):
                    W.append((tt, "add", "account", m.no, "mule_accounts", "historic"))
                    tt += R.randrange(5, 200)
            for m in c.l1:
                if self.chance(0.04):
                    W.append((tt, "add", "account", m.no, "mule_accounts", "historic"))
                    tt += R.randrange(5, 200)
        for num in list(dict.fromkeys([b[3] for b in BANKS] + [self.svc[self.cbank]] + list(SERVICE.values()) + ["96110"])):
            W.append((tt, "add", "phone", num, "allow", "official service line"))
            tt += R.randrange(5, 200)
        for a in self.utilities + [self.social] + self.platforms + self.brokers + R.sample(self.hqs, min(3, len(self.hqs))):
            W.append((tt, "add", "account", a.no, "allow", "public utility / licensed institution"))
            tt += R.randrange(5, 200)
        for e in R.sample(self.employers, min(len(self.employers), 8)):
            W.append((tt, "add", "account", e.acct.no, "allow", "payroll account"))
            tt += R.randrange(5, 200)
        listed_nums = {}
        # victim reports, late and incomplete
        for p, typ in self.victims:
            if not p.scam_txns or not self.chance(self.p_report):
                continue
            last = max(d["ts_ms"] for d in p.scam_txns)
            rep = last + int(self.logn(self.report_med_h * HOUR, 0.9))
            for x in p.scam_numbers:
                if self.chance(0.8) and x["num"] not in self.official:
                    W.append((rep + int(self.u(30 * MIN, 8 * HOUR)), "add", "phone", x["num"], "scam_numbers", "victim report"))
            for d in p.scam_txns:
                pe = d["_pe"]
                if pe.layer == 1 and self.chance(0.85):
                    W.append((rep + int(self.u(1 * HOUR, 12 * HOUR)), "add", "account", pe.no, "mule_accounts",
                              "victim report"))
        # operator detection of high-volume scam numbers; bank risk control on layer-2/3 accounts
        for c in self.crews:
            for x in c.all_numbers:
                calls = self.calls_by_number.get(x["num"], [])
                if len(calls) >= 8 and self.chance(0.35) and x["num"] not in self.official:
                    W.append((calls[0][0] + int(self.u(2 * HOUR, 14 * HOUR)), "add", "phone", x["num"], "scam_numbers",
                              "operator: abnormal calling pattern"))
            for m in c.l2 + c.l3:
                if m.inflows and self.chance(0.25):
                    W.append((m.inflows[0][0] + int(self.u(6 * HOUR, 60 * HOUR)), "add", "account", m.no, "mule_accounts",
                              "bank risk control"))
        # wrong entries, later removed on appeal; stale entries removed
        for _ in range(R.randint(2, 6)):
            x = R.random()
            t = self.start_time("day")
            if x < 0.4:
                v, ent, lst = self.virtual(), "phone", "scam_numbers"   # a rider's privacy number reported as harassment
            elif x < 0.6:
                v, ent, lst = R.choice(self.mcat["vendor"] or self.merchants).no, "account", "mule_accounts"
            else:
                q = self.people[R.randrange(self.N)]
                v, ent, lst = (q.phone, "phone", "scam_numbers") if self.chance(0.5) else (q.accts[0].no, "account", "mule_accounts")
            W.append((t, "add", ent, v, lst, "public report"))
            if self.chance(0.7):
                W.append((t + int(self.u(4 * HOUR, 60 * HOUR)), "remove", ent, v, lst, "appeal accepted"))
        for (ts, op, ent, v, lst, rs) in list(W[:50]):
            if op == "add" and rs == "historic" and self.chance(0.15):
                W.append((self.start_time("day"), "remove", ent, v, lst, "number recycled by operator" if ent == "phone"
                          else "account closed"))
        self.wl_raw = W
        for ts, op, ent, v, lst, rs in W:
            if not (self.t0 <= ts < self.tend):
                continue
            d = {"type": "watchlist", "ts_ms": int(ts), "op": op, "entity": ent, "value": v, "list": lst}
            if self.chance(0.9):
                d["reason"] = rs
            self.add(d)
            if op == "add" and ent == "phone" and lst == "scam_numbers" and rs != "historic":
                listed_nums.setdefault(v, ts)
        # 96110 anti-fraud call-backs to people who were called by a newly reported number
        called_back = set()
        for v in list(listed_nums):
            tl = listed_nums[v]
            for (tc, callee) in self.calls_by_number.get(v, []):
                if tl - 48 * HOUR <= tc <= tl and callee not in called_back and self.chance(0.3):
                    called_back.add(callee)
                    tc = tl + int(self.u(5 * MIN, 6 * HOUR))
                    ls = self.local_sec(tc)
                    if ls < 8.5 * 3600 or ls > 21 * 3600:   # the centre calls back in working hours
                        tc = self.at(self.day_of(tc) + (1 if ls > 21 * 3600 else 0), self.u(8.5 * 3600, 11 * 3600))
                    self.call(tc, self.u(20, 360), "96110", callee, "landline", self.city, None, False)

    # ================================================================== output
    def build(self):
        self.setup()
        self.setup_people()
        self.setup_business()
        self.setup_crews()
        plan = self.choose_victims()
        self.size_crews(plan)
        self.life_calls()
        self.life_money()
        self.traps()
        self.run_victims(plan)
        self.triangle(plan)
        self.victims = [(p, t) for p, t, c in plan if p.scam_txns]
        self.launder()
        self.settlements()
        self.campaigns()
        self.watchlists()

    def write(self, out):
        R = self.R
        os.makedirs(out, exist_ok=True)
        evs = sorted(self.ev, key=lambda d: (d["ts_ms"], d["_s"]))
        # ids
        txnids = set()
        for d in evs:
            if d["type"] == "transaction":
                day = datetime.datetime.fromtimestamp((d["ts_ms"] + 8 * HOUR) / 1000, datetime.timezone.utc).strftime("%Y%m%d")
                while True:
                    tid = "%s%s%010d" % (d["payer_bank"], day, R.randrange(10 ** 10))
                    if tid not in txnids:
                        txnids.add(tid)
                        break
                d["txn_id"] = tid
        # arrival: transactions reach the feed up to ~2.5 s late
        arr = []
        for d in evs:
            a = d["ts_ms"] + (R.randrange(0, 2500) if d["type"] == "transaction" and self.chance(0.3) else 0)
            arr.append((a, d["_s"], d))
        arr.sort(key=lambda x: (x[0], x[1]))
        self.counts = {"transaction": 0, "call": 0, "watchlist": 0}
        with open(os.path.join(out, "events.jsonl"), "w", encoding="utf-8") as f:
            lines = []
            for n, (_, _, d) in enumerate(arr, 1):
                o = {"type": d["type"], "event_id": "ev%08d" % n}
                for k, v in d.items():
                    if k[0] != "_" and k != "type":
                        o[k] = v
                if d["type"] == "transaction":
                    o = {"type": o["type"], "event_id": o["event_id"], "ts_ms": o["ts_ms"], "txn_id": o["txn_id"],
                         **{k: v for k, v in o.items() if k not in ("type", "event_id", "ts_ms", "txn_id")}}
                self.counts[d["type"]] += 1
                lines.append(json.dumps(o, ensure_ascii=False, separators=(",", ":")))
            f.write("\n".join(lines) + "\n")
        # labels
        lab = [{"kind": "meta", "persons": self.N}]
        vic = []
        self.by_typ = {t: 0 for t in TYPS}
        for p, typ in self.victims:
            txs = sorted(p.scam_txns, key=lambda d: (d["ts_ms"], d["_s"]))
            big = [d for d in txs if d["amount_fen"] >= LARGE]
            if big:
                fl = big[0]
            else:
                top = max(d["amount_fen"] for d in txs)
                fl = [d for d in txs if d["amount_fen"] == top][0]
            vic.append({"kind": "victim", "phone": p.phone, "account": fl["payer_account"], "typology": typ,
                        "first_large_txn_id": fl["txn_id"], "first_large_ts_ms": fl["ts_ms"]})
            self.by_typ[typ] += 1
        vic.sort(key=lambda r: r["first_large_ts_ms"])
        lab += vic
        st = []
        for d, typ, p in self.scam_labels:
            st.append({"kind": "scam_txn", "txn_id": d["txn_id"], "typology": typ, "victim_phone": p.phone,
                       "ts_ms": d["ts_ms"], "amount_fen": d["amount_fen"]})
        st.sort(key=lambda r: (r["ts_ms"], r["txn_id"]))
        lab += st
        self.n_scam = len(st)
        # mules: accounts the launderers control that actually took part in the flow
        payers_of = {}
        for d in self.ev:
            if d["type"] == "transaction":
                payers_of.setdefault(id(d["_pe"]), []).append(id(d["_pa"]))
        labelled = {id(d["_pe"]): 1 for d, _, _ in self.scam_labels if d["_pe"].layer == 1}
        mules = []
        seen = set()
        for L in (1, 2, 3):
            for c in self.crews:
                for m in {1: c.l1, 2: c.l2, 3: c.l3}[L]:
                    if id(m) in seen:
                        continue
                    if L == 1 and id(m) in labelled or L > 1 and any(labelled.get(x) == L - 1 for x in payers_of.get(id(m), ())):
                        seen.add(id(m))
                        labelled[id(m)] = L
                        mules.append((L, m.no))
        mules.sort()
        self.mule_counts = {1: 0, 2: 0, 3: 0}
        for L, no in mules:
            lab.append({"kind": "mule", "account": no, "layer": L})
            self.mule_counts[L] += 1
        with open(os.path.join(out, "labels.jsonl"), "w", encoding="utf-8") as f:
            for r in lab:
                f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")

    def summary(self, secs):
        c = self.counts
        return ("world f seed=%d start=%s days=%d city=%s persons=%d | events=%d (transaction=%d call=%d watchlist=%d) | "
                "victims=%d (%s) | scam_txns=%d | mules=%d (L1=%d L2=%d L3=%d) | near_misses=%d | %.1fs" % (
                    self.seed, self.start.isoformat(), self.D, self.city, self.N, sum(c.values()), c["transaction"],
                    c["call"], c["watchlist"], len(self.victims),
                    " ".join("%s=%d" % (t, self.by_typ[t]) for t in TYPS), self.n_scam,
                    sum(self.mule_counts.values()), self.mule_counts[1], self.mule_counts[2], self.mule_counts[3],
                    self.near, secs))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--persons", type=int, default=5000)
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.persons < 50 or a.days < 1:
        sys.exit("need --persons >= 50 and --days >= 1")
    t = time.time()
    w = World(a.persons, a.days, a.seed)
    w.build()
    w.write(a.out)
    print(w.summary(time.time() - t))


if __name__ == "__main__":
    main()
