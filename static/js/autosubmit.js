// A select marked data-autosubmit submits its form when it changes (no inline handlers: the CSP forbids them).
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
});
