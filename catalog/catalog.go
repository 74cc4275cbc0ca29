// Package catalog keeps the introspected schema model of the studio's
// database in memory, so per-request pages (the row grid above all) skip
// the catalog queries. SQLite entries are checked against PRAGMA
// schema_version on every use (microseconds); PostgreSQL has no such
// counter, so its entry is served for TTL and then refreshed in the
// background while the old one keeps answering. Writers that change the
// schema (migrate, push) call Invalidate.
package catalog

import (
	"context"
	"fmt"
	"sync"
	"time"

	"studio/database"
	"studio/introspect"
)

// DefaultTTL is how long a PostgreSQL model is served before a background
// refresh.
const DefaultTTL = 3 * time.Second

// Cache holds one database's model. The zero value is not usable; build it
// with New.
type Cache struct {
	db      *database.DB
	dialect introspect.Dialect
	ttl     time.Duration

	mu         sync.Mutex
	model      *introspect.Model
	version    int64 // SQLite schema_version the model was read at
	readAt     time.Time
	refreshing bool
	loading    chan struct{} // closed when a synchronous load finishes
}

// New returns a cache for db, read through d. ttl <= 0 means DefaultTTL.
func New(db *database.DB, d introspect.Dialect, ttl time.Duration) *Cache {
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	return &Cache{db: db, dialect: d, ttl: ttl}
}

// Model returns the whole model. Callers must not modify it.
func (c *Cache) Model(ctx context.Context) (*introspect.Model, error) {
	if c.db.Dialect() == database.SQLite {
		return c.sqliteModel(ctx)
	}
	c.mu.Lock()
	m, readAt := c.model, c.readAt
	if m != nil && time.Since(readAt) > c.ttl && !c.refreshing {
		c.refreshing = true
		go c.refresh()
	}
	c.mu.Unlock()
	if m != nil {
		return m, nil
	}
	return c.load(ctx, 0)
}

// Invalidate drops the model; the next Model call reads the catalog.
func (c *Cache) Invalidate() {
	c.mu.Lock()
	c.model = nil
	c.mu.Unlock()
}

func (c *Cache) sqliteModel(ctx context.Context) (*introspect.Model, error) {
	var v int64
	st, err := c.db.Prepared(ctx, "PRAGMA schema_version")
	if err != nil {
		return nil, fmt.Errorf("read schema version: %w", err)
	}
	if err := st.QueryRowContext(ctx).Scan(&v); err != nil {
		return nil, fmt.Errorf("read schema version: %w", err)
	}
	c.mu.Lock()
	m, have := c.model, c.version
	c.mu.Unlock()
	if m != nil && have == v {
		return m, nil
	}
	return c.load(ctx, v)
}

// load reads the catalog once for every caller waiting at the same time.
func (c *Cache) load(ctx context.Context, version int64) (*introspect.Model, error) {
	c.mu.Lock()
	if ch := c.loading; ch != nil {
		c.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		c.mu.Lock()
		m := c.model
		c.mu.Unlock()
		if m != nil {
			return m, nil
		}
		return c.read(ctx, version)
	}
	ch := make(chan struct{})
	c.loading = ch
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.loading = nil
		c.mu.Unlock()
		close(ch)
	}()
	return c.read(ctx, version)
}

func (c *Cache) read(ctx context.Context, version int64) (*introspect.Model, error) {
	m, err := c.dialect.Inspect(ctx, c.db)
	if err != nil {
		return nil, fmt.Errorf("inspect schema: %w", err)
	}
	c.mu.Lock()
	c.model, c.version, c.readAt = m, version, time.Now()
	c.mu.Unlock()
	return m, nil
}

// refresh re-reads a PostgreSQL model in the background; on failure the
// old model stays and the next use after TTL tries again.
func (c *Cache) refresh() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	m, err := c.dialect.Inspect(ctx, c.db)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refreshing = false
	if err == nil && c.model != nil {
		c.model, c.readAt = m, time.Now()
	}
}
