/* The delegate's papers: register the papers' service worker, and keep this page
   (and the file it offers) for reading without the network. */
"use strict";
(function () {
  const body = document.body;
  const worker = body.dataset.worker;
  const scope = body.dataset.scope;
  if (!worker || !scope || !("serviceWorker" in navigator) || !window.caches) return;
  const cacheName = "daihoi-papers " + new URL(scope, location.href).href;
  const note = document.querySelector(".offline-note");

  function keep() {
    const links = [location.href];
    document.querySelectorAll("a[data-keep]").forEach((a) => links.push(a.href));
    return caches.open(cacheName).then((cache) =>
      Promise.all(
        links.map((url) =>
          cache.match(url, { ignoreVary: true }).then((kept) => kept || fetch(url, { credentials: "same-origin" }).then((r) => {
            if (r.ok) return cache.put(url, r);
          }))
        )
      )
    );
  }

  function say(text) {
    if (note && text) note.textContent = text;
  }

  navigator.serviceWorker
    .register(worker, { scope: scope })
    .then(() => navigator.serviceWorker.ready)
    .then(() => {
      if (navigator.onLine) return keep().then(() => say(body.dataset.keptText));
      say(body.dataset.offlineText);
    })
    .catch(() => {});
})();
