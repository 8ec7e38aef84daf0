// The quarterly entry form: computed rates and sums shown as the clerk types.
// Numbers are read by static/js/numbers.js, the rule the server applies
// (core/numbers.py) in the page's language (data-notation); the server stays
// the authority.
(function () {
  "use strict";
  const form = document.getElementById("report-form");
  if (!form) return;
  const notation = form.dataset.notation || "vi";
  const fmt = new Intl.NumberFormat(document.documentElement.lang || "vi", { maximumFractionDigits: 2 });
  const read = function (text) { return window.PortalNumbers.parseMeasure(text, notation).value; };

  function value(code) {
    const input = form.querySelector('input[data-code="' + code + '"]');
    const typed = input ? read(input.value) : null;
    if (typed !== null) return typed;
    // A total left empty is the sum of its parts; a sum output names itself.
    const out = form.querySelector('[data-code-self="' + code + '"]');
    return out && out.dataset.value !== undefined && out.dataset.value !== "" ? Number(out.dataset.value) : null;
  }
  function sumOf(codes) {
    const parts = codes.split(" ").map(value);
    const known = parts.filter(function (p) { return p !== null && !Number.isNaN(p); });
    return known.length ? known.reduce(function (a, b) { return a + b; }, 0) : null;
  }
  function update() {
    // A total's input: the sum of its parts beside it, marked when the typed total differs.
    form.querySelectorAll("input[data-components]").forEach(function (input) {
      let note = input.parentElement.querySelector(".parts-sum");
      if (!note) {
        note = document.createElement("output");
        note.className = "parts-sum small d-block";
        note.dataset.codeSelf = input.dataset.code;
        input.insertAdjacentElement("afterend", note);
      }
      const sum = sumOf(input.dataset.components);
      const typed = read(input.value);
      note.dataset.value = typed !== null && !Number.isNaN(typed) ? typed : sum === null ? "" : sum;
      note.textContent = sum === null ? "" : "= " + fmt.format(sum);
      note.classList.toggle("text-danger", sum !== null && typed !== null && typed !== sum);
      note.classList.toggle("text-muted", !(sum !== null && typed !== null && typed !== sum));
    });
    form.querySelectorAll("output.computed[data-kind=rate]").forEach(function (out) {
      const num = value(out.dataset.numerator);
      const den = value(out.dataset.denominator);
      if (num === null || den === null || Number.isNaN(num) || Number.isNaN(den) || den === 0) {
        out.textContent = "—";
        out.classList.remove("text-danger");
        return;
      }
      out.textContent = fmt.format(num) + "/" + fmt.format(den) + " = " + fmt.format((num * 100) / den) + "%";
      out.classList.toggle("text-danger", num > den);
    });
  }
  form.addEventListener("input", update);
  update();
})();
