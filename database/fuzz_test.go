package database

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzParse: any input is either an address or an ErrBadAddress, never a
// panic, and neither the parsed address nor the error shows a password.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"postgres://u:hunter2@localhost:5432/db?sslmode=disable",
		"postgresql://u:p%40ss@h1,h2:5433/db",
		"host=/tmp user=me password='se cret' dbname=x",
		"sqlite:./a.db", "file:/tmp/x.sqlite?mode=ro", "./x.sqlite3", "", "mysql://x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := Parse(s)
		if err != nil {
			if !strings.Contains(err.Error(), ErrBadAddress.Error()) {
				t.Fatalf("Parse(%q) error %v is not ErrBadAddress", s, err)
			}
			return
		}
		if tg.password != "" && len(tg.password) >= 4 {
			if strings.Contains(tg.String(), tg.password) {
				t.Fatalf("String() of %q shows the password %q: %s", s, tg.password, tg.String())
			}
			if strings.Contains(tg.scrub("failed: "+s), tg.password) {
				t.Fatalf("scrub of %q shows the password", s)
			}
		}
	})
}

// FuzzRedact: a password put in a URL's userinfo never survives Redact.
func FuzzRedact(f *testing.F) {
	f.Add("user", "hunter2", "db.example.com", "app")
	f.Add("u", "p@ss:word/x", "h", "d")
	f.Fuzz(func(t *testing.T, user, pass, host, db string) {
		if len(pass) < 4 {
			return
		}
		u := url.URL{Scheme: "postgres", User: url.UserPassword(user, pass), Host: host, Path: "/" + db}
		s := u.String()
		esc := strings.TrimPrefix(u.User.String(), url.User(user).String()+":")
		// user+s puts arbitrary bytes (invalid UTF-8, letters whose lower
		// case has another length) right before the scheme.
		for _, in := range []string{s, "error connecting to " + s + " now", `dial "` + s + `": refused`, user + s} {
			if strings.Contains(strings.Replace(in, ":"+esc+"@", ":@", 1), esc) {
				continue // the same text also stands outside the userinfo
			}
			if got := Redact(in); strings.Contains(got, esc) {
				t.Fatalf("Redact(%q) = %q still shows the password %q", in, got, esc)
			}
		}
	})
}
