package erd

import (
	"fmt"
	"math/rand/v2"

	"studio/introspect"
)

// col builds a column; a name ending in "!" is NOT NULL.
func col(name, typ string) introspect.Column {
	c := introspect.Column{Name: name, Type: typ, Nullable: true}
	if n := len(name); n > 0 && name[n-1] == '!' {
		c.Name, c.Nullable = name[:n-1], false
	}
	return c
}

func fk(cols []string, ref string, refCols []string, onDelete string) introspect.ForeignKey {
	return introspect.ForeignKey{Columns: cols, RefTable: ref, RefColumns: refCols, OnDelete: onDelete, OnUpdate: "NO ACTION"}
}

func table(name string, pk []string, cols []introspect.Column, fks ...introspect.ForeignKey) introspect.Table {
	for i := range cols {
		for _, k := range pk {
			if cols[i].Name == k {
				cols[i].PrimaryKey = true
			}
		}
	}
	return introspect.Table{Name: name, Kind: introspect.KindTable, Columns: cols, PrimaryKey: pk, ForeignKeys: fks, RowEstimate: -1, SizeBytes: -1}
}

// smallSchema has one of everything the diagram draws: cascade, set null,
// set default and plain keys, a self-reference, a composite key, a cycle,
// a view, a virtual table, a wide table, a table with no keys, a key to
// another schema and one to a missing table.
func smallSchema() introspect.Schema {
	def := "CURRENT_TIMESTAMP"
	users := table("users", []string{"id"}, []introspect.Column{col("id!", "integer"), col("email!", "text"), col("name", "text"), col("org_id", "integer")},
		fk([]string{"org_id"}, "orgs", []string{"id"}, "SET NULL"))
	users.Comment = "People who can sign in"
	users.RowEstimate = 1200
	users.Columns[1].Default = &def
	orgs := table("orgs", []string{"id"}, []introspect.Column{col("id!", "integer"), col("owner_id", "integer"), col("name!", "text")},
		fk([]string{"owner_id"}, "users", []string{"id"}, "RESTRICT"))
	posts := table("posts", []string{"id"}, []introspect.Column{
		col("id!", "integer"), col("author_id!", "integer"), col("title!", "varchar(200)"), col("body", "text"),
		col("status", "text"), col("created_at", "timestamptz"), col("updated_at", "timestamptz"), col("views", "bigint"),
		col("score", "numeric(10,2)"), col("slug", "text"), col("lang", "text"), col("cover_url", "text"), col("flags", "integer"),
	}, fk([]string{"author_id"}, "users", []string{"id"}, "CASCADE"))
	comments := table("comments", []string{"id"}, []introspect.Column{col("id!", "integer"), col("post_id!", "integer"), col("user_id", "integer"), col("parent_id", "integer"), col("body!", "text")},
		fk([]string{"post_id"}, "posts", []string{"id"}, "CASCADE"),
		fk([]string{"user_id"}, "users", []string{"id"}, "SET NULL"),
		fk([]string{"parent_id"}, "comments", []string{"id"}, "SET NULL"))
	categories := table("categories", []string{"id"}, []introspect.Column{col("id!", "integer"), col("parent_id", "integer"), col("name", "text")},
		fk([]string{"parent_id"}, "categories", []string{"id"}, "NO ACTION"))
	postCats := table("post_categories", []string{"post_id", "category_id"}, []introspect.Column{col("post_id!", "integer"), col("category_id!", "integer")},
		fk([]string{"post_id"}, "posts", []string{"id"}, "CASCADE"),
		fk([]string{"category_id"}, "categories", []string{"id"}, "SET DEFAULT"))
	audit := table("audit", []string{"id"}, []introspect.Column{col("id!", "integer"), col("actor", "uuid"), col("ref", "integer")},
		introspect.ForeignKey{Columns: []string{"actor"}, RefSchema: "auth", RefTable: "accounts", RefColumns: []string{"uid"}, OnDelete: "SET NULL"},
		fk([]string{"ref"}, "gone", nil, "NO ACTION"))
	settings := table("settings", nil, []introspect.Column{col("key", "text"), col("value", "text")})
	view := introspect.Table{Name: "post_stats", Kind: introspect.KindView, Columns: []introspect.Column{col("post_id", "integer"), col("comments", "bigint")}, RowEstimate: -1}
	fts := introspect.Table{Name: "posts_fts", Kind: introspect.KindVirtual, Module: "fts5", Columns: []introspect.Column{col("title", ""), col("body", "")}, RowEstimate: -1}
	return introspect.Schema{Name: "main", Tables: []introspect.Table{users, orgs, posts, comments, categories, postCats, audit, settings, view, fts}}
}

// syntheticSchema has n tables with 2 to 14 columns; most reference one to
// three earlier tables, a few reference themselves, about one in twelve has
// no keys, and when cycles is set some reference later tables.
func syntheticSchema(n int, seed uint64, cycles bool) introspect.Schema {
	r := rand.New(rand.NewPCG(seed, 7))
	actions := []string{"CASCADE", "SET NULL", "NO ACTION", "RESTRICT"}
	s := introspect.Schema{Name: "public"}
	for i := range n {
		name := fmt.Sprintf("table_%03d", i)
		cols := []introspect.Column{col("id!", "bigint")}
		for c := range 1 + r.IntN(13) {
			cols = append(cols, col(fmt.Sprintf("column_%d", c), []string{"text", "integer", "timestamptz", "jsonb"}[r.IntN(4)]))
		}
		t := table(name, []string{"id"}, cols)
		if i > 0 && r.IntN(12) != 0 {
			for k := range 1 + r.IntN(3) {
				ref := r.IntN(i)
				if cycles && r.IntN(10) == 0 {
					ref = r.IntN(n)
				}
				c := fmt.Sprintf("ref_%d_id", k)
				t.Columns = append(t.Columns, col(c, "bigint"))
				t.ForeignKeys = append(t.ForeignKeys, fk([]string{c}, fmt.Sprintf("table_%03d", ref), []string{"id"}, actions[r.IntN(len(actions))]))
			}
		}
		if r.IntN(15) == 0 {
			t.Columns = append(t.Columns, col("parent_id", "bigint"))
			t.ForeignKeys = append(t.ForeignKeys, fk([]string{"parent_id"}, name, []string{"id"}, "SET NULL"))
		}
		s.Tables = append(s.Tables, t)
	}
	return s
}
