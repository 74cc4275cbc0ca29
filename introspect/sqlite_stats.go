package introspect

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// btreeStat is what dbstat reports for one b-tree.
type btreeStat struct {
	leafCells, interiorCells, bytes int64
}

// readStats fills RowEstimate and SizeBytes. Row counts come from
// dbstat's cell counts, which are exact (a rowid table's leaf cells are
// its rows), so the overview agrees with the grid's count; above the
// dbstat size limit from sqlite_stat1, as of the last ANALYZE; sizes
// from dbstat, summing each table's indexes (and a virtual table's
// shadow tables) into it. Without dbstat, or above the size limit, what
// is unknown stays -1.
func (s *SQLite) readStats(ctx context.Context, q Queryer, c *sqliteCatalog) error {
	if len(c.schemas) == 0 {
		return nil
	}
	stat1, err := c.readStat1(ctx, q)
	if err != nil {
		return err
	}
	btrees, err := s.readDBStat(ctx, q, c)
	if err != nil {
		return err
	}
	owner := c.btreeOwners()
	for bk, st := range btrees {
		if k, ok := owner[bk]; ok {
			t := c.tables[k]
			t.SizeBytes = max(t.SizeBytes, 0) + st.bytes
		}
	}
	for _, k := range c.order {
		t := c.tables[k]
		switch {
		case t.Kind == KindView:
		case btrees != nil && t.Kind == KindTable:
			st := btrees[k]
			t.RowEstimate = st.leafCells
			if t.WithoutRowID {
				t.RowEstimate += st.interiorCells
			}
		case hasKey(stat1, k):
			t.RowEstimate = stat1[k]
		}
	}
	c.virtualRowEstimates()
	return nil
}

func hasKey[K comparable, V any](m map[K]V, k K) bool {
	_, ok := m[k]
	return ok
}

// btreeOwners maps every b-tree name to the model table it belongs to:
// a table to itself, an index to its table, a shadow table to its
// virtual table.
func (c *sqliteCatalog) btreeOwners() map[relKey]relKey {
	owner := map[relKey]relKey{}
	for _, k := range c.order {
		owner[k] = k
	}
	for k, o := range c.objects {
		if o.typ == "index" {
			owner[k] = relKey{k.schema, o.tblName}
		}
	}
	for k := range owner {
		if c.shadows[owner[k]] {
			if t := c.shadowOwnerOf(owner[k]); t != nil {
				owner[k] = *t
			}
		}
	}
	return owner
}

// shadowOwnerOf returns the virtual table that lists shadow table k.
func (c *sqliteCatalog) shadowOwnerOf(k relKey) *relKey {
	for _, v := range c.order {
		for _, s := range c.tables[v].ShadowTables {
			if v.schema == k.schema && s == k.name {
				return &v
			}
		}
	}
	return nil
}

// virtualRowEstimates gives an FTS table the row count of its _docsize
// (one row per document), or else its _content shadow table.
func (c *sqliteCatalog) virtualRowEstimates() {
	for _, k := range c.order {
		t := c.tables[k]
		if t.Kind != KindVirtual {
			continue
		}
		for _, suffix := range []string{"_docsize", "_content"} {
			if s := c.tables[relKey{k.schema, k.name + suffix}]; s != nil && c.shadows[relKey{k.schema, k.name + suffix}] && s.RowEstimate >= 0 {
				t.RowEstimate = s.RowEstimate
				break
			}
		}
	}
}

// readStat1 reads the row counts ANALYZE stored, per table.
func (c *sqliteCatalog) readStat1(ctx context.Context, q Queryer) (map[relKey]int64, error) {
	rows := map[relKey]int64{}
	if len(c.stat1) == 0 {
		return rows, nil
	}
	query, args := perSchema(stripComments(mustQuery("sqlite/stat1.sql")), c.stat1)
	err := each(ctx, q, query, args, func(r *sql.Rows) error {
		var k relKey
		var stat sql.NullString
		if err := r.Scan(&k.schema, &k.name, &stat); err != nil {
			return err
		}
		// The first number is the rows the entry covers: the table's for
		// the table and its full indexes, fewer for a partial index.
		first, _, _ := strings.Cut(strings.TrimSpace(stat.String), " ")
		if n, err := strconv.ParseInt(first, 10, 64); err == nil {
			rows[k] = max(rows[k], n)
		}
		return nil
	})
	return rows, wrap("read sqlite_stat1", err)
}

// readDBStat reads per-b-tree page and cell counts, or returns nil when
// dbstat is missing or the databases are larger than the limit.
func (s *SQLite) readDBStat(ctx context.Context, q Queryer, c *sqliteCatalog) (map[relKey]btreeStat, error) {
	limit := s.DBStatLimit
	if limit <= 0 {
		limit = DefaultDBStatLimit
	}
	var pages, pageSize int64
	err := each(ctx, q, mustQuery("sqlite/page_count.sql"), []any{c.schemaJSON()}, func(r *sql.Rows) error {
		return r.Scan(&pages, &pageSize)
	})
	if err != nil {
		return nil, wrap("read sqlite page count", err)
	}
	if pages*pageSize > limit {
		return nil, nil
	}
	out := map[relKey]btreeStat{}
	err = each(ctx, q, mustQuery("sqlite/dbstat.sql"), []any{c.schemaJSON()}, func(r *sql.Rows) error {
		var k relKey
		var pageType string
		var cells, bytes int64
		if err := r.Scan(&k.schema, &k.name, &pageType, &cells, &bytes); err != nil {
			return err
		}
		st := out[k]
		st.bytes += bytes
		switch pageType {
		case "leaf":
			st.leafCells += cells
		case "internal":
			st.interiorCells += cells
		}
		out[k] = st
		return nil
	})
	if err != nil && strings.Contains(err.Error(), "no such table") {
		return nil, nil // built without SQLITE_ENABLE_DBSTAT_VTAB
	}
	return out, wrap("read sqlite dbstat", err)
}
