/* 离线缓存：安装时预缓存整个站点的每一个文件；缓存名含全部文件内容的哈希，内容变了就换新缓存。
   由 cargo xtask build 生成（site::finalize_offline），请勿手改。 */
'use strict';
var CACHE = 'zhuanjie-__HASH__';
var FILES = __FILES__;
self.addEventListener('install', function (e) {
  e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(FILES); }).then(function () {
    return self.skipWaiting();
  }));
});
self.addEventListener('activate', function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf('zhuanjie-') === 0 && k !== CACHE;
    }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});
self.addEventListener('fetch', function (e) {
  var req = e.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  e.respondWith(caches.open(CACHE).then(function (c) {
    return c.match(req, { ignoreSearch: true }).then(function (hit) {
      if (hit) return hit;
      return fetch(req).catch(function () {
        if (req.mode === 'navigate') return c.match('offline-fallback.html');
        return Response.error();
      });
    });
  }));
});
