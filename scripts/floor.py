#!/usr/bin/env python3
"""How much more could be caught from what the feed shows? (the information floor)

For each world directory (events.jsonl + labels.jsonl, named wSEED: seeds below 100 or from 1000
up are fanzha's own world, 1xx-7xx the independent worlds a-g), replays it with fanzha's rules and exports the
features fanzha computes for every transfer (`fanzha rules export-features`). Then, leaving one
family of worlds out at a time, it trains a gradient-boosted classifier on the transfers of the
other families (label: scam transfer) and asks: among the held-out family's transfers that the
rules did not hold, ranked by the classifier, how many victims' first large transfers come before
0.5 / 1 / 2 / 5 legit transfers per world (--budgets)? That is roughly what any rule or model over
the same features could still add on a city it was not tuned on. "room" is how many more legit
transfers per world the rules could stop before the issue's bar (0.1 % of legit transfers).

Usage:
  scripts/independent-check.sh 101 102 ... 601 602   # writes /tmp/fanzha-independent/wSEED
  fanzha gen --persons 5000 --days 7 --seed 1 --out /tmp/fanzha-independent/w1
  python3 scripts/floor.py /tmp/fanzha-independent/w*
Needs numpy and scikit-learn (pip install numpy scikit-learn); not part of the test suite.
"""
import argparse
import json
import os
import re
import subprocess
import sys

CHANNELS = ["mobile_app", "online_banking", "third_party", "counter", "pos", "atm"]
CALLERS = ["mobile", "virtual", "landline", "international", "voip", "unknown"]
BUDGETS = [0.5, 1, 2, 5]
BAR = 0.001  # legit transfers stopped, at most


def family(path):
    m = re.search(r"w(\d+)/?$", path)
    if not m:
        sys.exit(f"{path}: name world directories wSEED (seed < 100 or >= 1000: own, 1xx-7xx: worlds a-g)")
    seed = int(m.group(1))
    return "own" if seed < 100 or seed >= 1000 else "abcdefg"[seed // 100 - 1]


def prepare(world, fanzha, rules):
    """Replays the world and exports its features (both cached next to the events)."""
    actions = os.path.join(world, "floor-actions.jsonl")
    summary = os.path.join(world, "floor-summary.json")
    features = os.path.join(world, "floor-features.jsonl")
    events = os.path.join(world, "events.jsonl")
    labels_path = os.path.join(world, "labels.jsonl")
    if not os.path.exists(actions) or not os.path.exists(summary):
        with open(summary, "w") as out:
            subprocess.run([fanzha, "replay", "--events", events, "--labels", labels_path,
                            "--rules", rules, "--actions", actions, "--json"], check=True,
                           stdout=out)
    if not os.path.exists(features):
        subprocess.run([fanzha, "rules", "export-features", "--events", events, "--out",
                        features, "--rules", rules], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    detection = json.load(open(summary))["detection"]
    labels = [json.loads(line) for line in open(labels_path)]
    scam = {l["txn_id"] for l in labels if l["kind"] == "scam_txn"}
    mules = {l["account"] for l in labels if l["kind"] == "mule"}
    victims = [l for l in labels if l["kind"] == "victim"]
    held, warned = set(), {}
    for line in open(actions):
        a = json.loads(line)
        if a["kind"] == "stop_payment":
            held.add(a["txn_id"])
        elif a["kind"] == "early_warning":
            warned.setdefault(a["phone"], []).append(a["trigger_ts_ms"])
    protected = {v["first_large_txn_id"] for v in victims
                 if v["first_large_txn_id"] in held
                 or any(t <= v["first_large_ts_ms"] for t in warned.get(v["phone"], []))}
    mule_paid = set()
    for line in open(events):
        if '"transaction"' in line:
            e = json.loads(line)
            if e["payer_account"] in mules:
                mule_paid.add(e["txn_id"])
    rows = []
    for line in open(features):
        r = json.loads(line)
        f = r["features"]
        # transfers of ¥1,000+ by anyone but a mule (a mule's own transfers are not legit ones)
        if r.get("txn_id") and r["txn_id"] not in mule_paid and (f.get("txn.amount_fen") or 0) >= 100_000:
            rows.append((r["txn_id"], f))
    # how many more legit transfers the rules could stop in this world within the bar
    room = BAR * detection["legit_txns"] - detection["legit_txns_stopped"]
    return dict(rows=rows, scam=scam, held=held, victims=victims, protected=protected, room=room)


def vectorise(worlds):
    keys = sorted({k for w in worlds.values() for _, f in w["rows"][:200] for k, v in f.items()
                   if isinstance(v, (bool, int, float))})
    import numpy as np
    for w in worlds.values():
        x = []
        for _, f in w["rows"]:
            row = [float(f.get(k) or 0) if not isinstance(f.get(k), str) else 0.0 for k in keys]
            row += [float(f.get("txn.channel") == c) for c in CHANNELS]
            row += [float(f.get("call.caller_kind") == c) for c in CALLERS]
            x.append(row)
        w["x"] = np.array(x)
        w["y"] = np.array([t in w["scam"] for t, _ in w["rows"]], dtype=int)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("worlds", nargs="+")
    p.add_argument(
        "--fanzha",
        default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release", "fanzha"),
        help="the fanzha binary (default: $CARGO_TARGET_DIR/release/fanzha, else target/release/fanzha)",
    )
    p.add_argument("--rules", default="rules/pack")
    p.add_argument("--budgets", default=",".join(str(b) for b in BUDGETS),
                   help="legit transfers per world to rank down to, comma-separated")
    p.add_argument("--fixed-threshold", type=float, metavar="T",
                   help="also: the threshold a deployment would fix in advance, where the trained-on "
                   "families' own legit transfers reach T per world; on the held-out family, the "
                   "victims it adds, the legit transfers it stops, and the worlds kept within the bar")
    args = p.parse_args()
    budgets = [float(b) for b in args.budgets.split(",")]
    try:
        import numpy as np
        from sklearn.ensemble import HistGradientBoostingClassifier
    except ImportError:
        sys.exit("needs numpy and scikit-learn: pip install numpy scikit-learn")
    worlds = {}
    for w in args.worlds:
        worlds[w] = prepare(w, args.fanzha, args.rules)
        worlds[w]["family"] = family(w)
    vectorise(worlds)
    families = sorted({w["family"] for w in worlds.values()})
    if len(families) < 2:
        sys.exit("give worlds of at least two families: one is held out while the others train")
    fixed = []
    print("held out | worlds | victims | protected by the rules | room per world | + first large "
          "transfers caught before N legit transfers per world: " + " / ".join(map(str, budgets)))
    for fam in families:
        train = [w for w in worlds.values() if w["family"] != fam]
        test = [w for w in worlds.values() if w["family"] == fam]
        model = HistGradientBoostingClassifier(max_iter=200, random_state=0)
        model.fit(np.vstack([w["x"] for w in train]), np.concatenate([w["y"] for w in train]))
        ranked = []
        for w in test:
            first_large = {v["first_large_txn_id"] for v in w["victims"]}
            w["scores"] = model.predict_proba(w["x"])[:, 1]
            for (txn, _), s, y in zip(w["rows"], w["scores"], w["y"]):
                if txn not in w["held"]:
                    ranked.append((-s, bool(y), txn in first_large and txn not in w["protected"]))
        ranked.sort()
        victims = sum(len(w["victims"]) for w in test)
        base = sum(len(w["protected"]) for w in test)
        gains = []
        for budget in budgets:
            legit, new = 0, 0
            for _, scam, new_victim in ranked:
                if not scam:
                    legit += 1
                    if legit > budget * len(test):
                        break
                new += new_victim
            gains.append(f"+{new} ({100 * new / victims:.1f} %)")
        room = sum(w["room"] for w in test) / len(test)
        print(f"{fam} | {len(test)} | {victims} | {base} ({100 * base / victims:.1f} %) | "
              f"{room:.0f} | " + " / ".join(gains))
        if args.fixed_threshold is not None:
            fixed.append(fixed_threshold(model, train, test, args.fixed_threshold, fam))
    for line in fixed:
        print(line)


def fixed_threshold(model, train, test, per_world, fam):
    """The held-out family under a threshold fixed on the trained-on families (their own legit
    transfers the rules let through, scored in-sample: if anything, a threshold too strict)."""
    import numpy as np
    legit = np.sort(np.concatenate([
        model.predict_proba(w["x"])[:, 1][[not y and t not in w["held"]
                                           for (t, _), y in zip(w["rows"], w["y"])]]
        for w in train]))[::-1]
    threshold = legit[min(len(legit) - 1, int(per_world * len(train)))]
    new = stopped = within = 0
    for w in test:
        first_large = {v["first_large_txn_id"] for v in w["victims"]}
        hit = w["scores"] > threshold  # scored by this model in main()
        mine = 0
        for (txn, _), h, y in zip(w["rows"], hit, w["y"]):
            if not h or txn in w["held"]:
                continue
            if y:
                new += txn in first_large and txn not in w["protected"]
            else:
                mine += 1
        stopped += mine
        within += mine <= w["room"]
    victims = sum(len(w["victims"]) for w in test)
    return (f"fixed threshold ({per_world:g} legit a world on the others): {fam} +{new} victims "
            f"({100 * new / victims:.1f} %), {stopped / len(test):.1f} more legit stopped a world, "
            f"legit bar kept in {within} of {len(test)} worlds")


if __name__ == "__main__":
    main()
