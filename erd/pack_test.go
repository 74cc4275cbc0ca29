package erd

import (
	"math"
	"strings"
	"testing"

	"studio/introspect"
)

// largestEmptyShare is the share of the canvas taken by its largest empty
// rectangle, on a grid of cell-sized squares: a square is empty when no
// box (or self-reference loop) touches it.
func largestEmptyShare(d *diagram, cell float64) float64 {
	cols, rows := int(math.Ceil(d.width/cell)), int(math.Ceil(d.height/cell))
	full := make([][]bool, rows)
	for r := range full {
		full[r] = make([]bool, cols)
	}
	for _, b := range d.boxes {
		for r := int(b.y / cell); r <= int((b.y+b.h)/cell) && r < rows; r++ {
			for c := int(b.x / cell); c <= int((b.x+b.w+b.loop)/cell) && c < cols; c++ {
				full[r][c] = true
			}
		}
	}
	// Largest rectangle of empty squares: a histogram per row.
	height, best := make([]int, cols), 0
	for r := range rows {
		for c := range cols {
			if full[r][c] {
				height[c] = 0
			} else {
				height[c]++
			}
		}
		for c := range cols {
			h := height[c]
			for k := c; k < cols && h > 0; k++ {
				h = min(h, height[k])
				best = max(best, h*(k-c+1))
			}
		}
	}
	return float64(best) / float64(cols*rows)
}

func TestLayoutPacksRealSchemas(t *testing.T) {
	cases := []struct {
		name        string
		s           introspect.Schema
		boxes       int
		utilisation float64 // boxes' area over the canvas's, at least
	}{
		{"pagila-like, 53 partitions", pagilaLike(), 23, 0.24},
		{"chinook-like", chinookLike(), 11, 0.33},
		{"groups of many sizes and lookups", islandsSchema(), 45, 0.24},
		{"small", smallSchema(), 12, 0.2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := layout(c.s, Options{})
			if len(d.boxes) != c.boxes {
				t.Errorf("%d boxes, want %d", len(d.boxes), c.boxes)
			}
			area := 0.0
			for i, a := range d.boxes {
				area += a.w * a.h
				if a.w < 150 {
					t.Errorf("%s is %v wide, want at least 150 (readable at zoom 1)", a.key, a.w)
				}
				if a.x < 0 || a.y < 0 || a.x+a.w+a.loop > d.width || a.y+a.h > d.height {
					t.Errorf("%s is outside the %vx%v canvas", a.key, d.width, d.height)
				}
				for _, b := range d.boxes[i+1:] {
					if overlap(a, b) || overlap(&box{x: a.x, y: a.y, w: a.w + a.loop, h: a.h}, b) {
						t.Errorf("%s and %s overlap", a.key, b.key)
					}
				}
			}
			assertEdgesAvoidBoxes(t, d)
			if u := area / (d.width * d.height); u < c.utilisation {
				t.Errorf("boxes cover %.2f of the %vx%v canvas, want at least %.2f", u, d.width, d.height, c.utilisation)
			}
			if e := largestEmptyShare(d, 150); e > 0.22 {
				t.Errorf("an empty region takes %.2f of the canvas, want at most 0.22", e)
			}
			if r := d.width / d.height; r < 0.8 || r > 3.5 {
				t.Errorf("canvas %vx%v: aspect %.2f, want a screen-like 0.8–3.5", d.width, d.height, r)
			}
		})
	}
}

func TestRenderFoldsPartitions(t *testing.T) {
	out := string(Render(pagilaLike(), Options{Link: link}))
	if strings.Contains(out, "payment_p2") {
		t.Error("a partition is drawn or named")
	}
	if n := strings.Count(out, `data-table="`); n != 23 {
		t.Errorf("%d boxes, want 23 (15 tables, 8 views)", n)
	}
	if !strings.Contains(out, `class="erd-table erd-partitioned" data-table="payment"`) || !strings.Contains(out, ">53 partitions</text>") {
		t.Error("payment is not drawn as one box counting its 53 partitions")
	}
	if !strings.Contains(out, "partitioned by RANGE (payment_date) into 53 partitions") {
		t.Error("payment's tooltip does not say how it is partitioned")
	}
	// The partitions repeat payment's three keys: drawn once.
	if n := strings.Count(out, "<title>payment("); n != 3 {
		t.Errorf("payment has %d key arrows, want 3", n)
	}
}

func TestNeighbourhood(t *testing.T) {
	names := func(s introspect.Schema) string {
		var out []string
		for _, f := range s.Fold() {
			out = append(out, f.Table.Name)
		}
		return strings.Join(out, " ")
	}
	cases := []struct{ table, want string }{
		// Referenced by payment's partitions too: one payment box.
		{"customer", "address customer rental store payment"},
		{"payment", "customer rental staff payment"},
		// A partition is drawn for itself, not folded into payment.
		{"payment_p2020_01", "customer rental staff payment_p2020_01"},
		{"actor", "actor film_actor"},
		{"actor_info", "actor_info"},
	}
	for _, c := range cases {
		t.Run(c.table, func(t *testing.T) {
			n := Neighbourhood(pagilaLike(), c.table)
			if got := names(n); got != c.want {
				t.Errorf("neighbourhood %q, want %q", got, c.want)
			}
			out := string(Render(n, Options{Link: link, Focus: c.table}))
			if !strings.Contains(out, `erd-focus" data-table="`+c.table+`"`) {
				t.Errorf("%s is not marked as the focus", c.table)
			}
			// A neighbour's other keys still mark their columns: film_actor's
			// film_id is a key, though film is not drawn.
			if c.table == "actor" && strings.Count(out, ">PK FK</text>") != 2 {
				t.Error("film_actor's film_id lost its FK mark")
			}
			// Only keys from or to the table are drawn.
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(line, `<g class="erd-fk `) && !strings.Contains(line, c.table+"(") && !strings.Contains(line, "→ "+c.table+"(") {
					t.Errorf("a key that does not touch %s: %s", c.table, line)
				}
			}
		})
	}
}
