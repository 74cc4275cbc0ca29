package handlers_test

import (
	"context"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"studio/handlers"
	"studio/internal/browsertest"
)

// eval runs a JavaScript expression and fails the test when it throws.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// colorScheme emulates prefers-color-scheme (and the viewport's width).
func colorScheme(scheme string, width int64) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		if err != nil {
			return err
		}
		_, err = chromedp.EmulateViewport(width, 900)(ctx, tg)
		return err
	})
}

// erdState is what a person sees of the diagram view: the zoom level, the
// box's scroll offsets and size, the SVG's rendered size, and the
// narrowest table's rendered width.
type erdState struct {
	Zoom, Left, Top, BoxW, BoxH, SvgW, SvgH, MinBox float64
}

const erdStateJS = `(() => {
  const v = document.querySelector('[data-erd-view]'), box = v.querySelector('[data-erd-viewport]');
  const svg = box.querySelector('svg').getBoundingClientRect();
  const w = [...box.querySelectorAll('rect.erd-box')].map(r => r.getBoundingClientRect().width);
  return {Zoom: +v.getAttribute('data-zoom'), Left: box.scrollLeft, Top: box.scrollTop, BoxW: box.clientWidth,
          BoxH: box.clientHeight, SvgW: svg.width, SvgH: svg.height, MinBox: Math.min(...w)};
})()`

// boxPoint is the page point at the middle of a table's box.
const boxPointJS = `(name) => { const r = document.querySelector('[data-erd-viewport] g[data-table="' + name + '"] rect.erd-box').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }`

func TestBrowserPartitionedOverviewAndERD(t *testing.T) {
	base := serve(t, openPagilaLike(t), handlers.Options{})
	ctx := browsertest.New(t, 180*time.Second)
	browserDo(t, ctx, "overview", colorScheme("light", 1440),
		chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`tr[data-table-name="payment"]`)))

	// One row for payment; its partitions hide in a closed list that opens.
	if n := eval[int](t, ctx, `document.querySelectorAll('tr[data-table-name^="payment"]').length`); n != 1 {
		t.Fatalf("%d rows for payment and its partitions, want 1", n)
	}
	first := `tr[data-table-name="payment"] a[data-testid="partition-link"]`
	if eval[bool](t, ctx, `document.querySelector('`+first+`').checkVisibility()`) {
		t.Error("the partitions show before the list is opened")
	}
	browserDo(t, ctx, "open the partitions", chromedp.Click(chromedp.CSS(`tr[data-table-name="payment"] summary`)),
		chromedp.WaitVisible(chromedp.CSS(first)))
	browsertest.Screenshot(t, ctx, "pagila-overview")
	// The filter finds a table by a partition's name.
	browserDo(t, ctx, "filter", chromedp.SendKeys(chromedp.CSS(`[data-filter-tables]`), "p2024_05"))
	if !eval[bool](t, ctx, `!document.querySelector('tr[data-table-name="payment"]').hidden && document.querySelector('tr[data-table-name="actor"]').hidden`) {
		t.Error("filtering by a partition's name does not keep only its table")
	}
	browserDo(t, ctx, "follow a partition", chromedp.Click(chromedp.CSS(first)))
	until(t, ctx, `location.pathname === "/schema/public/table/payment_p2020_01/rows" && !!document.querySelector('[data-testid="grid"], table.grid')`)

	// The ER diagram, reached by a link that htmx boosts (the page is
	// swapped in, erd.js sets it up all the same): 23 boxes, readable at
	// the initial zoom.
	browserDo(t, ctx, "erd", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="erd-link"]`)))
	until(t, ctx, ready(`[data-testid="erd-link"]`))
	eval[bool](t, ctx, `window.sameDocument = true`)
	browserDo(t, ctx, "erd link", chromedp.Click(chromedp.CSS(`[data-testid="erd-link"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-erd-controls]`)))
	if !eval[bool](t, ctx, `window.sameDocument === true`) {
		t.Log("the ER diagram link loaded a new document instead of an htmx swap")
	}
	s := eval[erdState](t, ctx, erdStateJS)
	if s.Zoom != 1 || s.MinBox < 150 {
		t.Errorf("initial zoom %v, narrowest box %.1f px; want 1 and at least 150", s.Zoom, s.MinBox)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('[data-erd-viewport] g[data-table]').length`); n != 23 {
		t.Errorf("%d boxes, want 23", n)
	}
	browsertest.Screenshot(t, ctx, "pagila-erd")

	// Buttons zoom in and out.
	browserDo(t, ctx, "zoom in", chromedp.Click(chromedp.CSS(`[data-erd-zoom="in"]`)))
	if in := eval[erdState](t, ctx, erdStateJS); math.Abs(in.Zoom-1.25) > 0.001 || math.Abs(in.SvgW-s.SvgW*1.25) > 2 {
		t.Errorf("zoom in: %+v", in)
	}
	browserDo(t, ctx, "zoom out", chromedp.Click(chromedp.CSS(`[data-erd-zoom="out"]`)), chromedp.Click(chromedp.CSS(`[data-erd-zoom="out"]`)))
	if out := eval[erdState](t, ctx, erdStateJS); math.Abs(out.Zoom-0.8) > 0.001 || out.SvgW >= s.SvgW {
		t.Errorf("zoom out: %+v", out)
	}
	if lvl := eval[string](t, ctx, `document.querySelector('[data-erd-level]').textContent`); lvl != "80%" {
		t.Errorf("level shows %q", lvl)
	}

	// The wheel zooms around the pointer: the drawing's point under it stays.
	browserDo(t, ctx, "actual size", chromedp.Click(chromedp.CSS(`[data-erd-zoom="reset"]`)))
	r := eval[[]float64](t, ctx, `(() => { const r = document.querySelector('[data-erd-viewport]').getBoundingClientRect(); return [r.x, r.y]; })()`)
	px, py := r[0]+500, r[1]+300
	under := `(() => { const v = document.querySelector('[data-erd-view]'), b = v.querySelector('[data-erd-viewport]'), r = b.getBoundingClientRect(), z = +v.getAttribute('data-zoom');
	  return [(b.scrollLeft + ` + ftoa(px) + ` - r.x - b.clientLeft) / z, (b.scrollTop + ` + ftoa(py) + ` - r.y - b.clientTop) / z]; })()`
	before := eval[[]float64](t, ctx, under)
	// The protocol wants both deltas and drops a zero one.
	browserDo(t, ctx, "wheel", chromedp.MouseEvent(chromedp.MouseWheel, px, py, func(p *input.DispatchMouseEventParams) { p.DeltaX, p.DeltaY = 0.01, -200 }))
	until(t, ctx, `+document.querySelector('[data-erd-view]').getAttribute('data-zoom') > 1.2`)
	after := eval[[]float64](t, ctx, under)
	if math.Abs(after[0]-before[0]) > 2 || math.Abs(after[1]-before[1]) > 2 {
		t.Errorf("the wheel moved the point under the pointer from %v to %v", before, after)
	}

	// Keys: + and - zoom, arrows move, 0 fits.
	browserDo(t, ctx, "keys", chromedp.Click(chromedp.CSS(`[data-erd-zoom="reset"]`)), chromedp.Focus(chromedp.CSS(`[data-erd-viewport]`)),
		chromedp.KeyEvent("+"), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowDown))
	if k := eval[erdState](t, ctx, erdStateJS); math.Abs(k.Zoom-1.25) > 0.001 || k.Left < 1 || k.Top < 1 {
		t.Errorf("after + → ↓: %+v", k)
	}

	// Fit shows everything, the diagram then fits in its box.
	browserDo(t, ctx, "fit", chromedp.Click(chromedp.CSS(`[data-erd-zoom="fit"]`)))
	f := eval[erdState](t, ctx, erdStateJS)
	if f.Zoom >= 1 || f.SvgW > f.BoxW+1 || f.SvgH > f.BoxH+1 || f.Left != 0 || f.Top != 0 {
		t.Errorf("fit: %+v", f)
	}
	inside := eval[bool](t, ctx, `(() => { const b = document.querySelector('[data-erd-viewport]').getBoundingClientRect();
	  return [...document.querySelectorAll('[data-erd-viewport] rect.erd-box')].every(r => { const x = r.getBoundingClientRect();
	    return x.left >= b.left - 1 && x.right <= b.right + 1 && x.top >= b.top - 1 && x.bottom <= b.bottom + 1; }); })()`)
	if !inside {
		t.Error("after Fit some table lies outside the visible box")
	}
	eval[bool](t, ctx, `(() => { window.scrollTo(0, 0); return true; })()`)
	browsertest.Screenshot(t, ctx, "pagila-erd-fit")

	// Dragging pans (and a drag that ends on a table does not open it).
	browserDo(t, ctx, "actual size again", chromedp.Click(chromedp.CSS(`[data-erd-zoom="reset"]`)))
	eval[bool](t, ctx, `(() => { document.querySelector('[data-erd-viewport]').scrollTo(0, 0); return true; })()`)
	at := eval[[]float64](t, ctx, `(`+boxPointJS+`)("film")`)
	b := eval[erdState](t, ctx, erdStateJS)
	browserDo(t, ctx, "drag",
		chromedp.MouseEvent(chromedp.MouseMoved, at[0], at[1]),
		chromedp.MouseEvent(chromedp.MousePressed, at[0], at[1], chromedp.ButtonLeft),
		chromedp.MouseEvent(chromedp.MouseMoved, at[0]-100, at[1]-40, chromedp.ButtonLeft),
		chromedp.MouseEvent(chromedp.MouseMoved, at[0]-200, at[1]-80, chromedp.ButtonLeft),
		chromedp.MouseEvent(chromedp.MouseReleased, at[0]-200, at[1]-80, chromedp.ButtonLeft))
	d := eval[erdState](t, ctx, erdStateJS)
	if math.Abs(d.Left-b.Left-200) > 2 || math.Abs(d.Top-b.Top-80) > 2 {
		t.Errorf("drag by (-200, -80) scrolled from (%v, %v) to (%v, %v)", b.Left, b.Top, d.Left, d.Top)
	}
	time.Sleep(300 * time.Millisecond)
	if p := eval[string](t, ctx, `location.pathname`); p != "/schema/public/erd" {
		t.Fatalf("a drag opened %s", p)
	}

	// A click on a table opens its structure page, which draws its
	// neighbours.
	browserDo(t, ctx, "back to the start", chromedp.Click(chromedp.CSS(`[data-erd-zoom="fit"]`)))
	at = eval[[]float64](t, ctx, `(`+boxPointJS+`)("payment")`)
	browserDo(t, ctx, "click payment", chromedp.MouseClickXY(at[0], at[1]))
	until(t, ctx, `location.pathname === "/schema/public/table/payment" && !!document.querySelector('[data-testid="erd-neighbours"] svg')`)
	browsertest.Screenshot(t, ctx, "pagila-structure")
	browserDo(t, ctx, "open customer", chromedp.Click(chromedp.CSS(`[data-testid="erd-neighbours"] a[href="/schema/public/table/customer"] rect.erd-box`)))
	until(t, ctx, `location.pathname === "/schema/public/table/customer"`)
}

// TestBrowserERDFollowsTheTheme checks that the diagram's colours come from
// the theme, that the box shows a focus ring from the keyboard, and takes
// the dark and narrow screenshots.
func TestBrowserERDFollowsTheTheme(t *testing.T) {
	base := serve(t, openPagilaLike(t), handlers.Options{})
	ctx := browsertest.New(t, 90*time.Second)
	colours := `(() => { const q = s => getComputedStyle(document.querySelector(s));
	  return [q('[data-erd-viewport]').backgroundColor, q('[data-erd-viewport] rect.erd-box').fill,
	          q('[data-erd-viewport] rect.erd-box').stroke, q('[data-erd-viewport] .erd-fk-line').stroke, q('[data-erd-viewport] text.erd-name').fill]; })()`
	var light []string
	for _, scheme := range []string{"light", "dark"} {
		browserDo(t, ctx, scheme, colorScheme(scheme, 1440), chromedp.Navigate(base+"/schema/public/erd"),
			chromedp.WaitVisible(chromedp.CSS(`[data-erd-controls]`)))
		c := eval[[]string](t, ctx, colours)
		if c[0] != c[1] {
			t.Errorf("%s: the boxes (%s) are not the panel's colour (%s)", scheme, c[1], c[0])
		}
		if scheme == "light" {
			light = c
			continue
		}
		browsertest.Screenshot(t, ctx, "pagila-erd-dark")
		for i, what := range []string{"background", "box fill", "box border", "key line", "table name"} {
			if c[i] == light[i] {
				t.Errorf("dark: the %s stays %s", what, c[i])
			}
		}
		if c[1] == "rgb(255, 255, 255)" {
			t.Error("dark: the boxes stay white")
		}
	}
	// From the keyboard: Tab from the last button reaches the diagram's
	// box, which shows a ring.
	browserDo(t, ctx, "tab", chromedp.Focus(chromedp.CSS(`[data-erd-zoom="reset"]`)), chromedp.KeyEvent(kb.Tab))
	ring := eval[string](t, ctx, `(() => { const b = document.activeElement; return b.matches('[data-erd-viewport]') ? getComputedStyle(b).outlineStyle : 'not focused: ' + b.outerHTML.slice(0, 80); })()`)
	if ring != "solid" {
		t.Errorf("the focused diagram box's outline: %s", ring)
	}
	browserDo(t, ctx, "narrow", colorScheme("light", 800), chromedp.Navigate(base+"/schema/public/erd"),
		chromedp.WaitVisible(chromedp.CSS(`[data-erd-controls]`)))
	if s := eval[erdState](t, ctx, erdStateJS); s.MinBox < 150 || s.BoxW > 800 {
		t.Errorf("800 px wide: %+v", s)
	}
	browsertest.Screenshot(t, ctx, "pagila-erd-800")
}

// TestBrowserERDChinookLike checks a small SQLite schema: one group, every
// box at least 150 px wide and linked, Fit shows it all.
func TestBrowserERDChinookLike(t *testing.T) {
	base := serve(t, openChinookLike(t), handlers.Options{})
	ctx := browsertest.New(t, 60*time.Second)
	browserDo(t, ctx, "erd", colorScheme("light", 1440), chromedp.Navigate(base+"/schema/main/erd"),
		chromedp.WaitVisible(chromedp.CSS(`[data-erd-controls]`)))
	s := eval[erdState](t, ctx, erdStateJS)
	if s.MinBox < 150 {
		t.Errorf("narrowest box %.1f px", s.MinBox)
	}
	links := eval[[]string](t, ctx, `[...document.querySelectorAll('[data-erd-viewport] a')].map(a => a.getAttribute('href'))`)
	if len(links) != 11 || !strings.HasPrefix(links[0], "/schema/main/table/") {
		t.Errorf("links %v", links)
	}
	browsertest.Screenshot(t, ctx, "chinook-erd")

	// Without JavaScript: no controls, the diagram at its natural size in
	// a box that scrolls, the tables still links.
	noJS := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	browserDo(t, ctx, "without JavaScript", noJS, chromedp.Navigate(base+"/schema/main/erd"),
		chromedp.WaitVisible(chromedp.CSS(`[data-erd-viewport] svg`)))
	var hidden, overflow string
	var minBox float64
	if err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			// Scripts are off for the page, not for the protocol.
			var err error
			hidden, err = chromedp.Evaluate[string](`getComputedStyle(document.querySelector('[data-erd-controls]')).display`)(ctx, tg)
			if err != nil {
				return err
			}
			overflow, err = chromedp.Evaluate[string](`getComputedStyle(document.querySelector('[data-erd-viewport]')).overflow`)(ctx, tg)
			if err != nil {
				return err
			}
			minBox, err = chromedp.Evaluate[float64](`Math.min(...[...document.querySelectorAll('rect.erd-box')].map(r => r.getBoundingClientRect().width))`)(ctx, tg)
			return err
		})); err != nil {
		t.Fatal(err)
	}
	if hidden != "none" || overflow != "auto" || minBox < 150 {
		t.Errorf("without JavaScript: controls display %q, box overflow %q, narrowest box %.1f px", hidden, overflow, minBox)
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
