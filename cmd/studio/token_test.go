package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer collects what the studio logs, safe for the server's
// goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestTokenNeverLogged binds a non-loopback address with a token, sends
// requests with a wrong token, the right one every way, and requests that
// fail: the token is printed once in the URL to open, and never in the
// log, a page or a header other than the cookie that carries it.
func TestTokenNeverLogged(t *testing.T) {
	const token = "s3cret-tok3n-value"
	logs := &lockedBuffer{}
	pr, pw := io.Pipe()
	e := &env{getenv: func(k string) string { return map[string]string{"STUDIO_TOKEN": token}[k] }, stdout: pw, stderr: logs, workdir: t.TempDir()}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--host", "0.0.0.0", "--port", "0", "--db", mustSQLiteFile(t)}, e)
		pw.Close()
	}()
	t.Cleanup(func() { cancel(); <-done })
	sc := bufio.NewScanner(pr)
	var printed string
	for sc.Scan() {
		if u, ok := printedURL(sc.Text()); ok {
			printed = u
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if !strings.Contains(printed, "token="+token) {
		t.Fatalf("the URL to open should carry the token once: %q", printed)
	}
	base := printed[:strings.Index(printed, "?")]
	base = strings.TrimSuffix(strings.Replace(base, "0.0.0.0", "127.0.0.1", 1), "/")
	var bodies strings.Builder
	for _, r := range []struct {
		method, path, auth string
		want               int
	}{
		{"GET", "/?token=wrong", "", 401},
		{"GET", "/", "", 401},
		{"GET", "/", "Bearer wrong", 401},
		{"GET", "/", "Bearer " + token, 200},
		{"GET", "/schema/main/table/nope/rows", "Bearer " + token, 404},
		{"POST", "/console/run", "Bearer " + token, 400},
		{"GET", "/schema/main/table/t/rows?eq.x=1", "Bearer " + token, 0},
	} {
		req, _ := http.NewRequest(r.method, base+r.path, strings.NewReader("sql=SELEC+1"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if r.auth != "" {
			req.Header.Set("Authorization", r.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if r.want != 0 && resp.StatusCode != r.want {
			t.Errorf("%s %s: %d, want %d: %s", r.method, r.path, resp.StatusCode, r.want, b[strings.Index(string(b), "error-box"):])
		}
		bodies.Write(b)
		for k, v := range resp.Header {
			if k != "Set-Cookie" {
				bodies.WriteString(k + ": " + strings.Join(v, ",") + "\n")
			}
		}
	}
	if strings.Contains(logs.String(), token) {
		t.Errorf("the token is in the log:\n%s", logs.String())
	}
	if strings.Contains(bodies.String(), token) {
		t.Error("the token is in a response")
	}
}
