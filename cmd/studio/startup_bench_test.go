package main

import (
	"bufio"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
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
// overview of the demo database has been served, and the process's
// resident memory once idle after that (metric idle-RSS-MB).
func BenchmarkStartupToFirstPage(b *testing.B) {
	bin := buildStudio(b)
	data := b.TempDir()
	// Create the demo once so the figure is start-up, not demo creation.
	warm := exec.Command(bin, "demo", "--port", "0", "--data", data)
	startAndServe(b, warm)
	var rss float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, "demo", "--port", "0", "--data", data)
		rss = startAndServe(b, cmd)
	}
	b.ReportMetric(rss, "idle-RSS-MB")
}

// startAndServe starts cmd, waits for its URL, fetches the first page,
// reads its RSS after a short idle, and stops it.
func startAndServe(b *testing.B, cmd *exec.Cmd) float64 {
	b.Helper()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	sc := bufio.NewScanner(stdout)
	url := ""
	for sc.Scan() {
		if i := strings.Index(sc.Text(), " on http://"); i >= 0 {
			url = sc.Text()[i+4:]
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
	rss := rssMB(cmd.Process.Pid)
	b.StartTimer()
	return rss
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
