/* 站内搜索：用学生自己的说法也能找到（同义词表、去掉虚词、部分匹配），与 app/site/src/search.rs
   同一算法（整数计分，两边结果完全一致）。索引与词表由 search-index.js 以普通 <script> 载入
   （file:// 下也可用），不发任何网络请求。 */
(function () {
  'use strict';
  var index = window.ZJ_SEARCH_INDEX;
  var BREAKS = ',.!?;:\'"()<>/[]{}，。！？、；：“”‘’《》【】…—·~';
  function normChar(code) {
    if (code >= 0xff01 && code <= 0xff5e) code -= 0xfee0;
    else if (code === 0x3000) return -1;
    if (code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11 || code === 0xa0) return -1;
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
  function norm(s) { return compact(String(s)).c; }
  function uniq(list) {
    var out = [];
    list.forEach(function (x) { if (x && out.indexOf(x) < 0) out.push(x); });
    return out;
  }
  var words = (index && index.w) || { fillers: [], synonyms: [] };
  var synWords = [], synRows = [];
  (words.synonyms || []).forEach(function (s, i) {
    s.words.forEach(function (w) { synWords.push(norm(w)); synRows.push(i); });
  });
  var fillers = (words.fillers || []).map(norm);
  function longestAt(s, at, list) {
    var best = null;
    list.forEach(function (w) {
      if (w && s.substr(at, w.length) === w && (best === null || w.length >= best.length)) best = w;
    });
    return best;
  }
  function terms(q) {
    var out = [];
    function push(t) {
      if (t.text && !out.some(function (o) { return o.text === t.text; })) out.push(t);
    }
    function plain(p) { return { text: p, alts: [p] }; }
    var spaced = '';
    q = String(q);
    for (var i = 0; i < q.length; i++) {
      var n = normChar(q.charCodeAt(i));
      var ch = n < 0 ? ' ' : String.fromCharCode(n);
      spaced += BREAKS.indexOf(ch) >= 0 ? ' ' : ch;
    }
    spaced.split(/ +/).forEach(function (piece) {
      var chars = norm(piece), pending = '', j = 0;
      while (j < chars.length) {
        var w = longestAt(chars, j, synWords);
        if (w) {
          push(plain(pending)); pending = '';
          var row = synRows[synWords.indexOf(w)], alts = [w];
          words.synonyms[row].terms.forEach(function (t) {
            t = norm(t);
            if (t && alts.indexOf(t) < 0) alts.push(t);
          });
          push({ text: w, alts: alts });
          j += w.length;
          continue;
        }
        var f = longestAt(chars, j, fillers);
        if (f) { push(plain(pending)); pending = ''; j += f.length; continue; }
        pending += chars.charAt(j);
        j += 1;
      }
      push(plain(pending));
    });
    if (out.some(function (t) { return t.text.length > 1; })) {
      out = out.filter(function (t) { return t.text.length > 1; });
    }
    return out.slice(0, 10);
  }
  function findAll(hay, needle) {
    var found = [];
    if (!needle || needle.length > hay.length) return found;
    var i = hay.indexOf(needle);
    while (i >= 0) { found.push(i); i = hay.indexOf(needle, i + needle.length); }
    return found;
  }
  function has(hay, needle) { return !!needle && hay.indexOf(needle) >= 0; }
  function pairs(t) {
    var out = [];
    for (var i = 0; i + 2 <= t.length; i++) {
      var p = t.substr(i, 2);
      if (out.indexOf(p) < 0) out.push(p);
    }
    return out;
  }
  function exactCount(field, t) {
    var m = 0;
    t.alts.forEach(function (a) { m = Math.max(m, findAll(field, a).length); });
    return m;
  }
  function partialIn(field, ps) {
    if (!ps.length) return false;
    var n = ps.filter(function (p) { return has(field, p); }).length;
    return n > 0 && n * 2 >= ps.length;
  }
  function esc(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  function snippet(text, needles) {
    var cm = compact(text), ranges = [];
    needles.forEach(function (t) {
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
        d: d, t: norm(d.t), s: norm(d.s),
        h: d.x.map(function (x) { return norm(x[1]); }),
        b: d.x.map(function (x) { return norm(x[2]); })
      };
    });
    return prepared;
  }
  function scoreWith(p, count) {
    var s = 0;
    if (count(p.t) > 0) s += 100;
    var heads = p.h.filter(function (h) { return count(h) > 0; }).length;
    if (heads > 0) s += 30 + 10 * (Math.min(heads, 3) - 1);
    if (count(p.s) > 0) s += 20;
    var body = 0;
    p.b.forEach(function (b) { body += count(b); });
    s += Math.min(body, 20);
    var sections = p.h.map(function (h, i) { return 3 * count(h) + count(p.b[i]); });
    return { s: s, sections: sections };
  }
  function termHit(p, t) {
    var typed = scoreWith(p, function (f) { return findAll(f, t.text).length; });
    var meant = scoreWith(p, function (f) { return exactCount(f, t); });
    var score = Math.max(typed.s, Math.floor(meant.s * 4 / 5));
    if (score > 0 || t.text.length < 3) return { score: score, partial: false, sections: meant.sections };
    var ps = pairs(t.text);
    var part = scoreWith(p, function (f) { return partialIn(f, ps) ? 1 : 0; });
    return { score: Math.floor(part.s * 2 / 5), partial: true, sections: part.sections };
  }
  function search(q) {
    var ts = terms(q);
    if (!ts.length) return [];
    var docs = prepare();
    var table = docs.map(function (p) { return ts.map(function (t) { return termHit(p, t); }); });
    var n = docs.length;
    var weights = ts.map(function (t, k) {
      var df = table.filter(function (row) { return row[k].score > 0; }).length;
      return 1 + Math.floor(8 * n / Math.max(n + 4 * df, 1));
    });
    var total = 0;
    ts.forEach(function (t) { total += t.text.length; });
    var phrase = ts.map(function (t) { return t.text; }).join('');
    var hits = [];
    docs.forEach(function (p, di) {
      var row = table[di], hitLen = 0, score = 0;
      ts.forEach(function (t, k) { if (row[k].score > 0) hitLen += t.text.length; });
      if (hitLen === 0 || (ts.length > 1 && hitLen * 2 <= total)) return;
      row.forEach(function (h, k) { score += h.score * weights[k]; });
      if (ts.length > 1 && has(p.t, phrase)) score += 200;
      score = Math.floor(score * hitLen / total);
      if (p.d.a === 1) score = Math.floor(score * 3 / 5);
      var best = -1, bestN = 0;
      for (var i = 0; i < p.d.x.length; i++) {
        var s = 0;
        row.forEach(function (h) { s += h.sections[i]; });
        if (s > 0 && (best < 0 || s > bestN)) { best = i; bestN = s; }
      }
      var needles = [];
      ts.forEach(function (t, k) {
        if (row[k].score === 0) return;
        (row[k].partial ? pairs(t.text) : t.alts).forEach(function (x) {
          if (needles.indexOf(x) < 0) needles.push(x);
        });
      });
      var d = p.d, url = d.u, text = d.s;
      if (best >= 0) {
        if (d.x[best][0]) url += '#' + d.x[best][0];
        var body = p.b[best];
        text = !body || !needles.some(function (nd) { return has(body, nd); })
          ? d.x[best][1] + '：' + d.x[best][2] : d.x[best][2];
      }
      hits.push({ score: score, i: di, url: url, title: d.t, kind: d.k, needles: needles, snippet: snippet(text, needles) });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    return hits;
  }
  function suggestions(q) {
    var qn = norm(q), qp = pairs(qn), seen = [], scored = [];
    (words.synonyms || []).forEach(function (s) {
      s.terms.concat(s.words).forEach(function (w) {
        if (seen.indexOf(w) >= 0) return;
        seen.push(w);
        var wn = norm(w);
        var sp = pairs(wn).filter(function (p) { return qp.indexOf(p) >= 0; }).length;
        var sc = 0;
        for (var i = 0; i < wn.length; i++) {
          if (qn.indexOf(wn.charAt(i)) >= 0 && wn.slice(0, i).indexOf(wn.charAt(i)) < 0) sc++;
        }
        var score = 3 * sp + sc;
        if (score >= 2) scored.push({ score: score, i: scored.length, w: w });
      });
    });
    scored.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    var out = [];
    for (var k = 0; k < scored.length && out.length < 5; k++) {
      if (search(scored[k].w).length) out.push(scored[k].w);
    }
    return out;
  }
  window.zjSearch = search;
  window.zjSearchSuggestions = suggestions;

  var root = document.documentElement.getAttribute('data-root') || '';
  var form = document.getElementById('search-form');
  var box = document.getElementById('search-q');
  var out = document.getElementById('search-results');
  var empty = document.getElementById('search-empty');
  var suggest = document.getElementById('search-suggest');
  if (!form || !box || !out) return;
  function render(q) {
    if (empty) empty.hidden = true;
    if (!index) { out.innerHTML = '<p>搜索索引没有载入。</p>'; return; }
    if (!q.trim()) { out.innerHTML = ''; return; }
    var hits = search(q);
    var html = '<p class="search-count" role="status">“' + esc(q.trim()) + '”：' +
      (hits.length ? '找到 ' + hits.length + ' 页' : '没有找到') + '</p>';
    if (hits.length) {
      html += '<ol class="search-hits">' + hits.slice(0, 50).map(function (h) {
        return '<li><a href="' + esc(root + h.url) + '">' + snippet(h.title, h.needles) + '</a>' +
          ' <span class="kind">' + esc(h.kind) + '</span><p>' + h.snippet + '</p></li>';
      }).join('') + '</ol>';
    }
    out.innerHTML = html;
    if (!hits.length && empty) {
      var near = suggestions(q);
      suggest.innerHTML = near.length
        ? '换个说法试试：' + near.map(function (w) {
          return '<a class="suggest" href="search.html?q=' + encodeURIComponent(w) + '">' + esc(w) + '</a>';
        }).join('、')
        : '换个说法，或用更短的词试试。';
      empty.hidden = false;
    }
  }
  function show(q) {
    render(q);
    if (history.replaceState && location.protocol !== 'file:') {
      history.replaceState(null, '', '?q=' + encodeURIComponent(q));
    }
  }
  if (suggest) {
    suggest.addEventListener('click', function (e) {
      var a = e.target.closest ? e.target.closest('a.suggest') : null;
      if (!a) return;
      e.preventDefault();
      box.value = a.textContent;
      show(box.value);
    });
  }
  var initial = new URLSearchParams(location.search).get('q') || '';
  box.value = initial;
  render(initial);
  var timer = 0;
  box.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(box.value); }, 120);
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); show(box.value); });
})();
