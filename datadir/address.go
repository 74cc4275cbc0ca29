package datadir

import (
	"fmt"

	"studio/database"
)

// Address is the database a saved selection names, as an address
// database.Parse reads: sqlite:PATH for a file inside the data folder
// (refusing one that leaves it), or the PostgreSQL connection string.
// It is the one place a selection becomes an address.
func (d Dir) Address(s Selection) (string, error) {
	switch s.Type {
	case database.Postgres:
		if s.ConnectionString == "" {
			return "", fmt.Errorf("saved selection in %s has no connection string", d.Root)
		}
		return s.ConnectionString, nil
	case database.SQLite:
		p, err := d.Resolve(s.Path)
		if err != nil {
			return "", fmt.Errorf("saved selection in %s: %w", d.Root, err)
		}
		return "sqlite:" + p, nil
	}
	return "", fmt.Errorf("saved selection in %s: unknown type %q", d.Root, s.Type)
}
