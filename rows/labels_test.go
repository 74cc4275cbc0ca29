package rows_test

import (
	"context"
	"testing"

	"studio/database"
	"studio/introspect"
	"studio/rows"
)

// labelsFixture: albums point at artists (labelled by Name), tracks at
// albums (Title) and at a media type with no text column (no label);
// users are labelled by display_name rather than email.
func labelsFixture(dialect database.Dialect) []string {
	serial := "INTEGER PRIMARY KEY"
	if dialect == database.Postgres {
		serial = "integer PRIMARY KEY"
	}
	return []string{
		`CREATE TABLE "Artist" ("ArtistId" ` + serial + `, "Name" varchar(120))`,
		`CREATE TABLE "Album" ("AlbumId" ` + serial + `, "Title" varchar(160) NOT NULL, "ArtistId" integer NOT NULL REFERENCES "Artist")`,
		`CREATE TABLE media (id ` + serial + `, bitrate integer)`,
		`CREATE TABLE users (id text PRIMARY KEY, email text, display_name text)`,
		`CREATE TABLE "Track" ("TrackId" ` + serial + `, "Name" text, "AlbumId" integer REFERENCES "Album", media_id integer REFERENCES media, owner text REFERENCES users)`,
		`INSERT INTO "Artist" VALUES (1, 'AC/DC'), (2, 'Accept'), (3, NULL)`,
		`INSERT INTO "Album" VALUES (1, 'For Those About To Rock', 1), (2, 'Balls to the Wall', 2), (3, 'Restless and Wild', 2), (4, 'Untitled', 3)`,
		`INSERT INTO media VALUES (1, 128)`,
		`INSERT INTO users VALUES ('u1', 'a@x', 'Ann'), ('u2', 'b@x', '')`,
		`INSERT INTO "Track" VALUES (1, 'a', 1, 1, 'u1'), (2, 'b', 2, 1, 'u2'), (3, 'c', 3, NULL, NULL), (4, 'd', 2, 1, 'u1'), (5, 'e', NULL, 1, NULL), (6, 'f', 4, 1, 'u1')`,
	}
}

func TestFetchLabelsSQLite(t *testing.T)   { fetchLabels(t, database.SQLite) }
func TestFetchLabelsPostgres(t *testing.T) { fetchLabels(t, database.Postgres) }

func fetchLabels(t *testing.T, dialect database.Dialect) {
	db := openDB(t, dialect, labelsFixture(dialect)...)
	ctx := context.Background()
	d, err := introspect.For(db.Dialect())
	if err != nil {
		t.Fatal(err)
	}
	m, err := d.Inspect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	schema := schemaOf(dialect)
	track, err := rows.NewTable(m, schema, "Track")
	if err != nil {
		t.Fatal(err)
	}
	p, err := track.Fetch(ctx, db, rows.Query{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	labels, err := track.FetchLabels(ctx, db, m, p.Rows, func(string) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		col, key, want string
	}{
		{"AlbumId", "1", "For Those About To Rock"}, {"AlbumId", "2", "Balls to the Wall"}, {"AlbumId", "3", "Restless and Wild"},
		{"AlbumId", "4", "Untitled"}, {"owner", "u1", "Ann"},
		{"owner", "u2", ""}, // an empty label is no label
	} {
		if got := labels.Of(c.col, rows.Value{Text: c.key}); got != c.want {
			t.Errorf("%s = %s: label %q, want %q", c.col, c.key, got, c.want)
		}
	}
	if _, ok := labels["media_id"]; ok {
		t.Error("media has no text column: no labels")
	}
	if got := labels.Of("AlbumId", rows.Value{Null: true}); got != "" {
		t.Errorf("NULL has no label: %q", got)
	}
	// Hidden columns are not looked up.
	labels, err = track.FetchLabels(ctx, db, m, p.Rows, func(c string) bool { return c != "AlbumId" })
	if err != nil || labels["AlbumId"] != nil || labels["owner"] == nil {
		t.Errorf("hidden AlbumId: %v %v", labels, err)
	}
	// The album's own page labels its artists; an artist without a name has none.
	album, err := rows.NewTable(m, schema, "Album")
	if err != nil {
		t.Fatal(err)
	}
	p, err = album.Fetch(ctx, db, rows.Query{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	labels, err = album.FetchLabels(ctx, db, m, p.Rows, func(string) bool { return true })
	if err != nil || labels.Of("ArtistId", rows.Value{Text: "1"}) != "AC/DC" || labels.Of("ArtistId", rows.Value{Text: "3"}) != "" {
		t.Errorf("album labels %v %v", labels, err)
	}
}

func TestLabelColumn(t *testing.T) {
	cols := func(specs ...string) []introspect.Column {
		var out []introspect.Column
		for i := 0; i < len(specs); i += 2 {
			out = append(out, introspect.Column{Name: specs[i], Type: specs[i+1]})
		}
		return out
	}
	for _, c := range []struct {
		name    string
		dialect database.Dialect
		table   introspect.Table
		want    string
	}{
		{"artist", "sqlite", introspect.Table{Columns: cols("ArtistId", "INTEGER", "Name", "NVARCHAR(120)"), PrimaryKey: []string{"ArtistId"}}, "Name"},
		{"a name beats the first text", "postgres", introspect.Table{Columns: cols("id", "uuid", "email", "text", "display_name", "text"), PrimaryKey: []string{"id"}}, "display_name"},
		{"title", "postgres", introspect.Table{Columns: cols("id", "bigint", "slug", "character varying(40)", "title", "text"), PrimaryKey: []string{"id"}}, "title"},
		{"a *_name column", "sqlite", introspect.Table{Columns: cols("id", "TEXT", "note", "TEXT", "company_name", "TEXT"), PrimaryKey: []string{"id"}}, "company_name"},
		{"first text otherwise", "sqlite", introspect.Table{Columns: cols("id", "INTEGER", "n", "INTEGER", "body", "CLOB", "more", "TEXT"), PrimaryKey: []string{"id"}}, "body"},
		{"not the key, not a foreign key", "postgres", introspect.Table{Columns: cols("code", "text", "parent", "text", "blurb", "text"), PrimaryKey: []string{"code"},
			ForeignKeys: []introspect.ForeignKey{{Columns: []string{"parent"}}}}, "blurb"},
		{"no text column", "postgres", introspect.Table{Columns: cols("id", "integer", "data", "jsonb", "n", "numeric"), PrimaryKey: []string{"id"}}, ""},
		{"SQLite affinity", "sqlite", introspect.Table{Columns: cols("id", "INTEGER", "blob", "BLOB", "label", "VARCHAR"), PrimaryKey: []string{"id"}}, "label"},
	} {
		if got := rows.LabelColumn(c.dialect, &c.table); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
