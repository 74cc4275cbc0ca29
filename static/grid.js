// studio's grid (views/grid.templ): a WAI-ARIA grid over the server's
// table. The server renders the cells and answers htmx (pages, the cell
// editor, the row detail panel); this script only moves the focus and the
// selection, opens the editor and the panel, copies, resizes columns and
// switches the density. Without it the grid is a table of links and forms.
(function () {
  "use strict";
  var GRID = 'table[role="grid"][data-grid]';
  var store = function (k, v) {
    try {
      if (v === undefined) return window.localStorage.getItem(k);
      window.localStorage.setItem(k, v);
    } catch (e) { /* storage refused: nothing is remembered */ }
    return null;
  };
  var gridOf = function (el) { return el && el.closest ? el.closest(GRID) : null; };
  var theGrid = function () { return document.querySelector(GRID); };
  var panel = function () { return document.getElementById("row-detail"); };

  // The active cell is a position (row, column) in the table's rows (the
  // header is row 0), so it survives a row re-rendered by an edit and a
  // page loaded by the pager (keep).
  var active = { r: 1, c: 0 }, anchor = null, keep = null, selected = [];
  var lead = function (g) { return g.rows[0].querySelectorAll("th.pick, th.rowlink").length; };
  var cellAt = function (g, r, c) {
    var row = g.rows[Math.max(0, Math.min(r, g.rows.length - 1))];
    return row.cells[Math.max(0, Math.min(c, row.cells.length - 1))];
  };
  var posOf = function (cell) { return { r: cell.parentNode.rowIndex, c: cell.cellIndex }; };
  var header = function (g, c) { return g.rows[0].cells[c]; };
  var colName = function (g, c) { return header(g, c).getAttribute("data-col"); };

  // focusCell makes one cell the grid's single tab stop (roving tabindex)
  // and, unless quiet, gives it the focus.
  var focusCell = function (g, r, c, extend, quiet) {
    var cell = cellAt(g, r, c);
    var old = g.querySelector('[tabindex="0"]');
    if (old && old !== cell) old.setAttribute("tabindex", "-1");
    cell.setAttribute("tabindex", "0");
    var p = posOf(cell);
    if (!extend || !anchor) anchor = p;
    active = p;
    select(g, anchor, p);
    if (!quiet) {
      cell.focus({ preventScroll: true });
      cell.scrollIntoView({ block: "nearest", inline: "nearest" });
      follow(g);
    }
  };

  // select marks the rectangle from a to b with aria-selected.
  var select = function (g, a, b) {
    selected.forEach(function (cell) { cell.removeAttribute("aria-selected"); });
    selected = [];
    var r0 = Math.min(a.r, b.r), r1 = Math.max(a.r, b.r), c0 = Math.min(a.c, b.c), c1 = Math.max(a.c, b.c);
    for (var r = r0; r <= r1 && r < g.rows.length; r++) {
      for (var c = c0; c <= c1 && c < g.rows[r].cells.length; c++) {
        var cell = g.rows[r].cells[c];
        cell.setAttribute("aria-selected", "true");
        selected.push(cell);
      }
    }
    g.classList.toggle("ranged", selected.length > 1);
  };

  // prepare takes every control inside the grid out of the tab order (the
  // grid is one tab stop), numbers rows an edit re-rendered, and puts the
  // tab stop back if its cell was replaced.
  var prepare = function (g) {
    g.querySelectorAll("a[href], input, button, summary, select, textarea").forEach(function (el) {
      if (!el.closest(".cell-edit, .cell-conflict")) el.setAttribute("tabindex", "-1");
    });
    var body = g.tBodies[0];
    for (var i = 0; body && i < body.rows.length; i++) {
      var tr = body.rows[i], prev = tr.previousElementSibling;
      if (!tr.hasAttribute("aria-rowindex") && prev && prev.hasAttribute("aria-rowindex")) {
        tr.setAttribute("aria-rowindex", String(Number(prev.getAttribute("aria-rowindex")) + 1));
      } else if (!tr.hasAttribute("aria-rowindex") && !prev && body.rows[1] && body.rows[1].hasAttribute("aria-rowindex")) {
        tr.setAttribute("aria-rowindex", String(Number(body.rows[1].getAttribute("aria-rowindex")) - 1));
      }
    }
    if (!g.querySelector('[tabindex="0"]')) focusCell(g, active.r, active.c, false, true);
  };

  // padScroll keeps a cell scrolled into view out from under the sticky
  // header and the sticky columns on the left.
  var padScroll = function (g) {
    var box = g.closest("[data-grid-box]"), left = 0;
    if (!box) return;
    g.querySelectorAll("thead th").forEach(function (th) {
      if (getComputedStyle(th).left !== "auto") left = Math.max(left, th.getBoundingClientRect().right - g.getBoundingClientRect().left);
    });
    box.style.scrollPaddingTop = g.tHead.getBoundingClientRect().height + "px";
    box.style.scrollPaddingLeft = left + "px";
  };

  // fitHeight sizes the grid's box so that, with the page at its top, the
  // box and the bar under it (pager, row actions) fill the window: the
  // grid scrolls inside, the page need not, and nothing sits below the
  // fold. (The style sheet's max-height is the fallback without script.)
  var fitHeight = function (g) {
    var box = g.closest("[data-grid-box]"), foot = document.querySelector("[data-testid=\"grid-foot\"]");
    if (!box) return;
    var top = box.getBoundingClientRect().top + window.scrollY;
    var below = foot ? foot.getBoundingClientRect().height + 12 : 12;
    box.style.maxHeight = Math.max(240, window.innerHeight - top - below) + "px";
    var p = panel();
    if (p && getComputedStyle(p).position !== "fixed") p.style.maxHeight = box.style.maxHeight;
  };

  var init = function (g) {
    fitHeight(g);
    if (g.hasAttribute("data-ready")) return prepare(g);
    g.setAttribute("data-ready", "");
    document.querySelectorAll("[data-grid-tools]").forEach(function (el) { el.hidden = false; });
    density(g, store("studio.density") === "compact");
    handles(g);
    widths(g);
    padScroll(g);
    var first = g.rows.length > 1 ? 1 : 0;
    var start = { r: first, c: lead(g) };
    if (keep && keep.grid === g.getAttribute("data-grid")) start = { r: keep.r < 0 ? g.rows.length - 1 : keep.r, c: keep.c };
    active = { r: start.r, c: start.c };
    anchor = null;
    prepare(g);
    focusCell(g, start.r, start.c, false, !(keep && keep.focus && keep.grid === g.getAttribute("data-grid")));
    keep = null;
  };

  /* moving */
  var pageRows = function (g) {
    var box = g.closest("[data-grid-box]"), row = g.rows[Math.min(1, g.rows.length - 1)];
    var h = row ? row.getBoundingClientRect().height : 30;
    var visible = box ? Math.min(box.clientHeight, window.innerHeight) : window.innerHeight;
    return Math.max(1, Math.floor(visible / Math.max(h, 1)) - 2);
  };

  // turn follows the pager (PageDown past the last row, PageUp before the
  // first), landing on the row at the same place of the new page.
  var turn = function (g, which, r) {
    var link = document.querySelector('[data-testid="page-' + which + '"]');
    if (!link) return false;
    keep = { grid: g.getAttribute("data-grid"), r: r, c: active.c, focus: true };
    link.click();
    return true;
  };

  var keys = function (e) {
    var g = gridOf(e.target), cell = e.target;
    if (!g || (cell.tagName !== "TD" && cell.tagName !== "TH")) return;
    active = posOf(cell);
    var last = g.rows.length - 1, r = active.r, c = active.c, width = g.rows[r].cells.length - 1;
    var mod = e.ctrlKey || e.metaKey, to = null;
    switch (e.key) {
      case "ArrowUp": to = { r: r - 1, c: c }; break;
      case "ArrowDown": to = { r: r + 1, c: c }; break;
      case "ArrowLeft":
        if (e.altKey && cell.tagName === "TH") return resizeBy(e, g, cell, -16);
        to = { r: r, c: c - 1 }; break;
      case "ArrowRight":
        if (e.altKey && cell.tagName === "TH") return resizeBy(e, g, cell, 16);
        to = { r: r, c: c + 1 }; break;
      case "Home": to = mod ? { r: Math.min(1, last), c: 0 } : { r: r, c: 0 }; break;
      case "End": to = mod ? { r: last, c: g.rows[last].cells.length - 1 } : { r: r, c: width }; break;
      case "PageDown":
        if (r === last && last > 0 && turn(g, "next", 1)) return e.preventDefault();
        to = { r: Math.min(last, r + pageRows(g)), c: c }; break;
      case "PageUp":
        if (r === 1 && turn(g, "prev", -1)) return e.preventDefault();
        to = { r: Math.max(Math.min(1, last), r - pageRows(g)), c: c }; break;
      case "Tab":
        if (e.shiftKey ? r === 0 && c === 0 : r === last && c === width) return; // leave the grid
        to = e.shiftKey ? (c > 0 ? { r: r, c: c - 1 } : { r: r - 1, c: g.rows[r - 1].cells.length - 1 })
          : (c < width ? { r: r, c: c + 1 } : { r: r + 1, c: 0 });
        e.preventDefault();
        return focusCell(g, to.r, to.c, false);
      case "Enter": case "F2": e.preventDefault(); return activate(g, cell, e.key === "F2");
      case " ": e.preventDefault(); return space(g, cell);
      case "Escape":
        if (panel() && !panel().hidden) return closePanel(true);
        anchor = null;
        return focusCell(g, r, c, false);
      case "c": case "C":
        if (mod && !e.altKey && !textSelected()) { e.preventDefault(); copy(g); }
        return;
      default: return;
    }
    e.preventDefault();
    focusCell(g, to.r, to.c, e.shiftKey);
  };

  // activate is Enter or F2 on a cell: edit a value; elsewhere do what a
  // click would (sort by the header, open the row, tick the row).
  var activate = function (g, cell, f2) {
    if (cell.tagName === "TD" && editable(g, cell)) return edit(g, cell);
    if (f2) return;
    var box = cell.querySelector('input[type="checkbox"]');
    if (box) return box.click();
    var a = cell.querySelector("a[href]");
    if (a) a.click();
  };

  var space = function (g, cell) {
    var box = cell.querySelector('input[type="checkbox"]');
    if (box) return box.click();
    if (cell.tagName === "TD") openPanel(g, cell.parentNode, true);
  };

  /* editing: the server's conflict-safe cell editor (views.CellEditor) */
  var originals = new WeakMap();
  var editing = null;
  // rowEditor is the editor's URL for a row but for the column: the
  // grid's data-cell-base with the key and version its checkbox carries
  // ("token.version"); null when the row cannot be edited.
  var rowEditor = function (g, tr) {
    var box = tr.querySelector('input[name="row"]'), base = g.getAttribute("data-cell-base");
    if (!box || !base) return null;
    var kv = box.value.split(".");
    return base + "?key=" + kv[0] + "&v=" + kv[1];
  };
  var editable = function (g, td) {
    var th = header(g, td.cellIndex);
    return !!(th && th.hasAttribute("data-col") && !th.hasAttribute("data-ro") && rowEditor(g, td.parentNode));
  };
  var openEditor = function (box, url) {
    if (!window.htmx || box.querySelector(".cell-edit, .cell-conflict")) return;
    originals.set(box, box.innerHTML);
    window.htmx.ajax("GET", url, { source: box, target: box, swap: "innerHTML" });
  };
  var edit = function (g, td) {
    editing = { grid: g.getAttribute("data-grid"), r: td.parentNode.rowIndex, c: td.cellIndex };
    openEditor(td, rowEditor(g, td.parentNode) + "&col=" + encodeURIComponent(colName(g, td.cellIndex)));
  };

  // Cancel (or Escape) puts a cell back as it was shown and returns the
  // focus to it.
  var restore = function (form) {
    var box = form && form.parentNode;
    if (!box) return;
    var orig = originals.get(box);
    if (orig === undefined) {
      var t = form.querySelector("template[data-cell-original]");
      orig = t ? t.innerHTML : "";
    }
    box.innerHTML = orig;
    editing = null;
    var g = gridOf(box);
    if (g) {
      prepare(g);
      focusCell(g, box.parentNode.rowIndex, box.cellIndex, false);
    } else {
      var again = box.parentNode.querySelector("[data-detail-edit]");
      if (again) again.focus();
    }
  };

  document.addEventListener("dblclick", function (e) {
    // A double-click inside an open editor selects text, nothing more.
    if (e.target.closest && e.target.closest(".cell-edit, .cell-conflict")) return;
    var td = e.target.closest && e.target.closest("td");
    var g = gridOf(td);
    if (!g || e.target.closest("a") || !editable(g, td)) return;
    edit(g, td);
  });
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-cell-cancel]");
    if (b) restore(b.closest(".cell-edit"));
  });
  document.addEventListener("keydown", function (e) {
    var form = e.key === "Escape" && e.target.closest && e.target.closest(".cell-edit");
    if (!form) return;
    e.preventDefault();
    e.stopPropagation();
    restore(form);
  }, true);

  /* copying: the selection as TSV, each value as the database gave it */
  var pending = null;
  var textSelected = function () {
    var s = window.getSelection && window.getSelection();
    return !!(s && !s.isCollapsed && s.toString() !== "");
  };
  // valueOf is a cell's value as text: NULL and '' are empty, what the
  // cell shows beside the value (labels, dates: class x) is left out.
  var valueOf = function (cell) {
    if (cell.tagName === "TH") return cell.getAttribute("data-col") || "";
    if (cell.querySelector(".null, .empty, .cell-edit, .cell-conflict")) return "";
    var out = "";
    var walk = function (n) {
      for (var k = n.firstChild; k; k = k.nextSibling) {
        var next = k.nextSibling;
        if (k.nodeType === 3 && !(next && next.nodeType === 1 && next.classList.contains("x") && !k.nodeValue.trim())) out += k.nodeValue;
        else if (k.nodeType === 1 && !k.classList.contains("x") && !k.classList.contains("vh") && k.tagName !== "INPUT") walk(k);
      }
    };
    walk(cell);
    return out;
  };
  var tsvField = function (s) {
    return /[\t\n\r"]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  };
  var tsv = function (g) {
    var r0 = Math.min(anchor.r, active.r), r1 = Math.max(anchor.r, active.r);
    var c0 = Math.min(anchor.c, active.c), c1 = Math.max(anchor.c, active.c), lines = [];
    for (var r = r0; r <= r1; r++) {
      var f = [];
      for (var c = c0; c <= c1; c++) f.push(tsvField(valueOf(cellAt(g, r, c))));
      lines.push(f.join("\t"));
    }
    return lines.join("\n");
  };
  var copied = function () {
    var note = document.getElementById("grid-copied");
    if (note) note.textContent = "Copied " + (selected.length === 1 ? "1 cell" : selected.length + " cells") + ".";
  };
  var copy = function (g) {
    var text = tsv(g);
    pending = text;
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
    pending = null;
    if (!ok && navigator.clipboard) navigator.clipboard.writeText(text);
    copied();
  };
  // The browser's own copy (Ctrl+C, the menu) of a grid cell, and the one
  // copy() asks for, put the TSV on the clipboard.
  document.addEventListener("copy", function (e) {
    var at = document.activeElement, g = gridOf(at);
    if (pending === null && (!g || textSelected() || (at.tagName !== "TD" && at.tagName !== "TH"))) return;
    var text = pending !== null ? pending : tsv(g);
    e.clipboardData.setData("text/plain", text);
    e.preventDefault();
    if (pending === null) copied();
  });

  /* resizing: a handle in each header; widths kept per table */
  var widthsKey = function (g) { return "studio.widths." + g.getAttribute("data-grid"); };
  // freeze switches the grid to fixed layout at the widths it has now,
  // so one column can change without the others moving.
  var freeze = function (g) {
    if (g.classList.contains("fixed")) return;
    var ths = Array.prototype.slice.call(g.rows[0].cells), w = ths.map(function (th) { return th.getBoundingClientRect().width; });
    ths.forEach(function (th, i) { th.style.width = w[i] + "px"; });
    g.classList.add("fixed");
    fit(g);
  };
  var fit = function (g) {
    var sum = 0;
    Array.prototype.forEach.call(g.rows[0].cells, function (th) { sum += parseFloat(th.style.width) || th.getBoundingClientRect().width; });
    g.style.width = sum + "px";
  };
  var setWidth = function (g, th, px, save) {
    freeze(g);
    px = Math.max(40, Math.round(px));
    th.style.width = px + "px";
    var h = th.querySelector(".rz");
    if (h) h.setAttribute("aria-valuenow", String(px));
    fit(g);
    padScroll(g);
    if (!save) return;
    var all = {};
    try { all = JSON.parse(store(widthsKey(g)) || "{}") || {}; } catch (e) { all = {}; }
    all[th.getAttribute("data-col")] = px;
    store(widthsKey(g), JSON.stringify(all));
  };
  var widths = function (g) {
    var all;
    try { all = JSON.parse(store(widthsKey(g)) || "null"); } catch (e) { all = null; }
    if (!all) return;
    g.querySelectorAll("th[data-col]").forEach(function (th) {
      var px = all[th.getAttribute("data-col")];
      if (typeof px === "number") setWidth(g, th, px, false);
    });
  };
  var handles = function (g) {
    g.querySelectorAll("th[data-col]").forEach(function (th) {
      var h = document.createElement("span");
      h.className = "rz";
      h.setAttribute("role", "separator");
      h.setAttribute("aria-orientation", "vertical");
      h.setAttribute("aria-label", "Resize column " + th.getAttribute("data-col"));
      h.setAttribute("aria-valuemin", "40");
      h.setAttribute("aria-valuenow", String(Math.round(th.getBoundingClientRect().width)));
      h.setAttribute("tabindex", "-1");
      h.setAttribute("data-testid", "resize-" + th.getAttribute("data-col"));
      th.appendChild(h);
    });
  };
  var resizeBy = function (e, g, th, dx) {
    e.preventDefault();
    if (!th.hasAttribute("data-col")) return;
    setWidth(g, th, th.getBoundingClientRect().width + (e.shiftKey ? dx * 4 : dx), true);
  };
  document.addEventListener("pointerdown", function (e) {
    var h = e.target.closest && e.target.closest(".rz");
    var g = gridOf(h);
    if (!g || e.button !== 0) return;
    e.preventDefault();
    var th = h.parentNode, x0 = e.clientX, w0 = th.getBoundingClientRect().width;
    h.setPointerCapture(e.pointerId);
    h.focus();
    var move = function (ev) { setWidth(g, th, w0 + ev.clientX - x0, false); };
    var up = function (ev) {
      setWidth(g, th, w0 + ev.clientX - x0, true);
      h.removeEventListener("pointermove", move);
      h.removeEventListener("pointerup", up);
    };
    h.addEventListener("pointermove", move);
    h.addEventListener("pointerup", up);
  });
  document.addEventListener("keydown", function (e) {
    var h = e.target.closest && e.target.closest(".rz");
    if (!h || (e.key !== "ArrowLeft" && e.key !== "ArrowRight")) return;
    e.stopPropagation();
    resizeBy(e, gridOf(h), h.parentNode, e.key === "ArrowLeft" ? -16 : 16);
  }, true);

  /* density */
  var density = function (g, compact) {
    g.classList.toggle("compact", compact);
    padScroll(g);
    var b = document.querySelector("[data-density]");
    if (b) b.setAttribute("aria-pressed", String(compact));
  };

  /* the detail panel: the row page's fragment (HX-Target: row-detail) */
  var shown = null, followTimer = 0;
  var openPanel = function (g, tr, focusIt) {
    var p = panel(), a = tr && tr.querySelector("td.rowlink a[href]");
    // A view's rows have no key to find them by (their link says nothing).
    if (!p || !a || !window.htmx || /\/row\?$/.test(a.getAttribute("href"))) return;
    shown = tr.rowIndex;
    p.hidden = false;
    fitHeight(g);
    document.body.classList.add("detail-open");
    var toggle = document.querySelector("[data-detail-toggle]");
    if (toggle) toggle.setAttribute("aria-expanded", "true");
    window.htmx.ajax("GET", a.getAttribute("href"), { source: tr, target: p, swap: "innerHTML" }).then(function () {
      if (focusIt) p.focus({ preventScroll: true });
    });
  };
  var closePanel = function (refocus) {
    var p = panel();
    if (!p) return;
    p.hidden = true;
    p.innerHTML = "";
    shown = null;
    document.body.classList.remove("detail-open");
    var toggle = document.querySelector("[data-detail-toggle]");
    if (toggle) toggle.setAttribute("aria-expanded", "false");
    var g = theGrid();
    if (refocus && g) focusCell(g, active.r, active.c, false);
  };
  // follow shows the active row in the open panel.
  var follow = function (g) {
    if (shown === null || active.r === 0 || active.r === shown) return;
    window.clearTimeout(followTimer);
    followTimer = window.setTimeout(function () { openPanel(g, g.rows[active.r], false); }, 120);
  };

  document.addEventListener("click", function (e) {
    var t = e.target.closest && e.target.closest("[data-detail-close], [data-detail-toggle], [data-detail-edit], [data-density]");
    var g = theGrid();
    if (t && t.hasAttribute("data-detail-close")) return closePanel(true);
    if (t && t.hasAttribute("data-detail-toggle")) {
      if (shown !== null) return closePanel(true);
      if (g) openPanel(g, g.rows[Math.max(1, active.r)], true);
      return;
    }
    if (t && t.hasAttribute("data-density")) {
      var compact = !g.classList.contains("compact");
      density(g, compact);
      store("studio.density", compact ? "compact" : "comfortable");
      return;
    }
    if (t && t.hasAttribute("data-detail-edit")) {
      var field = t.closest("[data-col]"), dl = t.closest("[data-cell-url]");
      openEditor(field.querySelector("[data-detail-value]"), dl.getAttribute("data-cell-url") +
        "&col=" + encodeURIComponent(field.getAttribute("data-col")) + "&in=panel");
      return;
    }
    // A click selects a cell (shift-click: a range); links in it still work.
    var cell = e.target.closest && e.target.closest("td, th");
    g = gridOf(cell);
    if (!g || e.target.closest(".rz, .cell-edit, .cell-conflict")) return;
    var p = posOf(cell);
    focusCell(g, p.r, p.c, e.shiftKey, false);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && e.target.closest && e.target.closest("#row-detail") && !e.target.closest(".cell-edit")) {
      e.preventDefault();
      closePanel(true);
    }
  });
  document.addEventListener("keydown", keys);
  // Space is the grid's, not the page's: no scrolling by its keypress
  // either (a keydown prevented usually stops it; synthetic input may not).
  document.addEventListener("keypress", function (e) {
    if (e.key === " " && gridOf(e.target) && (e.target.tagName === "TD" || e.target.tagName === "TH")) e.preventDefault();
  });

  // A save in the panel changed the row: the grid shows it again.
  document.addEventListener("studio:row-saved", function (e) {
    var g = theGrid(), d = e.detail || {};
    if (!g || !window.htmx || !d.key) return;
    var box = g.querySelector('input[name="row"][value^="' + d.key + '."]'), tr = box && box.closest("tr");
    if (!tr) return;
    var q = document.getElementById("grid-query");
    var url = g.getAttribute("data-cell-base") + "/row?key=" + encodeURIComponent(d.now || d.key) +
      "&q=" + encodeURIComponent(q ? q.value : "");
    window.htmx.ajax("GET", url, { source: tr, target: tr, swap: "outerHTML" });
  });

  /* wiring */
  // The count, once exact, is the grid's row count (with its header).
  document.addEventListener("htmx:afterSettle", function (e) {
    var p = panel();
    if (p && e.target === p && !p.hidden && (document.activeElement === document.body || !document.activeElement)) p.focus({ preventScroll: true });
    var g = theGrid();
    if (!g) return;
    init(g);
    var n = document.querySelector('[data-testid="count"][data-exact="true"][data-value]');
    if (n) g.setAttribute("aria-rowcount", String(Number(n.getAttribute("data-value")) + 1));
    if (editing && editing.grid === g.getAttribute("data-grid") && !g.querySelector(".cell-edit, .cell-conflict") &&
        (document.activeElement === document.body || !document.activeElement)) {
      focusCell(g, editing.r, editing.c, false);
      editing = null;
    }
  });
  // Leaving a grid page by htmx (the pager, a sort) remembers the place.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var g = theGrid();
    if (!g || keep || !e.detail.boosted) return;
    keep = { grid: g.getAttribute("data-grid"), r: active.r, c: active.c, focus: !!gridOf(document.activeElement) };
  });
  var start = function () { var g = theGrid(); if (g) init(g); };
  window.addEventListener("resize", function () { var g = theGrid(); if (g) fitHeight(g); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
