// A button that prints the page (the report's A4 paper): no inline handler under the CSP.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
