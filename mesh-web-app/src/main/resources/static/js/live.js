// Keeps a page's numbers fresh without reloading it: every data-refresh seconds the page is
// fetched again and each element marked data-live is swapped for its namesake (same id) from the
// fresh copy. The server rendered and escaped that copy; nothing here builds markup from data.
// When either copy says the controller is unreachable, the whole main#content is swapped so that
// the sentence appears (or goes) and no stale numbers stay on screen.
(function () {
  "use strict";
  var main = document.getElementById("content");
  if (!main || !main.dataset.refresh) {
    return;
  }
  var seconds = Math.max(1, parseInt(main.dataset.refresh, 10) || 5);

  function swap(fresh) {
    var current = document.getElementById("content");
    var next = fresh.getElementById("content");
    if (!next) {
      return;
    }
    var wholePage =
      fresh.getElementById("controller-unreachable") ||
      document.getElementById("controller-unreachable") ||
      fresh.getElementById("controller-error") ||
      document.getElementById("controller-error");
    if (wholePage) {
      current.replaceWith(document.importNode(next, true));
    } else {
      current.querySelectorAll("[data-live][id]").forEach(function (el) {
        var replacement = fresh.getElementById(el.id);
        if (replacement) {
          el.replaceWith(document.importNode(replacement, true));
        }
      });
    }
    document.dispatchEvent(new CustomEvent("live:updated"));
  }

  function refresh() {
    fetch(window.location.href, { headers: { Accept: "text/html" }, cache: "no-store" })
      .then(function (response) {
        return response.text();
      })
      .then(function (text) {
        swap(new DOMParser().parseFromString(text, "text/html"));
      })
      .catch(function () {
        // The web app itself is gone: say so once, keep trying.
        var current = document.getElementById("content");
        if (current && !document.getElementById("dashboard-unreachable")) {
          var p = document.createElement("p");
          p.id = "dashboard-unreachable";
          p.className = "alert";
          p.textContent = "The dashboard server cannot be reached; the numbers below are stale.";
          current.prepend(p);
        }
      })
      .finally(function () {
        window.setTimeout(refresh, seconds * 1000);
      });
  }
  window.setTimeout(refresh, seconds * 1000);
})();
