// Package pgtest starts a throwaway PostgreSQL cluster from the installed
// binaries for tests, one per test binary, and hands each test a fresh
// database on it. Nothing is mocked: tests talk to a real server.
//
// The cluster runs as the unprivileged "postgres" user when the tests run
// as root (initdb and postgres refuse root), as a child process that dies
// with the test binary (Pdeathsig), so a killed test leaves no server.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// RequireEnv names the variable that turns a missing PostgreSQL into a test
// failure instead of a skip. The README's test command sets it.
const RequireEnv = "STUDIO_REQUIRE_PG"

// KindMarker is logged by every test that got a database, so the test
// report can count how many PostgreSQL tests ran.
const KindMarker = "studio-test-kind: postgres"

// Cluster is a running throwaway server.
type Cluster struct {
	Port    int
	dataDir string
	sockDir string
	cmd     *exec.Cmd
	admin   *sql.DB
	exited  chan struct{}
	bin     string
	cred    *syscall.Credential
}

var (
	once    sync.Once
	shared  *Cluster
	initErr error
	dbSeq   atomic.Int64
)

// Main runs the package's tests and stops the shared cluster afterwards.
// Call it from TestMain in every package that uses this one.
func Main(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.stop()
	}
	os.Exit(code)
}

// NewDatabase creates an empty database on the shared cluster and returns
// its connection URL. The database is dropped when the test ends. When no
// PostgreSQL is installed the test is skipped, or fails if RequireEnv is set.
func NewDatabase(t testing.TB) string {
	t.Helper()
	c := MustCluster(t)
	name := fmt.Sprintf("t%d_%d", os.Getpid(), dbSeq.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := c.admin.ExecContext(ctx, `CREATE DATABASE "`+name+`"`); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = c.admin.ExecContext(ctx, `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`)
	})
	t.Log(KindMarker)
	return c.URL(name)
}

// MustCluster returns the shared cluster, starting it on first use.
func MustCluster(t testing.TB) *Cluster {
	t.Helper()
	once.Do(func() { shared, initErr = start() })
	if initErr != nil {
		if os.Getenv(RequireEnv) != "" {
			t.Fatalf("pgtest: PostgreSQL is required (%s is set) but could not start: %v\n"+
				"install it with: apt-get install -y postgresql", RequireEnv, initErr)
		}
		t.Skipf("pgtest: PostgreSQL not available (%v); install it with: apt-get install -y postgresql", initErr)
	}
	return shared
}

// URL is the connection URL of database name on this cluster.
func (c *Cluster) URL(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.Port, name)
}

// SocketDir is the directory of the cluster's Unix socket.
func (c *Cluster) SocketDir() string { return c.sockDir }

// Restart stops the server and starts it again on the same port and data,
// for tests of how clients recover.
func (c *Cluster) Restart(t testing.TB) {
	t.Helper()
	c.Down(t)
	c.Up(t)
}

// Down stops the server (fast shutdown: clients are disconnected) and
// waits until it has exited. Tests that call it must not run in parallel
// with others of their package.
func (c *Cluster) Down(t testing.TB) {
	t.Helper()
	_ = c.cmd.Process.Signal(syscall.SIGINT)
	<-c.exited
}

// Up starts a server stopped by Down again on the same port and data.
func (c *Cluster) Up(t testing.TB) {
	t.Helper()
	if err := c.launch(); err != nil {
		t.Fatalf("pgtest: start again: %v", err)
	}
}

func start() (*Cluster, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	base, err := os.MkdirTemp("", "studio-pgtest-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{dataDir: filepath.Join(base, "data"), sockDir: filepath.Join(base, "sock")}
	for _, d := range []string{c.dataDir, c.sockDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	cred, err := credential(base, c.dataDir, c.sockDir)
	if err != nil {
		return nil, err
	}
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", c.dataDir, "-U", "postgres",
		"--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("initdb: %v: %s", err, lastLines(string(out)))
	}
	c.Port, err = freePort()
	if err != nil {
		return nil, err
	}
	if err := c.launchWith(bin, cred); err != nil {
		return nil, err
	}
	c.admin, err = sql.Open("pgx", c.URL("postgres"))
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Cluster) launch() error { return c.launchWith(c.bin, c.cred) }

// launchWith starts postgres from a goroutine locked to its OS thread:
// Pdeathsig fires when the thread that forked the child exits, so the
// thread must live as long as the server.
func (c *Cluster) launchWith(bin string, cred *syscall.Credential) error {
	c.bin, c.cred = bin, cred
	started := make(chan error, 1)
	c.exited = make(chan struct{})
	go func() {
		runtime.LockOSThread()
		cmd := exec.Command(filepath.Join(bin, "postgres"), "-D", c.dataDir,
			"-p", strconv.Itoa(c.Port), "-k", c.sockDir,
			"-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
			"-c", "synchronous_commit=off", "-c", "full_page_writes=off",
			"-c", "max_connections=200", "-c", "shared_buffers=256MB",
			"-c", "logging_collector=off", "-c", "log_min_messages=fatal")
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGKILL, Setpgid: true}
		logf, _ := os.Create(filepath.Join(filepath.Dir(c.dataDir), "postgres.log"))
		cmd.Stdout, cmd.Stderr = logf, logf
		if err := cmd.Start(); err != nil {
			started <- err
			close(c.exited)
			return
		}
		c.cmd = cmd
		started <- nil
		_ = cmd.Wait()
		if logf != nil {
			logf.Close()
		}
		close(c.exited)
	}()
	if err := <-started; err != nil {
		return fmt.Errorf("start postgres: %w", err)
	}
	return c.waitReady()
}

func (c *Cluster) waitReady() error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-c.exited:
			log, _ := os.ReadFile(filepath.Join(filepath.Dir(c.dataDir), "postgres.log"))
			return fmt.Errorf("postgres exited at start: %s", lastLines(string(log)))
		default:
		}
		db, err := sql.Open("pgx", c.URL("postgres"))
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			err = db.PingContext(ctx)
			cancel()
			db.Close()
			if err == nil {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errors.New("postgres did not accept connections within 30s")
}

func (c *Cluster) stop() {
	if c.admin != nil {
		c.admin.Close()
	}
	if c.cmd != nil && c.cmd.Process != nil {
		_ = c.cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-c.exited:
		case <-time.After(10 * time.Second):
			_ = c.cmd.Process.Kill()
		}
	}
	os.RemoveAll(filepath.Dir(c.dataDir))
}

// credential returns the identity to run the server as: the postgres user
// when we are root (the directories are handed to it), else ourselves.
func credential(dirs ...string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root needs a 'postgres' user to run the server as: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	for _, d := range dirs {
		if err := os.Chown(d, uid, gid); err != nil {
			return nil, err
		}
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// binDir finds the newest installed PostgreSQL server binaries.
func binDir() (string, error) {
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		d := strings.TrimSpace(string(out))
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("no PostgreSQL server binaries (initdb) found")
}

func versionOf(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func lastLines(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 8 {
		lines = lines[len(lines)-8:]
	}
	return strings.Join(lines, "\n")
}
