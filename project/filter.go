package project

import (
	"fmt"

	"studio/database"
	"studio/introspect"
)

// Filter decides which schemas and tables the studio shows and push
// manages, exactly as drizzle-kit 0.31's push and pull apply the config:
//
//   - tablesFilter: minimatch globs on the bare table or view name (not
//     schema-qualified), combined as drizzle-kit does (see Table); enums
//     and sequences are not filtered by it.
//   - schemaFilter (PostgreSQL): the schemas looked at, ["public"] when
//     unset. drizzle-kit 0.31 compares names exactly; 1.0 reads them as
//     globs with the same negation rule. Globs are accepted here, so a
//     plain name behaves the same in both.
//   - extensionsFilters: ["postgis"] hides PostGIS's own tables.
//
// The zero Filter (and All) lets everything through.
type Filter struct {
	tables  []*glob
	schemas []*glob
	all     bool
	// except are relations left out whatever the globs say (Without).
	except []tableRef
}

type tableRef struct{ schema, name string }

// All is the filter of --all: everything is shown.
func All() Filter { return Filter{all: true} }

// NewFilter compiles the filters of a config for its dialect. A nil cfg
// gives the zero Filter.
func NewFilter(cfg *Config) (Filter, error) {
	if cfg == nil {
		return Filter{}, nil
	}
	tables := append([]string{}, cfg.TablesFilter...)
	for _, ext := range cfg.ExtensionsFilters {
		if ext == "postgis" && cfg.StudioDialect() == database.Postgres {
			tables = append(tables, "!geography_columns", "!geometry_columns", "!spatial_ref_sys")
		}
	}
	var f Filter
	for _, p := range tables {
		g, err := compileGlob(p)
		if err != nil {
			return Filter{}, fmt.Errorf("%s: `tablesFilter` %w", cfg.Name, err)
		}
		f.tables = append(f.tables, g)
	}
	if cfg.StudioDialect() != database.Postgres {
		return f, nil
	}
	schemas := cfg.SchemaFilter
	if schemas == nil {
		schemas = []string{"public"}
	}
	for _, p := range schemas {
		g, err := compileGlob(p)
		if err != nil {
			return Filter{}, fmt.Errorf("%s: `schemaFilter` %w", cfg.Name, err)
		}
		f.schemas = append(f.schemas, g)
	}
	return f, nil
}

// IsAll reports whether the filter lets everything through.
func (f Filter) IsAll() bool {
	return len(f.except) == 0 && (f.all || (len(f.tables) == 0 && len(f.schemas) == 0))
}

// Without is f that also leaves out one relation, whatever the globs
// say: push leaves the project's migrations table alone this way.
func (f Filter) Without(schema, name string) Filter {
	f.except = append(append([]tableRef{}, f.except...), tableRef{schema, name})
	return f
}

// Model is m limited to what f shows, and the number of relations it
// hides; m itself when f lets everything through.
func (f Filter) Model(m *introspect.Model) (*introspect.Model, int) {
	if f.IsAll() {
		return m, 0
	}
	return m.Keep(f.Schema, f.Table)
}

// Schema reports whether a PostgreSQL schema is shown.
func (f Filter) Schema(name string) bool {
	if f.all || len(f.schemas) == 0 {
		return true
	}
	return combine(f.schemas, name)
}

// Table reports whether a table or view (its bare name) in schema is
// shown: its schema passes and the table passes tablesFilter.
func (f Filter) Table(schema, name string) bool {
	for _, x := range f.except {
		if x.name == name && (x.schema == "" || x.schema == schema) {
			return false
		}
	}
	if f.all {
		return true
	}
	if !f.Schema(schema) {
		return false
	}
	if len(f.tables) == 0 {
		return true
	}
	return combine(f.tables, name)
}

// combine is drizzle-kit's rule (pgPushIntrospect and
// prepareTablesFilter): every pattern votes; a negated pattern the name
// falls under votes no, one it escapes votes yes; a plain pattern it
// matches votes yes, one it misses does not vote. The name passes when
// some pattern voted and every vote is yes. So ["!temp_*"] keeps all but
// temp_ tables, and ["users*", "!users_old"] keeps posts too (the
// negation's yes vote lets it through).
func combine(globs []*glob, name string) bool {
	voted := false
	for _, g := range globs {
		m := g.match(name)
		if g.negate && !m {
			return false
		}
		if m {
			voted = true
		}
	}
	return voted
}
