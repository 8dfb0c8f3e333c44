// Gives the admin's search widget (select2) the name of its field (WCAG 4.1.2): select2 names its box by
// the span that shows the choice, which is empty until something is chosen, and leaves its search box
// unnamed. Used on portal and admin pages alike; a static file, as the Content-Security-Policy forbids
// inline script.
(function () {
  var made = 0;

  function labelOf(select) {
    var label = select && select.labels && select.labels[0];
    if (!label) return null;
    if (!label.id) label.id = "select2-label-" + ++made; // field ids repeat where a page has one form per report
    return label;
  }

  function selectFor(element) {
    // The box sits right after its <select>; an open dropdown's search names the results it controls.
    var container = element.closest(".select2-container");
    if (container && container.previousElementSibling && container.previousElementSibling.tagName === "SELECT") {
      return container.previousElementSibling;
    }
    var controls = element.getAttribute("aria-controls") || "";
    var match = controls.match(/^select2-(.+)-results$/);
    return match ? document.getElementById(match[1]) : null;
  }

  function name(root) {
    root.querySelectorAll(".select2-selection").forEach(function (box) {
      var label = labelOf(selectFor(box));
      var current = box.getAttribute("aria-labelledby") || "";
      if (label && current.split(" ").indexOf(label.id) === -1) {
        box.setAttribute("aria-labelledby", (label.id + " " + current).trim());
      }
    });
    // The span showing the choice is itself a (read-only) textbox: it needs the field's name as well.
    root.querySelectorAll(".select2-selection__rendered[role='textbox']").forEach(function (shown) {
      var label = labelOf(selectFor(shown));
      if (label) shown.setAttribute("aria-labelledby", label.id);
    });
    root.querySelectorAll(".select2-search__field").forEach(function (search) {
      var label = labelOf(selectFor(search));
      if (label) search.setAttribute("aria-label", label.textContent.replace(/[*:：]\s*$/, "").trim());
    });
  }

  function start() {
    name(document);
    new MutationObserver(function () { name(document); }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["aria-controls"] });
  }

  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
