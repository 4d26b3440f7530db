// A submit button marked data-submit-once is disabled after the first click; the server's idempotency key is what
// really prevents duplicates, this only spares the applicant a second wait.
document.addEventListener('submit', (event) => {
  const form = event.target;
  for (const button of form.querySelectorAll('[data-submit-once]')) {
    window.setTimeout(() => { button.disabled = true; button.setAttribute('aria-disabled', 'true'); }, 0);
  }
});

// After a refused submit the page comes back with an error summary: move focus to it, so keyboard and screen-reader
// users start from the list of what to fix instead of the top of the page.
document.addEventListener('DOMContentLoaded', () => {
  const summary = document.getElementById('error-summary');
  if (summary) {
    summary.focus();
  }
});
