package erd

import (
	"cmp"
	"slices"
	"strings"

	"studio/introspect"
)

// Geometry, in SVG user units (px). Text is set in a monospace font, so a
// string's width is its cell count times charW.
const (
	fontSize   = 12
	charW      = 7.3
	rowH       = 18
	headerH    = 24
	padX       = 8
	padBottom  = 4
	minBoxW    = 150 // readable at the initial zoom, which is 1
	typeGap    = 2   // cells between a column's name and its type
	maxName    = 32
	maxType    = 20
	maxTitle   = 40
	labelFont  = 10
	labelCharW = 6.1
)

// box is one table (or a stand-in for a referenced table that is not in
// the schema) with its position once laid out.
type box struct {
	key    string // table name, or "schema.table" for a stand-in
	schema string
	name   string
	kind   string // introspect.Kind*, "" for a stand-in
	badge  string // "view", "fts5", "other schema", ...
	hover  string
	ghost  bool
	focus  bool // the table a neighbourhood diagram is about
	parts  int  // partitions folded into the box
	rows   []row
	more   int     // columns not listed
	markW  int     // cells of the widest key mark
	nameW  int     // cells of the widest column name
	loop   float64 // how far right of the box its self-reference loop and label reach
	x, y   float64
	w, h   float64
}

// row is one listed column.
type row struct {
	col   string // the column's real name
	mark  string // "PK", "FK", "PK FK" or ""
	name  string // as shown, maybe truncated
	typ   string
	hover string
}

// edge is one foreign key from a column row of child to parent.
type edge struct {
	child, parent       *box
	childRow, parentRow int // -1: the header
	fk                  introspect.ForeignKey
	path                string
	via                 []point // where it enters and leaves each layer it crosses
	label               label
	maxX                float64 // rightmost point of the curve
}

type point struct{ x, y float64 }

// diagram is a laid-out schema.
type diagram struct {
	boxes         []*box
	edges         []*edge
	gridTop       float64 // y of the no-FK grid, 0 when there is none
	width, height float64
}

// buildDiagram makes a sized box per table, partitions folded into the
// table at the root of their tree, a stand-in box per referenced table
// outside the schema, and an edge per foreign key.
func buildDiagram(s introspect.Schema, opts Options) *diagram {
	folded := s.Fold()
	slices.SortStableFunc(folded, func(a, b introspect.Folded) int { return cmp.Compare(a.Table.Name, b.Table.Name) })
	d := &diagram{}
	byName, ghosts := map[string]*box{}, map[string]*box{}
	for _, f := range folded {
		b := &box{key: f.Table.Name, schema: s.Name, name: f.Table.Name, kind: f.Table.Kind, parts: len(f.Partitions), focus: f.Table.Name == opts.Focus}
		byName[b.name] = b
		d.boxes = append(d.boxes, b)
	}
	for _, f := range folded {
		for _, p := range f.Partitions {
			byName[p.Name] = byName[f.Table.Name]
		}
	}
	refs := map[*box][]string{} // referenced columns, listed as keys
	seen := map[string]bool{}   // a partition repeats its table's keys
	for i, f := range folded {
		child := d.boxes[i]
		for _, t := range append([]*introspect.Table{f.Table}, f.Partitions...) {
			for _, fk := range t.ForeignKeys {
				if !opts.draws(child, fk, s.Name, byName) {
					continue
				}
				parent := d.parentOf(s.Name, fk, byName, ghosts)
				key := strings.Join([]string{strings.Join(fk.Columns, ","), parent.schema, parent.name, strings.Join(fk.RefColumns, ",")}, "\x00")
				if seen[child.name+"\x00"+key] {
					continue
				}
				seen[child.name+"\x00"+key] = true
				refs[parent] = append(refs[parent], fk.RefColumns...)
				d.edges = append(d.edges, &edge{child: child, parent: parent, fk: fk})
			}
		}
	}
	for i, f := range folded {
		d.boxes[i].fill(f, refs[d.boxes[i]], opts.maxColumns())
	}
	for _, b := range d.boxes {
		if b.ghost {
			b.fillGhost(refs[b])
		}
		b.size()
	}
	for _, e := range d.edges {
		if e.child == e.parent {
			e.child.loop = max(e.child.loop, loopW+2+float64(cells(e.style().label))*labelCharW)
		}
		e.childRow = e.child.rowOf(e.fk.Columns)
		e.parentRow = e.parent.rowOf(e.fk.RefColumns)
		if e.parentRow < 0 && len(e.fk.RefColumns) == 0 && len(e.parent.rows) > 0 && e.parent.rows[0].mark != "" {
			e.parentRow = 0 // implicit reference to the primary key
		}
	}
	return d
}

// draws reports whether the diagram draws foreign key fk of child's
// table: always, unless a focus keeps only the keys from or to it.
func (o Options) draws(child *box, fk introspect.ForeignKey, schema string, tables map[string]*box) bool {
	if o.Focus == "" || child.name == o.Focus {
		return true
	}
	parent, ok := tables[fk.RefTable]
	return ok && cmp.Or(fk.RefSchema, schema) == schema && parent.name == o.Focus
}

func (o Options) maxColumns() int {
	switch {
	case o.MaxColumns == 0:
		return DefaultMaxColumns
	case o.MaxColumns < 0:
		return 0
	}
	return o.MaxColumns
}

// parentOf finds the referenced table's box, adding a stand-in when it is
// in another schema or missing (SQLite accepts keys to absent tables).
func (d *diagram) parentOf(schema string, fk introspect.ForeignKey, tables, ghosts map[string]*box) *box {
	refSchema := cmp.Or(fk.RefSchema, schema)
	if b, ok := tables[fk.RefTable]; ok && refSchema == schema {
		return b
	}
	key := refSchema + "\x00" + fk.RefTable
	if b, ok := ghosts[key]; ok {
		return b
	}
	b := &box{key: fk.RefTable, schema: refSchema, name: fk.RefTable, ghost: true, badge: "missing"}
	if refSchema != schema {
		b.key, b.badge = refSchema+"."+fk.RefTable, "other schema"
	}
	ghosts[key] = b
	d.boxes = append(d.boxes, b)
	return b
}

// rowOf is the index of the row listing cols[0], or -1.
func (b *box) rowOf(cols []string) int {
	if len(cols) == 0 {
		return -1
	}
	return slices.IndexFunc(b.rows, func(r row) bool { return r.col == cols[0] })
}

// fill lists the table's columns: primary key first (in key order), then foreign
// key and referenced columns, then up to limit others, in table order.
func (b *box) fill(f introspect.Folded, refs []string, limit int) {
	t := f.Table
	b.badge = badgeOf(t)
	if b.parts > 0 {
		b.badge = plural(b.parts, "partition")
	}
	b.hover = tableHover(f)
	pk := slices.Clone(t.PrimaryKey)
	for _, c := range t.Columns {
		if c.PrimaryKey && !slices.Contains(pk, c.Name) {
			pk = append(pk, c.Name)
		}
	}
	var fkCols []string
	for _, fk := range t.ForeignKeys {
		fkCols = append(fkCols, fk.Columns...)
	}
	mark := func(name string) string {
		var m []string
		if slices.Contains(pk, name) {
			m = append(m, "PK")
		}
		if slices.Contains(fkCols, name) {
			m = append(m, "FK")
		}
		return strings.Join(m, " ")
	}
	for _, name := range pk {
		if i := slices.IndexFunc(t.Columns, func(c introspect.Column) bool { return c.Name == name }); i >= 0 {
			b.addRow(t.Columns[i], mark(name))
		}
	}
	others := 0
	for _, c := range t.Columns {
		m := mark(c.Name)
		switch {
		case slices.Contains(pk, c.Name):
		case m != "" || slices.Contains(refs, c.Name):
			b.addRow(c, m)
		case others < limit:
			b.addRow(c, "")
			others++
		default:
			b.more++
		}
	}
}

// fillGhost lists the columns foreign keys reference in a stand-in box.
func (b *box) fillGhost(refs []string) {
	b.hover = b.schema + "." + b.name + " (" + b.badge + ")"
	for _, c := range refs {
		if b.rowOf([]string{c}) < 0 {
			b.addRow(introspect.Column{Name: c}, "")
		}
	}
}

func (b *box) addRow(c introspect.Column, mark string) {
	b.rows = append(b.rows, row{
		col: c.Name, mark: mark,
		name:  truncate(c.Name, maxName),
		typ:   truncate(c.Type, maxType),
		hover: columnHover(c),
	})
}

// size sets the box's width and height from its text.
func (b *box) size() {
	typeW := 0
	for _, r := range b.rows {
		b.markW = max(b.markW, cells(r.mark))
		b.nameW = max(b.nameW, cells(r.name))
		typeW = max(typeW, cells(r.typ))
	}
	content := b.nameW + typeW
	if typeW > 0 {
		content += typeGap
	}
	if b.markW > 0 {
		content += b.markW + 1
	}
	if b.more > 0 {
		content = max(content, cells(moreText(b.more)))
	}
	header := float64(cells(truncate(b.key, maxTitle))) * charW
	if b.badge != "" {
		header += 2*charW + float64(cells(b.badge))*labelCharW
	}
	b.w = max(minBoxW, float64(content)*charW+2*padX, header+2*padX)
	b.h = headerH + float64(len(b.rows))*rowH + padBottom
	if b.more > 0 {
		b.h += rowH
	}
}

func moreText(n int) string { return "+" + itoa(n) + " more" }

func badgeOf(t *introspect.Table) string {
	switch t.Kind {
	case introspect.KindView:
		return "view"
	case introspect.KindMaterializedView:
		return "mat. view"
	case introspect.KindVirtual:
		return cmp.Or(t.Module, "virtual")
	}
	return ""
}
