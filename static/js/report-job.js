// Polls a background report job and shows its progress, then the download link.
(function () {
  var box = document.getElementById("report-job");
  if (!box) return;
  var bar = document.getElementById("job-progress");
  var label = document.getElementById("job-status");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        bar.value = data.progress;
        label.textContent = data.status_display + " " + data.progress + "%";
        if (data.status === "done") {
          document.getElementById("job-download").hidden = false;
        } else if (data.status === "failed") {
          var err = document.getElementById("job-error");
          err.hidden = false;
          err.querySelector("span").textContent = data.error;
        } else {
          setTimeout(poll, 1500);
        }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  poll();
})();
