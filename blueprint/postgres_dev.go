package blueprint

import (
	"context"
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"studio/database"
)

//go:embed postgres_objects.sql
var pgObjectsQuery string

// pgObject is a user object as DROP wants it: kind and quoted name.
type pgObject struct{ kind, name string }

func (o pgObject) String() string { return strings.ToLower(o.kind) + " " + o.name }

// openDevScratch connects to the --dev-url database, which must hold no
// user objects (extensions aside), and returns a scratch whose Close drops
// everything created in it since.
func openDevScratch(ctx context.Context, devURL, path string) (*Scratch, error) {
	t, err := database.Parse(devURL)
	if err != nil {
		return nil, fmt.Errorf("--dev-url: %w", err)
	}
	if t.Dialect != database.Postgres {
		return nil, fmt.Errorf("--dev-url must be a PostgreSQL database, not %s", t)
	}
	connString, err := withDatabase(t.ConnString, "", path)
	if err != nil {
		return nil, err
	}
	db, err := openTarget(ctx, connString)
	if err != nil {
		return nil, fmt.Errorf("--dev-url: %w", err)
	}
	before, err := pgObjects(ctx, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	var extensions []pgObject
	var held []string
	for _, o := range before {
		if o.kind == "EXTENSION" {
			extensions = append(extensions, o)
		} else {
			held = append(held, o.String())
		}
	}
	if len(held) > 0 {
		db.Close()
		return nil, fmt.Errorf("%w: %s holds %s; the dev database is filled and cleared on every run, so give an empty one",
			ErrDevNotEmpty, t, strings.Join(held[:min(len(held), 5)], ", "))
	}
	s := &Scratch{DB: db}
	s.exec = func(ctx context.Context, f File) error { return execPG(ctx, db, f) }
	s.close = func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
		defer cancel()
		_ = clearDev(ctx, db, extensions)
		db.Close()
	}
	return s, nil
}

// pgObjects lists the user objects of db.
func pgObjects(ctx context.Context, db *database.DB) ([]pgObject, error) {
	rows, err := db.QueryContext(ctx, pgObjectsQuery)
	if err != nil {
		return nil, fmt.Errorf("listing the dev database's objects: %w", err)
	}
	defer rows.Close()
	var out []pgObject
	for rows.Next() {
		var o pgObject
		if err := rows.Scan(&o.kind, &o.name); err != nil {
			return nil, fmt.Errorf("listing the dev database's objects: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing the dev database's objects: %w", err)
	}
	return out, nil
}

// clearDev drops, in one transaction, every user object of the dev
// database but the extensions it started with: schemas first (with their
// contents), then new extensions, then what is left in public.
func clearDev(ctx context.Context, db *database.DB, keep []pgObject) error {
	objs, err := pgObjects(ctx, db)
	if err != nil {
		return err
	}
	order := []string{"SCHEMA", "EXTENSION", "VIEW", "MATERIALIZED VIEW", "FOREIGN TABLE", "TABLE", "SEQUENCE",
		"PROCEDURE", "AGGREGATE", "FUNCTION", "DOMAIN", "TYPE"}
	slices.SortStableFunc(objs, func(a, b pgObject) int {
		return slices.Index(order, a.kind) - slices.Index(order, b.kind)
	})
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("clearing the dev database: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	for _, o := range objs {
		if slices.Contains(keep, o) {
			continue
		}
		if _, err := tx.ExecContext(ctx, "DROP "+o.kind+" IF EXISTS "+o.name+" CASCADE"); err != nil {
			return fmt.Errorf("clearing the dev database: %w", err)
		}
	}
	return tx.Commit()
}
