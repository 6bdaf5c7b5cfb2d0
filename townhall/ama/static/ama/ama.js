// Ask-me-anything forms sent with htmx: clear the ask form after success, or show the
// server's message (4xx) in the form's [data-form-errors] area. No inline scripts (CSP).
(function () {
  "use strict";
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-ama-form]")) return;
    var errors = form.querySelector("[data-form-errors]");
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (event.detail.successful) {
      if (form.hasAttribute("data-reset")) form.reset();
      if (errors) errors.textContent = "";
      var empty = document.getElementById("ama-no-questions");
      if (empty && form.hasAttribute("data-reset")) empty.hidden = true;
    } else if (errors && status >= 400 && status < 500) {
      var parsed = new DOMParser().parseFromString(event.detail.xhr.responseText, "text/html");
      errors.textContent = "";
      parsed.querySelectorAll("li").forEach(function (item) {
        var line = document.createElement("p");
        line.className = "errorlist";
        line.setAttribute("role", "alert");
        line.textContent = item.textContent;
        errors.appendChild(line);
      });
    }
  });
})();
