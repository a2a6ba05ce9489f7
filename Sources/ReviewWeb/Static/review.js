// pfdo-intake review app: small keyboard helpers on top of plain forms (everything works without them).
// - Enter in a field box: the value is right as it stands (ticks "верно" when unchanged) and the focus moves
//   to the next field to review, then to Approve; the form is saved with Save, Alt+A or Alt+N.
// - Typing a different value marks the row as corrected (no tick needed).
// - Leaving the page with unsaved edits asks first: nothing typed is dropped by a stray click.
// - On group verification pages, Enter confirms the focused value and moves on.
(function () {
  "use strict";
  var form = document.getElementById("packet-form") || document.getElementById("group-form");
  if (!form) return;
  var dirty = false, submitting = false;
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-original]"));
  var order = boxes.filter(function (b) { return b.tabIndex > 0; }).sort(function (a, b) { return a.tabIndex - b.tabIndex; });
  if (order.length === 0) order = boxes;

  function tickFor(box) {
    var row = box.closest("tr");
    return row ? row.querySelector("input[type=checkbox][name^='c.']") : null;
  }
  function mark(box) {
    var row = box.closest("tr");
    var changed = box.value.trim() !== box.getAttribute("data-original").trim();
    if (row) row.classList.toggle("is-edited", changed);
    var tick = tickFor(box);
    if (tick && changed) tick.checked = false;
  }
  boxes.forEach(function (box) {
    box.addEventListener("input", function () { dirty = true; mark(box); });
    box.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      e.preventDefault();
      var tick = tickFor(box);
      if (tick && box.value.trim() === box.getAttribute("data-original").trim()) { tick.checked = true; dirty = true; }
      var i = order.indexOf(box);
      var next = i >= 0 && i + 1 < order.length ? order[i + 1] : document.querySelector("button.approve");
      if (next) next.focus();
      if (next && next.select) next.select();
    });
  });
  Array.prototype.slice.call(document.querySelectorAll("input[type=checkbox]")).forEach(function (c) {
    c.addEventListener("change", function () { dirty = true; });
  });
  document.addEventListener("submit", function () { submitting = true; }, true);
  window.addEventListener("beforeunload", function (e) {
    if (dirty && !submitting) { e.preventDefault(); e.returnValue = ""; }
  });
})();
