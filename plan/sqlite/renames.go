package sqlite

import (
	"fmt"
	"slices"
	"strings"

	"studio/introspect"
)

// parseRenames checks Options.Renames against both schemas: "table.old"
// or "main.table.old" mapped to the new name. A rename already done (live
// has the new name, not the old) is ignored, so a repeated push with the
// same flags does nothing; any other mismatch is an error, since a typo
// would otherwise turn a rename into a drop plus an add.
func (d *diff) parseRenames(in map[string]string) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		table, old, err := renameKey(key)
		if err != nil {
			return nil, err
		}
		to := in[key]
		lt, wt := d.live.rels[table], d.want.rels[table]
		if lt == nil || wt == nil || lt.Kind != introspect.KindTable || wt.Kind != introspect.KindTable {
			return nil, fmt.Errorf("rename %s=%s: table %s is not in both the live and the desired schema", key, to, table)
		}
		hasOld, hasNew := hasColumn(lt, old), hasColumn(lt, to)
		switch {
		case !hasOld && hasNew:
			continue // done by an earlier push
		case !hasOld:
			return nil, fmt.Errorf("rename %s=%s: live table %s has no column %s", key, to, lt.Name, old)
		case hasNew:
			return nil, fmt.Errorf("rename %s=%s: live table %s already has a column %s", key, to, lt.Name, to)
		case !hasColumn(wt, to):
			return nil, fmt.Errorf("rename %s=%s: desired table %s has no column %s", key, to, wt.Name, to)
		case hasColumn(wt, old):
			return nil, fmt.Errorf("rename %s=%s: desired table %s still has column %s", key, to, wt.Name, old)
		}
		if out[table] == nil {
			out[table] = map[string]string{}
		}
		out[table][strings.ToLower(old)] = columnName(wt, to)
	}
	return out, nil
}

// renameKey splits "table.old" or "main.table.old" into the
// lower-case table name and the old column name.
func renameKey(key string) (table, old string, err error) {
	parts := strings.Split(key, ".")
	if len(parts) == 3 && strings.EqualFold(parts[0], "main") {
		parts = parts[1:]
	}
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return "", "", fmt.Errorf("rename %q: want table.column", key)
	}
	return strings.ToLower(parts[0]), parts[1], nil
}

func hasColumn(t *introspect.Table, name string) bool {
	return columnName(t, name) != ""
}

// columnName is the column's name as the table spells it, or "".
func columnName(t *introspect.Table, name string) string {
	for _, c := range t.Columns {
		if strings.EqualFold(c.Name, name) {
			return c.Name
		}
	}
	return ""
}

// hintRenames adds a hint when a changed table loses columns and gains
// others: it may be a rename, which is never guessed.
func (d *diff) hintRenames(c *tableChange) {
	ren := d.renames[c.name]
	var dropped, added []string
	for _, col := range c.live.Columns {
		if _, renamed := ren[strings.ToLower(col.Name)]; !renamed && !hasColumn(c.want, col.Name) {
			dropped = append(dropped, col.Name)
		}
	}
	newNames := map[string]bool{}
	for _, to := range ren {
		newNames[strings.ToLower(to)] = true
	}
	for _, col := range c.want.Columns {
		if !newNames[strings.ToLower(col.Name)] && !hasColumn(c.live, col.Name) {
			added = append(added, col.Name)
		}
	}
	if len(dropped) == 0 || len(added) == 0 {
		return
	}
	if len(dropped) == 1 && len(added) == 1 {
		d.hints = append(d.hints, fmt.Sprintf("table %s: column %s is dropped and %s is added; if %s was renamed, pass --rename %s.%s=%s",
			c.want.Name, dropped[0], added[0], dropped[0], c.want.Name, dropped[0], added[0]))
		return
	}
	d.hints = append(d.hints, fmt.Sprintf("table %s: columns %s are dropped and %s are added; for each column that was renamed, pass --rename %s.OLD=NEW",
		c.want.Name, strings.Join(dropped, ", "), strings.Join(added, ", "), c.want.Name))
}
