// Realtime: one WebSocket per page (see docs/realtime.md). The socket only says what
// changed ("post 123", "comment 9 on this post", "reactions", "notify"); the page fetches
// the rendered fragment from the ordinary views, which check permissions again.
// Reconnects with backoff and asks for what it missed (the last event id it saw). While
// the socket is down the feed's "N new posts" prompt keeps polling, as without JavaScript.
// Loaded with `defer` from {% realtime_head %}; no inline scripts (CSP).
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="townhall-realtime"]');
  if (!meta || !window.WebSocket || window.townhallRealtime) return;

  var state = {
    socket: null,
    last: null, // highest event id received
    since: meta.dataset.since, // first connection: events since the page was rendered
    attempt: 0,
    stopped: false,
    handled: new Set(),
    timer: null,
    heartbeat: null,
    connected: false,
  };
  window.townhallRealtime = state;

  function socketUrl() {
    var address = meta.getAttribute("content");
    var secure = window.location.protocol === "https:";
    if (address.charAt(0) === ":") {
      return (secure ? "wss://" : "ws://") + window.location.hostname + address + "/ws/";
    }
    if (address.charAt(0) === "/") {
      return (secure ? "wss://" : "ws://") + window.location.host + address;
    }
    return address;
  }

  // --- what this page shows ------------------------------------------------------------

  function pollElement() {
    return document.querySelector(".new-posts[hx-get]");
  }

  function feedOfPage() {
    var poll = pollElement();
    if (!poll || !document.getElementById("feed-items")) return null;
    var url = new URL(poll.getAttribute("hx-get"), window.location.href);
    return {
      poll: poll,
      url: url,
      feed: url.searchParams.get("feed") || "",
      subject: url.searchParams.get("subject") || "",
    };
  }

  function postOfPage() {
    if (!document.getElementById("comment-list")) return null;
    var article = document.querySelector("article.post[id^='post-']");
    return article ? article.id.slice(5) : null;
  }

  // --- fetching fragments -------------------------------------------------------------

  function get(url) {
    return window.fetch(url, {
      credentials: "same-origin",
      headers: { "X-Requested-With": "townhall-realtime" },
    });
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function activate(node) {
    if (window.htmx) window.htmx.process(node);
  }

  function announce(text) {
    var region = document.getElementById("realtime-announcer");
    if (!region) {
      region = document.createElement("div");
      region.id = "realtime-announcer";
      region.className = "visually-hidden";
      region.setAttribute("role", "status");
      document.body.appendChild(region);
    }
    region.textContent = text;
  }

  function newPost(message) {
    var page = feedOfPage();
    if (!page || document.getElementById("post-" + message.post)) return;
    var query = new URLSearchParams({
      feed: page.feed,
      subject: page.subject,
      post: String(message.post),
      since: page.url.searchParams.get("since") || "",
    });
    get(meta.dataset.feedItem + "?" + query.toString()).then(function (response) {
      if (response.status !== 200) return;
      var since = response.headers.get("X-Feed-Since");
      return response.text().then(function (html) {
        if (document.getElementById("post-" + message.post)) return;
        var card = fragment(html);
        if (!card) return;
        var list = document.getElementById("feed-items");
        var empty = list.querySelector(".feed-empty");
        if (empty) empty.remove();
        card.dataset.realtimeInserted = "post-" + message.post;
        list.insertBefore(card, list.firstChild);
        activate(card);
        var byline = card.querySelector(".post-byline");
        announce((meta.dataset.newPost || "New post") + ": " + (byline ? byline.textContent : ""));
        if (since) {
          // The prompt counts posts newer than the newest one shown: that is this one now.
          page.url.searchParams.set("since", since);
          page.poll.setAttribute("hx-get", page.url.pathname + page.url.search);
          activate(page.poll);
        }
      });
    }).catch(function () {});
  }

  function newComment(message) {
    if (postOfPage() !== String(message.post)) return;
    if (document.getElementById("comment-" + message.comment)) return;
    var url = meta.dataset.comment.replace(/0\/$/, message.comment + "/");
    get(url).then(function (response) {
      if (response.status !== 200) return;
      return response.text().then(function (html) {
        if (document.getElementById("comment-" + message.comment)) return;
        var item = fragment(html);
        if (!item) return;
        var list = (message.parent && document.getElementById("replies-" + message.parent))
          || document.getElementById("comment-list");
        item.dataset.realtimeInserted = "comment-" + message.comment;
        list.appendChild(item);
        activate(item);
      });
    }).catch(function () {});
  }

  function reactionsChanged(message) {
    var id = "reactions-" + message.target + "-" + message.id;
    if (!document.getElementById(id)) return;
    var url = meta.dataset.reactions.replace("TYPE", message.target).replace(/0\/$/, message.id + "/");
    get(url).then(function (response) {
      if (response.status !== 200) return;
      return response.text().then(function (html) {
        var current = document.getElementById(id);
        var bar = fragment(html);
        if (!current || !bar) return;
        if (current.contains(document.activeElement)) return; // never under the reader's hands
        current.replaceWith(bar);
        activate(bar);
      });
    }).catch(function () {});
  }

  function refreshUnread() {
    var link = document.querySelector("a[data-unread]");
    if (!link) return;
    get(meta.dataset.unread).then(function (response) {
      if (response.status !== 200) return;
      var count = response.headers.get("X-Unread") || "0";
      return response.text().then(function (html) {
        link.dataset.unread = count;
        var badge = link.querySelector(".badge");
        if (badge) badge.remove();
        if (link.lastChild && link.lastChild.nodeType === Node.TEXT_NODE) {
          link.lastChild.textContent = link.lastChild.textContent.replace(/\s+$/, "");
        }
        var fresh = html.trim() ? fragment(html) : null;
        if (fresh) link.append(" ", fresh);
      });
    }).catch(function () {});
  }

  function notified() {
    // The notification is written by a background task beside this event: look a few times.
    [300, 2000, 6000].forEach(function (delay) { window.setTimeout(refreshUnread, delay); });
  }

  function stale() {
    var page = feedOfPage();
    if (page && window.htmx) {
      window.htmx.ajax("GET", page.poll.getAttribute("hx-get"), { target: page.poll, swap: "innerHTML" });
    }
  }

  // The page's own form may add the same post or comment (htmx) just after the socket
  // did: keep the form's copy, drop ours, in the same task as the swap so no one ever sees two.
  function dropDuplicates() {
    document.querySelectorAll("[data-realtime-inserted]").forEach(function (node) {
      var id = node.dataset.realtimeInserted;
      if (document.querySelectorAll("#" + id).length > 1) node.remove();
    });
  }
  document.addEventListener("htmx:afterSwap", dropDuplicates);

  var handlers = {
    post: newPost,
    comment: newComment,
    reactions: reactionsChanged,
    notify: notified,
    stale: stale,
  };

  function receive(event) {
    var message;
    try { message = JSON.parse(event.data); } catch (error) { return; }
    if (message.type === "ready") {
      state.attempt = 0;
      document.documentElement.dataset.realtime = "connected";
    }
    if (typeof message.event === "number") {
      state.last = Math.max(state.last || 0, message.event);
      state.since = null;
      if (message.type !== "ready") {
        var key = message.event + ":" + message.type;
        if (state.handled.has(key)) return;
        state.handled.add(key);
        if (state.handled.size > 2000) state.handled = new Set();
      }
    }
    var handler = handlers[message.type];
    if (handler) handler(message);
  }

  // --- the connection -----------------------------------------------------------------

  function connect() {
    if (state.stopped || state.socket) return;
    var query = new URLSearchParams();
    if (feedOfPage()) query.set("feed", "1");
    var post = postOfPage();
    if (post) query.set("post", post);
    if (state.last !== null) query.set("last", String(state.last));
    else if (state.since) query.set("since", state.since);
    var socket;
    try {
      socket = new WebSocket(socketUrl() + "?" + query.toString());
    } catch (error) {
      schedule();
      return;
    }
    state.socket = socket;
    socket.onmessage = receive;
    socket.onopen = function () {
      state.heartbeat = window.setInterval(function () {
        if (socket.readyState === WebSocket.OPEN) socket.send('{"type": "ping"}');
      }, 30000);
    };
    socket.onclose = function (event) {
      window.clearInterval(state.heartbeat);
      state.socket = null;
      document.documentElement.dataset.realtime = "disconnected";
      if (event.code === 4401) { state.stopped = true; return; } // signed out
      schedule();
    };
  }

  function schedule() {
    if (state.stopped || state.timer) return;
    // 1 s, 2 s, 4 s ... up to a minute, with jitter so a restart is not a stampede.
    var delay = Math.min(60000, 1000 * Math.pow(2, state.attempt)) * (0.5 + Math.random() / 2);
    state.attempt = Math.min(state.attempt + 1, 6);
    state.timer = window.setTimeout(function () {
      state.timer = null;
      connect();
    }, delay);
  }

  window.addEventListener("pageshow", function (event) {
    if (event.persisted && !state.socket) connect(); // back from the back/forward cache
  });
  window.addEventListener("pagehide", function () {
    if (state.socket) state.socket.close(1000);
  });
  window.addEventListener("online", function () {
    if (!state.socket) { window.clearTimeout(state.timer); state.timer = null; connect(); }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", connect);
  } else {
    connect();
  }
})();
