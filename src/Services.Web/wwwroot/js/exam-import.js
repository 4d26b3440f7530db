// The import runs on the server; while its progress bar is shown, the page asks again every second.
if (document.querySelector('[data-reload-while-running]')) {
  window.setTimeout(() => window.location.reload(), 1000);
}
