// The quarterly entry form: computed rates and sums shown as the clerk types.
// Numbers are read the Vietnamese way ("2.531", "58,06"), as the server does
// (digital_metrics.validation.parse_number); the server stays the authority.
(function () {
  "use strict";
  const form = document.getElementById("report-form");
  if (!form) return;
  const fmt = new Intl.NumberFormat(document.documentElement.lang || "vi", { maximumFractionDigits: 2 });

  function parse(text) {
    let t = (text || "").trim().replace(/[\s\u00a0%]/g, "");
    if (t === "") return null;
    if (t.includes(",")) t = t.replace(/\./g, "").replace(",", ".");
    else if (/^\d{1,3}(\.\d{3})+$/.test(t)) t = t.replace(/\./g, "");
    const n = Number(t);
    return Number.isFinite(n) ? n : NaN;
  }
  function value(code) {
    const input = form.querySelector('[data-code="' + code + '"]');
    if (input) return parse(input.value);
    const out = form.querySelector('output[data-code-self="' + code + '"]');
    return out && out.dataset.value !== "" ? Number(out.dataset.value) : null;
  }
  function update() {
    form.querySelectorAll("output.computed[data-kind=sum]").forEach(function (out) {
      const parts = out.dataset.components.split(" ").map(value);
      const known = parts.filter(function (p) { return p !== null && !Number.isNaN(p); });
      out.dataset.value = known.length ? known.reduce(function (a, b) { return a + b; }, 0) : "";
      out.textContent = known.length ? fmt.format(Number(out.dataset.value)) : "—";
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
  // Sums feed rates (resolved = on time + late): they are computed first and
  // each sum output names itself (data-code-self) for value().
  form.addEventListener("input", update);
  update();
})();
