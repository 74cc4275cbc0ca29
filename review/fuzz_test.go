package review

import (
	"context"
	"strings"
	"testing"

	"studio/database"
	"studio/introspect"
)

// handModel is a hand-built live schema: a parent with a cascading child,
// triggers, a view and an external-content FTS5 index, and an enum.
func handModel(dialect database.Dialect) *introspect.Model {
	schema := "main"
	if dialect == "postgres" {
		schema = "public"
	}
	col := func(name, typ string) introspect.Column {
		return introspect.Column{Name: name, Type: typ, Nullable: true}
	}
	return &introspect.Model{Dialect: dialect, Schemas: []introspect.Schema{{
		Name:  schema,
		Enums: []introspect.Enum{{Name: "mood", Values: []string{"sad", "ok", "happy"}}},
		Tables: []introspect.Table{
			{Name: "posts", Kind: introspect.KindTable, RowEstimate: 50000,
				Columns:  []introspect.Column{col("id", "integer"), col("title", "text"), col("body", "varchar(200)"), col("m", "mood")},
				Indexes:  []introspect.Index{{Name: "posts_title_idx", Columns: []string{"title"}}},
				Triggers: []introspect.Trigger{{Name: "posts_ai", SQL: "CREATE TRIGGER posts_ai AFTER INSERT ON posts BEGIN SELECT 1; END"}}},
			{Name: "comments", Kind: introspect.KindTable, RowEstimate: -1,
				Columns: []introspect.Column{col("id", "integer"), col("post_id", "integer")},
				ForeignKeys: []introspect.ForeignKey{{Name: "c_fk", Columns: []string{"post_id"}, RefSchema: schema,
					RefTable: "posts", RefColumns: []string{"id"}, OnDelete: "CASCADE"}}},
			{Name: "recent", Kind: introspect.KindView, Definition: `SELECT id FROM "posts"`},
			{Name: "posts_fts", Kind: introspect.KindVirtual, Module: "fts5",
				DDL: "CREATE VIRTUAL TABLE posts_fts USING fts5(title, content='posts', content_rowid='id')"},
		},
	}}}
}

// TestAnalyzeHandModel runs the model-based checks with no database: the
// objects are named from the model and every count is unknown.
func TestAnalyzeHandModel(t *testing.T) {
	ctx := context.Background()
	ws, err := Analyze(ctx, nil, "sqlite", handModel("sqlite"), chunks("0001.sql", drizzleRebuild))
	if err != nil {
		t.Fatal(err)
	}
	checkWarnings(t, ws, []want{
		{1, KindTransaction, SeverityInfo, -1, "PRAGMA foreign_keys=OFF"},
		{11, KindRebuild, SeverityInfo, -1, `line 10 copied its rows into "__new_posts"`},
		{11, KindDataLoss, SeverityWarning, -1, `does not take column "body" of "posts": its values are lost`},
		{11, KindDataLoss, SeverityWarning, -1, `does not take column "m"`},
		{11, KindRebuild, SeverityWarning, -1, `trigger "posts_ai"`},
		{11, KindRebuild, SeverityWarning, -1, `view "recent"`},
		{11, KindRebuild, SeverityWarning, -1, `FTS5 table "posts_fts"`},
		{11, KindRebuild, SeverityWarning, -1, `deletes the rows of "comments" that reference it`},
	})

	ws, err = Analyze(ctx, nil, "postgres", handModel("postgres"), chunks("0001.sql",
		"ALTER TABLE posts ALTER COLUMN body TYPE varchar(20);\nCREATE INDEX ON posts (body);\nDROP INDEX posts_title_idx;"))
	if err != nil {
		t.Fatal(err)
	}
	checkWarnings(t, ws, []want{
		{1, KindFails, SeverityWarning, -1, "values longer than 20 characters make it fail; its values are at stake"},
		{1, KindLock, SeverityWarning, 50000, `checks every row of "posts"`},
		{1, KindLock, SeverityWarning, 50000, "sets no lock_timeout"},
		{1, KindLock, SeverityWarning, 50000, "sets no statement_timeout"},
		{2, KindLock, SeverityWarning, 50000, `CREATE INDEX ON "posts" blocks writes to "posts" while it builds; CREATE INDEX CONCURRENTLY does not ("posts" holds about 50,000 rows)`},
		{3, KindLock, SeverityWarning, 50000, `DROP INDEX "posts_title_idx"`},
	})
}

// FuzzTokenize checks on any input that highlighting gives the input back
// and that the analysis never panics, with and without a model.
func FuzzTokenize(f *testing.F) {
	f.Add("DROP TABLE x; -- y")
	f.Add("DO $$ BEGIN DELETE FROM t; END $$;")
	ctx := context.Background()
	models := map[database.Dialect]*introspect.Model{"sqlite": handModel("sqlite"), "postgres": handModel("postgres")}
	f.Fuzz(func(t *testing.T, sql string) {
		var b strings.Builder
		for _, tk := range Highlight(sql) {
			if tk.Text == "" {
				t.Fatalf("empty token")
			}
			b.WriteString(tk.Text)
		}
		if b.String() != sql {
			t.Fatalf("Highlight round trip lost bytes")
		}
		for d, m := range models {
			for _, model := range []*introspect.Model{nil, m} {
				stmts := chunks("f.sql", sql)
				ws, err := Analyze(ctx, nil, d, model, stmts)
				if err != nil {
					t.Fatalf("%s: %v", d, err)
				}
				lines := strings.Count(sql, "\n") + 1
				for _, w := range ws {
					if w.Line < 1 || w.Line > lines {
						t.Fatalf("%s: line %d outside 1..%d", d, w.Line, lines)
					}
				}
			}
		}
	})
}
