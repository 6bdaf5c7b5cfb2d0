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
})();
