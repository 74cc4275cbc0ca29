package console

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"studio/database"
	"studio/rows"
)

// txMode says how a run's transaction behaves.
type txMode struct {
	// readOnly begins the transaction READ ONLY.
	readOnly bool
	// guard refuses roles that a read-only transaction cannot hold back
	// (the studio is read-only).
	guard bool
	// commit commits on success; otherwise the transaction is rolled back.
	commit bool
}

// modeFor is the transaction of a run, an EXPLAIN or an export.
func modeFor(st Statement, commit bool) txMode {
	return txMode{readOnly: st.ReadOnly, guard: st.ReadOnly, commit: commit && !st.ReadOnly}
}

// pgGrace is how long past the statement timeout the client waits for
// PostgreSQL before it drops the connection itself.
const pgGrace = 5 * time.Second

// postgresRunner runs user SQL on a PostgreSQL database.
type postgresRunner struct {
	r  *Runner
	db *database.DB
}

func (p postgresRunner) page(ctx context.Context, st Statement, res *Result) (bool, error) {
	return p.run(ctx, st, modeFor(st, true), func(ctx context.Context, tx pgx.Tx) error {
		return pgPage(ctx, tx, st, res)
	})
}

func (p postgresRunner) explain(ctx context.Context, st Statement, analyze bool, plan *Plan) error {
	_, err := p.run(ctx, st, modeFor(st, false), func(ctx context.Context, tx pgx.Tx) (err error) {
		plan.Text, err = pgExplain(ctx, tx, st, analyze)
		return err
	})
	return err
}

func (p postgresRunner) stream(ctx context.Context, st Statement, sink rows.Sink) error {
	_, err := p.run(ctx, st, streamMode(st), func(ctx context.Context, tx pgx.Tx) error {
		return userError(rows.StreamPG(ctx, tx, st.SQL, []any{userSQLMode}, sink), st.SQL, 0)
	})
	return err
}

// pgWork is what a run does inside its transaction.
type pgWork func(ctx context.Context, tx pgx.Tx) error

// run runs work in a transaction on a connection of its own, which
// is closed afterwards: whatever session state the user's statement left
// (SET committed in write mode, advisory locks, PREPARE, LISTEN) never
// reaches another request through the pool. It reports whether the
// transaction was committed.
func (p postgresRunner) run(ctx context.Context, st Statement, m txMode, work pgWork) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, st.Timeout+pgGrace)
	defer cancel()
	var committed, cancelled bool
	err := rows.WithPG(ctx, p.db, func(c *pgx.Conn) error {
		defer closePG(c)
		rn, release, err := p.r.track(st.RunID, pgStopper(c.PgConn(), cancel))
		if err != nil {
			return err
		}
		defer release()
		committed, err = pgTx(ctx, c, st, m, func(ctx context.Context, tx pgx.Tx) error {
			err := work(ctx, tx)
			cancelled = rn.finish()
			return err
		})
		if err != nil && !cancelled {
			// The run failed before its statement ended (BEGIN, the
			// statement timeout): a cancel may have stopped it there.
			// finish is idempotent, so after work it still says no.
			cancelled = rn.finish()
		}
		return err
	})
	return committed, outcome(ctx, err, cancelled, st)
}

// pgTx begins the transaction, sets the statement timeout (and checks the
// role when the studio is read-only), runs work and commits or rolls back.
func pgTx(ctx context.Context, c *pgx.Conn, st Statement, m txMode, work pgWork) (bool, error) {
	opts := pgx.TxOptions{}
	if m.readOnly {
		opts.AccessMode = pgx.ReadOnly
	}
	tx, err := c.BeginTx(ctx, opts)
	if err != nil {
		return false, fmt.Errorf("begin: %w", err)
	}
	defer rollbackPG(ctx, tx)
	if err := pgPrepare(ctx, tx, st, m); err != nil {
		return false, err
	}
	if err := work(ctx, tx); err != nil || !m.commit {
		return false, err
	}
	if err := tx.Commit(ctx); err != nil {
		return false, fmt.Errorf("commit: %w", userError(err, st.SQL, 0))
	}
	return true, nil
}

// pgPrepareSQL sets the statement timeout for this transaction only. It is
// a SELECT on purpose: running a query takes the transaction's snapshot,
// after which PostgreSQL refuses to switch a READ ONLY transaction to READ
// WRITE ("transaction read-write mode must be set before any query"), so
// neither SET TRANSACTION READ WRITE nor BEGIN READ WRITE from the user
// can lift it.
const pgPrepareSQL = `SELECT set_config('statement_timeout', $1, true)`

// pgGuardSQL also asks whether the session's role may run programs or
// write files on the server. PostgreSQL allows COPY ... TO PROGRAM and
// COPY ... TO 'file' in a READ ONLY transaction, and a role that may do so
// can also RESET ROLE out of any role the studio would switch to (in a DO
// block, say); so for such roles read-only cannot be enforced, and user
// SQL is refused instead.
const pgGuardSQL = `SELECT set_config('statement_timeout', $1, true), session_user::text,
  r.rolsuper OR pg_has_role(r.oid, 'pg_execute_server_program', 'USAGE')
    OR pg_has_role(r.oid, 'pg_write_server_files', 'USAGE')
FROM pg_roles r WHERE r.rolname = session_user`

func pgPrepare(ctx context.Context, tx pgx.Tx, st Statement, m txMode) error {
	ms := strconv.FormatInt(st.Timeout.Milliseconds(), 10)
	if !m.guard {
		var set string
		if err := tx.QueryRow(ctx, pgPrepareSQL, ms).Scan(&set); err != nil {
			return fmt.Errorf("set the statement timeout: %w", err)
		}
		return nil
	}
	var set, role string
	var unsafe bool
	if err := tx.QueryRow(ctx, pgGuardSQL, ms).Scan(&set, &role, &unsafe); err != nil {
		return fmt.Errorf("set the statement timeout and read the role: %w", err)
	}
	if unsafe {
		return fmt.Errorf("%w: role %q may run programs and write files on the server (superuser, "+
			"pg_execute_server_program or pg_write_server_files), which PostgreSQL allows even in a read-only "+
			"transaction; connect the studio with a role without them (for example one granted pg_read_all_data)",
			ErrUnenforceable, role)
	}
	return nil
}

// rollbackPG ends the transaction unless it was committed. It gets a
// context of its own: the run's may be cancelled already.
func rollbackPG(ctx context.Context, tx pgx.Tx) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_ = tx.Rollback(ctx) // after Commit it is a no-op; a failure leaves a connection closePG drops
}

// closePG closes the run's connection so the pool opens a fresh one.
func closePG(c *pgx.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = c.Close(ctx) // the pool discards it either way
}

// pgStopper cancels the running statement through PostgreSQL's cancel
// request, which leaves the connection usable so the transaction can be
// rolled back cleanly; if the request cannot be sent, the run's context is
// cancelled, which drops the connection (and with it the transaction).
func pgStopper(pc *pgconn.PgConn, cancel context.CancelFunc) func() {
	return func() {
		ctx, stop := context.WithTimeout(context.Background(), 5*time.Second)
		defer stop()
		if err := pc.CancelRequest(ctx); err != nil {
			cancel()
		}
	}
}

// outcome names how a run ended: cancelled, timed out, or err as it is.
// SQL errors get the read-only hint when the studio is read-only.
func outcome(ctx context.Context, err error, cancelled bool, st Statement) error {
	var se *SQLError
	switch {
	case err == nil:
		return nil
	case cancelled:
		return ErrCancelled
	case errors.Is(ctx.Err(), context.DeadlineExceeded),
		errors.As(err, &se) && se.Code == "57014": // query_canceled: statement_timeout, as user cancels were flagged above
		return fmt.Errorf("%w of %s", ErrTimeout, st.Timeout)
	}
	if st.ReadOnly {
		explainReadOnly(err)
	}
	return err
}
