// Package rows owns the data of one table or view: reading a page of it by
// key (never by OFFSET on tables), filters and sort taken from a URL,
// values exactly as the database prints them, counts that never block the
// page, and changing rows (insert, update, delete) with lost-update
// protection. SQL is built here per dialect, always parameterised, with
// identifiers quoted by database.QuoteIdent; what differs between SQLite
// and PostgreSQL is the engine interface (engine.go), one implementation
// per dialect.
package rows
