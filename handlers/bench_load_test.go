package handlers_test

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// benchMixedLoad has n clients on loopback connections browse as people
// do, back to back with no pause: each follows the grid's next links (the
// JSON twin, then the same page as HTML) and opens the overview every
// third request, half of them starting 1,000 pages deep. It runs
// $STUDIO_BENCH_LOAD_SECONDS (default 30 s) split over the iterations and
// reports the latency percentiles, the rate, errors (any status but 200:
// a pool exhausted into timeouts would show here as 504s) and the peak
// resident memory of the process (server and clients).
func benchMixedLoad(b *testing.B, base, first, deep string, clients int) {
	round := loadDuration(b) / time.Duration(fixedIterations())
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	var mu sync.Mutex
	var lat []time.Duration
	var errs atomic.Int64
	var peak atomic.Uint64
	stop := make(chan struct{})
	var sampler sync.WaitGroup
	sampler.Go(func() {
		for t := time.NewTicker(20 * time.Millisecond); ; {
			select {
			case <-stop:
				t.Stop()
				return
			case <-t.C:
				_, rss := memNow()
				atomicMax(&peak, rss)
			}
		}
	})
	for b.Loop() {
		end := time.Now().Add(round)
		var wg sync.WaitGroup
		for c := range clients {
			start := first
			if c%2 == 1 {
				start = deep
			}
			wg.Go(func() {
				mine := browse(&http.Client{Transport: tr, Timeout: time.Minute}, base, start, end, &errs)
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			})
		}
		wg.Wait()
	}
	close(stop)
	sampler.Wait()
	if len(lat) == 0 {
		b.Fatal("no request completed")
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / float64(time.Millisecond) }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(errs.Load()), "errors")
	b.ReportMetric(float64(len(lat))/b.Elapsed().Seconds(), "req/s")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-RSS-MB")
	if errs.Load() > 0 {
		b.Errorf("%d requests failed under %d clients", errs.Load(), clients)
	}
}

// browse is one client of benchMixedLoad.
func browse(client *http.Client, base, start string, end time.Time, errs *atomic.Int64) []time.Duration {
	var out []time.Duration
	url, steps := start, 0
	timed := func(f func() error) {
		t0 := time.Now()
		err := f()
		out = append(out, time.Since(t0))
		if err != nil {
			errs.Add(1)
		}
	}
	for i := 0; time.Now().Before(end); i++ {
		switch i % 3 {
		case 0:
			timed(func() error { return getHTML(client, base+"/") })
		case 1:
			timed(func() error { return getHTML(client, url) })
		case 2:
			var next string
			timed(func() (err error) { next, err = getJSONPage(client, url); return err })
			steps++
			if next == "" || steps == 100 {
				url, steps = start, 0
			} else {
				url = base + next
			}
		}
	}
	return out
}

// getHTML fetches a page and reads it whole.
func getHTML(client *http.Client, url string) error {
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != 200 {
		return fmt.Errorf("GET %s: %d", url, resp.StatusCode)
	}
	return nil
}

// loadRuns are the client counts of the mixed load.
var loadRuns = []int{50, 100, 200}

// benchLoads runs the mixed load at each client count.
func benchLoads(b *testing.B, base, grid, deep string) {
	for _, n := range loadRuns {
		b.Run(fmt.Sprintf("load/mixed-%d-clients", n), func(b *testing.B) {
			benchMixedLoad(b, base, base+grid, base+deep, n)
		})
	}
}
