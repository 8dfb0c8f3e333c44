// A table wider than a narrow screen scrolls inside its own box (portal.css); this makes such a box
// reachable by keyboard, so it can be scrolled without a mouse (WCAG 2.1.1). Re-checked when the window
// changes size. A static file: the Content-Security-Policy forbids inline script.
(function () {
  function mark() {
    document.querySelectorAll(".table, .table-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth && getComputedStyle(box).overflowX !== "visible";
      if (scrolls) box.setAttribute("tabindex", "0");
      else if (box.getAttribute("tabindex") === "0") box.removeAttribute("tabindex");
    });
  }
  mark();
  window.addEventListener("resize", mark);
})();
