/* The service worker of one delegate's congress papers (its scope: /v/<link>/papers/).
   It answers only requests under its scope: each page or file of the papers is
   fetched from the network and a copy kept; without the network the copy is
   shown. A paper withdrawn, or a link voided, is removed from the copies the
   next time the network answers so. Nothing outside the scope is kept. */
"use strict";
const SCOPE = self.registration.scope;
const CACHE = "daihoi-papers " + SCOPE;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function fromNetwork(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      await cache.put(request, response.clone());
    } else if (response.status === 403 || response.status === 404) {
      if (request.url === SCOPE) {
        await caches.delete(CACHE);
      } else {
        await cache.delete(request);
      }
    }
    return response;
  } catch (offline) {
    const kept = await cache.match(request, { ignoreVary: true });
    if (kept) return kept;
    throw offline;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  if (new URL(request.url).pathname.endsWith("/sw.js")) return;
  event.respondWith(fromNetwork(request));
});
