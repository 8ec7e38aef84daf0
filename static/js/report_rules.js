// The validation rules of the catalogue, shown while the clerk types. The rules
// are not written here: the page gives them as JSON (#report-rules, made by
// digital_metrics/catalogue/validation.py client_rules from the catalogue's
// indicators and relations), with the server's own sentences. This file only
// reads the numbers typed (static/js/numbers.js), applies each rule by its kind
// and fills its sentence. The server checks everything again on save.
(function () {
  "use strict";
  const form = document.getElementById("report-form");
  const data = document.getElementById("report-rules");
  if (!form || !data) return;
  const spec = JSON.parse(data.textContent);
  const notation = form.dataset.notation || "vi";
  const lang = document.documentElement.lang || "vi";
  const factor = Number(spec.history_factor);
  const labels = JSON.parse(document.getElementById("report-rules-labels").textContent);

  function fmt(v) {
    const whole = Number.isInteger(v);
    return new Intl.NumberFormat(lang, {
      minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2, useGrouping: true,
    }).format(v);
  }
  function fill(rule, args) {
    return spec.messages[rule].replace(/%\((\w+)\)s/g, function (_m, key) { return args[key]; });
  }
  function input(code) { return form.querySelector('input[data-code="' + code + '"]'); }
  const cents = function (v) { return Math.round(v * 100); };

  // Each field's number as the server would keep it (two decimals), and the
  // sentences of what is wrong with it on its own.
  function read() {
    const values = {};
    const issues = [];
    Object.keys(spec.fields).forEach(function (code) {
      const field = spec.fields[code];
      const el = input(code);
      if (!el || field.type === "text") return;
      const raw = el.value.trim();
      if (raw === "") { values[code] = null; return; }
      const v = window.PortalNumbers.parseMeasure(raw, notation).value;
      if (v === null) { values[code] = null; return; }
      if (Number.isNaN(v)) { issues.push([code, "error", fill("number", { name: field.name, raw: raw })]); return; }
      const n = cents(v) / 100;
      if (field.type === "count" && (n < 0 || !Number.isInteger(n))) {
        issues.push([code, "error", fill("whole_non_negative", { name: field.name, raw: raw })]);
        return;
      }
      if (field.type === "rate" && !(n >= 0 && n <= 100)) {
        issues.push([code, "error", fill("rate_range", { name: field.name, raw: raw })]);
        return;
      }
      values[code] = n;
    });
    return { values: values, issues: issues };
  }

  function check() {
    const got = read();
    const values = got.values;
    const issues = got.issues;
    const has = function (c) { return values[c] !== undefined && values[c] !== null; };
    spec.rules.forEach(function (rule) {
      const whole = values[rule.whole];
      if (!has(rule.whole)) return;
      const known = rule.parts.filter(has);
      const total = cents(known.reduce(function (a, c) { return a + values[c]; }, 0)) / 100;
      const complete = known.length === rule.parts.length;
      const shown = rule.parts.map(function (c) { return has(c) ? fmt(values[c]) : ""; }).join(" + ");
      let sentence = null;
      if (rule.kind === "total") {
        if (!known.length) return;
        if (complete && cents(total) !== cents(whole)) {
          sentence = fill("parts_sum_to_whole", { names: rule.names, shown: shown, value: fmt(total), whole: rule.whole_name, whole_value: fmt(whole) });
        } else if (!complete && cents(total) > cents(whole)) {
          sentence = fill("parts_lte_whole", { names: rule.names, value: fmt(total), whole: rule.whole_name, whole_value: fmt(whole) });
        }
      } else if (rule.kind === "sum_lte") {
        if (!known.length || cents(total) <= cents(whole)) return;
        sentence = fill(rule.id, { part: rule.part_name, names: rule.names, value: fmt(total), whole: rule.whole_name, whole_value: fmt(whole) });
      } else if (rule.kind === "sum_eq") {
        if (!complete || cents(total) === cents(whole)) return;
        sentence = fill(rule.id, { names: rule.names, shown: shown, value: fmt(total), whole: rule.whole_name, whole_value: fmt(whole) });
      }
      if (sentence) issues.push([rule.field, "error", sentence]);
    });
    // Far from the last quarter: a warning to confirm, never a refusal.
    Object.keys(spec.fields).forEach(function (code) {
      const field = spec.fields[code];
      const before = field.previous === null ? 0 : Number(field.previous);
      const v = values[code];
      if (field.type !== "count" || !has(code) || !before) return;
      if (v > before * factor || (v && v * factor < before)) {
        issues.push([code, "warning", fill("far_from_history", { name: field.name, value: fmt(v), before: fmt(before) })]);
      }
    });
    return { values: values, issues: issues };
  }

  function filled() {
    // As digital_metrics.catalogue.validation.completeness: a total counts when all its parts are there.
    const typed = function (c) { const el = input(c); return !!el && el.value.trim() !== ""; };
    const codes = Object.keys(spec.fields);
    return codes.filter(function (c) {
      const comps = spec.fields[c].components;
      return typed(c) || (comps.length > 0 && comps.every(typed));
    }).length;
  }

  function show() {
    const issues = check().issues;
    form.querySelectorAll(".live-issues").forEach(function (el) { el.replaceChildren(); });
    form.querySelectorAll("input.live-invalid").forEach(function (el) { el.classList.remove("is-invalid", "live-invalid"); });
    issues.forEach(function (issue) {
      const el = input(issue[0]);
      if (!el) return;
      let box = el.parentElement.querySelector(".live-issues");
      if (!box) {
        box = document.createElement("div");
        box.className = "live-issues";
        box.setAttribute("aria-live", "polite");
        el.parentElement.appendChild(box);
      }
      const line = document.createElement("div");
      line.className = "live-issue small " + (issue[1] === "error" ? "text-danger" : "text-warning-emphasis");
      line.dataset.severity = issue[1];
      const word = document.createElement("strong");
      word.textContent = (issue[1] === "error" ? labels.error : labels.warning) + " ";
      line.append(word, document.createTextNode(issue[2]));
      box.appendChild(line);
      if (issue[1] === "error") el.classList.add("is-invalid", "live-invalid");
    });
    const count = document.getElementById("completeness-count");
    if (count) count.textContent = String(filled());
    const summary = document.getElementById("live-summary");
    if (summary) {
      const errors = issues.filter(function (i) { return i[1] === "error"; }).length;
      const warnings = issues.length - errors;
      summary.textContent = errors || warnings ? labels.summary.replace("%(errors)s", errors).replace("%(warnings)s", warnings) : "";
    }
  }
  form.addEventListener("input", show);
  show();
})();
