// The main menu: one group open at a time, Escape or a click elsewhere closes it, and on a phone the whole
// menu folds behind the "Menu" button. Without this script every group still opens (<details>) and the menu
// is shown in full. A static file because the Content-Security-Policy forbids inline script.
(function () {
  var nav = document.getElementById("mainnav");
  var toggle = document.querySelector(".nav-toggle");
  if (!nav) return;
  var menus = Array.prototype.slice.call(nav.querySelectorAll("details.menu"));

  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () {
      if (!menu.open) return;
      menus.forEach(function (other) {
        if (other !== menu) other.open = false;
      });
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    menus.forEach(function (menu) {
      if (menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  });

  document.addEventListener("click", function (event) {
    if (nav.contains(event.target) || (toggle && toggle.contains(event.target))) return;
    menus.forEach(function (menu) {
      menu.open = false;
    });
  });

  if (!toggle) return;
  toggle.hidden = false;
  document.documentElement.classList.add("menu-script");
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("open", open);
  });
})();
