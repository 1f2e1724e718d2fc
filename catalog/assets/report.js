/* daicho audit pack: filter boxes over tables (rows whose text contains every word stay shown); printing opens
   every closed section (warnings, notes, diagrams) and closes them again afterwards. */
(function () {
  "use strict";
  var boxes = document.querySelectorAll("input[data-filter]");
  Array.prototype.forEach.call(boxes, function (box) {
    var target = document.getElementById(box.getAttribute("data-filter"));
    var counter = document.getElementById(box.getAttribute("data-filter") + "-count");
    if (!target) { return; }
    var rows = target.querySelectorAll("tbody tr");
    var apply = function () {
      var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var text = row.textContent.toLowerCase();
        var hit = words.every(function (w) { return text.indexOf(w) !== -1; });
        row.hidden = !hit;
        if (hit) { shown += 1; }
      });
      if (counter) { counter.textContent = String(shown); }
    };
    box.addEventListener("input", apply);
    box.disabled = false;
    apply();
  });
}());
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.open = true;
      opened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
}());
