package migrations

import (
	"fmt"
	"strings"

	"studio/database"
)

// Drizzle's defaults for where the history is kept.
const (
	DefaultTable  = "__drizzle_migrations"
	DefaultSchema = "drizzle"
)

// Config names the history table, as Drizzle's migrationsTable and
// migrationsSchema options do. Zero values mean Drizzle's defaults.
type Config struct {
	// Table is the history table (default "__drizzle_migrations").
	Table string
	// Schema is the PostgreSQL schema of the table (default "drizzle").
	// SQLite has no schemas and ignores it, as Drizzle does.
	Schema string
}

// withDefaults fills in Drizzle's defaults and checks the names.
func (c Config) withDefaults(dialect database.Dialect) (Config, error) {
	if c.Table == "" {
		c.Table = DefaultTable
	}
	if dialect == database.SQLite {
		c.Schema = ""
	} else if c.Schema == "" {
		c.Schema = DefaultSchema
	}
	for _, n := range []string{c.Table, c.Schema} {
		if strings.ContainsRune(n, 0) {
			return c, fmt.Errorf("%w: name %q contains a NUL byte", ErrConfig, n)
		}
	}
	return c, nil
}

// qualified is the table's name as SQL, schema-qualified on PostgreSQL.
func (c Config) qualified() string {
	if c.Schema == "" {
		return database.QuoteIdent(c.Table)
	}
	return database.QuoteIdent(c.Schema) + "." + database.QuoteIdent(c.Table)
}

// display is the table's name for people: schema.table or table.
func (c Config) display() string {
	if c.Schema == "" {
		return c.Table
	}
	return c.Schema + "." + c.Table
}

// searchPathSQL is the SET statement for a comma-separated schema list,
// each name quoted ("$user" works quoted too).
func searchPathSQL(list string) (string, error) {
	var names []string
	for _, n := range strings.Split(list, ",") {
		n = strings.TrimSpace(n)
		n = strings.TrimSuffix(strings.TrimPrefix(n, `"`), `"`)
		if n == "" {
			return "", fmt.Errorf("%w: empty schema name in search path %q", ErrConfig, list)
		}
		if strings.ContainsRune(n, 0) {
			return "", fmt.Errorf("%w: search path contains a NUL byte", ErrConfig)
		}
		names = append(names, database.QuoteIdent(n))
	}
	return "SET search_path TO " + strings.Join(names, ", "), nil
}
