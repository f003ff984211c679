/* MTU's service worker (/sw.js): pages marked "MTU-Offline: keep" (mtu/offline.py) from the
   network, kept for no signal; static files (content-hash URLs) from the cache. Sign-out clears
   it all (Clear-Site-Data). Writes are queued by static/js/offline.js. */
"use strict";

var PAGES = "mtu-pages";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function keep(url, response) {
  if (!response.ok || response.headers.get("MTU-Offline") !== "keep") {
    return null;
  }
  /* A plain copy: a response that followed a redirect may not answer a navigation. */
  return response.clone().blob().then(function (body) {
    return caches.open(PAGES).then(function (cache) {
      return cache.put(url, new Response(body, response));
    });
  });
}

/* "Buka hari ini" without signal: today's page (by this phone's date), if kept. */
function today(url) {
  var batch = /^\/attendance\/batches\/([0-9]+)\/today$/.exec(new URL(url).pathname);
  var now = new Date();
  var day = new Date(now - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  var page = batch && new URL("/attendance/batches/" + batch[1] + "/" + day, url).href;
  return page && caches.match(page, {cacheName: PAGES}).then(function (hit) {
    return hit && Response.redirect(page);
  });
}

function page(event) {
  var url = event.request.url;
  return fetch(event.request).then(function (response) {
    event.waitUntil(Promise.resolve(keep(url, response)));
    return response;
  }).catch(function () {
    return caches.match(url, {cacheName: PAGES}).then(function (hit) {
      return hit || today(url);
    }).then(function (hit) {
      return hit || new Response("<!doctype html><meta charset=utf-8><meta name=viewport " +
        "content=width=device-width><p>Tidak ada sinyal, dan halaman ini belum tersimpan di " +
        "ponsel. <a href=/>Beranda</a>", {headers: {"Content-Type": "text/html"}});
    });
  });
}

function file(request) {
  return caches.open("mtu-files").then(function (cache) {
    return cache.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        return response.ok ? cache.put(request, response.clone()).then(function () {
          return response;
        }) : response;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== location.origin) {
    return;
  }
  if (event.request.mode === "navigate") {
    event.respondWith(page(event));
  } else if (url.pathname.indexOf("/static/") === 0 && url.searchParams.has("v")) {
    event.respondWith(file(event.request));
  }
});

/* A page asks to keep itself (loaded before this worker) and the day pages its links lead to
   ("Buka hari ini"), while there is signal. Its files are kept as the next page loads them. */
self.addEventListener("message", function (event) {
  event.waitUntil(Promise.all(((event.data && event.data.keep) || []).map(function (url) {
    return new URL(url).origin === location.origin && fetch(url).then(function (response) {
      return keep(response.url, response);
    });
  })).catch(function () { return null; }));
});
