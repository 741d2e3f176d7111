// The diversity charts of the side by side: one horizontal bar chart per table, from
// the figures in #diversity-charts (the tables under each chart hold the same).
const BRAND = "#0e4d64";

function draw() {
  const source = document.getElementById("diversity-charts");
  if (!source || typeof window.Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  window.Chart.defaults.font = { family: "\"Noto Sans\", arial, sans-serif", size: 13 };
  window.Chart.defaults.color = "#0b0c0c";
  for (const canvas of document.querySelectorAll("canvas[data-scope]")) {
    const figures = data[canvas.dataset.scope] && data[canvas.dataset.scope][canvas.dataset.key];
    if (!figures) continue;
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: figures.labels, datasets: [{ data: figures.counts, backgroundColor: BRAND }] },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }
}

draw();
