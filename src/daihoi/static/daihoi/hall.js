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

  // A speech's countdown: from the start the server recorded, not from a counter kept
  // here, so it cannot drift; the server's clock (data-now) corrects this machine's.
  // The projector swaps its content every two seconds: each new element is read anew.
  function countdowns() {
    var now = Date.now();
    var clocks = document.querySelectorAll("[data-countdown]");
    for (var i = 0; i < clocks.length; i++) {
      var el = clocks[i];
      if (el.daihoiSkew === undefined) el.daihoiSkew = Number(el.getAttribute("data-now")) - now;
      var elapsed = (now + el.daihoiSkew - Number(el.getAttribute("data-started"))) / 1000;
      var left = Number(el.getAttribute("data-seconds")) - elapsed;
      var s = left >= 0 ? Math.floor(left) : -Math.ceil(-left);
      var abs = Math.abs(s), sec = abs % 60;
      el.textContent = (s < 0 ? "-" : "") + Math.floor(abs / 60) + ":" + (sec < 10 ? "0" : "") + sec;
      if (s < 0) el.classList.add("over"); else el.classList.remove("over");
    }
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
      if (!window.confirm(question.replace("%(choice)s", choice))) return;
      if (!tap(elt, submitter)) event.detail.issueRequest(true);
    });
  }

  // The tap goes to the stream's own port when the server runs one there: its loop answers
  // the burst of a whole hall voting at once without a thread per choice waiting for its
  // batch. It is a plain form post, which the browser sends without asking first, with the
  // phone's cookies; the answer replaces the ballot as the site's would. If it cannot be
  // had (no connection, the server's error) the same form goes to the site instead.
  function tap(form, submitter) {
    var box = document.getElementById("ballot");
    var origin = box && box.getAttribute("data-taps");
    if (!origin || !window.fetch || !window.FormData || !window.URLSearchParams) return false;
    if (form.daihoiSending) return true;  // one tap at a time
    form.daihoiSending = true;
    var body = new window.URLSearchParams(new window.FormData(form));
    body.append(submitter.name, submitter.value);
    window.fetch(origin + form.getAttribute("hx-post"), {
      method: "POST", body: body, mode: "cors", credentials: "include", cache: "no-store"
    }).then(function (response) {
      if (response.status >= 500) throw new Error(String(response.status));
      return response.text().then(function (page) {
        box.innerHTML = page;
        window.htmx.process(box);
      });
    }).catch(function () {
      // The same choice to the site, named in full: htmx forgot the button pressed, and
      // the form may have been replaced meanwhile (a stream lost makes the page ask the
      // site for the ballot again), which htmx would not send from.
      form.daihoiSending = false;
      window.htmx.ajax("POST", form.getAttribute("hx-post"), {
        source: document.body.contains(form) ? form : box, target: box, swap: "innerHTML",
        values: { choice: submitter.value, csrfmiddlewaretoken: body.get("csrfmiddlewaretoken") || "" }
      });
    });
    return true;
  }

  // The hall's push stream (Server-Sent Events): the congress's state, the same for every
  // phone. While it is connected the phone's own poll is held back; when it drops (or the
  // browser has no EventSource) the poll goes on as before, and the browser reconnects.
  // The projector keeps its 2-second poll for the counts; the stream shows at once a vote
  // opened or closed.
  function follow(box, onState, holdPoll) {
    var url = box.getAttribute("data-events");
    if (!url || !window.EventSource) return;
    var connected = false;
    var source = new window.EventSource(url, { withCredentials: true });
    source.addEventListener("open", function () { connected = true; box.setAttribute("data-pushed", "open"); });
    source.addEventListener("error", function () {
      if (connected) window.htmx.trigger(box, "hall:lost");
      connected = false;
      box.setAttribute("data-pushed", "lost");
    });
    source.addEventListener("state", function (event) {
      var state;
      try { state = JSON.parse(event.data); } catch (e) { return; }
      onState(state);
    });
    box.addEventListener("htmx:beforeRequest", function (event) {
      // The timer's poll, not a tap on "Refresh" (its own element) nor a cast.
      if (holdPoll && connected && event.detail.elt === box && event.detail.requestConfig && event.detail.requestConfig.verb === "get") event.preventDefault();
    });
    window.addEventListener("pagehide", function () { source.close(); });
  }

  function phoneReady() {
    var box = document.getElementById("ballot");
    if (!box || !box.getAttribute("data-events")) return;
    var marker = box.querySelector("[data-vote]");
    var shown = marker ? marker.getAttribute("data-vote") : "";
    box.addEventListener("htmx:afterSwap", function () {
      var mark = box.querySelector("[data-vote]");
      if (mark) shown = mark.getAttribute("data-vote");
    });
    box.addEventListener("hall:lost", function () {
      window.htmx.ajax("GET", box.getAttribute("hx-get"), { target: box, swap: "innerHTML" });
    });
    follow(box, function (state) {
      var vote = state.vote ? String(state.vote.id) : "";
      if (vote === shown) return;
      // A secret choice sent and not recorded yet: its page goes on sending it (the close
      // writes it, and the answer then says "recorded"); the next question replaces it.
      if (!vote && box.querySelector(".sent")) return;
      shown = vote;
      var template = document.getElementById(vote ? "ballot-vote" : "ballot-none");
      var part = template.content.cloneNode(true);
      if (vote) {
        part.querySelector("[data-slot=title]").textContent = state.vote.title;
        part.querySelector("[data-slot=secret]").hidden = !state.vote.secret;
        var form = part.querySelector("form");
        form.setAttribute("hx-post", box.getAttribute("data-cast").replace(/\/0\/$/, "/" + vote + "/"));
      }
      box.replaceChildren(part);
      box.setAttribute("data-shown", vote);
      window.htmx.process(box);
    }, true);
  }

  function screenFollow() {
    var box = document.getElementById("screen");
    if (!box || !box.getAttribute("data-events")) return;
    var seen = null;
    follow(box, function (state) {
      // A vote opened or closed, a sitting opened: show it now, not at the next poll.
      if (seen !== null && seen !== state.version) {
        window.htmx.ajax("GET", box.getAttribute("hx-get"), { target: box, swap: "innerHTML" });
      }
      seen = state.version;
    }, false);
  }

  document.addEventListener("DOMContentLoaded", function () {
    deskReady();
    screenReady();
    phoneReady();
    screenFollow();
    countdowns();
    window.setInterval(countdowns, 250);
    document.body.addEventListener("htmx:afterSwap", countdowns);
  });
  if (document.body) voteConfirm(); else document.addEventListener("DOMContentLoaded", voteConfirm);
})();
