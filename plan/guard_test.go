package plan

import (
	"errors"
	"testing"

	"studio/database"
)

func TestGuardAllowsOnlyLocalOrNamedHost(t *testing.T) {
	cases := []struct {
		addr, allow string
		ok          bool
	}{
		{"sqlite:./dev.db", "", true},
		{"postgres://me@localhost/dev", "", true},
		{"postgres://me@127.0.0.1:5432/dev", "", true},
		{"postgres://me@[::1]/dev", "", true},
		{"host=/var/run/postgresql dbname=dev", "", true},
		{"postgres://me@db.internal/prod", "", false},
		{"postgres://me@db.internal/dev", "db.internal", true},
		{"postgres://me@db.internal/dev", "other.host", false},
		{"postgres://me@10.0.0.7/dev", "", false},
		{"postgres://me@127.attacker.example/dev", "", false},
		{"postgres://me@localhost,db.internal/dev", "", false},
		{"postgres://me@localhost,db.internal/dev", "db.internal", true},
	}
	for _, c := range cases {
		tg, err := database.Parse(c.addr)
		if err != nil {
			t.Fatal(err)
		}
		err = Guard(tg, c.allow)
		if (err == nil) != c.ok || (err != nil && !errors.Is(err, ErrNotLocal)) {
			t.Errorf("Guard(%s, %q) = %v, want ok=%v", c.addr, c.allow, err, c.ok)
		}
	}
}
