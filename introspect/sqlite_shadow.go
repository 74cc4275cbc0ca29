package introspect

import (
	"slices"
	"strings"
)

// hideShadows marks the tables a virtual table keeps its data in and
// lists them under it. SQLite reports them as "shadow" when the module is
// loaded; FTS tables are also recognised by name, for files whose module
// this build lacks. A shadow table without an owner stays visible.
func (c *sqliteCatalog) hideShadows() {
	var virtuals []relKey
	for _, k := range c.order {
		if c.tables[k].Kind == KindVirtual {
			virtuals = append(virtuals, k)
		}
	}
	for _, k := range c.order {
		if c.tables[k].Kind != KindTable || c.shadows[k] {
			continue
		}
		if owner, ok := c.shadowOwner(virtuals, k); ok && isFTSShadow(c.tables[owner].Module, k.name[len(owner.name):]) {
			c.shadows[k] = true
		}
	}
	for _, k := range c.order {
		if !c.shadows[k] {
			continue
		}
		owner, ok := c.shadowOwner(virtuals, k)
		if !ok {
			delete(c.shadows, k)
			continue
		}
		t := c.tables[owner]
		t.ShadowTables = append(t.ShadowTables, k.name)
		slices.Sort(t.ShadowTables)
	}
}

// shadowOwner finds the virtual table whose name, plus "_", is the
// longest prefix of k's name in the same schema, among virtuals.
func (c *sqliteCatalog) shadowOwner(virtuals []relKey, k relKey) (relKey, bool) {
	var best relKey
	found := false
	for _, v := range virtuals {
		if v.schema != k.schema || !strings.HasPrefix(k.name, v.name+"_") {
			continue
		}
		if !found || len(v.name) > len(best.name) {
			best, found = v, true
		}
	}
	return best, found
}

// isFTSShadow reports the suffixes of FTS3/4/5 shadow tables.
func isFTSShadow(module, suffix string) bool {
	if !strings.HasPrefix(module, "fts") {
		return false
	}
	switch suffix {
	case "_data", "_idx", "_docsize", "_config", "_content", "_segments", "_segdir", "_stat":
		return true
	}
	return false
}
