#!/usr/bin/env python3
"""
Validate one or more world-C directories:  python3 validate.py DIR [DIR...]

events.jsonl: every line one JSON object following /shared/contract/README.md (required fields,
types, enums), ts_ms non-decreasing, event_id unique (1-128 chars), txn_id unique, each call_id has
one start and at most one end (end not before start, same parties), all times in November 2026.
labels.jsonl: one meta line; victims, scam_txn and mule lines consistent with the events:
  * every scam_txn names an existing transaction with the same ts_ms and amount, paid by the victim
    (victim's account, or the victim's phone on the transfer, or an account the victim moved money
    to/from) to a layer-1 mule;
  * every victim has scam transfers, appears in the events by phone and account, and its
    first_large_txn_id / first_large_ts_ms follow the rule (first scam transfer >= 500000 fen,
    else the largest);
  * every transfer from a victim's account or phone to a layer-1 mule is labelled;
  * mules appear in the events; layer 1 receives scam transfers, layer 2 receives from layer 1,
    layer 3 from layer 2.
Prints a summary per directory; exits 1 on any problem.
"""
import json
import os
import sys
from datetime import datetime, timedelta, timezone

TYPES = {"transaction", "call", "watchlist"}
CHANNELS = {"mobile_app", "online_banking", "atm", "counter", "third_party", "pos"}
KINDS = {"mobile", "landline", "virtual", "international", "voip", "unknown"}
TYPOLOGIES = {"impersonation_police", "fake_customer_service", "task_rebate", "fake_investment", "loan_scam"}
CST = timezone(timedelta(hours=8))
NOV_LO = int(datetime(2026, 11, 1, tzinfo=CST).timestamp() * 1000)
NOV_HI = int(datetime(2026, 12, 1, tzinfo=CST).timestamp() * 1000)
LARGE = 500000


def is_int(x):
    return isinstance(x, int) and not isinstance(x, bool)


def is_str(x, lo=1):
    return isinstance(x, str) and len(x) >= lo


class Checker:
    def __init__(self, d):
        self.d = d
        self.problems = []

    def bad(self, msg):
        self.problems.append(msg)

    def req(self, o, ln, field, pred, what):
        if field not in o:
            self.bad("events:%d missing %s" % (ln, field))
            return False
        if not pred(o[field]):
            self.bad("events:%d %s is not %s: %r" % (ln, field, what, o[field]))
            return False
        return True

    def opt(self, o, ln, field, pred, what):
        if field in o and not pred(o[field]):
            self.bad("events:%d optional %s is not %s: %r" % (ln, field, what, o[field]))

    def json_lines(self, what):
        """(line number, value) of each line of DIR/<what>.jsonl that is JSON; empty and non-JSON
        lines are reported and skipped. The number of lines read is left in self.lines_read."""
        self.lines_read = 0
        with open(os.path.join(self.d, what + ".jsonl"), encoding="utf-8") as f:
            for ln, line in enumerate(f, 1):
                self.lines_read = ln
                if not line.strip():
                    self.bad("%s:%d empty line" % (what, ln))
                    continue
                try:
                    o = json.loads(line)
                except ValueError as e:
                    self.bad("%s:%d not JSON: %s" % (what, ln, e))
                    continue
                yield ln, o

    def events(self):
        self.txns = {}          # txn_id -> (ts, amount, payer_acct, payer_phone, payee_acct, line)
        self.counts = {}
        self.phones_seen = set()
        self.payer_accts = set()
        self.accts_seen = set()
        self.pair_accts = {}    # account -> set of counterpart accounts
        self.phone_accts = {}   # payer_phone -> set of payer accounts
        event_ids = set()
        calls = {}
        last_ts = None
        for ln, o in self.json_lines("events"):
            if not isinstance(o, dict):
                self.bad("events:%d not an object" % ln)
                continue
            t = o.get("type")
            if t not in TYPES:
                self.bad("events:%d bad type %r" % (ln, t))
                continue
            self.counts[t] = self.counts.get(t, 0) + 1
            if self.req(o, ln, "event_id", lambda x: isinstance(x, str) and 1 <= len(x) <= 128, "a 1-128 char string"):
                if o["event_id"] in event_ids:
                    self.bad("events:%d duplicate event_id %s" % (ln, o["event_id"]))
                event_ids.add(o["event_id"])
            if self.req(o, ln, "ts_ms", is_int, "an integer"):
                ts = o["ts_ms"]
                if last_ts is not None and ts < last_ts:
                    self.bad("events:%d ts_ms %d before previous %d" % (ln, ts, last_ts))
                last_ts = ts if last_ts is None else max(ts, last_ts)
                if not NOV_LO <= ts < NOV_HI:
                    self.bad("events:%d ts_ms %d outside November 2026" % (ln, ts))
            else:
                continue
            if t == "transaction":
                ok = True
                for fld in ("txn_id", "payer_account", "payer_bank", "payee_account", "payee_bank"):
                    ok &= self.req(o, ln, fld, is_str, "a non-empty string")
                ok &= self.req(o, ln, "amount_fen", lambda x: is_int(x) and x > 0, "a positive integer")
                ok &= self.req(o, ln, "channel", lambda x: x in CHANNELS, "a channel")
                for fld in ("payer_phone", "payee_name", "currency", "device_id", "ip"):
                    self.opt(o, ln, fld, is_str, "a non-empty string")
                if "payer_phone" in o and is_str(o["payer_phone"]) and not o["payer_phone"].lstrip("+").isdigit():
                    self.bad("events:%d payer_phone not digits: %r" % (ln, o["payer_phone"]))
                if not ok:
                    continue
                if o["txn_id"] in self.txns:
                    self.bad("events:%d duplicate txn_id %s" % (ln, o["txn_id"]))
                ph = o.get("payer_phone")
                self.txns[o["txn_id"]] = (ts, o["amount_fen"], o["payer_account"], ph, o["payee_account"], ln)
                self.payer_accts.add(o["payer_account"])
                self.accts_seen.add(o["payer_account"])
                self.accts_seen.add(o["payee_account"])
                self.pair_accts.setdefault(o["payer_account"], set()).add(o["payee_account"])
                self.pair_accts.setdefault(o["payee_account"], set()).add(o["payer_account"])
                if ph:
                    self.phones_seen.add(ph)
                    self.phone_accts.setdefault(ph, set()).add(o["payer_account"])
            elif t == "call":
                ok = self.req(o, ln, "phase", lambda x: x in ("start", "end"), "start/end")
                ok &= self.req(o, ln, "call_id", is_str, "a non-empty string")
                ok &= self.req(o, ln, "caller", lambda x: is_str(x) and x.lstrip("+").isdigit() and x.count("+") <= 1 and ("+" not in x or x[0] == "+"), "digits (may start with +)")
                ok &= self.req(o, ln, "callee", lambda x: is_str(x) and x.lstrip("+").isdigit(), "digits")
                ok &= self.req(o, ln, "caller_kind", lambda x: x in KINDS, "a caller_kind")
                self.opt(o, ln, "caller_region", is_str, "a non-empty string")
                self.opt(o, ln, "callee_region", is_str, "a non-empty string")
                self.opt(o, ln, "spoof_suspected", lambda x: isinstance(x, bool), "a boolean")
                if not ok:
                    continue
                if o["phase"] == "end":
                    self.req(o, ln, "duration_s", lambda x: is_int(x) and x >= 0, "an integer >= 0")
                elif "duration_s" in o:
                    self.opt(o, ln, "duration_s", lambda x: is_int(x) and x >= 0, "an integer >= 0")
                k, c = o["caller_kind"], o["caller"]
                if k == "virtual" and not c[:3] in ("170", "171"):
                    self.bad("events:%d virtual caller outside 170/171: %s" % (ln, c))
                if k == "international" and (not c.startswith("+") or c.startswith("+86")):
                    self.bad("events:%d international caller without foreign prefix: %s" % (ln, c))
                self.phones_seen.add(c)
                self.phones_seen.add(o["callee"])
                st = calls.setdefault(o["call_id"], [None, None])
                if o["phase"] == "start":
                    if st[0] is not None:
                        self.bad("events:%d second start for call %s" % (ln, o["call_id"]))
                    st[0] = (ts, c, o["callee"])
                else:
                    if st[1] is not None:
                        self.bad("events:%d second end for call %s" % (ln, o["call_id"]))
                    if st[0] is None:
                        self.bad("events:%d end before/without start for call %s" % (ln, o["call_id"]))
                    else:
                        if st[0][1:] != (c, o["callee"]):
                            self.bad("events:%d call %s parties differ between start and end" % (ln, o["call_id"]))
                        dur = o.get("duration_s")
                        if is_int(dur) and abs((ts - st[0][0]) / 1000.0 - dur) > 2:
                            self.bad("events:%d call %s duration_s %d vs %.1fs between start and end" % (ln, o["call_id"], dur, (ts - st[0][0]) / 1000.0))
                    st[1] = ts
            else:
                self.req(o, ln, "op", lambda x: x in ("add", "remove"), "add/remove")
                self.req(o, ln, "entity", lambda x: x in ("phone", "account"), "phone/account")
                self.req(o, ln, "value", is_str, "a non-empty string")
                self.req(o, ln, "list", is_str, "a non-empty string")
                self.opt(o, ln, "reason", is_str, "a non-empty string")
        n = self.lines_read
        if n == 0:
            self.bad("events.jsonl is empty")
        self.n_events = n
        self.n_calls = len(calls)

    def labels(self):
        metas, victims, scams, mules = [], {}, [], {}
        for ln, o in self.json_lines("labels"):
            k = o.get("kind") if isinstance(o, dict) else None
            if k == "meta":
                if not is_int(o.get("persons")) or o["persons"] <= 0:
                    self.bad("labels:%d meta.persons must be a positive integer" % ln)
                metas.append(o)
            elif k == "victim":
                good = all(is_str(o.get(x)) for x in ("phone", "account", "first_large_txn_id")) \
                    and o.get("typology") in TYPOLOGIES and is_int(o.get("first_large_ts_ms"))
                if not good:
                    self.bad("labels:%d malformed victim %r" % (ln, o))
                    continue
                if o["phone"] in victims:
                    self.bad("labels:%d duplicate victim %s" % (ln, o["phone"]))
                victims[o["phone"]] = o
            elif k == "scam_txn":
                good = all(is_str(o.get(x)) for x in ("txn_id", "victim_phone")) and o.get("typology") in TYPOLOGIES \
                    and is_int(o.get("ts_ms")) and is_int(o.get("amount_fen"))
                if not good:
                    self.bad("labels:%d malformed scam_txn %r" % (ln, o))
                    continue
                scams.append(o)
            elif k == "mule":
                if not is_str(o.get("account")) or o.get("layer") not in (1, 2, 3) or isinstance(o.get("layer"), bool):
                    self.bad("labels:%d malformed mule %r" % (ln, o))
                    continue
                if o["account"] in mules:
                    self.bad("labels:%d duplicate mule %s" % (ln, o["account"]))
                mules[o["account"]] = o["layer"]
            else:
                self.bad("labels:%d unknown kind %r" % (ln, k))
        if len(metas) != 1:
            self.bad("labels: expected exactly one meta line, got %d" % len(metas))
        persons = metas[0].get("persons", 0) if metas else 0
        if persons and len(victims) > persons:
            self.bad("labels: more victims than persons")
        # scam transfers
        seen = set()
        by_v = {}
        acct_to_phone = {v["account"]: p for p, v in victims.items()}
        for o in scams:
            tid = o["txn_id"]
            if tid in seen:
                self.bad("labels: duplicate scam_txn %s" % tid)
            seen.add(tid)
            t = self.txns.get(tid)
            if t is None:
                self.bad("labels: scam_txn %s not in events" % tid)
                continue
            ts, amt, payer, ph, payee, ln = t
            if ts != o["ts_ms"] or amt != o["amount_fen"]:
                self.bad("labels: scam_txn %s ts/amount differ from the event" % tid)
            v = victims.get(o["victim_phone"])
            if v is None:
                self.bad("labels: scam_txn %s names unknown victim %s" % (tid, o["victim_phone"]))
                continue
            if v["typology"] != o["typology"]:
                self.bad("labels: scam_txn %s typology differs from its victim's" % tid)
            linked = payer == v["account"] or ph == v["phone"] or \
                v["account"] in self.pair_accts.get(payer, ()) or payer in self.phone_accts.get(v["phone"], ())
            if not linked:
                self.bad("labels: scam_txn %s payer %s not linked to victim %s" % (tid, payer, v["phone"]))
            if ph is not None and ph != v["phone"]:
                self.bad("labels: scam_txn %s carries another phone %s" % (tid, ph))
            if mules.get(payee) != 1:
                self.bad("labels: scam_txn %s payee %s is not a layer-1 mule" % (tid, payee))
            by_v.setdefault(o["victim_phone"], []).append((ts, ln, tid, amt))
        for p, v in victims.items():
            st = sorted(by_v.get(p, []))
            if not st:
                self.bad("labels: victim %s has no scam_txn" % p)
                continue
            if p not in self.phones_seen:
                self.bad("labels: victim phone %s not in events" % p)
            if v["account"] not in self.payer_accts:
                self.bad("labels: victim account %s never pays in events" % v["account"])
            first = next((x for x in st if x[3] >= LARGE), None)
            if first is not None:
                ok = v["first_large_txn_id"] == first[2] or any(
                    x[2] == v["first_large_txn_id"] and x[0] == first[0] and x[3] >= LARGE for x in st)
            else:
                mx = max(x[3] for x in st)
                ok = any(x[2] == v["first_large_txn_id"] and x[3] == mx for x in st)
            if not ok:
                self.bad("labels: victim %s first_large_txn_id %s breaks the rule" % (p, v["first_large_txn_id"]))
            t = self.txns.get(v["first_large_txn_id"])
            if t is None or t[0] != v["first_large_ts_ms"]:
                self.bad("labels: victim %s first_large_ts_ms does not match its transfer" % p)
        # completeness: victim -> layer-1 transfers are all labelled
        l1 = set(a for a, l in mules.items() if l == 1)
        l2 = set(a for a, l in mules.items() if l == 2)
        for tid, (ts, amt, payer, ph, payee, ln) in self.txns.items():
            if payee in l1 and tid not in seen and (payer in acct_to_phone or ph in victims):
                self.bad("labels: transfer %s from a victim to a layer-1 mule is not labelled" % tid)
        # mules
        recv_from = {}
        for tid, (ts, amt, payer, ph, payee, ln) in self.txns.items():
            if payee in mules and payer in mules:
                recv_from.setdefault(payee, set()).add(mules[payer])
        scam_payees = set(self.txns[o["txn_id"]][4] for o in scams if o["txn_id"] in self.txns)
        for a, layer in mules.items():
            if a not in self.accts_seen:
                self.bad("labels: mule %s not in events" % a)
                continue
            if layer == 1 and a not in scam_payees:
                self.bad("labels: layer-1 mule %s receives no scam transfer" % a)
            if layer in (2, 3) and layer - 1 not in recv_from.get(a, ()):
                self.bad("labels: layer-%d mule %s receives nothing from layer %d" % (layer, a, layer - 1))
        self.summary = {
            "persons": persons, "victims": len(victims), "scam_txn": len(scams),
            "victims_by_typology": {t: sum(1 for v in victims.values() if v["typology"] == t) for t in sorted(TYPOLOGIES)},
            "mules_by_layer": {l: sum(1 for x in mules.values() if x == l) for l in (1, 2, 3)},
            "scam_fen": sum(o["amount_fen"] for o in scams),
        }


def main():
    dirs = sys.argv[1:]
    if not dirs:
        sys.exit("usage: validate.py DIR [DIR...]")
    failed = False
    for d in dirs:
        c = Checker(d)
        try:
            c.events()
            c.labels()
        except OSError as e:
            c.bad(str(e))
        if c.problems:
            failed = True
            print("%s: FAIL, %d problem(s)" % (d, len(c.problems)))
            for p in c.problems[:25]:
                print("  " + p)
        else:
            s = c.summary
            print("%s: OK  events=%d %s calls=%d | persons=%d victims=%d %s | scam_txn=%d (¥%.0f) | mules %s"
                  % (d, c.n_events, c.counts, c.n_calls, s["persons"], s["victims"], s["victims_by_typology"],
                     s["scam_txn"], s["scam_fen"] / 100.0, s["mules_by_layer"]))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
