package plan

import (
	"context"

	"studio/database"
	"studio/migrations"
)

// Drift is how a live database differs from its migrations folder
// replayed through the migrations its history records, as Atlas's
// `migrate drift` and Prisma's shadow database tell it: what was changed
// by hand (a hotfix) and never written as a migration.
type Drift struct {
	// Through is the last migration replayed; "" when none is applied.
	Through string `json:"through"`
	// Changes turn the replayed schema into the live one; none is no
	// drift.
	Changes []Change `json:"changes"`
}

// LiveDrift replays, in a scratch database of server (devURL: see
// NewReplay), the folder's migrations rep records as applied, and
// compares the schema they build with live's, leaving out the history
// table cfg names and, on both sides, what scope does not manage (a
// project's filters: nil manages everything). A migration that does not replay is a *ReplayError; a
// scratch that cannot be made wraps ErrScratch.
func LiveDrift(ctx context.Context, live, server *database.DB, devURL string, folder *migrations.Folder, rep *migrations.Report, cfg migrations.Config, scope Scope) (*Drift, error) {
	applied := *folder
	applied.Migrations = rep.Applied()
	d := &Drift{Changes: []Change{}}
	if n := len(applied.Migrations); n > 0 {
		d.Through = applied.Migrations[n-1].Name
	}
	want, err := ReplayFolder(ctx, server, devURL, &applied)
	if err != nil {
		return nil, err
	}
	got, err := ReadSide(ctx, live)
	if err != nil {
		return nil, err
	}
	withoutHistoryOf(got.Model, cfg)
	want.Limit(scope)
	got.Limit(scope)
	if cs := Changes(want.Model, got.Model); cs != nil {
		d.Changes = cs
	}
	return d, nil
}
