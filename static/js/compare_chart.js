// The comparison page's chart: one line per unit over the quarters, numbers
// in the page's language. The data comes from #compare-data (json_script).
(function () {
  const source = document.getElementById("compare-data");
  const canvas = document.getElementById("compare-chart");
  if (!source || !canvas || !window.Chart) return;
  const data = JSON.parse(source.textContent);
  const lang = document.documentElement.lang || "vi";
  const fmt = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const colours = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#d63384", "#20c997", "#dc3545", "#6c757d", "#0dcaf0", "#ffc107", "#6610f2", "#495057"];
  const suffix = data.unit === "%" ? "%" : "";
  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: data.series.map(function (s, i) {
        const c = colours[i % colours.length];
        return { label: s.label, data: s.values, borderColor: c, backgroundColor: c, spanGaps: true, tension: 0.2 };
      }),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false, // the box's height (pages.css), so a phone gets a readable chart
      plugins: {
        legend: { position: "bottom" },
        tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ": " + fmt.format(ctx.parsed.y) + suffix; } } },
      },
      scales: { y: { ticks: { callback: function (v) { return fmt.format(v) + suffix; } } } },
    },
  });
})();
