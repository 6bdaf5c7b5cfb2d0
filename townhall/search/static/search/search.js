// "/" puts the cursor in the header's search box (as on GitHub and YouTube), unless the
// person is already typing somewhere. Escape in the box closes its suggestions.
(function () {
  "use strict";
  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) return;
    var box = document.getElementById("header-search-q");
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target || event.target.id !== "header-search-q") return;
    var list = document.getElementById("header-search-suggestions");
    if (list) list.innerHTML = "";
  });
})();
