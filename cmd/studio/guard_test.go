package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"studio/database"
)

func TestPushAllowed(t *testing.T) {
	cases := []struct {
		name, addr, allow string
		dev               bool
		want              string // "" = allowed, else part of the refusal
	}{
		{"not dev mode", "sqlite:./dev.db", "", false, "development mode"},
		{"not dev mode, even with a named host", "postgres://me@db.example.com/dev", "db.example.com", false, "development mode"},
		{"sqlite file", "sqlite:./dev.db", "", true, ""},
		{"localhost", "postgres://me@localhost/dev", "", true, ""},
		{"loopback v4", "postgres://me@127.0.0.1:5432/dev", "", true, ""},
		{"other loopback v4", "postgres://me@127.0.0.2:5432/dev", "", true, ""},
		{"loopback v6", "postgres://me@[::1]:5432/dev", "", true, ""},
		{"unix socket", "host=/var/run/postgresql dbname=dev", "", true, ""},
		{"unix socket in a url", "postgres:///dev?host=/tmp", "", true, ""},
		{"remote address", "postgres://me@10.0.0.7/dev", "", true, "--allow-remote-push=10.0.0.7"},
		{"remote name", "postgres://me@db.example.com/dev", "", true, `host "db.example.com" is not this machine`},
		{"remote, host named", "postgres://me@db.example.com/dev", "db.example.com", true, ""},
		{"remote, host named in other case", "postgres://me@db.example.com/dev", "DB.Example.com", true, ""},
		{"remote, other host named", "postgres://me@db.example.com/dev", "db.example.org", true, "does not name its host"},
		{"name that only looks like loopback", "postgres://me@127.attacker.example/dev", "", true, "is not this machine"},
		{"remote fallback of a multi-host address", "postgres://me@localhost,db.example.com/dev", "", true, `"db.example.com"`},
		{"remote fallback named", "postgres://me@localhost,db.example.com/dev", "db.example.com", true, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tg, err := database.Parse(tc.addr)
			if err != nil {
				t.Fatal(err)
			}
			err = pushAllowed(tc.dev, tg, tc.allow)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("err = %v, want it to say %q", err, tc.want)
			}
		})
	}
}

func TestDevModeFromEnvironment(t *testing.T) {
	for v, want := range map[string]bool{"development": true, "Development": true, "production": false, "": false, "dev": false} {
		e := &env{getenv: func(string) string { return v }}
		if got := devMode(false, e); got != want {
			t.Errorf("STUDIO_ENV=%q: dev = %v", v, got)
		}
	}
}

// The guard refuses before anything connects: a listener on this
// machine's non-loopback address counts connections and sees none; the
// same command with --allow-remote-push does connect (and fails there, as
// the listener is no PostgreSQL server).
func TestPushRefusedBeforeConnecting(t *testing.T) {
	wd := t.TempDir()
	dbPath := filepath.Join(wd, "app.db")
	code, _, errOut := runIn(t, wd, nil, "push", "--db", "sqlite:"+dbPath)
	if code != 2 || !strings.Contains(errOut, "development mode") {
		t.Fatalf("non-dev push: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(dbPath); !os.IsNotExist(err) {
		t.Fatalf("the refused push created or touched %s: %v", dbPath, err)
	}

	ip := nonLoopbackIP(t)
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Skipf("cannot listen on %s: %v", ip, err)
	}
	defer ln.Close()
	var accepted atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			c.Close()
		}
	}()
	url := "postgres://me@" + ln.Addr().String() + "/dev?sslmode=disable&connect_timeout=2"
	code, _, errOut = runIn(t, wd, nil, "push", "--dev", "--db", url)
	if code != 2 || !strings.Contains(errOut, "is not this machine") || accepted.Load() != 0 {
		t.Fatalf("remote push: exit %d, %d connection(s)\n%s", code, accepted.Load(), errOut)
	}
	code, _, errOut = runIn(t, wd, nil, "push", "--dev", "--db", url, "--allow-remote-push", "10.9.9.9")
	if code != 2 || !strings.Contains(errOut, "does not name its host") || accepted.Load() != 0 {
		t.Fatalf("push naming another host: exit %d, %d connection(s)\n%s", code, accepted.Load(), errOut)
	}
	code, _, errOut = runIn(t, wd, nil, "push", "--dev", "--db", url, "--allow-remote-push", ip)
	if code != 2 || !strings.Contains(errOut, "unreachable") || accepted.Load() == 0 {
		t.Fatalf("allowed remote push: exit %d, %d connection(s)\n%s", code, accepted.Load(), errOut)
	}
}

// nonLoopbackIP is an IPv4 address of this machine that is not loopback.
func nonLoopbackIP(t *testing.T) string {
	t.Helper()
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Skipf("no interface addresses: %v", err)
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() {
			return n.IP.String()
		}
	}
	t.Skip("this machine has no non-loopback IPv4 address to listen on")
	return ""
}
