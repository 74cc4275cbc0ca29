package review

import (
	"strings"

	"studio/database"
	"studio/introspect"
)

// catalog indexes the live model for the lookups the analysis makes.
// A nil model gives an empty catalog that knows nothing (known() false).
type catalog struct {
	model   *introspect.Model
	dialect database.Dialect
	tables  map[string]liveTable   // key(schema, name) -> table
	byName  map[string][]liveTable // fold(name) -> tables of that name in any schema
	enums   map[string]*introspect.Enum
	index   map[string]liveTable // key(schema, index name) -> its table
	ixName  map[string][]string  // fold(index name) -> schemas that have it
	refs    map[string][]child   // key(schema, name) -> foreign keys of other tables pointing at it
	views   []viewRef            // views and materialized views with the names they mention
}

// viewRef is a view with the identifiers its SQL names.
type viewRef struct {
	view   liveTable
	idents map[string]bool // folded
}

// liveTable is a table (or view) as it exists before the migration runs.
// t is nil when there is no model to describe it.
type liveTable struct {
	schema, name string
	t            *introspect.Table
	qualified    bool // the schema is known, not guessed
}

func newCatalog(m *introspect.Model, d database.Dialect) *catalog {
	c := &catalog{model: m, dialect: d, tables: map[string]liveTable{},
		byName: map[string][]liveTable{}, enums: map[string]*introspect.Enum{},
		index: map[string]liveTable{}, ixName: map[string][]string{}, refs: map[string][]child{}}
	if m == nil {
		return c
	}
	c.all(c.indexTable)
	for si := range m.Schemas {
		s := &m.Schemas[si]
		for ei := range s.Enums {
			c.enums[c.key(s.Name, s.Enums[ei].Name)] = &s.Enums[ei]
		}
	}
	return c
}

// indexTable adds one live table to the lookups.
func (c *catalog) indexTable(lt liveTable) {
	t := lt.t
	c.tables[c.key(lt.schema, t.Name)] = lt
	c.byName[c.fold(t.Name)] = append(c.byName[c.fold(t.Name)], lt)
	for _, ix := range t.Indexes {
		c.index[c.key(lt.schema, ix.Name)] = lt
		c.ixName[c.fold(ix.Name)] = append(c.ixName[c.fold(ix.Name)], lt.schema)
	}
	for _, fk := range t.ForeignKeys {
		ref := fk.RefSchema
		if ref == "" {
			ref = lt.schema
		}
		if k := c.key(ref, fk.RefTable); k != c.key(lt.schema, t.Name) {
			c.refs[k] = append(c.refs[k], child{table: lt, fk: fk})
		}
	}
	if t.Kind == introspect.KindView || t.Kind == introspect.KindMaterializedView {
		src := t.Definition
		if src == "" {
			src = t.DDL
		}
		v := viewRef{view: lt, idents: map[string]bool{}}
		for _, tk := range tokenize(src, c.dialect) {
			if isIdent(tk) {
				v.idents[c.fold(identValue(tk))] = true
			}
		}
		c.views = append(c.views, v)
	}
}

// known reports whether there is a model to consult.
func (c *catalog) known() bool { return c.model != nil }

// fold puts a name in the form names are compared in: SQLite compares
// identifiers case-insensitively, PostgreSQL exactly (unquoted names were
// folded to lower case when parsed).
func (c *catalog) fold(s string) string {
	if c.dialect == database.SQLite {
		return strings.ToLower(s)
	}
	return s
}

func (c *catalog) key(schema, name string) string {
	return c.fold(schema) + "\x00" + c.fold(name)
}

// defaultSchema is where unqualified names go when nothing says otherwise.
func (c *catalog) defaultSchema() string {
	if c.dialect == database.SQLite {
		return "main"
	}
	return "public"
}

// table returns the live table schema.name.
func (c *catalog) table(schema, name string) (liveTable, bool) {
	lt, ok := c.tables[c.key(schema, name)]
	return lt, ok
}

// schemaOf picks the schema of an unqualified live name: the default
// schema when it has the table, else the only schema that has it (a
// search_path set to a project schema), else the default.
func (c *catalog) schemaOf(name string) string {
	if _, ok := c.table(c.defaultSchema(), name); ok {
		return c.defaultSchema()
	}
	if ts := c.byName[c.fold(name)]; len(ts) == 1 {
		return ts[0].schema
	}
	return c.defaultSchema()
}

// indexSchema picks the schema of an unqualified index name, as
// schemaOf does for tables.
func (c *catalog) indexSchema(name string) string {
	if _, ok := c.index[c.key(c.defaultSchema(), name)]; ok {
		return c.defaultSchema()
	}
	if ss := c.ixName[c.fold(name)]; len(ss) == 1 {
		return ss[0]
	}
	return c.defaultSchema()
}

// all calls f for every live table.
func (c *catalog) all(f func(lt liveTable)) {
	if c.model == nil {
		return
	}
	for si := range c.model.Schemas {
		s := &c.model.Schemas[si]
		for ti := range s.Tables {
			f(liveTable{schema: s.Name, name: s.Tables[ti].Name, t: &s.Tables[ti], qualified: true})
		}
	}
}

// child is a foreign key of another table that points at a table.
type child struct {
	table liveTable
	fk    introspect.ForeignKey
}

// children returns the foreign keys of other tables that reference lt.
func (c *catalog) children(lt liveTable) []child {
	return c.refs[c.key(lt.schema, lt.name)]
}

// viewsReading returns the views and materialized views whose SQL names
// lt (as an identifier token, so strings and comments do not count).
func (c *catalog) viewsReading(lt liveTable) []liveTable {
	var out []liveTable
	for _, v := range c.views {
		if v.idents[c.fold(lt.name)] {
			out = append(out, v.view)
		}
	}
	return out
}

// ftsIndexing returns the FTS5 tables with external content lt
// (content='name').
func (c *catalog) ftsIndexing(lt liveTable) []liveTable {
	var out []liveTable
	c.all(func(o liveTable) {
		if o.t.Kind != introspect.KindVirtual || !strings.EqualFold(o.t.Module, "fts5") {
			return
		}
		if content := ftsContent(virtualArgs(o.t.DDL)); content != "" && c.fold(content) == c.fold(lt.name) {
			out = append(out, o)
		}
	})
	return out
}

// virtualArgs returns the module arguments of a CREATE VIRTUAL TABLE
// statement: the tokens inside USING module(...).
func virtualArgs(ddl string) []token {
	toks := significant(tokenize(ddl, database.SQLite))
	u := findTop(toks, "USING")
	if u < 0 || u+2 >= len(toks) {
		return nil
	}
	c := cursor{toks: toks, i: u + 2}
	return c.group()
}

// significant drops whitespace and comments.
func significant(toks []token) []token {
	out := make([]token, 0, len(toks))
	for _, t := range toks {
		if t.kind != tSpace && t.kind != tComment {
			out = append(out, t)
		}
	}
	return out
}

// column returns the live column name of lt.
func (lt liveTable) column(name string, d database.Dialect) (*introspect.Column, bool) {
	if lt.t == nil {
		return nil, false
	}
	for i := range lt.t.Columns {
		c := &lt.t.Columns[i]
		if c.Name == name || (d == database.SQLite && strings.EqualFold(c.Name, name)) {
			return c, true
		}
	}
	return nil, false
}

// enumCol is a live column whose type is an enum.
type enumCol struct {
	table liveTable
	col   string
}

// enumColumns returns the live columns whose type is the enum schema.e.
func (c *catalog) enumColumns(schema, e string) []enumCol {
	var out []enumCol
	c.all(func(o liveTable) {
		if o.t.Kind != introspect.KindTable {
			return
		}
		for _, col := range o.t.Columns {
			if typeNames(col.Type, schema, e) {
				out = append(out, enumCol{o, col.Name})
			}
		}
	})
	return out
}

// typeNames reports whether a column type as the catalog reports it
// (`mood`, `"Mood"`, `public.mood`) is the type schema.name. Case is
// ignored: catalogs differ in how they quote mixed-case type names.
func typeNames(typ, schema, name string) bool {
	toks := significant(tokenize(typ, database.Postgres))
	if len(toks) == 0 || !isIdent(toks[0]) {
		return false
	}
	cur := cursor{toks: toks}
	n, _ := cur.name()
	if !cur.done() {
		return false
	}
	return strings.EqualFold(n.name, name) && (n.schema == "" || strings.EqualFold(n.schema, schema))
}

type (
	introspectUnique = introspect.Unique
	introspectFK     = introspect.ForeignKey
)
