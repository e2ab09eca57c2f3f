#!/usr/bin/env python3
"""Validate a generated world against the event contract and label rules."""
import json
import sys
from collections import Counter, defaultdict

CH = {"mobile_app", "online_banking", "atm", "counter", "third_party", "pos"}
KINDS = {"mobile", "landline", "virtual", "international", "voip", "unknown"}


def isint(x):
    return isinstance(x, int) and not isinstance(x, bool)


def isstr(x):
    return isinstance(x, str)


def check(d):
    errs = []
    ev_ids, txn = set(), {}
    calls = {}
    last = None
    n = Counter()
    with open(d + "/events.jsonl", encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            try:
                e = json.loads(line)
            except Exception as x:
                errs.append("line %d: bad json %s" % (ln, x))
                continue
            t = e.get("type")
            n[t] += 1
            eid = e.get("event_id")
            if not (isstr(eid) and 1 <= len(eid) <= 128):
                errs.append("line %d: event_id" % ln)
            if eid in ev_ids:
                errs.append("line %d: dup event_id %s" % (ln, eid))
            ev_ids.add(eid)
            ts = e.get("ts_ms")
            if not isint(ts):
                errs.append("line %d: ts_ms" % ln)
                continue
            if last is not None and ts < last:
                errs.append("line %d: not sorted" % ln)
            last = ts
            if t == "transaction":
                for k in ("txn_id", "payer_account", "payer_bank", "payee_account", "payee_bank", "channel"):
                    if not isstr(e.get(k)) or not e.get(k):
                        errs.append("line %d: %s" % (ln, k))
                for k in ("payer_phone", "payee_name", "currency", "device_id", "ip"):
                    if k in e and not isstr(e[k]):
                        errs.append("line %d: %s type" % (ln, k))
                if not isint(e.get("amount_fen")) or e["amount_fen"] <= 0:
                    errs.append("line %d: amount" % ln)
                if e.get("channel") not in CH:
                    errs.append("line %d: channel" % ln)
                if e.get("txn_id") in txn:
                    errs.append("line %d: dup txn_id" % ln)
                txn[e.get("txn_id")] = e
            elif t == "call":
                for k in ("phase", "call_id", "caller", "callee", "caller_kind"):
                    if not isstr(e.get(k)) or not e.get(k):
                        errs.append("line %d: %s" % (ln, k))
                if e.get("caller_kind") not in KINDS:
                    errs.append("line %d: caller_kind" % ln)
                if "spoof_suspected" in e and not isinstance(e["spoof_suspected"], bool):
                    errs.append("line %d: spoof type" % ln)
                ph = e.get("phase")
                if ph == "end":
                    if not isint(e.get("duration_s")) or e["duration_s"] < 0:
                        errs.append("line %d: duration" % ln)
                    if e["call_id"] not in calls or calls[e["call_id"]] != "start":
                        errs.append("line %d: end without start" % ln)
                    calls[e["call_id"]] = "end"
                elif ph == "start":
                    if e["call_id"] in calls:
                        errs.append("line %d: dup call start" % ln)
                    calls[e["call_id"]] = "start"
                else:
                    errs.append("line %d: phase" % ln)
            elif t == "watchlist":
                if e.get("op") not in ("add", "remove") or e.get("entity") not in ("phone", "account"):
                    errs.append("line %d: watchlist op/entity" % ln)
                for k in ("value", "list"):
                    if not isstr(e.get(k)) or not e.get(k):
                        errs.append("line %d: %s" % (ln, k))
            else:
                errs.append("line %d: type %r" % (ln, t))
    open_calls = sum(1 for v in calls.values() if v == "start")
    # labels
    lab = [json.loads(l) for l in open(d + "/labels.jsonl", encoding="utf-8")]
    if lab[0] != {"kind": "meta", "persons": lab[0].get("persons")} or not isint(lab[0]["persons"]):
        errs.append("labels: meta line")
    vict = [x for x in lab if x["kind"] == "victim"]
    scam = [x for x in lab if x["kind"] == "scam_txn"]
    mules = [x for x in lab if x["kind"] == "mule"]
    if len(lab) != 1 + len(vict) + len(scam) + len(mules):
        errs.append("labels: unknown kind")
    by_v = defaultdict(list)
    mule_acc = {m["account"] for m in mules}
    for s in scam:
        e = txn.get(s["txn_id"])
        if e is None:
            errs.append("scam_txn %s missing" % s["txn_id"])
            continue
        if e["ts_ms"] != s["ts_ms"] or e["amount_fen"] != s["amount_fen"]:
            errs.append("scam_txn %s ts/amount mismatch" % s["txn_id"])
        if e.get("payer_phone") != s["victim_phone"]:
            errs.append("scam_txn %s payer_phone mismatch" % s["txn_id"])
        if e["payer_account"] in mule_acc:
            errs.append("scam_txn %s from a mule" % s["txn_id"])
        by_v[s["victim_phone"]].append(s)
    for v in vict:
        mine = by_v.get(v["phone"], [])
        if not mine:
            errs.append("victim %s has no scam txns" % v["phone"])
            continue
        ids = {s["txn_id"] for s in mine}
        if v["first_large_txn_id"] not in ids:
            errs.append("victim %s first_large not theirs" % v["phone"])
        mine.sort(key=lambda s: s["ts_ms"])
        big = [s for s in mine if s["amount_fen"] >= 500000]
        exp = big[0] if big else max(mine, key=lambda s: s["amount_fen"])
        if exp["amount_fen"] != txn[v["first_large_txn_id"]]["amount_fen"] or (big and exp["txn_id"] != v["first_large_txn_id"]):
            errs.append("victim %s first_large wrong" % v["phone"])
        if txn[v["first_large_txn_id"]]["ts_ms"] != v["first_large_ts_ms"]:
            errs.append("victim %s first_large_ts wrong" % v["phone"])
        if any(txn[s["txn_id"]]["payer_account"] != v["account"] for s in mine):
            errs.append("victim %s account mismatch" % v["phone"])
        if v["typology"] not in ("impersonation_police", "fake_customer_service", "task_rebate", "fake_investment", "loan_scam"):
            errs.append("victim typology")
        if any(s["typology"] != v["typology"] for s in mine):
            errs.append("victim %s typology mismatch" % v["phone"])
    if set(by_v) - {v["phone"] for v in vict}:
        errs.append("scam_txn without victim label")
    for m in mules:
        if m["layer"] not in (1, 2, 3):
            errs.append("mule layer")
    # victim transfers carry payer_phone
    vacc = {v["account"]: v["phone"] for v in vict}
    for e in txn.values():
        if e["payer_account"] in vacc and e.get("payer_phone") != vacc[e["payer_account"]]:
            errs.append("victim txn %s without payer_phone" % e["txn_id"])
    print("%s: lines=%d %s txns=%d calls(start)=%d open_calls=%d victims=%d scam_txn=%d mules=%d errors=%d" % (
        d, sum(n.values()), dict(n), len(txn), sum(1 for v in calls.values()), open_calls, len(vict), len(scam), len(mules), len(errs)))
    for x in errs[:20]:
        print("  ", x)
    return not errs


if __name__ == "__main__":
    ok = all([check(d) for d in sys.argv[1:]])
    sys.exit(0 if ok else 1)
