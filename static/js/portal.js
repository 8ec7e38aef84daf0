// What every page needs, without inline handlers (the Content-Security-Policy
// allows no inline script): a select marked data-autosubmit submits its form on
// change; a checkbox marked data-check-all="NAME" ticks every checkbox NAME.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
    var name = target.getAttribute && target.getAttribute("data-check-all");
    if (name) {
      document.querySelectorAll("input[type=checkbox][name='" + name + "']").forEach(function (box) {
        box.checked = target.checked;
      });
    }
  });
})();
