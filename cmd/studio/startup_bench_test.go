package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"studio/database"
	"studio/internal/pgtest"
)

// buildStudio compiles the real binary once per benchmark run.
func buildStudio(b *testing.B) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "studio")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// BenchmarkStartupToFirstPage measures a cold process start until the
// overview of the demo database has been served, the process's resident
// memory once idle after that (metric idle-RSS-MB) and the CPU time it
// used (cpu-ms/op).
func BenchmarkStartupToFirstPage(b *testing.B) {
	bin := buildStudio(b)
	benchStarts(b, bin, "demo", "--port", "0", "--data", b.TempDir())
}

// benchStarts starts the studio b.N times after one warm-up start (which
// creates the demo, so the figure is start-up, not demo creation) and
// reports the last idle RSS and the mean CPU time per start.
func benchStarts(b *testing.B, bin string, args ...string) {
	startAndServe(b, exec.Command(bin, args...))
	var rss, cpu float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, c := startAndServe(b, exec.Command(bin, args...))
		rss, cpu = r, cpu+c
	}
	b.ReportMetric(rss, "idle-RSS-MB")
	b.ReportMetric(cpu/float64(b.N), "cpu-ms/op")
}

// BenchmarkStartupToFirstPagePostgres is the same on PostgreSQL: a cold
// `studio --db URL` until the overview of a database of 20 tables has been
// served. The address is typed as a user would, without sslmode (libpq's
// default, prefer, tries TLS first), and over TCP to the loopback address
// (sub-benchmark tcp) or over the server's Unix socket (socket).
func BenchmarkStartupToFirstPagePostgres(b *testing.B) {
	bin := buildStudio(b)
	url := pgtest.NewDatabase(b)
	mustRunPG(b, url, benchSchema(20))
	name := url[strings.LastIndexByte(url, '/')+1 : strings.IndexByte(url, '?')]
	addrs := map[string]string{
		"tcp":    strings.TrimSuffix(url, "?sslmode=disable"),
		"socket": fmt.Sprintf("host=%s port=%d user=postgres dbname=%s", pgtest.MustCluster(b).SocketDir(), pgtest.MustCluster(b).Port, name),
	}
	for _, via := range []string{"tcp", "socket"} {
		b.Run(via, func(b *testing.B) {
			benchStarts(b, bin, "--db", addrs[via], "--port", "0", "--data", b.TempDir())
		})
	}
}

// benchSchema is n tables, each with a key, a foreign key to the one
// before, an index and a few rows.
func benchSchema(n int) string {
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, "CREATE TABLE t%d (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz DEFAULT now()", i)
		if i > 0 {
			fmt.Fprintf(&sb, ", t%d_id bigint REFERENCES t%d(id)", i-1, i-1)
		}
		fmt.Fprintf(&sb, ");\nCREATE INDEX ON t%d (name);\nINSERT INTO t%d (name) SELECT 'row ' || g FROM generate_series(1, 100) g;\n", i, i)
	}
	return sb.String() + "ANALYZE;"
}

func mustRunPG(b *testing.B, url, script string) {
	b.Helper()
	t, err := database.Parse(url)
	if err != nil {
		b.Fatal(err)
	}
	db, err := database.Open(context.Background(), t, database.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(script); err != nil {
		b.Fatal(err)
	}
}

// startAndServe starts cmd, waits for its URL, fetches the first page,
// reads its RSS after a short idle, and stops it. It returns the RSS in MB
// and the CPU time the process used in ms (user and system), a figure
// that other work on the machine inflates less than the elapsed time.
func startAndServe(b *testing.B, cmd *exec.Cmd) (rss, cpu float64) {
	b.Helper()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}
	defer stop()
	sc := bufio.NewScanner(stdout)
	url := ""
	for sc.Scan() {
		if u, ok := printedURL(sc.Text()); ok {
			url = u
			break
		}
	}
	if url == "" {
		b.Fatal("studio printed no URL")
	}
	resp, err := http.Get(url)
	if err != nil || resp.StatusCode != 200 {
		b.Fatalf("first page: %v %v", resp, err)
	}
	resp.Body.Close()
	b.StopTimer()
	time.Sleep(200 * time.Millisecond)
	rss = rssMB(cmd.Process.Pid)
	stop()
	cpu = float64(cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime()) / float64(time.Millisecond)
	b.StartTimer()
	return rss, cpu
}

func rssMB(pid int) float64 {
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return -1
}
