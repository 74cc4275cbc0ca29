#!/usr/bin/env bash
# Explores every fuzz target for FUZZTIME (default 1m) on top of its
# committed seeds, one after the other, and reports each target's
# executions and findings. It is `go tool task fuzz`, not part of the
# deterministic `task test` (go test runs the committed seeds and
# crashers there). A failing input is written by go under
# PKG/testdata/fuzz/TARGET/: commit it with the fix. A longer run:
#   FUZZTIME=5m bash scripts/fuzz.sh
set -uo pipefail
cd "$(dirname "$0")/.."
time=${FUZZTIME:-1m}
log=$(mktemp -t studio-fuzz.XXXXXX)
trap 'rm -f "$log"' EXIT
n=0
failed=()
for pkg in $(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do
  for target in $(grep -h '^func Fuzz' "$pkg"/*_test.go | sed -E 's/^func (Fuzz[A-Za-z0-9_]*).*/\1/'); do
    start=$(date +%s)
    if go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$time" >"$log" 2>&1; then
      result=ok
    else
      result=FAILED
      failed+=("$pkg $target")
      cat "$log"
    fi
    execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1)
    echo "fuzz: $pkg $target: $result in $(($(date +%s) - start))s, ${execs:-execs: ?}"
    n=$((n + 1))
  done
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${#failed[@]} of $n targets failed: ${failed[*]} (inputs under testdata/fuzz; commit them with the fix)"
  exit 1
fi
echo "fuzz: $n targets ran for $time each, no failures"
