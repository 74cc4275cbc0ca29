// studio's own script: small progressive enhancements; every page works without it.
(function () {
  "use strict";
  // Overview filter: hide tables whose name (or partitions' names) does
  // not contain the typed text.
  document.addEventListener("input", function (e) {
    var box = e.target.closest && e.target.closest("[data-filter-tables]");
    if (!box) return;
    var q = box.value.trim().toLowerCase();
    document.querySelectorAll("[data-table-name]").forEach(function (row) {
      var names = row.getAttribute("data-table-name") + " " + (row.getAttribute("data-table-also") || "");
      row.hidden = q !== "" && names.toLowerCase().indexOf(q) < 0;
    });
  });
})();

// Migrate: post the form with fetch and show the NDJSON progress stream
// line by line as the server flushes it.
document.addEventListener("submit", function (e) {
  var form = e.target;
  if (!form.matches || !form.matches("form[data-stream-to]")) return;
  e.preventDefault();
  var msg = form.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) return;
  var out = document.querySelector(form.getAttribute("data-stream-to"));
  out.hidden = false;
  out.textContent = "";
  var button = form.querySelector("button");
  if (button) button.disabled = true;
  var write = function (ev) {
    var line = ev.kind;
    if (ev.migration) line += " " + ev.migration;
    if (ev.index && ev.total) line += " (" + ev.index + "/" + ev.total + ")";
    if (ev.ms) line += " " + ev.ms + " ms";
    if (ev.message) line += ": " + ev.message;
    if (ev.error) line = "FAILED: " + ev.error;
    out.textContent += line + "\n";
    if (ev.kind === "finished" || ev.kind === "error") out.setAttribute("data-done", ev.kind);
  };
  fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
                       headers: { "Accept": "application/x-ndjson, application/json" } })
    .then(function (resp) {
      if (!resp.ok) return resp.json().then(function (j) { write({ kind: "error", error: j.error }); });
      var reader = resp.body.getReader(), dec = new TextDecoder(), buf = "";
      var pump = function () {
        return reader.read().then(function (r) {
          if (r.done) return;
          buf += dec.decode(r.value, { stream: true });
          var lines = buf.split("\n");
          buf = lines.pop();
          lines.forEach(function (l) { if (l.trim()) write(JSON.parse(l)); });
          return pump();
        });
      };
      return pump();
    })
    .catch(function (err) { write({ kind: "error", error: String(err) }); })
    .finally(function () { if (button) button.disabled = false; });
});

/* export progress */
// A click on an export link or button ([data-export]) starts the download
// with a random progress id, without leaving the page, and shows a line
// next to it that polls /exports/<id> until the export is done. A link
// gets the id in its URL; a form's button (the console's) in the form's
// progress field, and the form posts as usual. It listens in the capture
// phase so htmx's boost never turns a download into a page swap. Modified
// clicks (new tab, save as) are left alone.
document.addEventListener("click", function (e) {
  var el = e.target.closest && e.target.closest("[data-export]");
  if (!el || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
  var bytes = new Uint8Array(12), id = "";
  window.crypto.getRandomValues(bytes);
  bytes.forEach(function (b) { id += "abcdefghijklmnopqrstuvwxyz0123456789".charAt(b % 36); });
  var old = el.nextElementSibling;
  if (old && old.classList.contains("export-progress")) old.remove();
  var line = document.createElement("span");
  line.id = "export-progress-" + id;
  line.className = "export-progress";
  line.setAttribute("data-testid", "export-progress");
  line.setAttribute("role", "status");
  line.setAttribute("hx-get", "/exports/" + id + "?wait=30");
  line.setAttribute("hx-trigger", "load delay:500ms");
  line.setAttribute("hx-swap", "outerHTML");
  line.textContent = "Starting the export…";
  el.insertAdjacentElement("afterend", line);
  if (window.htmx) window.htmx.process(line);
  if (el.form && el.form.elements.progress) {
    el.form.elements.progress.value = id;
    return;
  }
  e.preventDefault();
  e.stopPropagation();
  var url = new URL(el.href, window.location.href);
  url.searchParams.set("progress", id);
  window.location.assign(url.toString());
}, true);

/* edit */
// The cell editor's submit and focus (grid.js opens and cancels it), the
// insert form's toggles, confirmations and the note after a delete. The
// server checks everything again; this only helps.
(function () {
  "use strict";
  // An editor submitted (Enter) in the moment between its swap and htmx
  // processing it would be submitted natively: a GET of the page with the
  // values in the URL, nothing saved. Hold it until htmx has it.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.matches || !form.matches("form.cell-edit")) return;
    var data = form["htmx-internal-data"];
    if (data && data.initHash) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    if (!window.htmx) return;
    window.htmx.process(form);
    // A form cannot be submitted again from inside its own submit event.
    var by = e.submitter && e.submitter.form === form ? e.submitter : undefined;
    window.setTimeout(function () { form.requestSubmit(by); }, 0);
  }, true);

  // A fresh editor takes the focus with the caret after its value (one
  // keystroke must not replace it), a text area as tall as the value.
  document.addEventListener("htmx:load", function (e) {
    var el = e.target;
    var form = el.matches && el.matches(".cell-edit") ? el : el.querySelector && el.querySelector(".cell-edit");
    var input = form && form.querySelector("[data-value]");
    if (!input) return;
    if (input.tagName === "TEXTAREA") input.style.height = Math.min(input.scrollHeight + 4, window.innerHeight * 0.4) + "px";
    input.focus();
    try { input.setSelectionRange(input.value.length, input.value.length); } catch (x) { /* number inputs have no caret */ }
  });

  // Typing a value switches off its field's NULL and default toggles.
  document.addEventListener("input", function (e) {
    if (!e.target.matches || !e.target.matches("[data-value]")) return;
    var box = e.target.closest(".cell-edit, .insert-field");
    if (box) box.querySelectorAll("input[data-toggle]").forEach(function (t) { t.checked = false; });
  });

  // Delete buttons (data-delete) submit a GET form to the delete route,
  // which answers what the delete would do and the form that does it: as
  // a page without this script, in a modal dialog with it. Capture phase,
  // so nobody else submits the form first.
  document.addEventListener("submit", function (e) {
    var b = e.submitter;
    if (!b || !b.hasAttribute("data-delete")) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    var boxes = e.target.querySelectorAll('input[type="checkbox"][name="row"]');
    if (boxes.length && !e.target.querySelector('input[type="checkbox"][name="row"]:checked')) {
      window.alert("Select the rows to delete first.");
      return;
    }
    var params = new URLSearchParams();
    new FormData(e.target).forEach(function (v, k) { if (k === "row" || k === "q") params.append(k, v); });
    var dlg = document.getElementById("delete-dialog");
    if (!dlg) {
      dlg = document.createElement("dialog");
      dlg.id = "delete-dialog";
      dlg.className = "confirm";
      dlg.setAttribute("aria-labelledby", "delete-title");
      dlg.setAttribute("data-testid", "delete-dialog");
      document.body.appendChild(dlg);
    }
    // One confirmation at a time: a second submit while the first is on
    // its way would replace the dialog's content under the focus.
    if (dlg.hasAttribute("data-loading")) return;
    dlg.setAttribute("data-loading", "");
    fetch(e.target.action + "?" + params.toString(), { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (r) { return r.text(); })
      .finally(function () { dlg.removeAttribute("data-loading"); })
      .then(function (html) {
        dlg.innerHTML = html;
        if (!dlg.open) dlg.showModal();
        // Cancel takes the focus (the WAI-ARIA alert dialog's least
        // destructive action): Enter twice must not delete, and cascade.
        var first = dlg.querySelector("[data-dialog-close]");
        if (first) first.focus();
      });
  }, true);
  document.addEventListener("click", function (e) {
    var c = e.target.closest && e.target.closest("dialog [data-dialog-close]");
    if (!c) return;
    e.preventDefault();
    c.closest("dialog").close();
  });

  // After a delete the grid's URL ends in #deleted=N: say so once.
  var m = /^#deleted=(\d+)$/.exec(window.location.hash);
  var main = document.querySelector("main");
  if (m && main) {
    var note = document.createElement("p");
    note.className = "flash";
    note.setAttribute("role", "status");
    note.setAttribute("data-testid", "flash");
    note.textContent = "Deleted " + m[1] + (m[1] === "1" ? " row." : " rows.");
    main.insertBefore(note, main.firstChild);
    history.replaceState(null, "", window.location.pathname + window.location.search);
  }
})();

/* console */
// SQL console: every run or EXPLAIN gets a fresh random run id, so the
// Cancel button can stop it (POST /console/cancel) while it runs;
// Ctrl+Enter runs; a click on a recent statement puts it back in the
// editor. Without this script the console still runs, explains and
// exports, it just cannot cancel.
(function () {
  "use strict";
  var current = "";
  var cancelButton = function () { return document.querySelector("[data-console-cancel]"); };
  var consoleForm = function (elt) { return elt && elt.closest && elt.closest("[data-console-form]"); };
  var newID = function () {
    var bytes = new Uint8Array(12), id = "";
    window.crypto.getRandomValues(bytes);
    bytes.forEach(function (b) { id += "abcdefghijklmnopqrstuvwxyz0123456789".charAt(b % 36); });
    return id;
  };
  // stop asks the server to cancel a run. A click right after Run can beat
  // the run to the server (404: nothing runs under that id yet), so it
  // tries again while that run is still the current one.
  var stop = function (id, tries) {
    fetch("/console/cancel", { method: "POST", body: new URLSearchParams({ run_id: id }), credentials: "same-origin" })
      .then(function (resp) {
        if (resp.status === 404 && id === current && tries > 1) setTimeout(function () { stop(id, tries - 1); }, 150);
      });
  };
  document.addEventListener("htmx:configRequest", function (e) {
    if (!consoleForm(e.detail.elt)) return;
    current = newID();
    e.detail.parameters["run_id"] = current;
    var b = cancelButton();
    if (b) b.disabled = false;
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    if (!consoleForm(e.detail.elt)) return;
    current = "";
    var b = cancelButton();
    if (b) b.disabled = true;
  });
  document.addEventListener("click", function (e) {
    var cancel = e.target.closest && e.target.closest("[data-console-cancel]");
    if (cancel && current) {
      cancel.disabled = true;
      stop(current, 20);
      return;
    }
    var entry = e.target.closest && e.target.closest("[data-console-history]");
    var editor = document.getElementById("console-sql");
    if (entry && editor) {
      editor.value = entry.getAttribute("data-sql");
      editor.focus();
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || !(e.ctrlKey || e.metaKey) || !e.target || e.target.id !== "console-sql") return;
    e.preventDefault();
    var run = document.querySelector("[data-console-run]");
    if (run) run.click();
  });

  /* what runs: the selection, or the statement under the caret (the
     server picks it with its lexer: sel_start, sel_end in UTF-16 units) */
  var editor = function () { return document.getElementById("console-sql"); };
  document.addEventListener("htmx:configRequest", function (e) {
    var ed = editor();
    if (!ed || !e.detail.elt.closest || !e.detail.elt.closest("#console-form")) return;
    e.detail.parameters["sel_start"] = String(ed.selectionStart);
    e.detail.parameters["sel_end"] = String(ed.selectionEnd);
  });

  /* the draft: kept in localStorage per database (data-draft-key, a hash
     that holds no address), restored on reload, back and forward; a
     ?sql= link wins over it on a fresh load */
  var store = function (ed, v) {
    try { if (v === undefined) return window.localStorage.getItem(ed.getAttribute("data-draft-key")); window.localStorage.setItem(ed.getAttribute("data-draft-key"), v); } catch (err) { return null; }
  };
  var restore = function (fromHistory) {
    var ed = editor();
    if (!ed || ed.studioRestored || !ed.getAttribute("data-draft-key")) return;
    ed.studioRestored = true;
    var saved = store(ed);
    if (!fromHistory && /[?&]sql=/.test(window.location.search)) store(ed, ed.value);
    else if (saved !== null) ed.value = saved;
  };
  document.addEventListener("input", function (e) { if (e.target.id === "console-sql") store(e.target, e.target.value); });
  document.addEventListener("htmx:afterSettle", function () { restore(false); });
  document.addEventListener("htmx:historyRestore", function () { restore(true); });
  window.addEventListener("pageshow", function () { restore(false); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { restore(false); });
  else restore(false);

  /* completion of schema, table and column names from the cached catalog
     (/console/catalog, fetched on first focus) */
  var catalog = null, list = [], pick = -1, span = null;
  var box = function () { return document.getElementById("console-complete"); };
  document.addEventListener("focusin", function (e) {
    if (e.target.id !== "console-sql" || catalog) return;
    catalog = {};
    fetch("/console/catalog", { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (j) { catalog = j; });
  });
  // own is o's own k: a name typed may be one every object inherits
  // (constructor, toString), which is no table.
  var own = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined; };
  var tablesIn = function (text) { // alias or name -> columns, for tables the text names
    var out = {}, re = /\b(?:from|join|update|into)\s+(?:"?(\w+)"?\.)?"?(\w+)"?(?:\s+(?:as\s+)?(\w+))?/gi, m;
    while ((m = re.exec(text))) {
      Object.keys(catalog).forEach(function (s) {
        var cols = own(catalog[s], m[2]);
        if (cols && (!m[1] || m[1] === s)) { out[m[2]] = cols; if (m[3]) out[m[3]] = cols; }
      });
    }
    return out;
  };
  var candidates = function (ed) {
    var before = ed.value.slice(0, ed.selectionStart);
    var m = /(?:"?(\w+)"?\.)?(\w*)$/.exec(before), qual = m[1] || "", part = m[2].toLowerCase(), out = [];
    span = { start: ed.selectionStart - m[2].length, end: ed.selectionStart, part: m[2] };
    var add = function (name, note) {
      if (out.length < 40 && name.toLowerCase().indexOf(part) === 0 && !out.some(function (o) { return o.name === name; })) out.push({ name: name, note: note });
    };
    var named = tablesIn(ed.value);
    if (qual) {
      if (own(named, qual)) named[qual].forEach(function (c) { add(c, "column"); });
      if (own(catalog, qual)) Object.keys(catalog[qual]).forEach(function (t) { add(t, "table"); });
      Object.keys(catalog).forEach(function (s) { (own(catalog[s], qual) || []).forEach(function (c) { add(c, "column of " + qual); }); });
    } else {
      Object.keys(named).forEach(function (t) { named[t].forEach(function (c) { add(c, "column of " + t); }); });
      Object.keys(catalog).forEach(function (s) { Object.keys(catalog[s]).forEach(function (t) { add(t, "table in " + s); }); });
      Object.keys(catalog).forEach(function (s) { add(s, "schema"); });
    }
    return out;
  };
  var close = function () {
    var b = box(), ed = editor();
    list = []; pick = -1;
    if (b) b.hidden = true;
    if (ed) { ed.setAttribute("aria-expanded", "false"); ed.removeAttribute("aria-activedescendant"); }
  };
  var show = function (ed, force) {
    var b = box();
    if (!b || !catalog) return;
    list = candidates(ed);
    if (list.length === 1 && list[0].name === span.part) list = [];
    if (!list.length || (!force && span.part.length < 2 && !/\.\w*$/.test(ed.value.slice(0, ed.selectionStart)))) return close();
    b.textContent = "";
    list.forEach(function (c, i) {
      var li = document.createElement("li");
      li.id = "console-complete-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("data-name", c.name);
      li.textContent = c.name;
      var note = document.createElement("small");
      note.textContent = c.note;
      li.appendChild(note);
      b.appendChild(li);
    });
    b.style.left = ed.offsetLeft + "px";
    b.style.top = (ed.offsetTop + ed.offsetHeight) + "px";
    b.hidden = false;
    ed.setAttribute("aria-expanded", "true");
    move(0);
  };
  var move = function (i) {
    var b = box(), ed = editor();
    pick = (i + list.length) % list.length;
    b.querySelectorAll("li").forEach(function (li, j) { li.setAttribute("aria-selected", String(j === pick)); });
    var li = b.children[pick];
    ed.setAttribute("aria-activedescendant", li.id);
    li.scrollIntoView({ block: "nearest" });
  };
  var accept = function () {
    var ed = editor(), name = list[pick].name;
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) name = '"' + name.replace(/"/g, '""') + '"';
    ed.setRangeText(name, span.start, span.end, "end");
    store(ed, ed.value);
    close();
  };
  document.addEventListener("input", function (e) { if (e.target.id === "console-sql") show(e.target, false); });
  document.addEventListener("keydown", function (e) {
    if (e.target.id !== "console-sql") return;
    if (e.key === " " && e.ctrlKey) { e.preventDefault(); show(e.target, true); return; }
    if (!list.length || e.ctrlKey || e.metaKey) return;
    var keys = { ArrowDown: function () { move(pick + 1); }, ArrowUp: function () { move(pick - 1); }, Enter: accept, Tab: accept, Escape: close };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
  });
  document.addEventListener("mousedown", function (e) {
    var li = e.target.closest && e.target.closest("#console-complete li");
    if (!li) return;
    e.preventDefault();
    pick = Array.prototype.indexOf.call(li.parentNode.children, li);
    accept();
  });
  document.addEventListener("focusout", function (e) { if (e.target.id === "console-sql") close(); });
})();
