package handlers_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"studio/database"
	"studio/internal/pgtest"
)

// sheetSQL is the grid fixture of issue 12: 130 albums (more than a page
// of 100) pointing at artists
// (labelled by name), a UUID, epoch milliseconds (released_at) and
// seconds (updated_at) as Drizzle stores them, seven-digit counts, JSON, a
// blob and one long multi-line note: ten columns. {{...}} are the
// dialect's spellings.
const sheetSQL = `
CREATE TABLE artists (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO artists VALUES (1, 'AC/DC'), (2, 'Accept'), (3, 'Aerosmith'), (4, 'Alanis Morissette'), (5, 'Alice In Chains');
CREATE TABLE albums (
  id integer PRIMARY KEY,
  title text NOT NULL,
  artist_id integer REFERENCES artists(id),
  uid text NOT NULL,
  released_at {{bigint}},
  updated_at {{bigint}},
  plays {{bigint}},
  meta {{json}},
  cover {{blob}},
  note text
);
INSERT INTO albums
SELECT i, 'Album ' || i, ((i - 1) % 5) + 1, {{uuid}},
  1737969443621 + CAST(i AS bigint) * 86400000, 1737969443 + i * 3600, 1117033 + i * 1000,
  {{meta}}, {{cover}},
  CASE WHEN i = 1 THEN {{long}} ELSE 'note ' || i END
FROM {{series}};
`

func sheetScript(dialect database.Dialect) string {
	long := strings.Repeat("a long note that wraps ", 20)
	r := strings.NewReplacer(
		"{{bigint}}", "INTEGER", "{{json}}", "TEXT", "{{blob}}", "BLOB",
		"{{uuid}}", "printf('%08x-0000-4000-8000-%012x', i * 7919, i)",
		"{{meta}}", `'{"tracks":' || i || ',"tags":["rock","live"],"label":{"name":"Atlantic"}}'`,
		"{{cover}}", "x'00ff10deadbeef'",
		"{{long}}", "'"+long+"' || char(10) || 'second line'",
		"{{series}}", "(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 130) SELECT i FROM s)")
	if dialect == database.Postgres {
		r = strings.NewReplacer(
			"{{bigint}}", "bigint", "{{json}}", "jsonb", "{{blob}}", "bytea",
			"{{uuid}}", "lpad(to_hex(i * 7919), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(i), 12, '0')",
			"{{meta}}", `('{"tracks":' || i || ',"tags":["rock","live"],"label":{"name":"Atlantic"}}')::jsonb`,
			"{{cover}}", `'\x00ff10deadbeef'::bytea`,
			"{{long}}", "'"+long+"' || chr(10) || 'second line'",
			"{{series}}", "generate_series(1, 130) AS s(i)")
	}
	return r.Replace(sheetSQL)
}

// sheetDB opens a fresh database of the dialect holding the sheet
// fixture; schema is the grid's schema there.
func sheetDB(tb testing.TB, dialect database.Dialect) (db *database.DB, schema string) {
	tb.Helper()
	ctx := context.Background()
	tg, schema := database.Target{Dialect: database.SQLite, Path: filepath.Join(tb.TempDir(), "sheet.db")}, "main"
	if dialect == database.Postgres {
		var err error
		if tg, err = database.Parse(pgtest.NewDatabase(tb)); err != nil {
			tb.Fatal(err)
		}
		schema = "public"
	}
	db, err := database.Open(ctx, tg, database.Options{Create: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.ExecContext(ctx, sheetScript(dialect)); err != nil {
		tb.Fatal(err)
	}
	return db, schema
}
