#!/usr/bin/env bash
# What the search index costs: builds the shared planning corpus with
# `search: true` (the default) and `search: false`, alternately, and prints
# the median wall time, CPU time and peak memory of each, the ratio of the
# wall times, and the size of the search documents.
#
# Usage: bench/search.sh [PAGES]        (default: 10000)
# Needs: python3, /usr/bin/time (Debian package `time`).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
runs=${RUNS:-5}
pages=${1:-10000}
work=/dev/shm/strata-bench-search

cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
strata=$repo/target/release/strata
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install time" >&2; exit 2; }
mkdir -p "$work"
python3 "$here/gen_corpus.py" --pages "$pages" --out "$work/site" --flavor ours --force >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

rm -f "$work"/on.times "$work"/off.times
for i in $(seq 0 "$runs"); do   # run 0 is a warm-up, dropped below
  for mode in on off; do
    if [ "$mode" = on ]; then echo "search: true" > "$work/site/strata.yaml"; else echo "search: false" > "$work/site/strata.yaml"; fi
    /usr/bin/time -f '%e %U %S %M' -o "$work/time.tmp" \
      "$strata" build --root "$work/site" --output "$work/out-$mode" --today 2026-11-21 >/dev/null 2>&1
    cat "$work/time.tmp" >> "$work/$mode.times"
  done
done

printf '%-8s %8s %8s %10s\n' search wall_s cpu_s peak_MiB
for mode in on off; do
  wall=$(tail -n +2 "$work/$mode.times" | cut -d' ' -f1 | median)
  cpu=$(tail -n +2 "$work/$mode.times" | awk '{print $2 + $3}' | median)
  mem=$(tail -n +2 "$work/$mode.times" | cut -d' ' -f4 | median)
  printf '%-8s %8.2f %8.2f %10.0f\n' "$mode" "$wall" "$cpu" "$((mem / 1024))"
  eval "wall_$mode=$wall"
done
awk -v a="$wall_on" -v b="$wall_off" 'BEGIN { printf "wall time with the index: %.2f x without\n", a / b }'
echo "documents: $(stat -c %s "$work/out-on/search/documents.js") bytes, $(gzip -c "$work/out-on/search/documents.js" | wc -c) gzipped"
