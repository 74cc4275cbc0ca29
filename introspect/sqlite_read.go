package introspect

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"

	"studio/sqliteddl"
)

// sqliteColumn is one row of the columns query.
type sqliteColumn struct {
	key     relKey
	name    string
	typ     string
	notNull bool
	dflt    sql.NullString
	pk      int64
	hidden  int64
}

// readSQLiteColumns reads every column in one query. Should that fail,
// because one view or virtual table cannot be read (a view over a dropped
// table, a module this build lacks), it falls back to a query per relation
// and leaves the broken ones without columns.
func readSQLiteColumns(ctx context.Context, q Queryer, c *sqliteCatalog) error {
	var cols []sqliteColumn
	scan := func(r *sql.Rows) error {
		var col sqliteColumn
		err := r.Scan(&col.key.schema, &col.key.name, &col.name, &col.typ, &col.notNull, &col.dflt, &col.pk, &col.hidden)
		cols = append(cols, col)
		return err
	}
	err := each(ctx, q, mustQuery("sqlite/columns.sql"), []any{c.schemaJSON()}, scan)
	if err != nil && ctx.Err() != nil {
		return wrap("read sqlite columns", err)
	}
	if err != nil {
		cols = cols[:0]
		for _, k := range c.order {
			if !c.shadows[k] {
				_ = each(ctx, q, mustQuery("sqlite/columns_one.sql"), []any{k.name, k.schema}, scan)
			}
		}
		if ctx.Err() != nil {
			return wrap("read sqlite columns", ctx.Err())
		}
	}
	c.addColumns(cols)
	return nil
}

// addColumns turns column rows into the tables' columns and primary keys.
func (c *sqliteCatalog) addColumns(cols []sqliteColumn) {
	pkOrder := map[relKey][]sqliteColumn{}
	for _, col := range cols {
		t := c.tables[col.key]
		if t == nil || col.hidden == 1 {
			continue
		}
		d := c.tableDDL(col.key)
		cd, inDDL := d.columns[strings.ToLower(col.name)]
		out := Column{Name: col.name, Type: col.typ, Nullable: !col.notNull, PrimaryKey: col.pk > 0, Collation: cd.Collation}
		if inDDL {
			out.Type = cd.Type
		}
		if col.dflt.Valid {
			out.Default = &col.dflt.String
			if cd.Default != nil {
				out.Default = cd.Default // keeps the parentheses an expression needs
			}
		}
		switch col.hidden {
		case 2:
			out.Generated, out.GeneratedKind = cd.Generated, "VIRTUAL"
		case 3:
			out.Generated, out.GeneratedKind = cd.Generated, "STORED"
		}
		t.Columns = append(t.Columns, out)
		if col.pk > 0 {
			pkOrder[col.key] = append(pkOrder[col.key], col)
		}
	}
	for k, pk := range pkOrder {
		slices.SortFunc(pk, func(a, b sqliteColumn) int { return cmp.Compare(a.pk, b.pk) })
		for _, col := range pk {
			c.tables[k].PrimaryKey = append(c.tables[k].PrimaryKey, col.name)
		}
	}
}

// tableDDL parses a table's CREATE TABLE once and remembers it.
func (c *sqliteCatalog) tableDDL(k relKey) tableDDL {
	if d, ok := c.ddl[k]; ok {
		return d
	}
	var d tableDDL
	if t := c.tables[k]; t != nil && t.Kind == KindTable {
		d = parseCreateTable(t.DDL)
	} else {
		d = tableDDL{columns: map[string]sqliteddl.Column{}}
	}
	c.ddl[k] = d
	return d
}

// readSQLiteForeignKeys reads every foreign key in one query, one key per
// id in id order; SQLite keeps no names, so Name is "".
func readSQLiteForeignKeys(ctx context.Context, q Queryer, c *sqliteCatalog) error {
	var last relKey
	lastID := int64(-1)
	var fk *ForeignKey
	err := each(ctx, q, mustQuery("sqlite/foreign_keys.sql"), []any{c.schemaJSON()}, func(r *sql.Rows) error {
		var k relKey
		var id, seq int64
		var ref, from, onUpdate, onDelete string
		var to sql.NullString
		if err := r.Scan(&k.schema, &k.name, &id, &seq, &ref, &from, &to, &onUpdate, &onDelete); err != nil {
			return err
		}
		t := c.tables[k]
		if t == nil {
			return nil
		}
		if k != last || id != lastID {
			t.ForeignKeys = append(t.ForeignKeys, ForeignKey{
				RefSchema: k.schema, RefTable: ref,
				OnDelete: fkAction(onDelete), OnUpdate: fkAction(onUpdate),
			})
			fk, last, lastID = &t.ForeignKeys[len(t.ForeignKeys)-1], k, id
		}
		fk.Columns = append(fk.Columns, from)
		if to.Valid {
			fk.RefColumns = append(fk.RefColumns, to.String)
		}
		return nil
	})
	return wrap("read sqlite foreign keys", err)
}

// fkAction normalises a referential action: upper case, NO ACTION when
// none is given.
func fkAction(a string) string {
	a = strings.ToUpper(strings.TrimSpace(a))
	if a == "" || a == "NONE" {
		return "NO ACTION"
	}
	return a
}

// sqliteIndexPart is one key part of an index row.
type sqliteIndexPart struct {
	seqno, cid int64
	name       sql.NullString
}

// readSQLiteIndexes reads every index with its key parts in one query.
func readSQLiteIndexes(ctx context.Context, q Queryer, c *sqliteCatalog) error {
	var last relKey
	lastName := ""
	var ix *Index
	err := each(ctx, q, mustQuery("sqlite/indexes.sql"), []any{c.schemaJSON()}, func(r *sql.Rows) error {
		var k relKey
		var name, origin string
		var unique, partial bool
		var part sqliteIndexPart
		if err := r.Scan(&k.schema, &k.name, &name, &unique, &origin, &partial, &part.seqno, &part.cid, &part.name); err != nil {
			return err
		}
		t := c.tables[k]
		if t == nil {
			return nil
		}
		if k != last || name != lastName {
			t.Indexes = append(t.Indexes, c.newIndex(k.schema, name, unique, origin))
			ix, last, lastName = &t.Indexes[len(t.Indexes)-1], k, name
		}
		c.addIndexPart(ix, part)
		return nil
	})
	return wrap("read sqlite indexes", err)
}

func (c *sqliteCatalog) newIndex(schema, name string, unique bool, origin string) Index {
	ix := Index{Name: name, Unique: unique, Origin: "index"}
	switch origin {
	case "u":
		ix.Origin = "unique"
	case "pk":
		ix.Origin = "primary"
	}
	if o, ok := c.objects[relKey{schema, name}]; ok && o.sql != "" {
		ix.Definition = o.sql
		ix.Where = sqliteddl.ParseIndex(o.sql).Where
	}
	return ix
}

// addIndexPart appends a key part: a column name, "rowid", or the
// expression's text from the CREATE INDEX statement.
func (c *sqliteCatalog) addIndexPart(ix *Index, p sqliteIndexPart) {
	switch {
	case p.cid == -2:
		ix.Expression = true
		parts := sqliteddl.ParseIndex(ix.Definition).Parts
		text := ""
		if p.seqno < int64(len(parts)) {
			text = parts[p.seqno]
		}
		ix.Columns = append(ix.Columns, text)
	case p.cid == -1 && !p.name.Valid:
		ix.Columns = append(ix.Columns, "rowid")
	default:
		ix.Columns = append(ix.Columns, p.name.String)
	}
}
