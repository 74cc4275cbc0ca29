package sqlite_test

import (
	"strings"
	"testing"

	"studio/internal/sqlitetest"
	"studio/plan"
)

// diffCase is a live schema with rows and a desired schema: the plan must
// match its golden file and, applied, give the desired schema without
// losing rows it did not declare.
type diffCase struct {
	name          string
	live, seed    string
	desired       string
	renames       map[string]string
	check         func(t *testing.T, p *plan.Plan)
	skipApply     bool
	wantNoChanges bool
}

const peopleSchema = `CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, age INTEGER);
CREATE INDEX people_email ON people (email);
`

const peopleRows = `INSERT INTO people (name, email, age) VALUES ('ann', 'a@x', 30), ('bob', NULL, NULL), ('cy', 'c@x', 7);`

var diffCases = []diffCase{
	{name: "unchanged_despite_quoting_case_and_comments",
		live:    peopleSchema,
		desired: "-- same table\ncreate table \"People\" (\n  `id` integer primary key,\n  [name] text not null, email text, age integer\n);\ncreate index PEOPLE_EMAIL on people(email);",
		seed:    peopleRows, wantNoChanges: true, skipApply: true},
	{name: "add_column_nullable", live: peopleSchema, seed: peopleRows,
		desired: strings.Replace(peopleSchema, "age INTEGER)", "age INTEGER, nickname TEXT COLLATE NOCASE)", 1)},
	{name: "add_column_not_null_with_default", live: peopleSchema, seed: peopleRows,
		desired: strings.Replace(peopleSchema, "age INTEGER)", "age INTEGER, score REAL NOT NULL DEFAULT -1.5)", 1)},
	{name: "add_column_virtual_generated_and_fk_null_default", live: peopleSchema, seed: peopleRows,
		desired: strings.Replace(peopleSchema, "age INTEGER)", "age INTEGER, age2 INTEGER AS (age * 2), boss INTEGER REFERENCES people(id))", 1)},
	{name: "add_column_not_null_without_default_rebuilds", live: peopleSchema,
		desired: strings.Replace(peopleSchema, "age INTEGER)", "age INTEGER, code TEXT NOT NULL)", 1)},
	{name: "add_column_unique_rebuilds", live: peopleSchema, seed: peopleRows,
		desired: strings.Replace(peopleSchema, "age INTEGER)", "age INTEGER, handle TEXT UNIQUE)", 1)},
	{name: "add_column_current_timestamp_rebuilds", live: peopleSchema, seed: peopleRows,
		desired: strings.Replace(peopleSchema, "age INTEGER)", "age INTEGER, created TEXT DEFAULT CURRENT_TIMESTAMP)", 1)},
	{name: "add_column_stored_generated_rebuilds", live: peopleSchema, seed: peopleRows,
		desired: strings.Replace(peopleSchema, "age INTEGER)", "age INTEGER, age2 INTEGER AS (age * 2) STORED)", 1)},
	{name: "add_column_in_the_middle_rebuilds", live: peopleSchema, seed: peopleRows,
		desired: strings.Replace(peopleSchema, "email TEXT,", "email TEXT, phone TEXT,", 1)},
	{name: "drop_column", live: peopleSchema, seed: peopleRows,
		desired: strings.Replace(peopleSchema, ", age INTEGER)", ")", 1)},
	{name: "drop_indexed_column_drops_index_first", live: peopleSchema, seed: peopleRows,
		desired: "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER);"},
	{name: "drop_column_named_in_check_rebuilds",
		live:    "CREATE TABLE t (id INTEGER PRIMARY KEY, lo INT, hi INT, CHECK (lo <= hi));",
		seed:    "INSERT INTO t VALUES (1, 1, 2);",
		desired: "CREATE TABLE t (id INTEGER PRIMARY KEY, lo INT);"},
	{name: "drop_fk_column_rebuilds",
		live:    peopleSchema + "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT, person INTEGER REFERENCES people(id));",
		seed:    peopleRows + "INSERT INTO notes VALUES (1, 'hi', 1);",
		desired: peopleSchema + "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"},
	{name: "drop_column_used_by_view",
		live:    peopleSchema + "CREATE VIEW adults AS SELECT name, age FROM people WHERE age >= 18;",
		seed:    peopleRows,
		desired: strings.Replace(peopleSchema, ", age INTEGER)", ")", 1) + "CREATE VIEW adults AS SELECT name FROM people;"},
	{name: "rename_column_with_option", live: peopleSchema, seed: peopleRows,
		desired: "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, mail TEXT, age INTEGER);\nCREATE INDEX people_email ON people (mail);",
		renames: map[string]string{"people.email": "mail"}},
	{name: "rename_and_retype_rebuilds_with_mapping", live: peopleSchema, seed: peopleRows,
		desired: "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, mail VARCHAR(200), age INTEGER);\nCREATE INDEX people_email ON people (mail);",
		renames: map[string]string{"main.people.email": "mail"}},
	{name: "drop_plus_add_is_shown_with_a_hint", live: peopleSchema, seed: peopleRows,
		desired: "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, years INTEGER);\nCREATE INDEX people_email ON people (email);",
		check: func(t *testing.T, p *plan.Plan) {
			if len(p.Hints) != 1 || !strings.Contains(p.Hints[0], "--rename people.age=years") {
				t.Errorf("hints = %q", p.Hints)
			}
		}},
	{name: "type_change_with_conversion_is_destructive", live: peopleSchema, seed: peopleRows,
		desired: strings.Replace(peopleSchema, "email TEXT", "email INTEGER", 1)},
	{name: "type_change_same_affinity_is_safe", live: peopleSchema, seed: peopleRows,
		desired: strings.Replace(peopleSchema, "email TEXT", "email VARCHAR(320)", 1)},
	{name: "not_null_added_with_default_fills_nulls", live: peopleSchema, seed: peopleRows,
		desired: strings.Replace(peopleSchema, "email TEXT", "email TEXT NOT NULL DEFAULT ''", 1)},
	{name: "not_null_added_without_default_is_destructive", live: peopleSchema,
		seed:    "INSERT INTO people (name, email) VALUES ('ann', 'a@x');",
		desired: strings.Replace(peopleSchema, "email TEXT", "email TEXT NOT NULL", 1)},
	{name: "fk_action_change_rebuilds_child",
		live:    peopleSchema + "CREATE TABLE notes (id INTEGER PRIMARY KEY, person INTEGER REFERENCES people(id) ON DELETE CASCADE);\nCREATE INDEX notes_person ON notes (person);",
		seed:    peopleRows + "INSERT INTO notes VALUES (1, 1), (2, 1), (3, 2);",
		desired: peopleSchema + "CREATE TABLE notes (id INTEGER PRIMARY KEY, person INTEGER REFERENCES people(id) ON DELETE SET NULL);\nCREATE INDEX notes_person ON notes (person);"},
	{name: "check_change_rebuilds", live: "CREATE TABLE t (id INTEGER PRIMARY KEY, n INT CHECK (n > 0));",
		seed: "INSERT INTO t VALUES (1, 5);", desired: "CREATE TABLE t (id INTEGER PRIMARY KEY, n INT CHECK (n > 1));"},
	{name: "pk_change_rebuilds_keeping_rowids", live: "CREATE TABLE t (a TEXT, b TEXT);",
		seed:    "INSERT INTO t VALUES ('x', '1'), ('y', '2'); DELETE FROM t WHERE a = 'x';",
		desired: "CREATE TABLE t (a TEXT, b TEXT, PRIMARY KEY (a, b));",
		check: func(t *testing.T, p *plan.Plan) {
			if !strings.Contains(render(p), `INSERT INTO "__new_t" (rowid, "a", "b") SELECT rowid, "a", "b" FROM "t"`) {
				t.Error("rowids are not carried over")
			}
		}},
	{name: "autoincrement_counter_kept",
		live:    "CREATE TABLE log (id INTEGER PRIMARY KEY AUTOINCREMENT, msg TEXT);",
		seed:    "INSERT INTO log (msg) VALUES ('a'), ('b'), ('c'); DELETE FROM log WHERE id = 3;",
		desired: "CREATE TABLE log (id INTEGER PRIMARY KEY AUTOINCREMENT, msg TEXT NOT NULL DEFAULT '');"},
	{name: "without_rowid_and_strict_rebuild", live: "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT);",
		seed: "INSERT INTO kv VALUES ('a', '1');", desired: "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID, STRICT;"},
	{name: "indexes_added_removed_changed", live: peopleSchema + "CREATE INDEX people_age ON people (age);\nCREATE INDEX people_name ON people (name);",
		seed:    peopleRows,
		desired: peopleSchema + "CREATE INDEX people_age ON people (age) WHERE age IS NOT NULL;\nCREATE UNIQUE INDEX people_lower_email ON people (lower(email));"},
	{name: "triggers_added_removed_changed",
		live: peopleSchema + "CREATE TABLE log (msg TEXT);\n" +
			"CREATE TRIGGER people_ai AFTER INSERT ON people BEGIN INSERT INTO log VALUES ('added ' || new.name); END;\n" +
			"CREATE TRIGGER people_ad AFTER DELETE ON people BEGIN INSERT INTO log VALUES ('gone'); END;",
		seed: peopleRows,
		desired: peopleSchema + "CREATE TABLE log (msg TEXT);\n" +
			"CREATE TRIGGER people_ai AFTER INSERT ON people BEGIN INSERT INTO log VALUES ('new ' || new.name); END;\n" +
			"CREATE TRIGGER people_au AFTER UPDATE ON people BEGIN INSERT INTO log VALUES (CASE WHEN new.age > old.age THEN 'older' ELSE 'same' END); END;"},
	{name: "views_changed_with_dependents",
		live: peopleSchema + "CREATE VIEW named AS SELECT id, name FROM people;\nCREATE VIEW named_a AS SELECT * FROM named WHERE name LIKE 'a%';\n" +
			"CREATE VIEW other AS SELECT 1 AS one;",
		seed: peopleRows,
		desired: peopleSchema + "CREATE VIEW named AS SELECT id, name, email FROM people;\nCREATE VIEW named_a AS SELECT * FROM named WHERE name LIKE 'a%';\n" +
			"CREATE VIEW other AS SELECT 1 AS one;"},
	{name: "rebuild_recreates_views_and_triggers_naming_the_table",
		live: peopleSchema + "CREATE TABLE log (msg TEXT);\nCREATE VIEW named AS SELECT name FROM people;\n" +
			"CREATE TRIGGER log_ai AFTER INSERT ON log BEGIN UPDATE people SET age = age + 1; END;\n" +
			"CREATE TRIGGER people_ai AFTER INSERT ON people BEGIN INSERT INTO log VALUES (new.name); END;",
		seed: peopleRows,
		desired: strings.Replace(peopleSchema, "age INTEGER", "age INTEGER CHECK (age >= 0)", 1) + "CREATE TABLE log (msg TEXT);\nCREATE VIEW named AS SELECT name FROM people;\n" +
			"CREATE TRIGGER log_ai AFTER INSERT ON log BEGIN UPDATE people SET age = age + 1; END;\n" +
			"CREATE TRIGGER people_ai AFTER INSERT ON people BEGIN INSERT INTO log VALUES (new.name); END;"},
	{name: "rebuilt_tables_whose_triggers_name_each_other",
		live: "CREATE TABLE a (id INTEGER PRIMARY KEY, n INT);\nCREATE TABLE b (id INTEGER PRIMARY KEY, n INT);\n" +
			"CREATE TRIGGER b_ai AFTER INSERT ON b BEGIN INSERT INTO a (n) VALUES (new.n); END;",
		seed: "INSERT INTO b (n) VALUES (1), (2);",
		desired: "CREATE TABLE a (id INTEGER PRIMARY KEY, n INT CHECK (n > 0));\nCREATE TABLE b (id INTEGER PRIMARY KEY, n INT CHECK (n > 0));\n" +
			"CREATE TRIGGER b_ai AFTER INSERT ON b BEGIN INSERT INTO a (n) VALUES (new.n); END;"},
	{name: "rebuild_names_quoted_every_way",
		live: "CREATE TABLE \"my \"\"odd\"\" table\" (a INT);\nCREATE TABLE [bracketed] (a INT);\nCREATE TABLE `back` (a INT);\n" +
			"CREATE TABLE 'literal' (a INT);\nCREATE TABLE main.qualified (a INT);",
		seed: "INSERT INTO \"my \"\"odd\"\" table\" VALUES (1); INSERT INTO bracketed VALUES (2); INSERT INTO back VALUES (3); " +
			"INSERT INTO literal VALUES (4); INSERT INTO qualified VALUES (5);",
		desired: "CREATE TABLE \"my \"\"odd\"\" table\" (a INT NOT NULL DEFAULT 0);\nCREATE TABLE [bracketed] (a INT NOT NULL DEFAULT 0);\n" +
			"CREATE TABLE `back` (a INT NOT NULL DEFAULT 0);\nCREATE TABLE 'literal' (a INT NOT NULL DEFAULT 0);\nCREATE TABLE main.qualified (a INT NOT NULL DEFAULT 0);"},
	{name: "rebuild_with_checks_qualified_by_the_table_name",
		live:      "CREATE TABLE `file_entry` (`id` text PRIMARY KEY NOT NULL, `origin` text NOT NULL,\n\tCONSTRAINT \"fe_origin_check\" CHECK(\"file_entry\".\"origin\" IN ('internal', 'external')));",
		seed:      "INSERT INTO file_entry VALUES ('a', 'internal');",
		desired:   "CREATE TABLE `file_entry` (`id` text PRIMARY KEY NOT NULL, `origin` text NOT NULL, `size` integer NOT NULL,\n\tCONSTRAINT \"fe_origin_check\" CHECK(\"file_entry\".\"origin\" IN ('internal', 'external', 'remote')));",
		skipApply: true},
	{name: "self_referencing_table_rebuild_keeps_the_tree",
		live:    "CREATE TABLE node (id INTEGER PRIMARY KEY, parent INT REFERENCES node(id) ON DELETE CASCADE, label TEXT);",
		seed:    "INSERT INTO node VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 2, 'b');",
		desired: "CREATE TABLE node (id INTEGER PRIMARY KEY, parent INT REFERENCES node(id) ON DELETE CASCADE, label TEXT NOT NULL DEFAULT '');"},
	{name: "instead_of_trigger_on_a_view_over_a_rebuilt_table",
		live: peopleSchema + "CREATE VIEW v AS SELECT id, name FROM people;\n" +
			"CREATE TRIGGER v_ins INSTEAD OF INSERT ON v BEGIN INSERT INTO people (name) VALUES (new.name); END;",
		seed: peopleRows,
		desired: strings.Replace(peopleSchema, "age INTEGER", "age INTEGER CHECK (age >= 0)", 1) + "CREATE VIEW v AS SELECT id, name FROM people;\n" +
			"CREATE TRIGGER v_ins INSTEAD OF INSERT ON v BEGIN INSERT INTO people (name) VALUES (new.name); END;"},
	{name: "tables_created_and_dropped_in_fk_order",
		live: "CREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE b (id INTEGER PRIMARY KEY, a INT REFERENCES a(id));\n" +
			"CREATE TABLE c (id INTEGER PRIMARY KEY, b INT REFERENCES b(id));\nCREATE VIEW cv AS SELECT * FROM c;",
		seed: "INSERT INTO a VALUES (1); INSERT INTO b VALUES (1, 1); INSERT INTO c VALUES (1, 1);",
		desired: "CREATE TABLE z (id INTEGER PRIMARY KEY, y INT REFERENCES y(id));\nCREATE TABLE y (id INTEGER PRIMARY KEY, x INT REFERENCES x(id));\n" +
			"CREATE TABLE x (id INTEGER PRIMARY KEY);\nCREATE VIEW zv AS SELECT * FROM z JOIN y ON z.y = y.id;"},
	{name: "kind_change_view_to_table", live: "CREATE TABLE t (a INT);\nCREATE VIEW v AS SELECT a FROM t;",
		seed: "INSERT INTO t VALUES (1);", desired: "CREATE TABLE t (a INT);\nCREATE TABLE v (a INT);"},
	{name: "fts_external_content_added_indexes_existing_rows",
		live: peopleSchema, seed: peopleRows,
		desired: peopleSchema + "CREATE VIRTUAL TABLE people_fts USING fts5(name, email, content='people', content_rowid='id');"},
	{name: "fts_external_content_changed_is_reindexed",
		live:    peopleSchema + "CREATE VIRTUAL TABLE people_fts USING fts5(name, content='people', content_rowid='id');",
		seed:    peopleRows + "INSERT INTO people_fts(people_fts) VALUES ('rebuild');",
		desired: peopleSchema + "CREATE VIRTUAL TABLE people_fts USING fts5(name, email, content='people', content_rowid='id');"},
	{name: "fts_own_content_changed_is_copied",
		live:    "CREATE VIRTUAL TABLE docs USING fts5(title, body);",
		seed:    "INSERT INTO docs (rowid, title, body) VALUES (7, 'hello', 'world'), (9, 'bye', 'moon');",
		desired: "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'porter unicode61');"},
	{name: "fts_dropped",
		live:    "CREATE VIRTUAL TABLE docs USING fts5(title);\n" + peopleSchema + "CREATE VIRTUAL TABLE people_fts USING fts5(name, content='people', content_rowid='id');",
		seed:    "INSERT INTO docs VALUES ('x');",
		desired: peopleSchema},
	{name: "content_table_rebuild_reindexes_fts_and_keeps_sync_triggers",
		live: peopleSchema + "CREATE VIRTUAL TABLE people_fts USING fts5(name, content='people', content_rowid='id');\n" +
			"CREATE TRIGGER people_fts_ai AFTER INSERT ON people BEGIN INSERT INTO people_fts(rowid, name) VALUES (new.id, new.name); END;",
		seed: peopleRows + "INSERT INTO people_fts(people_fts) VALUES ('rebuild');",
		desired: strings.Replace(peopleSchema, "email TEXT", "email TEXT NOT NULL DEFAULT ''", 1) +
			"CREATE VIRTUAL TABLE people_fts USING fts5(name, content='people', content_rowid='id');\n" +
			"CREATE TRIGGER people_fts_ai AFTER INSERT ON people BEGIN INSERT INTO people_fts(rowid, name) VALUES (new.id, new.name); END;"},
}

func TestDiffSQLite(t *testing.T) {
	for _, c := range diffCases {
		t.Run(c.name, func(t *testing.T) {
			db := sqlitetest.New(t)
			mustExec(t, db, c.live)
			mustExec(t, db, c.seed)
			desired := mustDesired(t, db, c.desired)
			p, err := plan.Diff(mustInspect(t, db), desired, plan.Options{Renames: c.renames})
			if err != nil {
				t.Fatal(err)
			}
			if c.wantNoChanges != p.Empty() {
				t.Errorf("plan empty = %v, want %v:\n%s", p.Empty(), c.wantNoChanges, render(p))
			}
			checkGolden(t, c.name, render(p))
			checkSteps(t, p)
			if c.check != nil {
				c.check(t, p)
			}
			if !c.skipApply {
				mustPush(t, db, desired, plan.Options{Renames: c.renames})
			}
		})
	}
}

// checkSteps checks what every step must carry.
func checkSteps(t *testing.T, p *plan.Plan) {
	t.Helper()
	for i, s := range p.Steps {
		if s.SQL == "" || s.Action == "" || s.ObjectKind == "" || s.Object == "" || s.Table == "" || s.Reason == "" {
			t.Errorf("step %d lacks a field: %+v", i, s)
		}
		if strings.HasSuffix(strings.TrimSpace(s.SQL), ";") {
			t.Errorf("step %d ends with a semicolon: %s", i, s.SQL)
		}
		if s.Destructive && s.CountSQL == "" && s.ObjectKind != "view" {
			t.Errorf("destructive step %d says nothing of what is at stake: %+v", i, s)
		}
	}
}
