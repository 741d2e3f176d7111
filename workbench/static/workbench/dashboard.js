// The call dashboard: countdowns, the closing instant in the viewer's time zone, and the
// charts. Without JavaScript the server's text and the tables say the same.

const lang = document.documentElement.lang || undefined;

// The same units as workbench/dashboard.py, largest first, in minutes.
const UNITS = [
  ["year", 365 * 24 * 60],
  ["month", 30 * 24 * 60],
  ["day", 24 * 60],
  ["hour", 60],
  ["minute", 1],
];

function unit(name, n) {
  return new Intl.NumberFormat(lang, { style: "unit", unit: name, unitDisplay: "long" }).format(n);
}

function duration(minutes, less) {
  if (minutes < 1) return less;
  for (let i = 0; i < UNITS.length; i += 1) {
    const [name, size] = UNITS[i];
    if (minutes >= size) {
      const parts = [unit(name, Math.floor(minutes / size))];
      if (i + 1 < UNITS.length) {
        const [nextName, nextSize] = UNITS[i + 1];
        const rest = Math.floor((minutes % size) / nextSize);
        if (rest) parts.push(unit(nextName, rest));
      }
      return parts.join(", ");
    }
  }
  return less;
}

function updateCountdowns() {
  const now = Date.now();
  for (const element of document.querySelectorAll("[data-countdown]")) {
    const deadline = Date.parse(element.dataset.countdown);
    const minutes = Math.floor(Math.abs(deadline - now) / 60000);
    const template = deadline > now ? element.dataset.left : element.dataset.closed;
    element.textContent = template.replace("%s", duration(minutes, element.dataset.less));
    element.dataset.countdownReady = "true";
  }
}

function showLocalTimes() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  // The viewer's own locale and zone: this line is about where they are.
  const format = new Intl.DateTimeFormat(undefined, {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });
  for (const element of document.querySelectorAll("time[data-local-time]")) {
    const text = format.format(new Date(element.dateTime));
    element.textContent = zone ? `${text} (${zone})` : text;
  }
}

const ON_TIME = "#0e4d64"; // the brand colour
const LATE = "#b35900"; // 4.9:1 on white
const font = { family: "\"Noto Sans\", arial, sans-serif", size: 14 };

function barChart(id, config) {
  const canvas = document.getElementById(id);
  if (!canvas || typeof window.Chart === "undefined") return;
  window.Chart.defaults.font = font;
  window.Chart.defaults.color = "#0b0c0c";
  new window.Chart(canvas, {
    type: "bar",
    data: config.data,
    options: {
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: config.indexAxis || "x",
      animation: false,
      plugins: { legend: { display: config.legend || false, position: "bottom" } },
      scales: {
        x: { stacked: true, ticks: config.indexAxis === "y" ? { precision: 0 } : {} },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
      },
    },
  });
}

function drawCharts() {
  const source = document.getElementById("dashboard-charts");
  if (!source) return;
  const data = JSON.parse(source.textContent);
  barChart("chart-per-day", {
    legend: true,
    data: {
      labels: data.perDay.labels,
      datasets: [
        { label: data.perDay.series[0], data: data.perDay.onTime, backgroundColor: ON_TIME },
        { label: data.perDay.series[1], data: data.perDay.late, backgroundColor: LATE },
      ],
    },
  });
  for (const [id, figures] of [
    ["chart-regions", data.regions],
    ["chart-genders", data.genders],
  ]) {
    barChart(id, {
      indexAxis: "y",
      data: {
        labels: figures.labels,
        datasets: [{ label: figures.series, data: figures.counts, backgroundColor: ON_TIME }],
      },
    });
  }
}

updateCountdowns();
showLocalTimes();
drawCharts();
// Each minute, on the minute.
setTimeout(
  () => {
    updateCountdowns();
    setInterval(updateCountdowns, 60000);
  },
  60000 - (Date.now() % 60000),
);
