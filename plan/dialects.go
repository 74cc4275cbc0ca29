package plan

import "fmt"

func differFor(dialect string) (differ, error) {
	switch dialect {
	case "sqlite":
		return sqliteDiffer{}, nil
	case "postgres":
		return postgresDiffer{}, nil
	}
	return nil, fmt.Errorf("%w: %q", ErrDialect, dialect)
}

func applierFor(dialect string) (applier, error) {
	switch dialect {
	case "sqlite":
		return sqliteApplier{}, nil
	case "postgres":
		return postgresApplier{}, nil
	}
	return nil, fmt.Errorf("%w: %q", ErrDialect, dialect)
}
