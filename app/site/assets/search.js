/* 站内搜索：对规范化文本做子串匹配（中文不分词也能命中），与 xtask/src/site/search.rs 同一算法。
   索引由 search-index.js 以普通 <script> 载入（file:// 下也可用），不发任何网络请求。 */
(function () {
  'use strict';
  var index = window.ZJ_SEARCH_INDEX;
  function normChar(code) {
    if (code >= 0xff01 && code <= 0xff5e) code -= 0xfee0;
    else if (code === 0x3000) return -1;
    if (code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 0xa0) return -1;
    if (code >= 65 && code <= 90) code += 32;
    return code;
  }
  function compact(s) {
    var out = [], map = [];
    for (var i = 0; i < s.length; i++) {
      var c = normChar(s.charCodeAt(i));
      if (c >= 0) { out.push(String.fromCharCode(c)); map.push(i); }
    }
    return { c: out.join(''), m: map };
  }
  function terms(q) {
    var words = String(q).replace(/\u3000/g, ' ').split(/\s+/), out = [];
    for (var i = 0; i < words.length && out.length < 10; i++) {
      var t = compact(words[i]).c;
      if (t && out.indexOf(t) < 0) out.push(t);
    }
    return out;
  }
  function findAll(hay, needle) {
    var found = [], i = hay.indexOf(needle);
    while (needle && i >= 0) { found.push(i); i = hay.indexOf(needle, i + needle.length); }
    return found;
  }
  function esc(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  function snippet(text, ts) {
    var cm = compact(text), ranges = [];
    ts.forEach(function (t) {
      findAll(cm.c, t).forEach(function (p) { ranges.push([cm.m[p], cm.m[p + t.length - 1] + 1]); });
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var first = ranges.length ? ranges[0][0] : 0;
    var start = Math.max(0, first - 20), end = Math.min(text.length, start + 80);
    var out = start > 0 ? '…' : '', pos = start;
    ranges.forEach(function (r) {
      if (r[1] <= pos || r[0] >= end) return;
      var a = Math.max(r[0], pos), b = Math.min(r[1], end);
      out += esc(text.slice(pos, a)) + '<mark>' + esc(text.slice(a, b)) + '</mark>';
      pos = b;
    });
    out += esc(text.slice(pos, end));
    if (end < text.length) out += '…';
    return out;
  }
  var prepared = null;
  function prepare() {
    if (prepared) return prepared;
    prepared = (index && index.docs ? index.docs : []).map(function (d) {
      return {
        d: d, t: compact(d.t).c, s: compact(d.s).c,
        h: d.x.map(function (x) { return compact(x[1]).c; }),
        b: d.x.map(function (x) { return compact(x[2]).c; })
      };
    });
    return prepared;
  }
  function search(q) {
    var ts = terms(q);
    if (!ts.length) return [];
    var phrase = ts.join(''), hits = [];
    prepare().forEach(function (p, di) {
      var score = 0, secHits = p.b.map(function () { return 0; });
      for (var k = 0; k < ts.length; k++) {
        var t = ts[k], th = findAll(p.t, t).length, sh = findAll(p.s, t).length, hh = 0, bh = 0;
        p.h.forEach(function (h) { hh += findAll(h, t).length; });
        p.b.forEach(function (b, i) { var n = findAll(b, t).length; secHits[i] += n; bh += n; });
        if (th + hh + sh + bh === 0) return;
        score += th * 100 + hh * 20 + Math.min(sh + bh, 30);
      }
      if (ts.length > 1) {
        if (p.t.indexOf(phrase) >= 0) score += 200;
        else if ([p.s].concat(p.h, p.b).some(function (x) { return x.indexOf(phrase) >= 0; })) score += 30;
      }
      var best = -1, bestN = 0;
      secHits.forEach(function (n, i) { if (n > bestN) { best = i; bestN = n; } });
      var d = p.d, url = d.u, text = d.s, head = -1;
      if (best < 0) {
        for (var j = 0; j < p.h.length && head < 0; j++) {
          if (ts.some(function (t) { return p.h[j].indexOf(t) >= 0; })) head = j;
        }
      }
      if (best >= 0) { text = d.x[best][2]; if (d.x[best][0]) url += '#' + d.x[best][0]; }
      else if (head >= 0) { text = d.x[head][1] + '：' + d.x[head][2]; if (d.x[head][0]) url += '#' + d.x[head][0]; }
      hits.push({ score: score, i: di, url: url, title: d.t, kind: d.k, snippet: snippet(text, ts) });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    return hits;
  }
  window.zjSearch = search;

  var root = document.documentElement.getAttribute('data-root') || '';
  var form = document.getElementById('search-form');
  var box = document.getElementById('search-q');
  var out = document.getElementById('search-results');
  if (!form || !box || !out) return;
  function render(q) {
    if (!index) { out.innerHTML = '<p>搜索索引没有载入。</p>'; return; }
    if (!q.trim()) { out.innerHTML = ''; return; }
    var hits = search(q);
    var html = '<p class="search-count" role="status">“' + esc(q.trim()) + '”：' +
      (hits.length ? '找到 ' + hits.length + ' 页' : '没有找到，换个说法或更短的词试试') + '</p>';
    if (hits.length) {
      html += '<ol class="search-hits">' + hits.slice(0, 50).map(function (h) {
        return '<li><a href="' + esc(root + h.url) + '">' + snippet(h.title, ts0(q)) + '</a>' +
          ' <span class="kind">' + esc(h.kind) + '</span><p>' + h.snippet + '</p></li>';
      }).join('') + '</ol>';
    }
    out.innerHTML = html;
  }
  function ts0(q) { return terms(q); }
  var initial = new URLSearchParams(location.search).get('q') || '';
  box.value = initial;
  render(initial);
  var timer = 0;
  box.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      render(box.value);
      if (history.replaceState && location.protocol !== 'file:') {
        history.replaceState(null, '', '?q=' + encodeURIComponent(box.value));
      }
    }, 120);
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); render(box.value); });
})();
