#!/usr/bin/env bash
# Makes sure the test suite's real dependencies are installed: PostgreSQL
# server binaries (initdb, postgres) and Chromium. Installs them with
# apt-get when run as root on Debian; otherwise stops and names the command.
set -euo pipefail

missing=()
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 && [ -z "${CHROMIUM_PATH:-}" ]; then
  missing+=(chromium)
fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "test dependencies: PostgreSQL and Chromium are installed"
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test dependencies: installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "test dependencies missing: ${missing[*]}" >&2
echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
exit 1
