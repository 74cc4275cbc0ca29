package review

import (
	"context"
	"strings"
	"unicode/utf8"

	"studio/database"
	"studio/introspect"
)

// analyzer simulates a batch: it follows the actions in order, keeping
// track of what earlier statements created, renamed, copied and dropped,
// so that each warning reflects the state the statement actually meets.
type analyzer struct {
	ctx     context.Context
	q       Counter
	opts    Options
	dialect database.Dialect
	cat     *catalog
	stmts   []Statement
	acts    []action
	counts  map[string]int64 // query+args -> count, so each count runs once
	probes  map[string]probeResult

	rels   map[string]*rel // current key -> relation
	byLive map[string]*rel // live key -> relation, for the counts
	order  []*rel          // every relation seen, in order, for determinism
	gone   map[string]bool // live keys no longer reachable under their live name

	droppedViews   map[string]bool // views dropped earlier in the batch
	droppedEnums   map[string]bool
	createdEnums   map[string]bool
	createdIndexes map[string]bool
	droppedIndexes map[string]bool
	inTxn          bool // a transaction is open (the migrator opens one)
	fkOff          bool // PRAGMA foreign_keys=OFF ran outside a transaction
	pragmaNoted    map[string]bool
	fileBegin      map[string]int      // file -> action index of a BEGIN it wrote, not yet closed
	txnNoted       map[string]int      // file -> action index of its first explained BEGIN/COMMIT
	firstLock      map[string]lockNote // file -> its first lock-taking statement
	firstLong      map[string]lockNote // file -> its first statement holding a lock while it scans
	lockFiles      []string            // files in the order of their first lock
	batchCons      map[string]int      // key(table, constraint) -> action index of its ADD CONSTRAINT
	txnSeq         int                 // bumped by every BEGIN/COMMIT/ROLLBACK
	conSeq         map[int]int         // ADD CONSTRAINT action -> txnSeq when it ran

	starts []int // per statement: offset of its first token (see lineAt)

	out []pending
	err error // first counting error; stops the analysis
}

type pending struct {
	w                Warning
	stmt, off, start int // start: offset of the statement's first token, for suppression
}

// rel is a table as the batch sees it at the current statement.
type rel struct {
	schema, name string     // current name
	live         *liveTable // the table before the batch; nil when created in it
	dropped      bool
	rebuilt      bool            // dropped as part of a rebuild
	copies       []copyOf        // INSERT ... SELECT into this table
	added        map[string]bool // columns added in the batch (current names)
	droppedCols  map[string]bool // live column names dropped in the batch
	liveCol      map[string]string
	types        map[string]string // live column -> type set in the batch
	updated      map[string]int    // current column -> action index of an UPDATE setting it
	renamedAt    int               // action index of the first table rename, -1
	deletedAt    int               // action index of the last DELETE from it, -1
	emptied      bool              // a TRUNCATE or DELETE without WHERE emptied it, and nothing refilled it
	colRenamedAt map[string]int    // live column -> action index of its first rename
	createdAt    int               // action index of its CREATE TABLE (tables created in the batch)
}

// copyOf records INSERT INTO this SELECT ... FROM src.
type copyOf struct {
	src    *rel
	star   bool
	idents map[string]bool
	at     int // action index
}

func newAnalyzer(ctx context.Context, q Counter, d database.Dialect, m *introspect.Model, stmts []Statement) *analyzer {
	return &analyzer{ctx: ctx, q: q, dialect: d, cat: newCatalog(m, d), stmts: stmts,
		counts: map[string]int64{}, probes: map[string]probeResult{}, rels: map[string]*rel{}, byLive: map[string]*rel{}, gone: map[string]bool{},
		droppedViews: map[string]bool{}, droppedEnums: map[string]bool{}, createdEnums: map[string]bool{},
		createdIndexes: map[string]bool{}, droppedIndexes: map[string]bool{}, inTxn: true, pragmaNoted: map[string]bool{},
		fileBegin: map[string]int{}, txnNoted: map[string]int{}, firstLock: map[string]lockNote{},
		firstLong: map[string]lockNote{}, batchCons: map[string]int{}, conSeq: map[int]int{}}
}

func newRel(schema, name string, live *liveTable) *rel {
	return &rel{schema: schema, name: name, live: live, added: map[string]bool{},
		droppedCols: map[string]bool{}, liveCol: map[string]string{}, types: map[string]string{},
		updated: map[string]int{}, renamedAt: -1, deletedAt: -1, createdAt: -1, colRenamedAt: map[string]int{}}
}

// step applies action i: warn about it, then record its effect.
func (a *analyzer) step(i int) {
	if a.ctx.Err() != nil {
		a.err = a.ctx.Err()
		return
	}
	if act := &a.acts[i]; a.dialect != database.SQLite && lockOp(act.op) && !act.inDO && act.target.name != "" {
		if r := a.lookup(act.target); r != nil {
			a.tookLock(i, r, false)
		}
	}
	a.styleStatement(i)
	switch a.acts[i].op {
	case opCreateTable:
		a.createTable(i)
	case opCreateIndex:
		a.createIndex(i)
	case opCreateEnum:
		a.createEnum(i)
	case opDropTable:
		a.dropTable(i)
	case opDropView:
		a.dropView(i)
	case opDropIndex:
		a.dropIndex(i)
	case opDropSchema:
		a.dropSchema(i)
	case opDropType:
		a.dropType(i)
	case opRenameTable:
		a.renameTable(i)
	case opRenameColumn:
		a.renameColumn(i)
	case opRenameSchema, opRenameEnumValue:
		a.renameOther(i)
	case opAddColumn:
		a.addColumn(i)
	case opDropColumn:
		a.dropColumn(i)
	case opAlterType:
		a.alterType(i)
	case opSetNotNull:
		a.setNotNull(i)
	case opDropNotNull:
		a.dropNotNull(i)
	case opAddConstraint:
		a.addConstraint(i)
	case opTruncate:
		a.truncate(i)
	case opDelete:
		a.deleteRows(i)
	case opUpdate:
		a.update(i)
	case opInsert:
		a.insert(i)
	case opPragmaFK:
		a.pragma(i)
	case opBegin, opCommit, opRollback:
		a.transaction(i)
	case opValidateConstraint:
		a.validateConstraint(i)
	case opDropConstraint:
		a.dropConstraint(i)
	case opDetachPartition:
		a.detachPartition(i)
	case opReindex, opVacuumFull:
		a.maintenance(i)
	case opDropDatabase:
		a.dropDatabase(i)
	case opDomainConstraint:
		a.domainConstraint(i)
	}
}

// schemaFor picks the schema of a name: its qualifier, else a table the
// batch created under that name, else the live catalog's choice.
func (a *analyzer) schemaFor(n qname) string {
	if n.schema != "" {
		return n.schema
	}
	def := a.cat.defaultSchema()
	if _, ok := a.rels[a.cat.key(def, n.name)]; ok {
		return def
	}
	for _, r := range a.order {
		if !r.dropped && r.live == nil && a.cat.fold(r.name) == a.cat.fold(n.name) {
			return r.schema
		}
	}
	return a.cat.schemaOf(n.name)
}

func (a *analyzer) keyOf(r *rel) string { return a.cat.key(r.schema, r.name) }

// lookup returns the relation a name refers to at this point of the
// batch, or nil when it does not exist (dropped, renamed away, or not in
// the live model).
func (a *analyzer) lookup(n qname) *rel {
	schema := a.schemaFor(n)
	k := a.cat.key(schema, n.name)
	if r := a.rels[k]; r != nil {
		return r
	}
	if a.gone[k] {
		return nil
	}
	lt, ok := a.cat.table(schema, n.name)
	if !ok {
		if a.cat.known() {
			return nil
		}
		lt = liveTable{schema: schema, name: n.name, qualified: n.schema != ""}
	}
	r := newRel(lt.schema, lt.name, &lt)
	a.rels[k] = r
	a.byLive[a.cat.key(lt.schema, lt.name)] = r
	a.order = append(a.order, r)
	return r
}

// remove takes r out of the batch's namespace.
func (a *analyzer) remove(r *rel) {
	k := a.keyOf(r)
	delete(a.rels, k)
	a.gone[k] = true
	r.dropped = true
}

// colLive maps a column's current name in r to its live name; "" when
// the column was added in the batch.
func (a *analyzer) colLive(r *rel, col string) string {
	f := a.cat.fold(col)
	if r.added[f] {
		return ""
	}
	if l, ok := r.liveCol[f]; ok {
		return l
	}
	return col
}

// warn records a warning of rule code about action act and returns it,
// for the caller to add a Sample. sev is the rule's severity for this
// finding (a DO block lowers error to warning).
func (a *analyzer) warn(act *action, code, sev string, lt *liveTable, rows int64, msg string) *Warning {
	st := a.stmts[act.stmt]
	if act.inDO {
		if sev == SeverityError {
			sev = SeverityWarning
		}
		msg += " (inside a DO block, which may run it conditionally)"
	}
	rule, ok := RuleFor(code)
	if !ok {
		panic("review: no rule " + code)
	}
	w := Warning{Code: code, File: st.File, Statement: st.Index, Kind: rule.Kind, Severity: sev,
		Line: a.lineAt(act.stmt, act.off), Column: a.columnAt(act.stmt, act.off), Message: msg, Rows: rows}
	if lt != nil {
		w.Table = lt.name
		if lt.qualified {
			w.Table = lt.schema + "." + lt.name
		}
	}
	a.out = append(a.out, pending{w: w, stmt: act.stmt, off: act.off, start: act.start})
	return &a.out[len(a.out)-1].w
}

// later returns the index of the first action after i for which f is
// true, or -1.
func (a *analyzer) later(i int, f func(*action) bool) int {
	for j := i + 1; j < len(a.acts); j++ {
		if f(&a.acts[j]) {
			return j
		}
	}
	return -1
}

// line is the line of action j, for messages that point elsewhere.
func (a *analyzer) line(j int) int { return a.lineAt(a.acts[j].stmt, a.acts[j].off) }

// lineAt is the file line of byte off of statement s. Statement.Line is
// the line of the chunk's first token past blanks and comments, so lines
// are counted from there.
func (a *analyzer) lineAt(s, off int) int {
	st := a.stmts[s]
	off = min(max(off, 0), len(st.SQL))
	start := a.starts[s]
	if off >= start {
		return st.Line + strings.Count(st.SQL[start:off], "\n")
	}
	return st.Line - strings.Count(st.SQL[off:start], "\n")
}

// columnAt is the 1-based column, in characters, of byte off of
// statement s: counted from the last newline before it, or from the
// chunk's own column when the token is on the chunk's first line.
func (a *analyzer) columnAt(s, off int) int {
	st := a.stmts[s]
	off = min(max(off, 0), len(st.SQL))
	nl := strings.LastIndexByte(st.SQL[:off], '\n')
	if nl < 0 {
		return max(st.Column, 1) + utf8.RuneCountInString(st.SQL[:off])
	}
	return 1 + utf8.RuneCountInString(st.SQL[nl+1:off])
}

// firstToken is the offset of the first token of sql that is not
// whitespace or a comment (0 when there is none).
func firstToken(sql string, d database.Dialect) int {
	for _, t := range tokenize(sql, d) {
		if t.kind != tSpace && t.kind != tComment {
			return t.off
		}
	}
	return 0
}
