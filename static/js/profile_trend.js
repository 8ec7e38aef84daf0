// The ward profile's trend chart: rates quarter by quarter, targets dashed.
// Numbers follow the page's language (58,06% in Vietnamese).
(function () {
  const source = document.getElementById("trend-data");
  const canvas = document.getElementById("trend-chart");
  if (!source || !canvas || !window.Chart) return;
  const data = JSON.parse(source.textContent);
  const lang = document.documentElement.lang || "vi";
  const fmt = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const colours = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1"];
  const datasets = [];
  data.series.forEach((s, i) => {
    const colour = colours[i % colours.length];
    datasets.push({ label: s.label, data: s.values, borderColor: colour, backgroundColor: colour, spanGaps: true, tension: 0.2 });
    if (s.target !== null) {
      datasets.push({
        label: s.label + " – " + fmt.format(s.target) + "%",
        data: data.labels.map(() => s.target),
        borderColor: colour, borderDash: [6, 4], borderWidth: 1, pointRadius: 0, fill: false,
      });
    }
  });
  new Chart(canvas, {
    type: "line",
    data: { labels: data.labels, datasets: datasets },
    options: {
      animation: false,
      scales: { y: { min: 0, max: 100, ticks: { callback: (v) => fmt.format(v) + "%" } } },
      plugins: {
        tooltip: { callbacks: { label: (ctx) => ctx.dataset.label + ": " + fmt.format(ctx.parsed.y) + "%" } },
        legend: { position: "bottom" },
      },
    },
  });
})();
