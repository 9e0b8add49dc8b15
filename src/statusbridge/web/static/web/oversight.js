// The oversight dashboard's charts: each Vega-Lite spec the page embeds (JSON in
// #sb-chart-specs) drawn into its figure with vega-embed. The tables beside them hold the same
// numbers, so the page says everything without this script.
(function () {
  "use strict";
  var data = document.getElementById("sb-chart-specs");
  if (!data || typeof window.vegaEmbed !== "function") {
    return;
  }
  var specs = JSON.parse(data.textContent);
  Object.keys(specs).forEach(function (slug) {
    var target = document.getElementById("chart-" + slug);
    if (!target) {
      return;
    }
    window.vegaEmbed(target, specs[slug], { actions: false, renderer: "svg" }).catch(function () {
      target.textContent = "The chart could not be drawn; the table below has its numbers.";
    });
  });
})();
