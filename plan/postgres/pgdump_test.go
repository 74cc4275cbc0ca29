package postgres_test

import (
	"path/filepath"
	"testing"

	"studio/database"
)

// dumpDir holds public schemas as pg_dump wrote them (see its README).
var dumpDir = filepath.Join("testdata", "pgdump")

// TestPushPgDumpPostgres pushes real public schemas as pg_dump wrote them
// (Pagila: domains, an enum, a partitioned table, views, a materialized
// view, triggers, PL/pgSQL and SQL functions, an aggregate, functions
// returning a table's rows; zync: a check calling a function, a function
// taking a table's row, trigger functions, an unlogged table) onto an
// empty database, onto their own earlier states and back: each time the
// database comes out as desired, a second push has nothing to do, and
// only the values the plan declared are gone.
func TestPushPgDumpPostgres(t *testing.T) {
	cases := []struct{ name, current, earlier string }{
		{"pagila", "pagila-schema.sql", "pagila-schema-2020.sql"},
		{"zync", "zync-structure.sql", "zync-structure-2021.sql"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			current := mustReadFile(t, filepath.Join(dumpDir, c.current))
			earlier := mustReadFile(t, filepath.Join(dumpDir, c.earlier))

			empty := mustOpenPostgres(t)
			want := mustLoad(t, empty, current)
			mustPush(t, empty, want, nil)

			live := mustOpenPostgres(t)
			execDump(t, live, earlier)
			mustPush(t, live, want, nil)

			// And back: what the earlier state did not have is dropped.
			mustPush(t, live, mustLoad(t, live, earlier), nil)
			assertNoScratch(t, live)
		})
	}
}

// TestPushPagilaEditedPostgres pushes Pagila onto a copy of itself that
// lost a table (and with it the views, keys and triggers that used it), a
// function returning a table's rows, a materialized view and a trigger,
// and whose domain, aggregate state function and a view changed.
func TestPushPagilaEditedPostgres(t *testing.T) {
	current := mustReadFile(t, filepath.Join(dumpDir, "pagila-schema.sql"))
	live := mustOpenPostgres(t)
	execDump(t, live, current)
	mustExec(t, live, `
DROP TABLE public.staff CASCADE;
DROP FUNCTION public.rewards_report(integer, numeric);
DROP MATERIALIZED VIEW public.rental_by_category;
DROP TRIGGER last_updated ON public.actor;
ALTER DOMAIN public.year DROP CONSTRAINT year_check;
ALTER DOMAIN public.year ADD CONSTRAINT year_check CHECK (VALUE >= 1800);
ALTER DOMAIN public."bıgınt" SET NOT NULL;
CREATE OR REPLACE FUNCTION public._group_concat(text, text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $_$ SELECT coalesce($1 || ' | ' || $2, $1, $2) $_$;
DROP VIEW public.customer_list;
CREATE VIEW public.customer_list AS SELECT cu.customer_id AS id FROM public.customer cu;
ALTER TABLE public.film DROP COLUMN special_features;
`)
	// film.special_features comes back last: compare columns in any order.
	mustPushOrdered(t, live, mustLoad(t, live, current), nil, false)
}

// execDump runs a pg_dump file on db. The file empties search_path for
// its session; RESET ALL gives the pooled connection back as it was.
func execDump(t testing.TB, db *database.DB, dump string) {
	t.Helper()
	mustExec(t, db, dump+"\nRESET ALL;")
}
