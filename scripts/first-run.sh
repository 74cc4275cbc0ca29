#!/usr/bin/env bash
# Measures a newcomer's first run, each step from an empty module cache:
#   demo  - `go run ./cmd/studio demo` until it serves its first page
#   task  - `go tool task --list` (the task runner built and started)
#   lint  - `go tool task lint` (what `go tool task test` does before the tests start)
# and what each downloaded (zips, go.mod files, MB). The module cache is the
# same empty folder each time, so the build cache still holds what an
# earlier run compiled: the times are downloads. COLD=1 also empties the
# build cache, as on a new machine. Figures go in docs/BENCHMARKS.md.
# Usage: bash scripts/first-run.sh [demo] [task] [lint]
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-4999}
now() { date +%s.%N; }

root=${TMPDIR:-/tmp}/studio-first-run
fresh() {
  export GOMODCACHE=$root/mod GOFLAGS="-modcacherw ${GOFLAGS:-}"
  rm -rf "$GOMODCACHE"
  if [ "${COLD:-0}" = 1 ]; then export GOCACHE=$root/build; rm -rf "$GOCACHE"; fi
}

report() { # step seconds
  local dl="$GOMODCACHE/cache/download"
  printf '%-5s %6.1f s  %3d zips  %3d go.mod  %4d MB downloaded  %4d MB on disk\n' "$1" "$2" \
    "$(find "$dl" -name '*.zip' | wc -l)" "$(find "$dl" -name '*.mod' | wc -l)" \
    "$(du -sm "$dl" | cut -f1)" "$(du -sm "$GOMODCACHE" | cut -f1)"
}
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

demo() {
  local data; data=$(mktemp -d)
  local start; start=$(now)
  setsid go run ./cmd/studio demo --port "$port" --data "$data" >/dev/null 2>&1 &
  pid=$!
  trap 'kill -- -$pid 2>/dev/null' EXIT
  until curl -sf -o /dev/null "http://127.0.0.1:$port/"; do
    kill -0 "$pid" 2>/dev/null || { echo "demo exited before serving" >&2; exit 1; }
    sleep 0.05
  done
  local took; took=$(since "$start")
  kill -- -"$pid"; wait "$pid" 2>/dev/null || true; trap - EXIT
  rm -rf "$data"
  report demo "$took"
}

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(demo task lint)
for step in "${steps[@]}"; do
  ( fresh
    case $step in
      demo) demo ;;
      task) start=$(now); go tool task --list >/dev/null; report task "$(since "$start")" ;;
      lint) start=$(now); go tool task lint >/dev/null; report lint "$(since "$start")" ;;
      *) echo "unknown step $step (demo, task, lint)" >&2; exit 2 ;;
    esac )
done
rm -rf "$root"
