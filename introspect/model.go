// Package introspect owns reading a live database's schema into one model
// shared by every dialect: schemas, tables, columns, keys, indexes, checks,
// triggers, enums, domains and sequences. Each dialect reads its catalog with a
// constant number of queries, whatever the number of tables.
package introspect

import (
	"context"
	"database/sql"
	"errors"

	"studio/database"
)

// ErrNotFound is returned when a schema or table asked for does not exist.
var ErrNotFound = errors.New("not found")

// Queryer is what introspection reads through: *sql.DB, *sql.Conn and *sql.Tx
// all satisfy it, so a schema can be read inside a transaction that is later
// rolled back (push loads the desired schema that way).
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Dialect reads one database engine's catalog.
type Dialect interface {
	// Name is database.SQLite or database.Postgres.
	Name() database.Dialect
	// Summary lists every user schema with its relations (name, kind, row
	// estimate, size, virtual-table module, shadow tables and a partition's
	// parent) and nothing else, so the overview stays cheap on databases with thousands of tables.
	Summary(ctx context.Context, q Queryer) (*Model, error)
	// Inspect reads the full model of the named schemas, or of every user
	// schema when none are named. It returns ErrNotFound (wrapped) when a
	// named schema does not exist.
	Inspect(ctx context.Context, q Queryer, schemas ...string) (*Model, error)
}

// Table kinds.
const (
	KindTable            = "table"
	KindView             = "view"
	KindMaterializedView = "materialized_view"
	KindVirtual          = "virtual"
)

// Model is a database's schema. Its JSON form is the contract of
// `studio inspect --json`.
type Model struct {
	Dialect database.Dialect `json:"dialect"`
	Schemas []Schema         `json:"schemas"`
}

// Schema is one namespace: PostgreSQL schema or SQLite database (main,
// attached ones).
type Schema struct {
	Name      string     `json:"name"`
	Tables    []Table    `json:"tables"`
	Enums     []Enum     `json:"enums"`
	Domains   []Domain   `json:"domains"`
	Sequences []Sequence `json:"sequences,omitempty"`
}

// Table is a table, view, materialized view or virtual table.
type Table struct {
	Name        string       `json:"name"`
	Kind        string       `json:"kind"`
	Columns     []Column     `json:"columns"`
	PrimaryKey  []string     `json:"primaryKey"`
	ForeignKeys []ForeignKey `json:"foreignKeys"`
	Indexes     []Index      `json:"indexes"`
	Uniques     []Unique     `json:"uniques"`
	Checks      []Check      `json:"checks"`
	Triggers    []Trigger    `json:"triggers"`
	Comment     string       `json:"comment,omitempty"`
	// Definition is a view's or materialized view's SELECT.
	Definition string `json:"definition,omitempty"`
	// DDL is the statement that creates the table as the database reports
	// it (SQLite: sqlite_schema.sql; PostgreSQL: reconstructed).
	DDL string `json:"ddl,omitempty"`
	// Module is a virtual table's module, e.g. "fts5".
	Module string `json:"module,omitempty"`
	// ShadowTables are the tables a virtual table keeps its data in (FTS5
	// _data, _idx, _docsize, _config, _content); they are not listed as
	// tables of their own.
	ShadowTables []string `json:"shadowTables,omitempty"`
	// RowEstimate is the planner's estimate (-1 when unknown, e.g. a
	// never-analyzed PostgreSQL table).
	RowEstimate int64 `json:"rowEstimate"`
	// SizeBytes is the on-disk size including indexes (-1 when unknown).
	SizeBytes int64 `json:"sizeBytes"`
	// WithoutRowID marks SQLite WITHOUT ROWID tables.
	WithoutRowID bool `json:"withoutRowId,omitempty"`
	// AutoIncrement marks SQLite AUTOINCREMENT tables.
	AutoIncrement bool `json:"autoIncrement,omitempty"`
	// PrimaryKeyName is the primary key constraint's name (PostgreSQL;
	// empty on SQLite, which does not keep one).
	PrimaryKeyName string `json:"primaryKeyName,omitempty"`
	// PartitionKey is a PostgreSQL partitioned table's key, e.g.
	// "RANGE (created_at)".
	PartitionKey string `json:"partitionKey,omitempty"`
	// PartitionOf is the parent of a PostgreSQL partition, and
	// PartitionBound its bound, e.g. "FOR VALUES FROM ('2024-01-01') TO (...)".
	PartitionOf    *TableRef `json:"partitionOf,omitempty"`
	PartitionBound string    `json:"partitionBound,omitempty"`
}

// Column is one column of a table or view.
type Column struct {
	Name       string  `json:"name"`
	Type       string  `json:"type"`
	Nullable   bool    `json:"nullable"`
	Default    *string `json:"default"`
	PrimaryKey bool    `json:"primaryKey"`
	// Generated is the expression of a generated column; GeneratedKind is
	// "STORED" or "VIRTUAL".
	Generated     string `json:"generated,omitempty"`
	GeneratedKind string `json:"generatedKind,omitempty"`
	// Identity is "ALWAYS" or "BY DEFAULT" for PostgreSQL identity columns.
	Identity  string `json:"identity,omitempty"`
	Collation string `json:"collation,omitempty"`
	Comment   string `json:"comment,omitempty"`
}

// ForeignKey is an outgoing foreign key. OnDelete and OnUpdate are one of
// CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION.
type ForeignKey struct {
	Name       string   `json:"name"`
	Columns    []string `json:"columns"`
	RefSchema  string   `json:"refSchema"`
	RefTable   string   `json:"refTable"`
	RefColumns []string `json:"refColumns"`
	OnDelete   string   `json:"onDelete"`
	OnUpdate   string   `json:"onUpdate"`
	// Deferrable and InitiallyDeferred tell when the key is checked
	// (PostgreSQL; always false on SQLite, whose pragmas do not say).
	Deferrable        bool `json:"deferrable,omitempty"`
	InitiallyDeferred bool `json:"initiallyDeferred,omitempty"`
	// Inherited marks a PostgreSQL partition's copy of its parent's key.
	Inherited bool `json:"inherited,omitempty"`
}

// Index is an index. Columns holds column names, or the expression's SQL
// text for expression parts. Where is the predicate of a partial index.
type Index struct {
	Name    string   `json:"name"`
	Columns []string `json:"columns"`
	Unique  bool     `json:"unique"`
	Where   *string  `json:"where"`
	// Method is the access method (btree, gin, ...); empty on SQLite.
	Method string `json:"method,omitempty"`
	// Expression is true when any part is an expression, not a column.
	Expression bool `json:"expression,omitempty"`
	// Origin tells why the index exists: "index" (CREATE INDEX), "unique"
	// or "primary" (backs a constraint).
	Origin string `json:"origin,omitempty"`
	// Definition is the CREATE INDEX statement when the database keeps one.
	Definition string `json:"definition,omitempty"`
	// Inherited marks a PostgreSQL partition's copy of an index of its
	// parent.
	Inherited bool `json:"inherited,omitempty"`
}

// Unique is a UNIQUE constraint.
type Unique struct {
	Name    string   `json:"name"`
	Columns []string `json:"columns"`
}

// Check is a CHECK constraint; Expr is its expression.
type Check struct {
	Name string `json:"name"`
	Expr string `json:"expr"`
	// Inherited marks a check a PostgreSQL partition has from its parent.
	Inherited bool `json:"inherited,omitempty"`
}

// Trigger is a trigger with the SQL that creates it.
type Trigger struct {
	Name string `json:"name"`
	SQL  string `json:"sql"`
}

// Enum is a PostgreSQL enum type with its values in order.
type Enum struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
}

// Domain is a PostgreSQL domain: a base type with NOT NULL, a default and
// CHECK constraints (whose Expr tests VALUE). Columns of a domain have the
// domain's name as their Type.
type Domain struct {
	Name     string  `json:"name"`
	BaseType string  `json:"baseType"`
	Nullable bool    `json:"nullable"`
	Default  *string `json:"default"`
	Checks   []Check `json:"checks"`
	// Collation is set when it differs from the base type's.
	Collation string `json:"collation,omitempty"`
}

// Sequence is a PostgreSQL sequence. OwnedBy is "table.column" when the
// sequence belongs to a column (serial, identity).
type Sequence struct {
	Name      string `json:"name"`
	DataType  string `json:"dataType"`
	Start     int64  `json:"start"`
	Increment int64  `json:"increment"`
	Min       int64  `json:"min"`
	Max       int64  `json:"max"`
	Cycle     bool   `json:"cycle"`
	OwnedBy   string `json:"ownedBy,omitempty"`
}
