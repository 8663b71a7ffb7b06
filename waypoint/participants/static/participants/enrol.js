// Enrolment: "I don't know this name" empties and disables the name box, and points
// to the initials question, which only matters then.
(function () {
  "use strict";
  function sync(box) {
    var question = box.closest(".uic-question");
    var input = question && question.querySelector("input[type=text], input:not([type])");
    if (!input) return;
    input.disabled = box.checked;
    if (box.checked) input.value = "";
  }
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches(".uic-question input[type=checkbox]")) return;
    sync(box);
    if (box.checked) {
      var initials = document.querySelector("[data-initials] input");
      if (initials && !initials.value) initials.focus();
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".uic-question input[type=checkbox]").forEach(sync);
  });
})();
