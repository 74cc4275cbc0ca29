package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"modernc.org/sqlite"
)

// openSQLiteDB opens the pool for a SQLite file. A read-only pool goes
// through its own driver whose connections carry readOnlyAuthorizer:
// mode=ro alone does not stop ATTACH 'other.db' followed by writes there,
// VACUUM INTO 'file', or PRAGMA query_only=0 (all measured on a mode=ro
// connection), and the studio hands user SQL to this pool.
//
// sql.OpenDB with a connector registers nothing process-wide: the driver
// and its hook belong to this pool alone, and the package-level "sqlite"
// driver that writable pools use keeps no authorizer.
func openSQLiteDB(path string, o Options) (*sql.DB, error) {
	dsn := SQLiteDSN(path, o)
	if !o.ReadOnly {
		return sql.Open("sqlite", dsn)
	}
	drv := &sqlite.Driver{}
	drv.RegisterConnectionHook(func(c sqlite.ExecQuerierContext, _ string) error {
		reg, ok := c.(sqlite.AuthorizerRegisterer)
		if !ok {
			return fmt.Errorf("read-only SQLite: driver connection %T cannot take an authorizer", c)
		}
		return reg.RegisterAuthorizer(readOnlyAuthorizer)
	})
	return sql.OpenDB(readOnlyConnector{drv: drv, dsn: dsn}), nil
}

// readOnlyConnector opens connections through a driver of the pool's own.
type readOnlyConnector struct {
	drv *sqlite.Driver
	dsn string
}

// Connect opens one connection; the driver's hook installs the authorizer
// before the connection is handed out, and a failing hook fails the open.
func (c readOnlyConnector) Connect(ctx context.Context) (driver.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return c.drv.Open(c.dsn)
}

// Driver returns the pool's own driver.
func (c readOnlyConnector) Driver() driver.Driver { return c.drv }

// readOnlyAuthorizer is consulted by SQLite while it compiles every
// statement on a read-only connection. It allows reading, transactions and
// savepoints (reads need them), recursive CTEs and the pragmas in
// readPragmas; it denies everything else, so an action SQLite adds later
// is refused too.
//
// VACUUM INTO 'file' (and plain VACUUM) reach the authorizer as an ATTACH
// of the target (SQLite attaches it to copy into it), so denying ATTACH
// refuses them before the file is created.
func readOnlyAuthorizer(action sqlite.AuthorizerActionCode, arg1, arg2, _, _ string) sqlite.AuthorizerReturnCode {
	switch action {
	case sqlite.AuthRead, sqlite.AuthSelect, sqlite.AuthTransaction, sqlite.AuthSavepoint, sqlite.AuthRecursive:
		return sqlite.AuthorizerOK
	case sqlite.AuthFunction:
		// arg2 is the function's name. load_extension runs native code;
		// fts3_tokenizer with two arguments installs a pointer.
		if arg2 == "load_extension" || arg2 == "fts3_tokenizer" {
			return sqlite.AuthorizerDeny
		}
		return sqlite.AuthorizerOK
	case sqlite.AuthPragma:
		return pragmaDecision(arg1, arg2)
	}
	return sqlite.AuthorizerDeny
}

// pragmaDecision allows a pragma that only reads. SQLite passes the
// pragma's name and its argument; NULL and the empty string both arrive as
// "", so PRAGMA x = (empty string) looks like a plain read of x. That is
// why the pragmas allowed without an argument are those where setting the
// empty string cannot matter (busy_timeout, query_only, cache_size are not
// among them), and an argument is allowed only where it names a table or
// an index to read.
func pragmaDecision(name, arg string) sqlite.AuthorizerReturnCode {
	if arg == "" && readPragma(name) || arg != "" && namedReadPragma(name) {
		return sqlite.AuthorizerOK
	}
	return sqlite.AuthorizerDeny
}

// namedReadPragma reports whether a pragma reads the object its argument
// names (table_info(t) and the pragma_table_info('t') function alike).
func namedReadPragma(name string) bool {
	switch name {
	case "table_info", "table_xinfo", "table_list", "index_info", "index_xinfo", "index_list",
		"foreign_key_list", "foreign_key_check", "integrity_check", "quick_check":
		return true
	}
	return false
}

// readPragma reports whether a pragma without an argument only reads.
// Setting one of these to the empty string does nothing, writes the file
// (refused by mode=ro) or switches off foreign-key checks, which only
// matter to writes.
func readPragma(name string) bool {
	switch name {
	case "table_list", "database_list", "collation_list", "function_list", "module_list",
		"pragma_list", "compile_options", "foreign_key_check", "integrity_check", "quick_check",
		"user_version", "application_id", "schema_version", "data_version", "page_count",
		"page_size", "freelist_count", "encoding", "journal_mode", "foreign_keys":
		return true
	}
	return false
}
