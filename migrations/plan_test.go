package migrations

import (
	"errors"
	"strings"
	"testing"

	"studio/database"
)

func TestPieces(t *testing.T) {
	tests := []struct {
		name    string
		dialect database.Dialect
		chunk   string
		want    string // pieces as kind:text, " | " between
	}{
		{"plain chunk is one piece", database.Postgres, "CREATE TABLE a (x int);\nINSERT INTO a VALUES (1);\n",
			"sql:CREATE TABLE a (x int);\nINSERT INTO a VALUES (1);\n"},
		{"dollar quoted DO block", database.Postgres, "DO $$ BEGIN CREATE TYPE t AS ENUM ('a'); EXCEPTION WHEN duplicate_object THEN null; END $$;",
			"sql:DO $$ BEGIN CREATE TYPE t AS ENUM ('a'); EXCEPTION WHEN duplicate_object THEN null; END $$;"},
		{"tagged dollar quote", database.Postgres, "CREATE FUNCTION f() RETURNS int AS $fn$ BEGIN RETURN 1; END; $fn$ LANGUAGE plpgsql;",
			"sql:CREATE FUNCTION f() RETURNS int AS $fn$ BEGIN RETURN 1; END; $fn$ LANGUAGE plpgsql;"},
		{"BEGIN ATOMIC body", database.Postgres, "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END;",
			"sql:CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END;"},
		{"strings and comments hide keywords", database.Postgres, "SELECT 'COMMIT;', E'it\\'s; COMMIT', \"COMMIT;\" /* COMMIT; /* nested */ COMMIT; */ -- COMMIT;\n;",
			"sql:SELECT 'COMMIT;', E'it\\'s; COMMIT', \"COMMIT;\" /* COMMIT; /* nested */ COMMIT; */ -- COMMIT;\n;"},
		{"latitude: BEGIN, statement, COMMIT", database.Postgres, "BEGIN;\nUPDATE t SET a = 1;\nCOMMIT;",
			"begin:BEGIN; | sql:\nUPDATE t SET a = 1; | commit:\nCOMMIT;"},
		{"concurrently split from its neighbours", database.Postgres, "ALTER TABLE t ADD c int;\nCREATE UNIQUE INDEX CONCURRENTLY i ON t (c);\nSELECT 1;",
			"sql:ALTER TABLE t ADD c int; | outside:\nCREATE UNIQUE INDEX CONCURRENTLY i ON t (c); | sql:\nSELECT 1;"},
		{"refresh concurrently is fine in a transaction", database.Postgres, "REFRESH MATERIALIZED VIEW CONCURRENTLY v;",
			"sql:REFRESH MATERIALIZED VIEW CONCURRENTLY v;"},
		{"drop index concurrently", database.Postgres, "DROP INDEX CONCURRENTLY IF EXISTS i;", "outside:DROP INDEX CONCURRENTLY IF EXISTS i;"},
		{"vacuum", database.Postgres, "VACUUM ANALYZE t", "outside:VACUUM ANALYZE t"},
		{"rollback to savepoint is ordinary", database.Postgres, "SAVEPOINT s; ROLLBACK TO SAVEPOINT s;", "sql:SAVEPOINT s; ROLLBACK TO SAVEPOINT s;"},
		{"rollback", database.Postgres, "ROLLBACK;", "rollback:ROLLBACK;"},
		{"sqlite trigger body", database.SQLite, "CREATE TRIGGER tr AFTER INSERT ON m BEGIN\n  INSERT INTO f VALUES (CASE WHEN new.x THEN 1 ELSE 0 END);\n  UPDATE g SET n = n + 1;\nEND;\nSELECT 1;",
			"sql:CREATE TRIGGER tr AFTER INSERT ON m BEGIN\n  INSERT INTO f VALUES (CASE WHEN new.x THEN 1 ELSE 0 END);\n  UPDATE g SET n = n + 1;\nEND;\nSELECT 1;"},
		{"homarr: COMMIT TRANSACTION", database.SQLite, "-- Custom SQL migration file\nCOMMIT TRANSACTION;\n", "commit:-- Custom SQL migration file\nCOMMIT TRANSACTION; | sql:\n"},
		{"sqlite quoting", database.SQLite, "SELECT `COMMIT;`, [COMMIT;], 'x';", "sql:SELECT `COMMIT;`, [COMMIT;], 'x';"},
		{"sqlite has no concurrently rule", database.SQLite, "VACUUM;", "sql:VACUUM;"},
	}
	kinds := map[stmtKind]string{kindSQL: "sql", kindBegin: "begin", kindCommit: "commit", kindRollback: "rollback", kindOutside: "outside"}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, p := range pieces(tc.chunk, tc.dialect) {
				got = append(got, kinds[p.kind]+":"+tc.chunk[p.start:p.end])
			}
			if g := strings.Join(got, " | "); g != tc.want {
				t.Fatalf("got  %q\nwant %q", g, tc.want)
			}
		})
	}
}

func TestPlanMigrationPolicy(t *testing.T) {
	m := newMigration("0001_x", "0001_x.sql", []byte(
		"COMMIT;\n--> statement-breakpoint\nBEGIN;\nALTER TABLE t ADD c int;--> statement-breakpoint\nCOMMIT;\n"+
			"--> statement-breakpoint\nCREATE INDEX CONCURRENTLY i ON t (c);\n--> statement-breakpoint\n\n"))
	acts := func(d database.Dialect) string {
		steps, err := planMigration(m, d)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range steps {
			out = append(out, []string{"run", "outside", "commit", "skip"}[s.act])
		}
		return strings.Join(out, " ")
	}
	// PostgreSQL: the first COMMIT leaves the run's transaction (commit
	// point); BEGIN..COMMIT inside the file pair up and are skipped.
	if got := acts(database.Postgres); got != "commit skip run skip outside" {
		t.Fatalf("postgres: %s", got)
	}
	// SQLite: all transaction control is skipped.
	if got := acts(database.SQLite); got != "skip skip run skip run" {
		t.Fatalf("sqlite: %s", got)
	}
	bad := newMigration("0002_r", "0002_r.sql", []byte("SELECT 1;\n--> statement-breakpoint\n\nROLLBACK;"))
	if _, err := planMigration(bad, database.Postgres); !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "line 4") {
		t.Fatalf("rollback: %v", err)
	}
}

func TestDryRunTextKeepsPositions(t *testing.T) {
	m := newMigration("x", "x.sql", []byte("CREATE INDEX CONCURRENTLY i ON t (c);"))
	steps, err := planMigration(m, database.Postgres)
	if err != nil || len(steps) != 1 {
		t.Fatal(steps, err)
	}
	got, ok := steps[0].dryRunText()
	if !ok || got != "CREATE INDEX              i ON t (c);" {
		t.Fatalf("%q %v", got, ok)
	}
}
