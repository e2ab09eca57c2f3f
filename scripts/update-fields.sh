#!/usr/bin/env bash
# Regenerates the field table of rules/README.md from the code (between the fields markers).
set -euo pipefail
cd "$(dirname "$0")/.."
table="$(cargo run -q -p fanzha -- rules fields --markdown)"
python3 - "$table" <<'PY'
import sys
table = sys.argv[1].strip()
p = "rules/README.md"
s = open(p, encoding="utf-8").read()
b, e = "<!-- fields:begin -->", "<!-- fields:end -->"
i, j = s.index(b) + len(b), s.index(e)
open(p, "w", encoding="utf-8").write(s[:i] + "\n" + table + "\n" + s[j:])
PY
echo "rules/README.md fields updated"
