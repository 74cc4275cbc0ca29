package migrations

import (
	"context"
	"fmt"
	"time"

	"studio/database"
)

// State is where one migration stands.
type State string

// States.
const (
	// Applied: recorded, and the file's hash matches the record.
	Applied State = "applied"
	// Pending: not recorded, after every recorded migration in run order
	// and (journal layout) newer than the newest record: the next run of
	// studio or of drizzle-orm's migrator applies it.
	Pending State = "pending"
	// Modified: recorded, but the file changed since (hash differs).
	Modified State = "modified"
	// Missing: recorded, but no file in the folder.
	Missing State = "missing"
	// OutOfOrder: not recorded, and it cannot simply run next: an applied
	// migration comes after it in run order, or (journal layout) its
	// `when` is not later than the newest recorded created_at, so
	// drizzle-orm's migrator would skip it forever. Only an unrecorded
	// migration can be out of order; MigrationStatus.OutOfOrder says why.
	OutOfOrder State = "out-of-order"
)

// Report is a folder compared with a database's history.
type Report struct {
	Folder      string            `json:"folder"`
	Layout      Layout            `json:"layout"`
	Table       string            `json:"table"`
	Dialect     database.Dialect  `json:"dialect"`
	TableExists bool              `json:"tableExists"`
	Migrations  []MigrationStatus `json:"migrations"`
	Summary     Summary           `json:"summary"`
	Problems    []Problem         `json:"problems,omitempty"`
	Ignored     []string          `json:"ignored,omitempty"`
}

// Summary counts migrations per state.
type Summary struct {
	Applied    int `json:"applied"`
	Pending    int `json:"pending"`
	Modified   int `json:"modified"`
	Missing    int `json:"missing"`
	OutOfOrder int `json:"outOfOrder"`
}

// MigrationStatus is one line of a Report.
type MigrationStatus struct {
	Name string `json:"name"`
	// Hash is the file's hash (the recorded one for Missing).
	Hash  string `json:"hash"`
	State State  `json:"state"`
	// CreatedAt is the recorded created_at when there is a record, else
	// the file's (journal `when` or folder time), in ms.
	CreatedAt int64  `json:"createdAt"`
	File      string `json:"file,omitempty"`
	// RecordedHash is the hash in the database when it differs (Modified).
	RecordedHash string `json:"recordedHash,omitempty"`
	// AppliedAt is when it ran, where the table keeps it.
	AppliedAt *time.Time `json:"appliedAt,omitempty"`
	// Duplicates counts extra records of the same migration (it was
	// applied more than once, as concurrent Drizzle runs can do).
	Duplicates int `json:"duplicates,omitempty"`
	// SkippedByDrizzle marks a journal migration that drizzle-orm's own
	// migrator would never run here: its `when` is not after the newest
	// recorded created_at. Such a migration is always OutOfOrder.
	SkippedByDrizzle bool `json:"skippedByDrizzle,omitempty"`
	// OutOfOrder explains the OutOfOrder state: why, and what
	// drizzle-orm's migrator and studio do with it (nil otherwise).
	OutOfOrder *OutOfOrderInfo `json:"outOfOrder,omitempty"`

	migration *Migration
}

// Migration is the folder's migration behind this line (nil for Missing).
func (s MigrationStatus) Migration() *Migration { return s.migration }

// InSync reports whether every migration is applied and nothing is off.
func (r *Report) InSync() bool {
	return r.Summary.Pending == 0 && !r.Drifted()
}

// Drifted reports modified, missing or out-of-order migrations.
func (r *Report) Drifted() bool {
	return r.Summary.Modified+r.Summary.Missing+r.Summary.OutOfOrder > 0
}

// Pending lists what a run would apply, in run order (out-of-order ones
// included, in their folder position).
func (r *Report) Pending() []*Migration {
	var out []*Migration
	for _, s := range r.Migrations {
		if s.State == Pending || s.State == OutOfOrder {
			out = append(out, s.migration)
		}
	}
	return out
}

// Applied lists the folder's migrations the history records (applied,
// or modified since), in folder order: what built the database, as far as
// the folder knows.
func (r *Report) Applied() []*Migration {
	var out []*Migration
	for _, s := range r.Migrations {
		if (s.State == Applied || s.State == Modified) && s.migration != nil {
			out = append(out, s.migration)
		}
	}
	return out
}

// Status compares folder f with the database's history table. It only
// reads: a missing table means every migration is pending.
func Status(ctx context.Context, db *database.DB, f *Folder, cfg Config) (*Report, error) {
	st, err := newStore(db)
	if err != nil {
		return nil, err
	}
	if err := checkDialect(f, db); err != nil {
		return nil, err
	}
	cfg, err = cfg.withDefaults(db.Target.Dialect)
	if err != nil {
		return nil, err
	}
	h, err := readHistory(ctx, db.DB, st, cfg)
	if err != nil {
		return nil, fmt.Errorf("migration status: %w", err)
	}
	return buildReport(f, h, cfg, db.Target.Dialect), nil
}

func buildReport(f *Folder, h *history, cfg Config, dialect database.Dialect) *Report {
	r := &Report{Folder: f.Dir, Layout: f.Layout, Table: cfg.display(), Dialect: dialect,
		TableExists: h.exists, Problems: f.Problems, Ignored: f.Ignored, Migrations: []MigrationStatus{}}
	mt := matchRecords(f, h.records)
	order := newOrderCheck(f, h.records, mt)
	for i, m := range f.Migrations {
		s := MigrationStatus{Name: m.Name, Hash: m.Hash, CreatedAt: m.CreatedAt, File: m.File,
			Duplicates: mt.duplicates[i], migration: m, State: Pending}
		if rec := mt.byFile[i]; rec != nil {
			s.State, s.CreatedAt, s.AppliedAt = Applied, rec.CreatedAt, rec.AppliedAt
			if rec.Hash != m.Hash {
				s.State, s.RecordedHash = Modified, rec.Hash
			}
		} else if info := order.check(i); info != nil {
			s.State, s.OutOfOrder, s.SkippedByDrizzle = OutOfOrder, info, info.Drizzle == DrizzleSkips
		}
		r.Migrations = append(r.Migrations, s)
	}
	for _, rec := range mt.missing {
		r.Migrations = insertMissing(r.Migrations, MigrationStatus{Name: rec.Name, Hash: rec.Hash,
			State: Missing, CreatedAt: rec.CreatedAt, AppliedAt: rec.AppliedAt})
	}
	r.Summary = summarize(r.Migrations)
	return r
}

// insertMissing places a missing record before the first migration with a
// later created_at, so the list reads in time order where it can.
func insertMissing(list []MigrationStatus, s MigrationStatus) []MigrationStatus {
	if s.Name == "" {
		s.Name = fmt.Sprintf("(created_at %d)", s.CreatedAt)
	}
	at := len(list)
	for i, x := range list {
		if x.CreatedAt > s.CreatedAt {
			at = i
			break
		}
	}
	list = append(list, MigrationStatus{})
	copy(list[at+1:], list[at:])
	list[at] = s
	return list
}

func summarize(list []MigrationStatus) Summary {
	var s Summary
	for _, m := range list {
		switch m.State {
		case Applied:
			s.Applied++
		case Pending:
			s.Pending++
		case Modified:
			s.Modified++
		case Missing:
			s.Missing++
		case OutOfOrder:
			s.OutOfOrder++
		}
	}
	return s
}
