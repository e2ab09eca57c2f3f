#!/usr/bin/env python3
"""Independent synthetic test world for a telecom-fraud stream processor.

python3 gen.py --persons 5000 --days 7 --seed S --out DIR
writes DIR/events.jsonl (contract events, sorted by ts_ms) and DIR/labels.jsonl.
Standard library only, deterministic per seed.
"""
import argparse
import calendar
import json
import math
import os
import random

# --------------------------------------------------------------------------- time
# Week of Monday 2026-03-09 00:00 Beijing time (UTC+8).
BASE_MS = (calendar.timegm((2026, 3, 9, 0, 0, 0)) - 8 * 3600) * 1000
DAY = 86400000
HOUR = 3600000
MIN = 60000
SEC = 1000

CITY = "330100"  # Hangzhou
OTHER_REGIONS = ["330200", "330300", "330600", "340100", "410100", "510100", "360100",
                 "430100", "320500", "370600", "420100", "500000", "450100", "350200"]

BANKS = [  # code, weight, BIN prefixes, account length, service number
    ("ICBC", 16, ["622202", "621226", "621558"], 19, "95588"),
    ("CCB", 14, ["621700", "622700", "436742"], 19, "95533"),
    ("ABC", 12, ["622848", "623052"], 19, "95599"),
    ("BOC", 10, ["621661", "621785", "456351"], 19, "95566"),
    ("BOCOM", 6, ["622262", "622260"], 19, "95559"),
    ("CMB", 9, ["622588", "621483", "622609"], 16, "95555"),
    ("PSBC", 8, ["621799", "622188"], 19, "95580"),
    ("CIB", 4, ["622909", "622908"], 18, "95561"),
    ("SPDB", 3, ["622521", "622518"], 16, "95528"),
    ("CITIC", 3, ["622696", "621773"], 16, "95558"),
    ("CMBC", 3, ["622622", "621691"], 16, "95568"),
    ("CEB", 2, ["622666", "622660"], 16, "95595"),
    ("HXB", 2, ["622632", "623022"], 16, "95577"),
    ("PAB", 3, ["622155", "622157"], 16, "95511"),
    ("GDB", 2, ["622568", "621462"], 16, "95508"),
    ("HZB", 4, ["621977", "603367"], 16, "96523"),
    ("ZJRCU", 3, ["621058", "623091"], 19, "96596"),
]
BANK_CODES = [b[0] for b in BANKS]
BANK_W = [b[1] for b in BANKS]
BANK_INFO = {b[0]: b for b in BANKS}

MOBILE_PREFIX = ["134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158",
                 "159", "182", "183", "187", "188", "130", "131", "132", "155", "156", "185",
                 "186", "133", "153", "180", "181", "189", "177", "199", "198", "166", "191", "195"]

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆帅旭宁婷雪琳晨辰欣怡梓涵子轩浩然雨欣佳琪思远建国建华志强海峰晓东丹丹文博立新春梅")
SHOP_WORDS = ["张记", "老王", "阿香", "福满", "鑫源", "华联", "好又多", "永辉", "百姓", "惠民", "金桥",
              "东方", "新华", "顺发", "德和", "知味", "外婆家", "小杨", "川味", "兰州", "沙县", "如家"]
DISTRICTS = ["西湖区", "上城区", "拱墅区", "滨江区", "余杭区", "萧山区", "临平区", "钱塘区"]
STREETS = ["文三路", "文一西路", "延安路", "庆春路", "凤起路", "解放路", "莫干山路", "江南大道", "学院路", "古墩路"]

INTL = [("+852", "HK", 8), ("+855", "KH", 9), ("+63", "PH", 10), ("+95", "MM", 9), ("+60", "MY", 9),
        ("+66", "TH", 9), ("+84", "VN", 9), ("+886", "TW", 9), ("+1", "US", 10), ("+44", "GB", 10),
        ("+61", "AU", 9), ("+81", "JP", 10), ("+65", "SG", 8), ("+49", "DE", 11), ("+64", "NZ", 9)]
SCAM_INTL = INTL[:8]
FAMILY_INTL = INTL[8:]

TYPOLOGIES = ["impersonation_police", "fake_customer_service", "task_rebate", "fake_investment", "loan_scam"]

OFFICIAL = {  # number -> description (allow list)
    "95188": "支付宝客服", "95017": "微信支付客服", "95338": "顺丰速运", "95311": "中通快递",
    "95554": "圆通速递", "95546": "韵达快递", "95543": "申通快递", "11183": "中国邮政EMS",
    "950618": "京东客服", "9510211": "淘宝客服", "10107888": "美团客服", "10105757": "饿了么客服",
    "12345": "杭州市政务热线", "12315": "市场监管投诉", "10086": "中国移动", "10010": "中国联通",
    "10000": "中国电信", "96110": "反诈劝阻专线", "95518": "人保财险", "95519": "中国人寿",
}


class World:
    def __init__(self, persons, days, seed):
        self.N = persons
        self.days = days
        self.rng = random.Random(seed)
        self.end_ms = BASE_MS + days * DAY
        self.events = []
        self.seq = 0
        self.txn_seq = 0
        self.call_seq = 0
        self.wl_seq = 0
        self.used_accounts = set()
        self.used_phones = set()
        self.used_dev = set()
        self.txn_by_id = {}
        self.labels_victims = []
        self.labels_scam = []
        self.mule_layer = {}  # account -> layer

    # ------------------------------------------------------------------ ids
    def rnd_digits(self, n):
        r = self.rng
        return "".join(str(r.randint(0, 9)) for _ in range(n))

    def new_account(self, bank=None):
        r = self.rng
        if bank is None:
            bank = r.choices(BANK_CODES, BANK_W)[0]
        info = BANK_INFO[bank]
        while True:
            a = r.choice(info[2]) + self.rnd_digits(info[3] - 6)
            if a not in self.used_accounts:
                self.used_accounts.add(a)
                return a, bank

    def corp_account(self, bank=None):
        r = self.rng
        if bank is None:
            bank = r.choices(BANK_CODES, BANK_W)[0]
        while True:
            a = "33" + self.rnd_digits(r.choice([14, 16, 18]))
            if a not in self.used_accounts:
                self.used_accounts.add(a)
                return a, bank

    def platform_id(self, plat):
        while True:
            a = ("2088" + self.rnd_digits(12)) if plat == "ALIPAY" else ("1" + self.rnd_digits(9))
            if a not in self.used_accounts:
                self.used_accounts.add(a)
                return a

    def new_phone(self, prefix=None):
        r = self.rng
        while True:
            if prefix is None:
                p = r.choice(MOBILE_PREFIX) + self.rnd_digits(8)
            else:
                p = prefix + self.rnd_digits(11 - len(prefix))
            if p not in self.used_phones:
                self.used_phones.add(p)
                return p

    def virtual_phone(self):
        return self.new_phone(self.rng.choice(["170", "171"]) + str(self.rng.choice([0, 1, 2, 3, 5, 6, 7, 8, 9])))

    def intl_phone(self, pool):
        cc, reg, n = self.rng.choice(pool)
        while True:
            p = cc + str(self.rng.randint(2, 9)) + self.rnd_digits(n - 1)
            if p not in self.used_phones:
                self.used_phones.add(p)
                return p, reg

    def new_device(self, kind="phone"):
        r = self.rng
        while True:
            if kind == "pos":
                d = "pos-" + self.rnd_digits(8)
            elif kind == "ukey":
                d = "ukey-" + self.rnd_digits(10)
            elif r.random() < 0.38:
                h = "%032X" % r.getrandbits(128)
                d = "ios-%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])
            else:
                d = "and-%016x" % r.getrandbits(64)
            if d not in self.used_dev:
                self.used_dev.add(d)
                return d

    def name(self):
        r = self.rng
        s = r.choice(SURNAMES)
        if r.random() < 0.02:
            s = r.choice(["欧阳", "司马", "诸葛", "上官"])
        g = r.choice(GIVEN)
        if r.random() < 0.6:
            g += r.choice(GIVEN)
        return s + g

    def mobile_ip(self):
        r = self.rng
        pre = r.choice(["223.104", "117.136", "112.17", "39.144", "183.157", "36.27", "120.229"])
        return "%s.%d.%d" % (pre, r.randint(0, 255), r.randint(1, 254))

    def home_ip(self):
        r = self.rng
        pre = r.choice(["115.236", "60.191", "125.118", "122.224", "183.129", "218.108", "115.192"])
        return "%s.%d.%d" % (pre, r.randint(0, 255), r.randint(1, 254))

    # ------------------------------------------------------------------ emit
    def emit(self, ev):
        self.seq += 1
        ev["_k"] = self.seq
        self.events.append(ev)

    def txn(self, ts, payer_acct, payer_bank, payee_acct, payee_bank, amount, channel,
            payer_phone=None, payee_name=None, device=None, ip=None):
        ts = int(ts)
        if ts < BASE_MS or ts >= self.end_ms:
            return None
        amount = int(amount)
        if amount <= 0:
            return None
        self.txn_seq += 1
        d = (ts + 8 * HOUR - BASE_MS) // DAY + 9
        txn_id = "%s202603%02d%08d" % (payer_bank, d, self.txn_seq * 7 + 1000003)
        ev = {"type": "transaction", "event_id": "t-%07d" % self.txn_seq, "ts_ms": ts, "txn_id": txn_id,
              "payer_account": payer_acct, "payer_bank": payer_bank}
        if payer_phone:
            ev["payer_phone"] = payer_phone
        ev["payee_account"] = payee_acct
        ev["payee_bank"] = payee_bank
        if payee_name:
            ev["payee_name"] = payee_name
        ev["amount_fen"] = amount
        ev["currency"] = "CNY"
        ev["channel"] = channel
        if device:
            ev["device_id"] = device
        if ip:
            ev["ip"] = ip
        self.emit(ev)
        self.txn_by_id[txn_id] = ev
        return ev

    def ptxn(self, ts, p, payee_acct, payee_bank, amount, channel=None, payee_name=None, acct_idx=0):
        """Transaction paid by a person from their own phone (or counter/pos)."""
        r = self.rng
        if channel is None:
            channel = "mobile_app" if p["smart"] else "counter"
        acct, bank = p["accounts"][acct_idx]
        dev = None
        ip = None
        if channel in ("mobile_app", "third_party"):
            dev = self.person_device(p, ts)
            ip = self.mobile_ip() if r.random() < 0.55 else p["home_ip"]
        elif channel == "online_banking":
            dev = p["pc"]
            ip = p["home_ip"]
        elif channel == "atm":
            dev = "atm-%s-%s" % (bank, p["atm"])
        return self.txn(ts, acct, bank, payee_acct, payee_bank, amount, channel,
                        payer_phone=p["phone"], payee_name=payee_name, device=dev, ip=ip)

    def person_device(self, p, ts):
        if p.get("switch_ts") and ts >= p["switch_ts"]:
            return p["device_new"]
        if p.get("tablet") and self.rng.random() < 0.15:
            return p["tablet"]
        return p["device"]

    def call(self, ts, caller, callee, dur, kind, caller_region=None, callee_region=None, spoof=None):
        ts = int(ts)
        dur = int(max(0, dur))
        if ts < BASE_MS or ts + dur * SEC >= self.end_ms:
            return None
        self.call_seq += 1
        cid = "c-%07d" % self.call_seq
        base = {"caller": caller, "callee": callee, "caller_kind": kind}
        if caller_region:
            base["caller_region"] = caller_region
        if callee_region:
            base["callee_region"] = callee_region
        if spoof is not None:
            base["spoof_suspected"] = spoof
        s = {"type": "call", "event_id": cid + "-s", "ts_ms": ts, "phase": "start", "call_id": cid}
        s.update(base)
        e = {"type": "call", "event_id": cid + "-e", "ts_ms": ts + dur * SEC, "phase": "end", "call_id": cid,
             "duration_s": dur}
        e.update(base)
        self.emit(s)
        self.emit(e)
        return (ts, ts + dur * SEC)

    def pcall(self, ts, caller, caller_kind, caller_region, p, dur, spoof=None):
        return self.call(ts, caller, p["phone"], dur, caller_kind, caller_region, p["region"], spoof)

    def watch(self, ts, op, entity, value, lst, reason=None):
        ts = int(ts)
        if ts < BASE_MS or ts >= self.end_ms:
            return
        self.wl_seq += 1
        ev = {"type": "watchlist", "event_id": "w-%06d" % self.wl_seq, "ts_ms": ts, "op": op,
              "entity": entity, "value": value, "list": lst}
        if reason:
            ev["reason"] = reason
        self.emit(ev)

    # ------------------------------------------------------------------ time helpers
    def at(self, day, hour):
        return BASE_MS + day * DAY + int(hour * HOUR)

    def hour_of_day(self, profile="day"):
        r = self.rng
        if profile == "shop":
            w = [1, 0.5, 0.3, 0.2, 0.2, 0.5, 2, 6, 8, 5, 5, 9, 12, 7, 4, 4, 5, 9, 12, 10, 8, 6, 4, 2]
        elif profile == "evening":
            w = [3, 2, 1, 0.5, 0.2, 0.2, 0.5, 1, 2, 2, 2, 3, 4, 3, 3, 3, 3, 4, 6, 9, 11, 11, 9, 6]
        elif profile == "work":
            w = [0, 0, 0, 0, 0, 0, 0, 0.3, 2, 8, 10, 9, 4, 5, 9, 10, 9, 6, 2, 0.5, 0.2, 0, 0, 0]
        else:
            w = [0.3, 0.1, 0.1, 0.1, 0.1, 0.3, 1, 3, 5, 7, 8, 8, 7, 7, 8, 8, 8, 8, 8, 8, 7, 5, 3, 1]
        h = r.choices(range(24), w)[0]
        return h + r.random()

    def rand_ts(self, profile="day", day=None):
        if day is None:
            day = self.rng.randrange(self.days)
        return self.at(day, self.hour_of_day(profile))

    # ------------------------------------------------------------------ world build
    def build(self):
        self.build_persons()
        self.build_merchants()
        self.build_employers()
        self.build_gangs()
        self.legit_life()
        self.scams()
        self.watchlists()

    def build_persons(self):
        r = self.rng
        P = []
        for i in range(self.N):
            age = int(min(88, max(18, r.gauss(44, 16))))
            if r.random() < 0.05:
                phone = self.virtual_phone()
                pk = "virtual"
            else:
                phone = self.new_phone()
                pk = "mobile"
            region = CITY if r.random() < 0.72 else r.choice(OTHER_REGIONS)
            nacc = r.choices([1, 2, 3], [58, 35, 7])[0]
            accts = [self.new_account() for _ in range(nacc)]
            smart = not (age >= 70 and r.random() < 0.35)
            savings = int(math.exp(r.gauss(math.log(60000 + (age - 18) * 3000), 1.0))) * 100
            p = {"i": i, "name": self.name(), "age": age, "phone": phone, "pkind": pk, "region": region,
                 "accounts": accts, "smart": smart, "savings": savings,
                 "device": self.new_device() if smart else None,
                 "pc": self.new_device() if r.random() < 0.3 else None,
                 "home_ip": self.home_ip(), "atm": self.rnd_digits(6),
                 "friends": [], "family": [], "payees": set()}
            if smart and r.random() < 0.08:
                p["tablet"] = self.new_device()
            if smart and r.random() < 0.03:
                p["switch_ts"] = self.at(r.randrange(self.days), r.uniform(9, 21))
                p["device_new"] = self.new_device()
            P.append(p)
        # households
        i = 0
        idx = list(range(self.N))
        r.shuffle(idx)
        while i < len(idx):
            k = r.choices([1, 2, 3, 4], [25, 35, 28, 12])[0]
            hh = idx[i:i + k]
            for a in hh:
                P[a]["family"] = [b for b in hh if b != a]
            i += k
        # friends: mostly local clusters by index order of a second shuffle
        order = list(range(self.N))
        r.shuffle(order)
        pos = {v: k for k, v in enumerate(order)}
        for p in P:
            nf = r.randint(2, 9)
            k0 = pos[p["i"]]
            fr = set()
            for _ in range(nf):
                j = order[(k0 + r.randint(-40, 40)) % self.N] if r.random() < 0.8 else r.randrange(self.N)
                if j != p["i"]:
                    fr.add(j)
            p["friends"] = sorted(fr)
        # some relatives abroad
        for p in P:
            if r.random() < 0.03:
                num, reg = self.intl_phone(FAMILY_INTL)
                acct, bank = self.new_account()
                p["abroad"] = {"phone": num, "region": reg, "account": acct, "bank": bank,
                               "name": p["name"][0] + r.choice(GIVEN) + r.choice(GIVEN)}
        # parents living elsewhere (external accounts) for young persons
        for p in P:
            if p["age"] < 40 and r.random() < 0.5:
                acct, bank = self.new_account()
                p["parent_ext"] = {"account": acct, "bank": bank, "name": p["name"][0] + r.choice(GIVEN) + r.choice(GIVEN),
                                   "phone": self.new_phone(), "region": r.choice(OTHER_REGIONS + [CITY])}
        self.P = P

    def build_merchants(self):
        r = self.rng
        kinds = [("餐饮", 1500, 12000, 30), ("超市", 2000, 40000, 12), ("便利店", 300, 4000, 18),
                 ("药店", 1500, 25000, 6), ("加油站", 15000, 50000, 4), ("水果店", 1000, 8000, 8),
                 ("菜场摊位", 500, 6000, 12), ("服装店", 5000, 60000, 5), ("理发店", 2500, 15000, 5)]
        M = []
        n = max(30, self.N // 15)
        for i in range(n):
            kind = r.choices(kinds, [k[3] for k in kinds])[0]
            kname = kind[0]
            word = r.choice(SHOP_WORDS)
            st = r.choice(STREETS)
            personal = kname in ("菜场摊位", "水果店") and r.random() < 0.6
            if personal:
                owner = self.name()
                acct, bank = self.new_account()
                name = owner
            else:
                acct, bank = self.corp_account()
                if kname == "餐饮":
                    name = "杭州%s%s餐饮店" % (r.choice(DISTRICTS), word)
                elif kname == "超市":
                    name = "%s超市(%s店)" % (word, st)
                elif kname == "加油站":
                    name = "中国石化杭州%s加油站" % st
                else:
                    name = "杭州%s%s%s" % (r.choice(DISTRICTS), word, kname)
                owner = self.name()
            m = {"name": name, "kind": kname, "lo": kind[1], "hi": kind[2], "acct": acct, "bank": bank,
                 "personal": personal, "ali": self.platform_id("ALIPAY"), "wx": self.platform_id("TENPAY"),
                 "pos": [self.new_device("pos") for _ in range(r.randint(1, 3))] if not personal else [],
                 "owner_acct": self.new_account(), "owner": owner, "owner_phone": self.new_phone(), "qr_income": {}, "pos_income": {}}
            M.append(m)
        # zipf popularity -> huge fan-in for a few
        self.M = M
        self.M_w = [1.0 / (k + 1) ** 0.9 for k in range(n)]
        # online platforms (mobile_app payments to platform escrow accounts)
        self.platforms = []
        for nm in ["支付宝(中国)网络技术有限公司", "财付通支付科技有限公司", "北京京东世纪贸易有限公司",
                   "上海寻梦信息技术有限公司", "浙江天猫技术有限公司", "北京三快在线科技有限公司"]:
            a, b = self.corp_account()
            self.platforms.append((a, b, nm))
        # bills
        self.billers = []
        for nm in ["国网浙江省电力有限公司杭州供电公司", "杭州水务集团有限公司", "杭州市燃气集团有限公司",
                   "中国移动通信集团浙江有限公司", "中国电信股份有限公司杭州分公司", "杭州市住房公积金管理中心"]:
            a, b = self.corp_account()
            self.billers.append((a, b, nm))
        self.property_cos = []
        for _ in range(max(3, self.N // 500)):
            a, b = self.corp_account()
            self.property_cos.append((a, b, "杭州%s%s物业管理有限公司" % (r.choice(DISTRICTS), r.choice(SHOP_WORDS))))
        self.rental_agency = self.corp_account() + ("自如生活(杭州)房屋租赁有限公司",)
        # consumer finance lenders (disbursements)
        self.lenders = []
        for nm in ["重庆蚂蚁消费金融有限公司", "马上消费金融股份有限公司", "招联消费金融股份有限公司"]:
            a, b = self.corp_account()
            self.lenders.append((a, b, nm))

    def build_employers(self):
        r = self.rng
        E = []
        n = max(10, self.N // 40)
        for i in range(n):
            acct, bank = self.corp_account()
            nm = "杭州%s%s%s" % (r.choice(DISTRICTS), r.choice(SHOP_WORDS),
                                r.choice(["科技有限公司", "贸易有限公司", "制造有限公司", "医院", "物流有限公司",
                                          "餐饮管理有限公司", "建设工程有限公司", "教育咨询有限公司"]))
            E.append({"name": nm, "acct": acct, "bank": bank, "ukey": self.new_device("ukey"),
                      "payday": r.choices([5, 8, 10, 12, 15, 20, 25, 28, 30], [10, 6, 22, 5, 25, 8, 12, 6, 6])[0],
                      "staff": [], "extra": r.randint(0, 60)})
        w = [1.0 / (k + 1) ** 0.8 for k in range(n)]
        for p in self.P:
            if 20 <= p["age"] <= 60 and r.random() < 0.78:
                e = r.choices(range(n), w)[0]
                E[e]["staff"].append(p["i"])
                p["salary"] = int(r.lognormvariate(math.log(8000), 0.45)) * 100
        self.E = E
        self.pension = self.corp_account("ICBC") + ("杭州市社会保险基金",)

    # ------------------------------------------------------------------ legit life
    def legit_life(self):
        r = self.rng
        P = self.P
        days = self.days
        # shopping
        for p in P:
            n = self.poisson(5.6 if p["smart"] else 2.5)
            for _ in range(n):
                ts = self.rand_ts("shop")
                m = self.M[r.choices(range(len(self.M)), self.M_w)[0]]
                amt = int(math.exp(r.uniform(math.log(m["lo"]), math.log(m["hi"]))))
                if not p["smart"]:
                    ch = "pos" if m["pos"] else "counter"
                    if ch == "counter":
                        continue
                else:
                    ch = r.choices(["third_party", "pos", "mobile_app"], [60, 28, 12])[0]
                    if ch == "pos" and not m["pos"]:
                        ch = "third_party"
                if ch == "third_party" and m["personal"]:
                    ev = self.ptxn(ts, p, m["acct"], m["bank"], amt, "third_party", m["name"])
                    if ev:
                        d = (ts - BASE_MS) // DAY
                        m["pos_income"][d] = m["pos_income"].get(d, 0) + amt
                elif ch == "third_party":
                    plat = "ALIPAY" if r.random() < 0.45 else "TENPAY"
                    pid = m["ali"] if plat == "ALIPAY" else m["wx"]
                    ev = self.ptxn(ts, p, pid, plat, amt, "third_party", m["name"])
                    if ev:
                        d = (ts - BASE_MS) // DAY
                        m["qr_income"][(plat, d)] = m["qr_income"].get((plat, d), 0) + amt
                elif ch == "pos":
                    acct, bank = p["accounts"][0]
                    ev = self.txn(ts, acct, bank, m["acct"], m["bank"], amt, "pos", payer_phone=p["phone"],
                                  payee_name=m["name"], device=r.choice(m["pos"]))
                    if ev:
                        d = (ts - BASE_MS) // DAY
                        m["pos_income"][d] = m["pos_income"].get(d, 0) + amt
                else:
                    pa, pb, pn = r.choice(self.platforms)
                    self.ptxn(ts, p, pa, pb, int(r.lognormvariate(math.log(12000), 1.0)) + 100, "mobile_app", pn)
        # merchant settlement (T+1 platform -> merchant bank) and owner sweeps
        for m in self.M:
            for (plat, d), amt in sorted(m["qr_income"].items()):
                ts = self.at(d + 1, r.uniform(1, 6))
                pid = m["ali"] if plat == "ALIPAY" else m["wx"]
                self.txn(ts, pid, plat, m["acct"], m["bank"], amt - amt * 6 // 1000, "third_party",
                         payee_name=m["name"])
            for d in range(days):
                tot = m["pos_income"].get(d, 0) + m["qr_income"].get(("ALIPAY", d), 0) + m["qr_income"].get(("TENPAY", d), 0)
                if tot > 50000 and r.random() < (0.8 if m["personal"] else 0.35):
                    ts = self.at(d, r.uniform(20, 23.5))
                    oa, ob = m["owner_acct"]
                    self.txn(ts, m["acct"], m["bank"], oa, ob, int(tot * r.uniform(0.5, 0.95)),
                             "mobile_app" if m["personal"] else "online_banking",
                             payer_phone=m["owner_phone"] if m["personal"] else None, payee_name=m["owner"])
        # payroll & pension (one payer, many payees)
        week_dom = list(range(9, 9 + days))
        for e in self.E:
            if e["payday"] in week_dom or (e["payday"] in (5, 8) and r.random() < 0.1):
                d = week_dom.index(e["payday"]) if e["payday"] in week_dom else 0
                if d >= 5:  # weekend -> previous Friday
                    d = 4
                t0 = self.at(d, r.choice([0.5, 9.0, 10.0, 14.0]) + r.random() * 0.5)
                k = 0
                for pi in e["staff"]:
                    p = self.P[pi]
                    a, b = p["accounts"][0]
                    self.txn(t0 + k * r.randint(2, 20) * SEC, e["acct"], e["bank"], a, b, p["salary"],
                             "online_banking", payee_name=p["name"], device=e["ukey"], ip="60.191.%d.%d" % (r.randint(0, 255), 10))
                    k += 1
                for _ in range(e["extra"]):
                    a, b = self.new_account()
                    self.txn(t0 + k * r.randint(2, 20) * SEC, e["acct"], e["bank"], a, b,
                             int(r.lognormvariate(math.log(7000), 0.4)) * 100, "online_banking",
                             payee_name=self.name(), device=e["ukey"])
                    k += 1
        if days >= 2:
            t0 = self.at(1, 3.0)
            k = 0
            for p in P:
                if p["age"] >= 60 and "salary" not in p:
                    a, b = p["accounts"][0]
                    self.txn(t0 + k * 300, self.pension[0], self.pension[1], a, b,
                             int(r.lognormvariate(math.log(3800), 0.4)) * 100, "online_banking", payee_name=p["name"])
                    k += 1
        # salary receivers: spend a bit on credit card repayment / wealth product
        for p in P:
            if not p["smart"]:
                if r.random() < 0.25:  # elderly withdraw / transfer at counter
                    fam = p["family"]
                    if fam:
                        q = P[r.choice(fam)]
                        self.ptxn(self.rand_ts("work"), p, q["accounts"][0][0], q["accounts"][0][1],
                                  r.randint(5, 50) * 10000, "counter", q["name"])
                continue
            # bills
            if r.random() < 0.35:
                ba, bb, bn = r.choice(self.billers)
                self.ptxn(self.rand_ts("evening"), p, ba, bb, int(r.lognormvariate(math.log(150), 0.6)) * 100,
                          r.choice(["third_party", "mobile_app"]), bn)
            if r.random() < 0.08:
                ba, bb, bn = r.choice(self.property_cos)
                self.ptxn(self.rand_ts("day"), p, ba, bb, r.randint(800, 4000) * 100, "mobile_app", bn)
            # credit card repayment to own card
            if r.random() < 0.12:
                bank = p["accounts"][0][1]
                card = BANK_INFO[bank][2][0][:2] + "5" + self.rnd_digits(13)
                self.ptxn(self.rand_ts("evening"), p, card, bank, int(r.lognormvariate(math.log(3000), 0.8)) * 100,
                          "mobile_app", p["name"])
            # self transfer between own accounts
            if len(p["accounts"]) > 1 and r.random() < 0.15:
                a2, b2 = p["accounts"][1]
                self.ptxn(self.rand_ts("day"), p, a2, b2, int(r.lognormvariate(math.log(5000), 1.0)) * 100,
                          "mobile_app", p["name"])
            # rent
            if 20 <= p["age"] <= 45 and r.random() < 0.3 * days / 30:
                if r.random() < 0.3:
                    la, lb, ln = self.rental_agency
                else:
                    la, lb = self.new_account() if r.random() < 0.7 else P[r.randrange(self.N)]["accounts"][0]
                    ln = self.name()
                self.ptxn(self.rand_ts("day"), p, la, lb, r.randint(15, 60) * 10000, "mobile_app", ln)
            # family & friends
            for _ in range(self.poisson(0.7)):
                cands = p["family"] + p["friends"]
                if not cands:
                    break
                q = P[r.choice(cands)]
                amt = r.choice([5000, 10000, 20000, 20000, 50000, 52000, 66600, 100000, 88800, 200000, 300000])
                amt += r.choice([0, 0, 0, r.randint(1, 999) * 100])
                if r.random() < 0.05:
                    amt = r.randint(1, 10) * 1000000  # lending a friend 10k-100k
                ts = self.rand_ts("evening")
                ev = self.ptxn(ts, p, q["accounts"][0][0], q["accounts"][0][1], amt,
                               r.choice(["mobile_app", "mobile_app", "third_party"]), q["name"])
                if ev and r.random() < 0.3 and q["smart"]:  # call right around it
                    self.pcall(ts - r.randint(60, 900) * SEC, q["phone"], q["pkind"], q["region"], p,
                               r.randint(40, 1500))
            if "parent_ext" in p and r.random() < 0.2:
                pe = p["parent_ext"]
                ts = self.rand_ts("evening")
                self.ptxn(ts, p, pe["account"], pe["bank"], r.choice([100000, 200000, 300000, 500000]),
                          "mobile_app", pe["name"])
                if r.random() < 0.5:
                    self.pcall(ts - r.randint(5, 40) * MIN, pe["phone"], "mobile", pe["region"], p, r.randint(300, 2400))
        # weishang: personal accounts with fan-in that forward to suppliers within minutes
        n_ws = max(3, self.N // 350)
        for _ in range(n_ws):
            w = P[r.randrange(self.N)]
            if not w["smart"]:
                continue
            sup_acct, sup_bank = self.corp_account()
            sup_name = "义乌%s%s商行" % (r.choice(SHOP_WORDS), r.choice(["日用品", "服饰", "食品", "化妆品"]))
            for d in range(days):
                orders = []
                for _ in range(self.poisson(6)):
                    c = P[r.randrange(self.N)]
                    if not c["smart"]:
                        continue
                    ts = self.rand_ts("evening", d)
                    amt = r.randint(30, 900) * 100
                    ev = self.ptxn(ts, c, w["accounts"][0][0], w["accounts"][0][1], amt,
                                   r.choice(["mobile_app", "third_party"]), w["name"])
                    if ev:
                        orders.append((ts, amt))
                orders.sort()
                # forwards each larger order quickly, the rest in an evening batch
                batch = 0
                for ts, amt in orders:
                    if amt >= 40000 and r.random() < 0.6:
                        self.ptxn(ts + r.randint(3, 25) * MIN, w, sup_acct, sup_bank, amt * r.randint(70, 85) // 100,
                                  "mobile_app", sup_name)
                    else:
                        batch += amt
                if batch:
                    self.ptxn(self.at(d, 23.2 + r.random() * 0.6), w, sup_acct, sup_bank, batch * 78 // 100,
                              "mobile_app", sup_name)
        # large purchases to new payees, often after a bank service call
        for p in P:
            if p["smart"] and p["age"] >= 23 and r.random() < 0.015 * days / 7:
                self.large_purchase(p)
        # family abroad: long international call then transfer
        for p in P:
            ab = p.get("abroad")
            if ab and r.random() < 0.55:
                d = r.randrange(self.days)
                ts = self.at(d, r.choice([7.5, 8, 21, 22, 22.5]) + r.random())
                dur = r.randint(900, 5400)
                kind = "international" if r.random() < 0.8 else "voip"
                c = self.pcall(ts, ab["phone"], kind, ab["region"], p, dur)
                if c and r.random() < 0.7:
                    t2 = ts + int(dur * SEC * r.uniform(0.3, 1.4))
                    if r.random() < 0.7:
                        self.ptxn(t2, p, ab["account"], ab["bank"], r.choice([500000, 1000000, 2000000, 3000000, 5000000]),
                                  "mobile_app", ab["name"])
                    else:  # tuition / agent: brand-new payee, sometimes several chunks
                        ta, tb = self.corp_account("BOC")
                        tn = r.choice(["留学服务中心", "出国金融服务部", "国际教育咨询有限公司"])
                        for k in range(r.randint(1, 3)):
                            self.ptxn(t2 + k * r.randint(2, 8) * MIN, p, ta, tb, r.randint(30, 49) * 100000 + r.randint(0, 99) * 100,
                                      "mobile_app", "杭州" + tn)
        # crypto retail buyers (same OTC traders as the mule exit)
        self.otc = []
        for _ in range(6):
            a, b = self.new_account()
            self.otc.append((a, b, self.name()))
        for p in P:
            if p["smart"] and p["age"] < 45 and r.random() < 0.006:
                o = r.choice(self.otc)
                for _ in range(r.randint(1, 3)):
                    self.ptxn(self.rand_ts("evening"), p, o[0], o[1], r.randint(20, 300) * 10000 + r.randint(0, 99) * 100,
                              "mobile_app", o[2])
        # ordinary calls
        self.legit_calls()

    def large_purchase(self, p):
        r = self.rng
        kind = r.choices(["car", "reno", "tuition", "appliance", "house", "gold"], [25, 25, 15, 20, 8, 7])[0]
        d = r.randrange(self.days)
        ts = self.at(d, r.uniform(9.5, 18.5))
        bank = p["accounts"][0][1]
        if r.random() < 0.5:
            # bank's service line calls (large-transfer verification / loan / instalment)
            self.pcall(ts - r.randint(5, 90) * MIN, BANK_INFO[bank][4], "landline", None, p, r.randint(60, 600))
        elif r.random() < 0.5:
            self.pcall(ts - r.randint(5, 120) * MIN, self.new_phone(), "mobile", CITY, p, r.randint(120, 1500))
        if kind == "car":
            a, b = self.corp_account()
            nm = "浙江%s汽车销售服务有限公司" % r.choice(SHOP_WORDS)
            tot = r.randint(8, 35) * 1000000
        elif kind == "reno":
            a, b = self.corp_account()
            nm = "杭州%s装饰工程有限公司" % r.choice(SHOP_WORDS)
            tot = r.randint(20, 150) * 100000
        elif kind == "tuition":
            a, b = self.corp_account()
            nm = r.choice(["杭州%s教育培训学校", "杭州%s外国语学校", "浙江%s职业技术学院"]) % r.choice(SHOP_WORDS)
            tot = r.randint(10, 60) * 100000
        elif kind == "appliance":
            a, b = self.corp_account()
            nm = "杭州%s家电有限公司" % r.choice(SHOP_WORDS)
            tot = r.randint(80, 400) * 10000
        elif kind == "house":
            a, b = self.corp_account()
            nm = "杭州%s房地产开发有限公司" % r.choice(SHOP_WORDS)
            tot = r.randint(5, 30) * 1000000
        else:
            a, b = self.new_account()  # individual seller (second-hand goods / gold from acquaintance)
            nm = self.name()
            tot = r.randint(20, 120) * 100000
        # split under mobile daily limits sometimes
        if tot > 5000000 and r.random() < 0.5:
            k = 0
            while tot > 0:
                ch = min(tot, 5000000 - r.choice([0, 0, 100, 10000]))
                self.ptxn(ts + k * r.randint(1, 6) * MIN, p, a, b, ch, "mobile_app", nm)
                tot -= ch
                k += 1
        else:
            ch = "online_banking" if (p["pc"] and tot > 5000000) else ("counter" if tot > 20000000 else "mobile_app")
            self.ptxn(ts, p, a, b, tot, ch, nm)
        if r.random() < 0.3:  # bank verification call right after a large transfer
            self.pcall(ts + r.randint(1, 10) * MIN, BANK_INFO[bank][4], "landline", None, p, r.randint(40, 240))

    def legit_calls(self):
        r = self.rng
        P = self.P
        self.courier_numbers = [self.virtual_phone() for _ in range(max(20, self.N // 60))]
        self.courier_mobiles = [self.new_phone() for _ in range(max(20, self.N // 100))]
        self.telemarketers = ([(self.virtual_phone(), "virtual", None) for _ in range(40)] +
                              [(self.new_phone(), "mobile", r.choice(OTHER_REGIONS)) for _ in range(60)] +
                              [("0571" + self.rnd_digits(8), "landline", CITY) for _ in range(30)])
        for p in P:
            # family & friends
            for _ in range(self.poisson(1.8)):
                cands = p["family"] * 3 + p["friends"]
                if not cands:
                    break
                q = P[r.choice(cands)]
                dur = int(r.lognormvariate(math.log(150), 1.0))
                self.pcall(self.rand_ts("evening"), q["phone"], q["pkind"], q["region"], p, min(dur, 7200))
            if "parent_ext" in p and r.random() < 0.4:
                pe = p["parent_ext"]
                self.pcall(self.rand_ts("evening"), pe["phone"], "mobile", pe["region"], p,
                           int(r.lognormvariate(math.log(400), 0.8)))
            # colleagues / unknown mobiles
            for _ in range(self.poisson(0.4)):
                self.pcall(self.rand_ts("work"), self.new_phone(), "mobile", r.choice([CITY, CITY, r.choice(OTHER_REGIONS)]), p,
                           int(r.lognormvariate(math.log(90), 1.0)))
            # couriers / delivery riders (virtual privacy numbers, mobiles, official lines)
            for _ in range(self.poisson(0.75)):
                x = r.random()
                if x < 0.55:
                    num, kind, reg = r.choice(self.courier_numbers), "virtual", None
                elif x < 0.85:
                    num, kind, reg = r.choice(self.courier_mobiles), "mobile", CITY
                else:
                    num, kind, reg = r.choice(["95338", "95311", "95554", "95546", "11183"]), "landline", None
                self.pcall(self.rand_ts("day"), num, kind, reg, p, r.randint(8, 100))
            # telemarketers
            for _ in range(self.poisson(0.35)):
                num, kind, reg = r.choice(self.telemarketers)
                dur = r.randint(3, 60) if r.random() < 0.85 else r.randint(120, 1200)
                self.pcall(self.rand_ts("work"), num, kind, reg, p, dur)
            # bank / official service lines
            if r.random() < 0.08:
                bank = p["accounts"][0][1]
                self.pcall(self.rand_ts("work"), BANK_INFO[bank][4], "landline", None, p, r.randint(30, 500))
            if r.random() < 0.05:
                num = r.choice(sorted(OFFICIAL))
                self.pcall(self.rand_ts("work"), num, "landline", None, p, r.randint(30, 900))
            # bank account manager from a mobile, then a wealth-product purchase
            if p["savings"] > 30000000 and r.random() < 0.15:
                bank = p["accounts"][0][1]
                ts = self.rand_ts("work")
                self.pcall(ts, self.new_phone(), "mobile", CITY, p, r.randint(300, 1500))
                a, b = self.corp_account(bank)
                self.ptxn(ts + r.randint(20, 200) * MIN, p, a, b, r.randint(5, 50) * 1000000,
                          "mobile_app", "%s理财产品募集专户" % bank)
            # wrong legit international calls (business partners)
            if r.random() < 0.01:
                num, reg = self.intl_phone(INTL)
                self.pcall(self.rand_ts("work"), num, "international", reg, p, r.randint(60, 3600))

    # ------------------------------------------------------------------ scam infrastructure
    def build_gangs(self):
        r = self.rng
        templates = [
            (["impersonation_police"], ["virtual", "international", "voip", "spoof_police"]),
            (["fake_customer_service"], ["virtual", "voip", "mobile", "spoof_official"]),
            (["loan_scam", "fake_customer_service"], ["virtual", "mobile", "voip"]),
            (["task_rebate"], ["mobile", "virtual"]),
            (["fake_investment", "task_rebate"], ["international", "mobile"]),
            (["impersonation_police", "loan_scam"], ["international", "virtual", "voip"]),
        ]
        ng = max(6, self.N // 800)
        self.layer3 = []
        for _ in range(max(6, self.N // 700)):
            self.layer3.append(self.mule_account(None))
        self.gangs = []
        for g in range(ng):
            typ, kinds = templates[g % len(templates)]
            devs = [self.new_device() for _ in range(r.randint(3, 6))]
            ips = ["103.%d.%d.%d" % (r.choice([45, 97, 118, 197, 215]), r.randint(0, 255), r.randint(1, 254))
                   for _ in range(2)] + ["%s.%d.%d" % (r.choice(["27.150", "113.105", "58.218"]), r.randint(0, 255), r.randint(1, 254))]
            handler_phones = [self.virtual_phone() for _ in range(r.randint(1, 3))]
            gang = {"g": g, "typ": typ, "devs": devs, "ips": ips, "handler": handler_phones,
                    "cap": r.choice([5000000, 5000000, 2000000, 1000000])}
            nums = []
            for _ in range(r.randint(10, 22)):
                k = r.choice(kinds)
                spoof = None
                if k == "virtual":
                    num, reg, kind = self.virtual_phone(), r.choice(OTHER_REGIONS), "virtual"
                elif k == "international":
                    num, reg = self.intl_phone(SCAM_INTL)
                    kind = "international"
                elif k == "voip":
                    num, reg, kind = r.choice(["00", "0"]) + self.rnd_digits(r.randint(9, 11)), None, "voip"
                elif k == "mobile":
                    num, reg, kind = self.new_phone(), r.choice(OTHER_REGIONS), "mobile"
                elif k == "spoof_police":
                    num = r.choice(["0571", "010", "021", "0755"]) + r.choice(["87", "88", "86"]) + self.rnd_digits(6)
                    reg, kind, spoof = r.choice([CITY, "110000", "310000", "440300"]), "landline", r.random() < 0.7
                else:  # spoofed official service numbers
                    num = r.choice(["95188", "9510211", "950618", "95017", "4008" + self.rnd_digits(6)])
                    reg, kind, spoof = None, "landline", r.random() < 0.6
                    if spoof is False:
                        spoof = None
                start = r.randrange(self.days)
                nums.append({"num": num, "kind": kind, "reg": reg, "spoof": spoof,
                             "d0": start, "d1": min(self.days - 1, start + r.randint(0, 3)), "callees": []})
            gang["nums"] = nums
            n1 = r.randint(6, 10) if typ[0] == "impersonation_police" else r.randint(9, 15)
            gang["l1"] = [self.mule_account(gang, corp=(typ[0] == "impersonation_police" and r.random() < 0.4))
                          for _ in range(n1)]
            for m in gang["l1"]:
                m["d0"] = r.randrange(max(1, self.days - 1))
                m["d1"] = m["d0"] + r.randint(2, 4)
            gang["l2"] = [self.mule_account(gang) for _ in range(r.randint(3, 6))]
            self.gangs.append(gang)
        for m in self.layer3:
            m["gang"] = None

    def mule_account(self, gang, corp=False):
        r = self.rng
        if corp:
            a, b = self.corp_account()
            nm = "%s%s%s" % (r.choice(["深圳", "广州", "海南", "东莞", "义乌"]), r.choice(SHOP_WORDS),
                             r.choice(["商贸有限公司", "网络科技有限公司", "供应链管理有限公司"]))
        else:
            a, b = self.new_account()
            nm = self.name()
        if gang is not None and r.random() < 0.3:
            ph = r.choice(gang["handler"])
        else:
            ph = self.new_phone()
        return {"acct": a, "bank": b, "name": nm, "phone": ph, "gang": gang, "in": [], "dev": None}

    def gang_call(self, gang, p, ts, dur, force_kind=None):
        r = self.rng
        d = (ts - BASE_MS) // DAY
        cands = [n for n in gang["nums"] if n["d0"] <= d <= n["d1"]]
        if force_kind:
            c2 = [n for n in (cands or gang["nums"]) if n["kind"] == force_kind]
            cands = c2 or cands
        n = r.choice(cands or gang["nums"])
        if self.pcall(ts, n["num"], n["kind"], n["reg"], p, dur, n["spoof"]):
            n["callees"].append((ts, p["i"]))
        return n

    def pick_mule(self, gang, ts, avoid):
        r = self.rng
        d = (ts - BASE_MS) / DAY
        act = [m for m in gang["l1"] if m["d0"] <= d <= m["d1"] and m["acct"] not in avoid]
        if not act:
            act = [m for m in gang["l1"] if m["acct"] not in avoid] or gang["l1"]
        return r.choice(act)

    # ------------------------------------------------------------------ scams
    def scams(self):
        r = self.rng
        P = self.P
        nv = max(5, int(round(self.N * r.uniform(0.012, 0.018))))
        tw = {"impersonation_police": 16, "fake_customer_service": 26, "task_rebate": 24,
              "fake_investment": 14, "loan_scam": 20}
        chosen = set()
        self.victims = []
        for _ in range(nv):
            t = r.choices(TYPOLOGIES, [tw[x] for x in TYPOLOGIES])[0]
            p = None
            for _try in range(200):
                p = P[r.randrange(self.N)]
                if p["i"] in chosen or not p["smart"] and t != "impersonation_police":
                    continue
                a = p["age"]
                ok = {"impersonation_police": a >= 40 or r.random() < 0.3,
                      "fake_customer_service": a < 50 or r.random() < 0.3,
                      "task_rebate": a < 45 or r.random() < 0.2,
                      "fake_investment": 28 <= a <= 65,
                      "loan_scam": a < 45 or r.random() < 0.2}[t]
                if ok:
                    break
            if p["i"] in chosen:
                continue
            chosen.add(p["i"])
            gangs = [g for g in self.gangs if t in g["typ"]]
            gang = r.choice(gangs)
            fn = getattr(self, "scam_" + t)
            txns = fn(p, gang)
            txns = [x for x in txns if x is not None]
            if not txns:
                chosen.discard(p["i"])
                continue
            self.victims.append((p, t, txns))
        # background dialing by call centres
        for g in self.gangs:
            for n in g["nums"]:
                for _ in range(self.poisson(38)):
                    p = P[r.randrange(self.N)]
                    d = r.randint(n["d0"], n["d1"])
                    x = r.random()
                    dur = (r.randint(0, 25) if x < 0.7 else r.randint(25, 180) if x < 0.92
                           else r.randint(180, 900) if x < 0.985 else r.randint(900, 3600))
                    ts = self.at(d, r.uniform(9, 21))
                    if self.pcall(ts, n["num"], n["kind"], n["reg"], p, dur, n["spoof"]):
                        n["callees"].append((ts, p["i"]))
                        if dur > 900 and r.random() < 0.3 and p["smart"]:
                            # near-victim pays something ordinary soon after (a hard coincidence)
                            pa, pb, pn = r.choice(self.platforms)
                            self.ptxn(ts + dur * SEC + r.randint(5, 50) * MIN, p, pa, pb, r.randint(50, 3000) * 100,
                                      "mobile_app", pn)
        self.mule_flows()
        # labels
        for p, t, txns in self.victims:
            txns.sort(key=lambda e: (e["ts_ms"], e["_k"]))
            big = [e for e in txns if e["amount_fen"] >= 500000]
            if big:
                fl = big[0]
            else:
                mx = max(e["amount_fen"] for e in txns)
                fl = [e for e in txns if e["amount_fen"] == mx][0]
            self.labels_victims.append({"kind": "victim", "phone": p["phone"], "account": p["accounts"][0][0],
                                        "typology": t, "first_large_txn_id": fl["txn_id"],
                                        "first_large_ts_ms": fl["ts_ms"]})
            for e in txns:
                self.labels_scam.append({"kind": "scam_txn", "txn_id": e["txn_id"], "typology": t,
                                         "victim_phone": p["phone"], "ts_ms": e["ts_ms"], "amount_fen": e["amount_fen"]})

    def pay_mule(self, p, ts, m, amt, channel=None):
        ev = self.ptxn(ts, p, m["acct"], m["bank"], amt, channel, m["name"])
        if ev:
            m["in"].append((ev["ts_ms"], amt, ev))
        return ev

    def scam_impersonation_police(self, p, gang):
        r = self.rng
        out = []
        d = r.randrange(self.days)
        ts = self.at(d, r.uniform(9, 16.5))
        if r.random() < 0.3 and d > 0:  # an earlier "courier / medical insurance" opener call
            self.gang_call(gang, p, self.at(d - 1, r.uniform(10, 17)), r.randint(120, 600))
        has_call = r.random() < 0.85
        dur = r.randint(1200, 5400) if r.random() < 0.85 else r.randint(5400, 9000)
        if has_call:
            self.gang_call(gang, p, ts, dur)
        total = min(max(p["savings"], 3000000), r.randint(5, 80) * 1000000)
        if len(p["accounts"]) > 1 and r.random() < 0.4:  # consolidate savings first
            a0, b0 = p["accounts"][0]
            acct_other = p["accounts"][1]
            self.txn(ts + r.randint(5, 15) * MIN, acct_other[0], acct_other[1], a0, b0, total // 2, "mobile_app" if p["smart"] else "counter",
                     payer_phone=p["phone"], payee_name=p["name"], device=p["device"] if p["smart"] else None)
        nt = r.randint(2, 5)
        payees = [self.pick_mule(gang, ts, set()) for _ in range(r.randint(1, 3))]
        ch = "mobile_app" if p["smart"] and r.random() < 0.78 else "counter"
        if ch == "mobile_app" and p["pc"] and r.random() < 0.2:
            ch = "online_banking"
        t = ts + r.randint(10, 40) * MIN
        # savings moved in round sums (victims type what the "officer" dictates)
        wts = [r.uniform(0.6, 1.4) for _ in range(nt)]
        amts = [max(100000, int(total * w / sum(wts)) // 100000 * 100000) for w in wts]
        if r.random() < 0.3:
            amts[-1] += r.randint(1, 99) * 100  # "all of it", to the last yuan
        for k, amt in enumerate(amts):
            out.append(self.pay_mule(p, t, payees[k % len(payees)], amt, ch))
            t += r.randint(2, 12) * MIN if ch != "counter" else r.randint(8, 25) * MIN
        # second day: "further verification"
        if r.random() < 0.25 and d + 1 < self.days:
            ts2 = self.at(d + 1, r.uniform(9, 15))
            if has_call:
                self.gang_call(gang, p, ts2, r.randint(900, 3600))
            m = self.pick_mule(gang, ts2, set())
            out.append(self.pay_mule(p, ts2 + r.randint(8, 30) * MIN, m, r.randint(2, 20) * 1000000, ch))
        return out

    def scam_fake_customer_service(self, p, gang):
        r = self.rng
        out = []
        d = r.randrange(self.days)
        ts = self.at(d, r.uniform(10, 20.5))
        if r.random() < 0.9:
            dur = r.randint(480, 2700)
            self.gang_call(gang, p, ts, dur)
        if r.random() < 0.3:  # victim is told to borrow from a consumer-finance app first
            la, lb, ln = r.choice(self.lenders)
            a, b = p["accounts"][0]
            self.txn(ts + r.randint(5, 15) * MIN, la, lb, a, b, r.randint(10, 50) * 100000, "online_banking", payee_name=p["name"])
        t = ts + r.randint(6, 25) * MIN
        avoid = set()
        amt = r.randint(150, 900) * 1000 + r.choice([0, 0, 88800, 99900, -100])
        for k in range(r.randint(2, 5)):
            m = self.pick_mule(gang, t, avoid)
            avoid.add(m["acct"])
            out.append(self.pay_mule(p, t, m, max(100000, amt), r.choice(["mobile_app", "mobile_app", "third_party"])))
            amt = int(amt * r.uniform(0.8, 1.8)) // 100 * 100
            amt = min(amt, 4999900)
            t += r.randint(3, 18) * MIN
        return out

    def scam_task_rebate(self, p, gang):
        r = self.rng
        out = []
        d = r.randrange(max(1, self.days - 2))
        ts = self.at(d, r.uniform(12, 22))
        if r.random() < 0.35:
            self.gang_call(gang, p, ts - r.randint(10, 120) * MIN, r.randint(20, 180))
        avoid = set()
        a0, b0 = p["accounts"][0]
        # small paid tasks with rebates
        t = ts
        for k, base in enumerate([r.choice([10000, 20000, 30000]), r.choice([50000, 80000, 100000])]):
            if k == 1 and r.random() < 0.4:
                break
            m = self.pick_mule(gang, t, avoid)
            avoid.add(m["acct"])
            out.append(self.pay_mule(p, t, m, base, r.choice(["mobile_app", "third_party"])))
            t += r.randint(5, 25) * MIN
            self.txn(t, m["acct"], m["bank"], a0, b0, int(base * r.uniform(1.2, 1.4)) // 100 * 100, "mobile_app",
                     payer_phone=m["phone"], payee_name=p["name"], device=self.mule_dev(m), ip=r.choice(gang["ips"]))
            t += r.randint(10, 60) * MIN
        # escalating "combined tasks" to rotating payees
        budget = max(p["savings"], 500000) * r.uniform(0.5, 2.0)
        amt = r.choice([200000, 300000, 500000])
        spent = 0
        for k in range(r.randint(3, 7)):
            if spent + amt > budget and k >= 1:
                break
            m = self.pick_mule(gang, t, avoid)
            avoid.add(m["acct"])
            out.append(self.pay_mule(p, t, m, amt, r.choice(["mobile_app", "mobile_app", "third_party"])))
            spent += amt
            amt = int(amt * r.uniform(1.6, 3.0)) // 10000 * 10000 + r.choice([0, 0, 8800, 6600])
            t += int(r.lognormvariate(math.log(40), 1.0) * MIN)
            if r.random() < 0.25:
                t += r.randint(10, 26) * HOUR
        return out

    def scam_fake_investment(self, p, gang):
        r = self.rng
        out = []
        d = r.randrange(max(1, self.days - 4))
        ts = self.at(d, r.uniform(9.5, 21))
        if r.random() < 0.2:
            self.gang_call(gang, p, ts - r.randint(30, 300) * MIN, r.randint(300, 1500), force_kind="mobile")
        avoid = set()
        a0, b0 = p["accounts"][0]
        amt = r.randint(5, 20) * 100000
        t = ts
        budget = max(p["savings"], 3000000) * r.uniform(0.6, 1.5)
        spent = 0
        for k in range(r.randint(3, 7)):
            if spent + amt > budget and k >= 2:
                break
            m = self.pick_mule(gang, t, avoid)
            avoid.add(m["acct"])
            ch = "online_banking" if p["pc"] and r.random() < 0.3 else "mobile_app"
            out.append(self.pay_mule(p, t, m, amt, ch))
            spent += amt
            if k == 0 and r.random() < 0.6:  # small "profit withdrawal" to build trust
                self.txn(t + r.randint(3, 20) * HOUR, m["acct"], m["bank"], a0, b0, amt // r.randint(8, 20) // 100 * 100,
                         "mobile_app", payer_phone=m["phone"], payee_name=p["name"], device=self.mule_dev(m),
                         ip=r.choice(gang["ips"]))
            amt = min(int(amt * r.uniform(1.3, 2.6)) // 10000 * 10000, 50000000)
            t = self.at((t - BASE_MS) // DAY + r.choice([0, 1, 1, 1, 2]), r.uniform(9.5, 21))
        return out

    def scam_loan_scam(self, p, gang):
        r = self.rng
        out = []
        d = r.randrange(self.days)
        ts = self.at(d, r.uniform(9.5, 20))
        if r.random() < 0.85:
            self.gang_call(gang, p, ts, r.randint(300, 1500))
        t = ts + r.randint(8, 40) * MIN
        avoid = set()
        for fee in range(r.randint(2, 4)):
            amt = [r.randint(3, 20) * 10000, r.randint(15, 60) * 10000, r.randint(30, 90) * 10000 + r.choice([0, 8800]),
                   r.randint(50, 150) * 10000][fee]
            m = self.pick_mule(gang, t, avoid)
            avoid.add(m["acct"])
            out.append(self.pay_mule(p, t, m, amt, r.choice(["mobile_app", "mobile_app", "third_party"])))
            t += r.randint(10, 240) * MIN
            if r.random() < 0.3:
                self.gang_call(gang, p, t - r.randint(2, 9) * MIN, r.randint(60, 400))
        return out

    # ------------------------------------------------------------------ mule flows
    def mule_dev(self, m):
        if m["dev"] is None:
            g = m["gang"]
            devs = g["devs"] if g else self.l3_devs
            m["dev"] = self.rng.choice(devs)
        return m["dev"]

    def mule_flows(self):
        r = self.rng
        self.l3_devs = [self.new_device() for _ in range(3)]
        self.l3_ips = ["103.%d.%d.%d" % (r.choice([44, 56, 200]), r.randint(0, 255), r.randint(1, 254))
                       for _ in range(2)]
        for g in self.gangs:
            for m in g["l1"]:
                self.pass_on(m, 1, g["l2"], (1.5, 12), g["cap"], r.choice(g["ips"]) if False else None)
        for g in self.gangs:
            for m in g["l2"]:
                self.pass_on(m, 2, self.layer3, (2, 20), g["cap"], None)
        for m in self.layer3:
            self.pass_on(m, 3, None, (4, 60), 5000000, None)
        # card tests before first use ("验卡")
        for g in self.gangs:
            for m in g["l1"]:
                used2 = [x for x in g["l2"] if x["acct"] in self.mule_layer]
                if m["acct"] in self.mule_layer and used2 and r.random() < 0.5:
                    first = min(x[0] for x in m["in"])
                    src = r.choice(used2)
                    self.txn(first - r.randint(1, 30) * HOUR, src["acct"], src["bank"], m["acct"], m["bank"],
                             r.choice([1, 10, 100, 1000]), "mobile_app", payer_phone=src["phone"], payee_name=m["name"],
                             device=self.mule_dev(src), ip=r.choice(g["ips"]))

    def pass_on(self, m, layer, nxt, delay, cap, _):
        r = self.rng
        if not m["in"]:
            return
        self.mule_layer[m["acct"]] = layer
        g = m["gang"]
        ips = g["ips"] if g else self.l3_ips
        ins = sorted(m["in"], key=lambda x: (x[0], x[1]))
        i = 0
        while i < len(ins):
            t0 = ins[i][0]
            send = t0 + int(r.uniform(*delay) * MIN)
            tot = 0
            while i < len(ins) and ins[i][0] <= send:
                tot += ins[i][1]
                send = max(send, ins[i][0] + int(r.uniform(0.5, 3) * MIN))
                i += 1
            keep = r.uniform(0.0, 0.02) if layer == 1 else r.uniform(0.0, 0.01)
            amt = int(tot * (1 - keep)) // 100 * 100
            if amt <= 0:
                continue
            # chunks just under common limits
            chunks = []
            while amt > cap:
                c = cap - r.choice([100, 100, 1000, 10000, 100 * r.randint(1, 99)])
                chunks.append(c)
                amt -= c
            if amt > 0:
                chunks.append(amt)
            if nxt is None:
                targets = [self.otc[r.randrange(len(self.otc))] for _ in range(r.randint(1, 2))]
            else:
                targets = [nxt[r.randrange(len(nxt))] for _ in range(r.randint(1, 3))]
            t = send
            for k, c in enumerate(chunks):
                tg = targets[k % len(targets)]
                ch = "mobile_app" if r.random() < 0.85 else "online_banking"
                if nxt is None:
                    self.txn(t, m["acct"], m["bank"], tg[0], tg[1], c, ch, payer_phone=m["phone"], payee_name=tg[2],
                             device=self.mule_dev(m), ip=r.choice(ips))
                else:
                    ev = self.txn(t, m["acct"], m["bank"], tg["acct"], tg["bank"], c, ch, payer_phone=m["phone"],
                                  payee_name=tg["name"], device=self.mule_dev(m), ip=r.choice(ips))
                    if ev:
                        tg["in"].append((ev["ts_ms"], c, ev))
                t += r.randint(15, 150) * SEC

    # ------------------------------------------------------------------ watch lists
    def watchlists(self):
        r = self.rng
        t0 = BASE_MS + r.randint(1, 20) * MIN
        for k, num in enumerate(sorted(OFFICIAL)):
            self.watch(t0 + k * 500, "add", "phone", num, "allow", "官方客服号码:" + OFFICIAL[num])
        for k, b in enumerate(BANKS):
            self.watch(t0 + 20000 + k * 500, "add", "phone", b[4], "allow", "银行官方客服:" + b[0])
        # legacy entries from earlier weeks (numbers/accounts not seen this week)
        t1 = BASE_MS + r.randint(30, 90) * MIN
        for k in range(40):
            self.watch(t1 + k * 300, "add", "phone", self.virtual_phone() if k % 2 else self.intl_phone(SCAM_INTL)[0],
                       "scam_numbers", "历史涉诈号码")
        for k in range(25):
            self.watch(t1 + 20000 + k * 300, "add", "account", self.new_account()[0], "mule_accounts", "历史涉案账户")
        # some of this week's gang numbers and mules were already known
        for g in self.gangs:
            for n in g["nums"]:
                if n["kind"] in ("virtual", "international", "mobile") and r.random() < 0.12:
                    self.watch(t1 + r.randint(1, 60) * MIN, "add", "phone", n["num"], "scam_numbers", "历史涉诈号码")
            for m in g["l1"]:
                if m["acct"] in self.mule_layer and r.random() < 0.06:
                    self.watch(t1 + r.randint(1, 60) * MIN, "add", "account", m["acct"], "mule_accounts", "历史涉案账户")
        # victim reports -> case numbers; delays of hours to days
        for p, t, txns in self.victims:
            if r.random() > 0.7:
                continue
            last = max(e["ts_ms"] for e in txns)
            rep = last + int(r.uniform(1.5, 48) * HOUR)
            case = "案件编号 2026-3301-%05d" % r.randint(1, 99999)
            for g in self.gangs:
                for n in g["nums"]:
                    if any(i == p["i"] for _, i in n["callees"]) and n["kind"] != "landline":
                        self.watch(rep + r.randint(10, 240) * MIN, "add", "phone", n["num"], "scam_numbers",
                                   "受害人报案 " + case)
            for e in txns:
                if r.random() < 0.85:
                    acct = e["payee_account"]
                    if r.random() < 0.04:  # typo by the desk officer
                        acct = acct[:-3] + str((int(acct[-3]) + 1) % 10) + acct[-2:]
                    self.watch(rep + r.randint(30, 600) * MIN, "add", "account", acct, "mule_accounts",
                               "受害人报案 " + case)
        # operator detection of mass diallers
        for g in self.gangs:
            for n in g["nums"]:
                if n["kind"] == "landline" or len(n["callees"]) < 15 or r.random() < 0.4:
                    continue
                first = min(x[0] for x in n["callees"])
                self.watch(first + int(r.uniform(6, 60) * HOUR), "add", "phone", n["num"], "scam_numbers",
                           "运营商监测:高频外呼 %d 次" % len(n["callees"]))
            for m in g["l2"]:
                if m["acct"] in self.mule_layer and r.random() < 0.4:
                    first = min(x[0] for x in m["in"])
                    self.watch(first + int(r.uniform(12, 72) * HOUR), "add", "account", m["acct"], "mule_accounts",
                               "银行风控排查:资金快进快出")
        # mistakes: couriers' virtual numbers, a person's 170 number, a weishang account, then corrections
        for num in self.courier_numbers[:r.randint(2, 5)]:
            ts = self.rand_ts("day")
            self.watch(ts, "add", "phone", num, "scam_numbers", "群众举报:冒充快递")
            if r.random() < 0.75:
                self.watch(ts + int(r.uniform(5, 40) * HOUR), "remove", "phone", num, "scam_numbers", "核实为快递隐私号,误报撤销")
        vp = [p for p in self.P if p["pkind"] == "virtual"]
        for p in vp[:2]:
            ts = self.rand_ts("day")
            self.watch(ts, "add", "phone", p["phone"], "scam_numbers", "群众举报:骚扰电话")
            self.watch(ts + int(r.uniform(10, 60) * HOUR), "remove", "phone", p["phone"], "scam_numbers", "申诉通过")
        ms = [m for m in self.M if m["personal"]][:2]
        for m in ms:
            ts = self.rand_ts("work")
            self.watch(ts, "add", "account", m["acct"], "mule_accounts", "大量个人小额收款,疑似跑分")
            self.watch(ts + int(r.uniform(20, 70) * HOUR), "remove", "account", m["acct"], "mule_accounts", "核实为个体商户收款码")
        # an allow-list entry that is later revoked (number recycled by a scam gang)
        for g in self.gangs:
            sp = [n for n in g["nums"] if n["kind"] == "landline" and n["num"].startswith("4008")]
            for n in sp[:1]:
                ts = BASE_MS + r.randint(2, 6) * HOUR
                self.watch(ts, "add", "phone", n["num"], "allow", "企业客服热线报备")
                self.watch(ts + int(r.uniform(48, 120) * HOUR), "remove", "phone", n["num"], "allow", "号码被冒用,撤销白名单")

    # ------------------------------------------------------------------ util
    def poisson(self, lam):
        r = self.rng
        L = math.exp(-lam)
        k = 0
        p = 1.0
        while True:
            p *= r.random()
            if p <= L:
                return k
            k += 1

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        self.events.sort(key=lambda e: (e["ts_ms"], e["_k"]))
        with open(os.path.join(out, "events.jsonl"), "w", encoding="utf-8") as f:
            for e in self.events:
                d = {k: v for k, v in e.items() if k != "_k"}
                f.write(json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n")
        with open(os.path.join(out, "labels.jsonl"), "w", encoding="utf-8") as f:
            f.write(json.dumps({"kind": "meta", "persons": self.N}) + "\n")
            for v in self.labels_victims:
                f.write(json.dumps(v, ensure_ascii=False, separators=(",", ":")) + "\n")
            for s in self.labels_scam:
                f.write(json.dumps(s, ensure_ascii=False, separators=(",", ":")) + "\n")
            for acct in sorted(self.mule_layer, key=lambda a: (self.mule_layer[a], a)):
                f.write(json.dumps({"kind": "mule", "account": acct, "layer": self.mule_layer[acct]}) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--persons", type=int, default=5000)
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    w = World(a.persons, a.days, a.seed)
    w.build()
    w.write(a.out)


if __name__ == "__main__":
    main()
