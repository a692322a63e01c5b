/* Error summary: focus moves to it when a form comes back with problems;
   each link puts the cursor into its field. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-focus]");
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("data-focus"));
    if (!field) { return; }
    event.preventDefault();
    if (!field.matches("input, select, textarea, button")) {
      field = field.querySelector("input, select, textarea, button") || field;
    }
    field.scrollIntoView({ block: "center" });
    field.focus();
  });
}());
