package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"studio/database"
	"studio/handlers"
	"studio/internal/bigtable"
	"studio/internal/pgtest"
)

// The benchmarks of this file measure the grid, its JSON twin and the
// export at the HTTP handler on bigtable's 10-million-row table (see
// internal/bigtable). Each dialect is one top-level benchmark so its
// fixture is built once; pick figures with a name filter, e.g.
// -bench 'BigSQLite/page'. PostgreSQL's fixture is built in every run
// (the test cluster lives as long as the test binary); SQLite's is cached
// under bigtable.CacheDir().

// LoadSecondsEnv sets how long the 50 clients page in all (default 30 s,
// 3 s with -short).
const LoadSecondsEnv = "STUDIO_BENCH_LOAD_SECONDS"

func BenchmarkBigPostgres(b *testing.B) {
	url, db := bigPostgresDB(b)
	benchBigHandler(b, db, "public")
	b.Run("never-analyzed/first", func(b *testing.B) { benchNeverAnalyzed(b, url) })
}

func BenchmarkBigSQLite(b *testing.B) {
	benchBigHandler(b, bigSQLiteDB(b), "main")
}

// bigPostgresDB builds, in a fresh database, the fixture table big and
// big_raw, its never-analyzed twin, side by side (two cores).
func bigPostgresDB(b *testing.B) (string, *database.DB) {
	b.Helper()
	url := pgtest.NewDatabase(b)
	db := openBench(b, url, database.Options{})
	start := time.Now()
	n := bigtable.BenchRows()
	raw := make(chan error, 1)
	go func() { raw <- bigtable.PostgresNeverAnalyzed(context.Background(), db, "big_raw", n) }()
	if err := bigtable.Postgres(context.Background(), db, "big", n); err != nil {
		b.Fatal(err)
	}
	if err := <-raw; err != nil {
		b.Fatal(err)
	}
	b.Logf("built 2 x %d rows in PostgreSQL in %v", n, time.Since(start).Round(time.Second))
	return url, db
}

func bigSQLiteDB(b *testing.B) *database.DB {
	b.Helper()
	start := time.Now()
	path, err := bigtable.SQLiteFile(context.Background(), bigtable.CacheDir(), bigtable.BenchRows())
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("SQLite fixture %s ready in %v", path, time.Since(start).Round(time.Millisecond))
	return openBench(b, path, database.Options{ReadOnly: true})
}

func openBench(b *testing.B, addr string, opts database.Options) *database.DB {
	b.Helper()
	tg, err := database.Parse(addr)
	if err != nil {
		b.Fatal(err)
	}
	db, err := database.Open(context.Background(), tg, opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

func benchBigHandler(b *testing.B, db *database.DB, schema string) {
	app, err := handlers.NewApp(db, handlers.Options{Addr: testAddr})
	if err != nil {
		b.Fatal(err)
	}
	grid := "/schema/" + schema + "/table/big/rows"
	deep := walkNext(b, app, grid, 1000)
	pages := []struct{ name, url string }{
		{"first", grid}, {"last", grid + "?last=1"}, {"after1000", deep},
		// An unindexed column matching one row in a hundred: the page reads
		// about 10,000 rows, a capped count of 10,001 matches a million.
		{"filtered", grid + "?lt.score=1000"},
	}
	for _, p := range pages {
		for _, kind := range []string{"html", "json"} {
			b.Run("page/"+p.name+"/"+kind, func(b *testing.B) {
				for range warmUp { // pgx prepares on each pooled connection once
					getPage(b, app, p.url, kind == "json")
				}
				for b.Loop() {
					getPage(b, app, p.url, kind == "json")
				}
			})
		}
	}
	base := serveBench(b, db)
	b.Run("export/csv-1M", func(b *testing.B) { benchExport(b, base, schema) })
	b.Run("load/50-clients", func(b *testing.B) { benchLoad(b, base+grid, base+deep) })
	benchLoads(b, base, grid, deep)
}

// warmUp requests of each URL come before the timed ones.
const warmUp = 5

// getPage requests one grid page through the handler and checks it.
func getPage(b *testing.B, app *fiber.App, url string, asJSON bool) []byte {
	req := httptest.NewRequest("GET", url, nil)
	req.Host = testAddr
	if asJSON {
		req.Header.Set("Accept", "application/json")
	}
	resp, err := app.Test(req, -1)
	if err != nil {
		b.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		b.Fatalf("GET %s: %d %v %.300s", url, resp.StatusCode, err, body)
	}
	return body
}

// walkNext follows the JSON twin's next link steps times from url.
func walkNext(b *testing.B, app *fiber.App, url string, steps int) string {
	b.Helper()
	for i := 0; i < steps; i++ {
		var page struct{ Next *string }
		if err := json.Unmarshal(getPage(b, app, url, true), &page); err != nil || page.Next == nil {
			b.Fatalf("step %d from %s: no next page (%v)", i, url, err)
		}
		url = *page.Next
	}
	return url
}

// benchNeverAnalyzed opens the grid of big_raw, whose reltuples is -1, with
// a pool of its own: closing it ends its server processes, which flushes
// their table statistics, so the rows they read can be reported (a full
// COUNT would read 10 million; a page reads about 100).
func benchNeverAnalyzed(b *testing.B, url string) {
	admin := openBench(b, url, database.Options{})
	for _, kind := range []string{"html", "json"} {
		b.Run(kind, func(b *testing.B) {
			db := openBench(b, url, database.Options{})
			app, err := handlers.NewApp(db, handlers.Options{Addr: testAddr})
			if err != nil {
				b.Fatal(err)
			}
			for range warmUp {
				getPage(b, app, "/schema/public/table/big_raw/rows", kind == "json")
			}
			before := tuplesRead(b, admin, "big_raw")
			for b.Loop() {
				getPage(b, app, "/schema/public/table/big_raw/rows", kind == "json")
			}
			db.Close()
			time.Sleep(time.Second)
			b.ReportMetric(float64(tuplesRead(b, admin, "big_raw")-before)/float64(b.N), "tuples-read/op")
		})
	}
}

// tuplesRead is how many rows of table scans and index fetches returned.
func tuplesRead(b *testing.B, db *database.DB, table string) int64 {
	b.Helper()
	var n int64
	err := db.QueryRow(`SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)
		FROM pg_stat_user_tables WHERE relname = $1`, table).Scan(&n)
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// serveBench runs the app on a real loopback listener.
func serveBench(b *testing.B, db *database.DB) string {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	app, err := handlers.NewApp(db, handlers.Options{Addr: ln.Addr().String()})
	if err != nil {
		b.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	b.Cleanup(func() { _ = app.ShutdownWithTimeout(5 * time.Second) })
	return "http://" + ln.Addr().String()
}

// benchExport downloads the first million rows as CSV over a real
// connection, reporting rows/s and the peak memory of the process (Go
// heap in use, and resident size) sampled every 5 ms during the export.
func benchExport(b *testing.B, base, schema string) {
	n := min(1_000_000, bigtable.BenchRows())
	url := fmt.Sprintf("%s/schema/%s/table/big/export.csv?le.id=%d", base, schema, n)
	runtime.GC()
	heap0, rss0 := memNow()
	var peakHeap, peakRSS atomic.Uint64
	stop := make(chan struct{})
	var sampler sync.WaitGroup
	sampler.Go(func() {
		for t := time.NewTicker(5 * time.Millisecond); ; {
			select {
			case <-stop:
				t.Stop()
				return
			case <-t.C:
				h, r := memNow()
				atomicMax(&peakHeap, h)
				atomicMax(&peakRSS, r)
			}
		}
	})
	for b.Loop() {
		if lines := download(b, url); lines != int64(n)+1 {
			b.Fatalf("%d lines, want %d", lines, n+1)
		}
	}
	close(stop)
	sampler.Wait()
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peakHeap.Load())/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(peakRSS.Load())/(1<<20), "peak-RSS-MB")
	b.Logf("before the export: heap %.1f MB, RSS %.1f MB", float64(heap0)/(1<<20), float64(rss0)/(1<<20))
}

// download reads a whole response, counting its lines.
func download(b *testing.B, url string) int64 {
	resp, err := http.Get(url)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b.Fatalf("GET %s: %d", url, resp.StatusCode)
	}
	var lines int64
	buf := make([]byte, 64<<10)
	for {
		k, err := resp.Body.Read(buf)
		lines += int64(bytes.Count(buf[:k], []byte{'\n'}))
		if err == io.EOF {
			return lines
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}

var memSamples = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}

// memNow is the Go heap in use (objects and the free space of their
// spans) and the resident size of the process.
func memNow() (heap, rss uint64) {
	s := slices.Clone(memSamples)
	metrics.Read(s)
	heap = s[0].Value.Uint64() + s[1].Value.Uint64()
	if statm, err := os.ReadFile("/proc/self/statm"); err == nil {
		if f := strings.Fields(string(statm)); len(f) > 1 {
			pages, _ := strconv.ParseUint(f[1], 10, 64)
			rss = pages * uint64(os.Getpagesize())
		}
	}
	return heap, rss
}

func atomicMax(a *atomic.Uint64, v uint64) {
	for old := a.Load(); v > old && !a.CompareAndSwap(old, v); old = a.Load() {
	}
}

// benchLoad has 50 clients page through the JSON twin over loopback
// connections, each following next links from the first page (odd
// clients from the page after 1,000 steps) for up to 100 pages, then
// starting again. The paging lasts $STUDIO_BENCH_LOAD_SECONDS in all,
// split evenly over the benchmark's iterations (so -benchtime 10x pages
// ten rounds of a tenth each), each client making at most loadCap
// requests a round. Reports the latency percentiles, errors and rate.
func benchLoad(b *testing.B, first, deep string) {
	const clients, loadCap = 50, 100_000
	total := loadDuration(b)
	round := total / time.Duration(fixedIterations())
	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	var mu sync.Mutex
	var lat []time.Duration
	var errs atomic.Int64
	for b.Loop() {
		end := time.Now().Add(round)
		var wg sync.WaitGroup
		for c := 0; c < clients; c++ {
			start := first
			if c%2 == 1 {
				start = deep
			}
			wg.Go(func() {
				mine := pageFor(&http.Client{Transport: tr}, start, end, loadCap, &errs)
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			})
		}
		wg.Wait()
	}
	slices.Sort(lat)
	if len(lat) == 0 {
		b.Fatal("no request completed")
	}
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / float64(time.Millisecond) }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(errs.Load()), "errors")
	b.ReportMetric(float64(len(lat))/b.Elapsed().Seconds(), "req/s")
	b.Logf("%d requests in %v by %d clients", len(lat), total, clients)
}

// pageFor is one client: it pages until end or max requests and returns
// the latency of each request.
func pageFor(client *http.Client, start string, end time.Time, max int, errs *atomic.Int64) []time.Duration {
	var out []time.Duration
	url, steps := start, 0
	for len(out) < max && time.Now().Before(end) {
		t0 := time.Now()
		next, err := getJSONPage(client, url)
		out = append(out, time.Since(t0))
		steps++
		switch {
		case err != nil:
			errs.Add(1)
			url, steps = start, 0
		case next == "" || steps == 100:
			url, steps = start, 0
		default:
			url = strings.SplitN(start, "/schema/", 2)[0] + next
		}
	}
	return out
}

// getJSONPage fetches one JSON page and returns its next link. Only the
// "next" member is decoded (it follows the rows): the load generator runs
// in the same process as the server and should cost it little.
func getJSONPage(client *http.Client, url string) (string, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		return "", fmt.Errorf("status %d: %v", resp.StatusCode, err)
	}
	at := bytes.LastIndex(body, []byte(`"next":`))
	if at < 0 {
		return "", fmt.Errorf("no next member in %.200s", body)
	}
	var next *string
	if err := json.NewDecoder(bytes.NewReader(body[at+len(`"next":`):])).Decode(&next); err != nil {
		return "", fmt.Errorf("read next: %w", err)
	}
	if next == nil {
		return "", nil
	}
	return *next, nil
}

// loadDuration is $STUDIO_BENCH_LOAD_SECONDS, default 30 s, 3 s with
// -short.
func loadDuration(b *testing.B) time.Duration {
	if s := os.Getenv(LoadSecondsEnv); s != "" {
		n, err := strconv.ParseFloat(s, 64)
		if err != nil || n <= 0 {
			b.Fatalf("%s=%q: want a number of seconds", LoadSecondsEnv, s)
		}
		return time.Duration(n * float64(time.Second))
	}
	if testing.Short() {
		return 3 * time.Second
	}
	return 30 * time.Second
}

// fixedIterations is N of -benchtime Nx, else 1 (a timed -benchtime runs
// one iteration of the whole duration: it lasts longer than any target).
func fixedIterations() int {
	if f := flag.Lookup("test.benchtime"); f != nil {
		if n, err := strconv.Atoi(strings.TrimSuffix(f.Value.String(), "x")); err == nil && strings.HasSuffix(f.Value.String(), "x") && n > 0 {
			return n
		}
	}
	return 1
}
