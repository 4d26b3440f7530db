// Draws every <canvas data-chart="ID"> from the JSON in the element #ID (written by the _Chart partial); no inline
// script (CSP). The same figures are in the table beside each chart.
(() => {
  if (typeof Chart === 'undefined') return;
  // Colours distinguishable for colour-blind readers, each at least 3:1 against white.
  const palette = ['#0b5cad', '#b35900', '#1a7f37', '#8250df', '#cf222e', '#4d5966'];
  const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) continue;
    const figures = JSON.parse(source.textContent);
    const line = figures.kind === 'line';
    new Chart(canvas, {
      type: line ? 'line' : 'bar',
      data: {
        labels: figures.labels,
        datasets: figures.series.map((series, i) => ({
          label: series.name,
          data: series.values,
          backgroundColor: palette[i % palette.length],
          borderColor: palette[i % palette.length],
          borderWidth: line ? 2 : 0,
        })),
      },
      options: {
        animation: still ? false : undefined,
        maintainAspectRatio: false,
        locale: document.documentElement.lang || 'vi',
        scales: { y: { beginAtZero: true } },
      },
    });
  }
})();
