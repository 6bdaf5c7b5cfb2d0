// The post and comment forms: @mention suggestions, and a fresh one-time token after an
// htmx post (the server refuses to create the same thing twice for one token).
// Loaded with `defer` by the posts templates; no inline scripts anywhere (CSP).
(function () {
  "use strict";
  if (window.townhallComposer) return;
  window.townhallComposer = true;

  var MENTION = /(^|[^\w@.+\-])@([\w.+\-]{1,40})$/u;
  var timer = null;
  var lastQuery = null;

  function newToken() {
    var bytes = new Uint8Array(18);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function listFor(textarea) {
    return document.getElementById(textarea.getAttribute("aria-controls"));
  }

  function close(textarea) {
    var list = listFor(textarea);
    if (list) { list.hidden = true; list.textContent = ""; }
    textarea.removeAttribute("aria-activedescendant");
    lastQuery = null;
  }

  function typedMention(textarea) {
    var before = textarea.value.slice(0, textarea.selectionStart);
    var match = MENTION.exec(before);
    return match ? match[2] : null;
  }

  function choose(textarea, username) {
    var caret = textarea.selectionStart;
    var before = textarea.value.slice(0, caret);
    var after = textarea.value.slice(caret);
    var start = before.lastIndexOf("@");
    var inserted = "@" + username + " ";
    textarea.value = before.slice(0, start) + inserted + after;
    var position = start + inserted.length;
    textarea.setSelectionRange(position, position);
    close(textarea);
    textarea.focus();
  }

  function show(textarea, people) {
    var list = listFor(textarea);
    if (!list) return;
    list.textContent = "";
    if (!people.length) { close(textarea); return; }
    people.forEach(function (person, index) {
      var option = document.createElement("li");
      option.id = list.id + "-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", index === 0 ? "true" : "false");
      option.dataset.username = person.username;
      option.textContent = person.name + " (@" + person.username + ")";
      if (person.badge) option.textContent += " · " + person.badge;  // an external guest
      list.appendChild(option);
    });
    list.hidden = false;
    textarea.setAttribute("aria-activedescendant", list.id + "-0");
  }

  function suggest(textarea) {
    var query = typedMention(textarea);
    if (!query) { close(textarea); return; }
    if (query === lastQuery) return;
    lastQuery = query;
    var url = textarea.dataset.mentionSource + "?q=" + encodeURIComponent(query);
    window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { people: [] }; })
      .then(function (data) {
        if (typedMention(textarea) === query) show(textarea, data.people || []);
      })
      .catch(function () { close(textarea); });
  }

  function move(textarea, step) {
    var list = listFor(textarea);
    var options = list ? list.querySelectorAll("[role=option]") : [];
    if (!options.length) return false;
    var current = 0;
    options.forEach(function (option, index) {
      if (option.getAttribute("aria-selected") === "true") current = index;
    });
    var next = (current + step + options.length) % options.length;
    options[current].setAttribute("aria-selected", "false");
    options[next].setAttribute("aria-selected", "true");
    textarea.setAttribute("aria-activedescendant", options[next].id);
    return true;
  }

  document.addEventListener("input", function (event) {
    var textarea = event.target;
    if (!textarea.matches || !textarea.matches("textarea[data-mention-source]")) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { suggest(textarea); }, 120);
  });

  document.addEventListener("keydown", function (event) {
    var textarea = event.target;
    if (!textarea.matches || !textarea.matches("textarea[data-mention-source]")) return;
    var list = listFor(textarea);
    if (!list || list.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (move(textarea, event.key === "ArrowDown" ? 1 : -1)) event.preventDefault();
    } else if (event.key === "Enter" || event.key === "Tab") {
      var selected = list.querySelector("[aria-selected=true]");
      if (selected) { event.preventDefault(); choose(textarea, selected.dataset.username); }
    } else if (event.key === "Escape") {
      close(textarea);
    }
  });

  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest && event.target.closest(".mention-suggestions [role=option]");
    if (!option) return;
    event.preventDefault();  // keep the focus (and caret) in the textarea
    var textarea = document.querySelector("[aria-controls='" + option.parentNode.id + "']");
    if (textarea) choose(textarea, option.dataset.username);
  });

  // After an htmx post from a composer: clear it and take a new token on success, or show
  // the server's message (422) above the button.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-composer]")) return;
    var errors = form.querySelector("[data-form-errors]");
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (event.detail.successful) {
      form.reset();
      var token = form.querySelector("[data-form-token]");
      if (token) token.value = newToken();
      if (errors) errors.textContent = "";
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
