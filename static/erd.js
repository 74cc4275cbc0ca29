// studio's ER diagram view: zoom and pan for every [data-erd-view]. The
// diagram is an inline SVG in a scrolling box: zooming sets the SVG's size
// (its viewBox scales the drawing) keeping the point under the pointer, or
// the middle, in place; panning scrolls the box. Buttons, the wheel (or
// Ctrl+wheel where the diagram is only part of the page), dragging, and
// + - 0 1 and the arrow keys while the box or a table in it has the focus.
// Without this script the diagram shows at its natural size with
// scrollbars, and every table is still a link.
(function () {
  "use strict";
  var MIN = 0.1, MAX = 4, STEP = 1.25, PAN = 60;

  function show(z, level, cx, cy) {
    var box = z.box;
    level = Math.min(MAX, Math.max(MIN, level));
    if (cx === undefined) { cx = box.clientWidth / 2; cy = box.clientHeight / 2; }
    var px = (box.scrollLeft + cx) / z.level, py = (box.scrollTop + cy) / z.level;
    z.level = level;
    z.svg.setAttribute("width", (z.w * level).toFixed(1));
    z.svg.setAttribute("height", (z.h * level).toFixed(1));
    box.scrollLeft = px * level - cx;
    box.scrollTop = py * level - cy;
    z.view.setAttribute("data-zoom", level.toFixed(3));
    if (z.out) z.out.textContent = Math.round(level * 100) + "%";
  }

  // fit shows the whole diagram, never larger than its natural size. The
  // box is as tall as the diagram up to its max-height, so the room to
  // fill is that max-height, not the box's height now.
  function fit(z) {
    var box = z.box, cs = getComputedStyle(box);
    var room = (parseFloat(cs.maxHeight) || box.clientHeight) - box.offsetHeight + box.clientHeight;
    var level = Math.min(1, box.clientWidth / z.w, room / z.h);
    show(z, Math.floor(level * 1000) / 1000);
    box.scrollLeft = box.scrollTop = 0;
  }

  function setup(view) {
    var box = view.querySelector("[data-erd-viewport]");
    var svg = box && box.querySelector("svg");
    var vb = svg && svg.viewBox && svg.viewBox.baseVal;
    if (view.erdZoom || !vb || !vb.width) return;
    var z = view.erdZoom = { view: view, box: box, svg: svg, w: vb.width, h: vb.height, level: 1,
                             out: view.querySelector("[data-erd-level]") };
    var controls = view.querySelector("[data-erd-controls]");
    if (controls) controls.hidden = false;
    view.setAttribute("data-zoom", "1.000");

    view.addEventListener("click", function (e) {
      var b = e.target.closest && e.target.closest("[data-erd-zoom]");
      if (!b) return;
      var what = b.getAttribute("data-erd-zoom");
      if (what === "fit") fit(z);
      else show(z, what === "in" ? z.level * STEP : what === "out" ? z.level / STEP : 1);
    });

    box.addEventListener("wheel", function (e) {
      var plain = view.getAttribute("data-erd-wheel") === "plain";
      if (e.shiftKey || !(plain || e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      var dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaMode === 2 ? e.deltaY * box.clientHeight : e.deltaY;
      var r = box.getBoundingClientRect();
      show(z, z.level * Math.exp(-dy * 0.002), e.clientX - r.left - box.clientLeft, e.clientY - r.top - box.clientTop);
    }, { passive: false });

    box.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      switch (e.key) {
        case "+": case "=": show(z, z.level * STEP); break;
        case "-": case "_": show(z, z.level / STEP); break;
        case "0": fit(z); break;
        case "1": show(z, 1); break;
        case "ArrowLeft": box.scrollLeft -= PAN; break;
        case "ArrowRight": box.scrollLeft += PAN; break;
        case "ArrowUp": box.scrollTop -= PAN; break;
        case "ArrowDown": box.scrollTop += PAN; break;
        default: return;
      }
      e.preventDefault();
    });

    // Drag to pan with a mouse or pen (touch scrolls natively). A drag
    // that ends on a table is not a click on its link.
    var drag = null, dragged = false;
    box.addEventListener("pointerdown", function (e) {
      if (e.button !== 0 || e.pointerType === "touch") return;
      drag = { id: e.pointerId, x: e.clientX, y: e.clientY, left: box.scrollLeft, top: box.scrollTop };
      dragged = false;
    });
    box.addEventListener("pointermove", function (e) {
      if (!drag || e.pointerId !== drag.id) return;
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!dragged && Math.abs(dx) + Math.abs(dy) < 5) return;
      if (!dragged) {
        dragged = true;
        box.setPointerCapture(e.pointerId);
        view.classList.add("erd-dragging");
      }
      box.scrollLeft = drag.left - dx;
      box.scrollTop = drag.top - dy;
    });
    var end = function (e) {
      if (!drag || e.pointerId !== drag.id) return;
      drag = null;
      view.classList.remove("erd-dragging");
    };
    box.addEventListener("pointerup", end);
    box.addEventListener("pointercancel", end);
    box.addEventListener("click", function (e) {
      if (!dragged) return;
      dragged = false;
      e.preventDefault();
      e.stopPropagation();
    }, true);
    box.addEventListener("dragstart", function (e) { e.preventDefault(); });
  }

  function init(root) {
    if (root.matches && root.matches("[data-erd-view]")) setup(root);
    if (root.querySelectorAll) root.querySelectorAll("[data-erd-view]").forEach(setup);
  }
  init(document);
  // Pages that htmx swaps in (boosted links) bring their own diagrams.
  document.addEventListener("htmx:load", function (e) { init(e.target); });
})();
