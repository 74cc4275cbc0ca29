package handlers

import (
	"errors"
	"sync"

	"studio/catalog"
	"studio/database"
	"studio/introspect"
)

// ErrNotConfigured is returned by routes that need a database before one
// has been chosen.
var ErrNotConfigured = errors.New("no database configured yet: open /setup")

// ErrAlreadyConfigured is returned by a second set-up.
var ErrAlreadyConfigured = errors.New("a database is already configured")

// current holds the studio's database. It starts empty when nothing is
// configured and is set once, by set-up, without a restart.
type current struct {
	mu      sync.RWMutex
	db      *database.DB
	dialect introspect.Dialect
	cache   *catalog.Cache
	// name is the database's label: its name and where its address came
	// from ("app · drizzle.config.ts · .env").
	name string
}

// get returns the database and its introspection dialect, or
// ErrNotConfigured.
func (c *current) get() (*database.DB, introspect.Dialect, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.db == nil {
		return nil, nil, ErrNotConfigured
	}
	return c.db, c.dialect, nil
}

func (c *current) configured() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.db != nil
}

// label is the installed database's label ("" when none).
func (c *current) label() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.name
}

// set installs db with its label; it fails when one is already installed.
func (c *current) set(db *database.DB, label string) error {
	d, err := introspect.For(db.Dialect())
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.db != nil {
		return ErrAlreadyConfigured
	}
	c.db, c.dialect, c.cache, c.name = db, d, catalog.New(db, d, 0), label
	return nil
}

// catalog returns the database and its cached schema model.
func (c *current) catalog() (*database.DB, *catalog.Cache, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.db == nil {
		return nil, nil, ErrNotConfigured
	}
	return c.db, c.cache, nil
}

// schemaChanged drops the cached schema after the studio itself changed
// it (migrate, push), so the next page reads the new one at once.
func (h *Handler) schemaChanged() {
	if _, cache, err := h.db.catalog(); err == nil {
		cache.Invalidate()
	}
}
