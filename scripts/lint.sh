#!/usr/bin/env bash
# gofmt, go vet, staticcheck, and templ's generated code in step with the
# .templ files (regenerating must change nothing).
set -euo pipefail
unformatted=$(gofmt -l $(git ls-files -co --exclude-standard '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt would change:"; echo "$unformatted"; exit 1; fi
go vet ./...
go tool staticcheck ./...
sum() { cat $(git ls-files -co --exclude-standard '*_templ.go' | sort) | sha256sum; }
before=$(sum)
go tool templ generate >/dev/null
if [ "$before" != "$(sum)" ]; then
  echo "generated templ code was stale (regenerated now): commit the *_templ.go files"; exit 1
fi
echo "lint: gofmt, go vet, staticcheck and templ generate are clean"
