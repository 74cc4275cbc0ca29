package database

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"studio/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestParse(t *testing.T) {
	cases := []struct {
		in      string
		dialect Dialect
		path    string
		local   bool
	}{
		{"postgres://u:p@localhost:5432/db", Postgres, "", true},
		{"postgresql://u@10.0.0.5/db", Postgres, "", false},
		{"host=/var/run/postgresql dbname=x", Postgres, "", true},
		{"host=127.0.0.1 user=me password=secret dbname=x", Postgres, "", true},
		{"sqlite:./data/app.db", SQLite, "data/app.db", true},
		{"sqlite:///tmp/app.db", SQLite, "/tmp/app.db", true},
		{"file:/tmp/x.sqlite?mode=ro", SQLite, "/tmp/x.sqlite", true},
		{"./my db.sqlite3", SQLite, "my db.sqlite3", true},
		{"/abs/ünïcode.db", SQLite, "/abs/ünïcode.db", true},
		{"postgres://u@127.attacker.example/db", Postgres, "", false},
		{"postgres://u@[::1]:5432/db", Postgres, "", true},
		{"postgres://u@localhost,db.example.com/db", Postgres, "", false},
		{"postgres://u@127.0.0.1,localhost/db", Postgres, "", true},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if got.Dialect != c.dialect || got.Path != c.path || got.IsLocal() != c.local {
			t.Errorf("Parse(%q) = %+v (local %v), want dialect %s path %q local %v", c.in, got, got.IsLocal(), c.dialect, c.path, c.local)
		}
	}
	for _, bad := range []string{"", "mysql://x", "notes.txt", "postgres://u:p@host:notaport/db", "sqlite:"} {
		if _, err := Parse(bad); !errors.Is(err, ErrBadAddress) {
			t.Errorf("Parse(%q) error = %v, want ErrBadAddress", bad, err)
		}
	}
}

func TestParseErrorsNeverShowPassword(t *testing.T) {
	for _, in := range []string{"postgres://u:hunter2@host:notaport/db", "host=x password=hunter2 port=abc"} {
		_, err := Parse(in)
		if err == nil || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("Parse(%q) error %v shows the password", in, err)
		}
	}
}

func TestRedact(t *testing.T) {
	cases := map[string]string{
		"postgres://user:s3cret@db:5432/app":          "postgres://user:xxxxx@db:5432/app",
		"failed: postgresql://a:b@c/d and more":       "failed: postgresql://a:xxxxx@c/d and more",
		"host=x password=s3cret dbname=y":             "host=x password=xxxxx dbname=y",
		"host=x password='se cret' dbname=y":          "host=x password=xxxxx dbname=y",
		"postgres://h/db?password=s3cret&sslmode=off": "postgres://h/db?password=xxxxx&sslmode=off",
		"postgres://user@db/app":                      "postgres://user@db/app",
		// strings.ToLower changes the byte length of these prefixes
		// (invalid UTF-8 grows to U+FFFD, İ grows, the Kelvin sign
		// shrinks): offsets must come from the string itself.
		"\xacpAssword=":                          "\xacpAssword=xxxxx",
		"\xac\xac host=x PASSWORD=s3cret db=y":   "\xac\xac host=x PASSWORD=xxxxx db=y",
		"İİİ password=s3cret":                    "İİİ password=xxxxx",
		"\u212a\u212a password=s3cret":           "\u212a\u212a password=xxxxx",
		"\xacpostgres://u:hunter2@h/db":          "\xacpostgres://u:xxxxx@h/db",
		"İİ Postgres://u:hunter2@h/db":           "İİ Postgres://u:xxxxx@h/db",
		"\u212a\u212a postgres://u:hunter2@h/db": "\u212a\u212a postgres://u:xxxxx@h/db",
	}
	for in, want := range cases {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOpenSQLiteMissingFile(t *testing.T) {
	tg, _ := Parse(filepath.Join(t.TempDir(), "missing.db"))
	_, err := Open(context.Background(), tg, Options{})
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("err = %v", err)
	}
}

func TestOpenSQLitePathWithSpacesAndReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a dir?#", "my db.sqlite")
	os.MkdirAll(filepath.Dir(path), 0o755)
	tg, _ := Parse(path)
	db, err := Open(context.Background(), tg, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("create table t(x)"); err != nil {
		t.Fatal(err)
	}
	var fk int
	db.QueryRow("pragma foreign_keys").Scan(&fk)
	if fk != 1 {
		t.Errorf("foreign_keys = %d, want 1", fk)
	}
	db.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("file not at %s: %v", path, err)
	}
	ro, err := Open(context.Background(), tg, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.Exec("insert into t values (1)"); err == nil {
		t.Fatal("write succeeded on a read-only SQLite open")
	}
}

func TestOpenPostgresWrongPasswordIsScrubbed(t *testing.T) {
	url := pgtest.NewDatabase(t)
	tg, err := Parse(url)
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(context.Background(), tg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	bad, _ := Parse(strings.Replace(url, "postgres@", "postgres:hunter2@", 1) + "&user=nobody")
	_, err = Open(context.Background(), bad, Options{})
	if err == nil {
		t.Fatal("connected as a user that does not exist")
	}
	if !errors.Is(err, ErrUnreachable) || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("err = %v", err)
	}
}

func TestIsUnavailableAfterServerSideDrop(t *testing.T) {
	url := pgtest.NewDatabase(t)
	tg, _ := Parse(url)
	db, err := Open(context.Background(), tg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var one int
	if err := db.QueryRow("select 1").Scan(&one); err != nil {
		t.Fatal(err)
	}
	admin, _ := Parse(strings.Replace(url, url[strings.LastIndex(url, "/"):strings.Index(url, "?")], "/postgres", 1))
	adb, err := Open(context.Background(), admin, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer adb.Close()
	name := url[strings.LastIndex(url, "/")+1 : strings.Index(url, "?")]
	if _, err := adb.Exec(`DROP DATABASE "` + name + `" WITH (FORCE)`); err != nil {
		t.Fatal(err)
	}
	err = db.QueryRow("select 1").Scan(&one)
	if err == nil || !IsUnavailable(err) {
		t.Fatalf("after the database was dropped: err = %v, IsUnavailable = false", err)
	}
	if IsUnavailable(errors.New(`syntax error at or near "selec"`)) {
		t.Fatal("a query mistake reads as unavailable")
	}
	db.Close()
	if err := db.Ping(); !IsUnavailable(err) {
		t.Fatalf("closed pool: %v", err)
	}
}

// TestErrorClassesOfPostgres asks a real server for each class of error
// the studio tells apart.
func TestErrorClassesOfPostgres(t *testing.T) {
	tg, _ := Parse(pgtest.NewDatabase(t))
	db, err := Open(context.Background(), tg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE t (id int)`); err != nil {
		t.Fatal(err)
	}
	run := func(sql string) error {
		t.Helper()
		rows, err := db.Query(sql)
		if err == nil {
			err = rows.Err()
			rows.Close()
		}
		if err == nil {
			t.Fatalf("%s: no error", sql)
		}
		return err
	}
	for _, sql := range []string{`SELECT nope FROM t`, `SELECT * FROM nope`} {
		if err := run(sql); !IsUndefined(err) {
			t.Errorf("%s: %v is not undefined", sql, err)
		} else if _, bad := RefusedValue(err); bad {
			t.Errorf("%s: %v reads as a refused value", sql, err)
		}
	}
	err = run(`SELECT * FROM t WHERE id = 'abc'`)
	if msg, ok := RefusedValue(err); !ok || !strings.Contains(msg, "invalid input syntax") || strings.Contains(msg, "SQLSTATE") {
		t.Errorf("a bad integer: %v, RefusedValue = %q, %v", err, msg, ok)
	}
	if IsUndefined(err) {
		t.Errorf("a bad integer reads as undefined: %v", err)
	}
	if err := run(`SELEC 1`); IsUndefined(err) || IsUnavailable(err) {
		t.Errorf("a syntax error is classified: %v", err)
	} else if _, bad := RefusedValue(err); bad {
		t.Errorf("a syntax error reads as a refused value: %v", err)
	}
}

// A loopback server is asked for a plain connection first, as libpq's
// default sslmode (prefer) would only after a refused TLS request: one
// connection, no SSLRequest. Elsewhere, and when TLS is required, the
// order pgx parsed is kept.
func TestLoopbackConnectsWithoutATLSAttempt(t *testing.T) {
	url := strings.TrimSuffix(pgtest.NewDatabase(t), "?sslmode=disable")
	port := url[strings.LastIndex(url, ":")+1 : strings.LastIndex(url, "/")]
	relay, firsts := countingRelay(t, "127.0.0.1:"+port)
	tg, err := Parse(strings.Replace(url, ":"+port+"/", ":"+relay+"/", 1))
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(context.Background(), tg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	sslRequest := string([]byte{0, 0, 0, 8, 4, 210, 22, 47})
	if got := firsts(); len(got) != 1 || got[0] == sslRequest {
		t.Errorf("connections opened (first 8 bytes each): %q, want one plain start-up", got)
	}

	for addr, tlsFirst := range map[string]bool{
		"postgres://u@db.example.com/app":            true,
		"postgres://u@127.0.0.1/app":                 false,
		"postgres://u@localhost/app?sslmode=prefer":  false,
		"postgres://u@127.0.0.1/app?sslmode=require": true,
		"host=/var/run/postgresql dbname=app":        false,
		"postgres://u@127.0.0.1/app?sslmode=disable": false,
	} {
		cfg, err := pgx.ParseConfig(addr)
		if err != nil {
			t.Fatal(err)
		}
		plainFirstOnLoopback(cfg)
		if (cfg.TLSConfig != nil) != tlsFirst {
			t.Errorf("%s: TLS first = %v, want %v", addr, cfg.TLSConfig != nil, tlsFirst)
		}
	}
}

// countingRelay forwards TCP connections to target and records the first
// 8 bytes each client sent.
func countingRelay(t *testing.T, target string) (port string, firsts func() []string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var mu sync.Mutex
	var seen []string
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				head := make([]byte, 8)
				n, _ := io.ReadFull(c, head)
				mu.Lock()
				seen = append(seen, string(head[:n]))
				mu.Unlock()
				up, err := net.Dial("tcp", target)
				if err != nil {
					return
				}
				defer up.Close()
				if _, err := up.Write(head[:n]); err != nil {
					return
				}
				go func() { _, _ = io.Copy(up, c) }()
				_, _ = io.Copy(c, up)
			}()
		}
	}()
	_, port, _ = net.SplitHostPort(ln.Addr().String())
	return port, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(seen)
	}
}
