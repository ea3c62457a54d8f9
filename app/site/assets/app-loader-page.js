  function start() {
    if (!document.getElementById("app")) return;
    compiled().then(function () {
      // The site's "this tool needs JavaScript / did not load" notes are moot now.
      var notes = document.querySelectorAll(".app-fallback");
      for (var j = 0; j < notes.length; j++) notes[j].hidden = true;
    }, fail);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
