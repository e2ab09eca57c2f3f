#!/usr/bin/env python3
"""Validate generated worlds: python3 validate.py DIR [DIR ...]

Checks every event against the event contract, ordering and uniqueness, and every label
against the events. Prints a summary per world; exits non-zero on any problem.
"""
import collections
import json
import os
import sys

CHANNELS = {"mobile_app", "online_banking", "atm", "counter", "third_party", "pos"}
CALLER_KINDS = {"mobile", "landline", "virtual", "international", "voip", "unknown"}
TYPOLOGIES = {"impersonation_police", "fake_customer_service", "task_rebate", "fake_investment", "loan_scam"}
WL_OPS = {"add", "remove"}
WL_ENTITIES = {"phone", "account"}


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_str(v, nonempty=True):
    return isinstance(v, str) and (len(v) > 0 or not nonempty)


def json_lines(path, where, bad):
    """(line number, object) for each line of a JSON-lines file; a line that is not a JSON object
    is reported as `where` N and comes as (N, None), so the count of lines read stays right."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                o = json.loads(line)
            except Exception as ex:  # noqa
                bad("%s %d: bad json %s" % (where, n, ex))
                o = None
            else:
                if not isinstance(o, dict):
                    bad("%s %d: not an object" % (where, n))
                    o = None
            yield n, o


def check_world(d):
    probs = []

    def bad(msg):
        if len(probs) < 200:
            probs.append(msg)
        elif len(probs) == 200:
            probs.append("... more problems suppressed")

    ev_path = os.path.join(d, "events.jsonl")
    lb_path = os.path.join(d, "labels.jsonl")
    if not os.path.exists(ev_path) or not os.path.exists(lb_path):
        return ["missing events.jsonl or labels.jsonl"], None

    counts = collections.Counter()
    ids = set()
    txns = {}
    accounts = set()
    payees_of = collections.defaultdict(set)  # payee -> payers
    calls = {}
    prev_ts = None
    channels = collections.Counter()
    kinds = collections.Counter()
    wl = collections.Counter()
    n_line = 0
    for n_line, e in json_lines(ev_path, "line", bad):
        if e is None:
            continue
        t = e.get("type")
        eid = e.get("event_id")
        ts = e.get("ts_ms")
        if t not in ("transaction", "call", "watchlist"):
            bad("line %d: bad type %r" % (n_line, t))
            continue
        if not (is_str(eid) and len(eid) <= 128):
            bad("line %d: bad event_id %r" % (n_line, eid))
        elif eid in ids:
            bad("line %d: duplicate event_id %s" % (n_line, eid))
        else:
            ids.add(eid)
        if not is_int(ts):
            bad("line %d: ts_ms not int" % n_line)
            continue
        if prev_ts is not None and ts < prev_ts:
            bad("line %d: ts_ms not sorted (%d < %d)" % (n_line, ts, prev_ts))
        prev_ts = ts
        if t == "transaction":
            counts["transaction"] += 1
            for k in ("txn_id", "payer_account", "payer_bank", "payee_account", "payee_bank", "channel"):
                if not is_str(e.get(k)):
                    bad("line %d: transaction field %s missing/not string" % (n_line, k))
            for k in ("payer_phone", "payee_name", "currency", "device_id", "ip"):
                if k in e and not is_str(e[k]):
                    bad("line %d: optional field %s not string" % (n_line, k))
            if "payer_phone" in e and is_str(e["payer_phone"]) and not e["payer_phone"].lstrip("+").isdigit():
                bad("line %d: payer_phone not digits" % n_line)
            a = e.get("amount_fen")
            if not is_int(a) or a <= 0:
                bad("line %d: amount_fen must be int > 0: %r" % (n_line, a))
            if e.get("channel") not in CHANNELS:
                bad("line %d: bad channel %r" % (n_line, e.get("channel")))
            channels[e.get("channel")] += 1
            if e.get("currency", "CNY") != "CNY":
                bad("line %d: currency %r" % (n_line, e.get("currency")))
            tid = e.get("txn_id")
            if tid in txns:
                bad("line %d: duplicate txn_id %s" % (n_line, tid))
            txns[tid] = e
            accounts.add(e.get("payer_account"))
            accounts.add(e.get("payee_account"))
            payees_of[e.get("payee_account")].add(e.get("payer_account"))
        elif t == "call":
            counts["call_" + str(e.get("phase"))] += 1
            for k in ("phase", "call_id", "caller", "callee", "caller_kind"):
                if not is_str(e.get(k)):
                    bad("line %d: call field %s missing/not string" % (n_line, k))
            if e.get("phase") not in ("start", "end"):
                bad("line %d: bad phase %r" % (n_line, e.get("phase")))
            if e.get("caller_kind") not in CALLER_KINDS:
                bad("line %d: bad caller_kind %r" % (n_line, e.get("caller_kind")))
            for k in ("caller", "callee"):
                v = e.get(k)
                if is_str(v) and not v.lstrip("+").isdigit():
                    bad("line %d: %s not digits: %r" % (n_line, k, v))
            for k in ("caller_region", "callee_region"):
                if k in e and not is_str(e[k]):
                    bad("line %d: %s not string" % (n_line, k))
            if "spoof_suspected" in e and not isinstance(e["spoof_suspected"], bool):
                bad("line %d: spoof_suspected not bool" % n_line)
            if e.get("phase") == "end":
                dur = e.get("duration_s")
                if not is_int(dur) or dur < 0:
                    bad("line %d: call end duration_s bad %r" % (n_line, dur))
            elif "duration_s" in e and (not is_int(e["duration_s"]) or e["duration_s"] < 0):
                bad("line %d: duration_s bad" % n_line)
            c = calls.setdefault(e.get("call_id"), {})
            if e.get("phase") in c:
                bad("line %d: call %s has two %s" % (n_line, e.get("call_id"), e.get("phase")))
            c[e.get("phase")] = e
            if e.get("phase") == "start":
                kinds[e.get("caller_kind")] += 1
        else:
            counts["watchlist"] += 1
            for k in ("op", "entity", "value", "list"):
                if not is_str(e.get(k)):
                    bad("line %d: watchlist field %s missing/not string" % (n_line, k))
            if e.get("op") not in WL_OPS:
                bad("line %d: bad op %r" % (n_line, e.get("op")))
            if e.get("entity") not in WL_ENTITIES:
                bad("line %d: bad entity %r" % (n_line, e.get("entity")))
            if "reason" in e and not is_str(e["reason"], False):
                bad("line %d: reason not string" % n_line)
            wl["%s %s %s" % (e.get("list"), e.get("op"), e.get("entity"))] += 1
    for cid, c in calls.items():
        s, en = c.get("start"), c.get("end")
        if not s or not en:
            bad("call %s lacks start or end" % cid)
            continue
        if en["ts_ms"] < s["ts_ms"]:
            bad("call %s ends before it starts" % cid)
        if en["ts_ms"] - s["ts_ms"] != en.get("duration_s", -1) * 1000:
            bad("call %s duration does not match timestamps" % cid)
        for k in ("caller", "callee", "caller_kind"):
            if s.get(k) != en.get(k):
                bad("call %s start/end disagree on %s" % (cid, k))

    # ----------------------------------------------------------------- labels
    meta = None
    victims = {}
    scam = []
    mules = {}
    for i, l in json_lines(lb_path, "labels line", bad):
        if l is None:
            continue
        k = l.get("kind")
        if k == "meta":
            if meta is not None:
                bad("labels: duplicate meta")
            meta = l
            if not is_int(l.get("persons")) or l["persons"] <= 0:
                bad("labels: meta persons bad")
        elif k == "victim":
            for fld in ("phone", "account", "typology", "first_large_txn_id"):
                if not is_str(l.get(fld)):
                    bad("labels line %d: victim %s missing" % (i, fld))
            if not is_int(l.get("first_large_ts_ms")):
                bad("labels line %d: victim first_large_ts_ms not int" % i)
            if l.get("typology") not in TYPOLOGIES:
                bad("labels line %d: bad typology %r" % (i, l.get("typology")))
            if l.get("phone") in victims:
                bad("labels line %d: duplicate victim %s" % (i, l.get("phone")))
            victims[l.get("phone")] = l
        elif k == "scam_txn":
            for fld in ("txn_id", "typology", "victim_phone"):
                if not is_str(l.get(fld)):
                    bad("labels line %d: scam_txn %s missing" % (i, fld))
            for fld in ("ts_ms", "amount_fen"):
                if not is_int(l.get(fld)):
                    bad("labels line %d: scam_txn %s not int" % (i, fld))
            scam.append(l)
        elif k == "mule":
            if not is_str(l.get("account")) or not is_int(l.get("layer")) or l["layer"] < 1:
                bad("labels line %d: bad mule" % i)
            if l.get("account") in mules:
                bad("labels line %d: duplicate mule %s" % (i, l.get("account")))
            mules[l.get("account")] = l.get("layer")
        else:
            bad("labels line %d: unknown kind %r" % (i, k))
    if meta is None:
        bad("labels: no meta line")

    by_victim = collections.defaultdict(list)
    seen_scam = set()
    for s in scam:
        tid = s.get("txn_id")
        if tid in seen_scam:
            bad("scam_txn %s labelled twice" % tid)
        seen_scam.add(tid)
        e = txns.get(tid)
        v = victims.get(s.get("victim_phone"))
        if e is None:
            bad("scam_txn %s not in events" % tid)
            continue
        if v is None:
            bad("scam_txn %s: victim %s has no victim label" % (tid, s.get("victim_phone")))
            continue
        if e.get("payer_phone") != v["phone"]:
            bad("scam_txn %s payer_phone %s != victim phone %s" % (tid, e.get("payer_phone"), v["phone"]))
        if e.get("payer_account") != v["account"]:
            bad("scam_txn %s payer_account != victim account" % tid)
        if e["ts_ms"] != s.get("ts_ms") or e["amount_fen"] != s.get("amount_fen"):
            bad("scam_txn %s ts/amount mismatch with event" % tid)
        if s.get("typology") != v.get("typology"):
            bad("scam_txn %s typology differs from victim's" % tid)
        by_victim[v["phone"]].append(e)
    order = {tid: i for i, tid in enumerate(txns)}  # file order == time order
    for ph, v in victims.items():
        lst = by_victim.get(ph)
        if not lst:
            bad("victim %s has no scam_txn" % ph)
            continue
        lst.sort(key=lambda e: (e["ts_ms"], order[e["txn_id"]]))
        big = [e for e in lst if e["amount_fen"] >= 500000]
        if big:
            exp = big[0]
        else:
            mx = max(e["amount_fen"] for e in lst)
            exp = [e for e in lst if e["amount_fen"] == mx][0]
        if v.get("first_large_txn_id") != exp["txn_id"] or v.get("first_large_ts_ms") != exp["ts_ms"]:
            bad("victim %s first_large %s != expected %s" % (ph, v.get("first_large_txn_id"), exp["txn_id"]))
    scam_payees = {txns[s["txn_id"]]["payee_account"] for s in scam if s.get("txn_id") in txns}
    for acct, layer in mules.items():
        if acct not in accounts:
            bad("mule %s not seen in any transaction" % acct)
            continue
        if layer == 1 and acct not in scam_payees:
            bad("layer-1 mule %s never received a scam transfer" % acct)
        if layer > 1 and not any(mules.get(x) == layer - 1 for x in payees_of.get(acct, ())):
            bad("layer-%d mule %s never received from a layer-%d mule" % (layer, acct, layer - 1))
    if victims and meta and is_int(meta.get("persons")):
        frac = len(victims) / meta["persons"]
        if not (0.005 <= frac <= 0.03):
            bad("victim fraction %.3f outside 0.5%%-3%%" % frac)

    # ----------------------------------------------------------------- summary
    vt = collections.Counter(v["typology"] for v in victims.values())
    money = collections.Counter()
    ntx = collections.Counter()
    for s in scam:
        money[s.get("typology")] += s.get("amount_fen", 0)
        ntx[s.get("typology")] += 1
    ml = collections.Counter(mules.values())
    summ = []
    summ.append("world %s" % d)
    summ.append("  events: %d lines; transactions %d, call start %d, call end %d, watchlist %d"
                % (n_line, counts["transaction"], counts["call_start"], counts["call_end"], counts["watchlist"]))
    summ.append("  channels: " + ", ".join("%s %d" % kv for kv in sorted(channels.items())))
    summ.append("  caller kinds (calls): " + ", ".join("%s %d" % kv for kv in sorted(kinds.items())))
    summ.append("  watchlist: " + ", ".join("%s: %d" % kv for kv in sorted(wl.items())))
    summ.append("  persons %s; victims %d (%.2f%%)" % (meta.get("persons") if meta else "?", len(victims),
                                                       100.0 * len(victims) / max(1, (meta or {}).get("persons", 1))))
    for t in sorted(TYPOLOGIES):
        summ.append("    %-22s victims %3d  scam txns %4d  money ¥%s" % (t, vt[t], ntx[t], format(money[t] // 100, ",")))
    summ.append("  scam txns %d, scam money ¥%s" % (len(scam), format(sum(money.values()) // 100, ",")))
    summ.append("  mules by layer: " + ", ".join("L%d %d" % kv for kv in sorted(ml.items())))
    return probs, summ


def main():
    if len(sys.argv) < 2:
        print("usage: validate.py DIR [DIR ...]")
        return 2
    rc = 0
    for d in sys.argv[1:]:
        probs, summ = check_world(d)
        if summ:
            print("\n".join(summ))
        if probs:
            rc = 1
            print("  PROBLEMS (%d):" % len(probs))
            for p in probs:
                print("   - " + p)
        else:
            print("  OK")
    return rc


if __name__ == "__main__":
    sys.exit(main())
