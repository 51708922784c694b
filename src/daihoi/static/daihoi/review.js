// Adjudication of scanned ballots, keyboard first. No inline scripts (the CSP
// allows only static files): the form posts through htmx and the answer is the
// next ballot; this file puts the cursor back in the field and asks for the
// next ballot's crops ahead of time so that they show at once.
(function () {
  "use strict";

  function ready() {
    var review = document.getElementById("review");
    if (!review) return;
    var fix = document.getElementById("fix");
    // Only the cursor: what a quick hand has typed already stays as typed.
    if (fix && document.activeElement !== fix) fix.focus({ preventScroll: true });
    var urls = (review.getAttribute("data-prefetch") || "").split(" ");
    urls.forEach(function (url) {
      if (url) {
        var image = new Image();
        image.src = url;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", ready);
  document.body.addEventListener("htmx:afterSettle", ready);
  // Escape empties the field: back to "accept the suggestion".
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event.target && event.target.id === "fix") {
      event.target.value = "";
    }
  });
})();
