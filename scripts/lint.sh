#!/usr/bin/env bash
# gofmt, go vet, staticcheck, templ's generated code in step with the
# .templ files (regenerating must change nothing), and go.mod/go.sum tidy.
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
# Tidy: what the code imports is a direct requirement, nothing is missing
# or left over. go.mod and go.sum are put back as they were either way.
kept=$(mktemp -d)
cp go.mod go.sum "$kept"/
trap 'cp "$kept"/go.mod "$kept"/go.sum . && rm -rf "$kept"' EXIT
go mod tidy -e
if ! cmp -s go.mod "$kept/go.mod" || ! cmp -s go.sum "$kept/go.sum"; then
  diff -u "$kept/go.mod" go.mod || true
  echo "go mod tidy -e would change go.mod or go.sum: run it and commit the result"; exit 1
fi
echo "lint: gofmt, go vet, staticcheck, templ generate and go mod tidy are clean"
