// Names the admin controls Django and select2 leave unnamed (WCAG 4.1.2): the two halves of a split
// date-time field ("日期:" / "时间:" are bare text) and select2's search box. A static file: the
// Content-Security-Policy forbids inline script.
(function () {
  function fieldLabel(element) {
    var row = element.closest(".form-row, .fieldBox, .field");
    var label = row && row.querySelector("label");
    return label ? label.textContent.replace(/[:：]\s*$/, "").trim() : "";
  }

  document.querySelectorAll("p.datetime").forEach(function (paragraph) {
    var text = "";
    paragraph.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE && node.textContent.trim()) text = node.textContent.trim();
      if (node.nodeName === "INPUT" && !node.hasAttribute("aria-label")) {
        node.setAttribute("aria-label", (fieldLabel(paragraph) + " " + text.replace(/[:：]$/, "")).trim());
      }
    });
  });
})();
