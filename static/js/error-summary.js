/* The error summary (includes/error_summary.html) takes focus when the page opens, so a screen
   reader starts with what went wrong; its links move to the field with its label in view. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var control = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!control) { return; }
    event.preventDefault();
    // A bare jump would put the field at the very top, its label or legend scrolled out of sight.
    var group = control.closest("fieldset");
    var caption = (group && group.querySelector("legend")) || document.querySelector("label[for='" + control.id + "']");
    (caption || control).scrollIntoView({ block: "start" });
    control.focus({ preventScroll: true });
  });
}());
