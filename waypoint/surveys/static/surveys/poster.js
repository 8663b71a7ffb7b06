// The poster's Print button (no inline scripts: the CSP forbids them).
(function () {
  "use strict";
  var button = document.getElementById("print-poster");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
