package console

import (
	"context"
	"fmt"
	"strconv"

	"studio/database"
	"studio/input"
	"studio/rows"
	"studio/sqllex"
)

// Pick chooses what a run runs from the editor's text: the selection
// [start, end) when it holds more than blanks; else, when the text holds
// several statements, the one the caret (start) is in, or the last one
// before it (the caret just past a semicolon); else the whole text.
// Offsets count UTF-16 code units, as a browser's selectionStart does;
// negative or out of range, the whole text runs.
func Pick(text string, d sqllex.Dialect, start, end int) string {
	bs, be := byteOffset(text, start), byteOffset(text, end)
	if bs < 0 {
		return text
	}
	if be > bs {
		if sel := text[bs:be]; len(sqllex.Split(sel, d)) > 0 {
			return sel
		}
	}
	stmts := sqllex.Split(text, d)
	if len(stmts) < 2 {
		return text
	}
	pick := stmts[0]
	for _, s := range stmts {
		if s.Start <= bs {
			pick = s
		}
	}
	return pick.SQL
}

// byteOffset turns a UTF-16 offset into text into a byte offset, -1 when
// it is negative or past the end.
func byteOffset(text string, units int) int {
	if units < 0 {
		return -1
	}
	n := 0
	for i, r := range text {
		if n >= units {
			return i
		}
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	if n == units {
		return len(text)
	}
	return -1
}

// Count counts the rows st's statement returns, running it wrapped as
// SELECT count(*) FROM (...) the way an export runs (Stream): in a
// read-only transaction that is always rolled back, whatever the
// studio's mode, so a statement that writes fails instead of counting.
// It takes st's timeout and run id, so it can be cancelled like a run.
func (r *Runner) Count(ctx context.Context, db *database.DB, st Statement) (int64, error) {
	stmts := sqllex.Split(st.SQL, db.Dialect())
	if len(stmts) != 1 {
		return 0, fmt.Errorf("%w: count runs one statement", input.ErrBad)
	}
	// The new line keeps a trailing line comment from eating the paren.
	st.SQL = "SELECT count(*) FROM (\n" + stmts[0].SQL + "\n) AS studio_count"
	var n int64
	got := false
	err := r.Stream(ctx, db, st, rows.Sink{Row: func(vals []rows.Value) error {
		if len(vals) != 1 {
			return fmt.Errorf("count: %d columns came back", len(vals))
		}
		v, err := strconv.ParseInt(vals[0].Text, 10, 64)
		n, got = v, err == nil
		return err
	}})
	switch {
	case err != nil:
		return 0, err
	case !got:
		return 0, fmt.Errorf("count: no count came back")
	}
	return n, nil
}
