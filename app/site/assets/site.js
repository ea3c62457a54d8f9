/* 每页都载入的小脚本：仅在 http(s) 下注册 service worker（file:// 保持原样），
   以及联系电话页的按市、县筛选。没有 JavaScript 时页面照常可读。 */
(function () {
  'use strict';
  var root = document.documentElement.getAttribute('data-root') || '';
  if ('serviceWorker' in navigator && /^https?:$/.test(location.protocol)) {
    navigator.serviceWorker.register(root + 'sw.js').catch(function () {});
    // An active worker has finished precaching: say so in the footer, and once on screen.
    navigator.serviceWorker.ready.then(function () {
      var status = document.getElementById('offline-status');
      if (status) status.textContent = '本站已保存到这台设备：没有网络时也能打开指南、搜索、检查器和进度记录。';
      var told = false;
      try { told = localStorage.getItem('zhuanjie.offline-told') === '1'; } catch (e) { told = true; }
      if (told) return;
      try { localStorage.setItem('zhuanjie.offline-told', '1'); } catch (e) { return; }
      var note = document.createElement('div');
      note.className = 'offline-ready no-print';
      note.setAttribute('role', 'status');
      // It lets every tap through (pointer-events: none) and leaves by itself, so it never
      // stands between the reader and a button.
      note.textContent = '已可离线使用：没有网络时也能打开本站。';
      document.body.appendChild(note);
      setTimeout(function () { note.classList.add('leaving'); }, 6000);
      setTimeout(function () { note.remove(); }, 6600);
    });
  }
  // The page's table of contents is closed so a phone opens on the text; a wide screen has
  // room for it open.
  if (window.matchMedia && window.matchMedia('(min-width: 960px)').matches) {
    Array.prototype.forEach.call(document.querySelectorAll('details.toc'), function (d) { d.open = true; });
  }
  var filter = document.getElementById('contacts-filter');
  if (!filter) return;
  var city = document.getElementById('filter-city');
  var county = document.getElementById('filter-county');
  var count = document.getElementById('filter-count');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#contacts-table tbody tr'));
  filter.hidden = false;
  function apply() {
    var c = city.value, q = county.value.replace(/\s+/g, ''), shown = 0;
    rows.forEach(function (tr) {
      var ok = (!c || tr.getAttribute('data-city') === c) &&
        (!q || tr.getAttribute('data-county').indexOf(q) >= 0 || tr.textContent.indexOf(q) >= 0);
      tr.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = '显示 ' + shown + ' / ' + rows.length + ' 条';
  }
  city.addEventListener('change', apply);
  county.addEventListener('input', apply);
  filter.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  apply();
})();
