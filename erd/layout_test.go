package erd

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"studio/introspect"
)

func overlap(a, b *box) bool {
	return a.x < b.x+b.w && b.x < a.x+a.w && a.y < b.y+b.h && b.y < a.y+a.h
}

func TestLayoutHasNoOverlaps(t *testing.T) {
	cases := []struct {
		n      int
		seed   uint64
		cycles bool
	}{
		{50, 1, false}, {50, 2, true}, {50, 3, true}, {200, 4, true}, {12, 5, true},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d tables seed %d", c.n, c.seed), func(t *testing.T) {
			s := syntheticSchema(c.n, c.seed, c.cycles)
			d := layout(s, Options{})
			if len(d.boxes) != c.n {
				t.Fatalf("%d boxes for %d tables", len(d.boxes), c.n)
			}
			for i, a := range d.boxes {
				if a.x < 0 || a.y < 0 || a.x+a.w > d.width || a.y+a.h > d.height {
					t.Errorf("%s at (%v,%v %vx%v) is outside the %vx%v canvas", a.key, a.x, a.y, a.w, a.h, d.width, d.height)
				}
				loop := &box{x: a.x + a.w, y: a.y, w: a.loop, h: a.h}
				for j, b := range d.boxes {
					if j > i && overlap(a, b) {
						t.Errorf("%s and %s overlap", a.key, b.key)
					}
					if j != i && a.loop > 0 && overlap(loop, b) {
						t.Errorf("the self-reference loop of %s runs into %s", a.key, b.key)
					}
				}
			}
			assertEdgesAvoidBoxes(t, d)
		})
	}
}

// assertEdgesAvoidBoxes checks that where an edge crosses a layer it does so
// between boxes, and that every edge stays on the canvas.
func assertEdgesAvoidBoxes(t *testing.T, d *diagram) {
	t.Helper()
	for _, e := range d.edges {
		if e.path == "" {
			t.Errorf("%s → %s has no path", e.child.key, e.parent.key)
		}
		if e.extent() > d.width {
			t.Errorf("%s → %s reaches x=%v beyond the width %v", e.child.key, e.parent.key, e.extent(), d.width)
		}
		for i := 0; i+1 < len(e.via); i += 2 {
			l, r, y := min(e.via[i].x, e.via[i+1].x), max(e.via[i].x, e.via[i+1].x), e.via[i].y
			for _, b := range d.boxes {
				if b.x < r && l < b.x+b.w && b.y <= y && y <= b.y+b.h {
					t.Errorf("%s → %s runs under %s at y=%v", e.child.key, e.parent.key, b.key, y)
				}
			}
		}
	}
}

func TestLayoutGridLeavesRoomForLoops(t *testing.T) {
	var s introspect.Schema
	for i := range 12 {
		name := fmt.Sprintf("tree_%d", i)
		s.Tables = append(s.Tables, table(name, []string{"id"}, []introspect.Column{col("id", "int"), col("parent_id", "int")},
			fk([]string{"parent_id"}, name, []string{"id"}, "SET DEFAULT")))
	}
	d := layout(s, Options{})
	for i, a := range d.boxes {
		if a.loop == 0 {
			t.Fatalf("%s has no loop", a.key)
		}
		loop := &box{x: a.x + a.w, y: a.y, w: a.loop, h: a.h}
		for j, b := range d.boxes {
			if j != i && overlap(loop, b) {
				t.Errorf("the loop of %s runs into %s", a.key, b.key)
			}
		}
	}
}

func TestLayoutPutsParentsLeft(t *testing.T) {
	d := layout(syntheticSchema(50, 1, false), Options{})
	for _, e := range d.edges {
		if e.child != e.parent && e.parent.x+e.parent.w >= e.child.x {
			t.Errorf("%s is not left of its child %s", e.parent.key, e.child.key)
		}
	}
}

func TestLayoutPutsTablesWithoutKeysInAGridBelow(t *testing.T) {
	d := layout(smallSchema(), Options{})
	lowestLinked, grid := 0.0, map[string]bool{}
	for _, b := range d.boxes {
		switch b.key {
		case "settings", "post_stats", "posts_fts":
			grid[b.key] = true
		default:
			lowestLinked = max(lowestLinked, b.y+b.h)
		}
	}
	for _, b := range d.boxes {
		if grid[b.key] && b.y < lowestLinked+sectionGap {
			t.Errorf("%s (no keys to other tables) at y=%v, want below %v", b.key, b.y, lowestLinked+sectionGap)
		}
	}
	if d.gridTop == 0 {
		t.Error("gridTop not set")
	}
}

func TestLayoutBreaksCycles(t *testing.T) {
	s := introspect.Schema{Name: "main", Tables: []introspect.Table{
		table("a", []string{"id"}, []introspect.Column{col("id", "int"), col("b_id", "int")}, fk([]string{"b_id"}, "b", []string{"id"}, "CASCADE")),
		table("b", []string{"id"}, []introspect.Column{col("id", "int"), col("c_id", "int")}, fk([]string{"c_id"}, "c", []string{"id"}, "CASCADE")),
		table("c", []string{"id"}, []introspect.Column{col("id", "int"), col("a_id", "int")}, fk([]string{"a_id"}, "a", []string{"id"}, "CASCADE")),
	}}
	d := layout(s, Options{})
	xs := map[float64]bool{}
	for _, b := range d.boxes {
		xs[b.x] = true
	}
	if len(xs) != 3 {
		t.Errorf("a 3-cycle used %d layers, want 3", len(xs))
	}
	assertEdgesAvoidBoxes(t, d)
}

func TestBoxRows(t *testing.T) {
	cases := []struct {
		name     string
		opts     Options
		table    string
		rows     []string // mark:name
		more     int
		minWidth float64
	}{
		{"keys first, then others", Options{}, "comments", []string{"PK:id", "FK:post_id", "FK:user_id", "FK:parent_id", ":body"}, 0, minBoxW},
		{"limit", Options{}, "posts", []string{"PK:id", "FK:author_id", ":title", ":body", ":status", ":created_at", ":updated_at", ":views", ":score", ":slug"}, 3, minBoxW},
		{"keys only", Options{MaxColumns: -1}, "posts", []string{"PK:id", "FK:author_id"}, 11, minBoxW},
		{"composite key that is also foreign", Options{}, "post_categories", []string{"PK FK:post_id", "PK FK:category_id"}, 0, minBoxW},
		{"stand-in lists referenced columns", Options{}, "auth.accounts", []string{":uid"}, 0, minBoxW},
		{"referenced non-key column stays", Options{MaxColumns: -1}, "orgs", []string{"PK:id", "FK:owner_id"}, 1, minBoxW},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := buildDiagram(smallSchema(), c.opts)
			var b *box
			for _, x := range d.boxes {
				if x.key == c.table {
					b = x
				}
			}
			if b == nil {
				t.Fatalf("no box %s", c.table)
			}
			var got []string
			for _, r := range b.rows {
				got = append(got, r.mark+":"+r.name)
			}
			if fmt.Sprint(got) != fmt.Sprint(c.rows) || b.more != c.more {
				t.Errorf("rows %v +%d more, want %v +%d", got, b.more, c.rows, c.more)
			}
			if b.w < c.minWidth {
				t.Errorf("width %v < %v", b.w, c.minWidth)
			}
		})
	}
}

func TestCellsAndTruncate(t *testing.T) {
	cases := []struct {
		in    string
		cells int
		cut8  string
	}{
		{"users", 5, "users"},
		{"naïve", 5, "naïve"},
		{"e\u0301", 1, "e\u0301"},
		{"表格", 4, "表格"},
		{"🙂x", 3, "🙂x"},
		{"a_very_long_name", 16, "a_very_…"},
		{"表格表格表格", 12, "表格表…"},
	}
	for _, c := range cases {
		if got := cells(c.in); got != c.cells {
			t.Errorf("cells(%q) = %d, want %d", c.in, got, c.cells)
		}
		if got := truncate(c.in, 8); got != c.cut8 {
			t.Errorf("truncate(%q, 8) = %q, want %q", c.in, got, c.cut8)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	for _, n := range []int{50, 200} {
		s := syntheticSchema(n, 1, true)
		b.Run(fmt.Sprintf("%d tables", n), func(b *testing.B) {
			for b.Loop() {
				Render(s, Options{Link: link})
			}
		})
	}
	b.Run("pagila-like, 76 relations", func(b *testing.B) {
		s := pagilaLike()
		for b.Loop() {
			Render(s, Options{Link: link})
		}
	})
}

// TestRenderToDir writes the realistic diagrams to $ERD_OUT for a person to
// look at; it does nothing otherwise.
func TestRenderToDir(t *testing.T) {
	dir := os.Getenv("ERD_OUT")
	if dir == "" {
		t.Skip("ERD_OUT not set")
	}
	for name, s := range map[string]introspect.Schema{"pagila": pagilaLike(), "chinook": chinookLike(), "small": smallSchema(), "synthetic50": syntheticSchema(50, 1, true), "synthetic200": syntheticSchema(200, 2, true), "islands": islandsSchema()} {
		if err := os.WriteFile(filepath.Join(dir, name+".svg"), Render(s, Options{Link: link}), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
