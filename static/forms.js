// studio's forms: the grid's filter conditions (views/filters.templ) and
// the insert and edit forms' hints (views/edit.templ). The server renders
// every input typed and checks every value again; this script only adds
// and removes conditions without a round trip, retypes a condition when
// its column changes, and checks the simple rules before a submit.
(function () {
  "use strict";

  /* filters */
  var meta = function (form) {
    if (!form._meta) {
      try { form._meta = JSON.parse(form.getAttribute("data-filter-meta") || "{}"); } catch (e) { form._meta = {}; }
    }
    return form._meta;
  };
  var option = function (value, text, selected) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    if (selected) o.selected = true;
    return o;
  };

  // valueInput is a condition's value input typed as column m says.
  var valueInput = function (m, name, label, hide) {
    var el;
    if (m.input === "select") {
      el = document.createElement("select");
      el.appendChild(option("", ""));
      (m.choices || []).forEach(function (c) { el.appendChild(option(c, c)); });
    } else {
      el = document.createElement("input");
      el.type = m.input || "text";
      if (el.type === "number") el.step = m.int ? "1" : "any";
      if (el.type === "datetime-local") el.step = "1";
      if (el.type === "text") el.placeholder = label;
    }
    el.name = name;
    el.setAttribute("aria-label", label);
    el.setAttribute("data-filter-val", "");
    el.hidden = !!hide;
    return el;
  };

  var noValue = function (op) { return op === "null" || op === "notnull"; };

  var columnOf = function (row) {
    var all = meta(row.closest("form"));
    return (all.columns || {})[row.querySelector("[data-filter-col]").value] || { input: "text", ops: "" };
  };

  // retype rebuilds a condition's operators and values for its column,
  // keeping the operator when the column takes it.
  var retype = function (row) {
    var all = meta(row.closest("form")), m = columnOf(row);
    var ops = row.querySelector("[data-filter-op]"), was = ops.value;
    if (m.ops) {
      ops.textContent = "";
      m.ops.split(" ").forEach(function (o) { ops.appendChild(option(o, all.labels[o], o === was)); });
    }
    row.classList.remove("bad");
    var problem = row.querySelector(".filter-error");
    if (problem) problem.remove();
    values(row, m, true);
  };

  // values types a condition's value inputs for column m and its
  // operator: a list ("in") is text, between shows a second value, the
  // NULL tests none.
  var values = function (row, m, fresh) {
    var op = row.querySelector("[data-filter-op]").value;
    var typed = op === "in" ? { input: "text" } : m;
    var val = row.querySelector('[name="fval"]'), to = row.querySelector('[name="fto"]');
    var now = val.tagName === "SELECT" ? "select" : val.type;
    if (fresh || now !== (typed.input || "text")) {
      var nv = valueInput(typed, "fval", "value", false), nt = valueInput(typed, "fto", "to", false);
      val.replaceWith(nv);
      to.replaceWith(nt);
      val = nv;
    }
    row.querySelector("[data-filter-to]").hidden = op !== "between";
    val.hidden = noValue(op);
  };
  var shape = function (row) { values(row, columnOf(row), false); };

  // addBlank appends an empty condition to the list.
  var addBlank = function (list) {
    var rows = list.querySelectorAll("[data-filter]");
    var row = rows[rows.length - 1].cloneNode(true);
    row.setAttribute("data-testid", "filter-" + rows.length);
    var col = row.querySelector("[data-filter-col]");
    col.value = "";
    col.options[0].textContent = "+ filter…";
    list.appendChild(row);
    retype(row);
    return row;
  };

  document.addEventListener("change", function (e) {
    var t = e.target, row = t.closest && t.closest("[data-filter]");
    if (!row) return;
    if (t.matches("[data-filter-col]")) retype(row);
    if (t.matches("[data-filter-op]")) shape(row);
  });

  document.addEventListener("click", function (e) {
    var t = e.target.closest && e.target.closest("[data-filter-add], [data-filter-remove]");
    if (!t) return;
    var form = t.closest("form"), list = form.querySelector("[data-filter-list]");
    if (t.matches("[data-filter-add]")) {
      addBlank(list).querySelector("[data-filter-col]").focus();
      return;
    }
    var gone = t.closest("[data-filter]");
    var next = gone.nextElementSibling || gone.previousElementSibling;
    if (list.querySelectorAll("[data-filter]").length === 1) next = addBlank(list);
    gone.remove();
    (next ? next.querySelector("[data-filter-col]") : form.querySelector("[data-filter-add]")).focus();
  });

  // The Columns popover closes on Escape and on a click elsewhere.
  document.addEventListener("keydown", function (e) {
    var open = e.key === "Escape" && e.target.closest && e.target.closest("details.columns[open]");
    if (!open) return;
    open.open = false;
    open.querySelector("summary").focus();
  });
  document.addEventListener("click", function (e) {
    document.querySelectorAll("details.columns[open]").forEach(function (d) {
      if (!d.contains(e.target)) d.open = false;
    });
  });

  /* insert and edit forms */
  // A foreign key's picker: the rows it may point to, by key or label,
  // fetched as the person types (GET …/refs), and the chosen row's label.
  var timer = 0;
  var pick = function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var url = input.getAttribute("data-fk-url") + "&q=" + encodeURIComponent(input.value);
    fetch(url, { headers: { "HX-Request": "true" } }).then(function (r) { return r.ok ? r.text() : ""; }).then(function (html) {
      if (html) list.innerHTML = html;
      labelOf(input);
    }).catch(function () { /* no choices: the field still takes any text */ });
  };
  var labelOf = function (input) {
    var list = document.getElementById(input.getAttribute("list")), out = input.parentNode.querySelector("[data-fk-label]");
    if (!list || !out) return;
    var hit = [].find.call(list.options, function (o) { return o.value === input.value; });
    out.textContent = hit && hit.label ? hit.label : "";
  };

  // JSON is checked as it is typed; the database has the last word.
  var checkJSON = function (el) {
    var msg = "";
    if (el.value.trim() !== "") {
      try { JSON.parse(el.value); } catch (e) { msg = "Not valid JSON: " + e.message; }
    }
    el.setCustomValidity(msg);
  };

  document.addEventListener("input", function (e) {
    var t = e.target;
    if (!t.matches) return;
    if (t.matches("[data-json]")) checkJSON(t);
    if (t.matches("[data-fk-url]")) {
      labelOf(t);
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { pick(t); }, 200);
    }
  });
  document.addEventListener("focusin", function (e) {
    var t = e.target;
    if (t.matches && t.matches("[data-fk-url]") && !t._picked) {
      t._picked = true;
      pick(t);
    }
  });

  // Ctrl/Cmd+Enter saves the form being typed in.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || !(e.ctrlKey || e.metaKey) || !e.target.closest) return;
    var form = e.target.closest("form.insert, form.row-form, form.cell-edit");
    if (!form) return;
    e.preventDefault();
    form.requestSubmit();
  });

  var ready = function (root) {
    root.querySelectorAll("[data-fk-url]").forEach(function (el) { if (el.value) pick(el); });
    root.querySelectorAll("[data-filter-add], [data-filter-remove]").forEach(function (b) { b.hidden = false; });
  };
  document.addEventListener("htmx:load", function (e) { ready(e.target); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { ready(document); });
  else ready(document);
})();
