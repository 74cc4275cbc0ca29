// studio's own script: small progressive enhancements; every page works without it.
(function () {
  "use strict";
  // Overview filter: hide tables whose name does not contain the typed text.
  document.addEventListener("input", function (e) {
    var box = e.target.closest && e.target.closest("[data-filter-tables]");
    if (!box) return;
    var q = box.value.trim().toLowerCase();
    document.querySelectorAll("[data-table-name]").forEach(function (row) {
      row.hidden = q !== "" && row.getAttribute("data-table-name").toLowerCase().indexOf(q) < 0;
    });
  });
})();
