package introspect

import (
	"cmp"
	"embed"
	"errors"
	"fmt"
	"slices"

	"studio/database"
)

// ErrUnknownDialect is returned by For for a dialect it does not know.
var ErrUnknownDialect = errors.New("unknown dialect")

//go:embed sql
var queries embed.FS

var (
	_ Dialect = (*SQLite)(nil)
	_ Dialect = (*Postgres)(nil)
)

// For returns the Dialect that reads the named engine's catalog:
// database.SQLite or database.Postgres. Any other name wraps
// ErrUnknownDialect.
func For(dialect database.Dialect) (Dialect, error) {
	switch dialect {
	case database.SQLite:
		return &SQLite{}, nil
	case database.Postgres:
		return &Postgres{}, nil
	}
	return nil, fmt.Errorf("introspect for %q: %w", dialect, ErrUnknownDialect)
}

// mustQuery returns an embedded catalog query. The files are compiled in,
// so a missing one is a programming error caught by every test.
func mustQuery(name string) string {
	b, err := queries.ReadFile("sql/" + name)
	if err != nil {
		panic(fmt.Sprintf("introspect: embedded query %s: %v", name, err))
	}
	return string(b)
}

// missingSchema is the error for a schema asked for that does not exist.
func missingSchema(name string) error {
	return fmt.Errorf("schema %q: %w", name, ErrNotFound)
}

// pickSchemas returns the schemas of have that were asked for, in have's
// order, or all of have when none were asked for. A name asked for that
// have lacks is ErrNotFound.
func pickSchemas(have, asked []string) ([]string, error) {
	if len(asked) == 0 {
		return have, nil
	}
	for _, a := range asked {
		if !slices.Contains(have, a) {
			return nil, missingSchema(a)
		}
	}
	var out []string
	for _, h := range have {
		if slices.Contains(asked, h) {
			out = append(out, h)
		}
	}
	return out, nil
}

// normalize puts a model in its deterministic order (tables by name;
// foreign keys, indexes, checks and triggers by name, keeping the read
// order among equal names) and turns nil lists into empty ones so the JSON
// shows [] rather than null. Schemas keep the order the dialect chose.
func normalize(m *Model) {
	if m.Schemas == nil {
		m.Schemas = []Schema{}
	}
	for si := range m.Schemas {
		s := &m.Schemas[si]
		s.Tables = orEmpty(s.Tables)
		s.Enums = orEmpty(s.Enums)
		s.Domains = orEmpty(s.Domains)
		slices.SortStableFunc(s.Tables, func(a, b Table) int { return cmp.Compare(a.Name, b.Name) })
		slices.SortStableFunc(s.Enums, func(a, b Enum) int { return cmp.Compare(a.Name, b.Name) })
		slices.SortStableFunc(s.Sequences, func(a, b Sequence) int { return cmp.Compare(a.Name, b.Name) })
		for ti := range s.Tables {
			normalizeTable(&s.Tables[ti])
		}
		for ei := range s.Enums {
			s.Enums[ei].Values = orEmpty(s.Enums[ei].Values)
		}
		slices.SortStableFunc(s.Domains, func(a, b Domain) int { return cmp.Compare(a.Name, b.Name) })
		for di := range s.Domains {
			s.Domains[di].Checks = orEmpty(s.Domains[di].Checks)
		}
	}
}

func normalizeTable(t *Table) {
	t.Columns = orEmpty(t.Columns)
	t.PrimaryKey = orEmpty(t.PrimaryKey)
	t.ForeignKeys = orEmpty(t.ForeignKeys)
	t.Indexes = orEmpty(t.Indexes)
	t.Uniques = orEmpty(t.Uniques)
	t.Checks = orEmpty(t.Checks)
	t.Triggers = orEmpty(t.Triggers)
	slices.SortStableFunc(t.ForeignKeys, func(a, b ForeignKey) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortStableFunc(t.Indexes, func(a, b Index) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortStableFunc(t.Uniques, func(a, b Unique) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortStableFunc(t.Checks, func(a, b Check) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortStableFunc(t.Triggers, func(a, b Trigger) int { return cmp.Compare(a.Name, b.Name) })
	for i := range t.ForeignKeys {
		fk := &t.ForeignKeys[i]
		fk.Columns = orEmpty(fk.Columns)
		fk.RefColumns = orEmpty(fk.RefColumns)
	}
	for i := range t.Indexes {
		t.Indexes[i].Columns = orEmpty(t.Indexes[i].Columns)
	}
	for i := range t.Uniques {
		t.Uniques[i].Columns = orEmpty(t.Uniques[i].Columns)
	}
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
