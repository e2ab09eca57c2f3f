#!/usr/bin/env python3
"""Validate a generated world against the event contract and the labels format.

    python3 validate.py DIR [DIR ...]
Exit status 0 when every directory passes.
"""
import json
import sys

CHANNELS = {"mobile_app", "online_banking", "atm", "counter", "third_party", "pos"}
KINDS = {"mobile", "landline", "virtual", "international", "voip", "unknown"}
TYPOLOGIES = {"impersonation_police", "fake_customer_service", "task_rebate", "fake_investment", "loan_scam"}


def is_int(x):
    return isinstance(x, int) and not isinstance(x, bool)


def is_str(x):
    return isinstance(x, str)


def check_event(o):
    """Return a list of problems with one event object."""
    errs = []
    t = o.get("type")
    eid = o.get("event_id")
    if not (is_str(eid) and 1 <= len(eid) <= 128):
        errs.append("event_id")
    if not is_int(o.get("ts_ms")):
        errs.append("ts_ms")
    if t == "transaction":
        for k in ("txn_id", "payer_account", "payer_bank", "payee_account", "payee_bank", "channel"):
            if not (is_str(o.get(k)) and o.get(k)):
                errs.append(k)
        if not (is_int(o.get("amount_fen")) and o["amount_fen"] > 0):
            errs.append("amount_fen")
        if o.get("channel") not in CHANNELS:
            errs.append("channel value")
        for k in ("payer_phone", "payee_name", "currency", "device_id", "ip"):
            if k in o and not is_str(o[k]):
                errs.append(k)
    elif t == "call":
        for k in ("phase", "call_id", "caller", "callee", "caller_kind"):
            if not (is_str(o.get(k)) and o.get(k)):
                errs.append(k)
        if o.get("phase") not in ("start", "end"):
            errs.append("phase value")
        if o.get("caller_kind") not in KINDS:
            errs.append("caller_kind value")
        if o.get("phase") == "end" and not (is_int(o.get("duration_s")) and o["duration_s"] >= 0):
            errs.append("duration_s")
        for k in ("caller_region", "callee_region"):
            if k in o and not is_str(o[k]):
                errs.append(k)
        if "spoof_suspected" in o and not isinstance(o["spoof_suspected"], bool):
            errs.append("spoof_suspected")
    elif t == "watchlist":
        if o.get("op") not in ("add", "remove"):
            errs.append("op")
        if o.get("entity") not in ("phone", "account"):
            errs.append("entity")
        for k in ("value", "list"):
            if not (is_str(o.get(k)) and o.get(k)):
                errs.append(k)
    else:
        errs.append("type")
    return errs


def validate(d):
    problems = []
    n = 0
    last_ts = None
    unsorted = 0
    eids, tids = set(), set()
    dup_e = dup_t = 0
    txns = {}
    calls = {}
    counts = {"transaction": 0, "call": 0, "watchlist": 0}
    bad = 0
    with open(d + "/events.jsonl", encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            n += 1
            try:
                o = json.loads(line)
            except ValueError as e:
                problems.append("events line %d: not JSON (%s)" % (ln, e))
                bad += 1
                continue
            if not isinstance(o, dict):
                problems.append("events line %d: not an object" % ln)
                bad += 1
                continue
            errs = check_event(o)
            if errs:
                bad += 1
                if bad <= 10:
                    problems.append("events line %d: bad %s" % (ln, ",".join(errs)))
                continue
            counts[o["type"]] += 1
            ts = o["ts_ms"]
            if last_ts is not None and ts < last_ts:
                unsorted += 1
            last_ts = ts
            if o["event_id"] in eids:
                dup_e += 1
            eids.add(o["event_id"])
            if o["type"] == "transaction":
                if o["txn_id"] in tids:
                    dup_t += 1
                tids.add(o["txn_id"])
                txns[o["txn_id"]] = o
            elif o["type"] == "call":
                c = calls.setdefault(o["call_id"], {})
                if o["phase"] in c:
                    problems.append("call %s: duplicate %s" % (o["call_id"], o["phase"]))
                c[o["phase"]] = o
    if unsorted:
        problems.append("events not sorted by ts_ms (%d inversions)" % unsorted)
    if dup_e:
        problems.append("%d duplicate event_id" % dup_e)
    if dup_t:
        problems.append("%d duplicate txn_id" % dup_t)
    unpaired = 0
    for cid, c in calls.items():
        if set(c) != {"start", "end"}:
            unpaired += 1
        elif c["end"]["ts_ms"] < c["start"]["ts_ms"] or c["end"]["callee"] != c["start"]["callee"]:
            problems.append("call %s: end before start or callee mismatch" % cid)
    if unpaired:
        problems.append("%d calls without both start and end" % unpaired)

    # labels
    meta = None
    victims, scams, mules = [], [], []
    with open(d + "/labels.jsonl", encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            try:
                o = json.loads(line)
            except ValueError:
                problems.append("labels line %d: not JSON" % ln)
                continue
            k = o.get("kind")
            if k == "meta":
                meta = o
                if ln != 1 or not is_int(o.get("persons")):
                    problems.append("labels: meta must be line 1 with integer persons")
            elif k == "victim":
                if set(o) != {"kind", "phone", "account", "typology", "first_large_txn_id", "first_large_ts_ms"}:
                    problems.append("labels line %d: victim keys %s" % (ln, sorted(o)))
                victims.append(o)
            elif k == "scam_txn":
                if set(o) != {"kind", "txn_id", "typology", "victim_phone", "ts_ms", "amount_fen"}:
                    problems.append("labels line %d: scam_txn keys %s" % (ln, sorted(o)))
                scams.append(o)
            elif k == "mule":
                if set(o) != {"kind", "account", "layer"} or o.get("layer") not in (1, 2, 3):
                    problems.append("labels line %d: bad mule" % ln)
                mules.append(o)
            else:
                problems.append("labels line %d: unknown kind %r" % (ln, k))
    if meta is None:
        problems.append("labels: no meta")
    by_phone = {}
    for s in scams:
        t = txns.get(s["txn_id"])
        if t is None:
            problems.append("scam_txn %s not in events" % s["txn_id"])
            continue
        if s.get("typology") not in TYPOLOGIES:
            problems.append("scam_txn %s: typology %r" % (s["txn_id"], s.get("typology")))
        if t["ts_ms"] != s["ts_ms"] or t["amount_fen"] != s["amount_fen"]:
            problems.append("scam_txn %s: ts/amount differ from event" % s["txn_id"])
        if t.get("payer_phone") != s["victim_phone"]:
            problems.append("scam_txn %s: payer_phone %r != victim_phone" % (s["txn_id"], t.get("payer_phone")))
        by_phone.setdefault(s["victim_phone"], []).append(t)
    mule_accts = {m["account"] for m in mules}
    if len(mule_accts) != len(mules):
        problems.append("duplicate mule labels")
    vphones = set()
    for v in victims:
        if v["phone"] in vphones:
            problems.append("victim %s listed twice" % v["phone"])
        vphones.add(v["phone"])
        ts = sorted(by_phone.get(v["phone"], []), key=lambda t: (t["ts_ms"], t["txn_id"]))
        if not ts:
            problems.append("victim %s has no scam_txn" % v["phone"])
            continue
        big = [t for t in ts if t["amount_fen"] >= 500000]
        exp = big[0] if big else max(ts, key=lambda t: t["amount_fen"])
        if v["first_large_txn_id"] != exp["txn_id"]:
            # ties on the largest amount: accept any txn with that amount when none is >= 5000 yuan
            if big or txns.get(v["first_large_txn_id"], {}).get("amount_fen") != exp["amount_fen"]:
                problems.append("victim %s: first_large_txn_id %s expected %s" % (v["phone"], v["first_large_txn_id"],
                                                                                   exp["txn_id"]))
        fl = txns.get(v["first_large_txn_id"])
        if fl is None or fl["ts_ms"] != v["first_large_ts_ms"]:
            problems.append("victim %s: first_large_ts_ms mismatch" % v["phone"])
        if fl is not None and fl["payer_account"] != v["account"]:
            problems.append("victim %s: account is not the payer of first_large" % v["phone"])
        if v["typology"] not in TYPOLOGIES:
            problems.append("victim %s: typology" % v["phone"])
    for p in by_phone:
        if p not in vphones:
            problems.append("scam_txn victim_phone %s has no victim line" % p)
    # every scam transfer lands on a layer-1 mule; layer n+1 receives from layer n
    layer = {m["account"]: m["layer"] for m in mules}
    for s in scams:
        t = txns.get(s["txn_id"])
        if t is not None and layer.get(t["payee_account"]) != 1:
            problems.append("scam_txn %s payee is not a layer-1 mule" % s["txn_id"])
    fed = {2: set(), 3: set()}
    for t in txns.values():
        lp, lq = layer.get(t["payer_account"]), layer.get(t["payee_account"])
        if lp and lq == lp + 1:
            fed[lq].add(t["payee_account"])
    for m in mules:
        if m["layer"] > 1 and m["account"] not in fed[m["layer"]]:
            problems.append("mule %s layer %d receives nothing from layer %d" % (m["account"], m["layer"], m["layer"] - 1))
    summary = "%s: %d events (%d txn, %d call events, %d watchlist), %d victims, %d scam_txn, %d mules" % (
        d, n, counts["transaction"], counts["call"], counts["watchlist"], len(victims), len(scams), len(mules))
    return problems, summary


def main():
    ok = True
    for d in sys.argv[1:]:
        problems, summary = validate(d.rstrip("/"))
        print(summary)
        if problems:
            ok = False
            for p in problems[:40]:
                print("  FAIL", p)
            if len(problems) > 40:
                print("  ... %d more" % (len(problems) - 40))
        else:
            print("  OK")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
