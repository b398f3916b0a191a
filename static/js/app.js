// Draws every plotly figure on the page from its JSON, also after htmx swaps content in,
// and shows each weight slider's value next to it.
(function () {
  "use strict";

  var SLIDER = ".field.slider input[type=range]";
  var NARROW = window.matchMedia("(max-width: 40rem)");

  function drawCharts(root) {
    if (typeof window.Plotly === "undefined") return;
    root.querySelectorAll("[data-figure]").forEach(function (el) {
      var source = document.getElementById(el.dataset.figure);
      if (!source) return;
      var figure = JSON.parse(source.textContent);
      window.Plotly.react(el, figure.data, figure.layout, {
        responsive: true,
        displaylogo: false,
        // On a phone the toolbar would sit on the legend for good (there is no hover).
        displayModeBar: NARROW.matches ? false : "hover",
        modeBarButtonsToRemove: ["select2d", "lasso2d"],
      });
      el.dataset.drawn = "true";
    });
  }

  // An <output> after each slider; the slider itself still tells assistive technology its value.
  function addReadouts(root) {
    if (!root.querySelectorAll) return;
    root.querySelectorAll(SLIDER).forEach(function (input) {
      if (input.dataset.readout) return;
      var output = document.createElement("output");
      output.className = "readout";
      output.setAttribute("aria-hidden", "true");
      if (input.id) output.setAttribute("for", input.id);
      output.value = input.value;
      input.insertAdjacentElement("afterend", output);
      input.parentElement.classList.add("has-readout");
      input.dataset.readout = "true";
    });
  }

  function updateReadout(event) {
    var input = event.target;
    if (!input.matches || !input.matches(SLIDER)) return;
    var output = input.nextElementSibling;
    if (output && output.classList.contains("readout")) output.value = input.value;
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts(document);
    addReadouts(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) { drawCharts(event.target); });
  document.addEventListener("htmx:load", function (event) { addReadouts(event.target); });
  document.addEventListener("input", updateReadout);
})();
