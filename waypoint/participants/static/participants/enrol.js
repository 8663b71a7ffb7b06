// Enrolment: "I don't know this name" empties and disables the name box (the code then
// uses the person's own initials, asked right after the parent questions).
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
    if (box.matches && box.matches(".uic-question input[type=checkbox]")) sync(box);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".uic-question input[type=checkbox]").forEach(sync);
  });
})();
