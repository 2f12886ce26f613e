#!/usr/bin/env bash
# What reading the plan's history from git costs: builds a 10,000-page
# repository with 2,000 commits of plan edits (bench/gen_history.py) with
# Strata, and the same files without .git, alternately with hyperfine.
#
# Usage: bench/history.sh [PAGES] [COMMITS]      (default: 10000 2000)
# Needs: python3, git, hyperfine (`apt-get install hyperfine`).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
pages=${1:-10000}
commits=${2:-2000}
runs=${RUNS:-20}
work=/dev/shm/strata-history-bench
# The generated history runs from 2026-01-05, two hours a commit.
today=${TODAY:-2026-06-20}

cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
strata=$repo/target/release/strata
command -v hyperfine >/dev/null || { echo "hyperfine is not installed: apt-get install hyperfine" >&2; exit 2; }
rm -rf "$work" && mkdir -p "$work"
python3 "$here/gen_history.py" --pages "$pages" --commits "$commits" --out "$work/with-git"
cp -r "$work/with-git" "$work/without-git" && rm -rf "$work/without-git/.git"
hyperfine -N -w 2 -r "$runs" --export-json "$work/results.json" \
  "$strata build --root $work/with-git --output $work/out-with --today $today" \
  "$strata build --root $work/without-git --output $work/out-without --today $today"
python3 - "$work/results.json" <<'PY'
import json, sys
with_git, without = json.load(open(sys.argv[1]))["results"]
cpu = lambda r: r["user"] + r["system"]
print(f"median wall: {with_git['median']:.3f} s with history, {without['median']:.3f} s without "
      f"(+{100 * (with_git['median'] / without['median'] - 1):.0f} %)")
print(f"CPU (user+system): {cpu(with_git):.3f} s with history, {cpu(without):.3f} s without "
      f"(+{100 * (cpu(with_git) / cpu(without) - 1):.0f} %)")
PY
