package introspect

import (
	"fmt"
	"strings"
)

// pgManyTables is SQL for n tables of 10 columns, each with a primary key,
// a foreign key to the previous table (the first to itself) and an index,
// as one multi-statement string so a fixture is built in one round trip.
func pgManyTables(n int) string {
	var b strings.Builder
	b.WriteString("BEGIN;\n")
	for i := range n {
		ref := fmt.Sprintf("t%04d", max(i-1, 0))
		fmt.Fprintf(&b, `CREATE TABLE t%04d (
  id serial PRIMARY KEY, parent_id integer REFERENCES %s (id) ON DELETE CASCADE,
  name text NOT NULL, email varchar(200), score numeric(8,2) DEFAULT 0, active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(), note text, payload jsonb, rank integer CHECK (rank > 0));
CREATE INDEX t%04d_name_idx ON t%04d (name);
`, i, ref, i, i)
	}
	b.WriteString("COMMIT;\n")
	return b.String()
}

// sqliteManyTables is the SQLite counterpart of pgManyTables.
func sqliteManyTables(n int) string {
	var b strings.Builder
	b.WriteString("BEGIN;\n")
	for i := range n {
		ref := fmt.Sprintf("t%04d", max(i-1, 0))
		fmt.Fprintf(&b, `CREATE TABLE t%04d (
  id integer PRIMARY KEY, parent_id integer REFERENCES %s (id) ON DELETE CASCADE,
  name text NOT NULL, email varchar(200), score numeric DEFAULT 0, active integer NOT NULL DEFAULT 1,
  created_at text NOT NULL DEFAULT CURRENT_TIMESTAMP, note text, payload blob, rank integer CHECK (rank > 0));
CREATE INDEX t%04d_name_idx ON t%04d (name);
INSERT INTO t%04d (name) VALUES ('a'), ('b');
`, i, ref, i, i, i)
	}
	b.WriteString("COMMIT;\n")
	return b.String()
}
