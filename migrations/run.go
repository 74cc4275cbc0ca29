package migrations

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// run is Apply on the pinned connection: lock, read, check, run, record,
// check foreign keys, commit (or roll back for a dry run).
func (r *runner) run(ctx context.Context) error {
	undo, err := r.st.prepare(ctx, r.conn, r.opts)
	if err != nil {
		return err
	}
	defer r.cleanup(ctx, undo)
	wait, err := r.st.begin(ctx, r.conn, r.cfg, true)
	r.res.LockWait = wait
	if err != nil {
		return err
	}
	r.inTx = true
	r.emit(Event{Kind: EventLocked, Duration: wait})
	h, err := readHistory(ctx, r.conn, r.st, r.cfg)
	if err != nil {
		return err
	}
	rep := buildReport(r.folder, h, r.cfg, r.dialect)
	r.res.Report = rep
	if err := rep.CheckDrift(r.opts); err != nil {
		return err
	}
	pending := rep.Pending()
	plans := make([][]step, len(pending))
	for i, m := range pending {
		if plans[i], err = planMigration(m, r.dialect); err != nil {
			return err
		}
	}
	v1 := r.folder.Layout == LayoutFolders
	if err := r.prepareTable(ctx, h, v1); err != nil {
		return err
	}
	if len(pending) > 0 {
		if err := r.migrateAll(ctx, pending, plans, v1); err != nil {
			return err
		}
	}
	return r.finish(ctx, len(pending))
}

func (r *runner) migrateAll(ctx context.Context, pending []*Migration, plans [][]step, v1 bool) error {
	before, err := r.st.snapshot(ctx, r.conn)
	if err != nil {
		return err
	}
	for i, m := range pending {
		if err := r.migrate(ctx, i+1, len(pending), m, plans[i], v1); err != nil {
			return err
		}
	}
	if err := r.st.check(ctx, r.conn, before); err != nil {
		return err
	}
	r.res.ForeignKeyCheck = before != nil
	return nil
}

// CheckDrift returns the *DriftError Apply stops with before running
// anything: modified, missing or out-of-order migrations that opts do not
// allow. Nil when a run may go ahead.
func (r *Report) CheckDrift(opts ApplyOptions) error {
	var d DriftError
	for _, s := range r.Migrations {
		switch {
		case s.State == Modified && !opts.AllowModified:
			d.Modified = append(d.Modified, s)
		case s.State == Missing && !opts.AllowMissing:
			d.Missing = append(d.Missing, s)
		case s.State == OutOfOrder && !opts.AllowOutOfOrder:
			d.OutOfOrder = append(d.OutOfOrder, s)
		}
	}
	if len(d.Modified)+len(d.Missing)+len(d.OutOfOrder) > 0 {
		return &d
	}
	return nil
}

// prepareTable creates the history table, or upgrades a 0.x table to the
// 1.0 shape for a folders-layout run, as drizzle-orm 1.0 does.
func (r *runner) prepareTable(ctx context.Context, h *history, v1 bool) error {
	if !h.exists {
		return r.st.ensureTable(ctx, r.conn, r.cfg, v1)
	}
	if !v1 || h.hasName {
		return nil
	}
	if err := r.st.addNameColumns(ctx, r.conn, r.cfg); err != nil {
		return err
	}
	mt := matchRecords(r.folder, h.records)
	for i, rec := range mt.byFile {
		if rec != nil {
			if err := r.st.setName(ctx, r.conn, r.cfg, rec.seq, r.folder.Migrations[i].Name); err != nil {
				return err
			}
		}
	}
	return nil
}

// migrate runs one migration's steps and records it.
func (r *runner) migrate(ctx context.Context, index, total int, m *Migration, steps []step, v1 bool) error {
	start := time.Now()
	r.emit(Event{Kind: EventMigrationStart, Migration: m.Name, Index: index, Total: total})
	mr := MigrationResult{Name: m.Name, File: m.File, Hash: m.Hash, CreatedAt: m.CreatedAt, Statements: []StatementResult{}}
	r.partial, r.broke = false, false
	ran := false
	for _, s := range steps {
		sr, err := r.step(ctx, m, s, ran)
		if err != nil {
			return err
		}
		ran = ran || sr.Skipped == ""
		mr.Statements = append(mr.Statements, sr)
		r.emit(Event{Kind: EventStatement, Migration: m.Name, Index: index, Total: total, Statement: &sr, Duration: sr.Duration})
	}
	if err := r.st.insert(ctx, r.conn, r.cfg, m, v1); err != nil {
		return err
	}
	mr.Duration = time.Since(start)
	r.res.Applied = append(r.res.Applied, mr)
	if r.enumCommits && addsEnumValue(m) {
		r.broke = true
		r.res.Notes = append(r.res.Notes, fmt.Sprintf("%s adds enum values: committed after it so later migrations can use them", m.Name))
	}
	if r.broke {
		// The file gave up atomicity; commit it with its record now, so
		// the history never disagrees with what is committed.
		if err := r.commit(ctx); err != nil {
			return fmt.Errorf("committing %s: %w", m.File, err)
		}
		if err := r.resume(ctx); err != nil {
			return err
		}
	}
	r.emit(Event{Kind: EventMigrationDone, Migration: m.Name, Index: index, Total: total, Duration: mr.Duration})
	return nil
}

// step executes one piece according to the transaction policy.
func (r *runner) step(ctx context.Context, m *Migration, s step, ran bool) (StatementResult, error) {
	sr := StatementResult{Number: s.stmt.Number, Line: lineAt(m.Content, s.stmt.Offset+s.start+firstToken(s.text()))}
	text := s.text()
	switch {
	case s.act == actSkip:
		sr.Skipped = fmt.Sprintf("%s: the run already provides the transaction", s.what)
		return sr, nil
	case s.act == actCommit && r.opts.DryRun:
		sr.Skipped = fmt.Sprintf("%s: a dry run stays in one transaction", s.what)
		return sr, nil
	case s.act == actCommit:
		return sr, r.commitPoint(ctx, m, s, ran, true)
	case s.act == actOutside && r.opts.DryRun:
		t, ok := s.dryRunText()
		if !ok {
			sr.Skipped = fmt.Sprintf("%s cannot run inside the dry-run transaction", s.what)
			return sr, nil
		}
		text, sr.Note = t, "dry run: sent without CONCURRENTLY, inside the transaction"
	case s.act == actOutside:
		if err := r.commitPoint(ctx, m, s, ran, false); err != nil {
			return sr, err
		}
		sr.Outside = true
	}
	start := time.Now()
	out, err := r.st.exec(ctx, r.conn, text)
	sr.Duration, sr.Tags, sr.RowsAffected = time.Since(start), out.tags, out.rows
	if err != nil {
		return sr, r.statementError(ctx, m, s, text, sr.Outside, err)
	}
	if sr.Outside {
		return sr, r.resume(ctx)
	}
	return sr, nil
}

// commitPoint commits the work so far because the file asks to leave the
// transaction. With again, a new transaction starts at once (a COMMIT in
// the file); otherwise the caller runs a statement outside first.
func (r *runner) commitPoint(ctx context.Context, m *Migration, s step, ran, again bool) error {
	if err := r.commit(ctx); err != nil {
		return fmt.Errorf("committing before %s statement %d: %w", m.File, s.stmt.Number, err)
	}
	r.partial = r.partial || ran
	r.broke = true
	note := fmt.Sprintf("%s statement %d: %s; the run was committed there", m.Name, s.stmt.Number, s.what)
	if !again {
		note = fmt.Sprintf("%s statement %d: %s runs outside a transaction, so the run was committed before it", m.Name, s.stmt.Number, s.what)
	}
	r.res.Notes = append(r.res.Notes, note)
	r.emit(Event{Kind: EventCommitted, Migration: m.Name, Message: note})
	if again {
		return r.resume(ctx)
	}
	return nil
}

// commit ends the current transaction for good, keeping the lock at
// session level first so no other run slips in before the run ends.
func (r *runner) commit(ctx context.Context) error {
	if !r.held {
		if err := r.st.holdAcrossCommits(ctx, r.conn, r.cfg); err != nil {
			return err
		}
		r.held = true
	}
	_, err := r.conn.ExecContext(ctx, "COMMIT")
	r.inTx = false
	if err != nil {
		return err
	}
	r.committed = r.committed[:0]
	for _, a := range r.res.Applied {
		r.committed = append(r.committed, a.Name)
	}
	return nil
}

// resume opens the next transaction after a commit point.
func (r *runner) resume(ctx context.Context) error {
	if _, err := r.st.begin(ctx, r.conn, r.cfg, false); err != nil {
		return err
	}
	r.inTx = true
	return nil
}

func (r *runner) statementError(ctx context.Context, m *Migration, s step, text string, outside bool, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s statement %d interrupted: %w", m.File, s.stmt.Number, ctx.Err())
	}
	d := r.st.describe(err, text)
	base := s.stmt.Offset + s.start
	e := &StatementError{
		Migration: m.Name, File: filepath.Join(r.folder.Dir, filepath.FromSlash(m.File)),
		Statement: s.stmt.Number, Line: lineAt(m.Content, base+firstToken(text)), SQL: text,
		Code: d.code, Message: d.message, Detail: d.detail, Hint: d.hint, Where: d.where, Err: err,
		Outside: outside, Committed: append([]string(nil), r.committed...), Partial: r.partial, DryRun: r.opts.DryRun,
	}
	if d.position > 0 {
		off := base + runeOffset(text, d.position-1)
		e.ErrorLine = lineAt(m.Content, off)
		e.ErrorText = lineText(m.Content, e.ErrorLine)
	}
	if outside && s.what == "CREATE INDEX CONCURRENTLY" && e.Hint == "" {
		e.Hint = "a failed CREATE INDEX CONCURRENTLY leaves an INVALID index behind; drop it before running again"
	}
	return e
}

// addsEnumValue spots ALTER TYPE ... ADD VALUE anywhere in a migration
// (DO blocks included); a false positive only costs an extra commit.
func addsEnumValue(m *Migration) bool {
	return strings.Contains(strings.ToUpper(m.Content), "ADD VALUE")
}

// runeOffset is the byte offset of the n-th character (0-based) of s;
// PostgreSQL counts error positions in characters.
func runeOffset(s string, n int) int {
	i := 0
	for off := range s {
		if i == n {
			return off
		}
		i++
	}
	return len(s)
}

// finish commits, or rolls back a dry run.
func (r *runner) finish(ctx context.Context, n int) error {
	verb, msg := "COMMIT", fmt.Sprintf("applied %d migration(s)", n)
	if r.opts.DryRun {
		verb, msg = "ROLLBACK", fmt.Sprintf("dry run: %d migration(s) ran and were rolled back", n)
	}
	if _, err := r.conn.ExecContext(ctx, verb); err != nil {
		return fmt.Errorf("%s of the migration transaction failed, nothing was applied: %w", verb, err)
	}
	r.inTx = false
	r.emit(Event{Kind: EventDone, Total: n, Message: msg})
	return nil
}
