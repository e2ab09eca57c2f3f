#!/usr/bin/env python3
"""Independent synthetic world for a telecom-fraud stream processor.

A mid-sized Chinese city (Jinan, region 370100), November 2026.  A history
window (default 7 days, Mon 2 Nov - Sun 8 Nov) of ordinary life precedes the
labelled week (Mon 9 Nov - Sun 15 Nov, which contains Double-11).  Scam victims
are only drawn inside the labelled week; scam call centres dial the population
throughout.  Standard library only; deterministic for a given --seed.

    python3 gen.py --persons 5000 --days 7 --seed 201 --out DIR
"""
import argparse
import bisect
import datetime
import json
import math
import os
import random

SEC = 1000
MIN = 60 * SEC
HOUR = 60 * MIN
DAY = 24 * HOUR
TZ8 = datetime.timezone(datetime.timedelta(hours=8))
CITY = "370100"

# ----------------------------------------------------------------- reference data
# bank code -> (card BINs, card number length, weight as a primary bank, weight for elderly)
BANKS = {
    "ICBC": (["622202", "621226", "621558"], 19, 16, 14),
    "CCB": (["621700", "622700", "621081"], 19, 15, 13),
    "ABC": (["622848", "622845", "623052"], 19, 14, 18),
    "BOC": (["621661", "621785", "621790"], 19, 9, 7),
    "BOCOM": (["622262", "622260"], 17, 5, 4),
    "CMB": (["621483", "622588", "621286"], 16, 9, 3),
    "PSBC": (["621799", "622188", "621098"], 19, 8, 16),
    "CIB": (["622909", "622908"], 18, 3, 1),
    "SPDB": (["621792", "622521"], 16, 2, 1),
    "CITIC": (["622696", "621773"], 16, 2, 1),
    "CMBC": (["622622", "621691"], 16, 2, 1),
    "CEB": (["622660", "621489"], 16, 2, 1),
    "QLB": (["623179", "621436"], 19, 4, 3),
    "SDRCU": (["622319", "621521"], 19, 9, 17),
}
BANK_LIST = list(BANKS)
BANK_SERVICE = {"ICBC": "95588", "CCB": "95533", "ABC": "95599", "BOC": "95566", "BOCOM": "95559",
                "CMB": "95555", "PSBC": "95580", "CIB": "95561", "SPDB": "95528", "CITIC": "95558",
                "CMBC": "95568", "CEB": "95595", "QLB": "96588", "SDRCU": "96668"}
MOBILE_PRE = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151",
              "152", "153", "155", "156", "157", "158", "159", "166", "176", "177", "178", "180",
              "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "193", "195",
              "198", "199"]
VIRTUAL_PRE = ["170", "171", "162", "165", "167"]
SD_REGIONS = ["370200", "370300", "370600", "370700", "370800", "370900", "371100", "371300",
              "371400", "371500", "371600", "371700", "370500", "371000"]
CN_REGIONS = ["110000", "310000", "440100", "440300", "330100", "320100", "510100", "420100",
              "410100", "130100", "350500", "450100", "530100", "460100", "360100", "430100",
              "220100", "230100", "210100", "340100", "610100", "500000", "120000", "441900",
              "330700", "350200", "520100", "620100", "140100", "150100"]
LAND_CODES = {"370100": "0531", "110000": "010", "310000": "021", "440100": "020", "440300": "0755",
              "330100": "0571", "320100": "025", "510100": "028", "420100": "027", "370200": "0532"}
INTL = {  # country -> (calling code, national digits)
    "US": ("1", 10), "CA": ("1", 10), "GB": ("44", 10), "AU": ("61", 9), "JP": ("81", 10),
    "SG": ("65", 8), "NZ": ("64", 9), "DE": ("49", 11), "KR": ("82", 10), "AE": ("971", 9),
    "HK": ("852", 8), "KH": ("855", 9), "MM": ("95", 9), "PH": ("63", 10), "MY": ("60", 9),
    "VN": ("84", 9), "TH": ("66", 9), "FR": ("33", 9), "IT": ("39", 10), "SA": ("966", 9),
    "NG": ("234", 10), "AO": ("244", 9), "RU": ("7", 10)}
SURN = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
        "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红建国志海燕鹏辉宇浩然欣怡梓涵子轩诺雨桐晨阳文博"
         "佳琪思远俊婷雪琳晓东春梅秀凤云飞鑫慧颖乐瑞凯帆亮琦倩璐莉波斌峰健宁")
BRAND = "鑫源华泰恒瑞嘉德盛宏远博信达通顺安联创优品汇聚丰祥和润锦隆海天宇星辰金诚永兴福泽明誉卓越"
CO_CITY_LOCAL = ["济南", "山东", "济南市历下区", "济南市槐荫区", "济南市历城区", "济南市天桥区", "章丘区"]
CO_CITY_FAR = ["深圳市", "广州市", "杭州", "义乌市", "东莞市", "厦门", "上海", "北京", "海南", "长沙", "成都",
               "郑州", "南宁市", "昆明", "福州", "温州", "佛山市"]

# hour-of-day activity profiles (local time)
H_SPEND = [1, .5, .3, .2, .2, .4, 2, 6, 8, 5, 4, 6, 9, 6, 4, 4, 5, 7, 9, 8, 7, 6, 4, 2]
H_CALL = [.3, .2, .1, .1, .1, .2, .8, 2, 4, 6, 6, 5, 4, 4, 5, 6, 6, 6, 6, 6, 5, 4, 2, 1]
H_P2P = [1.5, .6, .3, .1, .1, .2, .6, 2, 3, 4, 4, 5, 6, 5, 4, 4, 5, 6, 7, 8, 9, 9, 7, 4]
H_OFFICE = [0, 0, 0, 0, 0, 0, 0, .2, 2, 6, 7, 6, 3, 5, 7, 7, 6, 4, 1, .3, 0, 0, 0, 0]
H_COUNTER = [0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 8, 7, 3, 4, 7, 7, 5, 1, 0, 0, 0, 0, 0, 0]
H_CRIME = [0, 0, 0, 0, 0, 0, 0, 0, .5, 5, 8, 7, 3, 5, 8, 8, 7, 4, 2, 4, 4, 2, .5, 0]
H_EVEN = [.8, .3, .1, 0, 0, 0, .3, 1, 2, 3, 4, 4, 5, 5, 5, 5, 5, 5, 6, 8, 9, 9, 7, 3]
H_TRADE = [0, 0, 0, 0, 0, 0, 0, .2, .8, 6, 9, 8, 2, 6, 9, 5, 1, .5, .5, 1, 2, 2, 1, 0]


def cum(w):
    out, s = [], 0.0
    for x in w:
        s += x
        out.append(s)
    return out


class Acct:
    __slots__ = ("no", "bank", "name", "owner", "phone", "kind")

    def __init__(self, no, bank, name, owner, phone, kind):
        self.no, self.bank, self.name, self.owner, self.phone, self.kind = no, bank, name, owner, phone, kind


class Person:
    __slots__ = ("i", "age", "male", "name", "occ", "phone", "region", "accts", "devices", "ipbase",
                 "income", "savings", "family", "friends", "ext", "employer", "shops", "car",
                 "credit", "abroad", "spend", "calls", "mule_acct", "landlord", "rent")

    def __init__(self, i):
        self.i = i
        self.family, self.friends, self.ext, self.shops = [], [], [], []
        self.employer = None
        self.credit = None
        self.abroad = None
        self.mule_acct = None
        self.landlord = None
        self.rent = None


class World:
    def __init__(self, n_persons, days, hist, seed):
        self.rng = random.Random(seed)
        self.P, self.D, self.H = n_persons, days, hist
        self.scale = n_persons / 5000.0
        start = datetime.datetime(2026, 11, 9, tzinfo=TZ8) - datetime.timedelta(days=hist)
        self.T0 = int(start.timestamp() * 1000)
        self.ND = hist + days
        self.TW = self.T0 + hist * DAY
        self.T1 = self.T0 + self.ND * DAY
        self.dates = [(start + datetime.timedelta(days=d)).date() for d in range(self.ND + 1)]
        self.wd = [x.weekday() for x in self.dates]
        self.dom = [x.day for x in self.dates]
        self.used_nums = set()
        self.used_accts = set()
        self.txns = []
        self.calls = []
        self.watch = []
        self.scam = []          # (txn dict, typology, victim person)
        self.cw = {k: cum(v) for k, v in (("spend", H_SPEND), ("call", H_CALL), ("p2p", H_P2P),
                                           ("office", H_OFFICE), ("counter", H_COUNTER),
                                           ("crime", H_CRIME), ("even", H_EVEN), ("trade", H_TRADE))}

    # ------------------------------------------------------------ primitives
    def ln(self, median, sigma):
        return median * math.exp(self.rng.gauss(0.0, sigma))

    def pois(self, lam):
        if lam <= 0:
            return 0
        if lam > 30:
            return max(0, int(round(self.rng.gauss(lam, math.sqrt(lam)))))
        L, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= self.rng.random()
            if p < L:
                return k
            k += 1

    def ts_in_day(self, d, prof):
        cw = self.cw[prof]
        h = bisect.bisect(cw, self.rng.random() * cw[-1])
        h = min(h, 23)
        return self.T0 + d * DAY + h * HOUR + int(self.rng.random() * HOUR)

    def day_of(self, ts):
        return (ts - self.T0) // DAY

    def hour_of(self, ts):
        return ((ts - self.T0) % DAY) // HOUR

    def name(self):
        r = self.rng
        s = SURN[min(int(r.expovariate(1 / 14.0)), len(SURN) - 1)]
        g = r.choice(GIVEN) + (r.choice(GIVEN) if r.random() < 0.7 else "")
        return s + g

    def coname(self, far=False, ind=None):
        r = self.rng
        city = r.choice(CO_CITY_FAR if far else CO_CITY_LOCAL)
        ind = ind or r.choice(["商贸", "科技", "餐饮管理", "建筑装饰工程", "物业管理", "教育咨询", "电子商务",
                               "信息技术", "供应链管理", "农产品", "汽车销售服务", "医疗器械", "网络科技", "文化传媒"])
        return city + r.choice(BRAND) + r.choice(BRAND) + ind + "有限公司"

    def phone(self, kind="mobile", region=None):
        r = self.rng
        while True:
            if kind == "mobile":
                n = r.choice(MOBILE_PRE) + "%08d" % r.randrange(10 ** 8)
            elif kind == "virtual":
                n = r.choice(VIRTUAL_PRE) + "%08d" % r.randrange(10 ** 8)
            elif kind == "landline":
                code = LAND_CODES.get(region or CITY, "0" + str(r.randrange(310, 999)))
                n = code + "%08d" % r.randrange(10 ** 7, 10 ** 8)
            elif kind == "voip":
                u = r.random()
                if u < 0.5:
                    code = LAND_CODES.get(region or r.choice(list(LAND_CODES)), "0531")
                    n = code + "%08d" % r.randrange(10 ** 7, 10 ** 8)
                elif u < 0.8:
                    n = "+86" + str(r.randrange(10 ** 8, 10 ** 11))
                else:
                    n = str(r.randrange(1000000, 99999999))
            else:  # international, region is the ISO country
                cc, nd = INTL[region]
                n = "+" + cc + str(r.randrange(10 ** (nd - 1), 10 ** nd))
            if n not in self.used_nums:
                self.used_nums.add(n)
                return n

    def acct(self, bank, name, owner=-1, phone=None, kind="personal"):
        bins, ln_, _, _ = BANKS.get(bank, (["6200"], 16, 0, 0))
        r = self.rng
        while True:
            b = r.choice(bins)
            no = b + "%0*d" % (ln_ - len(b), r.randrange(10 ** (ln_ - len(b))))
            if no not in self.used_accts:
                self.used_accts.add(no)
                return Acct(no, bank, name, owner, phone, kind)

    def corp(self, name, bank=None, kind="corporate"):
        r = self.rng
        if bank is None:
            bank = r.choices(BANK_LIST, [v[2] for v in BANKS.values()])[0]
        if bank in BANKS:
            return self.acct(bank, name, -1, None, kind)
        while True:  # payment institutions / consumer-finance companies: own account format
            no = "%s%012d" % ({"ALIPAY": "2088", "TENPAY": "1900", "JDPAY": "1103"}.get(bank, "8801"),
                              r.randrange(10 ** 12))
            if no not in self.used_accts:
                self.used_accts.add(no)
                return Acct(no, bank, name, -1, None, kind)

    def ip(self, base):
        return "%s.%d.%d" % (base, self.rng.randrange(256), self.rng.randrange(1, 255))

    # ------------------------------------------------------------ emitters
    def txn(self, ts, payer, payee, fen, channel, dev=None, ipb=None, show_name=True, phone=True):
        if ts < self.T0 or ts >= self.T1 or fen <= 0:
            return None
        ev = {"type": "transaction", "ts_ms": int(ts), "payer_account": payer.no, "payer_bank": payer.bank}
        if phone and payer.phone:
            ev["payer_phone"] = payer.phone
        ev["payee_account"] = payee.no
        ev["payee_bank"] = payee.bank
        if show_name and payee.name:
            ev["payee_name"] = payee.name
        ev["amount_fen"] = int(fen)
        ev["currency"] = "CNY"
        ev["channel"] = channel
        if dev and channel in ("mobile_app", "third_party", "online_banking"):
            ev["device_id"] = dev
            if ipb:
                ev["ip"] = self.ip(ipb)
        self.txns.append(ev)
        return ev

    def ptxn(self, ts, p, payer, payee, fen, channel=None, show_name=True):
        """Transfer initiated by person p from one of their accounts."""
        r = self.rng
        if channel is None:
            channel = "mobile_app" if r.random() < 0.72 else "third_party"
            if p.age >= 65 and r.random() < 0.25:
                channel = "counter" if r.random() < 0.6 else "atm"
        dev = None
        if channel == "online_banking":
            dev = p.devices[-1]
        elif channel in ("mobile_app", "third_party"):
            dev = p.devices[0]
        if channel in ("counter",):
            ts = self.counter_time(ts)
        return self.txn(ts, payer, payee, fen, channel, dev, p.ipbase, show_name)

    def counter_time(self, ts):
        """Counters open 9:00-17:00: a transfer wanted outside those hours happens at the next opening."""
        d = self.day_of(ts)
        h = self.hour_of(ts)
        if 9 <= h < 17:
            return ts
        if h >= 17:
            d += 1
        return self.T0 + d * DAY + 9 * HOUR + self.rng.randrange(2 * HOUR)

    def call(self, ts, dur, caller, callee, kind, creg=None, ereg=None, spoof=False):
        if ts < self.T0 or ts >= self.T1:
            return None
        rec = [int(ts), max(0, int(dur)), caller, callee, kind, creg, ereg, bool(spoof)]
        self.calls.append(rec)
        return rec

    def wl(self, ts, op, entity, value, lst, reason):
        if self.T0 <= ts < self.T1:
            self.watch.append({"type": "watchlist", "ts_ms": int(ts), "op": op, "entity": entity,
                               "value": value, "list": lst, "reason": reason})

    # ------------------------------------------------------------ build the city
    def build(self):
        r = self.rng
        P = self.P
        self.persons = []
        bands = [(18, 24, .11), (25, 34, .19), (35, 44, .18), (45, 54, .18), (55, 64, .15), (65, 86, .19)]
        for i in range(P):
            p = Person(i)
            lo, hi, _ = r.choices(bands, [b[2] for b in bands])[0]
            p.age = r.randrange(lo, hi)
            p.male = r.random() < 0.5
            p.name = self.name()
            a = p.age
            if a <= 22:
                p.occ = r.choices(["student", "employee", "none"], [.72, .22, .06])[0]
            elif a <= 24:
                p.occ = r.choices(["student", "employee", "self", "none"], [.25, .6, .05, .1])[0]
            elif a < 55:
                p.occ = r.choices(["employee", "self", "none"], [.74, .13, .13])[0]
            elif a < 60:
                p.occ = r.choices(["employee", "self", "none", "retired"], [.4, .1, .1, .4])[0]
            else:
                p.occ = r.choices(["retired", "self", "employee"], [.86, .05, .09])[0]
            u = r.random()
            p.region = CITY if u < 0.82 else (r.choice(SD_REGIONS) if u < 0.92 else r.choice(CN_REGIONS))
            p.phone = self.phone("mobile")
            p.income = {"student": self.ln(1800, .35), "employee": self.ln(6500, .5), "self": self.ln(9000, .75),
                        "none": self.ln(800, 1.0), "retired": self.ln(3600, .4)}[p.occ]
            med = 8000 if a < 25 else 45000 if a < 35 else 110000 if a < 55 else 170000
            p.savings = self.ln(med, 1.0) * (1.6 if p.occ == "self" else 1.0)
            # accounts: primary + 0-3 more (salary card, mortgage bank, a CMB card, a rural-bank book)
            w = [v[3] if a >= 60 else v[2] for v in BANKS.values()]
            na = r.choices([1, 2, 3, 4], [.3, .4, .2, .1] if p.occ != "student" else [.55, .4, .05, 0])[0]
            banks = []
            while len(banks) < na:
                b = r.choices(BANK_LIST, w)[0]
                if b not in banks or r.random() < 0.1:
                    banks.append(b)
            p.accts = []
            for k, b in enumerate(banks):
                bound = p.phone if (k == 0 or r.random() < 0.93) else None
                p.accts.append(self.acct(b, p.name, i, bound))
            p.devices = ["dev-%08x" % r.getrandbits(32)]
            if r.random() < 0.3:
                p.devices.append("dev-%08x" % r.getrandbits(32))
            p.ipbase = r.choice(["112.224", "112.225", "123.132", "123.133", "39.64", "39.65", "27.222",
                                 "60.208", "223.104", "117.136", "120.192", "222.173", "119.163"])
            p.car = r.random() < (0.45 if 28 <= a < 60 else 0.15)
            p.spend = {"student": 1.0, "employee": 1.05, "self": 1.1, "none": 0.8, "retired": 0.45}[p.occ]
            p.calls = 1.0 if a >= 60 else 0.7 if a >= 25 else 0.45
            if r.random() < 0.35 and p.occ != "student":
                p.credit = self.acct(r.choice(banks), p.name, i, p.phone, "credit")
            # people outside the sample this person talks to (relatives elsewhere, old classmates...)
            for _ in range(r.randrange(3, 18)):
                u = r.random()
                reg = CITY if u < 0.5 else r.choice(SD_REGIONS) if u < 0.8 else r.choice(CN_REGIONS)
                p.ext.append((self.phone("mobile"), reg))
            self.persons.append(p)
        self._social()
        self._economy()

    def _social(self):
        r = self.rng
        ps = self.persons
        by_age = {}
        for p in ps:
            by_age.setdefault(p.age, []).append(p.i)
        # spouses
        single = {True: {}, False: {}}
        for p in ps:
            if 24 <= p.age <= 80 and r.random() < 0.68:
                single[p.male].setdefault(p.age, []).append(p.i)
        married = set()
        for p in ps:
            if p.i in married or not (24 <= p.age <= 80) or p.male:
                continue
            for _ in range(6):
                a2 = p.age + r.randrange(-2, 6)
                lst = single[True].get(a2)
                if lst:
                    j = lst.pop(r.randrange(len(lst)))
                    if j in married:
                        continue
                    married.add(j)
                    married.add(p.i)
                    p.family.append(j)
                    ps[j].family.append(p.i)
                    break
        # parents
        for p in ps:
            if p.age <= 52 and r.random() < 0.55:
                for _ in range(6):
                    lst = by_age.get(p.age + r.randrange(22, 34))
                    if lst:
                        j = r.choice(lst)
                        if j != p.i and j not in p.family:
                            p.family.append(j)
                            ps[j].family.append(p.i)
                        break
        # friends / colleagues / neighbours with age homophily
        ages = sorted(by_age)
        for p in ps:
            k = max(2, min(60, int(self.ln(8, .6))))
            while len(p.friends) < k:
                if r.random() < 0.6:
                    lst = by_age.get(p.age + r.randrange(-6, 7))
                    if not lst:
                        continue
                    j = r.choice(lst)
                else:
                    j = r.randrange(len(ps))
                if j != p.i and j not in p.family:
                    p.friends.append(j)
                    ps[j].friends.append(p.i)
        self.by_age = by_age

    def _economy(self):
        r = self.rng
        ps = self.persons
        sc = self.scale
        # employers -------------------------------------------------------
        ncomp = max(20, int(170 * sc))
        self.companies = []
        for c in range(ncomp):
            nm = self.coname()
            bank = r.choices(BANK_LIST, [v[2] for v in BANKS.values()])[0]
            payday = r.choices([5, 10, 15, 20, 25, 28], [.15, .33, .25, .1, .12, .05])[0]
            self.companies.append({"acct": self.corp(nm, bank), "payday": payday, "staff": [],
                                   "land": self.phone("landline"), "hour": r.choice([9, 10, 10, 11, 14, 15, 16])})
        cw = cum([1.0 / (k + 1) ** 0.9 for k in range(ncomp)])
        for p in ps:
            if p.occ == "employee":
                c = self.companies[bisect.bisect(cw, r.random() * cw[-1])]
                c["staff"].append(p.i)
                p.employer = c
        for c in self.companies:
            for i in c["staff"]:
                p = ps[i]
                sal = [a for a in p.accts if a.bank == c["acct"].bank]
                c.setdefault("cards", []).append(sal[0] if sal else p.accts[0])
                for j in r.sample(c["staff"], min(4, len(c["staff"]))):
                    if j != i and j not in p.friends:
                        p.friends.append(j)
        self.pension = self.corp("济南市社会保险事业中心", "ABC")
        # merchants ------------------------------------------------------------
        self.shops = []   # small shops: (acct, kind, popularity)
        kinds = ["food", "food", "grocery", "grocery", "fruit", "breakfast", "barber", "services", "dining",
                 "dining", "clothes", "bakery"]
        for p in ps:
            if p.occ == "self":
                nm = p.name if r.random() < 0.55 else "济南" + r.choice(BRAND) + r.choice(BRAND) + r.choice(
                    ["小吃店", "便利店", "水果店", "理发店", "五金店", "超市", "面馆", "烧烤店", "服装店"])
                a = self.acct(r.choices(BANK_LIST, [v[2] for v in BANKS.values()])[0], nm, p.i, p.phone, "shop")
                p.accts.append(a)
                self.shops.append([a, r.choice(kinds), p.i])
        for _ in range(int(380 * sc)):
            nm = self.name() if r.random() < 0.5 else "济南" + r.choice(BRAND) + r.choice(BRAND) + r.choice(
                ["餐饮店", "便利店", "果蔬店", "美发店", "洗衣店", "快餐", "药店", "面包房", "火锅店"])
            self.shops.append([self.acct(r.choices(BANK_LIST, [v[2] for v in BANKS.values()])[0], nm), r.choice(kinds), -1])
        r.shuffle(self.shops)
        self.shop_cw = cum([1.0 / (k + 1) ** 0.8 for k in range(len(self.shops))])
        self.chains = {
            "supermarket": [self.corp("银座商城股份有限公司", "ICBC"), self.corp("济南大润发商业有限公司", "CCB"),
                            self.corp("济南家家悦超市有限公司", "BOC")],
            "pharmacy": [self.corp("漱玉平民大药房连锁股份有限公司", "ICBC")],
            "fuel": [self.corp("中国石化销售股份有限公司山东济南石油分公司", "ICBC"),
                     self.corp("中国石油天然气股份有限公司山东济南销售分公司", "BOC")],
            "fastfood": [self.corp("济南肯德基有限公司", "CMB"), self.corp("济南麦当劳餐厅食品有限公司", "BOC"),
                         self.corp("瑞幸咖啡（济南）有限公司", "CMB")],
            "ecom": [self.corp("支付宝（中国）网络技术有限公司", "ALIPAY"), self.corp("财付通支付科技有限公司", "TENPAY"),
                     self.corp("网银在线（北京）科技有限公司", "JDPAY")],
            "delivery": [self.corp("北京三快在线科技有限公司", "TENPAY")],
            "transport": [self.corp("济南公共交通集团有限公司", "QLB"), self.corp("滴滴出行科技有限公司", "ALIPAY")],
        }
        self.util = {"elec": self.corp("国网山东省电力公司济南供电公司", "ICBC"),
                     "water": self.corp("济南水务集团有限公司", "CCB"),
                     "gas": self.corp("济南港华燃气有限公司", "BOC"),
                     "tel": [self.corp("中国移动通信集团山东有限公司", "CCB"), self.corp("中国联合网络通信有限公司山东省分公司", "ICBC"),
                             self.corp("中国电信股份有限公司山东分公司", "ABC")],
                     "property": [self.corp(self.coname(ind="物业管理"), None) for _ in range(int(12 * sc) + 2)],
                     "heating": self.corp("济南热力集团有限公司", "ICBC")}
        self.lenders = [self.corp("重庆蚂蚁消费金融有限公司", "ANTCF"), self.corp("深圳前海微众银行股份有限公司", "WEBANK"),
                        self.corp("招联消费金融股份有限公司", "ZLCF")]
        for p in ps:
            p.shops = [bisect.bisect(self.shop_cw, r.random() * self.shop_cw[-1]) for _ in range(r.randrange(5, 12))]
        # landlords / rent ------------------------------------------------------
        self.agencies = [self.corp(self.coname(ind="房地产经纪"), None) for _ in range(4)]
        owners = [p for p in ps if p.age >= 40 and p.savings > 150000]
        for p in ps:
            if (p.occ in ("employee", "self", "none") and p.age < 50 and r.random() < 0.38) or \
                    (p.occ == "student" and r.random() < 0.08):
                u = r.random()
                if u < 0.4 and owners:
                    p.landlord = r.choice(owners).accts[0]
                elif u < 0.75:
                    p.landlord = self.acct(r.choices(BANK_LIST, [v[2] for v in BANKS.values()])[0], self.name())
                else:
                    p.landlord = r.choice(self.agencies)
                p.rent = (r.randrange(1, 29), int(self.ln(2200, .35)), r.random() < 0.3)  # day, monthly yuan, quarterly
        # relatives abroad --------------------------------------------------------
        for p in ps:
            if (p.age >= 45 and r.random() < 0.025) or (25 <= p.age < 45 and r.random() < 0.008):
                cty = r.choices(["US", "CA", "GB", "AU", "JP", "SG", "NZ", "DE", "KR", "AE", "FR", "IT", "SA", "NG",
                                 "AO", "RU", "MY"], [14, 6, 10, 10, 7, 5, 3, 4, 4, 3, 2, 2, 2, 2, 2, 2, 2])[0]
                rel = self.name()
                p.abroad = (self.phone("intl", cty), cty,
                            self.acct(r.choices(BANK_LIST, [v[2] for v in BANKS.values()])[0], rel),
                            r.random() < 0.6)  # True: parent sends money (student abroad)
        # courier / delivery / marketing number pools -----------------------------
        self.courier = [(self.phone("virtual" if r.random() < 0.6 else "mobile"),
                         CITY if r.random() < 0.8 else r.choice(SD_REGIONS)) for _ in range(int(260 * sc) + 20)]
        self.courier = [(n, "virtual" if n[:3] in VIRTUAL_PRE else "mobile", g) for n, g in self.courier]
        self.privacy = [(self.phone("virtual"), "virtual", CITY) for _ in range(int(120 * sc) + 10)] + \
                       [(self.phone("mobile"), "mobile", r.choice(CN_REGIONS)) for _ in range(int(40 * sc) + 5)]
        self.market = []
        for _ in range(int(500 * sc) + 30):
            u = r.random()
            if u < 0.4:
                reg = r.choice(CN_REGIONS + SD_REGIONS)
                self.market.append((self.phone("mobile"), "mobile", reg))
            elif u < 0.65:
                self.market.append((self.phone("virtual"), "virtual", r.choice(CN_REGIONS)))
            elif u < 0.88:
                reg = r.choice(list(LAND_CODES))
                self.market.append((self.phone("landline", reg), "landline", reg))
            else:
                self.market.append((self.phone("voip"), "voip", None))
        self.gov = [(n, "landline", CITY) for n in ["12345", "96120", "0531" + "%08d" % r.randrange(10 ** 7, 10 ** 8)]] + \
                   [(self.phone("landline"), "landline", CITY) for _ in range(30)]
        self.bank_out = {b: [self.phone("landline", CITY) for _ in range(2)] for b in BANK_LIST}

    # ------------------------------------------------------------ legit life
    def legit(self):
        ps = self.persons
        for d in range(self.ND):
            self._payroll(d)
            for p in ps:
                self._spend(d, p)
                self._p2p(d, p)
                self._calls(d, p)
            self._bills(d)
            self._dinners(d)
        self._weddings()
        self._big_purchases()
        self._abroad()
        self._secondhand()
        self._micro_sellers()
        self._business()
        self._self_moves()
        self._refunds()

    def _payroll(self, d):
        r = self.rng
        wd, dom = self.wd[d], self.dom[d]
        for c in self.companies:
            pd = c["payday"]
            # pay on the day, or on the Friday before when it falls on a weekend
            hit = (dom == pd and wd < 5) or (wd == 4 and dom + 1 == pd) or (wd == 4 and dom + 2 == pd)
            if not hit or not c["staff"]:
                continue
            ts = self.T0 + d * DAY + c["hour"] * HOUR + r.randrange(HOUR)
            for i, card in zip(c["staff"], c["cards"]):
                p = self.persons[i]
                amt = int(p.income * r.uniform(0.85, 1.1) * 100)
                self.txn(ts, c["acct"], card, amt, "online_banking", show_name=True)
                ts += r.randrange(200, 4000)
        if self.dates[d].day == 10 and self.wd[d] < 5 or (self.dates[d].day in (9, 8) and self.wd[d] == 4):
            ts = self.T0 + d * DAY + 6 * HOUR + r.randrange(HOUR)
            for p in self.persons:
                if p.occ == "retired":
                    self.txn(ts, self.pension, p.accts[0], int(p.income * 100), "online_banking")
                    ts += r.randrange(100, 3000)

    def _spend(self, d, p):
        r = self.rng
        day = self.dates[d]
        d11 = day.month == 11 and day.day == 11
        n = self.pois(p.spend * (1.5 if self.wd[d] >= 5 else 1.0))
        for _ in range(n):
            ts = self.ts_in_day(d, "spend")
            u = r.random()
            if u < 0.45:
                if r.random() < 0.86:
                    sh = self.shops[r.choice(p.shops)]
                else:
                    sh = self.shops[r.randrange(len(self.shops))]
                payee, kind = sh[0], sh[1]
                med = {"food": 22, "grocery": 45, "fruit": 30, "breakfast": 9, "barber": 45, "services": 70,
                       "dining": 130, "clothes": 220, "bakery": 28}[kind]
                y = self.ln(med, .6)
                ch = "third_party" if r.random() < 0.85 else "pos"
            elif u < 0.60:
                payee = r.choice(self.chains["supermarket"])
                y, ch = self.ln(110, .8), ("pos" if r.random() < 0.4 else "third_party")
            elif u < 0.78:
                payee = r.choice(self.chains["ecom"])
                y, ch = self.ln(85 if p.age < 60 else 60, 1.0), "third_party"
            elif u < 0.86:
                payee = self.chains["delivery"][0]
                y, ch = self.ln(32, .45), "third_party"
            elif u < 0.90:
                payee = self.chains["pharmacy"][0]
                y, ch = self.ln(55, .8), ("pos" if r.random() < 0.5 else "third_party")
            elif u < 0.94 and p.car:
                payee = r.choice(self.chains["fuel"])
                y, ch = self.ln(280, .25), ("pos" if r.random() < 0.5 else "third_party")
            elif u < 0.97:
                payee = r.choice(self.chains["fastfood"])
                y, ch = self.ln(38, .5), "third_party"
            else:
                payee = r.choice(self.chains["transport"])
                y, ch = self.ln(18, .7), "third_party"
            if ch == "pos":
                ts = max(ts, self.T0 + d * DAY + 8 * HOUR + r.randrange(14 * HOUR)) if self.hour_of(ts) < 7 else ts
            fen = max(100, int(y * 100)) if r.random() < 0.6 else max(1, int(round(y)) * 100)
            self.txn(ts, r.choice(p.accts[:2]), payee, fen, ch, p.devices[0] if ch != "pos" else None,
                     p.ipbase if ch != "pos" else None)
        if d11 and p.age < 60 and r.random() < 0.45:
            # Double-11 final payments: a burst just after midnight and another in the evening
            for _ in range(r.randrange(1, 5)):
                ts = self.T0 + d * DAY + (r.randrange(0, 90 * MIN) if r.random() < 0.55 else
                                          r.randrange(19 * HOUR, 24 * HOUR))
                fen = int(self.ln(260, 1.0) * 100)
                self.txn(ts, p.accts[0], r.choice(self.chains["ecom"]), fen, "third_party", p.devices[0], p.ipbase)

    def _p2p(self, d, p):
        r = self.rng
        lam = 0.16 if p.age < 60 else 0.08
        for _ in range(self.pois(lam)):
            ts = self.ts_in_day(d, "p2p")
            u = r.random()
            if u < 0.45 and p.family:
                q = self.persons[r.choice(p.family)]
                y = self.ln(400, 1.1)
            elif p.friends:
                q = self.persons[r.choice(p.friends)]
                y = self.ln(150, 1.0)
            else:
                continue
            v = r.random()
            if v < 0.15:
                y = r.choice([6.66, 8.88, 18.8, 52, 66, 88, 99, 100, 188, 200, 520, 666, 888])
            elif v < 0.65:
                y = max(10, round(y, -1) if y < 1000 else round(y, -2))
            self.ptxn(ts, p, r.choice(p.accts[:2]), r.choice(q.accts[:2]), int(y * 100))
        # occasional loan between friends / family, repaid in some cases later
        if r.random() < 0.0035 and (p.friends or p.family):
            q = self.persons[r.choice(p.friends + p.family)]
            y = round(self.ln(6000, .9), -2)
            ts = self.ts_in_day(d, "p2p")
            self.ptxn(ts, p, p.accts[0], q.accts[0], int(y * 100))
            if r.random() < 0.4:
                self.ptxn(ts + r.randrange(2 * DAY, 9 * DAY), q, q.accts[0], p.accts[0], int(y * 100))
        # allowances: parents -> student children, adult children -> retired parents, monthly
        if self.dom[d] == 1 + p.i % 5 and p.family:
            for j in p.family:
                q = self.persons[j]
                if q.occ == "student" and p.age > q.age + 15 and r.random() < 0.8:
                    self.ptxn(self.ts_in_day(d, "p2p"), p, p.accts[0], q.accts[0], int(round(self.ln(1800, .3), -2) * 100))
                elif q.occ == "retired" and q.age > p.age + 15 and p.occ in ("employee", "self") and r.random() < 0.3:
                    self.ptxn(self.ts_in_day(d, "p2p"), p, p.accts[0], q.accts[0], int(round(self.ln(1000, .5), -2) * 100))

    def _dinners(self, d):
        """AA after a meal: one person pays the restaurant, friends pay back within hours."""
        r = self.rng
        n = self.pois(self.P * (0.012 if self.wd[d] >= 4 else 0.006))
        for _ in range(n):
            p = self.persons[r.randrange(self.P)]
            if len(p.friends) < 2 or p.age > 70:
                continue
            grp = r.sample(p.friends, min(len(p.friends), r.randrange(2, 7)))
            ts = self.T0 + d * DAY + r.choice([12, 18, 19, 20]) * HOUR + r.randrange(90 * MIN)
            total = self.ln(95, .4) * (len(grp) + 1)
            sh = self.shops[r.randrange(len(self.shops))][0] if r.random() < 0.7 else r.choice(self.chains["fastfood"])
            self.ptxn(ts, p, p.accts[0], sh, int(total * 100), "third_party")
            share = int(total / (len(grp) + 1) * 100)
            for j in grp:
                q = self.persons[j]
                if r.random() < 0.9:
                    self.ptxn(ts + r.randrange(2 * MIN, 5 * HOUR), q, q.accts[0], p.accts[0],
                              share if r.random() < 0.6 else (share // 1000 + 1) * 1000)

    def _bills(self, d):
        r = self.rng
        ps = self.persons
        for p in ps:
            # utilities roughly monthly, phone top-ups, property/heating fee (heating season starts mid-Nov)
            if p.age >= 25 and r.random() < 0.45 / 30 * 3:
                kind = r.choice(["elec", "water", "gas"])
                y = {"elec": self.ln(160, .5), "water": self.ln(55, .4), "gas": self.ln(110, .5)}[kind]
                y = round(y, -1) if r.random() < 0.5 else round(y, 2)
                self.ptxn(self.ts_in_day(d, "spend"), p, p.accts[0], self.util[kind], int(y * 100), "third_party")
            if r.random() < 0.4 / 30:
                self.ptxn(self.ts_in_day(d, "spend"), p, p.accts[0], r.choice(self.util["tel"]),
                          r.choice([3000, 5000, 5000, 10000, 10000, 20000]), "third_party")
            if p.age >= 28 and r.random() < 0.02 and self.dates[d].day <= 20:
                payee = self.util["heating"] if r.random() < 0.6 else r.choice(self.util["property"])
                self.ptxn(self.ts_in_day(d, "spend"), p, p.accts[0], payee, int(round(self.ln(2200, .35), -1) * 100))
            # rent
            if p.rent and self.dom[d] == p.rent[0]:
                if not p.rent[2] or r.random() < 0.34:
                    y = p.rent[1] * (3 if p.rent[2] else 1)
                    self.ptxn(self.ts_in_day(d, "p2p"), p, p.accts[0], p.landlord, int(y * 100), "mobile_app")
            # credit card / consumer loan repayment
            if p.credit and self.dom[d] == (p.i * 7) % 28 + 1:
                src = p.accts[0]
                self.ptxn(self.ts_in_day(d, "p2p"), p, src, p.credit, int(self.ln(4500, .8) * 100), "mobile_app")
            if p.age < 45 and self.dom[d] == (p.i * 3) % 28 + 1 and r.random() < 0.35:
                self.ptxn(self.ts_in_day(d, "p2p"), p, p.accts[0], r.choice(self.lenders),
                          int(self.ln(1500, .8) * 100), "third_party")

    def _calls(self, d, p):
        r = self.rng
        day = self.dates[d]
        wknd = self.wd[d] >= 5
        reg = p.region
        # family, friends, people outside the sample
        for _ in range(self.pois(p.calls)):
            ts = self.ts_in_day(d, "call")
            u = r.random()
            if u < 0.35 and p.family:
                q = self.persons[r.choice(p.family)]
                self.call(ts, self.ln(150, 1.0), q.phone, p.phone, "mobile", q.region, reg)
            elif u < 0.75 and p.friends:
                q = self.persons[r.choice(p.friends)]
                self.call(ts, self.ln(70, 1.0), q.phone, p.phone, "mobile", q.region, reg)
            else:
                n, g = r.choice(p.ext)
                self.call(ts, self.ln(90, 1.1), n, p.phone, "mobile", g, reg)
        if p.occ == "employee" and not wknd and r.random() < 0.18:
            c = p.employer
            self.call(self.ts_in_day(d, "office"), self.ln(75, .9), c["land"], p.phone, "landline", CITY, reg)
        # couriers (often virtual numbers) -- heavier after Double-11
        lam = 0.16 * (2.4 if (day.day >= 12 and day.day <= 16) else 1.0) * (0.6 if p.age >= 70 else 1.0)
        for _ in range(self.pois(lam)):
            n, k, g = r.choice(self.courier)
            self.call(self.ts_in_day(d, "office"), self.ln(22, .6), n, p.phone, k, g, reg)
        if p.age < 60 and r.random() < 0.07:
            n, k, g = r.choice(self.privacy)
            self.call(self.ts_in_day(d, "spend"), self.ln(25, .5), n, p.phone, k, g, reg)
        # marketing / nuisance calls
        if r.random() < 0.09:
            n, k, g = r.choice(self.market)
            v = r.random()
            dur = r.randrange(1, 20) if v < 0.7 else r.randrange(20, 150) if v < 0.96 else r.randrange(150, 1500)
            self.call(self.ts_in_day(d, "office"), dur, n, p.phone, k, g, reg, spoof=(k == "voip" and r.random() < 0.05))
        # own bank's service line / customer manager
        if r.random() < 0.007:
            b = r.choice(p.accts).bank
            if r.random() < 0.6:
                self.call(self.ts_in_day(d, "office"), self.ln(140, .6), BANK_SERVICE[b], p.phone, "landline", "CN", reg)
            else:
                self.call(self.ts_in_day(d, "office"), self.ln(120, .7), r.choice(self.bank_out[b]), p.phone, "landline", CITY, reg)
        if r.random() < 0.015:
            n, k, g = r.choice(self.gov)
            self.call(self.ts_in_day(d, "office"), self.ln(90, .8), n, p.phone, k, g, reg)
        if r.random() < 0.0015:   # international nuisance (one-ring, roaming robocalls)
            cty = r.choice(["MY", "PH", "US", "GB", "VN", "HK", "TH"])
            self.call(self.ts_in_day(d, "call"), r.randrange(0, 25), self.phone("intl", cty), p.phone,
                      "international", cty, reg, spoof=r.random() < 0.1)
        if p.occ in ("employee", "self") and r.random() < 0.004:  # business abroad
            cty = r.choice(["US", "DE", "JP", "KR", "SG", "HK", "AE", "VN"])
            self.call(self.ts_in_day(d, "office"), self.ln(600, .8), self.phone("intl", cty), p.phone,
                      "international", cty, reg)
        if r.random() < 0.006:   # company call centres on VoIP trunks (insurance renewals, car service)
            self.call(self.ts_in_day(d, "office"), self.ln(110, .9), self.phone("voip", CITY), p.phone, "voip", CITY, reg)
        # outgoing calls from this person to numbers outside the sample (shops, hospitals, banks)
        if r.random() < 0.12:
            callee = r.choice([BANK_SERVICE[p.accts[0].bank], "12345", "10086", self.phone("landline")])
            self.call(self.ts_in_day(d, "office"), self.ln(180, .8), p.phone, callee, "mobile", reg, CITY)

    def _weddings(self):
        """Weekend weddings (autumn is wedding season): guests send gift money (份子钱)."""
        r = self.rng
        for d in range(self.ND):
            if self.wd[d] < 5:
                continue
            for _ in range(self.pois(3.5 * self.scale)):
                host = self.persons[r.randrange(self.P)]
                if host.age < 24:
                    continue
                pool = host.family + host.friends
                extra = [j for f in host.family for j in self.persons[f].friends]
                guests = list(dict.fromkeys(pool + r.sample(extra, min(len(extra), r.randrange(5, 30)))))
                for j in guests:
                    if j == host.i or r.random() < 0.25:
                        continue
                    q = self.persons[j]
                    close = j in host.family
                    y = r.choice([2000, 3000, 5000, 6000, 8888, 10000] if close else
                                 [200, 300, 500, 500, 600, 600, 800, 800, 1000, 1000, 1200, 1600, 2000])
                    ts = self.T0 + (d - r.choice([0, 0, 0, 1, 2])) * DAY + r.choice(
                        [8, 9, 10, 11, 19, 20, 21]) * HOUR + r.randrange(HOUR)
                    self.ptxn(ts, q, q.accts[0], host.accts[0], y * 100,
                              "mobile_app" if r.random() < 0.6 else "third_party")
                # the host pays the hotel banquet and the wedding company
                ts = self.T0 + d * DAY + 14 * HOUR + r.randrange(4 * HOUR)
                self.ptxn(ts, host, host.accts[0], self.corp(self.coname(ind="酒店管理"), None),
                          int(round(self.ln(40000, .4), -2) * 100), "mobile_app")

    def _big_purchases(self):
        """Cars, renovation, furniture, jewellery, tuition, hospital deposits, insurance -- to brand-new payees,
        often split under the app's per-transfer limit; often around a call from the bank's service line."""
        r = self.rng
        for p in self.persons:
            if p.age < 23 or r.random() > 0.012 * self.ND / 7:
                continue
            d = r.randrange(self.ND)
            kind = r.choices(["car", "reno", "furn", "gold", "edu", "hosp", "ins", "house"],
                             [2, 2, 3, 2, 1.5, 1.5, 1.5, 0.6])[0]
            ind, med = {"car": ("汽车销售服务", 90000), "reno": ("建筑装饰工程", 45000), "furn": ("家居", 14000),
                        "gold": ("珠宝首饰", 16000), "edu": ("教育咨询", 15000), "hosp": (None, 20000),
                        "ins": ("人寿保险", 9000), "house": ("房地产开发", 300000)}[kind]
            if kind == "hosp":
                payee = self.corp(r.choice(["山东大学齐鲁医院", "山东省立医院", "济南市中心医院", "山东省千佛山医院"]), None)
            elif kind == "reno" and r.random() < 0.4:
                payee = self.acct(r.choice(BANK_LIST), self.name())  # the foreman's personal card
            else:
                payee = self.corp(self.coname(ind=ind), None)
            total = max(3000.0, min(self.ln(med, .5), p.savings * 1.2 + 20000))
            ts = self.ts_in_day(d, "office")
            bank = p.accts[0].bank
            if r.random() < 0.4:   # call from the bank first (limit raise / loan approval / verification)
                pre = ts - r.randrange(5 * MIN, 3 * HOUR)
                self.call(pre, self.ln(200, .5), BANK_SERVICE[bank] if r.random() < 0.7 else r.choice(self.bank_out[bank]),
                          p.phone, "landline", "CN", p.region)
            if r.random() < 0.5:   # the seller calls too
                self.call(ts - r.randrange(10 * MIN, 20 * HOUR), self.ln(180, .7), self.phone("mobile"), p.phone,
                          "mobile", CITY, p.region)
            ch = "mobile_app" if r.random() < 0.6 else ("online_banking" if r.random() < 0.5 else "counter")
            if kind in ("furn", "gold") and r.random() < 0.6:
                ch = "pos"
            limit = {"mobile_app": 50000, "online_banking": 200000, "counter": 10 ** 7, "pos": 10 ** 7}[ch]
            if kind in ("car", "house") and r.random() < 0.5:   # deposit first
                dep = r.choice([2000, 5000, 10000, 20000])
                self.ptxn(ts - r.randrange(DAY, 5 * DAY), p, p.accts[0], payee, dep * 100, "mobile_app")
                total = max(1000, total - dep)
            left = round(total, -2) if r.random() < 0.7 else total
            while left > 0:
                a = min(left, limit)
                self.ptxn(ts, p, p.accts[0], payee, int(a * 100), ch)
                left -= a
                ts += r.randrange(40 * SEC, 6 * MIN)
            if total >= 20000 and r.random() < 0.25:  # risk-control callback after a large transfer
                self.call(ts + r.randrange(MIN, 20 * MIN), self.ln(90, .4), BANK_SERVICE[bank], p.phone, "landline", "CN",
                          p.region)

    def _abroad(self):
        """Long international calls with family abroad; some are followed by a transfer to the family."""
        r = self.rng
        for p in self.persons:
            if not p.abroad:
                continue
            num, cty, rel_acct, parent_pays = p.abroad
            for _ in range(self.pois(1.2 * self.ND / 7)):
                d = r.randrange(self.ND)
                ts = self.ts_in_day(d, "even")
                dur = self.ln(1500, .6)
                self.call(ts, dur, num, p.phone, "international", cty, p.region, spoof=r.random() < 0.01)
                if parent_pays and r.random() < 0.35:
                    t2 = ts + int(dur * 1000) + r.randrange(5 * MIN, 10 * HOUR)
                    y = round(self.ln(25000, .7), -3)
                    payee = rel_acct if r.random() < 0.7 else self.acct(r.choice(BANK_LIST), self.name())  # exchange agent
                    limit = 50000
                    while y > 0:
                        a = min(y, limit)
                        self.ptxn(t2, p, p.accts[0], payee, int(a * 100), "mobile_app")
                        y -= a
                        t2 += r.randrange(MIN, 5 * MIN)

    def _secondhand(self):
        """Second-hand deals (Xianyu / neighbourhood groups) paid directly to a stranger's card."""
        r = self.rng
        for _ in range(int(0.0035 * self.P * self.ND)):
            p = self.persons[r.randrange(self.P)]
            if p.age > 70:
                continue
            d = r.randrange(self.ND)
            ts = self.ts_in_day(d, "p2p")
            if r.random() < 0.3:
                seller = self.persons[r.randrange(self.P)]
                sacct, sphone, sreg = seller.accts[0], seller.phone, seller.region
            else:
                sacct = self.acct(r.choice(BANK_LIST), self.name())
                sphone, sreg = self.phone("mobile"), r.choice(CN_REGIONS + [CITY] * 5)
            if r.random() < 0.35:
                self.call(ts - r.randrange(5 * MIN, 6 * HOUR), self.ln(120, .8), sphone, p.phone, "mobile", sreg, p.region)
            y = self.ln(350, 1.1)
            y = min(9000, round(y, -1) if y > 50 else y)
            self.ptxn(ts, p, p.accts[0], sacct, int(y * 100))

    def _micro_sellers(self):
        """WeChat micro-shops, tutors, group-buy leaders: fan-in from strangers, then bulk payments to suppliers."""
        r = self.rng
        sellers = [p for p in self.persons if 22 <= p.age < 55 and r.random() < 0.006]
        for s in sellers:
            supplier = self.corp(self.coname(far=r.random() < 0.5), None)
            acct = s.accts[0]
            fans = r.sample(range(self.P), min(self.P, r.randrange(25, 120)))
            for d in range(self.ND):
                got = 0
                for j in fans:
                    if r.random() < 0.05:
                        q = self.persons[j]
                        y = round(self.ln(180, .8), 0)
                        self.ptxn(self.ts_in_day(d, "p2p"), q, q.accts[0], acct, int(y * 100), "third_party")
                        got += y
                if got > 300 and r.random() < 0.7:
                    self.ptxn(self.T0 + d * DAY + 22 * HOUR + r.randrange(90 * MIN), s, acct, supplier,
                              int(got * r.uniform(0.6, 0.85) * 100), "mobile_app")

    def _business(self):
        """Self-employed: pay suppliers (recurring and new), shop rent, wages to a few helpers."""
        r = self.rng
        for p in self.persons:
            if p.occ != "self":
                continue
            sups = [self.corp(self.coname(far=r.random() < 0.3), None) for _ in range(r.randrange(1, 4))]
            helpers = r.sample(range(self.P), r.randrange(0, 4))
            for d in range(self.ND):
                if r.random() < 0.22:
                    payee = r.choice(sups) if r.random() < 0.8 else self.corp(self.coname(far=True), None)
                    self.ptxn(self.ts_in_day(d, "office"), p, p.accts[-1], payee,
                              int(round(self.ln(6000, .8), -1) * 100), r.choice(["mobile_app", "online_banking"]))
                if self.dom[d] == 10 + p.i % 6:
                    for j in helpers:
                        q = self.persons[j]
                        self.ptxn(self.ts_in_day(d, "p2p"), p, p.accts[-1], q.accts[0],
                                  int(round(self.ln(4200, .25), -2) * 100), "mobile_app")

    def _self_moves(self):
        """Moving money between one's own accounts, including 'deposit migration' of savings to a
        brand-new account at a bank offering a better rate -- after a customer manager's call."""
        r = self.rng
        for p in self.persons:
            if len(p.accts) >= 2:
                for _ in range(self.pois(0.035 * self.ND)):
                    a, b = r.sample(p.accts, 2)
                    self.ptxn(self.ts_in_day(r.randrange(self.ND), "p2p"), p, a, b,
                              int(round(self.ln(3000, 1.1), -2) * 100 or 10000), "mobile_app")
            if p.age >= 35 and p.savings > 60000 and r.random() < 0.004 * self.ND / 7:
                bank = r.choice([b for b in BANK_LIST if b != p.accts[0].bank])
                new = self.acct(bank, p.name, p.i, p.phone)
                p.accts.append(new)
                d = r.randrange(self.ND)
                ts = self.ts_in_day(d, "office")
                if r.random() < 0.6:  # the new bank's customer manager calls from a mobile
                    self.call(ts - r.randrange(30 * MIN, 2 * DAY), self.ln(400, .5), self.phone("mobile"), p.phone,
                              "mobile", CITY, p.region)
                y = round(min(p.savings * r.uniform(.4, .9), 600000), -3)
                ch = r.choice(["mobile_app", "online_banking", "counter"])
                lim = {"mobile_app": 50000, "online_banking": 200000, "counter": 10 ** 7}[ch]
                while y > 0:
                    a = min(y, lim)
                    self.ptxn(ts, p, p.accts[0], new, int(a * 100), ch)
                    y -= a
                    ts += r.randrange(MIN, 8 * MIN)
            if p.age >= 40 and p.savings > 80000 and r.random() < 0.006 * self.ND / 7:  # bank-securities transfer
                broker = self.broker if hasattr(self, "broker") else None
                if broker is None:
                    self.broker = [self.corp(n + "客户交易结算资金", "ICBC") for n in
                                   ("中泰证券", "国泰君安证券", "华泰证券", "东方财富证券")]
                    broker = self.broker
                self.ptxn(self.ts_in_day(r.randrange(self.ND), "trade"), p, p.accts[0], r.choice(broker),
                          int(round(self.ln(40000, .8), -3) * 100), "online_banking")

    def _refunds(self):
        r = self.rng
        for _ in range(int(0.02 * self.P * self.ND)):
            p = self.persons[r.randrange(self.P)]
            if p.age > 65:
                continue
            d = r.randrange(self.ND)
            if self.dates[d].day >= 11:
                pass
            elif r.random() < 0.5:
                continue
            self.txn(self.ts_in_day(d, "spend"), r.choice(self.chains["ecom"]), p.accts[0],
                     int(self.ln(120, .9) * 100), "third_party", show_name=True)

    # ------------------------------------------------------------ crime: mules
    def mules(self):
        r = self.rng
        self.groups = []
        ps = self.persons
        recruits = [p for p in ps if 18 <= p.age <= 30 and p.occ in ("student", "none", "employee")]
        r.shuffle(recruits)
        n_groups = 3
        self.mule_list = []
        for g in range(n_groups):
            grp = {"id": g, "L1": [], "L2": [], "L3": [],
                   "dev": ["dev-%08x" % r.getrandbits(32) for _ in range(r.randrange(2, 5))],
                   "ip": r.sample(["103.216", "175.100", "36.37", "103.118", "116.212", "183.6", "113.87", "27.38",
                                   "114.119", "59.153"], 4),
                   "lim": [r.choice([(50000, [1, 10, 100, 200, 500, 1000]), (20000, [1, 10, 100, 200]),
                                     (50000, [100, 500, 2000])]),
                           (10000, [1, 10, 50, 100, 200])]}
            nl = {"L1": r.randrange(7, 11), "L2": r.randrange(3, 6), "L3": r.randrange(2, 4)}
            for lay, k in nl.items():
                for _ in range(max(1, int(round(k * min(1.5, max(0.6, self.scale)))))):
                    u = r.random()
                    if lay == "L1" and u < 0.3 and recruits:      # a local young person rents out a new card
                        p = recruits.pop()
                        a = self.acct(r.choice(BANK_LIST), p.name, p.i, p.phone, "mule")
                        p.accts.append(a)
                        p.mule_acct = a
                        home = p
                    elif (lay != "L1" and u < 0.5) or (lay == "L1" and u > 0.85):  # shell-company account
                        a = self.corp(self.coname(far=True, ind=r.choice(["商贸", "网络科技", "供应链管理", "信息咨询",
                                                                          "电子商务", "投资咨询"])), None, "mule")
                        a.phone = self.phone("mobile") if r.random() < 0.5 else None
                        home = None
                    else:                                           # bought card from another province
                        a = self.acct(r.choices(BANK_LIST, [v[2] for v in BANKS.values()])[0], self.name(), -1,
                                      self.phone("mobile"), "mule")
                        home = None
                    m = {"acct": a, "layer": int(lay[1]), "grp": grp, "home": home, "in": [], "victims": []}
                    grp[lay].append(m)
                    self.mule_list.append(m)
            # activity windows of layer-1 cards: staggered, each lives 1.5-4 days
            n1 = len(grp["L1"])
            span = self.T1 - self.TW + DAY
            for k, m in enumerate(grp["L1"]):
                st = self.TW - DAY // 2 + int(span * k / n1) + r.randrange(-6 * HOUR, 6 * HOUR)
                m["win"] = (st, st + r.randrange(int(1.5 * DAY), 4 * DAY))
            self.groups.append(grp)
        # thin cover activity: the cards look alive (small purchases, top-ups) before and during use
        for m in self.mule_list:
            a = m["acct"]
            if m["home"] is not None:
                p = m["home"]
                for _ in range(r.randrange(1, 6)):
                    ts = self.ts_in_day(r.randrange(self.H), "spend")
                    self.ptxn(ts, p, a, self.shops[r.randrange(len(self.shops))][0], int(self.ln(30, .6) * 100), "third_party")
                # a friend sends the opening balance / a small test transfer
                if p.friends:
                    q = ps[r.choice(p.friends)]
                    self.ptxn(self.ts_in_day(r.randrange(self.H), "p2p"), q, q.accts[0], a, r.choice([100, 1000, 5000]))
                continue
            for _ in range(r.randrange(0, 5)):
                ts = self.ts_in_day(r.randrange(self.ND), "spend")
                self.txn(ts, a, r.choice(self.chains["ecom"] + self.util["tel"]), int(self.ln(60, .8) * 100), "third_party",
                         m["grp"]["dev"][0] if r.random() < 0.5 else "dev-%08x" % r.getrandbits(32), r.choice(m["grp"]["ip"]))

    def pick_l1(self, grp, ts, avoid):
        r = self.rng
        act = [m for m in grp["L1"] if m["win"][0] <= ts < m["win"][1]]
        fresh = [m for m in act if m["acct"].no not in avoid]
        if fresh:
            return r.choice(fresh)
        # a card that is about to be / was just in use is fed before reusing a card this victim already paid
        near = [m for m in grp["L1"] if m["acct"].no not in avoid and
                m["win"][0] - DAY <= ts < m["win"][1] + DAY // 2]
        if near:
            return r.choice(near)
        if act:
            return r.choice(act)
        return min(grp["L1"], key=lambda m: min(abs(m["win"][0] - ts), abs(m["win"][1] - ts)))

    def chunks(self, grp, fen):
        """Split an amount into chunks just under the group's preferred limits."""
        r = self.rng
        lim, offs = grp["lim"][0] if fen > 1500000 else grp["lim"][1]
        cap = lim * 100
        out = []
        while fen > cap:
            c = cap - r.choice(offs) * 100 - (r.randrange(100) if r.random() < 0.3 else 0)
            out.append(c)
            fen -= c
        if fen > 0:
            out.append(fen)
        return out

    def mule_out(self, m, ts, payee, fen):
        g = m["grp"]
        r = self.rng
        ch = "mobile_app" if r.random() < 0.7 else ("online_banking" if r.random() < 0.6 else "third_party")
        return self.txn(ts, m["acct"], payee, fen, ch, r.choice(g["dev"]), r.choice(g["ip"]))

    def launder(self):
        """Layer 1 forwards within minutes to layer 2, layer 2 to layer 3; layer 3 cashes out (ATM /
        cross-border / crypto OTC), which is outside this feed."""
        r = self.rng
        for lay, (dmin, dmax), nxt in ((1, (40 * SEC, 12 * MIN), "L2"), (2, (3 * MIN, 45 * MIN), "L3")):
            for m in self.mule_list:
                if m["layer"] != lay or not m["in"]:
                    continue
                g = m["grp"]
                ins = sorted(m["in"])
                bal = 0
                i = 0
                while i < len(ins):
                    fire = ins[i][0] + r.randrange(dmin, dmax)
                    while i < len(ins) and ins[i][0] <= fire:
                        bal += ins[i][1]
                        i += 1
                    residue = r.randrange(0, 5000) if lay == 1 else r.randrange(0, 20000)
                    send = bal - residue
                    if send < 50000:
                        continue
                    ts = fire
                    tgt = r.choice(g[nxt])
                    for c in self.chunks(g, send):
                        if r.random() < 0.3:
                            tgt = r.choice(g[nxt])
                        ev = self.mule_out(m, ts, tgt["acct"], c)
                        if ev is not None:
                            tgt["in"].append((ts, c))
                            bal -= c
                        ts += r.randrange(15 * SEC, 3 * MIN)

    # ------------------------------------------------------------ crime: call centres
    def crews(self):
        r = self.rng
        spec = {  # typology -> list of crews: (number kinds with weights, daily answered dials, laundering group)
            "impersonation_police": [({"virtual": 3, "international": 3, "voip": 2.5, "spoof": 1.5}, 42, 0),
                                     ({"virtual": 2, "international": 4, "voip": 3, "spoof": 1}, 30, 0)],
            "fake_customer_service": [({"virtual": 4, "mobile": 3, "voip": 1.5, "spoof": 1.5}, 55, 1),
                                      ({"virtual": 3, "mobile": 4, "voip": 2, "spoof": 1}, 40, 2)],
            "loan_scam": [({"mobile": 5, "virtual": 3.5, "voip": 1.5}, 38, 1),
                          ({"mobile": 4, "virtual": 5, "voip": 1}, 25, 2)],
            "task_rebate": [({"mobile": 6, "virtual": 4}, 12, 2), ({"mobile": 5, "virtual": 5}, 10, 1)],
            "fake_investment": [({"mobile": 7, "virtual": 3}, 10, 0), ({"mobile": 6, "virtual": 4}, 8, 2)],
        }
        self.crews_by = {}
        self.all_scam_numbers = []
        for typ, crews in spec.items():
            lst = []
            for kinds, dials, gi in crews:
                crew = {"typ": typ, "kinds": kinds, "dials": dials, "grp": self.groups[gi % len(self.groups)], "nums": []}
                for line in range(r.randrange(3, 6)):
                    t = self.T0 - r.randrange(0, 2 * DAY)
                    while t < self.T1:
                        life = r.randrange(12 * HOUR, 3 * DAY)
                        crew["nums"].append(self.scam_number(kinds, t, t + life, typ))
                        t += int(life * r.uniform(0.75, 1.0))
                lst.append(crew)
            self.crews_by[typ] = lst

    def scam_number(self, kinds, st, en, typ):
        r = self.rng
        k = r.choices(list(kinds), list(kinds.values()))[0]
        spoof = False
        if k == "virtual":
            num, reg = self.phone("virtual"), r.choice(CN_REGIONS + SD_REGIONS + [CITY])
        elif k == "mobile":
            num, reg = self.phone("mobile"), r.choice(CN_REGIONS + SD_REGIONS)
        elif k == "international":
            reg = r.choice(["KH", "KH", "MM", "PH", "MY", "VN", "TH", "HK", "AE", "US"])
            num = self.phone("intl", reg)
        elif k == "voip":
            num, reg = self.phone("voip", r.choice(list(LAND_CODES))), None
        else:  # spoofed: displays a local landline, a police-looking number or a bank/platform hotline
            spoof = True
            u = r.random()
            if typ == "impersonation_police":
                num = "0531" + "%08d" % r.randrange(10 ** 7, 10 ** 8) if u < 0.6 else "+00" + "%d" % r.choice([110, 12110, 96110])
            else:
                num = r.choice(list(BANK_SERVICE.values()) + ["95188", "9510211", "950618", "95017"]) if u < 0.5 \
                    else "0" + str(r.randrange(10, 99)) + "%08d" % r.randrange(10 ** 7, 10 ** 8)
            k = "landline" if num[0] != "+" else "international"
            reg = CITY if num.startswith("0531") else None
        return {"num": num, "kind": k, "reg": reg, "spoof": spoof, "win": (st, en), "first": None, "typ": typ}

    def crew_number(self, crew, ts):
        act = [n for n in crew["nums"] if n["win"][0] <= ts < n["win"][1]]
        return self.rng.choice(act) if act else self.rng.choice(crew["nums"])

    def scam_call(self, crew, ts, dur, p, num=None):
        n = num or self.crew_number(crew, ts)
        spoof = n["spoof"] and self.rng.random() < 0.7
        if n["kind"] == "voip" and self.rng.random() < 0.08:
            spoof = True
        rec = self.call(ts, dur, n["num"], p.phone, n["kind"], n["reg"], p.region, spoof)
        if rec is not None and (n["first"] is None or ts < n["first"]):
            n["first"] = ts
        return rec

    def target_weights(self, typ):
        w = []
        for p in self.persons:
            a = p.age
            if typ == "impersonation_police":
                x = 3 if 45 <= a <= 78 else 1.6 if a >= 25 else 1.2
                x *= 1.0 if p.savings < 30000 else 1.5
            elif typ == "fake_customer_service":
                x = 3 if 20 <= a < 50 else 1.5 if a < 65 else 0.4
            elif typ == "task_rebate":
                x = 3 if a < 40 else 1.4 if a < 55 else 0.25
                x *= 1.4 if p.occ in ("student", "none") else 1.0
            elif typ == "fake_investment":
                x = 3 if 35 <= a < 66 else 1.2 if a >= 25 else 0.3
                x *= 1.0 if p.savings < 50000 else 2.0
            else:
                x = 3.5 if 20 <= a < 42 else 1.2 if a < 55 else 0.2
                x *= 1.6 if p.savings < 30000 else 0.7
            if p.mule_acct is not None:
                x *= 0.3
            w.append(x)
        return cum(w)

    def dialing(self):
        """Call centres dial the whole city: most people hang up, some talk a while and do not pay."""
        r = self.rng
        for typ, crews in self.crews_by.items():
            cw = self.tw[typ]
            for crew in crews:
                for d in range(self.ND):
                    lam = crew["dials"] * self.scale * (0.45 if self.wd[d] >= 5 else 1.0)
                    for _ in range(self.pois(lam)):
                        p = self.persons[bisect.bisect(cw, r.random() * cw[-1])]
                        ts = self.ts_in_day(d, "crime")
                        u = r.random()
                        if u < 0.55:
                            dur = r.randrange(0, 15)
                        elif u < 0.85:
                            dur = r.randrange(15, 120)
                        elif u < 0.96:
                            dur = r.randrange(120, 600)
                        else:
                            dur = self.ln(1300, .5) if typ == "impersonation_police" else r.randrange(600, 1800)
                        self.scam_call(crew, ts, dur, p)

    # ------------------------------------------------------------ crime: victims
    def pay(self, v, acct, ts, fen, ch, crew, typ, used, dev=None):
        h = self.hour_of(ts)
        if 1 <= h < 7 and self.rng.random() < 0.85:   # most victims sleep; the scheme resumes in the morning
            ts += (7 - h) * HOUR + self.rng.randrange(2 * HOUR)
        m = self.pick_l1(crew["grp"], ts, used)
        if ts < self.TW or ts >= self.T1:
            return None
        if dev is None:
            dev = v.devices[0] if ch in ("mobile_app", "third_party") else v.devices[-1]
        if ch == "counter":
            ts = self.counter_time(ts)
            dev = None
        ev = self.txn(ts, acct, m["acct"], fen, ch, dev, v.ipbase)
        if ev is None:
            return None
        used.add(m["acct"].no)
        m["in"].append((ts, fen))
        m["victims"].append(v.i)
        self.scam.append((ev, typ, v))
        return ev

    def rebate(self, v, crew, ts, fen, used):
        m = self.pick_l1(crew["grp"], ts, used)
        g = m["grp"]
        ev = self.txn(ts, m["acct"], v.accts[0], fen, "mobile_app", self.rng.choice(g["dev"]), self.rng.choice(g["ip"]))
        if ev is not None:
            m["in"].append((ts, -fen))

    def victims(self):
        r = self.rng
        ps = self.persons
        n = max(1, int(round(self.P * r.uniform(0.012, 0.017))))
        mix = {"task_rebate": .28, "fake_customer_service": .22, "loan_scam": .17, "fake_investment": .17,
               "impersonation_police": .16}
        chosen = set()
        self.victim_list = []
        typs = list(mix)
        counts = {t: 0 for t in typs}
        for _ in range(n):
            counts[r.choices(typs, list(mix.values()))[0]] += 1
        for typ in typs:
            cw = self.tw[typ]
            k = 0
            while k < counts[typ]:
                p = ps[bisect.bisect(cw, r.random() * cw[-1])]
                if p.i in chosen or p.mule_acct is not None or p.age < 18:
                    continue
                chosen.add(p.i)
                k += 1
                crew = r.choice(self.crews_by[typ])
                getattr(self, "v_" + typ)(p, crew)

    def budget(self, p, frac_lo, frac_hi, floor):
        return max(floor, p.savings * self.rng.uniform(frac_lo, frac_hi))

    def week_day(self, lo=0, hi=None, weights=None):
        hi = self.D if hi is None else hi
        days = list(range(self.H + lo, self.H + min(hi, self.D)))
        if weights:
            return self.rng.choices(days, [weights(self.dates[d]) for d in days])[0]
        return self.rng.choice(days)

    def v_impersonation_police(self, p, crew):
        r = self.rng
        typ = "impersonation_police"
        d = self.week_day(weights=lambda x: 1.0 if x.weekday() < 5 else 0.35)
        t = self.ts_in_day(d, "crime")
        if r.random() < 0.45:   # opener: 'courier / telecom bureau' says your ID is involved, transfers the call
            self.scam_call(crew, t - r.randrange(3 * MIN, 40 * MIN), r.randrange(90, 420), p)
        dur = min(3 * 3600, max(900, self.ln(2700, .5)))
        num = self.crew_number(crew, t)
        self.scam_call(crew, t, dur, p, num)
        end = t + int(dur * 1000)
        loss = self.budget(p, 0.5, 1.0, 8000)
        used = set()
        ch = "counter" if (p.age >= 60 and r.random() < 0.3) else r.choices(
            ["mobile_app", "online_banking"], [.8, .2])[0]
        # per-transfer ceiling: the app limit, or the sum the 'prosecutor' assigns to each 'safe account'
        limit = {"mobile_app": r.choice([50000, 50000, 50000, 100000]), "online_banking": r.choice([100000, 200000]),
                 "counter": r.choice([100000, 200000, 300000])}[ch]
        if r.random() < 0.4:
            limit = min(limit, r.choice([20000, 30000, 50000]))
        dev = ("dev-%08x" % r.getrandbits(32)) if r.random() < 0.1 else None   # told to buy a 'secure' phone
        ts = t + r.randrange(10 * MIN, 40 * MIN)
        # savings held in other accounts: consolidate first, or pay from each account
        sources = [a for a in p.accts if a.phone == p.phone and a.kind == "personal"]
        others = sources[1:]
        if others and r.random() < 0.6:
            for a in others[:2]:
                y = round(loss * r.uniform(.15, .35), -2)
                self.ptxn(ts - r.randrange(2 * MIN, 8 * MIN), p, a, p.accts[0], int(y * 100), "mobile_app")
        sessions = 2 if r.random() < 0.3 else 1
        left = loss
        for s in range(sessions):
            share = left if s == sessions - 1 else left * r.uniform(.4, .7)
            left -= share
            callback = False
            while share > 1:
                if share > limit:
                    y = limit - r.choice([0, 0, 0, 100, 200, 500, 1000])
                else:
                    y = round(share, 2)
                src = p.accts[0] if (not others or r.random() < 0.75) else r.choice(others)
                self.pay(p, src, ts, int(y * 100), ch, crew, typ, used, dev)
                share -= y
                if not callback and y >= 20000 and r.random() < 0.3:  # the bank's risk desk calls; victim is coached
                    callback = True
                    self.call(ts + r.randrange(MIN, 6 * MIN), self.ln(100, .4), BANK_SERVICE[src.bank], p.phone,
                              "landline", "CN", p.region)
                ts += r.randrange(90 * SEC, 9 * MIN)
            if s < sessions - 1:   # next morning the 'prosecutor' calls back for the 'remaining funds check'
                d2 = self.day_of(ts) + 1
                if d2 >= self.ND:
                    break
                t = self.T0 + d2 * DAY + r.randrange(9 * HOUR, 16 * HOUR)
                dur = max(600, self.ln(2400, .5))
                self.scam_call(crew, t, dur, p)
                ts = t + r.randrange(8 * MIN, 30 * MIN)
                if r.random() < 0.5:   # borrowed money arrives (credit-card cash / consumer loan)
                    self.txn(ts - r.randrange(2 * MIN, 6 * MIN), r.choice(self.lenders), p.accts[0],
                             int(round(r.uniform(20000, 80000), -3) * 100), "online_banking")
                    left += 50000
        if r.random() < 0.25:
            self.call(end + r.randrange(DAY, 3 * DAY), self.ln(240, .4), "96110", p.phone, "landline", CITY, p.region)

    def v_fake_customer_service(self, p, crew):
        r = self.rng
        typ = "fake_customer_service"
        d = self.week_day(weights=lambda x: 2.2 if 11 <= x.day <= 14 else 1.0)
        t = self.ts_in_day(d, "crime")
        dur = min(5400, max(400, self.ln(1500, .5)))
        self.scam_call(crew, t, dur, p)
        used = set()
        total = min(self.budget(p, .3, .9, 5000), self.ln(30000, .7))
        ts = t + r.randrange(5 * MIN, 20 * MIN)
        if r.random() < 0.3:   # told to borrow on consumer-loan apps to 'clear the credit record'
            loan = round(r.uniform(5000, 30000), -2)
            self.txn(ts, r.choice(self.lenders), p.accts[0], int(loan * 100), "online_banking")
            total += loan
            ts += r.randrange(MIN, 5 * MIN)
        k = r.randrange(2, 6)
        for j in range(k):
            if total < 100:
                break
            y = total / (k - j) * r.uniform(.6, 1.4)
            y = min(y, 49999, total)
            y = round(y, r.choice([0, 0, 2, -2]))
            if y <= 0:
                break
            ch = "mobile_app" if r.random() < 0.75 else "third_party"
            self.pay(p, p.accts[0], ts, int(y * 100), ch, crew, typ, used)
            total -= y
            ts += r.randrange(2 * MIN, 10 * MIN)
        if r.random() < 0.15:   # the 'refund' failed, next day one more round
            t2 = t + DAY + r.randrange(-3 * HOUR, 3 * HOUR)
            self.scam_call(crew, t2, max(300, self.ln(900, .5)), p)
            ts = t2 + r.randrange(5 * MIN, 15 * MIN)
            for _ in range(r.randrange(1, 3)):
                self.pay(p, p.accts[0], ts, int(round(self.ln(6000, .5), -1) * 100), "mobile_app", crew, typ, used)
                ts += r.randrange(2 * MIN, 10 * MIN)

    def v_task_rebate(self, p, crew):
        r = self.rng
        typ = "task_rebate"
        d = self.week_day(0, self.D - 1)
        t = self.ts_in_day(d, "even")
        if r.random() < 0.25:   # 'HR' call inviting to a part-time group
            self.scam_call(crew, t - r.randrange(HOUR, 2 * DAY), r.randrange(15, 100), p)
        used = set()
        budget = min(self.budget(p, .5, 1.2, 2000), self.ln(45000, .9))
        ts = t
        # warm-up tasks, paid back with commission
        for y in ([r.choice([100, 128, 200, 300])] + ([r.choice([500, 800, 1000])] if r.random() < 0.6 else [])):
            self.pay(p, p.accts[0], ts, y * 100, "third_party" if r.random() < 0.5 else "mobile_app", crew, typ, used)
            self.rebate(p, crew, ts + r.randrange(4 * MIN, 25 * MIN), int(y * r.uniform(1.2, 1.4) * 100), used)
            ts += r.randrange(30 * MIN, 3 * HOUR)
        if r.random() < 0.12:   # quits after the warm-up
            return
        y = r.choice([2000, 3000, 5000])
        spent = 0
        while spent < budget and ts < self.T1:
            for _ in range(r.choice([1, 1, 2, 3])):     # 'combination orders' need several payments
                amt = min(y, budget - spent)
                if amt < 100:
                    break
                amt = round(amt, -2) if r.random() < 0.7 else round(amt, 2)
                self.pay(p, p.accts[0], ts, int(amt * 100), "mobile_app" if amt > 20000 or r.random() < 0.7
                         else "third_party", crew, typ, used)
                spent += amt
                ts += r.randrange(3 * MIN, 25 * MIN)
            y = y * r.uniform(1.6, 2.8)
            ts += r.randrange(20 * MIN, 20 * HOUR)
            h = self.hour_of(ts)
            if h < 8:
                ts += (9 - h) * HOUR

    def v_fake_investment(self, p, crew):
        r = self.rng
        typ = "fake_investment"
        d = self.week_day(0, max(1, self.D - 2))
        used = set()
        if r.random() < 0.45:   # 'investment adviser' keeps in touch by phone, grooming started days before
            for _ in range(r.randrange(1, 4)):
                self.scam_call(crew, self.ts_in_day(max(0, d - r.randrange(0, 8)), "even"), max(120, self.ln(700, .6)), p)
        budget = min(self.budget(p, .4, 1.0, 10000), 2000000)
        y = round(r.uniform(5000, 20000), -3)
        spent = 0
        day = d
        paid_out = False
        while spent < budget and day < self.ND:
            for k in range(r.choice([1, 1, 2])):
                amt = min(y * (1.0 if k == 0 else r.uniform(.3, .8)), budget - spent)
                if amt < 1000:
                    break
                amt = round(amt, -3) if r.random() < 0.8 else round(amt, 2)
                ch = "mobile_app" if amt <= 50000 else ("online_banking" if r.random() < 0.7 else "counter")
                ts = self.ts_in_day(day, "trade")
                if ch == "mobile_app" and amt > 50000:
                    amt = 50000
                self.pay(p, p.accts[0], ts, int(amt * 100), ch, crew, typ, used)
                spent += amt
                if not paid_out and r.random() < 0.4:   # a small 'profit withdrawal' builds trust
                    paid_out = True
                    self.rebate(p, crew, ts + r.randrange(HOUR, 20 * HOUR), int(round(amt * r.uniform(.05, .15), -1) * 100), used)
            y *= r.uniform(1.4, 2.5)
            day += r.choice([1, 1, 1, 2])
            while day < self.ND and self.wd[day] >= 5 and r.random() < 0.8:
                day += 1

    def v_loan_scam(self, p, crew):
        r = self.rng
        typ = "loan_scam"
        d = self.week_day(0, self.D)
        t = self.ts_in_day(d, "crime")
        self.scam_call(crew, t, max(180, self.ln(600, .5)), p)
        used = set()
        ts = t + r.randrange(5 * MIN, 40 * MIN)
        fees = [round(r.uniform(200, 1500), -1 if r.random() < 0.5 else 0),
                round(r.uniform(2000, 9000), -2), round(r.uniform(5000, 20000), -2), round(r.uniform(2000, 8000), -2)]
        nfees = r.choices([1, 2, 3, 4], [.12, .38, .32, .18])[0]
        cap = max(1500, p.savings * 0.9)
        spent = 0
        for k in range(nfees):
            y = min(fees[k], cap - spent)
            if y < 100:
                break
            self.pay(p, p.accts[0], ts, int(y * 100), "mobile_app" if r.random() < 0.6 else "third_party", crew, typ, used)
            spent += y
            gap = r.randrange(10 * MIN, 5 * HOUR) if r.random() < 0.6 else r.randrange(12 * HOUR, 30 * HOUR)
            ts += gap
            if gap > 2 * HOUR and r.random() < 0.6:  # 'loan officer' calls again: account frozen, pay to unfreeze
                self.scam_call(crew, ts - r.randrange(3 * MIN, 20 * MIN), max(60, self.ln(300, .5)), p)

    # ------------------------------------------------------------ watch lists
    def watchlists(self):
        r = self.rng
        t = self.T0 + r.randrange(MIN)
        for b, n in BANK_SERVICE.items():
            self.wl(t, "add", "phone", n, "allow", "bank official service line (%s)" % b)
            t += r.randrange(200, 2000)
            for o in self.bank_out[b][:1]:
                self.wl(t, "add", "phone", o, "allow", "bank outbound risk-control line (%s)" % b)
                t += r.randrange(200, 2000)
        for n in ("12345", "96110", "95338", "95311"):
            self.wl(t, "add", "phone", n, "allow", "public service line")
            t += 1000
        # older reports that never show up in this feed
        for _ in range(int(25 * self.scale) + 3):
            self.wl(self.T0 + r.randrange(self.ND * DAY), "add", "phone",
                    self.phone(r.choice(["virtual", "mobile", "voip"])), "scam_numbers", "reported by public, 96110")
        for _ in range(int(12 * self.scale) + 2):
            a = self.acct(r.choice(BANK_LIST), self.name())
            self.wl(self.T0 + r.randrange(self.ND * DAY), "add", "account", a.no, "mule_accounts", "police case, frozen")
        # scam numbers actually used: a minority reported, hours to days after first use
        for crews in self.crews_by.values():
            for crew in crews:
                for n in crew["nums"]:
                    if n["first"] is None or n["spoof"]:
                        continue
                    if r.random() < 0.28:
                        self.wl(n["first"] + int(self.ln(20 * HOUR, .9)), "add", "phone", n["num"], "scam_numbers",
                                "reported by call recipient")
        # mule accounts: reported after a victim files a case (days), frozen
        for m in self.mule_list:
            if not m["in"]:
                continue
            p = 0.35 if m["layer"] == 1 else 0.12
            if r.random() < p:
                first = min(x[0] for x in m["in"])
                self.wl(first + int(self.ln(40 * HOUR, .6)), "add", "account", m["acct"].no, "mule_accounts",
                        "victim report, case %d" % r.randrange(10 ** 6, 10 ** 7))
        # false reports that are later withdrawn: a courier's virtual number, a second-hand seller's card
        for k in range(2):
            n = self.courier[r.randrange(len(self.courier))][0]
            t = self.T0 + r.randrange(self.ND * DAY)
            self.wl(t, "add", "phone", n, "scam_numbers", "reported by public")
            self.wl(t + r.randrange(DAY, 3 * DAY), "remove", "phone", n, "scam_numbers", "verified courier, report withdrawn")
        q = self.persons[r.randrange(self.P)]
        t = self.T0 + r.randrange(self.ND * DAY)
        self.wl(t, "add", "account", q.accts[0].no, "mule_accounts", "dispute report")
        self.wl(t + r.randrange(DAY, 4 * DAY), "remove", "account", q.accts[0].no, "mule_accounts", "dispute resolved")

    # ------------------------------------------------------------ output
    def write(self, out):
        r = self.rng
        os.makedirs(out, exist_ok=True)
        rows = []
        for ev in self.txns:
            rows.append((ev["ts_ms"], r.random(), 0, ev))
        for c in self.calls:
            rows.append((c[0], r.random(), 1, c))
            rows.append((c[0] + c[1] * 1000 + 1 + r.randrange(999), r.random(), 2, c))
        for w in self.watch:
            rows.append((w["ts_ms"], r.random(), 3, w))
        rows.sort(key=lambda x: (x[0], x[1]))
        seq = {}
        cseq = 0
        nev = 0
        lines = []
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        for ts, _, kind, obj in rows:
            nev += 1
            dstr = datetime.datetime.fromtimestamp(ts / 1000, TZ8).strftime("%Y%m%d")
            if kind == 0:
                b = obj["payer_bank"]
                seq[b] = seq.get(b, 0) + 1
                obj["txn_id"] = "%s%s%09d" % (b, dstr, seq[b])
                o = {"type": "transaction", "event_id": "t%08d" % nev, "ts_ms": ts}
                o.update((k, v) for k, v in obj.items() if k not in ("type", "ts_ms"))
            elif kind == 3:
                o = {"type": "watchlist", "event_id": "w%08d" % nev, "ts_ms": ts}
                o.update((k, v) for k, v in obj.items() if k not in ("type", "ts_ms"))
            else:
                if kind == 1:
                    cseq += 1
                    obj.append("C%s%08d" % (dstr, cseq))
                cid = obj[8]
                o = {"type": "call", "event_id": cid + ("-s" if kind == 1 else "-e"), "ts_ms": ts,
                     "phase": "start" if kind == 1 else "end", "call_id": cid, "caller": obj[2], "callee": obj[3]}
                if kind == 2:
                    o["duration_s"] = obj[1]
                o["caller_kind"] = obj[4]
                if obj[5]:
                    o["caller_region"] = obj[5]
                if obj[6]:
                    o["callee_region"] = obj[6]
                o["spoof_suspected"] = obj[7]
            lines.append(dumps(o))
        with open(os.path.join(out, "events.jsonl"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
            f.write("\n")
        # labels
        lab = [{"kind": "meta", "persons": self.P}]
        byv = {}
        for ev, typ, v in self.scam:
            byv.setdefault(v.i, (typ, v, []))[2].append(ev)
        scam_lines = []
        for vi, (typ, v, evs) in byv.items():
            evs.sort(key=lambda e: (e["ts_ms"], e["txn_id"]))
            big = [e for e in evs if e["amount_fen"] >= 500000]
            fl = big[0] if big else max(evs, key=lambda e: e["amount_fen"])
            lab.append({"kind": "victim", "phone": v.phone, "account": fl["payer_account"], "typology": typ,
                        "first_large_txn_id": fl["txn_id"], "first_large_ts_ms": fl["ts_ms"]})
            for e in evs:
                scam_lines.append({"kind": "scam_txn", "txn_id": e["txn_id"], "typology": typ, "victim_phone": v.phone,
                                   "ts_ms": e["ts_ms"], "amount_fen": e["amount_fen"]})
        scam_lines.sort(key=lambda x: x["ts_ms"])
        lab.extend(scam_lines)
        for m in self.mule_list:
            if any(x[1] > 0 for x in m["in"]):
                lab.append({"kind": "mule", "account": m["acct"].no, "layer": m["layer"]})
        with open(os.path.join(out, "labels.jsonl"), "w", encoding="utf-8") as f:
            for x in lab:
                f.write(dumps(x) + "\n")
        return len(lines), lab


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--persons", type=int, default=5000)
    ap.add_argument("--days", type=int, default=7, help="labelled days (scams happen here)")
    ap.add_argument("--history-days", type=int, default=7, help="ordinary life before the labelled week")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    w = World(a.persons, a.days, a.history_days, a.seed)
    w.build()
    w.legit()
    w.mules()
    w.crews()
    w.tw = {t: w.target_weights(t) for t in w.crews_by}
    w.victims()
    w.dialing()
    w.launder()
    w.watchlists()
    n, lab = w.write(a.out)
    nv = sum(1 for x in lab if x["kind"] == "victim")
    nm = sum(1 for x in lab if x["kind"] == "mule")
    print("events=%d transactions=%d calls=%d watchlist=%d victims=%d mules=%d" % (
        n, len(w.txns), len(w.calls), len(w.watch), nv, nm))


if __name__ == "__main__":
    main()
