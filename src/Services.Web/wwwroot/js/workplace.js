// The workplace's few behaviours; no inline script (CSP).
// A "check all" box ticks every checkbox of the named group, wherever its form is.
document.addEventListener('change', (event) => {
  const box = event.target;
  if (box instanceof HTMLInputElement && box.dataset.checkAll) {
    for (const item of document.querySelectorAll(`input[type=checkbox][name="${box.dataset.checkAll}"]`)) {
      item.checked = box.checked;
    }
  }
});

// A print button: the browser's own print dialog.
document.addEventListener('click', (event) => {
  if (event.target instanceof Element && event.target.closest('[data-print]')) {
    window.print();
  }
});
