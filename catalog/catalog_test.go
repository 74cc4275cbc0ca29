package catalog_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"studio/catalog"
	"studio/database"
	"studio/internal/pgtest"
	"studio/introspect"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func open(t *testing.T, addr string) (*database.DB, introspect.Dialect) {
	t.Helper()
	tg, err := database.Parse(addr)
	if err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(context.Background(), tg, database.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d, err := introspect.For(db.Dialect())
	if err != nil {
		t.Fatal(err)
	}
	return db, d
}

func tables(m *introspect.Model) int {
	n := 0
	for _, s := range m.Schemas {
		n += len(s.Tables)
	}
	return n
}

func TestSQLiteSeesSchemaChangesAtOnce(t *testing.T) {
	ctx := context.Background()
	db, d := open(t, filepath.Join(t.TempDir(), "c.db"))
	c := catalog.New(db, d, time.Hour)
	m1, err := c.Model(ctx)
	if err != nil || tables(m1) != 0 {
		t.Fatalf("empty model: %v %v", tables(m1), err)
	}
	if m2, _ := c.Model(ctx); m2 != m1 {
		t.Error("an unchanged schema should be served from the cache")
	}
	// Another connection (another tool) changes the schema.
	if _, err := db.ExecContext(ctx, "CREATE TABLE t (id integer primary key)"); err != nil {
		t.Fatal(err)
	}
	m3, err := c.Model(ctx)
	if err != nil || tables(m3) != 1 {
		t.Fatalf("schema_version changed: want the new table, got %d (%v)", tables(m3), err)
	}
}

func TestPostgresRefreshesAfterTTLAndOnInvalidate(t *testing.T) {
	ctx := context.Background()
	db, d := open(t, pgtest.NewDatabase(t))
	c := catalog.New(db, d, 50*time.Millisecond)
	m1, err := c.Model(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "CREATE TABLE t (id int primary key)"); err != nil {
		t.Fatal(err)
	}
	if m, _ := c.Model(ctx); m != m1 {
		t.Error("within the TTL the cached model answers")
	}
	time.Sleep(60 * time.Millisecond)
	// The stale model answers at once while a refresh runs behind it.
	if m, _ := c.Model(ctx); m != m1 {
		t.Error("after the TTL the old model still answers first")
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		m, _ := c.Model(ctx)
		if tables(m) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the background refresh never brought the new table")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := db.ExecContext(ctx, "CREATE TABLE u (id int primary key)"); err != nil {
		t.Fatal(err)
	}
	c.Invalidate()
	if m, _ := c.Model(ctx); tables(m) != 2 {
		t.Errorf("after Invalidate the next read is fresh: %d tables", tables(m))
	}
}

func TestConcurrentFirstReadsShareOneLoad(t *testing.T) {
	ctx := context.Background()
	db, d := open(t, filepath.Join(t.TempDir(), "c.db"))
	c := catalog.New(db, d, 0)
	done := make(chan *introspect.Model, 8)
	for range 8 {
		go func() {
			m, err := c.Model(ctx)
			if err != nil {
				t.Error(err)
			}
			done <- m
		}()
	}
	for range 8 {
		if m := <-done; m == nil {
			t.Fatal("nil model")
		}
	}
}
