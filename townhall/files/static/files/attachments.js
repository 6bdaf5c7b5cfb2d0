// Composer files: choose, drop or paste; each file is uploaded at once (XMLHttpRequest, for
// its progress bar) to a pending attachment; the form then carries the ids. No inline
// scripts (CSP); loaded with `defer` by files/_composer_files.html.
(function () {
  "use strict";
  if (window.townhallAttachments) return;
  window.townhallAttachments = true;

  function csrf(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function text(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }

  function waitUntilReady(box, item, data) {
    var url = box.dataset.statusUrl.replace("/0/", "/" + data.id + "/");
    var tries = 0;
    function check() {
      window.fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (current) {
          if (current.state === "ready") {
            var img = item.querySelector("img");
            if (img) img.src = current.thumb_url + "?v=" + Date.now();
            item.dataset.state = "ready";
          } else if (current.state === "processing" && tries++ < 30) {
            window.setTimeout(check, 700);
          }
        });
    }
    check();
  }

  function added(box, item, data) {
    var form = box.closest("form");
    item.dataset.state = data.state;
    item.querySelector("progress").value = 100;  // stays, full: the upload is done
    var status = item.querySelector("[data-upload-status]");
    status.textContent = box.dataset.doneText || "";
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = "attachments";
    hidden.value = data.id;
    item.appendChild(hidden);
    if (data.kind === "image") {
      var img = document.createElement("img");
      img.className = "upload-thumb";
      img.alt = "";
      item.insertBefore(img, item.firstChild);
      var label = text("label", "", box.dataset.altLabel);
      var alt = document.createElement("input");
      alt.type = "text";
      alt.name = "alt_" + data.id;
      alt.maxLength = 500;
      alt.id = "alt-" + data.id;
      label.htmlFor = alt.id;
      item.appendChild(label);
      item.appendChild(alt);
      if (data.state === "ready") img.src = data.thumb_url; else waitUntilReady(box, item, data);
    }
    var remove = text("button", "link-button", "×");
    remove.type = "button";
    remove.setAttribute("aria-label", box.dataset.remove + " " + data.name);
    remove.addEventListener("click", function () { item.remove(); });
    item.appendChild(remove);
    if (form) form.dispatchEvent(new CustomEvent("townhall:uploaded", { detail: data }));
  }

  function upload(box, file) {
    var form = box.closest("form");
    var list = box.querySelector("[data-upload-list]");
    var item = text("li", "upload-item");
    var name = text("span", "upload-name", file.name || "pasted-picture.png");
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", box.dataset.uploading + " " + (file.name || ""));
    var status = text("span", "upload-status");
    status.setAttribute("data-upload-status", "");
    item.appendChild(name);
    item.appendChild(bar);
    item.appendChild(status);
    list.appendChild(item);
    var body = new FormData();
    body.append("file", file, file.name || "pasted-picture.png");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", box.dataset.uploadUrl);
    xhr.setRequestHeader("X-CSRFToken", csrf(form));
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) bar.value = Math.round((event.loaded / event.total) * 100);
    });
    xhr.addEventListener("load", function () {
      var data = {};
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = {}; }
      if (xhr.status === 201) {
        bar.value = 100;
        added(box, item, data);
      } else {
        bar.remove();
        item.classList.add("upload-refused");
        status.setAttribute("role", "alert");
        status.textContent = data.error || box.dataset.failed;
      }
    });
    xhr.addEventListener("error", function () {
      status.setAttribute("role", "alert");
      status.textContent = box.dataset.failed;
    });
    xhr.send(body);
  }

  function uploadAll(box, files) {
    Array.prototype.forEach.call(files, function (file) { upload(box, file); });
  }

  function boxOf(target) {
    var form = target.closest && target.closest("form");
    return form ? form.querySelector(".composer-files") : null;
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-attach-input]")) return;
    uploadAll(boxOf(input), input.files);
    input.value = "";  // uploaded already: the form must not send them again
  });

  document.addEventListener("paste", function (event) {
    var box = boxOf(event.target);
    var files = event.clipboardData ? event.clipboardData.files : null;
    if (!box || !files || !files.length) return;
    event.preventDefault();
    uploadAll(box, files);
  });

  document.addEventListener("dragover", function (event) {
    var box = boxOf(event.target);
    if (!box) return;
    event.preventDefault();
    box.closest("form").classList.add("drop-target");
  });
  document.addEventListener("dragleave", function (event) {
    var box = boxOf(event.target);
    if (box) box.closest("form").classList.remove("drop-target");
  });
  document.addEventListener("drop", function (event) {
    var box = boxOf(event.target);
    if (!box || !event.dataTransfer || !event.dataTransfer.files.length) return;
    event.preventDefault();
    box.closest("form").classList.remove("drop-target");
    uploadAll(box, event.dataTransfer.files);
  });

  // After an htmx post succeeded, the composer is reset: empty its list of uploads too.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-composer]") || !event.detail.successful) return;
    var list = form.querySelector("[data-upload-list]");
    if (list) list.textContent = "";
  });
})();
