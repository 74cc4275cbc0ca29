package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestCountsKindsPerTopLevelTestAndFailsWhenTooFew(t *testing.T) {
	in := strings.Join([]string{
		`{"Action":"output","Package":"studio/handlers","Test":"TestA","Output":"    a_test.go:1: studio-test-kind: postgres\n"}`,
		`{"Action":"output","Package":"studio/handlers","Test":"TestA/sub","Output":"studio-test-kind: postgres\n"}`,
		`{"Action":"pass","Package":"studio/handlers","Test":"TestA/sub"}`,
		`{"Action":"pass","Package":"studio/handlers","Test":"TestA"}`,
		`{"Action":"output","Package":"studio/cmd/studio","Test":"TestB","Output":"studio-test-kind: postgres\n"}`,
		`{"Action":"fail","Package":"studio/cmd/studio","Test":"TestB"}`,
		`{"Action":"skip","Package":"studio/x","Test":"TestC"}`,
	}, "\n")
	var out bytes.Buffer
	c := read(strings.NewReader(in), &out)
	code := report(&out, c, 1, 1)
	if code != 1 {
		t.Errorf("exit %d, want 1 (a failure and no browser test)", code)
	}
	for _, want := range []string{"PostgreSQL tests run: 2", "Browser tests run: 0", "2 passed, 1 failed, 1 skipped", "=== FAILED studio/cmd/studio TestB"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}
