// A submit button marked data-submit-once is disabled after the first click; the server's idempotency key is what
// really prevents duplicates, this only spares the applicant a second wait.
document.addEventListener('submit', (event) => {
  const form = event.target;
  for (const button of form.querySelectorAll('[data-submit-once]')) {
    window.setTimeout(() => { button.disabled = true; button.setAttribute('aria-disabled', 'true'); }, 0);
  }
});
