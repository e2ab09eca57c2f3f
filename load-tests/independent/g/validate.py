#!/usr/bin/env python3
"""validate.py DIR... -- check a generated world (events.jsonl + labels.jsonl).

Checks: contract fields and types for transaction / call / watchlist events (required fields,
enums, amount_fen positive integer, duration_s on call ends), event_id uniqueness, ts_ms order
(nondecreasing except transactions up to 3 s late), unique txn_id, every call_id has exactly one
start and one end with end >= start, and label consistency: meta first, victims' first_large_txn_id
is a scam_txn of that victim and is their first scam transfer >= 500000 fen (or their largest if
none is that large), scam_txn ids exist with matching amount / ts / payer phone, mule accounts
appear in transactions.  Exits 1 with messages on any failure.
"""
import json
import os
import sys

TYPES = {"transaction", "call", "watchlist"}
CHANNELS = {"mobile_app", "online_banking", "atm", "counter", "third_party", "pos"}
KINDS = {"mobile", "landline", "virtual", "international", "voip", "unknown"}
TYPOLOGIES = {"impersonation_police", "fake_customer_service", "task_rebate", "fake_investment", "loan_scam"}
JITTER_MS = 3000


def is_int(x):
    return isinstance(x, int) and not isinstance(x, bool)


def is_str(x, lo=1, hi=None):
    return isinstance(x, str) and len(x) >= lo and (hi is None or len(x) <= hi)


class Checker:
    def __init__(self, d):
        self.d = d
        self.errors = []

    def err(self, msg):
        if len(self.errors) < 50:
            self.errors.append(msg)
        elif len(self.errors) == 50:
            self.errors.append("... more errors suppressed")

    def check_event(self, ln, o):
        if not isinstance(o, dict):
            return self.err("line %d: not an object" % ln)
        t = o.get("type")
        if t not in TYPES:
            return self.err("line %d: bad type %r" % (ln, t))
        if not is_str(o.get("event_id"), 1, 128):
            self.err("line %d: event_id missing or not 1-128 chars" % ln)
        if not is_int(o.get("ts_ms")):
            self.err("line %d: ts_ms not an integer" % ln)
        if t == "transaction":
            for f in ("txn_id", "payer_account", "payer_bank", "payee_account", "payee_bank", "channel"):
                if not is_str(o.get(f)):
                    self.err("line %d: transaction.%s missing or not a non-empty string" % (ln, f))
            a = o.get("amount_fen")
            if not is_int(a) or a <= 0:
                self.err("line %d: amount_fen must be a positive integer, got %r" % (ln, a))
            if o.get("channel") not in CHANNELS:
                self.err("line %d: bad channel %r" % (ln, o.get("channel")))
            for f in ("payer_phone", "payee_name", "currency", "device_id", "ip"):
                if f in o and not is_str(o[f]):
                    self.err("line %d: transaction.%s must be a string" % (ln, f))
            if o.get("payer_account") == o.get("payee_account"):
                self.err("line %d: payer_account == payee_account" % ln)
        elif t == "call":
            if o.get("phase") not in ("start", "end"):
                self.err("line %d: bad phase %r" % (ln, o.get("phase")))
            for f in ("call_id", "caller", "callee"):
                if not is_str(o.get(f)):
                    self.err("line %d: call.%s missing" % (ln, f))
            for f in ("caller", "callee"):
                v = o.get(f, "")
                if isinstance(v, str) and not (v.lstrip("+").isdigit()):
                    self.err("line %d: call.%s not digits: %r" % (ln, f, v))
            if o.get("caller_kind") not in KINDS:
                self.err("line %d: bad caller_kind %r" % (ln, o.get("caller_kind")))
            if o.get("phase") == "end":
                dur = o.get("duration_s")
                if not is_int(dur) or dur < 0:
                    self.err("line %d: call end needs integer duration_s >= 0, got %r" % (ln, dur))
            if "spoof_suspected" in o and not isinstance(o["spoof_suspected"], bool):
                self.err("line %d: spoof_suspected must be boolean" % ln)
            for f in ("caller_region", "callee_region"):
                if f in o and not is_str(o[f]):
                    self.err("line %d: call.%s must be a string" % (ln, f))
        else:
            if o.get("op") not in ("add", "remove"):
                self.err("line %d: bad watchlist op %r" % (ln, o.get("op")))
            if o.get("entity") not in ("phone", "account"):
                self.err("line %d: bad watchlist entity %r" % (ln, o.get("entity")))
            if not is_str(o.get("value")) or not is_str(o.get("list")):
                self.err("line %d: watchlist value/list missing" % ln)

    def run(self):
        ev_path = os.path.join(self.d, "events.jsonl")
        lb_path = os.path.join(self.d, "labels.jsonl")
        for p in (ev_path, lb_path):
            if not os.path.exists(p):
                self.err("missing " + p)
                return self.errors, {}
        event_ids = {}
        txns = {}
        txn_phone = {}
        calls = {}
        accounts = {}
        counts = {}
        maxts = None
        late = 0
        order_bad = 0
        with open(ev_path, encoding="utf-8") as f:
            for ln, line in enumerate(f, 1):
                try:
                    o = json.loads(line)
                except ValueError as e:
                    self.err("line %d: invalid JSON: %s" % (ln, e))
                    continue
                self.check_event(ln, o)
                if not isinstance(o, dict):
                    continue
                eid = o.get("event_id")
                if eid in event_ids:
                    self.err("line %d: duplicate event_id %r (first on line %d)" % (ln, eid, event_ids[eid]))
                event_ids[eid] = ln
                ts = o.get("ts_ms")
                if is_int(ts):
                    if maxts is not None and ts < maxts:
                        if ts < maxts - JITTER_MS:
                            order_bad += 1
                            if order_bad <= 5:
                                self.err("line %d: ts_ms %d is %d ms behind the max seen (> %d ms jitter)" % (ln, ts, maxts - ts, JITTER_MS))
                        late += 1
                    if maxts is None or ts > maxts:
                        maxts = ts
                t = o.get("type")
                k = t + ("_" + str(o.get("phase")) if t == "call" else "")
                counts[k] = counts.get(k, 0) + 1
                if t == "transaction":
                    tid = o.get("txn_id")
                    if tid in txns:
                        self.err("line %d: duplicate txn_id %r" % (ln, tid))
                    txns[tid] = (o.get("amount_fen"), ts, o.get("payer_account"))
                    if "payer_phone" in o:
                        txn_phone[tid] = o["payer_phone"]
                    accounts[o.get("payer_account")] = 1
                    accounts[o.get("payee_account")] = 1
                elif t == "call":
                    cid = o.get("call_id")
                    c = calls.setdefault(cid, {})
                    ph = o.get("phase")
                    if ph in c:
                        self.err("line %d: call_id %r has two %s events" % (ln, cid, ph))
                    c[ph] = ts
                    if ph == "end":
                        c["dur"] = o.get("duration_s")
        if order_bad > 5:
            self.err("%d events in total are more than %d ms out of order" % (order_bad, JITTER_MS))
        for cid, c in calls.items():
            if "start" not in c or "end" not in c:
                self.err("call_id %r lacks its %s event" % (cid, "start" if "start" not in c else "end"))
            elif c["end"] < c["start"]:
                self.err("call_id %r ends before it starts" % cid)
            elif is_int(c.get("dur")) and c["end"] - c["start"] < c["dur"] * 1000 - 1000:
                self.err("call_id %r: end-start shorter than duration_s" % cid)
        # labels
        victims = {}
        scam = {}
        scam_by_v = {}
        mules = {}
        lcount = {}
        with open(lb_path, encoding="utf-8") as f:
            for ln, line in enumerate(f, 1):
                try:
                    o = json.loads(line)
                except ValueError as e:
                    self.err("labels line %d: invalid JSON: %s" % (ln, e))
                    continue
                k = o.get("kind")
                lcount[k] = lcount.get(k, 0) + 1
                if ln == 1:
                    if k != "meta" or not is_int(o.get("persons")) or o["persons"] <= 0:
                        self.err("labels line 1 must be meta with positive persons")
                    continue
                if k == "victim":
                    for fld in ("phone", "account", "first_large_txn_id"):
                        if not is_str(o.get(fld)):
                            self.err("labels line %d: victim.%s missing" % (ln, fld))
                    if o.get("typology") not in TYPOLOGIES:
                        self.err("labels line %d: bad typology %r" % (ln, o.get("typology")))
                    if not is_int(o.get("first_large_ts_ms")):
                        self.err("labels line %d: first_large_ts_ms not int" % ln)
                    if o.get("phone") in victims:
                        self.err("labels line %d: victim %s listed twice" % (ln, o.get("phone")))
                    victims[o.get("phone")] = o
                elif k == "scam_txn":
                    tid = o.get("txn_id")
                    if o.get("typology") not in TYPOLOGIES:
                        self.err("labels line %d: bad typology" % ln)
                    if tid in scam:
                        self.err("labels line %d: scam_txn %s twice" % (ln, tid))
                    scam[tid] = o
                    scam_by_v.setdefault(o.get("victim_phone"), []).append(o)
                    ev = txns.get(tid)
                    if ev is None:
                        self.err("labels line %d: scam_txn %s not in events" % (ln, tid))
                    else:
                        if ev[0] != o.get("amount_fen"):
                            self.err("labels line %d: scam_txn %s amount %r != event %r" % (ln, tid, o.get("amount_fen"), ev[0]))
                        if ev[1] != o.get("ts_ms"):
                            self.err("labels line %d: scam_txn %s ts %r != event %r" % (ln, tid, o.get("ts_ms"), ev[1]))
                        if tid in txn_phone and txn_phone[tid] != o.get("victim_phone"):
                            self.err("labels line %d: scam_txn %s payer_phone %s != victim %s" % (ln, tid, txn_phone[tid], o.get("victim_phone")))
                elif k == "mule":
                    a = o.get("account")
                    if o.get("layer") not in (1, 2, 3):
                        self.err("labels line %d: bad mule layer %r" % (ln, o.get("layer")))
                    if a in mules:
                        self.err("labels line %d: mule %s twice" % (ln, a))
                    mules[a] = o.get("layer")
                    if a not in accounts:
                        self.err("labels line %d: mule %s never appears in a transaction" % (ln, a))
                elif k == "meta":
                    self.err("labels line %d: second meta line" % ln)
                else:
                    self.err("labels line %d: unknown kind %r" % (ln, k))
        for ph, v in victims.items():
            txs = scam_by_v.get(ph)
            if not txs:
                self.err("victim %s has no scam_txn" % ph)
                continue
            for s in txs:
                if s.get("typology") != v.get("typology"):
                    self.err("scam_txn %s typology differs from its victim's" % s.get("txn_id"))
            fl = v.get("first_large_txn_id")
            if fl not in scam or scam[fl].get("victim_phone") != ph:
                self.err("victim %s: first_large_txn_id %s is not one of their scam_txns" % (ph, fl))
                continue
            if scam[fl]["ts_ms"] != v.get("first_large_ts_ms"):
                self.err("victim %s: first_large_ts_ms mismatch" % ph)
            big = sorted([s for s in txs if s["amount_fen"] >= 500000], key=lambda s: s["ts_ms"])
            if big:
                if scam[fl]["amount_fen"] < 500000 or scam[fl]["ts_ms"] != big[0]["ts_ms"]:
                    self.err("victim %s: first_large %s is not the first scam transfer >= 500000 fen" % (ph, fl))
            else:
                mx = max(s["amount_fen"] for s in txs)
                if scam[fl]["amount_fen"] != mx:
                    self.err("victim %s: first_large %s is not the largest scam transfer" % (ph, fl))
        for ph in scam_by_v:
            if ph not in victims:
                self.err("scam_txn victim_phone %s has no victim label" % ph)
        for tid in scam:
            ev = txns.get(tid)
            if ev and ev[2] in mules:
                self.err("scam_txn %s is paid from a mule account" % tid)
        summary = {"events": counts, "late_events": late, "calls": len(calls), "labels": lcount,
                   "victims_by_typology": {}, "mules_by_layer": {}}
        for v in victims.values():
            t = v["typology"]
            summary["victims_by_typology"][t] = summary["victims_by_typology"].get(t, 0) + 1
        for a, l in mules.items():
            summary["mules_by_layer"][str(l)] = summary["mules_by_layer"].get(str(l), 0) + 1
        return self.errors, summary


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: validate.py DIR...")
    bad = 0
    for d in sys.argv[1:]:
        errs, summ = Checker(d).run()
        if errs:
            bad += 1
            print("FAIL %s" % d)
            for e in errs:
                print("  " + e)
        else:
            print("OK   %s %s" % (d, json.dumps(summ, sort_keys=True)))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
