package rows

import (
	"fmt"
	"slices"
	"strings"

	"studio/database"
	"studio/input"
	"studio/introspect"
)

// ErrBadQuery is wrapped by every error caused by a request's parameters
// (unknown column, operator that does not fit the type, tampered cursor).
// It is input.ErrBad under the name the grid's code reads best with.
var ErrBadQuery = input.ErrBad

// Kind classifies a column or a value for display, filters and JSON.
type Kind uint8

// Value kinds.
const (
	KindText Kind = iota
	KindInt
	KindFloat
	KindNumeric
	KindBool
	KindJSON
	KindBinary
	KindTime
	KindEnum
	KindOther // uuid, interval, arrays, ranges, ...: text as printed
)

// Column is one column of a grid.
type Column struct {
	Name     string
	Type     string
	Kind     Kind
	Nullable bool
	// Default is the column's default expression ("" when none).
	Default string
	// Computed columns (generated, identity ALWAYS) are left to the
	// database on insert and never edited.
	Computed bool
	// Key marks columns of the row key.
	Key bool
	// Enum holds the allowed values of an enum column.
	Enum []string
	// FK is the outgoing foreign key this column is the only column of.
	FK *introspect.ForeignKey
	// Choices are the values a CHECK (col IN (...)) allows, in its order.
	Choices []string
	// Unique: no two rows may hold the same non-NULL value (a primary
	// key, UNIQUE constraint or full unique index of this column alone).
	Unique bool
	// Checks are the CHECK expressions that name the column.
	Checks []string
	// Rules are what of its type and CHECKs a form can check itself.
	Rules Rules
	// unordered: the database cannot order its values (Sortable).
	unordered bool
}

// unorderedPG are PostgreSQL types without a b-tree operator class:
// ORDER BY refuses them (json, unlike jsonb, has no equality either).
// SQLite orders every value, whatever the declared type.
var unorderedPG = map[string]bool{"json": true, "xml": true, "point": true, "line": true,
	"lseg": true, "box": true, "path": true, "polygon": true, "circle": true}

// Sortable reports whether the database can order the column's values:
// the grid's headers link a sort only then.
func (c Column) Sortable() bool { return !c.unordered }

// Table is what the grid needs to know about one table or view.
type Table struct {
	Dialect database.Dialect
	Schema  string
	Name    string
	Kind    string
	Columns []Column
	// Key names the columns that identify a row and order pages. It is the
	// primary key, or a pseudo-column (SQLite rowid, PostgreSQL ctid) when
	// Pseudo is set, or empty for relations paged by OFFSET (views).
	Key    []string
	Pseudo bool
	// ReadOnly says why rows cannot be changed ("" when they can).
	ReadOnly    string
	ForeignKeys []introspect.ForeignKey
	Incoming    []introspect.IncomingFK
	// RowEstimate is the planner's estimate as the catalog read it (-1 when
	// unknown): cached with the model, so a page need not ask again.
	RowEstimate int64
}

// NewTable builds the grid's table from the model.
func NewTable(m *introspect.Model, schema, name string) (*Table, error) {
	it, err := m.Table(schema, name)
	if err != nil {
		return nil, err
	}
	t := &Table{Dialect: m.Dialect, Schema: schema, Name: name, Kind: it.Kind,
		ForeignKeys: it.ForeignKeys, Incoming: m.Incoming(schema, name), RowEstimate: it.RowEstimate}
	enums := enumsOf(m)
	for _, c := range it.Columns {
		col := Column{Name: c.Name, Type: c.Type, Nullable: c.Nullable,
			Computed: c.Generated != "" || c.Identity == "ALWAYS",
			Key:      slices.Contains(it.PrimaryKey, c.Name)}
		if c.Default != nil {
			col.Default = *c.Default
		}
		col.Enum = enums[enumName(c.Type, schema)]
		col.Kind = kindOf(t.engine(), c.Type, col.Enum != nil)
		col.unordered = t.Dialect == database.Postgres && unorderedPG[strings.TrimSuffix(strings.ToLower(c.Type), "[]")]
		for i := range it.ForeignKeys {
			if fk := &it.ForeignKeys[i]; len(fk.Columns) == 1 && fk.Columns[0] == c.Name {
				col.FK = fk
			}
		}
		t.Columns = append(t.Columns, col)
	}
	t.chooseKey(it)
	t.constrain(it)
	return t, nil
}

// chooseKey picks the paging key and says whether rows can be changed.
func (t *Table) chooseKey(it *introspect.Table) {
	switch it.Kind {
	case introspect.KindView:
		t.ReadOnly = "views are read-only here"
	case introspect.KindMaterializedView:
		t.ReadOnly = "materialized views cannot be edited"
		t.Key, t.Pseudo = []string{"ctid"}, true
	case introspect.KindVirtual:
		t.ReadOnly = "virtual tables (" + it.Module + ") are read-only here"
		t.Key, t.Pseudo = []string{"rowid"}, true
	default:
		t.engine().key(t, it)
	}
	if len(t.Key) > 0 && !t.Pseudo {
		for i := range t.Columns {
			t.Columns[i].Key = slices.Contains(t.Key, t.Columns[i].Name)
		}
	}
}

// rowidAlias reports whether a SQLite table's primary key is its rowid
// (a single INTEGER PRIMARY KEY column).
func rowidAlias(it *introspect.Table) bool {
	if len(it.PrimaryKey) != 1 {
		return false
	}
	for _, c := range it.Columns {
		if c.Name == it.PrimaryKey[0] {
			return strings.EqualFold(strings.TrimSpace(c.Type), "INTEGER")
		}
	}
	return false
}

// Column returns the named column, or nil.
func (t *Table) Column(name string) *Column {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i]
		}
	}
	return nil
}

// Editable reports whether rows can be inserted, changed and deleted.
func (t *Table) Editable() bool { return t.ReadOnly == "" }

// Paged reports whether the relation is paged by key (false: by OFFSET).
func (t *Table) Paged() bool { return len(t.Key) > 0 }

// Ident is the relation's quoted, schema-qualified name.
func (t *Table) Ident() string { return qualified(t.Schema, t.Name) }

func enumsOf(m *introspect.Model) map[string][]string {
	out := map[string][]string{}
	for _, s := range m.Schemas {
		for _, e := range s.Enums {
			out[s.Name+"."+e.Name] = e.Values
		}
	}
	return out
}

// enumName turns a column type as format_type prints it (mood, "Mood",
// other.mood, "my schema"."Mood"[]) into the schema.name key of enumsOf.
func enumName(typ, schema string) string {
	typ = strings.TrimSuffix(typ, "[]")
	quoted := false
	for i := len(typ) - 1; i >= 0; i-- {
		switch {
		case typ[i] == '"':
			quoted = !quoted
		case typ[i] == '.' && !quoted:
			return unquote(typ[:i]) + "." + unquote(typ[i+1:])
		}
	}
	return schema + "." + unquote(typ)
}

func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
	}
	return s
}

// kindOf classifies a declared type. SQLite follows its affinity rules;
// values there still carry their own storage class (see Value).
func kindOf(e engine, typ string, enum bool) Kind {
	t := strings.ToLower(strings.TrimSpace(typ))
	if enum && !strings.HasSuffix(t, "[]") {
		return KindEnum
	}
	return e.kind(t)
}

func sqliteKind(t string) Kind {
	switch {
	case strings.Contains(t, "int"):
		return KindInt
	case strings.Contains(t, "bool"):
		return KindBool
	case strings.Contains(t, "json"):
		return KindJSON
	case strings.Contains(t, "char") || strings.Contains(t, "clob") || strings.Contains(t, "text"):
		return KindText
	case t == "":
		return KindOther
	case strings.Contains(t, "blob"):
		return KindBinary
	case strings.Contains(t, "real") || strings.Contains(t, "floa") || strings.Contains(t, "doub"):
		return KindFloat
	case strings.Contains(t, "date") || strings.Contains(t, "time"):
		return KindTime
	}
	return KindNumeric
}

func qualified(schema, name string) string {
	return fmt.Sprintf("%s.%s", quote(schema), quote(name))
}

func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
