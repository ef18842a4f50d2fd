// Sortable tables: a click on a th[data-sort] sorts the rows of table.sortable by that column
// (by each cell's data-value, as a number for data-sort="number"); a second click reverses.
// The choice is kept on the table so that it survives live refreshes of the tbody.
(function () {
  "use strict";

  function apply(table) {
    var column = parseInt(table.dataset.sortColumn, 10);
    if (isNaN(column)) {
      return;
    }
    var numeric = table.tHead.rows[0].cells[column].dataset.sort === "number";
    var direction = table.dataset.sortDirection === "desc" ? -1 : 1;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column].dataset.value || a.cells[column].textContent;
      var y = b.cells[column].dataset.value || b.cells[column].textContent;
      if (numeric) {
        return direction * (parseFloat(x) - parseFloat(y));
      }
      return direction * x.localeCompare(y);
    });
    rows.forEach(function (row) {
      body.appendChild(row);
    });
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      if (!th.dataset.sort) {
        return;
      }
      th.classList.add("sortable-header");
      th.addEventListener("click", function () {
        var same = table.dataset.sortColumn === String(index);
        table.dataset.sortDirection = same && table.dataset.sortDirection === "asc" ? "desc" : "asc";
        table.dataset.sortColumn = String(index);
        table.querySelectorAll("th").forEach(function (h) {
          h.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", table.dataset.sortDirection === "asc" ? "ascending" : "descending");
        apply(table);
      });
    });
  });

  document.addEventListener("live:updated", function () {
    document.querySelectorAll("table.sortable").forEach(apply);
  });
})();
