package introspect

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"studio/database"
)

// DefaultDBStatLimit is the database size, in bytes, up to which SQLite
// reads dbstat for sizes and row counts: dbstat visits every page (about
// 0.6 ms per MiB from a warm cache), so larger files get -1 instead.
const DefaultDBStatLimit = 512 << 20

// SQLite reads the catalog of a SQLite connection: main and every attached
// database, each as one schema. It issues the same few queries whatever
// the number of tables. Pass a *sql.Conn when databases are attached, as
// ATTACH belongs to one connection of a pool.
type SQLite struct {
	// DBStatLimit overrides DefaultDBStatLimit when positive.
	DBStatLimit int64
}

// Name is database.SQLite.
func (*SQLite) Name() database.Dialect { return database.SQLite }

// relKey names a relation (or index b-tree) within its schema.
type relKey struct{ schema, name string }

// sqliteObject is one sqlite_schema row.
type sqliteObject struct{ schema, typ, name, tblName, sql string }

// sqliteCatalog is what the queries found, before it becomes a Model.
type sqliteCatalog struct {
	schemas  []string
	tables   map[relKey]*Table
	order    []relKey
	objects  map[relKey]sqliteObject // tables, views and indexes
	triggers []sqliteObject
	stat1    []string            // schemas that have sqlite_stat1
	shadows  map[relKey]bool     // shadow tables, hidden from the model
	ddl      map[relKey]tableDDL // parsed CREATE TABLE statements
	folded   map[relKey]relKey   // relations by ASCII-lower-cased name
}

// Summary lists every schema's relations with kind, module, shadow tables,
// row estimate and size.
func (s *SQLite) Summary(ctx context.Context, q Queryer) (*Model, error) {
	c, err := s.readRelations(ctx, q, nil)
	if err != nil {
		return nil, err
	}
	if err := s.readStats(ctx, q, c); err != nil {
		return nil, err
	}
	for _, t := range c.tables {
		t.DDL = "" // read only to find virtual tables' modules
	}
	return c.model(), nil
}

// Inspect reads the full model of the named databases (main, attached
// names), or of all of them when none are named.
func (s *SQLite) Inspect(ctx context.Context, q Queryer, schemas ...string) (*Model, error) {
	c, err := s.readRelations(ctx, q, schemas)
	if err != nil {
		return nil, err
	}
	steps := []func(context.Context, Queryer, *sqliteCatalog) error{
		readSQLiteColumns, readSQLiteForeignKeys, readSQLiteIndexes, s.readStats,
	}
	for _, step := range steps {
		if err := step(ctx, q, c); err != nil {
			return nil, err
		}
	}
	c.finishTables()
	return c.model(), nil
}

// readRelations reads the schema list, the sqlite_schema rows and the
// table list: enough for the summary.
func (s *SQLite) readRelations(ctx context.Context, q Queryer, asked []string) (*sqliteCatalog, error) {
	var have []string
	err := each(ctx, q, mustQuery("sqlite/databases.sql"), nil, func(r *sql.Rows) error {
		var name string
		if err := r.Scan(&name); err != nil {
			return err
		}
		have = append(have, name)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list sqlite databases: %w", err)
	}
	picked, err := pickSchemas(have, asked)
	if err != nil {
		return nil, err
	}
	c := &sqliteCatalog{
		schemas: picked, tables: map[relKey]*Table{}, objects: map[relKey]sqliteObject{},
		shadows: map[relKey]bool{}, ddl: map[relKey]tableDDL{}, folded: map[relKey]relKey{},
	}
	if err := c.readObjects(ctx, q); err != nil {
		return nil, err
	}
	if err := c.readTableList(ctx, q); err != nil {
		return nil, err
	}
	c.hideShadows()
	return c, nil
}

// schemaJSON is the schema list as the JSON array the queries filter on.
func (c *sqliteCatalog) schemaJSON() string {
	b, _ := json.Marshal(orEmpty(c.schemas)) // []string always marshals
	return string(b)
}

// perSchema repeats a one-schema query for every schema with UNION ALL,
// substituting the quoted schema name; each copy takes the schema name as
// its first parameter.
func perSchema(tmpl string, schemas []string) (string, []any) {
	parts := make([]string, len(schemas))
	args := make([]any, len(schemas))
	for i, s := range schemas {
		parts[i] = strings.ReplaceAll(tmpl, "{{schema}}", database.QuoteIdent(s))
		args[i] = s
	}
	return strings.Join(parts, "\nUNION ALL\n"), args
}

// lookup finds a relation the way SQLite resolves a name: ignoring ASCII
// case. Trigger targets and foreign-key parents are kept as written in
// their statements, which may differ in case from the table's own name.
func (c *sqliteCatalog) lookup(schema, name string) (relKey, *Table) {
	k, ok := c.folded[relKey{schema, database.ASCIILower(name)}]
	if !ok {
		return relKey{}, nil
	}
	return k, c.tables[k]
}

func (c *sqliteCatalog) readObjects(ctx context.Context, q Queryer) error {
	if len(c.schemas) == 0 {
		return nil
	}
	query, args := perSchema(stripComments(mustQuery("sqlite/objects.sql")), c.schemas)
	return wrap("read sqlite_schema", each(ctx, q, query, args, func(r *sql.Rows) error {
		var o sqliteObject
		if err := r.Scan(&o.schema, &o.typ, &o.name, &o.tblName, &o.sql); err != nil {
			return err
		}
		switch {
		case o.typ == "trigger":
			c.triggers = append(c.triggers, o)
		case o.typ == "table" && o.name == "sqlite_stat1":
			c.stat1 = append(c.stat1, o.schema)
		default:
			c.objects[relKey{o.schema, o.name}] = o
		}
		return nil
	}))
}

func (c *sqliteCatalog) readTableList(ctx context.Context, q Queryer) error {
	return wrap("read sqlite table list", each(ctx, q, mustQuery("sqlite/relations.sql"),
		[]any{c.schemaJSON()}, func(r *sql.Rows) error {
			var k relKey
			var typ string
			var wr bool
			if err := r.Scan(&k.schema, &k.name, &typ, &wr); err != nil {
				return err
			}
			if typ == "shadow" {
				c.shadows[k] = true
			}
			t := &Table{Name: k.name, Kind: sqliteKind(typ), WithoutRowID: wr, RowEstimate: -1, SizeBytes: -1}
			if o, ok := c.objects[k]; ok {
				t.DDL = o.sql
			}
			if t.Kind == KindVirtual {
				t.Module = parseModule(t.DDL)
			}
			c.tables[k] = t
			c.order = append(c.order, k)
			c.folded[relKey{k.schema, database.ASCIILower(k.name)}] = k
			return nil
		}))
}

func sqliteKind(typ string) string {
	switch typ {
	case "view":
		return KindView
	case "virtual":
		return KindVirtual
	}
	return KindTable
}

// model assembles the catalog into a Model: schemas in attach order.
func (c *sqliteCatalog) model() *Model {
	m := &Model{Dialect: database.SQLite, Schemas: make([]Schema, len(c.schemas))}
	at := map[string]int{}
	for i, s := range c.schemas {
		m.Schemas[i].Name = s
		at[s] = i
	}
	for _, k := range c.order {
		if c.shadows[k] {
			continue
		}
		s := &m.Schemas[at[k.schema]]
		s.Tables = append(s.Tables, *c.tables[k])
	}
	normalize(m)
	return m
}

// each runs a query and calls scan for every row.
func each(ctx context.Context, q Queryer, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// wrap adds what was being done to a non-nil error.
func wrap(doing string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", doing, err)
}

// stripComments drops the leading "--" comment lines of an embedded
// query, so a template repeated with UNION ALL stays readable in logs.
func stripComments(query string) string {
	var keep []string
	for _, line := range strings.Split(query, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "--") {
			keep = append(keep, line)
		}
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}
