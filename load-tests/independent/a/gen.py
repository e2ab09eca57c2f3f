#!/usr/bin/env python3
"""Independent test world for a telecom-fraud stream processor.

Usage: python3 gen.py --persons 5000 --days 7 --seed S --out DIR

Writes DIR/events.jsonl (contract events: transaction, call start/end, watchlist)
and DIR/labels.jsonl (meta, victim, scam_txn, mule).  Standard library only;
output is a pure function of the arguments.
"""
import argparse
import heapq
import json
import math
import os
import random
from datetime import datetime, timedelta, timezone

TZ = timezone(timedelta(hours=8))
T0 = int(datetime(2026, 11, 1, tzinfo=TZ).timestamp() * 1000)  # 2026-11-01 00:00 Asia/Shanghai
SEC, MIN, HOUR, DAY = 1000, 60000, 3600000, 86400000
YUAN = 100

TYPOLOGIES = ["impersonation_police", "fake_customer_service", "task_rebate",
              "fake_investment", "loan_scam"]

BANKS = [("ICBC", 18, "622202"), ("CCB", 15, "621700"), ("ABC", 14, "622848"),
         ("BOC", 10, "621661"), ("PSBC", 10, "621799"), ("BOCOM", 6, "622260"),
         ("CMB", 7, "622588"), ("YTRCB", 6, "622319"), ("CIB", 4, "622909"),
         ("SPDB", 3, "622521"), ("CITIC", 3, "622690"), ("CEB", 2, "622666"),
         ("CMBC", 2, "622622")]
BANK_NAMES = [b[0] for b in BANKS]
BANK_W = [b[1] for b in BANKS]
BIN = {b[0]: b[2] for b in BANKS}
SERVICE_LINE = {"ICBC": "95588", "CCB": "95533", "ABC": "95599", "BOC": "95566",
                "PSBC": "95580", "BOCOM": "95559", "CMB": "95555", "YTRCB": "96668",
                "CIB": "95561", "SPDB": "95528", "CITIC": "95558", "CEB": "95595",
                "CMBC": "95568"}

HOME = "370600"
OTHER_REGIONS = ["370200", "370100", "371000", "370700", "370800", "230100", "210200",
                 "410100", "320500", "110000", "310000", "130100", "220100", "340100"]
FAR_REGIONS = ["450100", "350500", "530100", "440300", "360100", "520100", "460100",
               "440900", "350200", "430100"]

SURN = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅玉兰志强海燕晓东春梅鹏辉宇浩然欣怡子涵雨轩梓萱一诺思远佳琪俊杰文博晨阳婷婷雪丽凤琴淑珍德胜")
CO_HEAD = ["烟台", "芝罘", "莱山", "福山", "蓬莱", "龙口", "牟平", "招远", "莱阳", "海阳", "栖霞"]
CO_MID = ["华信", "鑫源", "恒通", "瑞丰", "宏达", "金海", "东方", "远航", "顺达", "盛世", "永安",
          "新泰", "博远", "中正", "天润", "广源", "汇丰", "荣昌", "佳和", "联创", "润泽", "益民"]


def clamp(x, a, b):
    return a if x < a else b if x > b else x


class World:
    def __init__(self, seed, persons, days):
        self.r = random.Random(seed)
        self.seed = seed
        self.P = persons
        self.days = days
        self.tend = T0 + days * DAY
        self.ev = []          # (ts, seq, dict)
        self.seq = 0
        self.ntx = self.ncall = self.nw = 0
        self.phones = set()
        self.accts = set()
        self.dates = [datetime.fromtimestamp((T0 + d * DAY) / 1000, TZ).strftime("%Y%m%d")
                      for d in range(days + 40)]
        self.scam = []        # scam_txn label dicts
        self.victims = []
        self.stat = {}
        self._prof_cache = {}

    # ------------------------------------------------------------ helpers
    def bump(self, k, n=1):
        self.stat[k] = self.stat.get(k, 0) + n

    def pois(self, lam):
        r = self.r
        if lam <= 0:
            return 0
        if lam > 40:
            return max(0, int(round(r.gauss(lam, math.sqrt(lam)))))
        L, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= r.random()
            if p <= L:
                return k
            k += 1

    def logn(self, median, sigma):
        return median * math.exp(self.r.gauss(0, sigma))

    def at(self, day, prof):
        """random ms timestamp on `day` following hourly profile."""
        key = id(prof)
        cw = self._prof_cache.get(key)
        if cw is None:
            cw, s = [], 0.0
            for w in prof:
                s += w
                cw.append(s)
            self._prof_cache[key] = cw
        h = self.r.choices(range(24), cum_weights=cw)[0]
        return T0 + day * DAY + h * HOUR + self.r.randrange(HOUR)

    def weekday(self, day):  # 0 = Monday; T0 (day 0) is Sunday
        return (day + 6) % 7

    def name(self, surname=None):
        r = self.r
        s = surname or r.choice(SURN)
        return s + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2, 2))))

    def coname(self, kind):
        r = self.r
        return r.choice(CO_HEAD) + r.choice(CO_MID) + kind

    def phone(self, kind="mobile"):
        r = self.r
        while True:
            if kind == "virtual":
                p = r.choice(("170", "171", "165", "167")) + "%08d" % r.randrange(10 ** 8)
            else:
                p = r.choice(("130", "131", "132", "133", "135", "136", "137", "138", "139",
                              "150", "151", "152", "155", "156", "157", "158", "159", "166",
                              "177", "180", "181", "182", "183", "185", "186", "187", "188",
                              "189", "198", "199")) + "%08d" % r.randrange(10 ** 8)
            if p not in self.phones:
                self.phones.add(p)
                return p

    def acctno(self, bank, corp=False):
        r = self.r
        while True:
            if corp:
                a = str(r.randrange(1, 10)) + "".join(str(r.randrange(10)) for _ in range(r.choice((14, 16, 18))))
            else:
                a = BIN[bank] + "".join(str(r.randrange(10)) for _ in range(r.choice((10, 13))))
            if a not in self.accts:
                self.accts.add(a)
                return a

    def device(self):
        return "dev-%08x" % self.r.getrandbits(32)

    def ip(self, pool="cn"):
        r = self.r
        if pool == "cn":
            a = r.choice((112, 113, 119, 123, 60, 27, 124, 39, 223, 117))
        else:
            a = r.choice((103, 45, 154, 156, 43, 202, 210, 185))
        return "%d.%d.%d.%d" % (a, r.randrange(256), r.randrange(256), r.randrange(1, 255))

    def new_acct(self, name, bank=None, phone=None, corp=False, device=None, ips=None):
        bank = bank or self.r.choices(BANK_NAMES, BANK_W)[0]
        return {"acct": self.acctno(bank, corp), "bank": bank, "name": name, "phone": phone,
                "device": device, "ips": ips or []}

    # ------------------------------------------------------------ emitters
    def push(self, ts, e):
        self.seq += 1
        self.ev.append((ts, self.seq, e))

    def txn(self, ts, payer, payee, amt, channel, device=None, ip=None, payer_phone=True):
        amt = int(amt)
        if amt <= 0:
            return None
        ts = int(ts)
        self.ntx += 1
        d = (ts - T0) // DAY
        tid = "%s%s%09d" % (payer["bank"], self.dates[max(0, d)], self.ntx)
        e = {"type": "transaction", "event_id": "ix-t%08d" % self.ntx, "ts_ms": ts, "txn_id": tid,
             "payer_account": payer["acct"], "payer_bank": payer["bank"]}
        if payer_phone and payer.get("phone"):
            e["payer_phone"] = payer["phone"]
        e["payee_account"] = payee["acct"]
        e["payee_bank"] = payee["bank"]
        if payee.get("name"):
            e["payee_name"] = payee["name"]
        e["amount_fen"] = amt
        e["currency"] = "CNY"
        e["channel"] = channel
        if channel not in ("atm", "counter"):
            dev = device or payer.get("device")
            if dev:
                e["device_id"] = dev
            ipx = ip or (self.r.choice(payer["ips"]) if payer.get("ips") else None)
            if ipx:
                e["ip"] = ipx
        self.push(ts, e)
        return e

    def call(self, ts, caller, kind, cregion, callee, eregion, dur, spoof=None):
        ts, dur = int(ts), int(max(1, dur))
        if ts < T0 or ts + dur * SEC + 999 >= self.tend:
            return None
        self.ncall += 1
        cid = "ixc-%d-%07d" % (self.seed, self.ncall)
        base = {"type": "call", "call_id": cid, "caller": caller, "callee": callee,
                "caller_kind": kind}
        if cregion:
            base["caller_region"] = cregion
        if eregion:
            base["callee_region"] = eregion
        if spoof is None and self.r.random() < 0.0015:
            spoof = True  # operator verification false positive
        if spoof is not None:
            base["spoof_suspected"] = spoof
        s = dict(base, event_id="ix-c%08d-s" % self.ncall, ts_ms=ts, phase="start")
        end_ts = ts + dur * SEC + self.r.randrange(1000)
        e = dict(base, event_id="ix-c%08d-e" % self.ncall, ts_ms=end_ts, phase="end", duration_s=dur)
        self.push(ts, s)
        self.push(end_ts, e)
        return (ts, end_ts)

    def watch(self, ts, op, entity, value, lst, reason):
        ts = int(ts)
        if ts < T0 or ts >= self.tend:
            return
        self.nw += 1
        self.push(ts, {"type": "watchlist", "event_id": "ix-w%06d" % self.nw, "ts_ms": ts,
                       "op": op, "entity": entity, "value": value, "list": lst, "reason": reason})


# hourly profiles (Beijing time)
P_SPEND = [0.3, 0.15, 0.08, 0.05, 0.05, 0.1, 0.4, 1.2, 1.6, 1.5, 1.5, 2.2, 2.6, 1.6, 1.3, 1.3, 1.4,
           1.8, 2.6, 2.6, 2.2, 1.6, 1.0, 0.6]
P_CALL = [0.1, 0.05, 0.03, 0.02, 0.03, 0.1, 0.4, 1.0, 1.8, 2.0, 2.0, 1.8, 1.4, 1.3, 1.8, 1.9, 1.9,
          1.8, 1.9, 2.0, 1.8, 1.3, 0.7, 0.3]
P_WORK = [0, 0, 0, 0, 0, 0, 0, 0.3, 1.5, 2, 2, 1.6, 0.6, 1.0, 2, 2, 1.8, 1.2, 0.3, 0.1, 0, 0, 0, 0]
P_EVE = [0.2, 0.05, 0, 0, 0, 0, 0, 0.1, 0.1, 0.1, 0.2, 0.4, 0.6, 0.3, 0.2, 0.2, 0.3, 0.6, 1.2, 2.0,
         2.4, 2.2, 1.5, 0.7]
P_DINNER = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.8, 1.6, 0.6, 0, 0, 0, 0.4, 1.8, 2.2, 1.6, 0.8, 0.4, 0.1]
P_SCAM = [0, 0, 0, 0, 0, 0, 0, 0, 0.3, 1.6, 2.0, 1.8, 0.6, 0.5, 1.6, 2.0, 2.0, 1.5, 0.6, 1.0, 1.0,
          0.6, 0.2, 0]
P_BATCH = [0.2, 1.0, 1.5, 1.5, 1.2, 0.8, 0.4, 0.2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]


# ====================================================================== population
def build_population(w):
    r = w.r
    P = w.P
    persons = []
    bands = [((18, 24), 10), ((25, 34), 19), ((35, 44), 18), ((45, 54), 19), ((55, 64), 16),
             ((65, 79), 14), ((80, 90), 4)]
    for i in range(P):
        lo, hi = r.choices([b[0] for b in bands], [b[1] for b in bands])[0]
        age = r.randint(lo, hi)
        region = HOME if r.random() < 0.85 else r.choice(OTHER_REGIONS)
        pkind = "virtual" if r.random() < 0.03 else "mobile"
        ph = w.phone(pkind)
        nm = w.name()
        dev = w.device()
        ips = [w.ip() for _ in range(r.randint(1, 3))]
        nacc = 2 if r.random() < (0.38 if 25 <= age <= 60 else 0.2) else 1
        accts = [w.new_acct(nm, phone=ph, device=dev, ips=ips) for _ in range(nacc)]
        med = {18: 8000, 25: 40000, 35: 90000, 45: 130000, 55: 180000, 65: 200000, 80: 120000}[lo]
        savings = int(clamp(w.logn(med, 1.0), 800, 3_000_000)) * YUAN
        persons.append({"i": i, "age": age, "name": nm, "phone": ph, "pkind": pkind,
                        "region": region, "dev": dev, "ips": ips, "accts": accts,
                        "savings": savings, "family": [], "friends": [], "work": [],
                        "partner": None})
    return persons


def ext_person(w, region=None, surname=None, kind="mobile"):
    ph = w.phone(kind)
    nm = w.name(surname)
    return {"phone": ph, "region": region or (HOME if w.r.random() < 0.5 else w.r.choice(OTHER_REGIONS + FAR_REGIONS)),
            "name": nm, "acct": None, "ext": True}


def ext_acct(w, ep):
    if ep["acct"] is None:
        ep["acct"] = w.new_acct(ep["name"], phone=ep["phone"], device=w.device(), ips=[w.ip()])
    return ep["acct"]


def build_social(w, persons):
    r = w.r
    P = len(persons)
    # households
    i = 0
    households = []
    order = list(range(P))
    r.shuffle(order)
    while i < P:
        k = r.choices((1, 2, 3, 4), (22, 38, 25, 15))[0]
        hh = order[i:i + k]
        households.append(hh)
        i += k
    for hh in households:
        if len(hh) >= 2:
            persons[hh[0]]["partner"] = hh[1]
            persons[hh[1]]["partner"] = hh[0]
        for a in hh:
            persons[a]["hh"] = hh
            persons[a]["family"] = [("p", b) for b in hh if b != a]
    for p in persons:
        for _ in range(r.randint(1, 4)):  # relatives elsewhere (parents, siblings)
            p["family"].append(("e", ext_person(w, surname=p["name"][0])))
        for _ in range(r.randint(2, 9)):
            f = r.randrange(P)
            if f != p["i"]:
                p["friends"].append(("p", f))
        for _ in range(r.randint(1, 6)):
            p["friends"].append(("e", ext_person(w)))
    # family abroad: ~1.2 % of households
    abroad = []
    cc = [("+44", "GB", 10), ("+1", "US", 11), ("+61", "AU", 9), ("+81", "JP", 9), ("+65", "SG", 8),
          ("+64", "NZ", 8), ("+49", "DE", 10), ("+971", "AE", 9), ("+82", "KR", 9)]
    for hh in households:
        if r.random() < 0.013:
            c, reg, nd = r.choice(cc)
            head = persons[hh[0]]
            rel = {"phone": c + "".join(str(r.randrange(10)) for _ in range(nd)), "region": reg,
                   "name": w.name(head["name"][0]),
                   "acct": w.new_acct(w.name(head["name"][0]), bank=r.choice(("BOC", "ICBC", "CMB")))}
            rel["acct"]["name"] = rel["name"]
            for a in hh:
                persons[a]["abroad"] = rel
            abroad.append(hh)
    w.stat["households_with_family_abroad"] = len(abroad)
    return households


# ====================================================================== legit world
def build_orgs(w, persons):
    r = w.r
    P = len(persons)
    # merchants: categories with spend ranges (yuan) and popularity
    cats = [("supermarket", 6, 30, 600, 25, "超市", "pos"),
            ("convenience", 60, 5, 80, 2, "便利店", "third_party"),
            ("restaurant", 160, 25, 400, 1.2, "餐饮店", "third_party"),
            ("pharmacy", 25, 15, 300, 1, "大药房", "pos"),
            ("clothing", 40, 80, 1500, 0.6, "服饰店", "pos"),
            ("electronics", 12, 300, 9000, 0.4, "数码城", "pos"),
            ("fuel", 10, 150, 500, 3, "加油站", "pos"),
            ("utility", 4, 50, 600, 40, "", "online_banking")]
    util_names = ["国网山东省电力公司烟台供电公司", "中国移动通信集团山东有限公司", "烟台市自来水有限公司",
                  "烟台华润燃气有限公司"]
    merchants = []
    scale = P / 5000.0
    for cat, n, lo, hi, pop, suffix, ch in cats:
        n = max(1, int(round(n * scale))) if cat not in ("supermarket", "utility") else n
        for k in range(n):
            nm = util_names[k % 4] if cat == "utility" else w.coname(suffix)
            m = w.new_acct(nm, corp=True)
            m.update(cat=cat, lo=lo, hi=hi, ch=ch)
            # popularity: heavy tail so a few merchants get huge fan-in
            m["pop"] = pop * (min(12.0, r.paretovariate(1.3)) if cat not in ("utility",) else 1)
            merchants.append(m)
    # platforms
    tenpay = {"acct": "243300133", "bank": "TENPAY", "name": "财付通支付科技有限公司"}
    alipay = {"acct": "215500690", "bank": "ALIPAY", "name": "支付宝（中国）网络技术有限公司"}
    # shop owners (population) own some restaurants/convenience/clothing shops
    owners = []
    small = [m for m in merchants if m["cat"] in ("restaurant", "convenience", "clothing", "pharmacy")]
    adults = [p for p in persons if 28 <= p["age"] <= 62]
    for m in small:
        if r.random() < 0.6 and adults:
            o = r.choice(adults)
            m["phone"] = o["phone"]
            m["device"] = o["dev"]
            m["ips"] = o["ips"]
            m["owner"] = o["i"]
            owners.append(m)
    suppliers = [w.new_acct(w.coname(r.choice(("食品有限公司", "商贸有限公司", "农产品批发部", "服装厂", "物流有限公司", "酒水经销部"))), corp=True)
                 for _ in range(max(20, int(150 * scale)))]
    # employers
    employers = []
    for k in range(max(10, int(90 * scale))):
        e = w.new_acct(w.coname(r.choice(("有限公司", "科技有限公司", "机械制造有限公司", "建筑工程有限公司", "医院", "学校", "食品有限公司"))), corp=True)
        e["phone"] = w.phone() if r.random() < 0.6 else None   # finance officer's phone on some corporate accounts
        e["device"] = w.device()
        e["ips"] = [w.ip()]
        e["size"] = r.paretovariate(1.1)
        pd = r.choices([1, 3, 5, 6, 7, 10, 15, 20, 25, 28], [3, 2, 10, 3, 3, 25, 22, 12, 12, 8])[0]
        e["payday"] = pd
        e["emps"] = []
        employers.append(e)
    sizes = [e["size"] for e in employers]
    for p in persons:
        if 20 <= p["age"] <= 60 and r.random() < 0.55:
            e = r.choices(employers, sizes)[0]
            e["emps"].append(p["i"])
            p["employer"] = e
    for e in employers:
        em = e["emps"]
        for a in em:
            p = persons[a]
            for _ in range(min(len(em) - 1, r.randint(1, 5))):
                b = r.choice(em)
                if b != a:
                    p["work"].append(("p", b))
    for p in persons:
        if p.get("employer") is None and 20 <= p["age"] <= 60:
            p["work"] += [("e", ext_person(w, region=HOME)) for _ in range(r.randint(0, 4))]
        elif p.get("employer"):
            p["work"] += [("e", ext_person(w, region=HOME)) for _ in range(r.randint(0, 3))]
    lenders = [{"acct": "CF%010d" % r.randrange(10 ** 10), "bank": b, "name": n} for b, n in
               (("CMB", "招联消费金融股份有限公司"), ("ICBC", "马上消费金融股份有限公司"),
                ("CCB", "重庆蚂蚁消费金融有限公司"), ("BOC", "中银消费金融有限公司"))]
    courier_nums = [w.phone("virtual") for _ in range(max(30, P // 12))]
    return {"courier_nums": courier_nums, "lenders": lenders, "merchants": merchants, "tenpay": tenpay, "alipay": alipay, "owners": owners,
            "suppliers": suppliers, "employers": employers}


def legit(w, persons, orgs):
    r = w.r
    P = len(persons)
    days = w.days
    merchants = orgs["merchants"]
    mcum, acc = [], 0.0
    for m in merchants:
        acc += m["pop"]
        mcum.append(acc)
    tenpay, alipay = orgs["tenpay"], orgs["alipay"]

    def pacct(p):
        return p["accts"][0]

    def contact_phone(c):
        return (persons[c[1]]["phone"], persons[c[1]]["region"]) if c[0] == "p" else (c[1]["phone"], c[1]["region"])

    def contact_acct(c):
        return pacct(persons[c[1]]) if c[0] == "p" else ext_acct(w, c[1])

    def ptxn(ts, p, payee, amt, ch=None, acct=None):
        ch = ch or r.choices(("mobile_app", "online_banking", "third_party"), (75, 10, 15))[0]
        e = w.txn(ts, acct or pacct(p), payee, amt, ch)
        if e:
            w.bump("legit_txn")
        return e

    def pcall(ts, caller, kind, creg, p, dur, spoof=None):
        c = w.call(ts, caller, kind, creg, p["phone"], p["region"], dur, spoof)
        if c:
            w.bump("legit_call")
        return c

    def pk(p):
        return p["pkind"]

    # --- landlords and rental agencies
    landlords = [p for p in persons if p["age"] >= 40 and r.random() < 0.03]
    agencies = [w.new_acct(w.coname(r.choice(("房屋租赁有限公司", "房地产经纪有限公司", "公寓管理有限公司"))), corp=True) for _ in range(4)]
    bank_loan = {b: {"acct": "LN" + BIN[b] + "0000%04d" % k, "bank": b, "name": "个人贷款还款专户"} for k, b in enumerate(BANK_NAMES)}
    securities = [("HTSC", "华泰证券"), ("GTJA", "国泰君安"), ("CITICS", "中信证券"), ("ZSZQ", "招商证券")]
    lenders = orgs["lenders"]
    gig = w.new_acct("城市即时配送服务有限公司", corp=True)
    gig["phone"] = None
    gig["device"] = w.device()
    gig["ips"] = [w.ip()]
    courier_nums = orgs["courier_nums"]
    ride_nums = [w.phone("virtual") for _ in range(max(10, P // 50))]
    tele = []
    for _ in range(max(8, P // 160)):
        k = r.choices(("virtual", "landline", "mobile"), (50, 30, 20))[0]
        num = w.phone("virtual") if k == "virtual" else ("0535" + "%07d" % r.randrange(10 ** 7) if k == "landline" else w.phone())
        tele.append((num, k, r.choice(FAR_REGIONS + OTHER_REGIONS + [HOME])))
    institutions = ["0535" + "%07d" % r.randrange(10 ** 7) for _ in range(40)]

    # per-person traits
    for p in persons:
        a = p["age"]
        p["call_rate"] = clamp(w.logn(0.9 if a < 65 else 0.6, 0.5), 0.1, 6)
        p["spend_rate"] = clamp(w.logn(1.1 if a < 60 else 0.55, 0.6), 0.05, 6)
        p["renter"] = 22 <= a <= 45 and r.random() < 0.33 and p["hh"][0] == p["i"]
        p["loan_day"] = r.randint(1, 28) if (28 <= a <= 60 and r.random() < 0.28) else None
        p["cc_day"] = r.randint(1, 28) if (22 <= a <= 65 and r.random() < 0.35) else None
        p["atm_rate"] = 0.1 if a >= 60 else 0.025
        p["stock"] = r.random() < 0.04 and a >= 25
        p["gig"] = r.random() < 0.015 and 20 <= a <= 45
        p["daigou"] = r.random() < 0.005 and 22 <= a <= 50
    renters = [p for p in persons if p["renter"]]
    for p in renters:
        k = r.random()
        if k < 0.4 and landlords:
            ll = r.choice(landlords)
            p["landlord"] = pacct(ll)
        elif k < 0.8:
            p["landlord"] = ext_acct(w, ext_person(w, region=HOME))
        else:
            p["landlord"] = r.choice(agencies)
        p["rent"] = int(r.choice(range(1200, 5001, 100))) * YUAN
        p["rent_day"] = min(days - 1, int(r.choices((0, 1, 2, 3, 4, 5), (30, 25, 15, 12, 10, 8))[0]))

    for d in range(days):
        wd = w.weekday(d)
        weekend = wd >= 5
        for p in persons:
            # ---------------- calls among contacts
            n = w.pois(p["call_rate"])
            for _ in range(n):
                k = r.random()
                prof = P_CALL
                if k < 0.45 and p["family"]:
                    c = r.choice(p["family"])
                    dur = w.logn(150 if p["age"] < 60 else 220, 1.1)
                    if c[0] == "p" and c[1] == p["partner"] and r.random() < 0.06:
                        dur = r.uniform(20, 95) * 60
                elif k < 0.8 or not p["work"] or weekend:
                    c = r.choice(p["friends"])
                    dur = w.logn(110, 1.05)
                    if r.random() < 0.03:
                        dur = r.uniform(15, 80) * 60
                else:
                    c = r.choice(p["work"])
                    dur = w.logn(85, 0.9)
                    prof = P_WORK
                ts = w.at(d, prof)
                cph, creg = contact_phone(c)
                # direction: p calls c, or c calls p
                if r.random() < 0.5:
                    callee_p = persons[c[1]] if c[0] == "p" else None
                    if callee_p:
                        pcall(ts, p["phone"], pk(p), p["region"], callee_p, clamp(dur, 3, 7200))
                    else:
                        if w.call(ts, p["phone"], pk(p), p["region"], cph, creg, clamp(dur, 3, 7200)):
                            w.bump("legit_call")
                else:
                    kind = pk(persons[c[1]]) if c[0] == "p" else ("mobile" if r.random() < 0.93 else r.choice(("landline", "virtual")))
                    pcall(ts, cph, kind, creg, p, clamp(dur, 3, 7200))
            # courier / ride-hailing privacy numbers
            for _ in range(w.pois(0.18 if not weekend else 0.1) if p["age"] < 75 else w.pois(0.05)):
                ts = w.at(d, P_WORK)
                pcall(ts, r.choice(courier_nums), "virtual", r.choice((HOME, HOME, "370000")), p,
                      r.uniform(8, 45) if r.random() < 0.72 else r.uniform(45, 160))
            if r.random() < 0.04:
                pcall(w.at(d, P_CALL), r.choice(ride_nums), "virtual", HOME, p, r.uniform(15, 120))
            # telemarketing
            for _ in range(w.pois(0.12)):
                num, kind, reg = r.choice(tele)
                x = r.random()
                dur = r.uniform(2, 12) if x < 0.62 else r.uniform(12, 60) if x < 0.9 else r.uniform(60, 420)
                pcall(w.at(d, P_WORK), num, kind, reg, p, dur)
            # bank service line
            if r.random() < 0.025:
                b = r.choice([a["bank"] for a in p["accts"]] + [r.choice(BANK_NAMES)])
                pcall(w.at(d, P_WORK), SERVICE_LINE[b], "landline", "", p, r.uniform(40, 480))
            # foreign business contacts / friends abroad; company IP-PBX and app hotlines on VoIP; hidden numbers
            if r.random() < 0.004:
                cc = r.choice(("+852", "+1", "+82", "+81", "+49", "+65", "+44"))
                pcall(w.at(d, P_WORK), cc + "%09d" % r.randrange(10 ** 9), "international", {"+852": "HK", "+1": "US", "+82": "KR", "+81": "JP", "+49": "DE", "+65": "SG", "+44": "GB"}[cc], p, w.logn(240, 1.0))
            if r.random() < 0.01:
                pcall(w.at(d, P_WORK), "0086" + "%09d" % r.randrange(10 ** 9) if r.random() < 0.3 else "95" + "%06d" % r.randrange(10 ** 6), "voip", "", p, w.logn(120, 0.9))
            if r.random() < 0.003:
                pcall(w.at(d, P_CALL), "%010d" % r.randrange(10 ** 10), "unknown", "", p, w.logn(60, 1.0))
            # institutions (hospital, school, community office)
            if r.random() < 0.025:
                pcall(w.at(d, P_WORK), r.choice(institutions), "landline", HOME, p, w.logn(90, 0.8))

            # ---------------- spending at merchants (huge fan-in)
            for _ in range(w.pois(p["spend_rate"])):
                m = r.choices(merchants, cum_weights=mcum)[0]
                if m["cat"] == "utility" and r.random() < 0.7:
                    continue
                amt = int(clamp(w.logn(math.sqrt(m["lo"] * m["hi"]), 0.7), m["lo"] * 0.3, m["hi"] * 1.5) * YUAN) + r.randrange(100)
                ch = m["ch"] if r.random() < 0.7 else r.choice(("pos", "third_party", "mobile_app"))
                ptxn(w.at(d, P_DINNER if m["cat"] == "restaurant" else P_SPEND), p, m, amt, ch)
            # wallet top-up (Alipay / WeChat Pay)
            if r.random() < 0.18 and p["age"] < 70:
                amt = r.choice((100, 200, 300, 500, 500, 1000, 2000)) * YUAN if r.random() < 0.7 else int(w.logn(400, 0.8)) * YUAN
                ptxn(w.at(d, P_SPEND), p, r.choice((tenpay, alipay)), amt, "third_party")
            # P2P to family / friends (red packets, support, repayments)
            if r.random() < 0.16:
                c = r.choice(p["family"] if r.random() < 0.55 else p["friends"])
                amt = r.choice((100, 200, 200, 300, 500, 500, 800, 1000, 1000, 2000, 3000, 5000)) if r.random() < 0.6 else int(w.logn(300, 1.1)) + 1
                if p["age"] >= 45 and r.random() < 0.2:
                    amt = r.choice((2000, 3000, 5000, 10000, 20000))
                ptxn(w.at(d, P_SPEND), p, contact_acct(c), amt * YUAN)
            # incoming from external contacts
            if r.random() < 0.05:
                c = r.choice(p["family"] + p["friends"])
                if c[0] == "e":
                    ea = ext_acct(w, c[1])
                    if w.txn(w.at(d, P_SPEND), ea, pacct(p), int(w.logn(500, 1.0)) * YUAN, "mobile_app"):
                        w.bump("legit_txn")
            # bill splitting after a dinner
            if r.random() < (0.05 if weekend else 0.025) and p["age"] < 65:
                rest = [m for m in r.choices(merchants, cum_weights=mcum, k=6) if m["cat"] == "restaurant"]
                if rest:
                    ts = w.at(d, P_DINNER)
                    k = r.randint(2, 7)
                    bill = int(w.logn(90 * (k + 1), 0.4) * YUAN) + r.randrange(100)
                    ptxn(ts, p, rest[0], bill, "pos")
                    share = bill // (k + 1) // 100 * 100 + r.choice((0, 100, 0))
                    fr = [c for c in p["friends"]]
                    r.shuffle(fr)
                    for c in fr[:k]:
                        t2 = ts + int(r.expovariate(1 / (25 * MIN)))
                        if c[0] == "p":
                            ptxn(t2, persons[c[1]], pacct(p), share)
                        else:
                            if w.txn(t2, ext_acct(w, c[1]), pacct(p), share, "mobile_app"):
                                w.bump("legit_txn")
                    w.bump("bill_splits")
            # second-hand purchase from a stranger (new individual payee)
            if r.random() < 0.01 and p["age"] < 60:
                seller = ext_acct(w, ext_person(w))
                ptxn(w.at(d, P_SPEND), p, seller, int(w.logn(600, 1.0)) * YUAN)
                w.bump("secondhand")
            # ATM withdrawal
            if r.random() < p["atm_rate"]:
                a = r.choice(p["accts"])
                atm = {"acct": "ATM-%s-%s-%03d" % (a["bank"], HOME, r.randrange(300)), "bank": a["bank"], "name": "ATM取款"}
                w.txn(w.at(d, P_SPEND), a, atm, r.choice((100, 200, 300, 500, 500, 1000, 1000, 2000, 3000)) * YUAN, "atm")
                w.bump("legit_txn")
                w.bump("atm_legit")
            # own-account transfer
            if len(p["accts"]) == 2 and r.random() < 0.05:
                a, b = p["accts"] if r.random() < 0.5 else p["accts"][::-1]
                amt = int(w.logn(5000, 1.2)) if r.random() < 0.85 else r.choice((50000, 100000, 200000))
                ptxn(w.at(d, P_SPEND), p, b, amt * YUAN, r.choice(("mobile_app", "online_banking")), acct=a)
                w.bump("own_transfer")
            # rent
            if p["renter"] and d == p["rent_day"]:
                ptxn(w.at(d, P_SPEND), p, p["landlord"], p["rent"])
                w.bump("rent")
            # loan auto-debit / credit-card repayment (day-of-month = d+1)
            if p["loan_day"] == d + 1:
                b = pacct(p)["bank"]
                amt = int(w.logn(3500, 0.5)) * YUAN + r.randrange(100)
                if w.txn(w.at(d, P_BATCH), pacct(p), bank_loan[b], amt, "online_banking"):
                    w.bump("legit_txn")
                    w.bump("loan_repay")
            if p["cc_day"] == d + 1:
                bank = r.choice(BANK_NAMES)
                cc = {"acct": BIN[bank][:4] + "55%010d" % (p["i"] * 7919 % 10 ** 10), "bank": bank, "name": p["name"]}
                ptxn(w.at(d, P_SPEND), p, cc, int(w.logn(3000, 1.0)) * YUAN + r.randrange(100))
                w.bump("cc_repay")
            # bank-securities transfer on trading days
            if p["stock"] and not weekend and r.random() < 0.12:
                code, nm = r.choice(securities)
                sec = {"acct": "%s%010d" % (code, p["i"]), "bank": code, "name": p["name"]}
                t = T0 + d * DAY + int(r.uniform(9.3, 15) * HOUR)
                ptxn(t, p, sec, r.choice((10000, 20000, 30000, 50000, 100000)) * YUAN, "online_banking")
                w.bump("securities")
            # gig workers paid daily by a platform (fan-out)
            if p["gig"]:
                t = T0 + d * DAY + int(r.uniform(21, 23.9) * HOUR)
                if w.txn(t, gig, pacct(p), int(w.logn(260, 0.4) * YUAN), "third_party"):
                    w.bump("legit_txn")
            # daigou / WeChat seller: fan-in from strangers, fan-out to supplier
            if p["daigou"]:
                tot = 0
                for _ in range(r.randint(1, 6)):
                    buyer = persons[r.randrange(P)] if r.random() < 0.4 else None
                    amt = int(w.logn(300, 0.8)) * YUAN
                    t = w.at(d, P_EVE)
                    if buyer:
                        ptxn(t, buyer, pacct(p), amt)
                    else:
                        if w.txn(t, ext_acct(w, ext_person(w)), pacct(p), amt, "mobile_app"):
                            w.bump("legit_txn")
                    tot += amt
                if r.random() < 0.5:
                    sup = p.setdefault("supplier", ext_acct(w, ext_person(w, region=r.choice(FAR_REGIONS))))
                    ptxn(T0 + d * DAY + int(r.uniform(22, 23.9) * HOUR), p, sup, int(tot * r.uniform(0.6, 0.85)) // 100 * 100)
                w.bump("daigou_days")
            # legit consumer loan taken (incoming from lender)
            if r.random() < 0.0007 and 22 <= p["age"] <= 55:
                if w.txn(w.at(d, P_SPEND), r.choice(lenders), pacct(p), r.choice((5000, 10000, 20000, 30000)) * YUAN, "online_banking"):
                    w.bump("legit_txn")
                    w.bump("legit_loan_in")

        # ---------------- payroll (fan-out)
        for e in orgs["employers"]:
            pd = e["payday"]
            # pay on payday, or the next working day if it falls on a weekend
            pay_d = pd - 1
            while w.weekday(pay_d) >= 5:
                pay_d += 1
            if pay_d == d and e["emps"]:
                t = T0 + d * DAY + int(r.uniform(9, 16) * HOUR)
                base = w.logn(6000, 0.3)
                for a in e["emps"]:
                    t += int(r.uniform(0.2, 3) * SEC)
                    w.txn(t, e, pacct(persons[a]), int(clamp(w.logn(base, 0.35), 2200, 60000) * YUAN) + r.randrange(100), "online_banking")
                    w.bump("legit_txn")
                    w.bump("payroll")
        # ---------------- shops paying suppliers and staff
        if not weekend:
            for m in orgs["owners"]:
                if r.random() < 0.22:
                    sup = r.choice(orgs["suppliers"]) if r.random() < 0.8 else w.new_acct(w.coname("商贸有限公司"), corp=True)
                    t = T0 + d * DAY + int(r.uniform(8.5, 17.5) * HOUR)
                    w.txn(t, m, sup, int(clamp(w.logn(12000, 0.9), 1500, 300000)) * YUAN, r.choice(("online_banking", "mobile_app")))
                    w.bump("legit_txn")
                    w.bump("supplier_pay")
        if d == min(days - 1, 4):
            for m in orgs["owners"]:
                if r.random() < 0.5:
                    t = T0 + d * DAY + int(r.uniform(18, 22) * HOUR)
                    for _ in range(r.randint(1, 4)):
                        t += int(r.uniform(10, 90) * SEC)
                        w.txn(t, m, pacct(persons[r.randrange(P)]), int(w.logn(4200, 0.2)) * YUAN, "mobile_app")
                        w.bump("legit_txn")
                        w.bump("shop_staff_pay")

    # ---------------- family abroad: long international calls, then money to family
    seen = set()
    for p in persons:
        rel = p.get("abroad")
        if not rel or p["age"] < 35:
            continue
        if p["hh"][0] in seen and r.random() < 0.5:
            continue
        seen.add(p["hh"][0])
        eve = {"GB": 19, "DE": 19, "AE": 14, "US": 8, "AU": 19, "NZ": 17, "JP": 20, "SG": 20, "KR": 20}.get(rel["region"], 20)
        for _ in range(r.randint(1, 4)):
            d = r.randrange(days)
            ts = T0 + d * DAY + int((eve + r.uniform(-1.5, 2.5)) * HOUR)
            dur = r.uniform(15, 95) * 60
            kind = "international" if r.random() < 0.75 else "voip"
            c = pcall(ts, rel["phone"], kind, rel["region"], p, dur)
            w.bump("abroad_calls")
            if c and r.random() < 0.4:
                if r.random() < 0.12:
                    amt = r.choice((60000, 80000, 100000, 150000, 200000))
                    payee = {"acct": "OV" + "%012d" % r.randrange(10 ** 12), "bank": "BOC", "name": r.choice(("University of Manchester", "University of Sydney", "Monash University", "UCLA Tuition"))}
                    t2 = c[1] + int(r.uniform(14, 30) * HOUR)
                    t2 = max(t2, T0 + ((t2 - T0) // DAY) * DAY + 9 * HOUR)
                    ptxn(t2, p, payee, amt * YUAN, "counter")
                else:
                    amt = r.choice((3000, 5000, 5000, 8000, 10000, 10000, 20000, 30000, 50000))
                    t2 = r.uniform(c[0] + 10 * MIN, c[1]) if r.random() < 0.4 else c[1] + r.uniform(5 * MIN, 6 * HOUR)
                    ptxn(t2, p, rel["acct"], amt * YUAN, "mobile_app")
                w.bump("abroad_transfers")

    # ---------------- large purchases to brand-new payees, often after a bank service-line call
    kinds = [("car", 25), ("renovation", 18), ("tuition", 10), ("rent_deposit", 20), ("medical", 10), ("furniture", 17)]
    nbig = int(round(P * days / 7 * 0.009))
    adults = [p for p in persons if 23 <= p["age"] <= 70]
    for _ in range(nbig):
        p = r.choice(adults)
        kind = r.choices([k[0] for k in kinds], [k[1] for k in kinds])[0]
        d = r.randrange(days)
        t = T0 + d * DAY + int(r.uniform(9, 18.5) * HOUR)
        if kind == "car":
            payee = w.new_acct(w.coname("汽车销售服务有限公司"), corp=True)
            parts = [r.choice((5000, 10000, 20000)), int(w.logn(120000, 0.45)) // 1000 * 1000]
        elif kind == "renovation":
            payee = w.new_acct(w.name()) if r.random() < 0.5 else w.new_acct(w.coname("装饰工程有限公司"), corp=True)
            parts = [int(w.logn(30000, 0.5)) // 1000 * 1000 for _ in range(r.randint(1, 3))]
        elif kind == "tuition":
            payee = w.new_acct(r.choice(("烟台大学", "鲁东大学", "山东工商学院", "烟台职业学院")) + r.choice(("", "学费专户")) if r.random() < 0.5 else w.coname("教育培训学校"), corp=True)
            parts = [r.choice((6800, 9800, 12800, 16000, 26800, 38000))]
        elif kind == "rent_deposit":
            payee = w.new_acct(w.name()) if r.random() < 0.6 else r.choice(agencies)
            mon = r.choice(range(1500, 6001, 100))
            parts = [mon, mon * r.choice((3, 3, 6, 12))]
        elif kind == "medical":
            payee = w.new_acct(r.choice(("烟台毓璜顶医院", "烟台山医院", "滨州医学院烟台附属医院", "烟台市中医医院")), corp=True)
            parts = [int(w.logn(20000, 0.7)) // 100 * 100]
        else:
            payee = w.new_acct(w.coname(r.choice(("家居有限公司", "电器商场", "家具城"))), corp=True)
            parts = [int(w.logn(15000, 0.6)) + r.randrange(100)]
        # a call first: dealer/agent/clinic on mobile, and/or the bank's service line
        if r.random() < 0.55:
            pcall(t - int(r.uniform(0.5, 48) * HOUR), w.phone(), "mobile", HOME, p, r.uniform(2, 15) * 60)
        during = False
        if r.random() < 0.45 and max(parts) >= 20000:
            b = pacct(p)["bank"]
            dur = r.uniform(90, 480)
            if r.random() < 0.5:
                cs = t - int(r.uniform(10, 60) * SEC)
                during = True
            else:
                cs = t - int(r.uniform(2, 60) * MIN) - int(dur * SEC)
            pcall(cs, SERVICE_LINE[b], "landline", "", p, dur)
            w.bump("bank_line_before_big")
        ch = r.choice(("online_banking", "mobile_app", "counter")) if max(parts) > 50000 else r.choice(("mobile_app", "online_banking"))
        for j, a in enumerate(parts):
            ptxn(t, p, payee, a * YUAN, ch)
            t += int(r.uniform(2, 30) * MIN) if j == 0 and kind != "car" else int(r.uniform(20, 72) * HOUR)
        w.bump("big_purchase_" + kind)


# ====================================================================== scams
class Mule:
    pass


def build_mules(w, persons, n_victims, groups):
    r = w.r
    n1 = max(3, int(round(n_victims * r.uniform(0.34, 0.44))))
    n2 = max(2, int(round(n1 * r.uniform(0.45, 0.6))))
    n3 = max(2, int(round(n2 * r.uniform(0.5, 0.7))))
    devs = [w.device() for _ in range(max(3, (n1 + n2 + n3) // 6))]
    ips = [w.ip("proxy") for _ in range(8)] + [w.ip() for _ in range(4)]
    young = [p for p in persons if 18 <= p["age"] <= 26 and not p.get("victim")]
    mules = []
    for layer, n in ((1, n1), (2, n2), (3, n3)):
        for _ in range(n):
            m = Mule()
            m.layer = layer
            corp = r.random() < (0.12 if layer == 1 else 0.25)
            if layer == 1 and not corp and r.random() < 0.12 and young:
                p = young.pop(r.randrange(len(young)))   # a local student who sold/rented a card
                a = w.new_acct(p["name"], phone=p["phone"], device=r.choice(devs), ips=[r.choice(ips)])
                p["sold_card"] = a  # the card is theirs on paper, but only used by the gang
                m.person = p["i"]
            else:
                nm = w.coname(r.choice(("商贸有限公司", "科技有限公司", "网络科技有限公司"))) if corp else w.name()
                a = w.new_acct(nm, corp=corp, phone=w.phone(r.choice(("mobile", "mobile", "virtual"))),
                               device=r.choice(devs), ips=[r.choice(ips)])
                a["bank"] = a["bank"]
                m.person = None
            a["ips"] = [r.choice(ips), r.choice(ips)]
            m.a = a
            m.down = []
            m.bal = 0
            m.pending = False
            m.first = None
            m.list_ts = None
            m.listed_decided = False
            m.active_from = T0 if r.random() < 0.6 else T0 + int(r.uniform(0, w.days * 0.6) * DAY)
            m.limit = 100000 if corp else r.choice((50000, 50000, 50000, 20000, 10000))
            m.atm_unit = r.choice((2000, 2500, 3000, 5000))
            m.atm_day = {}
            m.used = False
            mules.append(m)
    L1 = [m for m in mules if m.layer == 1]
    L2 = [m for m in mules if m.layer == 2]
    L3 = [m for m in mules if m.layer == 3]
    for m in L1:
        m.down = r.sample(L2, min(len(L2), r.randint(1, 3)))
    for m in L2:
        m.down = r.sample(L3, min(len(L3), r.randint(1, 2)))
    # assign layer-1 mules to scam groups; some laundering crews serve two groups
    r.shuffle(L1)
    for g in groups:
        g["mules"] = []
    for k, m in enumerate(L1):
        groups[k % len(groups)]["mules"].append(m)
        if r.random() < 0.25:
            r.choice(groups)["mules"].append(m)
    for g in groups:
        if len(g["mules"]) < 2:
            g["mules"] += r.sample(L1, min(len(L1), 2))
    return mules


def build_groups(w):
    r = w.r
    spec = [("impersonation_police", [("virtual", 30), ("international", 25), ("voip", 20), ("spoof_police", 25)], (70, 180), 2),
            ("impersonation_police", [("virtual", 35), ("international", 30), ("voip", 15), ("spoof_police", 20)], (60, 150), 1),
            ("fake_customer_service", [("virtual", 40), ("voip", 25), ("spoof_service", 20), ("mobile", 15)], (80, 220), 2),
            ("fake_customer_service", [("virtual", 45), ("voip", 20), ("spoof_service", 15), ("mobile", 20)], (60, 160), 1),
            ("loan_scam", [("mobile", 40), ("virtual", 40), ("voip", 20)], (60, 150), 1),
            ("task_rebate", [("virtual", 50), ("voip", 30), ("international", 20)], (30, 80), 1),
            ("fake_investment", [("voip", 50), ("international", 50)], (20, 60), 1),
            ("task_rebate", [("virtual", 60), ("mobile", 40)], (30, 70), 1)]
    groups = []
    for gi, (typ, kinds, dial, lanes) in enumerate(spec):
        g = {"id": gi, "typ": typ, "kinds": kinds, "dial": dial, "nums": []}
        for _ in range(lanes):
            t = T0 + int(r.uniform(-1.5, 0.5) * DAY)
            while t < w.tend:
                life = int(r.uniform(0.8, 3.0) * DAY)
                g["nums"].append(make_scam_number(w, kinds, max(t, T0), t + life))
                t += life
        groups.append(g)
    return groups


def make_scam_number(w, kinds, start, end):
    r = w.r
    k = r.choices([x[0] for x in kinds], [x[1] for x in kinds])[0]
    n = {"start": start, "end": end, "spoof": None, "victim_ts": None, "first": None}
    if k == "virtual":
        n.update(num=w.phone("virtual"), kind="virtual", region=r.choice(FAR_REGIONS + OTHER_REGIONS))
    elif k == "international":
        cc, reg = r.choice((("+852", "HK"), ("+855", "KH"), ("+63", "PH"), ("+95", "MM"), ("+886", "TW"),
                            ("+60", "MY"), ("+856", "LA"), ("+84", "VN")))
        n.update(num=cc + "".join(str(r.randrange(10)) for _ in range(r.choice((8, 9)))), kind="international", region=reg)
    elif k == "voip":
        n.update(num=r.choice(("00", "+8", "")) + "".join(str(r.randrange(10)) for _ in range(r.randint(9, 12))),
                 kind="voip", region="")
    elif k == "spoof_police":
        area = r.choice(("010", "021", "0535", "0531", "020", "0755"))
        n.update(num=area + "%07d" % r.randrange(10 ** 7) if area != "010" and area != "021" else area + "%08d" % r.randrange(10 ** 8),
                 kind="landline", region="", spoof=0.65)
    elif k == "spoof_service":
        n.update(num=r.choice(("4008", "4006", "4001")) + "%06d" % r.randrange(10 ** 6) if r.random() < 0.85 else r.choice(("95188", "950618", "95338")),
                 kind="landline", region="", spoof=0.6)
    else:
        n.update(num=w.phone(), kind="mobile", region=r.choice(FAR_REGIONS))
    return n


def scam_call(w, n, callee_phone, callee_region, ts, dur):
    r = w.r
    sp = None
    if n["spoof"] is not None:  # operator caller-ID verification catches most, not all, spoofed calls
        sp = True if r.random() < n["spoof"] else (False if r.random() < 0.5 else None)
    c = w.call(ts, n["num"], n["kind"], n["region"], callee_phone, callee_region, dur, sp)
    if c:
        if n["first"] is None or ts < n["first"]:
            n["first"] = ts
    return c


def mass_dial(w, groups, persons):
    r = w.r
    P = len(persons)
    for g in groups:
        for n in g["nums"]:
            t = max(n["start"], T0)
            end = min(n["end"], w.tend)
            while t < end:
                d = (t - T0) // DAY
                frac = (min(end, T0 + (d + 1) * DAY) - t) / DAY
                nc = int(r.randint(*g["dial"]) * frac)
                for _ in range(nc):
                    ts = w.at(d, P_SCAM)
                    if ts < t or ts >= end:
                        continue
                    if r.random() < 0.65:
                        p = persons[r.randrange(P)]
                        ph, reg = p["phone"], p["region"]
                    else:
                        ph, reg = w.phone(), r.choice([HOME] * 3 + OTHER_REGIONS)
                    x = r.random()
                    dur = (r.uniform(1, 15) if x < 0.66 else r.uniform(15, 60) if x < 0.86
                           else r.uniform(60, 300) if x < 0.96 else r.uniform(300, 900) if x < 0.993
                           else r.uniform(900, 2400))
                    if scam_call(w, n, ph, reg, ts, dur):
                        w.bump("scam_dial_calls")
                t = T0 + (d + 1) * DAY


def number_at(w, g, ts):
    live = [n for n in g["nums"] if n["start"] <= ts < n["end"]]
    if not live:
        n = make_scam_number(w, g["kinds"], ts - HOUR, ts + DAY)
        g["nums"].append(n)
        return n
    return w.r.choice(live)


def run_victims(w, persons, orgs):
    r = w.r
    P = len(persons)
    days = w.days
    frac = r.uniform(0.012, 0.018)
    nv = max(5, int(round(P * frac)))
    tw = {"impersonation_police": 16, "fake_customer_service": 21, "task_rebate": 28,
          "fake_investment": 19, "loan_scam": 16}
    typs = [r.choices(TYPOLOGIES, [tw[t] for t in TYPOLOGIES])[0] for _ in range(nv)]
    for t in TYPOLOGIES:  # every typology present
        if t not in typs:
            typs[r.randrange(nv)] = t
    groups = build_groups(w)
    # choose victims with typology-specific age / savings skews
    def weight(p, typ):
        a = p["age"]
        if a < 18:
            return 0
        if typ == "impersonation_police":
            return (2.0 if a >= 55 else 1.3 if a <= 28 else 0.8) * (1 + p["savings"] / 1e7)
        if typ == "fake_customer_service":
            return 2.0 if 20 <= a <= 45 else 0.6 if a < 65 else 0.2
        if typ == "task_rebate":
            return 2.5 if 18 <= a <= 38 else 0.8 if a <= 50 else 0.1
        if typ == "fake_investment":
            return 2.0 if 30 <= a <= 60 else 0.7 if a <= 70 else 0.2
        return (2.0 if 20 <= a <= 45 else 0.4 if a < 60 else 0.1) * (2 if p["savings"] < 3e6 else 0.5)
    chosen = []
    for typ in typs:
        ws = [0 if q.get("victim") else weight(q, typ) for q in persons]
        p = r.choices(persons, ws)[0]
        p["victim"] = typ
        chosen.append((p, typ))
    mules = build_mules(w, persons, nv, groups)
    heap = []

    def mule_for(g, ts, avoid):
        cand = [m for m in g["mules"] if m.active_from <= ts and (m.list_ts is None or ts < m.list_ts) and m not in avoid]
        if not cand:
            cand = [m for m in g["mules"] if m not in avoid] or g["mules"]
        m = r.choice(cand)
        if m.first is None or ts < m.first:
            if m.first is None:
                # gang tests a fresh card with a tiny transfer before handing it out
                src = m.down[0] if m.down else None
                tt = ts - int(r.uniform(1, 12) * HOUR)
                if src is not None and tt > T0:
                    heapq.heappush(heap, (tt, next_id(), "test", src, m, r.randint(1, 100)))
            m.first = ts
        if not m.listed_decided:
            m.listed_decided = True
            if r.random() < 0.2:
                m.list_ts = m.first + int(r.uniform(0.8, 4) * DAY)
        return m

    counter = [0]

    def next_id():
        counter[0] += 1
        return counter[0]

    vict_state = {}

    def scam_pay(p, typ, ts, amt, m, ch="mobile_app", acct=None):
        a = acct or p["accts"][0]
        amt = int(amt)
        if ts >= w.tend or amt <= 0:
            return None
        e = w.txn(ts, a, m.a, amt, ch, device=p["dev"])
        w.scam.append({"kind": "scam_txn", "txn_id": e["txn_id"], "typology": typ, "victim_phone": p["phone"],
                       "ts_ms": e["ts_ms"], "amount_fen": amt, "_acct": a["acct"]})
        heapq.heappush(heap, (int(ts), next_id(), "in", m, amt))
        m.used = True
        return e

    def mule_pay_victim(ts, m, p, amt):
        heapq.heappush(heap, (int(ts), next_id(), "rebate", m, p, int(amt)))

    def loan_in(ts, p, amt):
        e = w.txn(ts, r.choice(orgs["lenders"]), p["accts"][0], amt, "online_banking")
        if e:
            w.bump("victim_loan_in")
        return amt if e else 0

    def rnd(amt, unit):
        return max(unit, int(amt // unit * unit))

    def pick_day(lo_days_left=0.0, weekday_pref=0.0):
        hi = max(1, days - int(math.ceil(lo_days_left)))
        d = r.randrange(hi)
        if weekday_pref and w.weekday(d) >= 5 and r.random() < weekday_pref:
            d = r.randrange(hi)
        return d

    for p, typ in chosen:
        g = r.choice([g for g in groups if g["typ"] == typ])
        sav = p["savings"]
        ph, reg = p["phone"], p["region"]
        if typ == "impersonation_police":
            d = pick_day(0, 0.7)
            t = T0 + d * DAY + int(r.uniform(9, 16.5) * HOUR)
            if r.random() < 0.5:  # "courier/telecom" opener, then transferred to the "police officer"
                n0 = number_at(w, g, t)
                dur0 = r.uniform(120, 420)
                scam_call(w, n0, ph, reg, t, dur0)
                t += int((dur0 + r.uniform(20, 180)) * SEC)
            n = number_at(w, g, t)
            n["victim_ts"] = n["victim_ts"] or t
            dur = clamp(r.gauss(50, 22), 18, 150) * 60
            scam_call(w, n, ph, reg, t, dur)
            budget = sav * r.uniform(0.5, 0.95)
            tt = t + int(r.uniform(12, max(13, min(40, dur / 60 - 6))) * MIN)
            if len(p["accts"]) > 1 and r.random() < 0.55:  # consolidate savings first
                mv = rnd(sav * r.uniform(0.2, 0.5), 1000 * YUAN)
                w.txn(tt - int(r.uniform(3, 10) * MIN), p["accts"][1], p["accts"][0], mv, "mobile_app")
                w.bump("victim_own_move")
            if r.random() < 0.15:
                budget += loan_in(tt - int(r.uniform(2, 8) * MIN), p, r.choice((20000, 50000, 80000)) * YUAN)
            k = r.choices((1, 2, 3, 4, 5), (25, 30, 22, 15, 8))[0]
            used = []
            ch = r.choices(("mobile_app", "online_banking", "counter"), (70, 15, 15))[0]
            left = budget
            for j in range(k):
                share = left / (k - j) * r.uniform(0.7, 1.3) if j < k - 1 else left
                amt = rnd(share, 1000 * YUAN) if share >= 10000 * YUAN else rnd(share, 100 * YUAN)
                if ch == "mobile_app" and amt > 50000 * YUAN and r.random() < 0.6:
                    amt = r.choice((50000, 49900, 49800)) * YUAN  # app per-transfer limit
                if amt > left or amt < 500 * YUAN:
                    break
                m = mule_for(g, tt, used)
                used.append(m)
                scam_pay(p, typ, tt, amt, m, ch)
                left -= amt
                tt += int(r.uniform(2, 14) * MIN)
            if r.random() < 0.3 and left > 20000 * YUAN:  # day 2: "guarantee fund"
                t2 = tt + int(r.uniform(16, 44) * HOUR)
                n2 = number_at(w, g, t2)
                dur2 = r.uniform(20, 60) * 60
                scam_call(w, n2, ph, reg, t2, dur2)
                tt = t2 + int(r.uniform(8, 25) * MIN)
                for _ in range(r.randint(1, 2)):
                    amt = rnd(left * r.uniform(0.4, 0.9), 1000 * YUAN)
                    m = mule_for(g, tt, used)
                    used.append(m)
                    scam_pay(p, typ, tt, amt, m, ch)
                    left -= amt
                    tt += int(r.uniform(3, 12) * MIN)
        elif typ == "fake_customer_service":
            d = pick_day()
            t = T0 + d * DAY + int(r.uniform(10, 21) * HOUR)
            n = number_at(w, g, t)
            n["victim_ts"] = n["victim_ts"] or t
            dur = r.uniform(15, 75) * 60
            scam_call(w, n, ph, reg, t, dur)
            budget = min(sav * 0.85, sav)
            tt = t + int(r.uniform(5, 20) * MIN)
            if r.random() < 0.4:  # told to borrow from loan apps to "clear the record"
                for _ in range(r.randint(1, 2)):
                    budget += loan_in(tt, p, r.choice((3000, 5000, 10000, 20000, 30000)) * YUAN)
                    tt += int(r.uniform(1, 5) * MIN)
            k = r.randint(2, 6)
            pool = []
            for j in range(k):
                amt = r.choice((4999, 9999, 4800, 9800, 10000, 15000, 19800, 20000, 2999, 6000, 30000)) * YUAN
                if j == 0 and r.random() < 0.4:
                    amt = r.choice((998, 1500, 2000, 1999)) * YUAN
                if amt > budget:
                    amt = rnd(budget, 100 * YUAN)
                    if amt < 300 * YUAN:
                        break
                if len(pool) < r.randint(2, 4):
                    pool.append(mule_for(g, tt, pool))
                m = pool[j % len(pool)] if r.random() < 0.5 else r.choice(pool)
                scam_pay(p, typ, tt, amt, m, r.choice(("mobile_app", "mobile_app", "online_banking")))
                budget -= amt
                tt += int(r.uniform(2, 11) * MIN)
        elif typ == "task_rebate":
            d = pick_day(1)
            t = T0 + d * DAY + int(r.uniform(9, 22) * HOUR)
            if r.random() < 0.25:
                n = number_at(w, g, t)
                n["victim_ts"] = n["victim_ts"] or t
                scam_call(w, n, ph, reg, t - int(r.uniform(5, 60) * MIN), r.uniform(40, 200))
            budget = sav * r.uniform(0.4, 0.95)
            if r.random() < 0.3:
                budget += loan_in(t + int(r.uniform(3, 30) * HOUR), p, r.choice((5000, 10000, 20000)) * YUAN)
            tt = t
            used = []
            amt = r.choice((50, 88, 100, 128, 200, 300)) * YUAN
            k = r.randint(4, 10)
            for j in range(k):
                if amt > budget:
                    if j >= 3 or budget < 50 * YUAN:
                        break
                    amt = rnd(budget, 100)
                m = mule_for(g, tt, used[-3:])
                used.append(m)
                scam_pay(p, typ, tt, amt, m, "third_party" if amt < 2000 * YUAN and r.random() < 0.5 else "mobile_app")
                budget -= amt
                rebated = j < 2 or (j == 2 and r.random() < 0.5)
                if rebated:
                    back = int(amt * r.uniform(1.1, 1.35)) // 100 * 100
                    mule_pay_victim(tt + int(r.uniform(5, 30) * MIN), r.choice(g["mules"]), p, back)
                    budget += back
                if j < 2:
                    amt = r.choice((300, 500, 600, 800, 1000, 1200)) * YUAN if j == 0 else r.choice((1000, 1500, 2000, 3000)) * YUAN
                    tt += int(r.uniform(15, 60) * MIN)
                else:
                    amt = int(amt * r.uniform(1.8, 3.5)) // 100 * 100
                    tt += int(r.uniform(10, 90) * MIN) if r.random() < 0.6 else int(r.uniform(8, 24) * HOUR)
        elif typ == "fake_investment":
            d = pick_day(2.5)
            t = T0 + d * DAY + int(r.uniform(9.5, 15) * HOUR)
            if r.random() < 0.3:
                for _ in range(r.randint(1, 2)):
                    n = number_at(w, g, t)
                    n["victim_ts"] = n["victim_ts"] or t
                    scam_call(w, n, ph, reg, t - int(r.uniform(1, 30) * HOUR), r.uniform(10, 45) * 60)
            budget = sav * r.uniform(0.6, 0.98)
            if r.random() < 0.2:
                budget += loan_in(t + int(r.uniform(24, 60) * HOUR), p, r.choice((20000, 50000, 100000)) * YUAN)
            amt = r.choice((3000, 5000, 10000, 10000, 20000)) * YUAN
            k = r.randint(3, 8)
            tt = t
            used = []
            span = r.uniform(2, min(6, days - d)) * DAY
            for j in range(k):
                if amt > budget:
                    amt = rnd(budget, 1000 * YUAN)
                    if amt < 3000 * YUAN:
                        break
                m = mule_for(g, tt, used[-4:])
                used.append(m)
                ch = "counter" if amt > 100000 * YUAN and r.random() < 0.4 else r.choice(("mobile_app", "mobile_app", "online_banking"))
                scam_pay(p, typ, tt, amt, m, ch)
                budget -= amt
                if j == 1 and r.random() < 0.4:  # a "withdrawal of profits" to build trust
                    back = r.choice((1000, 2000, 3000, 5000, 8000)) * YUAN
                    mule_pay_victim(tt + int(r.uniform(2, 20) * HOUR), r.choice(g["mules"]), p, back)
                    budget += back
                amt = rnd(amt * r.uniform(1.3, 2.6), 1000 * YUAN)
                nxt = tt + int(span / k * r.uniform(0.5, 1.5))
                dd = (nxt - T0) // DAY
                hh = r.uniform(9.5, 15) if r.random() < 0.8 else r.uniform(19, 23)
                tt = max(tt + 20 * MIN, T0 + dd * DAY + int(hh * HOUR))
        else:  # loan_scam
            d = pick_day()
            t = T0 + d * DAY + int(r.uniform(9, 20) * HOUR)
            n = number_at(w, g, t)
            n["victim_ts"] = n["victim_ts"] or t
            dur = r.uniform(5, 22) * 60
            scam_call(w, n, ph, reg, t, dur)
            tt = t + int((dur + r.uniform(3, 40) * 60) * SEC)
            budget = sav * 0.9
            fees = [r.choice((300, 500, 680, 800, 1000, 1500, 2000)),
                    r.choice((2000, 3000, 3800, 5000, 6000, 8000)),
                    r.choice((5000, 8000, 10000, 12000, 15000, 20000)),
                    r.choice((10000, 15000, 20000, 30000)),
                    r.choice((20000, 30000, 50000))]
            k = r.choices((2, 3, 4, 5), (30, 35, 25, 10))[0]
            pool = []
            for j in range(k):
                amt = fees[j] * YUAN
                if amt > budget:
                    break
                if j > 0:  # a short call before each new "fee"
                    nn = number_at(w, g, tt)
                    cd = r.uniform(2, 9) * 60
                    scam_call(w, nn, ph, reg, tt - int((cd + r.uniform(1, 10) * 60) * SEC), cd)
                if len(pool) < r.randint(1, 3):
                    pool.append(mule_for(g, tt, pool))
                m = r.choice(pool)
                scam_pay(p, typ, tt, amt, m, r.choice(("mobile_app", "third_party", "mobile_app")))
                budget -= amt
                tt += int(r.uniform(20, 480) * MIN)
        vict_state[p["i"]] = (p, typ)
        w.victims.append((p, typ))

    # non-victim engagement: people who talk to scammers for a long time but do not pay
    for _ in range(int(nv * r.uniform(0.5, 0.9))):
        g = r.choice(groups)
        p = persons[r.randrange(P)]
        d = r.randrange(days)
        t = T0 + d * DAY + int(r.uniform(9, 20) * HOUR)
        n = number_at(w, g, t)
        scam_call(w, n, p["phone"], p["region"], t, r.uniform(8, 45) * 60)
        w.bump("long_scam_calls_no_loss")

    mass_dial(w, groups, persons)
    launder(w, heap, mules, orgs, next_id)

    # ---------------- watchlist
    for g in groups:
        for n in g["nums"]:
            if n["first"] is None:
                continue
            w.bump("scam_numbers_used")
            pr = 0.07 + (0.35 if n["victim_ts"] else 0)
            if r.random() < pr:
                base = n["victim_ts"] or n["first"]
                ts = base + int(r.uniform(2, 72) * HOUR)
                w.watch(ts, "add", "phone", n["num"], "scam_numbers",
                        r.choice(("reported by victim, case 2026-3706-%04d" % r.randrange(10000),
                                  "96110 anti-fraud centre report", "multiple user complaints",
                                  "operator: high-volume short-call pattern")))
                w.bump("wl_scam_numbers")
    for m in mules:
        if m.layer > 1 and not m.listed_decided and m.first is not None:
            m.listed_decided = True
            if r.random() < 0.12:
                m.list_ts = m.first + int(r.uniform(0.8, 4) * DAY)
        if m.list_ts is not None and m.first is not None:
            w.watch(m.list_ts, "add", "account", m.a["acct"], "mule_accounts",
                    "police freeze request, case 2026-%04d-%04d" % (r.randrange(3700, 3799), r.randrange(10000)))
            if m.list_ts < w.tend:
                w.bump("wl_mule_accounts")
    # background: numbers reported elsewhere in the country that never touch this city
    for _ in range(int(r.uniform(25, 45) * days / 7)):
        k = r.random()
        num = w.phone("virtual") if k < 0.5 else w.phone() if k < 0.8 else "+855" + "%08d" % r.randrange(10 ** 8)
        w.watch(T0 + r.randrange(w.tend - T0), "add", "phone", num, "scam_numbers", "national anti-fraud platform feed")
        w.bump("wl_background")
    # allow list of bank service numbers, and one courier number wrongly reported then removed
    for b in BANK_NAMES:
        w.watch(T0 + r.randrange(1000, 60000), "add", "phone", SERVICE_LINE[b], "allow", "bank customer service line")
    cn = r.choice(orgs["courier_nums"])
    ta = T0 + int(r.uniform(1, 3) * DAY)
    w.watch(ta, "add", "phone", cn, "scam_numbers", "user complaint")
    w.watch(ta + int(r.uniform(10, 30) * HOUR), "remove", "phone", cn, "scam_numbers", "appeal accepted: courier privacy number")
    return groups, mules


def launder(w, heap, mules, orgs, next_id):
    """Process mule balances in time order: sweep within minutes, in chunks under limits."""
    r = w.r
    platforms = [orgs["tenpay"], orgs["alipay"]]
    otc = [w.new_acct(w.name(), phone=w.phone(), device=w.device(), ips=[w.ip()]) for _ in range(6)]  # OTC/USDT dealers
    gold = [w.new_acct(w.coname(r.choice(("黄金珠宝有限公司", "金店"))), corp=True) for _ in range(3)]
    atm_regions = FAR_REGIONS + OTHER_REGIONS

    def mtxn(ts, m, payee, amt, ch):
        if ts >= w.tend:
            return None
        e = w.txn(ts, m.a, payee, amt, ch)
        if e:
            w.bump("mule_txn")
            m.used = True
        return e

    def chunks(total, limit):
        out = []
        while total > limit * YUAN:
            c = (limit - r.choice((1, 10, 50, 100, 100, 200, 500))) * YUAN
            out.append(c)
            total -= c
        if total >= 100 * YUAN:
            out.append(total // 100 * 100)
        return out

    while heap:
        item = heapq.heappop(heap)
        ts, _, kind, m = item[0], item[1], item[2], item[3]
        if ts >= w.tend:
            continue
        if kind == "in":
            m.bal += item[4]
            if m.first is None:
                m.first = ts
            if not m.pending:
                m.pending = True
                delay = r.uniform(1, 12) if m.layer == 1 else r.uniform(2, 20) if m.layer == 2 else r.uniform(5, 90)
                if r.random() < 0.1:
                    delay = r.uniform(30, 120)
                heapq.heappush(heap, (ts + int(delay * MIN), next_id(), "sweep", m))
        elif kind == "test":
            dst = item[4]
            if mtxn(ts, m, dst.a, item[5], "mobile_app"):
                m.bal -= item[5]
                dst.bal += item[5]
        elif kind == "rebate":
            p, amt = item[4], item[5]
            if mtxn(ts, m, p["accts"][0], amt, "mobile_app"):
                m.bal -= amt
                w.bump("rebates_to_victims")
        elif kind == "sweep":
            m.pending = False
            if m.list_ts is not None and ts >= m.list_ts:
                continue  # frozen: funds stuck
            amt = m.bal - int(m.bal * r.uniform(0, 0.012))  # a small commission stays
            if amt < 100 * YUAN:
                continue
            t = ts
            if m.layer < 3 and not (m.layer == 2 and r.random() < 0.2):
                down = [x for x in m.down if x.list_ts is None or t < x.list_ts] or m.down
                for c in chunks(amt, m.limit):
                    dst = r.choice(down)
                    if mtxn(t, m, dst.a, c, r.choice(("mobile_app", "mobile_app", "online_banking"))):
                        m.bal -= c
                        heapq.heappush(heap, (t, next_id(), "in", dst, c))
                    t += int(r.uniform(15, 150) * SEC)
            else:
                # cash-out: ATM (daily card limit) then third-party / OTC / gold
                d = (t - T0) // DAY
                reg = r.choice(atm_regions)
                while amt >= m.atm_unit * YUAN and m.atm_day.get(d, 0) + m.atm_unit <= 20000 and r.random() < 0.85:
                    atm = {"acct": "ATM-%s-%s-%03d" % (m.a["bank"], reg, r.randrange(300)), "bank": m.a["bank"], "name": "ATM取款"}
                    if mtxn(t, m, atm, m.atm_unit * YUAN, "atm"):
                        m.bal -= m.atm_unit * YUAN
                        amt -= m.atm_unit * YUAN
                        m.atm_day[d] = m.atm_day.get(d, 0) + m.atm_unit
                        w.bump("mule_atm")
                    t += int(r.uniform(30, 100) * SEC)
                for c in chunks(amt, 50000):
                    x = r.random()
                    if x < 0.45:
                        dst, ch = r.choice(platforms), "third_party"
                    elif x < 0.85:
                        dst, ch = r.choice(otc), "mobile_app"
                    else:
                        dst, ch = r.choice(gold), "pos"
                    if mtxn(t, m, dst, c, ch):
                        m.bal -= c
                        w.bump("mule_cashout_" + ch)
                    t += int(r.uniform(20, 200) * SEC)


# ====================================================================== main
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--persons", type=int, default=5000)
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--stats", action="store_true")
    a = ap.parse_args()
    w = World(a.seed, a.persons, a.days)
    persons = build_population(w)
    build_social(w, persons)
    orgs = build_orgs(w, persons)
    # victims are chosen first (so the mule builder can avoid them); their ordinary life goes on
    groups, mules = run_victims(w, persons, orgs)
    legit(w, persons, orgs)

    ev = [x for x in w.ev if x[0] < w.tend]
    ev.sort(key=lambda x: (x[0], x[1]))
    kept_tx = set()
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "events.jsonl"), "w", encoding="utf-8") as f:
        for ts, _, e in ev:
            if e["type"] == "transaction":
                kept_tx.add(e["txn_id"])
            f.write(json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n")
    scam = [s for s in w.scam if s["txn_id"] in kept_tx]
    scam.sort(key=lambda s: (s["ts_ms"], s["txn_id"]))
    used_accts = set()
    for ts, _, e in ev:
        if e["type"] == "transaction":
            used_accts.add(e["payer_account"])
            used_accts.add(e["payee_account"])
    with open(os.path.join(a.out, "labels.jsonl"), "w", encoding="utf-8") as f:
        f.write(json.dumps({"kind": "meta", "persons": a.persons}) + "\n")
        nvict = 0
        per_typ = {}
        for p, typ in w.victims:
            mine = [s for s in scam if s["victim_phone"] == p["phone"]]
            if not mine:
                continue
            big = [s for s in mine if s["amount_fen"] >= 500000]
            fl = big[0] if big else max(mine, key=lambda s: (s["amount_fen"], -s["ts_ms"]))
            f.write(json.dumps({"kind": "victim", "phone": p["phone"], "account": mine[0]["_acct"],
                                "typology": typ, "first_large_txn_id": fl["txn_id"],
                                "first_large_ts_ms": fl["ts_ms"]}, ensure_ascii=False) + "\n")
            nvict += 1
            per_typ[typ] = per_typ.get(typ, 0) + 1
        for s in scam:
            f.write(json.dumps({k: v for k, v in s.items() if not k.startswith("_")}, ensure_ascii=False) + "\n")
        nm = {1: 0, 2: 0, 3: 0}
        for m in mules:
            if m.a["acct"] in used_accts:
                f.write(json.dumps({"kind": "mule", "account": m.a["acct"], "layer": m.layer}) + "\n")
                nm[m.layer] += 1
    if a.stats:
        w.stat.update(victims=nvict, victims_by_typology=per_typ, scam_txn=len(scam), mules_by_layer=nm,
                      events=len(ev), transactions=len(kept_tx),
                      calls=sum(1 for x in ev if x[2]["type"] == "call") // 2,
                      watchlist=sum(1 for x in ev if x[2]["type"] == "watchlist"))
        for k in sorted(w.stat, key=str):
            print(k, w.stat[k])


if __name__ == "__main__":
    main()
