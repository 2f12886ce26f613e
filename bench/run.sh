#!/usr/bin/env bash
# Builds the shared planning corpus with Strata and with Hugo, alternately,
# and prints median wall time and peak memory for each size, plus the
# edit-to-reload time of `strata serve` at each size.
#
# Usage: bench/run.sh [PAGES ...]        (default: 1000 10000; add 100000 for the
#        large row, which takes some minutes: bench/run.sh 1000 10000 100000)
# Hugo runs up to HUGO_MAX_PAGES (default 10000) pages; beyond, its column shows "-"
# (it needs about 1 GiB at 10,000 pages).
# Needs: python3, /usr/bin/time (Debian package `time`), hugo (`apt-get install hugo`).
# Corpus and outputs go to /dev/shm so the disk does not dominate.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
gen=${GEN_CORPUS:-$here/gen_corpus.py}
runs=${RUNS:-5}
hugo_max=${HUGO_MAX_PAGES:-10000}
work=/dev/shm/strata-bench
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
strata=$repo/target/release/strata
command -v hugo >/dev/null || { echo "hugo is not installed: apt-get install hugo" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install time" >&2; exit 2; }
mkdir -p "$work"

# one_run NAME CMD... : appends "seconds kilobytes" to $work/NAME.times
one_run() {
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/time.tmp" "$@" >/dev/null 2>&1
  cat "$work/time.tmp" >> "$work/$name.times"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

printf '%-7s %12s %12s %8s %14s %14s\n' pages strata_s hugo_s ratio strata_MiB hugo_MiB
for n in "${sizes[@]}"; do
  python3 "$gen" --pages "$n" --out "$work/ours-$n" --flavor ours --force >/dev/null
  hugo_too=$([ "$n" -le "$hugo_max" ] && echo 1 || echo 0)
  [ "$hugo_too" = 0 ] || python3 "$gen" --pages "$n" --out "$work/hugo-$n" --flavor hugo --force >/dev/null
  rm -f "$work"/strata-"$n".times "$work"/hugo-"$n".times
  for i in $(seq 0 "$runs"); do   # run 0 is a warm-up, dropped below
    one_run "strata-$n" "$strata" build --root "$work/ours-$n" --output "$work/out-strata-$n" --today 2026-11-21
    [ "$hugo_too" = 0 ] || one_run "hugo-$n" hugo --quiet --source "$work/hugo-$n" --destination "$work/out-hugo-$n"
  done
  s_t=$(tail -n +2 "$work/strata-$n.times" | cut -d' ' -f1 | median)
  s_m=$(tail -n +2 "$work/strata-$n.times" | cut -d' ' -f2 | median)
  if [ "$hugo_too" = 1 ]; then
    h_t=$(tail -n +2 "$work/hugo-$n.times" | cut -d' ' -f1 | median)
    h_m=$(tail -n +2 "$work/hugo-$n.times" | cut -d' ' -f2 | median)
    awk -v n="$n" -v st="$s_t" -v ht="$h_t" -v sm="$s_m" -v hm="$h_m" \
      'BEGIN { printf "%-7s %12.3f %12.3f %8.2f %14.0f %14.0f\n", n, st, ht, st / ht, sm / 1024, hm / 1024 }'
  else
    awk -v n="$n" -v st="$s_t" -v sm="$s_m" \
      'BEGIN { printf "%-7s %12.3f %12s %8s %14.0f %14s\n", n, st, "-", "-", sm / 1024, "-" }'
  fi
done

for n in "${sizes[@]}"; do
  echo
  echo "edit-to-reload, strata serve on $n pages (20 edits):"
  python3 "$here/reload.py" "$strata" "$work/ours-$n"
done
