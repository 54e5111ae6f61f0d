// Quick exit: click #quick-exit or press Shift 3 times within 1.5 s.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link || !document.addEventListener) { return; }
  var count = 0, first = 0, clean = false;
  function leave() {
    document.documentElement.style.visibility = "hidden";
    try { history.replaceState(null, "", "/"); } catch (e) {}
    location.replace(link.href);
  }
  function shift(e) { return e.key === "Shift" || e.keyCode === 16; }
  link.addEventListener("click", function (e) { e.preventDefault(); leave(); });
  document.addEventListener("keydown", function (e) {
    clean = shift(e);
    if (!clean) { count = 0; }
  }, true);
  document.addEventListener("keyup", function (e) {
    if (!shift(e)) { return; }
    var now = new Date().getTime();
    if (!clean || now - first > 1500) { count = 0; }
    if (clean && ++count === 1) { first = now; }
    if (count === 3) { count = 0; leave(); }
    clean = false;
  }, true);
}());
