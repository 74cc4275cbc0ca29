package review

// op is what a parsed statement (or one clause of an ALTER TABLE) does.
type op uint8

const (
	opNone op = iota
	opCreateTable
	opCreateIndex
	opCreateView
	opCreateTrigger
	opCreateEnum
	opDropTable
	opDropView
	opDropIndex
	opDropSchema
	opDropType
	opDropTrigger
	opRenameTable
	opRenameColumn
	opRenameSchema
	opRenameEnumValue
	opAddColumn
	opDropColumn
	opAlterType
	opSetNotNull
	opDropNotNull
	opAddConstraint
	opTruncate
	opDelete
	opUpdate
	opInsert
	opPragmaFK
	opBegin
	opCommit
	opRollback
	opLockTimeout // SET lock_timeout
	opStatementTimeout
	opTimeZone // SET TimeZone / SET TIME ZONE: to holds the value
	opValidateConstraint
	opDropConstraint
	opDetachPartition
	opReindex
	opVacuumFull // VACUUM FULL, CLUSTER
	opDropDatabase
	opDomainConstraint
)

// qname is a possibly schema-qualified name as written, with quotes
// removed and unquoted parts folded to lower case.
type qname struct {
	schema string // "" when unqualified
	name   string
	off    int // offset of the name's first token in the chunk
}

// action is one thing a statement does, with the offset of the token a
// warning about it points at. Fields are used by the ops that need them.
type action struct {
	op   op
	stmt int  // index of the Statement in Analyze's input
	off  int  // offset in that Statement's SQL of the offending token
	inDO bool // comes from the body of a DO block, which may run conditionally
	// start is the offset of the first token of the top-level statement
	// the action comes from (the DO statement for its body's actions):
	// suppression comments are read above it.
	start int

	target qname  // table, index, view, type or schema acted on
	col    string // column acted on
	to     string // new name of a rename

	cascade      bool // CASCADE
	concurrently bool // CONCURRENTLY
	materialized bool // DROP MATERIALIZED VIEW
	where        bool // DELETE / UPDATE has a top-level WHERE
	notValid     bool // ADD CONSTRAINT ... NOT VALID
	usingIndex   bool // ADD PRIMARY KEY / UNIQUE USING INDEX
	on           bool // PRAGMA foreign_keys value
	star         bool // INSERT ... SELECT * copies every column
	ftsRebuild   bool // INSERT INTO fts(fts) VALUES('rebuild')

	def     *colDef         // ADD COLUMN / CREATE TABLE column
	cols    []colDef        // CREATE TABLE columns
	typ     string          // ALTER COLUMN TYPE: the new type as written
	using   bool            // ALTER COLUMN TYPE ... USING
	conKind string          // ADD CONSTRAINT: "FOREIGN KEY", "CHECK", "PRIMARY KEY", "UNIQUE", "EXCLUDE"
	setCols []string        // UPDATE ... SET columns
	srcs    []qname         // INSERT ... SELECT / CREATE TABLE AS source tables
	idents  map[string]bool // identifiers named in an INSERT's SELECT list
	values  []string        // CREATE TYPE ... AS ENUM values; RENAME VALUE old
	module  string          // CREATE VIRTUAL TABLE module
	content string          // FTS5 content= table
	onTable qname           // CREATE TRIGGER / CREATE INDEX: the table

	unique   bool     // CREATE UNIQUE INDEX
	conName  string   // ADD / VALIDATE / DROP CONSTRAINT name
	conCols  []string // UNIQUE, PRIMARY KEY, FOREIGN KEY columns; index columns
	exprs    []string // CREATE INDEX: each element's SQL (a column name quoted, or an expression)
	pred     string   // CREATE INDEX ... WHERE predicate (SQL), for partial unique indexes
	refTable qname    // FOREIGN KEY ... REFERENCES table
	refCols  []string
	expr     string      // CHECK expression; ALTER TYPE ... USING expression (SQL)
	ifExists bool        // CREATE ... IF NOT EXISTS / DROP ... IF EXISTS, for prefer-robust-stmts
	tcons    []tableCons // CREATE TABLE: table constraints
}

// tableCons is a table constraint of CREATE TABLE.
type tableCons struct {
	kind     string // "PRIMARY KEY", "UNIQUE", "FOREIGN KEY", "CHECK"
	cols     []string
	refTable qname
	refCols  []string
	expr     string
}

// colDef is a column definition of CREATE TABLE or ADD COLUMN.
type colDef struct {
	name       string
	typ        string // as written, normalised: "varchar(255)"
	notNull    bool
	hasDefault bool
	volatile   bool // DEFAULT calls a volatile function, or serial type
	generated  bool // GENERATED ALWAYS AS (...) STORED or AS IDENTITY
	primaryKey bool
	unique     bool     // inline UNIQUE
	refTable   qname    // inline REFERENCES table
	refCols    []string // inline REFERENCES columns
	typOff     int      // offset of the type, for style findings
}
