#!/usr/bin/env python3
"""Interop check with a Kafka client nobody here wrote: Python's confluent-kafka.

    confluent_roundtrip.py produce --brokers B --events FILE --transactions T --calls C --watchlist W
        sends each event of a JSON-lines file to its topic with the contract's record key
        (transaction: payer_phone, else payer_account; call: callee; watchlist: value), acks=all.
    confluent_roundtrip.py consume --brokers B --topic T [--topic T2 ...] --out FILE
        reads every record of the topics from the beginning up to their end offsets, checks that
        each is an action whose record key and `action_id` header match the contract, and writes
        the actions as JSON lines.

Exits non-zero on any failure. Used by tests/tests/interop.rs (interop_python_confluent_kafka).
"""
import argparse
import json
import sys
import time

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition

TIMEOUT_S = 120


def key_of(event):
    kind = event["type"]
    if kind == "transaction":
        return event.get("payer_phone") or event["payer_account"]
    if kind == "call":
        return event["callee"]
    if kind == "watchlist":
        return event["value"]
    raise ValueError(f"unknown event type {kind!r}")


def produce(args):
    topic_of = {"transaction": args.transactions, "call": args.calls, "watchlist": args.watchlist}
    failures = []

    def delivered(err, msg):
        if err is not None:
            failures.append(str(err))

    p = Producer({"bootstrap.servers": args.brokers, "acks": "all",
                  "enable.idempotence": True, "linger.ms": 5})
    n = 0
    with open(args.events, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            event = json.loads(line)
            while True:
                try:
                    p.produce(topic_of[event["type"]], key=key_of(event).encode(),
                              value=line.encode(), on_delivery=delivered)
                    break
                except BufferError:
                    p.poll(0.05)
            p.poll(0)
            n += 1
    left = p.flush(TIMEOUT_S)
    if left or failures:
        sys.exit(f"produce: {left} undelivered, failures: {failures[:5]}")
    print(f"confluent-kafka produced {n} events", file=sys.stderr)


def consume(args):
    c = Consumer({"bootstrap.servers": args.brokers, "group.id": f"interop-{time.time_ns()}",
                  "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    wanted, remaining = [], {}
    for t in args.topic:
        md = c.list_topics(t, timeout=30)
        if md.topics[t].error is not None:
            sys.exit(f"consume: topic {t}: {md.topics[t].error}")
        for p in md.topics[t].partitions:
            lo, hi = c.get_watermark_offsets(TopicPartition(t, p), timeout=30)
            if hi > 0:
                wanted.append(TopicPartition(t, p, 0))
                remaining[(t, p)] = hi
    out = []
    if wanted:
        c.assign(wanted)
    deadline = time.time() + TIMEOUT_S
    while remaining:
        if time.time() > deadline:
            sys.exit(f"consume: still missing records up to {remaining}")
        m = c.poll(0.5)
        if m is None:
            continue
        if m.error():
            raise KafkaException(m.error())
        action = json.loads(m.value())
        kind = action["kind"]
        want_key = action["phone"] if kind == "early_warning" else action["bank"]
        if m.key().decode() != want_key:
            sys.exit(f"consume: record key {m.key()!r} is not {want_key!r} for {kind}")
        headers = dict((k, v.decode()) for k, v in (m.headers() or []))
        if headers.get("action_id") != action["action_id"]:
            sys.exit(f"consume: header action_id {headers.get('action_id')!r} "
                     f"is not {action['action_id']!r}")
        if "ruleset_version" not in headers:
            sys.exit("consume: no ruleset_version header")
        out.append(action)
        k = (m.topic(), m.partition())
        if k in remaining and m.offset() + 1 >= remaining[k]:
            del remaining[k]
    c.close()
    with open(args.out, "w", encoding="utf-8") as f:
        for a in out:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    print(f"confluent-kafka read {len(out)} actions", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    pp = sub.add_parser("produce")
    pp.add_argument("--brokers", required=True)
    pp.add_argument("--events", required=True)
    pp.add_argument("--transactions", default="fz.transactions")
    pp.add_argument("--calls", default="fz.calls")
    pp.add_argument("--watchlist", default="fz.watchlist")
    pc = sub.add_parser("consume")
    pc.add_argument("--brokers", required=True)
    pc.add_argument("--topic", action="append", required=True)
    pc.add_argument("--out", required=True)
    args = ap.parse_args()
    produce(args) if args.cmd == "produce" else consume(args)


if __name__ == "__main__":
    main()
