// Command testreport reads `go test -json` on stdin, prints a readable
// report (package results, the output of failed tests), counts how many
// PostgreSQL and browser tests ran, and fails when too few did: CI must
// never pass by skipping them.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	Elapsed float64
}

type counts struct {
	passed, failed, skipped int
	kinds                   map[string]map[string]bool // kind -> test id
	failedOutput            map[string]*strings.Builder
	skippedNames            []string
}

func main() {
	minPG := flag.Int("min-postgres", 0, "fail unless at least this many PostgreSQL tests ran")
	minBrowser := flag.Int("min-browser", 0, "fail unless at least this many browser tests ran")
	flag.Parse()
	c := read(os.Stdin, os.Stdout)
	os.Exit(report(os.Stdout, c, *minPG, *minBrowser))
}

func read(r io.Reader, w io.Writer) *counts {
	c := &counts{kinds: map[string]map[string]bool{}, failedOutput: map[string]*strings.Builder{}}
	outputs := map[string]*strings.Builder{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var ev event
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			fmt.Fprintln(w, sc.Text()) // build errors come as plain text
			continue
		}
		id := ev.Package + " " + ev.Test
		switch ev.Action {
		case "output":
			if ev.Test == "" {
				if strings.HasPrefix(ev.Output, "ok") || strings.HasPrefix(ev.Output, "FAIL") || strings.HasPrefix(ev.Output, "---") || strings.Contains(ev.Output, "[build failed]") || strings.Contains(ev.Output, "panic:") {
					fmt.Fprint(w, ev.Output)
				}
				continue
			}
			b := outputs[id]
			if b == nil {
				b = &strings.Builder{}
				outputs[id] = b
			}
			b.WriteString(ev.Output)
			for _, kind := range []string{"postgres", "browser"} {
				if strings.Contains(ev.Output, "studio-test-kind: "+kind) {
					if c.kinds[kind] == nil {
						c.kinds[kind] = map[string]bool{}
					}
					c.kinds[kind][ev.Package+" "+rootTest(ev.Test)] = true
				}
			}
		case "pass":
			if ev.Test != "" {
				c.passed++
			}
		case "fail":
			if ev.Test != "" {
				c.failed++
				c.failedOutput[id] = outputs[id]
			}
		case "skip":
			if ev.Test != "" {
				c.skipped++
				c.skippedNames = append(c.skippedNames, id+": "+skipReason(outputs[id]))
			}
		}
	}
	return c
}

// skipReason is the last line a skipped test logged (its t.Skip message).
func skipReason(b *strings.Builder) string {
	if b == nil {
		return ""
	}
	var last string
	for _, l := range strings.Split(b.String(), "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "---") && !strings.HasPrefix(l, "=== ") {
			last = l
		}
	}
	return last
}

// rootTest maps a subtest's name to its top-level test's.
func rootTest(name string) string {
	if i := strings.Index(name, "/"); i >= 0 {
		return name[:i]
	}
	return name
}

func report(w io.Writer, c *counts, minPG, minBrowser int) int {
	ids := make([]string, 0, len(c.failedOutput))
	for id := range c.failedOutput {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fmt.Fprintf(w, "\n=== FAILED %s\n", id)
		if b := c.failedOutput[id]; b != nil {
			fmt.Fprint(w, b.String())
		}
	}
	if len(c.skippedNames) > 0 {
		fmt.Fprintln(w, "\nSkipped:")
		for _, s := range c.skippedNames {
			fmt.Fprintln(w, "  "+s)
		}
	}
	pg, br := len(c.kinds["postgres"]), len(c.kinds["browser"])
	fmt.Fprintf(w, "\nPostgreSQL tests run: %d\nBrowser tests run: %d\n", pg, br)
	code := 0
	if c.failed > 0 {
		code = 1
	}
	if pg < minPG {
		fmt.Fprintf(w, "FAIL: only %d PostgreSQL tests ran (need %d): is PostgreSQL installed?\n", pg, minPG)
		code = 1
	}
	if br < minBrowser {
		fmt.Fprintf(w, "FAIL: only %d browser tests ran (need %d): is Chromium installed?\n", br, minBrowser)
		code = 1
	}
	fmt.Fprintf(w, "%d passed, %d failed, %d skipped\n", c.passed, c.failed, c.skipped)
	return code
}
