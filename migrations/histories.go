package migrations

import (
	"context"
	"fmt"
	"strings"

	"studio/database"
)

// HistoryRef is one history table found in a database.
type HistoryRef struct {
	// Schema is the PostgreSQL schema ("" on SQLite).
	Schema string `json:"schema,omitempty"`
	Table  string `json:"table"`
	// Columns are the table's columns; HasName marks drizzle-orm 1.0's
	// shape (name, applied_at).
	Columns []string `json:"columns"`
	HasName bool     `json:"hasName"`
	// Records counts its rows; Newest is the largest created_at.
	Records int   `json:"records"`
	Newest  int64 `json:"newest"`
}

// Config is the configuration that reads this history.
func (h HistoryRef) Config() Config { return Config{Table: h.Table, Schema: h.Schema} }

// Histories finds every table shaped like a Drizzle history (hash and
// created_at, nothing Drizzle does not write) in every schema: PostgreSQL
// projects may keep one per plugin schema next to drizzle's own.
func Histories(ctx context.Context, db *database.DB) ([]HistoryRef, error) {
	st, err := newStore(db)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, st.historiesSQL())
	if err != nil {
		return nil, fmt.Errorf("finding migration histories: %w", err)
	}
	var out []HistoryRef
	for rows.Next() {
		var h HistoryRef
		var cols string
		if err := rows.Scan(&h.Schema, &h.Table, &cols); err != nil {
			rows.Close()
			return nil, fmt.Errorf("finding migration histories: %w", err)
		}
		h.Columns = strings.Split(cols, ",")
		for _, c := range h.Columns {
			h.HasName = h.HasName || c == "name"
		}
		out = append(out, h)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("finding migration histories: %w", err)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("finding migration histories: %w", err)
	}
	for i := range out {
		if err := countRecords(ctx, db, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func countRecords(ctx context.Context, db *database.DB, h *HistoryRef) error {
	cfg := h.Config()
	var newest any
	err := db.QueryRowContext(ctx, "SELECT count(*), max(created_at) FROM "+cfg.qualified()).Scan(&h.Records, &newest)
	if err != nil {
		return fmt.Errorf("counting %s: %w", cfg.display(), err)
	}
	h.Newest, _ = toInt64(newest)
	return nil
}

// Records reads every row of the history table cfg names, in the order
// they were written; a missing table has none.
func Records(ctx context.Context, db *database.DB, cfg Config) ([]Record, error) {
	st, err := newStore(db)
	if err != nil {
		return nil, err
	}
	cfg, err = cfg.withDefaults(db.Target.Dialect)
	if err != nil {
		return nil, err
	}
	h, err := readHistory(ctx, db.DB, st, cfg)
	if err != nil {
		return nil, fmt.Errorf("migration records: %w", err)
	}
	return h.records, nil
}
