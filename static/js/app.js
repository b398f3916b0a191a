// Draws every plotly figure on the page from its JSON, also after htmx swaps content in;
// shows each weight slider's value next to it; sends htmx requests with the current CSRF
// token and says so when one fails, instead of failing in silence; asks before a form that
// cannot be taken back is sent.
(function () {
  "use strict";

  var SLIDER = ".field-slider input[type=range]";
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

  // The token from its cookie rather than the one the page was drawn with: signing in again
  // in another tab renews it, and this page can then still save (config/expired.py).
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : null;
  }

  // htmx swaps nothing in when a request fails, so what was typed stays on the page; the
  // sentence goes beside the step's buttons and into a notice that stays in view.
  function showProblem(text) {
    var status = document.getElementById("save-status");
    if (status) {
      status.textContent = text;
      status.classList.remove("saved");
      status.classList.add("problem");
    }
    var notice = document.getElementById("request-problem");
    if (notice) {
      notice.textContent = text;
      notice.hidden = false;
    }
  }

  function problemOf(xhr) {
    var type = xhr.getResponseHeader("Content-Type") || "";
    if (type.indexOf("text/plain") === 0 && xhr.responseText) return xhr.responseText;
    return "Not saved: the server answered with an error (" + xhr.status + "). " +
      "What you typed is still here; try again, or reload the page.";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (!token) return;
    event.detail.headers["X-CSRFToken"] = token;
    // Django reads a form's own token before the header, and the form's is as old as the page.
    delete event.detail.parameters.csrfmiddlewaretoken;
  });
  document.addEventListener("htmx:responseError", function (event) {
    showProblem(problemOf(event.detail.xhr));
  });
  document.addEventListener("htmx:sendError", function () {
    showProblem("Not saved: the server could not be reached. What you typed is still here; try again.");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var notice = document.getElementById("request-problem");
    if (notice && event.detail.successful) notice.hidden = true;
  });

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts(document);
    addReadouts(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) { drawCharts(event.target); });
  // A swapped-in part that names the page (a questionnaire step) renames the tab too.
  document.addEventListener("htmx:afterSwap", function () {
    var named = document.querySelector("[data-title]");
    if (named) document.title = named.dataset.title;
  });
  document.addEventListener("htmx:load", function (event) { addReadouts(event.target); });
  // A form that cannot be taken back asks first (data-confirm); without script it just posts.
  document.addEventListener("submit", function (event) {
    var question = event.target.dataset && event.target.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });
  document.addEventListener("input", updateReadout);
})();
