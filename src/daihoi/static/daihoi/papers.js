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

  // On the list, online: drop the copies of papers no longer listed (withdrawn).
  function forget() {
    const root = new URL(scope, location.href).href;
    if (location.href !== root) return Promise.resolve();
    const listed = new Set();
    document.querySelectorAll(".paper-list a").forEach((a) => {
      const id = a.href.slice(root.length).split("/")[0];
      if (id) listed.add(id);
    });
    return caches.open(cacheName).then((cache) =>
      cache.keys().then((requests) =>
        Promise.all(
          requests
            .filter((r) => r.url.startsWith(root))
            .filter((r) => /^\d+$/.test(r.url.slice(root.length).split("/")[0]))
            .filter((r) => !listed.has(r.url.slice(root.length).split("/")[0]))
            .map((r) => cache.delete(r))
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
      if (navigator.onLine) return keep().then(forget).then(() => say(body.dataset.keptText));
      say(body.dataset.offlineText);
    })
    .catch(() => {});
})();
