// The workload page's charts: each refresh (live.js) brings #workload-stat with the current
// success rate and latencies as data attributes; the samples are kept here for the last ten
// minutes the page was open and drawn as SVG polylines built with createElementNS.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var KEEP_MS = 10 * 60 * 1000;
  var samples = [];

  function number(text) {
    return text === undefined || text === "" ? null : parseFloat(text);
  }

  function sample() {
    var stat = document.getElementById("workload-stat");
    if (!stat) {
      return;
    }
    var now = Date.now();
    samples.push({
      t: now,
      success: number(stat.dataset.success),
      p50: number(stat.dataset.p50),
      p99: number(stat.dataset.p99)
    });
    samples = samples.filter(function (s) {
      return now - s.t <= KEEP_MS;
    });
  }

  function el(name, attributes) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    return node;
  }

  function draw(id, series, max, unit) {
    var svg = document.getElementById(id);
    if (!svg) {
      return;
    }
    while (svg.firstChild) {
      svg.removeChild(svg.firstChild);
    }
    var width = 400, height = 120, pad = 20;
    var t0 = samples.length ? samples[0].t : 0;
    var span = Math.max(1, (samples.length ? samples[samples.length - 1].t : 0) - t0);
    svg.appendChild(el("line", { x1: pad, y1: height - pad, x2: width, y2: height - pad, class: "axis" }));
    var top = el("text", { x: 0, y: 12, class: "scale" });
    top.textContent = max.toFixed(max < 10 ? 2 : 0) + unit;
    svg.appendChild(top);
    series.forEach(function (s) {
      var points = samples
        .filter(function (p) { return p[s.key] !== null; })
        .map(function (p) {
          var x = pad + ((p.t - t0) / span) * (width - pad);
          var y = height - pad - (Math.min(p[s.key], max) / max) * (height - 2 * pad);
          return x.toFixed(1) + "," + y.toFixed(1);
        });
      if (points.length === 1) {
        var xy = points[0].split(",");
        svg.appendChild(el("circle", { cx: xy[0], cy: xy[1], r: 3, class: "series " + s.key }));
      } else if (points.length > 1) {
        svg.appendChild(el("polyline", { points: points.join(" "), class: "series " + s.key }));
      }
    });
    var count = el("text", { x: width, y: height - 4, "text-anchor": "end", class: "scale" });
    count.textContent = samples.length + " samples";
    svg.appendChild(count);
  }

  function redraw() {
    sample();
    draw("chart-success", [{ key: "success" }], 1, "");
    var highest = samples.reduce(function (m, s) {
      return Math.max(m, s.p99 || 0, s.p50 || 0);
    }, 1);
    draw("chart-latency", [{ key: "p50" }, { key: "p99" }], highest * 1.1, "ms");
  }

  redraw();
  document.addEventListener("live:updated", redraw);
})();
