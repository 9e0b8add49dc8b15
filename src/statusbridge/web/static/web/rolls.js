/* A roll's job page: ask for the job's progress every few seconds and update the bar in place.
   Without JavaScript the page's "Check progress again" link does the same, when the reader
   chooses (a page that reloads itself is an accessibility fault, WCAG 2.2.1). */
(function () {
  "use strict";
  var box = document.getElementById("job-live");
  if (!box) { return; }
  var url = box.getAttribute("data-progress-url");
  var every = Number(box.getAttribute("data-every-ms")) || 2000;
  function show(job) {
    var bar = document.getElementById("job-progress");
    bar.max = Math.max(job.rows_total, 1);
    bar.value = job.rows_done;
    bar.textContent = job.percent + "%";
    document.getElementById("job-rows").textContent =
      job.rows_done + " of " + job.rows_total + " (" + job.percent + "%)";
    document.getElementById("job-state").textContent = job.state_label;
    if (job.state === "queued" || job.state === "running") { return false; }
    document.getElementById("job-waiting").hidden = true;
    var end = document.getElementById(job.state === "done" ? "job-done" : "job-failed");
    if (job.error) { document.getElementById("job-error").textContent = job.error; }
    end.hidden = false;
    if (job.has_results) { document.getElementById("job-results").hidden = false; }
    return true;
  }
  function ask() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (job) { if (!job || !show(job)) { window.setTimeout(ask, every); } })
      .catch(function () { window.setTimeout(ask, every * 5); });
  }
  window.setTimeout(ask, every);
})();
