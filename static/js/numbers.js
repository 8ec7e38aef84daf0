// Numbers as people type them: the rule of core/numbers.py (parse_number,
// parse_measure), the same in the browser as on the server, so that what the
// live calculations show is what the server will store.
// - both "." and "," present: the rightmost is the decimal separator;
// - one separator repeated: thousands ("1.234.567");
// - one separator followed by exactly three digits ("2.531", "1,000"): the
//   notation of the page's language decides (vi: dot = thousands, en: comma);
// - any other single separator is the decimal one ("58,06", "82.05").
(function (global) {
  "use strict";
  const NOTATIONS = { vi: [".", ","], en: [",", "."] };
  const GROUPED = /^-?\d{1,3}(?:[.,]\d{3})+$/;
  const BOUND_WORDS = {
    above: ["trên", "hơn", "above", "over", "more than", ">=", "≥", ">"],
    below: ["dưới", "below", "under", "less than", "<=", "≤", "<"],
  };

  function parseNumber(raw, notation) {
    let t = String(raw == null ? "" : raw).trim().replace(/[\s\u00a0]/g, "").replace(/%+$/, "");
    if (t === "") return null;
    let [group, decimal] = NOTATIONS[notation] || NOTATIONS.vi;
    if (t.includes(".") && t.includes(",")) {
      decimal = t.lastIndexOf(".") > t.lastIndexOf(",") ? "." : ",";
      group = decimal === "." ? "," : ".";
      const at = t.lastIndexOf(decimal);
      const head = t.slice(0, at);
      const tail = t.slice(at + 1);
      if (tail.includes(group) || !(GROUPED.test(head) || /^-?\d+$/.test(head))) return NaN;
      t = head.split(group).join("") + "." + tail;
    } else if ((t.match(/[.,]/g) || []).length > 1) {
      if (!GROUPED.test(t)) return NaN;
      t = t.replace(/[.,]/g, "");
    } else if (GROUPED.test(t)) {
      const sep = t.includes(".") ? "." : ",";
      t = sep === group ? t.split(sep).join("") : t.replace(sep, ".");
    } else {
      t = t.replace(",", ".");
    }
    if (!/^-?\d*\.?\d+$/.test(t)) return NaN;
    return Number(t);
  }

  // {value, bound} for "trên 98%", "> 98", "dưới 5"; {value, bound: ""} for a plain number.
  function parseMeasure(raw, notation) {
    const text = String(raw == null ? "" : raw).trim();
    const lowered = text.toLowerCase();
    for (const bound of Object.keys(BOUND_WORDS)) {
      const word = BOUND_WORDS[bound].find(function (w) { return lowered.startsWith(w); });
      if (word !== undefined) return { value: parseNumber(text.slice(word.length), notation), bound: bound };
    }
    return { value: parseNumber(text, notation), bound: "" };
  }

  global.PortalNumbers = { parseNumber: parseNumber, parseMeasure: parseMeasure };
})(window);
