// studio: loaded in <head> without defer, so the saved theme and sidebar
// state apply before the first paint (the CSP forbids inline scripts).
// static/nav.js does the rest.
(function (r) {
  r.classList.add("js");
  try {
    var t = localStorage.getItem("studio-theme");
    if (t === "light" || t === "dark") r.setAttribute("data-theme", t);
    if (localStorage.getItem("studio-nav") === "collapsed") r.setAttribute("data-nav", "collapsed");
  } catch (e) { /* storage off: the system theme, sidebar open */ }
})(document.documentElement);
