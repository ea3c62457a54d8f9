/* 离线缓存：安装时预缓存毕业生要用的全部文件（指南、搜索、检查器、进度记录）；管理员模拟器和
   表格的程序包在第一次打开时才缓存。缓存名含全部文件内容的哈希，内容变了就换新缓存。
   由 cargo xtask build 生成（site::finalize_offline），请勿手改。 */
'use strict';
var CACHE = 'zhuanjie-__HASH__';
var FILES = __FILES__;
// Every page of the site, cached or not: offline, an address that is none of them does not exist.
var PAGES = __PAGES__;
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
function sitePath(url) {
  var scope = new URL(self.registration.scope).pathname;
  var path = new URL(url).pathname;
  path = path.indexOf(scope) === 0 ? path.slice(scope.length) : path;
  return path === '' ? 'index.html' : path;
}
self.addEventListener('fetch', function (e) {
  var req = e.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  e.respondWith(caches.open(CACHE).then(function (c) {
    return c.match(req, { ignoreSearch: true }).then(function (hit) {
      if (hit) return hit;
      return fetch(req).then(function (res) {
        // Cached on first use: the simulator and its bundles, anything not precached.
        if (res.ok && res.type === 'basic') c.put(req, res.clone());
        return res;
      }).catch(function () {
        if (req.mode !== 'navigate') return Response.error();
        var known = PAGES.indexOf(sitePath(req.url)) >= 0;
        return c.match(known ? 'offline-fallback.html' : '404.html').then(function (page) {
          if (!page) return Response.error();
          return known ? page : new Response(page.body, { status: 404, statusText: 'Not Found', headers: page.headers });
        });
      });
    });
  }));
});
