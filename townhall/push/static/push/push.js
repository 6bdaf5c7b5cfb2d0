// Registers the service worker on every page, and drives the "push on this device" switch.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});

  var panel = document.querySelector("[data-push-panel]");
  if (!panel) return;
  var status = panel.querySelector("[data-push-status]");
  var turnOn = panel.querySelector("[data-push-on]");
  var turnOff = panel.querySelector("[data-push-off]");
  var csrf = panel.getAttribute("data-csrf");

  function show(text, subscribed) {
    status.textContent = text;
    turnOn.hidden = subscribed;
    turnOff.hidden = !subscribed;
  }
  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function send(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
    });
  }
  if (!("PushManager" in window)) {
    show(panel.getAttribute("data-text-unsupported"), false);
    turnOn.hidden = true;
    return;
  }
  navigator.serviceWorker.ready.then(function (registration) {
    return registration.pushManager.getSubscription();
  }).then(function (subscription) {
    show(panel.getAttribute(subscription ? "data-text-on" : "data-text-off"), !!subscription);
  });

  turnOn.addEventListener("click", function () {
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(panel.getAttribute("data-vapid-key"))
      });
    }).then(function (subscription) {
      return send(panel.getAttribute("data-subscribe-url"), subscription.toJSON());
    }).then(function () {
      show(panel.getAttribute("data-text-on"), true);
    }).catch(function () {
      show(panel.getAttribute("data-text-failed"), false);
    });
  });
  turnOff.addEventListener("click", function () {
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) return null;
      return send(panel.getAttribute("data-unsubscribe-url"), { endpoint: subscription.endpoint })
        .then(function () { return subscription.unsubscribe(); });
    }).then(function () {
      show(panel.getAttribute("data-text-off"), false);
    });
  });
})();
