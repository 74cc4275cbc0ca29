package migrations

import (
	"fmt"
	"strings"

	"studio/database"
)

// action is what the runner does with one piece of a chunk.
type action int

const (
	// actRun sends the piece inside the run's transaction.
	actRun action = iota
	// actOutside commits the transaction, sends the piece on its own in
	// autocommit, then opens a new transaction (PostgreSQL statements that
	// refuse to run in a transaction block, such as CREATE INDEX
	// CONCURRENTLY).
	actOutside
	// actCommit is a COMMIT the file wrote to leave the transaction: the
	// work so far is committed and a new transaction begins.
	actCommit
	// actSkip is transaction control the runner already provides (a
	// BEGIN ... COMMIT pair inside a file, or any of them on SQLite).
	actSkip
)

// step is one piece of one chunk with what to do with it.
type step struct {
	stmt  *Statement
	start int // piece bounds in stmt.SQL
	end   int
	act   action
	// concurrently is the offset in stmt.SQL of the CONCURRENTLY keyword
	// of an actOutside piece, or -1; a dry run drops it to run the
	// statement inside its transaction.
	concurrently int
	// what names the statement for notes ("CREATE INDEX CONCURRENTLY").
	what string
}

func (s step) text() string { return s.stmt.SQL[s.start:s.end] }

// stmtKind classifies a top-level statement.
type stmtKind int

const (
	kindSQL stmtKind = iota
	kindBegin
	kindCommit
	kindRollback
	kindOutside
)

// planMigration turns a migration into steps. Blank chunks produce no
// step. A chunk with no transaction control and nothing that must run
// outside a transaction is one step holding the chunk exactly as written.
func planMigration(m *Migration, d database.Dialect) ([]step, error) {
	var out []step
	open := false // the file opened its own BEGIN block
	for i := range m.Statements {
		st := &m.Statements[i]
		if st.Empty {
			continue
		}
		for _, p := range pieces(st.SQL, d) {
			s := step{stmt: st, start: p.start, end: p.end, concurrently: p.concurrently, what: p.what}
			switch p.kind {
			case kindSQL:
				if isBlank(s.text()) {
					continue
				}
				s.act = actRun
			case kindRollback:
				return nil, fmt.Errorf("%w: %s statement %d (line %d) is %s, which would discard the whole run",
					ErrUnsupported, m.File, st.Number, lineAt(m.Content, st.Offset+p.start+firstToken(s.text())), p.what)
			case kindOutside:
				s.act = actOutside
			case kindBegin:
				s.act, open = actSkip, true
			case kindCommit:
				s.act = actSkip
				if d == database.Postgres && !open {
					s.act = actCommit
				}
				open = false
			}
			out = append(out, s)
		}
	}
	return out, nil
}

// piece is a run of consecutive statements of one kind inside a chunk.
type piece struct {
	kind         stmtKind
	start, end   int
	concurrently int
	what         string
}

// pieces groups a chunk's statements: ordinary statements stay together
// (so a chunk is normally a single piece, sent as written); each
// transaction-control or must-run-outside statement is a piece of its own.
func pieces(chunk string, d database.Dialect) []piece {
	var out []piece
	for _, sp := range statements(chunk, d) {
		kind, what := classify(sp.words, d)
		if sp.empty {
			kind = kindSQL
		}
		if n := len(out); n > 0 && kind == kindSQL && out[n-1].kind == kindSQL {
			out[n-1].end = sp.end
			continue
		}
		p := piece{kind: kind, start: sp.start, end: sp.end, concurrently: -1, what: what}
		if kind == kindOutside && sp.concurrently >= 0 {
			p.concurrently = sp.concurrently
		}
		out = append(out, p)
	}
	return out
}

// classify names a statement by its first words.
func classify(w []string, d database.Dialect) (stmtKind, string) {
	at := func(i int) string {
		if i < len(w) {
			return w[i]
		}
		return ""
	}
	has := func(word string) bool {
		for _, x := range w {
			if x == word {
				return true
			}
		}
		return false
	}
	switch first := at(0); {
	case first == "BEGIN", first == "START" && at(1) == "TRANSACTION":
		return kindBegin, strings.Join(w[:min(len(w), 2)], " ")
	case (first == "COMMIT" || first == "END") && at(1) != "PREPARED":
		return kindCommit, strings.Join(w[:min(len(w), 2)], " ")
	case (first == "ROLLBACK" || first == "ABORT") && !has("TO") && at(1) != "PREPARED":
		return kindRollback, first
	case d != database.Postgres:
		return kindSQL, ""
	case first == "CREATE" && (at(1) == "INDEX" && at(2) == "CONCURRENTLY" || at(1) == "UNIQUE" && at(2) == "INDEX" && at(3) == "CONCURRENTLY"):
		return kindOutside, "CREATE INDEX CONCURRENTLY"
	case first == "DROP" && at(1) == "INDEX" && at(2) == "CONCURRENTLY":
		return kindOutside, "DROP INDEX CONCURRENTLY"
	case first == "REINDEX" && has("CONCURRENTLY"):
		return kindOutside, "REINDEX CONCURRENTLY"
	case first == "ALTER" && at(1) == "TABLE" && has("DETACH") && has("CONCURRENTLY"):
		return kindOutside, "DETACH PARTITION CONCURRENTLY"
	case first == "VACUUM":
		return kindOutside, "VACUUM"
	case (first == "CREATE" || first == "DROP") && (at(1) == "DATABASE" || at(1) == "TABLESPACE"):
		return kindOutside, first + " " + at(1)
	case first == "ALTER" && at(1) == "SYSTEM":
		return kindOutside, "ALTER SYSTEM"
	}
	return kindSQL, ""
}

// dryRunText is the text of an actOutside step as a dry run sends it
// inside its transaction: CONCURRENTLY blanked out (same length, so error
// positions still match the file).
func (s step) dryRunText() (string, bool) {
	if s.concurrently < 0 {
		return "", false
	}
	t := s.stmt.SQL
	return t[s.start:s.concurrently] + strings.Repeat(" ", len("CONCURRENTLY")) + t[s.concurrently+len("CONCURRENTLY"):s.end], true
}
