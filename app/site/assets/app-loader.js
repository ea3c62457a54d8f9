(function (init) {
  "use strict";
  var here = document.currentScript ? document.currentScript.src : location.href;
  function url(name) { return new URL(name, here).href; }
  function fail(err) {
    if (typeof console !== "undefined") console.error("zhuanjie: 应用加载失败", err);
    var host = document.getElementById("app");
    if (host) {
      var p = document.createElement("p");
      p.className = "zj-load-error";
      p.setAttribute("role", "alert");
      p.textContent = "应用加载失败：" + (err && err.message ? err.message : String(err)) +
        "。请刷新页面；若仍失败，请换用较新的浏览器。";
      host.appendChild(p);
    }
  }
  // The base64 copy, for file://: a classic script that sets a global, then decoded here.
  function embedded() {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = url("__EMBEDDED__");
      s.onload = function () {
        var text = globalThis.__GLOBAL__;
        delete globalThis.__GLOBAL__;
        if (typeof text !== "string") {
          reject(new Error("__EMBEDDED__ 的内容不完整"));
          return;
        }
        var raw = atob(text);
        var bytes = new Uint8Array(raw.length);
        for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
        resolve(bytes);
      };
      s.onerror = function () { reject(new Error("无法读取 __EMBEDDED__")); };
      document.head.appendChild(s);
    });
  }
  var streamed = null;
  if (location.protocol !== "file:" && typeof fetch === "function" &&
      typeof WebAssembly === "object" && typeof WebAssembly.instantiateStreaming === "function") {
    streamed = fetch(url("__WASM__")).then(function (response) {
      if (!response.ok) throw new Error("__WASM__：HTTP " + response.status);
      return response;
    });
  }
  function compiled() {
    var source = streamed ? streamed.catch(function () { return embedded(); }) : embedded();
    return source.then(function (wasm) { return init({ module_or_path: wasm }); });
  }
__START__})(wasm_bindgen);
