package console

import (
	"errors"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestUserErrorLocatesThePosition(t *testing.T) {
	cases := []struct {
		sql            string
		pos, prefix    int
		line, col      int
		marked, marker string
	}{
		{"SELECT x", 8, 0, 1, 8, "SELECT x", "       ^"},
		{"SELECT 1,\r\n\tx", 13, 0, 2, 2, "\tx", "\t^"},
		{"SELECT 'ü',\n  zz", 16, 0, 2, 4, "  zz", "   ^"},
		{"SELECT x", 30, 22, 1, 8, "SELECT x", "       ^"},
		{"SELECT x", 5, 22, 0, 0, "", ""}, // inside the prefix: no position
		{"SELECT x", 99, 0, 0, 0, "", ""}, // past the end
		{"SELECT x\n", 9, 0, 1, 9, "SELECT x", "        ^"},
	}
	for _, c := range cases {
		err := userError(&pgconn.PgError{Message: "boom", Code: "42703", Position: int32(c.pos)}, c.sql, c.prefix)
		var se *SQLError
		if !errors.As(err, &se) {
			t.Fatalf("%q: %v", c.sql, err)
		}
		line, marker := se.Marker()
		if se.Line != c.line || se.Column != c.col || line != c.marked || marker != c.marker {
			t.Errorf("%q at %d-%d: %d:%d %q %q; want %d:%d %q %q", c.sql, c.pos, c.prefix, se.Line, se.Column, line, marker, c.line, c.col, c.marked, c.marker)
		}
	}
}

func TestRegistryRefusesABusyRunID(t *testing.T) {
	r := NewRunner()
	var stopped atomic.Int32
	_, release, err := r.track("a", func() { stopped.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.track("a", func() {}); err == nil {
		t.Error("a second run took a busy id")
	}
	if !r.Cancel("a") || stopped.Load() != 1 || r.Cancel("b") {
		t.Errorf("cancel: stopped %d", stopped.Load())
	}
	release()
	if r.Cancel("a") {
		t.Error("cancelled a released run")
	}
	rn, release, _ := r.track("c", func() { stopped.Add(100) })
	if rn.finish() || r.Cancel("c") || stopped.Load() != 1 {
		t.Error("a finished run was cancelled")
	}
	release()
}
