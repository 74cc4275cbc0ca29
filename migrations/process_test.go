package migrations

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"studio/database"
	"studio/internal/sqlitetest"
)

// childEnv makes the test binary act as a separate `migrate` process: the
// concurrency and kill tests need real processes, not goroutines.
const childEnv = "STUDIO_MIGRATIONS_CHILD"

type childSpec struct {
	DB  string `json:"db"`
	Dir string `json:"dir"`
}

// childMain applies spec.Dir to spec.DB, printing one line per event.
func childMain() int {
	var spec childSpec
	if err := json.Unmarshal([]byte(os.Getenv(childEnv)), &spec); err != nil {
		fmt.Fprintln(os.Stderr, "child spec:", err)
		return 2
	}
	ctx := context.Background()
	target, err := database.Parse(spec.DB)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	db, err := database.Open(ctx, target, database.Options{Create: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer db.Close()
	f, err := ReadPath(spec.Dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	res, err := Apply(ctx, db, f, ApplyOptions{Progress: func(e Event) {
		n := 0
		if e.Statement != nil {
			n = e.Statement.Number
		}
		fmt.Printf("%s %s %d\n", e.Kind, e.Migration, n)
	}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("applied %d\n", len(res.Applied))
	return 0
}

func childCmd(t *testing.T, db, dir string) *exec.Cmd {
	t.Helper()
	spec, _ := json.Marshal(childSpec{DB: db, Dir: dir})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+string(spec))
	return cmd
}

// concurrencyFolder has n migrations; each creates a table and logs its
// own name into runs, so a double application shows as a duplicate row
// or an error.
func concurrencyFolder(t *testing.T, n int, slow string) string {
	dir := t.TempDir()
	es := []entry{{tag: "0000_runs", when: 1_700_000_000_000, sql: "CREATE TABLE runs (name text NOT NULL);"}}
	for i := 1; i < n; i++ {
		tag := fmt.Sprintf("%04d_m", i)
		es = append(es, entry{tag: tag, when: 1_700_000_000_000 + int64(i)*1000, sql: fmt.Sprintf(
			"CREATE TABLE t%d (id integer);\n--> statement-breakpoint\n%s\n--> statement-breakpoint\nINSERT INTO runs (name) VALUES ('%s');", i, slow, tag)})
	}
	return writeJournal(t, dir, "", es...)
}

func testConcurrentProcesses(t *testing.T, db *database.DB, addr, slow string) {
	const procs, n = 4, 12
	dir := concurrencyFolder(t, n, slow)
	var wg sync.WaitGroup
	outs := make([]bytes.Buffer, procs)
	errs := make([]error, procs)
	for i := range procs {
		cmd := childCmd(t, addr, dir)
		cmd.Stdout, cmd.Stderr = &outs[i], &outs[i]
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = cmd.Run()
		}()
	}
	wg.Wait()
	total := 0
	for i := range procs {
		if errs[i] != nil {
			t.Fatalf("process %d: %v\n%s", i, errs[i], outs[i].String())
		}
		var k int
		for _, line := range strings.Split(outs[i].String(), "\n") {
			if _, err := fmt.Sscanf(line, "applied %d", &k); err == nil {
				total += k
			}
		}
	}
	if total != n {
		t.Fatalf("processes applied %d migrations in total, want %d", total, n)
	}
	if got := count(t, db, "SELECT count(*) FROM runs"); got != n-1 {
		t.Fatalf("runs has %d rows, want %d", got, n-1)
	}
	if got := count(t, db, "SELECT count(DISTINCT name) FROM runs"); got != n-1 {
		t.Fatalf("runs has %d distinct rows, want %d", got, n-1)
	}
	assertAllApplied(t, mustStatus(t, db, mustRead(t, dir), Config{}), n)
}

func TestConcurrentProcessesSQLite(t *testing.T) {
	db := sqlitetest.New(t)
	path := db.Target.Path
	slow := "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) SELECT count(*) FROM c;"
	testConcurrentProcesses(t, db, "sqlite:"+path, slow)
}

func TestConcurrentProcessesPostgres(t *testing.T) {
	db, url := mustOpenPostgres(t)
	testConcurrentProcesses(t, db, url, "SELECT pg_sleep(0.02);")
}

// killFolder: 0000 is applied first; 0001 creates a table; 0002 creates
// one and then runs a statement that lasts as long as the knob says.
func killFolder(t *testing.T, slow string) string {
	return writeJournal(t, t.TempDir(), "",
		entry{"0000_knob", 1_700_000_000_000, "CREATE TABLE knob (n integer NOT NULL);\n--> statement-breakpoint\nINSERT INTO knob VALUES (0);"},
		entry{"0001_a", 1_700_000_001_000, "CREATE TABLE a (id integer);\n--> statement-breakpoint\nINSERT INTO a VALUES (1);"},
		entry{"0002_slow", 1_700_000_002_000, "CREATE TABLE b (id integer);\n--> statement-breakpoint\n" + slow},
	)
}

func testKillMidRun(t *testing.T, db *database.DB, addr, slow, bigKnob string) {
	dir := killFolder(t, slow)
	f := mustRead(t, dir)
	first := &Folder{Dir: f.Dir, Layout: f.Layout, Migrations: f.Migrations[:1]}
	mustApply(t, db, first, ApplyOptions{})
	mustExec(t, db, "UPDATE knob SET n = "+bigKnob)

	cmd := childCmd(t, addr, dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitForLine(t, stdout, "statement 0002_slow 1", &stderr)
	time.Sleep(300 * time.Millisecond) // well inside the slow statement
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	go io.Copy(io.Discard, stdout)

	// At a boundary: 0000 applied, nothing of 0001/0002.
	rep := mustStatus(t, db, f, Config{})
	if got := states(rep); got != "0000_knob=applied 0001_a=pending 0002_slow=pending" {
		t.Fatalf("after kill: %s", got)
	}
	if tableExists(t, db, "a") || tableExists(t, db, "b") {
		t.Fatal("tables of the killed run survived")
	}
	mustExec(t, db, "UPDATE knob SET n = 1")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := Apply(ctx, db, f, ApplyOptions{}); err != nil {
		t.Fatalf("rerun: %v", err)
	}
	assertAllApplied(t, mustStatus(t, db, f, Config{}), 3)
}

func waitForLine(t *testing.T, r io.Reader, want string, stderr *bytes.Buffer) {
	t.Helper()
	found := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if sc.Text() == want {
				found <- true
				return
			}
		}
		found <- false
	}()
	select {
	case ok := <-found:
		if !ok {
			t.Fatalf("child ended before %q: %s", want, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("no %q within 30s: %s", want, stderr.String())
	}
}

func TestKillMidRunSQLite(t *testing.T) {
	db := sqlitetest.New(t)
	path := db.Target.Path
	slow := "INSERT INTO b SELECT x FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < (SELECT n FROM knob)) SELECT x FROM c);"
	testKillMidRun(t, db, "sqlite:"+path, slow, "100000000")
}

func TestKillMidRunPostgres(t *testing.T) {
	db, url := mustOpenPostgres(t)
	// The server notices the dead client within 100ms even mid-statement
	// (client_connection_check_interval); by default it would finish the
	// sleep first and hold the lock until then.
	addr := url + "&client_connection_check_interval=100"
	testKillMidRun(t, db, addr, "SELECT pg_sleep((SELECT n FROM knob));", "60")
}
