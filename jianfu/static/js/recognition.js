/* The recognition's progress, polled while the task worker reads the photos; when it is done (or has
   failed) the page reloads to show the text. Without JavaScript the page's reload link does the same. */
(function () {
  "use strict";
  const box = document.getElementById("ocr-progress");
  if (!box) return;
  const bar = box.querySelector("progress");
  function poll() {
    fetch(box.dataset.status, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.state === "done" || status.state === "failed") { window.location.reload(); return; }
        bar.max = status.pages_total || 1;
        bar.value = status.pages_done;
        setTimeout(poll, 1500);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1500);
})();
