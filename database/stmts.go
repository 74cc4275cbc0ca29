package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// maxStmts bounds the prepared statements a DB keeps; past it the cache
// starts over (pages use a handful of shapes, so it rarely fills).
const maxStmts = 256

// stmtCache keeps prepared statements by their text. SQLite spends a good
// part of a small page's time parsing its SQL; database/sql's *sql.Stmt
// prepares once per pooled connection and is safe for concurrent use.
// (PostgreSQL needs none of this: pgx caches prepared statements per
// connection itself.)
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// Prepared returns a prepared statement for query, kept for reuse until
// the DB is closed. Use it for the studio's own statements, whose text
// repeats with different parameters, never for user SQL.
func (d *DB) Prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	c := &d.stmts
	c.mu.Lock()
	st, ok := c.m[query]
	c.mu.Unlock()
	if ok {
		return st, nil
	}
	st, err := d.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[query]; ok {
		st.Close()
		return old, nil
	}
	if c.m == nil || len(c.m) >= maxStmts {
		for _, s := range c.m {
			s.Close()
		}
		c.m = map[string]*sql.Stmt{}
	}
	c.m[query] = st
	return st, nil
}

// Close closes the kept statements, then the pool.
func (d *DB) Close() error {
	c := &d.stmts
	c.mu.Lock()
	var errs []error
	for _, s := range c.m {
		errs = append(errs, s.Close())
	}
	c.m = nil
	c.mu.Unlock()
	if err := d.DB.Close(); err != nil {
		errs = append(errs, fmt.Errorf("close database: %w", err))
	}
	return errors.Join(errs...)
}
