// studio's chrome: the theme button, the table sidebar (collapse, the
// narrow-screen drawer, "/" to filter, arrow keys through the list) and
// the filter kept between pages. static/theme.js applied the saved state
// before the first paint. Without either script the sidebar is a plain
// list of links with a GET filter form, and the theme follows the system.
(function () {
  "use strict";
  var root = document.documentElement;
  var narrow = window.matchMedia("(max-width: 800px)");
  var THEMES = ["system", "light", "dark"];

  var store = function (key, value) {
    try {
      if (value) localStorage.setItem(key, value); else localStorage.removeItem(key);
    } catch (e) { /* storage off: the choice lasts for this page */ }
  };
  var $ = function (id) { return document.getElementById(id); };

  /* theme */
  var theme = function () { return root.getAttribute("data-theme") || "system"; };
  var setTheme = function (t) {
    if (t === "system") root.removeAttribute("data-theme"); else root.setAttribute("data-theme", t);
    store("studio-theme", t === "system" ? "" : t);
    sync();
  };

  /* sidebar */
  var expanded = function () {
    return narrow.matches ? root.hasAttribute("data-nav-open") : root.getAttribute("data-nav") !== "collapsed";
  };
  var setExpanded = function (open) {
    if (narrow.matches) {
      if (open) root.setAttribute("data-nav-open", ""); else root.removeAttribute("data-nav-open");
    } else {
      if (open) root.removeAttribute("data-nav"); else root.setAttribute("data-nav", "collapsed");
      store("studio-nav", open ? "" : "collapsed");
    }
    sync();
  };

  // links are what a person can reach in the list: its links and the
  // partitions' summaries, not those folded away.
  var links = function () {
    var list = $("nav-list");
    if (!list) return [];
    return Array.prototype.filter.call(list.querySelectorAll("a, summary"), function (el) {
      return el.getClientRects().length > 0;
    });
  };
  var firstTable = function (all) {
    return all.filter(function (el) { return el.hasAttribute("data-nav-link"); })[0];
  };
  // One stop for Tab in the list (the current table, else the first);
  // the arrow keys move within it.
  var rove = function (to) {
    var all = links();
    if (!all.length) return;
    var cur = to || all.filter(function (el) { return el.getAttribute("tabindex") === "0"; })[0] ||
      all.filter(function (el) { return el.hasAttribute("aria-current"); })[0] || firstTable(all) || all[0];
    all.forEach(function (el) { el.setAttribute("tabindex", el === cur ? "0" : "-1"); });
    if (to) to.focus();
  };

  var setQueryCookie = function (q) {
    document.cookie = "studio_nav_q=" + encodeURIComponent(q) + "; path=/; SameSite=Strict" + (q ? "" : "; max-age=0");
  };

  // sync makes the buttons say what is so (after the first load and
  // after every boosted page swap, which brings fresh buttons).
  var sync = function () {
    document.querySelectorAll("[data-theme-toggle]").forEach(function (b) {
      var t = theme(), next = THEMES[(THEMES.indexOf(t) + 1) % THEMES.length];
      b.querySelector("[data-theme-name]").textContent = t;
      b.title = "Switch to the " + next + " theme";
    });
    document.querySelectorAll("[data-nav-toggle]").forEach(function (b) {
      b.setAttribute("aria-expanded", String(expanded()));
    });
  };

  var onLoad = function () {
    sync();
    rove();
    var cur = document.querySelector("#nav-list [aria-current]");
    var bar = $("sidebar");
    if (cur && bar) {
      var b = bar.getBoundingClientRect(), r = cur.getBoundingClientRect();
      if (r.top < b.top + 40 || r.bottom > b.bottom) bar.scrollTop += r.top - b.top - bar.clientHeight / 3;
    }
  };

  // ask sends the filter now (htmx may not have bound a page just
  // swapped in yet: process is a no-op once it has).
  var ask = function (filter) {
    if (!window.htmx) return;
    window.htmx.process(filter);
    window.htmx.trigger(filter, "search");
  };

  // Enter in the filter opens the first match, once the list answers
  // for what is typed.
  var pendingEnter = false;
  var openFirst = function () {
    pendingEnter = false;
    var first = document.querySelector("#nav-list [data-nav-link]");
    if (first) first.click();
  };

  document.addEventListener("click", function (e) {
    if (e.target.closest("[data-theme-toggle]")) {
      setTheme(THEMES[(THEMES.indexOf(theme()) + 1) % THEMES.length]);
      return;
    }
    if (e.target.closest("[data-nav-toggle]")) {
      var open = !expanded();
      setExpanded(open);
      if (open && narrow.matches && $("nav-q")) $("nav-q").focus();
      return;
    }
    // The drawer closes when the page behind it is clicked.
    if (narrow.matches && root.hasAttribute("data-nav-open") && !e.target.closest("#sidebar")) setExpanded(false);
  });

  document.addEventListener("input", function (e) {
    if (e.target.id !== "nav-q") return;
    setQueryCookie(e.target.value.trim());
    // Typed before htmx bound the field: it would not have heard this.
    var bound = e.target["htmx-internal-data"];
    if (!bound || !bound.initHash) ask(e.target);
  });

  document.addEventListener("keydown", function (e) {
    var t = e.target, filter = $("nav-q");
    // A key the page itself handled (the grid's, the diagram's) is not ours.
    if (!filter || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "/" && !(t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) {
      e.preventDefault();
      if (!expanded()) setExpanded(true);
      filter.focus();
      filter.select();
      return;
    }
    if (t === filter) {
      if (e.key === "ArrowDown") {
        e.preventDefault();
        rove(firstTable(links()));
      } else if (e.key === "Enter") {
        e.preventDefault();
        var list = $("nav-list");
        if (list && list.getAttribute("data-q") === filter.value.trim()) openFirst();
        else { pendingEnter = true; ask(filter); }
      } else if (e.key === "Escape" && filter.value) {
        e.preventDefault();
        filter.value = "";
        setQueryCookie("");
        ask(filter);
      } else if (e.key === "Escape" && narrow.matches && expanded()) {
        setExpanded(false);
        document.querySelector("[data-nav-toggle]").focus();
      }
      return;
    }
    if (!t.closest || !t.closest("#nav-list")) return;
    var all = links(), i = all.indexOf(t);
    if (i < 0) return;
    var to = { ArrowDown: all[i + 1], ArrowUp: all[i - 1], Home: all[0], End: all[all.length - 1] }[e.key];
    if (e.key === "ArrowUp" && i === 0 || e.key === "Escape") {
      e.preventDefault();
      filter.focus();
    } else if (to) {
      e.preventDefault();
      rove(to);
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    var list = $("nav-list"), filter = $("nav-q");
    if (!list) return;
    rove();
    if (pendingEnter && filter && list.getAttribute("data-q") === filter.value.trim()) openFirst();
  });
  // A boosted navigation swaps the body: close the drawer, sync the
  // fresh buttons, mark the list.
  document.addEventListener("htmx:beforeSwap", function (e) {
    if (e.detail.boosted) root.removeAttribute("data-nav-open");
  });
  // The fresh buttons say "expanded" as the server wrote them: sync them
  // in the swap's own task, not at htmx:load after the settle delay, so
  // nothing ever reads a collapsed sidebar as expanded.
  document.addEventListener("htmx:afterSwap", sync);
  document.addEventListener("htmx:load", function (e) {
    if (e.target === document.body || (e.target.querySelector && e.target.querySelector("#sidebar"))) onLoad();
  });
  narrow.addEventListener("change", sync);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onLoad);
  else onLoad();
})();
