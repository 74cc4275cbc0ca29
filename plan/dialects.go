package plan

import (
	"fmt"

	"studio/database"
)

func differFor(dialect database.Dialect) (differ, error) {
	switch dialect {
	case database.SQLite:
		return sqliteDiffer{}, nil
	case database.Postgres:
		return postgresDiffer{}, nil
	}
	return nil, fmt.Errorf("%w: %q", ErrDialect, dialect)
}

func applierFor(dialect database.Dialect) (applier, error) {
	switch dialect {
	case database.SQLite:
		return sqliteApplier{}, nil
	case database.Postgres:
		return postgresApplier{}, nil
	}
	return nil, fmt.Errorf("%w: %q", ErrDialect, dialect)
}
