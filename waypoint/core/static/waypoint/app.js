// Waypoint page behaviour. No inline scripts anywhere (the CSP forbids them).
(function () {
  "use strict";
  // Confirm destructive actions: <form data-confirm="Are you sure?">
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    // Stop double submits: a second press while the first is in flight does nothing.
    if (form.dataset.submitting === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    window.setTimeout(function () { form.dataset.submitting = ""; }, 8000);
  });
  // Escape closes an open disclosure panel (the program/site switcher) and puts focus
  // back on its toggle, as keyboard and screen-reader users expect of a pop-up.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.activeElement && document.activeElement.closest("details[open]");
    if (!open) return;
    open.removeAttribute("open");
    open.querySelector("summary").focus();
  });
})();
