package review

import (
	"slices"
	"strings"
	"testing"

	"studio/internal/sqlitetest"
)

// ruleCase is one rule checked both ways on a real database: pos must
// raise the code, neg (the safe way, or the same statement where the
// data is clean) must not.
type ruleCase struct {
	code     string
	pos, neg string
	opts     Options
}

// codes lists the codes of the warnings, suppressed ones marked.
func codes(ws []Warning) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Code
		if w.Suppressed {
			out[i] += "(suppressed)"
		}
	}
	return out
}

func TestRulesPostgres(t *testing.T) {
	db := mustOpenPostgres(t, postgresSchema+`
CREATE TABLE dups (id int PRIMARY KEY, email text, code text, parent int, qty int, amount text, flag text);
INSERT INTO dups VALUES (1, 'a@x', 'A', 1, 5, '12', 'yes'), (2, 'a@x', 'B', 99, -1, 'x1', 'maybe'), (3, NULL, NULL, NULL, NULL, NULL, NULL);
CREATE TABLE clean (id int PRIMARY KEY, email text, parent int);
INSERT INTO clean VALUES (1, 'a@x', 1), (2, 'b@x', 2);
CREATE TABLE checked (id int PRIMARY KEY, v text, CONSTRAINT v_nn CHECK (v IS NOT NULL));
INSERT INTO checked VALUES (1, 'x');
CREATE TABLE stamps (id int PRIMARY KEY, at timestamptz);
INSERT INTO stamps VALUES (1, now());
ANALYZE;
`)
	model := liveModel(t, db, "postgres")
	cases := []ruleCase{
		{code: "unique-duplicates", pos: "CREATE UNIQUE INDEX d_email ON dups (email);", neg: "CREATE UNIQUE INDEX c_email ON clean (email);"},
		{code: "unique-duplicates", pos: "ALTER TABLE dups ADD CONSTRAINT d_u UNIQUE (email);", neg: "ALTER TABLE dups ADD CONSTRAINT d_u UNIQUE (code);"},
		{code: "fk-orphans", pos: "ALTER TABLE dups ADD CONSTRAINT d_fk FOREIGN KEY (parent) REFERENCES clean (id);",
			neg: "ALTER TABLE dups ADD CONSTRAINT d_fk FOREIGN KEY (parent) REFERENCES clean (id) NOT VALID;"},
		{code: "fk-orphans", pos: "ALTER TABLE dups ADD CONSTRAINT d_fk FOREIGN KEY (parent) REFERENCES clean (id) NOT VALID;\nALTER TABLE dups VALIDATE CONSTRAINT d_fk;",
			neg: "ALTER TABLE clean ADD CONSTRAINT c_fk FOREIGN KEY (parent) REFERENCES clean (id);"},
		{code: "check-violations", pos: "ALTER TABLE dups ADD CONSTRAINT q CHECK (qty > 0);", neg: "ALTER TABLE dups ADD CONSTRAINT q CHECK (qty > -5);"},
		{code: "primary-key-nulls", pos: "ALTER TABLE dups DROP CONSTRAINT dups_pkey;\nALTER TABLE dups ADD PRIMARY KEY (code);", neg: "ALTER TABLE clean ADD CONSTRAINT c_u UNIQUE (email);"},
		{code: "set-not-null-nulls", pos: "ALTER TABLE dups ALTER COLUMN email SET NOT NULL;", neg: "ALTER TABLE clean ALTER COLUMN email SET NOT NULL;"},
		{code: "set-not-null-scan", pos: "ALTER TABLE clean ALTER COLUMN email SET NOT NULL;", neg: "ALTER TABLE checked ALTER COLUMN v SET NOT NULL;"},
		{code: "set-not-null-scan", pos: "ALTER TABLE clean ADD CONSTRAINT e_nn CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE clean ALTER COLUMN email SET NOT NULL;",
			neg: "ALTER TABLE clean ADD CONSTRAINT e_nn CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE clean VALIDATE CONSTRAINT e_nn;\nALTER TABLE clean ALTER COLUMN email SET NOT NULL;"},
		{code: "type-change-fails", pos: `ALTER TABLE dups ALTER COLUMN amount TYPE integer USING amount::integer;`, neg: `ALTER TABLE clean ALTER COLUMN id TYPE bigint;`},
		{code: "type-change-fails", pos: `ALTER TABLE clean ALTER COLUMN email TYPE integer;`, neg: `ALTER TABLE clean ALTER COLUMN email TYPE varchar(10);`},
		{code: "type-change-fails", pos: `ALTER TABLE dups ALTER COLUMN flag TYPE boolean USING flag::boolean;`, neg: `ALTER TABLE dups ALTER COLUMN code TYPE varchar(1);`},
		{code: "type-change-rewrite", pos: "SET TimeZone = 'Europe/Paris';\nALTER TABLE stamps ALTER COLUMN at TYPE timestamp;",
			neg: "SET TimeZone = 'UTC';\nALTER TABLE stamps ALTER COLUMN at TYPE timestamp;"},
		{code: "validate-same-transaction", pos: "ALTER TABLE clean ADD CONSTRAINT p CHECK (parent > 0) NOT VALID;\nALTER TABLE clean VALIDATE CONSTRAINT p;",
			neg: "ALTER TABLE clean ADD CONSTRAINT p CHECK (parent > 0) NOT VALID;\nCOMMIT;\nALTER TABLE clean VALIDATE CONSTRAINT p;"},
		{code: "add-column-unique", pos: "ALTER TABLE users ADD COLUMN handle text UNIQUE;", neg: "ALTER TABLE users ADD COLUMN handle text;"},
		{code: "drop-foreign-key", pos: "ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey;", neg: "ALTER TABLE users DROP CONSTRAINT IF EXISTS nothing;"},
		{code: "reindex-not-concurrent", pos: "REINDEX TABLE users;", neg: "COMMIT;\nREINDEX TABLE CONCURRENTLY users;"},
		{code: "concurrently-in-transaction", pos: "REINDEX TABLE CONCURRENTLY users;", neg: "COMMIT;\nREINDEX TABLE CONCURRENTLY users;"},
		{code: "detach-partition-not-concurrent", pos: "ALTER TABLE users DETACH PARTITION users_2024;", neg: "COMMIT;\nALTER TABLE users DETACH PARTITION users_2024 CONCURRENTLY;"},
		{code: "vacuum-full-or-cluster", pos: "VACUUM FULL users;", neg: "VACUUM users;"},
		{code: "vacuum-full-or-cluster", pos: "CLUSTER users USING users_pkey;", neg: "ANALYZE users;"},
		{code: "drop-database", pos: "DROP DATABASE other;", neg: "DROP TABLE IF EXISTS nothing_here;"},
		{code: "domain-constraint", pos: "CREATE DOMAIN pos AS int CHECK (VALUE > 0);", neg: "CREATE DOMAIN plain AS int;"},
		{code: "domain-constraint", pos: "ALTER DOMAIN pos ADD CONSTRAINT p CHECK (VALUE > 0);", neg: "ALTER DOMAIN pos RENAME TO positive;"},
		{code: "truncate-cascade", pos: "TRUNCATE users CASCADE;", neg: "TRUNCATE orders;"},
		{code: "uncommitted-transaction", pos: "BEGIN;\nCREATE TABLE x (a int);", neg: "BEGIN;\nCREATE TABLE x (a int);\nCOMMIT;"},
		{code: "duplicate-column-assignment", pos: "UPDATE users SET nick = 'a', nick = 'b' WHERE id = 1;", neg: "UPDATE users SET nick = 'a', big = 1 WHERE id = 1;"},
		{code: "require-lock-timeout", pos: "ALTER TABLE users ADD COLUMN x text;", neg: "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN x text;"},
		{code: "require-statement-timeout", pos: "CREATE INDEX ON users (big);", neg: "SET statement_timeout = '5min';\nCREATE INDEX ON users (big);"},
		{code: "prefer-text-field", pos: "CREATE TABLE s (a varchar(20));", neg: "CREATE TABLE s (a text);",
			opts: Options{Rules: map[string]string{"prefer-text-field": "warning"}}},
		{code: "prefer-text-field", pos: "", neg: "CREATE TABLE s (a varchar(20));"}, // off by default
		{code: "prefer-bigint", pos: "CREATE TABLE s (a integer);", neg: "CREATE TABLE s (a bigint);", opts: Options{Rules: map[string]string{"prefer-bigint": "info"}}},
		{code: "prefer-identity", pos: "CREATE TABLE s (id bigserial);", neg: "CREATE TABLE s (id bigint GENERATED ALWAYS AS IDENTITY);", opts: Options{Rules: map[string]string{"prefer-identity": "info"}}},
		{code: "prefer-timestamptz", pos: "CREATE TABLE s (at timestamp);", neg: "CREATE TABLE s (at timestamptz);", opts: Options{Rules: map[string]string{"prefer-timestamptz": "info"}}},
		{code: "ban-char-field", pos: "CREATE TABLE s (c char(3));", neg: "CREATE TABLE s (c text);", opts: Options{Rules: map[string]string{"ban-char-field": "info"}}},
		{code: "identifier-too-long", pos: "CREATE TABLE " + strings.Repeat("t", 64) + " (a text);", neg: "CREATE TABLE " + strings.Repeat("t", 63) + " (a text);",
			opts: Options{Rules: map[string]string{"identifier-too-long": "info"}}},
		{code: "prefer-robust-stmts", pos: "CREATE TABLE s (a text);", neg: "CREATE TABLE IF NOT EXISTS s (a text);", opts: Options{Rules: map[string]string{"prefer-robust-stmts": "info"}}},
		{code: "require-table-schema", pos: "CREATE TABLE s (a text);", neg: "CREATE TABLE public.s (a text);", opts: Options{Rules: map[string]string{"require-table-schema": "info"}}},
		{code: "drop-table", pos: "DROP TABLE orders;", neg: "-- studio-ignore: drop-table the orders moved to billing\nDROP TABLE orders;"},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			check := func(sql string, want bool) {
				if sql == "" {
					return
				}
				ws, err := tc.opts.Analyze(testContext(t), db, "postgres", model, chunks("0001.sql", sql))
				if err != nil {
					t.Fatal(err)
				}
				if got := slices.Contains(codes(ws), tc.code); got != want {
					t.Errorf("%q: %s raised=%v, want %v; got %v", sql, tc.code, got, want, codes(ws))
				}
			}
			check(tc.pos, true)
			check(tc.neg, false)
		})
	}
}

func TestRulesSQLite(t *testing.T) {
	db := sqlitetest.New(t, sqliteSchema+`
CREATE TABLE dups (id integer PRIMARY KEY, email text, note text, parent integer);
INSERT INTO dups VALUES (1, 'a@x', NULL, 1), (2, 'a@x', 'n', 99);
CREATE TABLE tagged (id integer PRIMARY KEY, label text, body text);
CREATE INDEX tagged_label ON tagged (label);
CREATE TRIGGER authors_log AFTER INSERT ON authors BEGIN INSERT INTO tagged (label) VALUES (new.name); END;
`).DB
	model := liveModel(t, db, "sqlite")
	rebuild := func(def, sel string) string {
		return "PRAGMA foreign_keys=OFF;\nCREATE TABLE `__new_dups` (" + def + ");\n" +
			"INSERT INTO `__new_dups`(" + sel + ") SELECT " + sel + " FROM `dups`;\nDROP TABLE `dups`;\n" +
			"ALTER TABLE `__new_dups` RENAME TO `dups`;\nPRAGMA foreign_keys=ON;"
	}
	cases := []ruleCase{
		{code: "unique-duplicates", pos: "CREATE UNIQUE INDEX d_email ON dups (email);", neg: "CREATE UNIQUE INDEX d_note ON dups (note);"},
		{code: "unique-duplicates", pos: "CREATE UNIQUE INDEX d_email ON dups (lower(email));", neg: "CREATE UNIQUE INDEX d_email ON dups (email) WHERE id > 1;"},
		{code: "rebuild-not-null-copy", pos: rebuild("`id` integer PRIMARY KEY, `email` text, `note` text NOT NULL, `parent` integer", "`id`, `email`, `note`, `parent`"),
			neg: rebuild("`id` integer PRIMARY KEY, `email` text NOT NULL, `note` text, `parent` integer", "`id`, `email`, `note`, `parent`")},
		{code: "unique-duplicates", pos: rebuild("`id` integer PRIMARY KEY, `email` text UNIQUE, `note` text, `parent` integer", "`id`, `email`, `note`, `parent`"),
			neg: rebuild("`id` integer PRIMARY KEY, `email` text, `note` text UNIQUE, `parent` integer", "`id`, `email`, `note`, `parent`")},
		{code: "fk-orphans", pos: rebuild("`id` integer PRIMARY KEY, `email` text, `note` text, `parent` integer REFERENCES `authors`(`id`)", "`id`, `email`, `note`, `parent`"),
			neg: rebuild("`id` integer PRIMARY KEY, `email` text, `note` text, `parent` integer", "`id`, `email`, `note`, `parent`")},
		{code: "check-violations", pos: rebuild("`id` integer PRIMARY KEY, `email` text, `note` text, `parent` integer, CHECK (`parent` < 50)", "`id`, `email`, `note`, `parent`"),
			neg: rebuild("`id` integer PRIMARY KEY, `email` text, `note` text, `parent` integer, CHECK (`parent` > 0)", "`id`, `email`, `note`, `parent`")},
		{code: "drop-column-indexed", pos: "ALTER TABLE tagged DROP COLUMN label;", neg: "ALTER TABLE tagged DROP COLUMN body;"},
		{code: "drop-column-indexed", pos: "ALTER TABLE posts DROP COLUMN author_id;", neg: "DROP INDEX tagged_label;\nALTER TABLE tagged DROP COLUMN label;"},
		{code: "drop-table-breaks-view", pos: "DROP VIEW IF EXISTS nothing;\nDROP TABLE comments;\nDROP TABLE posts;", neg: "DROP VIEW recent;\nDROP TABLE comments;\nDROP TABLE posts;"},
		{code: "drop-table-breaks-trigger", pos: "DROP TABLE tagged;", neg: "DROP TRIGGER authors_log;\nDROP TABLE tagged;"},
		{code: "add-column-not-null", pos: "ALTER TABLE dups ADD COLUMN k text NOT NULL;", neg: "ALTER TABLE dups ADD COLUMN k text NOT NULL DEFAULT '';"},
		{code: "pragma-in-transaction", pos: "PRAGMA foreign_keys=OFF;", neg: "COMMIT;\nPRAGMA foreign_keys=OFF;\nBEGIN;"},
		{code: "pragma-in-transaction", pos: "COMMIT;\nPRAGMA foreign_keys=OFF;\nBEGIN;", neg: "PRAGMA foreign_keys=ON;", opts: Options{D1: true}},
		{code: "drop-column", pos: "ALTER TABLE dups DROP COLUMN note;", neg: "ALTER TABLE dups DROP COLUMN note;", opts: Options{Rules: map[string]string{"drop-column": "off"}}},
	}
	for _, tc := range cases {
		t.Run(tc.code, func(t *testing.T) {
			check := func(sql string, want bool, opts Options) {
				ws, err := opts.Analyze(testContext(t), db, "sqlite", model, chunks("0001.sql", sql))
				if err != nil {
					t.Fatal(err)
				}
				if got := slices.Contains(codes(ws), tc.code); got != want {
					t.Errorf("%q: %s raised=%v, want %v; got %v", sql, tc.code, got, want, codes(ws))
				}
			}
			pos := tc.opts
			if tc.code == "drop-column" {
				pos = Options{}
			}
			check(tc.pos, true, pos)
			check(tc.neg, false, tc.opts)
		})
	}
}

// TestSuppression checks studio-ignore comments: above the statement, in
// the chunk before a breakpoint, several codes, and that the finding is
// still returned, marked, with the reason.
func TestSuppression(t *testing.T) {
	db := sqlitetest.New(t, sqliteSchema).DB
	model := liveModel(t, db, "sqlite")
	sql := "-- studio-ignore: drop-table, cascade-delete authors are archived elsewhere\n" +
		"-- a second comment line\nDROP TABLE authors;\n--> statement-breakpoint\n" +
		"-- studio-ignore: drop-column\n--> statement-breakpoint\nALTER TABLE posts DROP COLUMN body;\n--> statement-breakpoint\n" +
		"DROP TABLE comments; -- studio-ignore: drop-table too late: after the statement"
	ws, err := Analyze(testContext(t), db, "sqlite", model, chunks("0001.sql", sql))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		want := w.Code == "drop-table" && w.Line == 3 || w.Code == "cascade-delete" || w.Code == "drop-column"
		if w.Suppressed != want {
			t.Errorf("L%d %s suppressed=%v, want %v", w.Line, w.Code, w.Suppressed, want)
		}
		if w.Code == "drop-table" && w.Line == 3 && w.Reason != "authors are archived elsewhere" {
			t.Errorf("reason %q", w.Reason)
		}
	}
	if _, err := (Options{Rules: map[string]string{"no-such-rule": "off"}}).Analyze(testContext(t), db, "sqlite", model, nil); err == nil {
		t.Error("an unknown code in Rules was accepted")
	}
}

// TestEveryRuleHasItsFields keeps the registry complete.
func TestEveryRuleHasItsFields(t *testing.T) {
	for _, r := range Rules() {
		if r.Title == "" || r.Explanation == "" || r.Safe == "" || len(r.Dialects) == 0 || SeverityRank(r.Severity) == 0 || r.Kind == "" {
			t.Errorf("rule %s is incomplete: %+v", r.Code, r)
		}
	}
}
