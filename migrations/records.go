package migrations

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Record is one row of a history table.
type Record struct {
	// ID is the id column; nil where it is NULL (Drizzle's SQLite table
	// declares it SERIAL, which SQLite does not fill).
	ID *int64 `json:"id,omitempty"`
	// Hash is the SHA-256 hex of the file when it was applied.
	Hash string `json:"hash"`
	// CreatedAt is the migration's journal `when` or folder time in ms
	// (not the time it ran).
	CreatedAt int64 `json:"createdAt"`
	// Name is the folder name (drizzle-orm 1.0 tables); empty when NULL
	// or when the table has no name column.
	Name string `json:"name,omitempty"`
	// AppliedAt is when it ran, where the table keeps it.
	AppliedAt *time.Time `json:"appliedAt,omitempty"`
	// seq is the insertion order: id on PostgreSQL, rowid on SQLite.
	seq int64
}

// history is what a history table holds.
type history struct {
	exists     bool
	hasName    bool
	hasApplied bool
	records    []Record
}

// queryer is what reading a history needs: a *sql.DB, *sql.Conn or *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// readHistory reads the history table named by cfg; a missing table is an
// empty history, not an error.
func readHistory(ctx context.Context, q queryer, st store, cfg Config) (*history, error) {
	cols, err := queryStrings(ctx, q, st.columnsSQL(), st.columnsArg(cfg))
	if err != nil {
		return nil, fmt.Errorf("reading the columns of %s: %w", cfg.display(), err)
	}
	h := &history{exists: len(cols) > 0}
	if !h.exists {
		return h, nil
	}
	sel := []string{"id", "hash", "created_at", st.seqColumn()}
	for _, c := range cols {
		switch strings.ToLower(c) {
		case "name":
			h.hasName = true
			sel = append(sel, `"name"`)
		case "applied_at":
			h.hasApplied = true
			sel = append(sel, `"applied_at"`)
		}
	}
	query := "SELECT " + strings.Join(sel, ", ") + " FROM " + cfg.qualified() + " ORDER BY " + st.seqColumn()
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", cfg.display(), err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRecord(rows, h)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", cfg.display(), err)
		}
		h.records = append(h.records, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", cfg.display(), err)
	}
	return h, nil
}

func scanRecord(rows *sql.Rows, h *history) (Record, error) {
	var (
		id        sql.NullInt64
		hash      sql.NullString
		created   any
		seq       int64
		name      sql.NullString
		applied   any
		dest      = []any{&id, &hash, &created, &seq}
		r         Record
		createdOK bool
	)
	if h.hasName {
		dest = append(dest, &name)
	}
	if h.hasApplied {
		dest = append(dest, &applied)
	}
	if err := rows.Scan(dest...); err != nil {
		return r, err
	}
	if id.Valid {
		r.ID = &id.Int64
	}
	r.Hash, r.Name, r.seq = hash.String, name.String, seq
	if r.CreatedAt, createdOK = toInt64(created); !createdOK && created != nil {
		return r, fmt.Errorf("created_at %v is not a number", created)
	}
	r.AppliedAt = toTime(applied)
	return r, nil
}

// toInt64 reads a numeric column whatever type the driver gives it.
func toInt64(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case float64:
		return int64(x), true
	case []byte:
		return parseNumber(string(x))
	case string:
		return parseNumber(x)
	}
	return 0, false
}

func parseNumber(s string) (int64, bool) {
	if i, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
		return i, true
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return int64(f), err == nil
}

// toTime reads applied_at: timestamptz on PostgreSQL, ISO text on SQLite.
func toTime(v any) *time.Time {
	var s string
	switch x := v.(type) {
	case time.Time:
		return &x
	case string:
		s = x
	case []byte:
		s = string(x)
	default:
		return nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return &t
		}
	}
	return nil
}

func queryStrings(ctx context.Context, q queryer, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
