// The congress in session: the check-in desk (scanner, camera) and the projector.
// No inline scripts (the CSP allows only this file and htmx).
(function () {
  "use strict";

  function deskReady() {
    var form = document.getElementById("checkin-form");
    var code = document.getElementById("code");
    if (!form || !code) return;
    // A USB scanner types the code and Enter, like a keyboard: after each answer the
    // field is emptied and focused again for the next card.
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.elt === form || form.contains(event.detail.elt) || event.detail.target.id === "checkin-result") {
        code.value = "";
        code.focus();
      }
    });
    // A phone or tablet camera reads the QR where the browser has BarcodeDetector.
    var start = document.getElementById("camera-start");
    var video = document.getElementById("camera");
    if (!start || !video || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
    start.hidden = false;
    var running = false;
    start.addEventListener("click", function () {
      if (running) return;
      running = true;
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      var last = "", lastAt = 0;
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        function tick() {
          detector.detect(video).then(function (codes) {
            var now = Date.now();
            if (codes.length && (codes[0].rawValue !== last || now - lastAt > 4000)) {
              last = codes[0].rawValue;
              lastAt = now;
              code.value = last;
              window.htmx.trigger(form, "submit");
            }
          }).catch(function () {}).then(function () { window.setTimeout(tick, 300); });
        }
        tick();
      }).catch(function () { running = false; start.disabled = true; });
    });
  }

  function screenReady() {
    var button = document.getElementById("fullscreen");
    if (!button) return;
    button.addEventListener("click", function () {
      if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
    });
  }

  function voteConfirm() {
    // One tap records a vote for good: ask once more, naming the choice.
    document.body.addEventListener("htmx:confirm", function (event) {
      var elt = event.detail.elt;
      if (!elt.classList || !elt.classList.contains("vote-form")) return;
      var submitter = event.detail.triggeringEvent && event.detail.triggeringEvent.submitter;
      if (!submitter) return;
      event.preventDefault();
      var question = elt.getAttribute("data-confirm") || "%(choice)s?";
      var choice = submitter.textContent.trim();
      if (window.confirm(question.replace("%(choice)s", choice))) event.detail.issueRequest(true);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    deskReady();
    screenReady();
  });
  if (document.body) voteConfirm(); else document.addEventListener("DOMContentLoaded", voteConfirm);
})();
