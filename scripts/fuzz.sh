#!/usr/bin/env bash
# Runs every fuzz target briefly (FUZZTIME each, default 3s) on top of its
# committed seeds, so CI exercises them on every run; a longer local run:
#   FUZZTIME=5m bash scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
time=${FUZZTIME:-3s}
n=0
for pkg in $(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do
  for target in $(grep -h '^func Fuzz' "$pkg"/*_test.go | sed -E 's/^func (Fuzz[A-Za-z0-9_]*).*/\1/'); do
    echo "fuzz: $pkg $target ($time)"
    go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$time" >/tmp/fuzz-$$.log 2>&1 || { cat /tmp/fuzz-$$.log; exit 1; }
    n=$((n + 1))
  done
done
rm -f /tmp/fuzz-$$.log
echo "fuzz: $n targets ran for $time each, no failures"
