#!/usr/bin/env python3
"""The Python peer: what a bank's data team would build with quixstreams instead of fanzha.

Applies two of fanzha's starter rules with quixstreams' keyed state (RocksDB), event-time windows
kept in that state:

  A. large first-time transfer during / right after a long call from a risky caller
     (transactions keyed by payer_phone and calls keyed by callee share the key, so the two topics
     are concatenated and handled by one stateful step per phone);
  B. paying an account that passes money on: every transfer is re-keyed by account (a
     quixstreams group_by, i.e. a repartition topic), each account remembers its inflows of the last
     30 minutes and the forwards it made in the last 7 days; a first-time payment into an account
     that forwarded twice or more is stopped.

Actions go to --actions as contract JSON (stop_payment / early_warning). Progress goes to stdout
as `progress <events consumed>` lines (the load driver reads them; see load-tests/src/bin/load.rs).

    pip install quixstreams
    python3 load-tests/peer/peer.py --brokers 127.0.0.1:9092 --group g \
        --transactions fz.transactions --calls fz.calls --watchlist fz.watchlist \
        --actions fz.actions.peer --expect 200000
"""

import argparse
import hashlib
import json
import sys
import time

from quixstreams import Application
from quixstreams.models.topics import TopicConfig

RISKY_KINDS = {"virtual", "international", "voip", "unknown"}
LONG_CALL_MS = 5 * 60 * 1000
AFTER_CALL_MS = 30 * 60 * 1000
LARGE_FEN = 500_000  # ¥5,000
FORWARD_WINDOW_MS = 30 * 60 * 1000
FORWARD_KEEP_MS = 7 * 86_400_000
PAYEES_KEPT = 64


class Progress:
    def __init__(self, expect):
        self.n = 0
        self.expect = expect
        self.last = 0.0

    def __call__(self, _value):
        self.n += 1
        now = time.monotonic()
        if now - self.last >= 0.1 or self.n >= self.expect:
            self.last = now
            print(f"progress {self.n}", flush=True)


def action(kind, target, event, **fields):
    h = hashlib.sha256(f"{kind}|{target}|{event['event_id']}".encode()).hexdigest()[:32]
    a = {
        "action_id": h,
        "kind": kind,
        "severity": "critical",
        "trigger_event_id": event["event_id"],
        "trigger_ts_ms": event["ts_ms"],
        "emitted_ts_ms": int(time.time() * 1000),
        "ruleset_version": "quixstreams-peer",
    }
    a.update(fields)
    return a


def phone_rule(value, state):
    """Rule A, keyed by phone: calls (callee) and transfers (payer_phone)."""
    ts = value["ts_ms"]
    if value.get("type") == "call":
        call = state.get("call")
        if value["phase"] == "start" or call is None or call.get("id") != value["call_id"]:
            call = {"id": value["call_id"], "kind": value.get("caller_kind", "unknown"),
                    "spoof": bool(value.get("spoof_suspected", False)), "start": ts, "end": None}
        if value["phase"] == "end":
            call["end"] = ts
            call["start"] = ts - 1000 * int(value.get("duration_s") or 0)
        state.set("call", call)
        return []
    payees = state.get("payees", [])
    payee = value["payee_account"]
    new = payee not in payees
    if new:
        payees.append(payee)
        state.set("payees", payees[-PAYEES_KEPT:])
    call = state.get("call")
    if not new or value["amount_fen"] < LARGE_FEN or call is None:
        return []
    active = call["end"] is None or ts - call["end"] <= AFTER_CALL_MS
    talk = (min(ts, call["end"]) if call["end"] is not None else ts) - call["start"]
    risky = call["kind"] in RISKY_KINDS or call["spoof"]
    if not (active and talk >= LONG_CALL_MS and risky):
        return []
    out = [action("stop_payment", value["txn_id"], value, bank=value["payer_bank"],
                  account=payee, txn_id=value["txn_id"], amount_fen=value["amount_fen"],
                  typology="impersonation_police", score=0.9,
                  reasons=[{"rule": "large_new_payee_during_risky_call", "detail": f"talk {talk} ms"}])]
    if value.get("payer_phone"):
        out.append(action("early_warning", value["payer_phone"], value, phone=value["payer_phone"],
                           typology="impersonation_police", score=0.9, reasons=[]))
    return out


def split_flows(value):
    """One transfer → an inflow for the payee and an outflow for the payer (re-keyed below)."""
    base = {"ts_ms": value["ts_ms"], "amount_fen": value["amount_fen"], "event": value}
    return [dict(base, acct=value["payee_account"], dir="in", other=value["payer_account"]),
            dict(base, acct=value["payer_account"], dir="out", other=value["payee_account"])]


def account_rule(flow, state):
    """Rule B, keyed by account: did it pass money on, and is someone paying it for the first time?"""
    ts = flow["ts_ms"]
    ins = [x for x in state.get("ins", []) if ts - x[0] <= FORWARD_WINDOW_MS]
    fwd = [t for t in state.get("fwd", []) if ts - t <= FORWARD_KEEP_MS]
    out = []
    if flow["dir"] == "out":
        if any(a >= 0.8 * flow["amount_fen"] for _, a, _ in ins):
            fwd.append(ts)
            state.set("fwd", fwd[-32:])
    else:
        payers = state.get("payers", [])
        first = flow["other"] not in payers
        if first:
            payers.append(flow["other"])
            state.set("payers", payers[-PAYEES_KEPT:])
        ins.append((ts, flow["amount_fen"], flow["other"]))
        if first and len(fwd) >= 2 and flow["amount_fen"] >= 100_000:
            e = flow["event"]
            out.append(action("stop_payment", e["txn_id"], e, bank=e["payer_bank"], account=flow["acct"],
                              txn_id=e["txn_id"], amount_fen=e["amount_fen"], typology="mule_network",
                              score=0.8, reasons=[{"rule": "paying_a_forwarding_account",
                                                   "detail": f"forwards_7d={len(fwd)}"}]))
    state.set("ins", ins[-32:])
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--brokers", default="127.0.0.1:9092")
    p.add_argument("--group", default="fz-peer")
    p.add_argument("--transactions", default="fz.transactions")
    p.add_argument("--calls", default="fz.calls")
    p.add_argument("--watchlist", default="fz.watchlist")
    p.add_argument("--actions", default="fz.actions.peer")
    p.add_argument("--expect", type=int, default=0, help="stop after this many events (0 = never)")
    p.add_argument("--state-dir", default="/tmp/fz-peer-state")
    p.add_argument("--partitions", type=int, default=3)
    p.add_argument("--no-repartition", action="store_true",
                   help="rule A only (no group_by topic): the peer's ceiling without re-keying")
    a = p.parse_args()

    cfg = TopicConfig(num_partitions=a.partitions, replication_factor=1,
                      extra_config={"retention.ms": "604800000"})
    app = Application(
        broker_address=a.brokers,
        consumer_group=a.group,
        auto_offset_reset="earliest",
        state_dir=a.state_dir,
        use_changelog_topics=False,
        commit_interval=1.0,
        loglevel="WARNING",
    )
    t_topic = app.topic(a.transactions, value_deserializer="json", key_deserializer="str", config=cfg)
    c_topic = app.topic(a.calls, value_deserializer="json", key_deserializer="str", config=cfg)
    w_topic = app.topic(a.watchlist, value_deserializer="json", key_deserializer="str", config=cfg)
    out_topic = app.topic(a.actions, value_serializer="json", key_serializer="str", config=cfg)

    progress = Progress(a.expect or 1 << 62)
    txns = app.dataframe(t_topic).update(progress)
    calls = app.dataframe(c_topic).update(progress)
    app.dataframe(w_topic).update(progress)

    # rule A: calls and transfers of one phone, one keyed state
    by_phone = txns.concat(calls).apply(phone_rule, stateful=True, expand=True)
    by_phone.to_topic(out_topic)

    # rule B: transfers re-keyed by account
    if not a.no_repartition:
        flows = txns.apply(split_flows, expand=True).group_by(lambda f: f["acct"], name="acct")
        flows.apply(account_rule, stateful=True, expand=True).to_topic(out_topic)

    app.run()


if __name__ == "__main__":
    sys.exit(main())
