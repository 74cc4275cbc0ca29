package introspect

import (
	"cmp"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"studio/database"
	"studio/sqliteddl"
)

// pgCatalog builds a Model from the catalog rows.
type pgCatalog struct {
	schemas   []string
	tables    map[relKey]*Table
	byOID     map[int64]*Table // the same tables by pg_class oid
	order     []relKey
	servers   map[relKey]string // foreign tables' servers, for their DDL
	enums     map[string][]Enum
	domains   map[string][]Domain
	sequences map[string][]Sequence
	attNames  map[attRef]string // column names by relation oid and attnum
}

// attRef is a column by relation oid and attribute number.
type attRef struct {
	rel int64
	num int64
}

func newPGCatalog(schemas []string) *pgCatalog {
	return &pgCatalog{
		schemas: schemas, tables: map[relKey]*Table{}, byOID: map[int64]*Table{},
		servers: map[relKey]string{}, enums: map[string][]Enum{}, domains: map[string][]Domain{}, sequences: map[string][]Sequence{},
		attNames: map[attRef]string{},
	}
}

func (c *pgCatalog) add(k relKey, t *Table) {
	c.tables[k] = t
	c.order = append(c.order, k)
}

// apply files the fetched rows under their tables and writes each
// table's DDL.
func (c *pgCatalog) apply(f *pgFetch) error {
	for _, r := range f.relations {
		c.add(r.key, r.table)
		c.byOID[r.oid] = r.table
		if r.server != "" {
			c.servers[r.key] = r.server
		}
	}
	c.applyColumns(f.columns)
	for _, x := range f.constraints {
		if err := c.applyConstraint(x); err != nil {
			return fmt.Errorf("read postgres constraint %s: %w", x.name, err)
		}
	}
	for _, x := range f.indexes {
		if err := c.applyIndex(x); err != nil {
			return fmt.Errorf("read postgres index %s: %w", x.index.Name, err)
		}
	}
	for _, x := range f.triggers {
		if t := c.byOID[x.rel]; t != nil {
			t.Triggers = append(t.Triggers, x.trigger)
		}
	}
	for _, x := range f.enums {
		values, err := jsonNames(x.labels)
		if err != nil {
			return fmt.Errorf("read postgres enum %s: %w", x.name, err)
		}
		c.enums[x.schema] = append(c.enums[x.schema], Enum{Name: x.name, Values: values})
	}
	for _, x := range f.domains {
		if err := c.applyDomain(x); err != nil {
			return fmt.Errorf("read postgres domain %s: %w", x.domain.Name, err)
		}
	}
	for _, x := range f.sequences {
		c.sequences[x.schema] = append(c.sequences[x.schema], x.sequence)
	}
	c.writeDDL()
	return nil
}

// applyDomain files a domain under its schema with its checks, which
// come as [name, definition] pairs.
func (c *pgCatalog) applyDomain(x pgDomainRow) error {
	d := x.domain
	if x.checks.Valid {
		var pairs [][2]string
		if err := json.Unmarshal([]byte(x.checks.String), &pairs); err != nil {
			return fmt.Errorf("decode checks %q: %w", x.checks.String, err)
		}
		for _, p := range pairs {
			d.Checks = append(d.Checks, Check{Name: p[0], Expr: checkExpr(p[1])})
		}
	}
	c.domains[x.schema] = append(c.domains[x.schema], d)
	return nil
}

// applyColumns adds the columns to their tables in attnum order and
// remembers every column's name for keys and indexes.
func (c *pgCatalog) applyColumns(cols []pgColumn) {
	byNumber := func(a, b pgColumn) int {
		return cmp.Or(cmp.Compare(a.ref.rel, b.ref.rel), cmp.Compare(a.ref.num, b.ref.num))
	}
	// The server usually sends them in this order already (it walks the
	// attnum index); sorting large structs is then wasted work.
	if !slices.IsSortedFunc(cols, byNumber) {
		slices.SortStableFunc(cols, byNumber)
	}
	c.attNames = make(map[attRef]string, len(cols))
	for _, x := range cols {
		c.attNames[x.ref] = x.col.Name
		if t := c.byOID[x.ref.rel]; t != nil {
			t.Columns = append(t.Columns, x.col)
		}
	}
}

func (c *pgCatalog) applyConstraint(x pgConstraintRow) error {
	t := c.byOID[x.rel]
	if t == nil {
		return nil
	}
	cols, err := c.names(x.rel, x.keyNums)
	if err != nil {
		return err
	}
	switch x.typ {
	case "p":
		t.PrimaryKey, t.PrimaryKeyName = cols, x.name
		for i := range t.Columns {
			t.Columns[i].PrimaryKey = slices.Contains(cols, t.Columns[i].Name)
		}
	case "u":
		t.Uniques = append(t.Uniques, Unique{Name: x.name, Columns: cols})
	case "c":
		t.Checks = append(t.Checks, Check{Name: x.name, Expr: checkExpr(x.def), Inherited: x.inherited})
	case "f":
		var refCols []string
		if x.refNames.Valid { // the referenced table is outside the schemas read
			refCols, err = jsonNames(x.refNames)
		} else {
			refCols, err = c.names(x.refRel, x.refNums)
		}
		if err != nil {
			return err
		}
		t.ForeignKeys = append(t.ForeignKeys, ForeignKey{
			Name: x.name, Columns: cols, RefSchema: x.ref.schema, RefTable: x.ref.name, RefColumns: refCols,
			OnDelete: pgAction(x.onDelete), OnUpdate: pgAction(x.onUpdate),
			Deferrable: x.deferrable, InitiallyDeferred: x.deferred, Inherited: x.inherited,
		})
	}
	return nil
}

func (c *pgCatalog) applyIndex(x pgIndexRow) error {
	t := c.byOID[x.rel]
	if t == nil {
		return nil
	}
	cols, err := c.indexParts(x)
	if err != nil {
		return err
	}
	ix := x.index
	ix.Columns, ix.Expression = cols, x.exprs.Valid
	switch {
	case x.primary:
		ix.Origin = "primary"
	case x.backsUnique:
		ix.Origin = "unique"
	default:
		ix.Origin = "index"
	}
	t.Indexes = append(t.Indexes, ix)
	return nil
}

// indexParts names an index's key parts: column names, and for an
// expression part (attnum 0) its text from exprs, which holds every key
// part's text for expression indexes. INCLUDE columns are left out.
func (c *pgCatalog) indexParts(x pgIndexRow) ([]string, error) {
	nums, err := intArray(x.keyNums.String)
	if err != nil {
		return nil, err
	}
	texts, err := jsonNames(x.exprs)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for i, n := range nums[:min(int(x.nKeys), len(nums))] {
		switch {
		case n != 0:
			name, err := c.name(x.rel, n)
			if err != nil {
				return nil, err
			}
			out = append(out, name)
		case i < len(texts):
			out = append(out, texts[i])
		default:
			out = append(out, "")
		}
	}
	return out, nil
}

// names turns a JSON array of attribute numbers of relation rel into
// column names.
func (c *pgCatalog) names(rel int64, nums sql.NullString) ([]string, error) {
	out := []string{}
	if !nums.Valid {
		return out, nil
	}
	list, err := intArray(nums.String)
	if err != nil {
		return nil, err
	}
	for _, n := range list {
		name, err := c.name(rel, n)
		if err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	return out, nil
}

// intArray decodes a JSON array of integers such as "[1,-2,3]", as
// array_to_json prints attribute numbers; thousands of them per read make
// encoding/json's reflection noticeable.
func intArray(s string) ([]int64, error) {
	body, ok := strings.CutPrefix(strings.TrimSpace(s), "[")
	body, ok2 := strings.CutSuffix(body, "]")
	if !ok || !ok2 {
		return nil, fmt.Errorf("decode number list %q: not a JSON array", s)
	}
	out := make([]int64, 0, strings.Count(body, ",")+1)
	for part := range strings.SplitSeq(body, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		n, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("decode number list %q: %w", s, err)
		}
		out = append(out, n)
	}
	return out, nil
}

// name is the name of column num of relation rel. The queries do not
// share a snapshot, so a table altered between them can miss a column.
func (c *pgCatalog) name(rel, num int64) (string, error) {
	name, ok := c.attNames[attRef{rel, num}]
	if !ok {
		return "", fmt.Errorf("column %d of relation %d changed while the catalog was read; read it again", num, rel)
	}
	return name, nil
}

// writeDDL reconstructs every relation's DDL once the model is complete.
func (c *pgCatalog) writeDDL() {
	owned := map[string]map[string]Sequence{} // schema → "table.column" → sequence
	for schema, seqs := range c.sequences {
		owned[schema] = map[string]Sequence{}
		for _, s := range seqs {
			if s.OwnedBy != "" {
				owned[schema][s.OwnedBy] = s
			}
		}
	}
	for _, k := range c.order {
		t := c.tables[k]
		t.DDL = pgDDL(k.schema, t, c.servers[k], owned[k.schema])
	}
}

// model assembles the catalog into a Model, schemas by name.
func (c *pgCatalog) model() *Model {
	m := &Model{Dialect: database.Postgres, Schemas: make([]Schema, len(c.schemas))}
	at := map[string]int{}
	for i, s := range c.schemas {
		m.Schemas[i] = Schema{Name: s, Enums: c.enums[s], Domains: c.domains[s], Sequences: c.sequences[s]}
		at[s] = i
	}
	for _, k := range c.order {
		s := &m.Schemas[at[k.schema]]
		s.Tables = append(s.Tables, *c.tables[k])
	}
	normalize(m)
	return m
}

// jsonNames decodes a JSON array of names; NULL is an empty list.
func jsonNames(s sql.NullString) ([]string, error) {
	out := []string{}
	if !s.Valid {
		return out, nil
	}
	if err := json.Unmarshal([]byte(s.String), &out); err != nil {
		return nil, fmt.Errorf("decode name list %q: %w", s.String, err)
	}
	return out, nil
}

// pgAction spells out a pg_constraint referential action code.
func pgAction(code string) string {
	switch code {
	case "r":
		return "RESTRICT"
	case "c":
		return "CASCADE"
	case "n":
		return "SET NULL"
	case "d":
		return "SET DEFAULT"
	}
	return "NO ACTION"
}

// checkExpr strips the "CHECK (...)" wrapper (and any NOT VALID or NO
// INHERIT after it) from pg_get_constraintdef's text.
func checkExpr(def string) string {
	rest, ok := strings.CutPrefix(strings.TrimSpace(def), "CHECK ")
	if !ok || !strings.HasPrefix(rest, "(") {
		return def
	}
	toks := sqliteddl.Tokenize(rest)
	end := sqliteddl.Matching(toks, 0)
	if end >= len(toks) {
		return def
	}
	return sqliteddl.Between(rest, toks, 0, end)
}
