package views

import (
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"studio/introspect"
)

// NavCap is the most relations the sidebar lists at once. A database with
// more shows a window around the current table, and the filter asks the
// server for the rest: a page never carries 5,000 links.
const NavCap = 200

// navParts is the most partitions listed under one table; the structure
// page lists them all.
const navParts = 50

// NavIndex is every schema's relations in sidebar order, with partitions
// and FTS shadow tables folded under their parent. It depends only on the
// model, so it is built once per model and shared by every page.
type NavIndex struct {
	schemas []navSchema
	// off is each schema's first entry in the whole list; pos the place
	// of every relation in it (a partition's is its table's).
	off   []int
	pos   map[string]int
	total int
}

type navSchema struct {
	name    string
	entries []navEntry
}

type navEntry struct {
	name, kind string
	parts      []string // partitions, by name
	shadows    []string
	// lower is the name for the filter; also the partitions' and shadow
	// tables' names, so a filter finds a table by them.
	lower, lowerAlso string
}

// NewNavIndex folds m for the sidebar.
func NewNavIndex(m *introspect.Model) *NavIndex {
	ix := &NavIndex{schemas: make([]navSchema, len(m.Schemas)), off: make([]int, len(m.Schemas)), pos: map[string]int{}}
	for i := range m.Schemas {
		s := &m.Schemas[i]
		folded := s.Fold()
		ns := navSchema{name: s.Name, entries: make([]navEntry, len(folded))}
		ix.off[i] = ix.total
		for j, f := range folded {
			e := navEntry{name: f.Table.Name, kind: f.Table.Kind, shadows: f.Table.ShadowTables, lower: strings.ToLower(f.Table.Name)}
			ix.pos[s.Name+"\x00"+e.name] = ix.total
			for _, p := range f.Partitions {
				e.parts = append(e.parts, p.Name)
				ix.pos[s.Name+"\x00"+p.Name] = ix.total
			}
			if also := append(slices.Clone(e.parts), e.shadows...); len(also) > 0 {
				e.lowerAlso = strings.ToLower(strings.Join(also, "\x00"))
			}
			ns.entries[j] = e
			ix.total++
		}
		ix.schemas[i] = ns
	}
	return ix
}

// Nav is the sidebar as one page shows it: the filter typed, the current
// relation, and the groups of matching relations within NavCap.
type Nav struct {
	Query         string
	Schema, Table string
	Groups        []NavGroup
	// Matches counts the relations the filter matches (all of them when
	// there is none); Shown those listed.
	Matches, Shown int
}

// NavGroup is one schema's part of the sidebar. Before and After count
// the matching relations of the schema left out above and below.
type NavGroup struct {
	Schema        string
	Items         []NavItem
	Count         int
	Before, After int
}

// NavItem is one relation of the sidebar.
type NavItem struct {
	Name, Kind string
	Current    bool
	// Parts are the partitions listed under it (the current one and, when
	// filtering, the matching ones first), MoreParts those left out; Open
	// shows them at once.
	Parts     []NavPart
	MoreParts int
	Shadows   []string
	Open      bool
}

// NavPart is a partition listed under its table.
type NavPart struct {
	Name    string
	Current bool
}

// View is the sidebar for the page of schema.table (either may be "")
// with the filter q.
func (ix *NavIndex) View(schema, table, q string) Nav {
	lq := strings.ToLower(strings.TrimSpace(q))
	if lq == "" {
		return ix.all(schema, table)
	}
	n := Nav{Query: q, Schema: schema, Table: table}
	type hit struct{ s, e int }
	var hits []hit
	anchor := -1
	for si := range ix.schemas {
		for ei := range ix.schemas[si].entries {
			e := &ix.schemas[si].entries[ei]
			if !e.matches(ix.schemas[si].name, lq) {
				continue
			}
			if anchor < 0 && ix.schemas[si].name == schema && (e.name == table || slices.Contains(e.parts, table)) {
				anchor = len(hits)
			}
			hits = append(hits, hit{si, ei})
		}
	}
	if anchor < 0 {
		anchor = slices.IndexFunc(hits, func(h hit) bool { return ix.schemas[h.s].name == schema })
	}
	start, end := window(len(hits), anchor)
	n.Matches, n.Shown = len(hits), end-start
	group := make([]int, len(ix.schemas)) // 1 + the schema's index in n.Groups
	for i, h := range hits {
		if group[h.s] == 0 {
			n.Groups = append(n.Groups, NavGroup{Schema: ix.schemas[h.s].name})
			group[h.s] = len(n.Groups)
		}
		g := &n.Groups[group[h.s]-1]
		g.Count++
		switch {
		case i < start:
			g.Before++
		case i >= end:
			g.After++
		default:
			g.Items = append(g.Items, ix.schemas[h.s].entries[h.e].item(ix.schemas[h.s].name == schema, table, lq))
		}
	}
	return n
}

// all is the sidebar without a filter: every schema, the window of
// entries around the current table read straight from the index.
func (ix *NavIndex) all(schema, table string) Nav {
	n := Nav{Schema: schema, Table: table, Matches: ix.total}
	anchor, ok := ix.pos[schema+"\x00"+table]
	if !ok {
		anchor = -1
		if si := slices.IndexFunc(ix.schemas, func(s navSchema) bool { return s.name == schema }); si >= 0 && len(ix.schemas[si].entries) > 0 {
			anchor = ix.off[si]
		}
	}
	start, end := window(ix.total, anchor)
	n.Shown = end - start
	n.Groups = make([]NavGroup, len(ix.schemas))
	for si := range ix.schemas {
		s := &ix.schemas[si]
		lo, hi := ix.off[si], ix.off[si]+len(s.entries)
		g := NavGroup{Schema: s.name, Count: len(s.entries)}
		a, b := max(lo, start), min(hi, end)
		switch {
		case a < b:
			g.Before, g.After = a-lo, hi-b
			g.Items = make([]NavItem, 0, b-a)
			for i := a; i < b; i++ {
				g.Items = append(g.Items, s.entries[i-lo].item(s.name == schema, table, ""))
			}
		case hi <= start:
			g.Before = g.Count
		default:
			g.After = g.Count
		}
		n.Groups[si] = g
	}
	return n
}

// window is the range of n hits listed: all when they fit, else NavCap
// of them around anchor (from the top when there is none).
func window(n, anchor int) (start, end int) {
	if n <= NavCap {
		return 0, n
	}
	start = max(0, anchor-NavCap/2)
	end = min(n, start+NavCap)
	return max(0, end-NavCap), end
}

func (e *navEntry) matches(schema, lq string) bool {
	return strings.Contains(e.lower, lq) || strings.Contains(e.lowerAlso, lq) ||
		strings.Contains(lq, ".") && strings.Contains(strings.ToLower(schema)+"."+e.lower, lq)
}

// item is the entry as listed; inCurrent says it is in the page's schema,
// so table may be it or one of its partitions.
func (e *navEntry) item(inCurrent bool, table, lq string) NavItem {
	it := NavItem{Name: e.name, Kind: e.kind, Current: inCurrent && e.name == table, Shadows: e.shadows}
	// The current partition first, then (filtering) the matching ones,
	// then the rest, up to navParts.
	var first, rest []string
	for _, p := range e.parts {
		cur := inCurrent && p == table
		if cur || lq != "" && !strings.Contains(e.lower, lq) && strings.Contains(strings.ToLower(p), lq) {
			first = append(first, p)
			it.Open = true
		} else {
			rest = append(rest, p)
		}
	}
	for _, p := range append(first, rest...) {
		if len(it.Parts) == navParts {
			it.MoreParts++
			continue
		}
		it.Parts = append(it.Parts, NavPart{Name: p, Current: inCurrent && p == table})
	}
	return it
}

// current marks the link of the page's own table.
func current(on bool) templ.Attributes {
	if on {
		return templ.Attributes{"aria-current": "page"}
	}
	return nil
}

// status is what the sidebar says about its list (read out when it
// changes).
func (n Nav) status() string {
	noun := func(k int) string {
		if k == 1 {
			return "1 table"
		}
		return Thousands(int64(k)) + " tables"
	}
	switch {
	case n.Query != "" && n.Matches == 0:
		return "No table matches “" + n.Query + "”."
	case n.Query != "" && n.Shown < n.Matches:
		return noun(n.Matches) + " match; " + strconv.Itoa(n.Shown) + " listed: type more to narrow."
	case n.Query != "":
		return noun(n.Matches) + " match."
	case n.Shown < n.Matches:
		return noun(n.Matches) + "; " + strconv.Itoa(n.Shown) + " listed: type to find the others."
	}
	return noun(n.Matches) + "."
}
