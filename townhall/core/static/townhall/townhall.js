// Townhall's only script besides htmx. No inline scripts anywhere: the CSP forbids them.
(function () {
  "use strict";
  function nextTheme(current) {
    var dark = current === "dark" ||
      (current === "auto" && window.matchMedia("(prefers-color-scheme: dark)").matches);
    return dark ? "light" : "dark";
  }
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-theme-toggle]");
    if (!toggle) return;
    var root = document.documentElement;
    var theme = nextTheme(root.getAttribute("data-theme") || "auto");
    root.setAttribute("data-theme", theme);
    document.cookie = "theme=" + theme + "; path=/; max-age=31536000; samesite=lax";
  });
  // The header's "More" menu is a <details> that works without this; with it, a click
  // elsewhere or Escape closes it, as a menu would.
  function closeMenus(except) {
    document.querySelectorAll("details.nav-more[open]").forEach(function (menu) {
      if (menu !== except) menu.removeAttribute("open");
    });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest("details.nav-more"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.nav-more[open]");
    if (!open) return;
    closeMenus(null);
    open.querySelector("summary").focus();
  });
})();
