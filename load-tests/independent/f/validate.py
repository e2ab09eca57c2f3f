#!/usr/bin/env python3
"""Check a generated world (world "f"):  python3 validate.py DIR [DIR ...]

DIR holds events.jsonl and labels.jsonl.  Checks the event contract (fields, types, enums), ts order
(at most a few seconds out of order), unique event ids and txn ids, call start/end pairing (one start,
one end, start first in the file, duration agreeing with the timestamps), and that every label agrees
with the events: the victim's first_large rule, scam_txn ids/amounts/ts, victims' phones present,
mules existing as accounts and receiving money from the layer above, no mule paying as a victim.
Scale figures outside the brief's ranges are printed as notes, not failures.  Exits 1 on problems.

Adapted from another world's checker (validate_e.py).  One deliberate relaxation: in this world a
victim sometimes pays from the spouse's account, so a scam_txn's payer_phone may differ from the
labelled victim phone; such transfers are counted (scam_txn_other_payer_phone) and fail only if
they are more than 10 % of the scam transfers.
"""
import json
import re
import sys
from collections import defaultdict

MAX_DISORDER_MS = 5000
LARGE = 500000
TYPES = {"transaction", "call", "watchlist"}
CHANNELS = {"mobile_app", "online_banking", "atm", "counter", "third_party", "pos"}
KINDS = {"mobile", "landline", "virtual", "international", "voip", "unknown"}
TYPOLOGIES = {"impersonation_police", "fake_customer_service", "task_rebate", "fake_investment", "loan_scam"}
NUM_RE = re.compile(r"^\+?[0-9]+$")
TS_MIN, TS_MAX = 946684800000, 4102444800000  # 2000..2100


def is_int(x):
    return isinstance(x, int) and not isinstance(x, bool)


def is_str(x):
    return isinstance(x, str)


class Checker:
    def __init__(self, d):
        self.d = d
        self.errors = []
        self.per_kind = defaultdict(int)
        self.total = 0

    def err(self, msg, kind=None):
        """record a problem; at most 5 messages of one kind are printed, the rest are counted"""
        kind = kind or re.sub(r"^events.jsonl:\d+: |^labels.jsonl:\d+: ", "", msg)[:25]
        self.total += 1
        self.per_kind[kind] += 1
        if self.per_kind[kind] <= 5:
            self.errors.append(msg)
        elif self.per_kind[kind] == 6:
            self.errors.append("... further problems of this kind (%s) are only counted" % kind)

    def req(self, ev, ln, field, pred, what):
        if field not in ev:
            self.err("events.jsonl:%d: %s missing required field %r" % (ln, ev.get("type"), field))
            return False
        if not pred(ev[field]):
            self.err("events.jsonl:%d: field %r should be %s, got %r" % (ln, field, what, ev[field]))
            return False
        return True

    def opt(self, ev, ln, field, pred, what):
        if field in ev and not pred(ev[field]):
            self.err("events.jsonl:%d: optional field %r should be %s, got %r" % (ln, field, what, ev[field]))

    def run(self):
        ev_path = self.d.rstrip("/") + "/events.jsonl"
        lb_path = self.d.rstrip("/") + "/labels.jsonl"
        event_ids = set()
        txns = {}
        calls = defaultdict(list)
        accounts = set()
        phones = set()
        payees_of = defaultdict(list)  # payee account -> [payer account]
        counts = defaultdict(int)
        max_ts = min_ts = None
        worst_disorder = 0
        try:
            f = open(ev_path, encoding="utf-8")
        except OSError as e:
            self.err("cannot open %s: %s" % (ev_path, e))
            return self.report(counts)
        with f:
            for ln, line in enumerate(f, 1):
                line = line.strip()
                if not line:
                    self.err("events.jsonl:%d: empty line" % ln)
                    continue
                try:
                    ev = json.loads(line)
                except ValueError as e:
                    self.err("events.jsonl:%d: not JSON: %s" % (ln, e))
                    continue
                if not isinstance(ev, dict):
                    self.err("events.jsonl:%d: not an object" % ln)
                    continue
                t = ev.get("type")
                if t not in TYPES:
                    self.err("events.jsonl:%d: bad type %r" % (ln, t))
                    continue
                counts[t] += 1
                if self.req(ev, ln, "event_id", lambda x: is_str(x) and 1 <= len(x) <= 128, "string of 1-128 chars"):
                    if ev["event_id"] in event_ids:
                        self.err("events.jsonl:%d: duplicate event_id %s" % (ln, ev["event_id"]))
                    event_ids.add(ev["event_id"])
                if not self.req(ev, ln, "ts_ms", lambda x: is_int(x) and TS_MIN < x < TS_MAX, "integer epoch ms"):
                    continue
                ts = ev["ts_ms"]
                if max_ts is not None and ts < max_ts:
                    worst_disorder = max(worst_disorder, max_ts - ts)
                    if max_ts - ts > MAX_DISORDER_MS:
                        self.err("events.jsonl:%d: ts_ms %d is %d ms before an earlier line (max %d allowed)"
                                 % (ln, ts, max_ts - ts, MAX_DISORDER_MS), "order")
                max_ts = ts if max_ts is None else max(max_ts, ts)
                min_ts = ts if min_ts is None else min(min_ts, ts)
                if t == "transaction":
                    self.check_txn(ev, ln, txns, accounts, phones, payees_of)
                elif t == "call":
                    ev["_ln"] = ln
                    self.check_call(ev, ln, calls, phones)
                else:
                    self.check_watch(ev, ln)
        # call pairing
        for cid, lst in calls.items():
            st = [e for e in lst if e["phase"] == "start"]
            en = [e for e in lst if e["phase"] == "end"]
            if len(st) != 1 or len(en) != 1:
                self.err("call_id %s has %d start and %d end events" % (cid, len(st), len(en)))
                continue
            s, e = st[0], en[0]
            if e["ts_ms"] < s["ts_ms"]:
                self.err("call_id %s ends before it starts" % cid)
            elif e["_ln"] < s["_ln"]:
                self.err("call_id %s: end line comes before the start line" % cid)
            elif is_int(e.get("duration_s")) and abs(e["ts_ms"] - s["ts_ms"] - e["duration_s"] * 1000) > 2000:
                self.err("call_id %s: duration_s %d disagrees with start/end ts" % (cid, e["duration_s"]))
            for k in ("caller", "callee", "caller_kind", "caller_region", "callee_region"):
                if s.get(k) != e.get(k):
                    self.err("call_id %s: %s differs between start and end" % (cid, k))
        counts["calls"] = len(calls)
        counts["max_disorder_ms"] = worst_disorder
        counts["_min_ts"], counts["_max_ts"] = min_ts or 0, max_ts or 0
        self.check_labels(lb_path, txns, accounts, phones, payees_of, counts)
        return self.report(counts)

    def check_txn(self, ev, ln, txns, accounts, phones, payees_of):
        ok = self.req(ev, ln, "txn_id", lambda x: is_str(x) and x != "", "non-empty string")
        for k in ("payer_account", "payer_bank", "payee_account", "payee_bank"):
            ok = self.req(ev, ln, k, lambda x: is_str(x) and x != "", "non-empty string") and ok
        ok = self.req(ev, ln, "amount_fen", lambda x: is_int(x) and x > 0, "integer > 0") and ok
        ok = self.req(ev, ln, "channel", lambda x: x in CHANNELS, "one of %s" % sorted(CHANNELS)) and ok
        self.opt(ev, ln, "payer_phone", lambda x: is_str(x) and NUM_RE.match(x), "digit string")
        for k in ("payee_name", "currency", "device_id", "ip"):
            self.opt(ev, ln, k, is_str, "string")
        if not ok:
            return
        if ev["txn_id"] in txns:
            self.err("events.jsonl:%d: duplicate txn_id %s" % (ln, ev["txn_id"]))
        if ev["payer_account"] == ev["payee_account"]:
            self.err("events.jsonl:%d: transfer to the same account" % ln)
        txns[ev["txn_id"]] = ev
        accounts.add(ev["payer_account"])
        accounts.add(ev["payee_account"])
        payees_of[ev["payee_account"]].append(ev["payer_account"])
        if "payer_phone" in ev:
            phones.add(ev["payer_phone"])

    def check_call(self, ev, ln, calls, phones):
        ok = self.req(ev, ln, "phase", lambda x: x in ("start", "end"), '"start" or "end"')
        ok = self.req(ev, ln, "call_id", lambda x: is_str(x) and x != "", "non-empty string") and ok
        ok = self.req(ev, ln, "caller", lambda x: is_str(x) and NUM_RE.match(x), "digits, may start with +") and ok
        ok = self.req(ev, ln, "callee", lambda x: is_str(x) and NUM_RE.match(x), "digits, may start with +") and ok
        ok = self.req(ev, ln, "caller_kind", lambda x: x in KINDS, "one of %s" % sorted(KINDS)) and ok
        if ok and ev["phase"] == "end":
            ok = self.req(ev, ln, "duration_s", lambda x: is_int(x) and x >= 0, "integer >= 0") and ok
        self.opt(ev, ln, "duration_s", lambda x: is_int(x) and x >= 0, "integer >= 0")
        self.opt(ev, ln, "caller_region", is_str, "string")
        self.opt(ev, ln, "callee_region", is_str, "string")
        self.opt(ev, ln, "spoof_suspected", lambda x: isinstance(x, bool), "boolean")
        if ok:
            calls[ev["call_id"]].append(ev)
            phones.add(ev["callee"])
            phones.add(ev["caller"])

    def check_watch(self, ev, ln):
        self.req(ev, ln, "op", lambda x: x in ("add", "remove"), '"add" or "remove"')
        self.req(ev, ln, "entity", lambda x: x in ("phone", "account"), '"phone" or "account"')
        self.req(ev, ln, "value", lambda x: is_str(x) and x != "", "non-empty string")
        self.req(ev, ln, "list", lambda x: is_str(x) and x != "", "non-empty string")
        self.opt(ev, ln, "reason", is_str, "string")

    def check_labels(self, path, txns, accounts, phones, payees_of, counts):
        try:
            lines = open(path, encoding="utf-8").read().splitlines()
        except OSError as e:
            self.err("cannot open %s: %s" % (path, e))
            return
        recs = []
        for ln, line in enumerate(lines, 1):
            try:
                r = json.loads(line)
            except ValueError as e:
                self.err("labels.jsonl:%d: not JSON: %s" % (ln, e))
                continue
            if not isinstance(r, dict) or r.get("kind") not in ("meta", "victim", "scam_txn", "mule"):
                self.err("labels.jsonl:%d: bad record %r" % (ln, r))
                continue
            recs.append((ln, r))
        if not recs or recs[0][1]["kind"] != "meta":
            self.err("labels.jsonl: first line must be the meta record")
        metas = [r for _, r in recs if r["kind"] == "meta"]
        if len(metas) != 1 or not is_int(metas[0].get("persons")) or metas[0]["persons"] <= 0:
            self.err("labels.jsonl: need exactly one meta record with integer persons > 0")
        victims, scams, mules = {}, defaultdict(list), {}
        seen_scam = set()
        other_phone = 0
        for ln, r in recs:
            if r["kind"] == "victim":
                for k in ("phone", "account", "first_large_txn_id"):
                    if not is_str(r.get(k)):
                        self.err("labels.jsonl:%d: victim.%s must be a string" % (ln, k))
                if r.get("typology") not in TYPOLOGIES:
                    self.err("labels.jsonl:%d: victim typology %r" % (ln, r.get("typology")))
                if not is_int(r.get("first_large_ts_ms")):
                    self.err("labels.jsonl:%d: victim.first_large_ts_ms must be an integer" % ln)
                if r.get("phone") in victims:
                    self.err("labels.jsonl:%d: victim %s listed twice" % (ln, r.get("phone")))
                victims[r.get("phone")] = (ln, r)
            elif r["kind"] == "scam_txn":
                tid = r.get("txn_id")
                if tid in seen_scam:
                    self.err("labels.jsonl:%d: scam_txn %s listed twice" % (ln, tid))
                seen_scam.add(tid)
                ev = txns.get(tid)
                if ev is None:
                    self.err("labels.jsonl:%d: scam_txn %s not in events" % (ln, tid))
                    continue
                if r.get("amount_fen") != ev["amount_fen"] or r.get("ts_ms") != ev["ts_ms"]:
                    self.err("labels.jsonl:%d: scam_txn %s amount/ts %r/%r differ from event %r/%r" % (
                        ln, tid, r.get("amount_fen"), r.get("ts_ms"), ev["amount_fen"], ev["ts_ms"]))
                if r.get("typology") not in TYPOLOGIES:
                    self.err("labels.jsonl:%d: scam_txn typology %r" % (ln, r.get("typology")))
                if "payer_phone" in ev and ev["payer_phone"] != r.get("victim_phone"):
                    other_phone += 1
                scams[r.get("victim_phone")].append((ln, r, ev))
            elif r["kind"] == "mule":
                a = r.get("account")
                if not is_str(a):
                    self.err("labels.jsonl:%d: mule.account must be a string" % ln)
                    continue
                if r.get("layer") not in (1, 2, 3):
                    self.err("labels.jsonl:%d: mule layer %r" % (ln, r.get("layer")))
                if a in mules:
                    self.err("labels.jsonl:%d: mule %s listed twice" % (ln, a))
                if a not in accounts:
                    self.err("labels.jsonl:%d: mule account %s does not appear in events" % (ln, a))
                mules[a] = r.get("layer")
        # victims vs their scam transfers
        victim_accounts = set()
        for ph, (ln, v) in victims.items():
            lst = scams.get(ph, [])
            if ph not in phones:
                self.err("labels.jsonl:%d: victim phone %s appears in no event" % (ln, ph))
            if not lst:
                self.err("labels.jsonl:%d: victim %s has no scam_txn" % (ln, ph))
                continue
            evs = sorted((e for _, _, e in lst), key=lambda e: e["ts_ms"])
            big = [e for e in evs if e["amount_fen"] >= LARGE]
            if big:
                if len(big) > 1 and big[0]["ts_ms"] == big[1]["ts_ms"]:
                    self.err("labels.jsonl:%d: victim %s has two large scam txns at the same ms" % (ln, ph))
                want = big[0]
            else:
                top = max(e["amount_fen"] for e in evs)
                tops = [e for e in evs if e["amount_fen"] == top]
                want = tops[0]
                if len(tops) > 1 and v.get("first_large_txn_id") in [e["txn_id"] for e in tops]:
                    want = txns[v["first_large_txn_id"]]
            if v.get("first_large_txn_id") != want["txn_id"] or v.get("first_large_ts_ms") != want["ts_ms"]:
                self.err("labels.jsonl:%d: victim %s first_large is %s@%s, expected %s@%s" % (
                    ln, ph, v.get("first_large_txn_id"), v.get("first_large_ts_ms"), want["txn_id"], want["ts_ms"]))
            if v.get("account") != want["payer_account"]:
                self.err("labels.jsonl:%d: victim %s account %s is not the payer of the first large txn (%s)" % (
                    ln, ph, v.get("account"), want["payer_account"]))
            for sln, r, e in lst:
                if r.get("typology") != v.get("typology"):
                    self.err("labels.jsonl:%d: scam_txn typology differs from its victim's" % sln)
                victim_accounts.add(e["payer_account"])
        for ph, lst in scams.items():
            if ph not in victims:
                self.err("labels.jsonl:%d: scam_txn for unknown victim %s" % (lst[0][0], ph))
        # mule layers fed by the layer above
        scam_payees = defaultdict(int)
        for lst in scams.values():
            for _, _, e in lst:
                scam_payees[e["payee_account"]] += 1
        for a, layer in mules.items():
            if layer == 1 and not scam_payees.get(a):
                self.err("mule %s (layer 1) receives no scam transfer" % a)
            if layer in (2, 3) and not any(mules.get(p) == layer - 1 for p in payees_of.get(a, [])):
                self.err("mule %s (layer %d) receives nothing from a layer-%d mule" % (a, layer, layer - 1))
            if a in victim_accounts:
                self.err("mule %s is also a victim's paying account" % a)
        if other_phone:
            counts["scam_txn_other_payer_phone"] = other_phone
            if other_phone > 0.1 * max(1, len(seen_scam)):
                self.err("%d of %d scam_txns are paid from a phone other than the victim's" % (other_phone, len(seen_scam)))
        unlabelled = [a for a in scam_payees if a not in mules]
        if unlabelled:
            counts["scam_payees_not_mule"] = len(unlabelled)
        counts["victims"] = len(victims)
        counts["scam_txns"] = len(seen_scam)
        for L in (1, 2, 3):
            counts["mules_l%d" % L] = sum(1 for x in mules.values() if x == L)
        by_t = defaultdict(int)
        for _, v in victims.values():
            by_t[v.get("typology")] += 1
        counts["victims_by_typology"] = dict(sorted(by_t.items()))
        if metas and is_int(metas[0].get("persons")) and metas[0]["persons"] < len(victims):
            self.err("meta.persons smaller than the number of victims")
        if metas and is_int(metas[0].get("persons")):
            days = max(1, round((counts.get("_max_ts", 0) - counts.get("_min_ts", 0)) / 86400000.0))
            k = metas[0]["persons"] / 5000.0 * days / 7.0
            notes = []
            if not 60 * k <= len(victims) <= 90 * k:
                notes.append("victims %d outside %d-%d" % (len(victims), 60 * k, 90 * k))
            nm = len(mules)
            if not 40 * k <= nm <= 110 * k:
                notes.append("mules %d outside %d-%d" % (nm, 40 * k, 110 * k))
            if len(by_t) < 5:
                notes.append("only %d typologies" % len(by_t))
            if notes:
                counts["scale_notes"] = notes

    def report(self, counts):
        name = self.d
        if self.errors:
            print("%s: INVALID (%d problems)" % (name, self.total))
            for e in self.errors:
                print("  - " + e)
            return False
        print("%s: OK %s" % (name, json.dumps({k: v for k, v in counts.items() if not k.startswith("_")}, sort_keys=True,
                                               ensure_ascii=False)))
        return True


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip())
        sys.exit(2)
    ok = True
    for d in sys.argv[1:]:
        ok = Checker(d).run() and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
