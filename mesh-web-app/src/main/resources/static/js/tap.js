// The tap page: Start opens an EventSource on the web app's /tap/events (which relays the
// controller's tap), Stop closes it, which ends the tap upstream. A request event adds a row; its
// response event fills in status and latency. Every cell is filled with textContent: a path is
// whatever a client sent and must never become markup.
(function () {
  "use strict";
  var form = document.getElementById("tap-form");
  if (!form) {
    return;
  }
  var start = document.getElementById("tap-start");
  var stop = document.getElementById("tap-stop");
  var status = document.getElementById("tap-status");
  var body = document.querySelector("#tap-rows tbody");
  var MAX_ROWS = 500;
  var source = null;
  var rows = {};

  function say(text) {
    status.textContent = text;
  }

  function cell(row, name, text) {
    var td = document.createElement("td");
    td.className = name;
    td.textContent = text === null || text === undefined ? "" : String(text);
    row.appendChild(td);
    return td;
  }

  function onRequest(event) {
    var e = JSON.parse(event.data);
    var row = document.createElement("tr");
    row.className = "tap-row";
    row.dataset.id = e.id;
    cell(row, "direction", e.direction);
    cell(row, "method", e.method);
    cell(row, "authority", e.authority);
    cell(row, "path", e.path);
    cell(row, "status", "");
    cell(row, "latency", "");
    cell(row, "tls", e.tls ? "yes" : "no");
    cell(row, "pod", e.pod);
    rows[e.id] = row;
    body.prepend(row);
    while (body.rows.length > MAX_ROWS) {
      var last = body.rows[body.rows.length - 1];
      delete rows[last.dataset.id];
      last.remove();
    }
  }

  function onResponse(event) {
    var e = JSON.parse(event.data);
    var row = rows[e.id];
    if (!row) {
      return;
    }
    row.querySelector("td.status").textContent = String(e.status);
    row.querySelector("td.latency").textContent =
      e.latencyMs === null || e.latencyMs === undefined ? "" : e.latencyMs.toFixed(1) + "ms";
    if (e.status >= 500) {
      row.classList.add("failed");
    }
  }

  function finish(text) {
    if (source) {
      source.close();
      source = null;
    }
    start.disabled = false;
    stop.disabled = true;
    say(text);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    finish("Starting...");
    var params = new URLSearchParams(new FormData(form));
    source = new EventSource(form.action + "?" + params.toString());
    start.disabled = true;
    stop.disabled = false;
    source.addEventListener("tapping", function (e) {
      say("Tapping pods: " + JSON.parse(e.data).pods.join(", "));
    });
    source.addEventListener("request", onRequest);
    source.addEventListener("response", onResponse);
    source.addEventListener("tap-error", function (e) {
      var p = document.createElement("p");
      p.className = "alert tap-error";
      p.textContent = JSON.parse(e.data).message;
      status.after(p);
    });
    source.addEventListener("failed", function (e) {
      finish("The tap could not run: " + JSON.parse(e.data).message);
    });
    source.addEventListener("done", function () {
      finish("The tap ended.");
    });
    source.onerror = function () {
      finish("The connection to the dashboard was lost; the tap stopped.");
    };
  });

  stop.addEventListener("click", function () {
    finish("Stopped.");
  });
})();
