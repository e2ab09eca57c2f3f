#!/usr/bin/env bash
# Replays fanzha on the independently built worlds (load-tests/independent) and prints the
# detection figures per world. Seeds 100-199 use world a, 200-299 world b, 300-399 world c,
# 400-499 world d, 500-599 world e, 600-699 world f, 700-799 world g.
# Usage: scripts/independent-check.sh [SEED...]   (default: 101-103, 201-203, ..., 701-703)
# The binary is built (cargo build --release) into $CARGO_TARGET_DIR when set, else ./target. A
# replay that fails prints its stderr and stops the script with a non-zero status.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(101 102 103 201 202 203 301 302 303 401 402 403 501 502 503 601 602 603 701 702 703)
cargo build --release -q -p fanzha
fanzha="${CARGO_TARGET_DIR:-target}/release/fanzha"
out="${FZ_INDEP_DIR:-${TMPDIR:-/tmp}/fanzha-independent}"
mkdir -p "$out"
for s in "${seeds[@]}"; do
  case "$s" in
    1??) gen=load-tests/independent/a/gen.py ;;
    2??) gen=load-tests/independent/b/gen.py ;;
    3??) gen=load-tests/independent/c/gen.py ;;
    4??) gen=load-tests/independent/d/gen.py ;;
    5??) gen=load-tests/independent/e/gen.py ;;
    6??) gen=load-tests/independent/f/gen.py ;;
    7??) gen=load-tests/independent/g/gen.py ;;
    *) echo "seed $s: use 100-199 (world a), 200-299 (world b), 300-399 (world c), 400-499 (world d), 500-599 (world e), 600-699 (world f) or 700-799 (world g)" >&2; exit 2 ;;
  esac
  w="$out/w$s"
  [ -s "$w/labels.jsonl" ] || python3 "$gen" --persons 5000 --days 7 --seed "$s" --out "$w" >/dev/null
  rc=0
  "$fanzha" replay --events "$w/events.jsonl" --labels "$w/labels.jsonl" \
    --actions "$w/actions.jsonl" --json >"$w/summary.json" 2>"$w/replay.log" || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "seed $s: $fanzha replay failed (exit $rc); its stderr ($w/replay.log):" >&2
    cat "$w/replay.log" >&2
    exit 1
  fi
  python3 - "$s" "$w/summary.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[2]))["detection"]
pct = lambda r: "%.1f %%" % (100 * r)
print("seed %s: protected %d/%d (%s), legit stopped %d/%d (%.3f %%), non-victims warned %d, "
      "mules frozen %d/%d (%s), wrong freezes %d/%d" % (
    sys.argv[1], d["victims_protected"], d["victims"], pct(d["victims_protected_rate"]),
    d["legit_txns_stopped"], d["legit_txns"], 100 * d["legit_txns_stopped_rate"],
    d["non_victims_warned"], d["mules_frozen"], d["mules"], pct(d["mules_frozen_rate"]),
    d["wrong_freezes"], d["freezes"]))
PY
done
