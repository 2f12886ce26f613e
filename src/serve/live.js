// Strata live reload, served by `strata serve` only.
// Reloads the page after each successful rebuild, keeping the scroll
// position, and shows build errors in an overlay until they are fixed.
(function () {
  "use strict";
  var OVERLAY_ID = "__OVERLAY_ID__";
  var OVERLAY_STYLE = "__OVERLAY_STYLE__";
  var script = document.currentScript;
  var base = script && script.src ? script.src.replace(/live\.js(?:[?#].*)?$/, "") : "/__strata/";
  var meta = document.querySelector('meta[name="strata-build"]');
  var pageBuild = meta ? Number(meta.getAttribute("content")) : null;
  var pageServer = meta ? meta.getAttribute("data-server") : null;
  var scrollKey = "strata-scroll:" + location.pathname;
  var reloading = false;

  function storage(action, value) {
    try {
      if (action === "get") return sessionStorage.getItem(scrollKey);
      if (action === "set") sessionStorage.setItem(scrollKey, value);
      if (action === "remove") sessionStorage.removeItem(scrollKey);
    } catch (e) {
      // Storage can be disabled; reloading still works without it.
    }
    return null;
  }

  function restoreScroll() {
    var saved = storage("get");
    if (saved === null) return;
    var xy = saved.split(",").map(Number);
    var apply = function () {
      // "instant": a theme's `scroll-behavior: smooth` must not animate it.
      window.scrollTo({ left: xy[0] || 0, top: xy[1] || 0, behavior: "instant" });
    };
    apply();
    if (document.readyState === "complete") {
      storage("remove");
    } else {
      window.addEventListener("load", function () { apply(); storage("remove"); });
    }
  }

  function reload() {
    if (reloading) return;
    reloading = true;
    storage("set", Math.round(window.scrollX) + "," + Math.round(window.scrollY));
    location.reload();
  }

  function clearErrors() {
    var box = document.getElementById(OVERLAY_ID);
    if (box) box.parentNode.removeChild(box);
  }

  function showErrors(status) {
    clearErrors();
    var box = document.createElement("div");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    box.setAttribute("style", OVERLAY_STYLE);
    var heading = document.createElement("strong");
    heading.textContent = status.summary || "Build failed.";
    box.appendChild(heading);
    var list = document.createElement("ul");
    list.setAttribute("style", "margin:.5em 0 0;padding-left:1.25em");
    // The server lists errors before warnings.
    (status.errors || []).forEach(function (e) {
      var item = document.createElement("li");
      item.setAttribute("style", "margin:.5em 0");
      item.textContent = e.text;
      list.appendChild(item);
    });
    box.appendChild(list);
    document.body.appendChild(box);
  }

  function apply(status) {
    if (pageBuild === null) {
      pageBuild = status.build;
      pageServer = status.server;
    }
    if (status.server !== pageServer || status.build > pageBuild) {
      reload();
    } else if (status.ok) {
      clearErrors();
    } else {
      showErrors(status);
    }
  }

  function poll() {
    fetch(base + "status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(apply)
      .catch(function () {})
      .then(function () { setTimeout(poll, 1000); });
  }

  function listen() {
    if (typeof EventSource === "undefined") {
      poll();
      return;
    }
    var events = new EventSource(base + "events");
    events.onmessage = function (e) {
      try {
        apply(JSON.parse(e.data));
      } catch (err) {
        // A malformed event is ignored; the next one carries the full state.
      }
    };
    events.onerror = function () {
      // The browser retries by itself unless the stream was refused.
      if (events.readyState === EventSource.CLOSED) {
        setTimeout(listen, 2000);
      }
    };
  }

  restoreScroll();
  listen();
})();
