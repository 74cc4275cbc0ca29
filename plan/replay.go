package plan

import (
	"context"
	"errors"
	"fmt"

	"studio/blueprint"
	"studio/database"
	"studio/introspect"
	"studio/migrations"
)

// ErrScratch wraps a failure to make the scratch database a replay
// needs (no server, no CREATEDB privilege, a --dev-url that is not empty).
var ErrScratch = errors.New("scratch database for the migrations")

// ReplayError is a migration of the folder that does not apply cleanly
// to the scratch database.
type ReplayError struct{ Err error }

func (e *ReplayError) Error() string {
	return "replaying the migrations folder failed: " + e.Err.Error()
}
func (e *ReplayError) Unwrap() error { return e.Err }

// Replay is a migrations folder applied, migration by migration, to a
// scratch database (SQLite in memory; PostgreSQL a throwaway database on
// the server, or the --dev-url database): what the folder builds, for
// generate, check and lint. Close drops it.
type Replay struct {
	scratch *blueprint.Scratch
	folder  *migrations.Folder
	applied int
}

// NewReplay makes the scratch database of server's dialect; nothing is
// applied yet. The error wraps ErrScratch.
func NewReplay(ctx context.Context, server *database.DB, devURL string, folder *migrations.Folder) (*Replay, error) {
	s, err := blueprint.NewScratch(ctx, server, devURL)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrScratch, err)
	}
	return &Replay{scratch: s, folder: folder}, nil
}

// DB is the scratch database.
func (r *Replay) DB() *database.DB { return r.scratch.DB }

// Applied is how many of the folder's migrations have been applied.
func (r *Replay) Applied() int { return r.applied }

// ApplyThrough applies the folder's migrations up to (not including)
// index n, in one run with studio migrate's guarantees; the ones already
// applied are skipped. A failing migration is a *ReplayError.
func (r *Replay) ApplyThrough(ctx context.Context, n int) error {
	n = min(n, len(r.folder.Migrations))
	if n <= r.applied {
		return nil
	}
	prefix := *r.folder
	prefix.Migrations = r.folder.Migrations[:n]
	// A journal whose `when` goes back is applied in journal order, as on
	// a fresh database: allow what looks out of order across the runs.
	if _, err := migrations.Apply(ctx, r.scratch.DB, &prefix, migrations.ApplyOptions{AllowOutOfOrder: true}); err != nil {
		return &ReplayError{Err: err}
	}
	r.applied = n
	return nil
}

// Model reads the scratch database's schema without Drizzle's history
// table.
func (r *Replay) Model(ctx context.Context) (*introspect.Model, error) {
	sd, err := ReadSide(ctx, r.scratch.DB)
	if err != nil {
		return nil, err
	}
	return sd.Model, nil
}

// Close drops the scratch database.
func (r *Replay) Close() { r.scratch.Close() }

// ReplayFolder applies every migration of the folder to a fresh scratch
// database and reads the schema they produce.
func ReplayFolder(ctx context.Context, server *database.DB, devURL string, folder *migrations.Folder) (*Side, error) {
	return ReplayThrough(ctx, server, devURL, folder, len(folder.Migrations))
}

// ReplayThrough applies the folder's first n migrations to a fresh
// scratch database and reads the schema they produce: the schema at that
// point of the folder (n = 0 is an empty database of the dialect). The
// scratch is dropped before it returns, so a --dev-url database can serve
// the next call.
func ReplayThrough(ctx context.Context, server *database.DB, devURL string, folder *migrations.Folder, n int) (*Side, error) {
	r, err := NewReplay(ctx, server, devURL, folder)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if err := r.ApplyThrough(ctx, n); err != nil {
		return nil, err
	}
	return ReadSide(ctx, r.scratch.DB)
}

// MigrationChanges replays the folder up to migration i (0-based) and
// then through it, in a fresh scratch database, and lists what that
// migration changes in the schema.
func MigrationChanges(ctx context.Context, server *database.DB, devURL string, folder *migrations.Folder, i int) ([]Change, error) {
	r, err := NewReplay(ctx, server, devURL, folder)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var models [2]*introspect.Model
	for k := range models {
		if err := r.ApplyThrough(ctx, i+k); err != nil {
			return nil, err
		}
		if models[k], err = r.Model(ctx); err != nil {
			return nil, err
		}
	}
	return Changes(models[0], models[1]), nil
}
