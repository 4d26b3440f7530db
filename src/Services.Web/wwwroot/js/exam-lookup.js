// Results lookup without loading a new page (ADR 0039): the form's three factors go as JSON to the lookup endpoint and
// the answer is written into a copy of the result card the page carries in <template id="exam-result-template">.
// Without JavaScript, or when the endpoint does not answer with JSON, the form is posted as before and the page answers.
const lookupForm = document.querySelector('form[data-lookup-api]');
const answerBox = document.getElementById('exam-answer');
const cardTemplate = document.getElementById('exam-result-template');

// How each refusal is shown: the alert's colour, its role and the id the page gives the same alert.
const refusals = {
  'missing': { colour: 'alert-danger', role: 'alert', id: '' },
  'not-found': { colour: 'alert-warning', role: 'alert', id: 'exam-not-found' },
  'not-published': { colour: 'alert-info', role: 'status', id: 'exam-not-published' },
  'too-many': { colour: 'alert-danger', role: 'alert', id: '' },
};

function fill(root, values) {
  for (const cell of root.querySelectorAll('[data-field]')) {
    if (cell.dataset.field in values) {
      cell.textContent = values[cell.dataset.field] ?? '';
    }
  }
}

function fillRows(body, lines) {
  const sample = body.firstElementChild;
  body.replaceChildren(...lines.map((line) => {
    const row = sample.cloneNode(true);
    fill(row, line);
    return row;
  }));
}

function card(result, factors) {
  const copy = cardTemplate.content.firstElementChild.cloneNode(true);
  if (!result.changed) {
    copy.querySelectorAll('[data-changed]').forEach((part) => part.remove());
  }
  if (result.regrade === null) {
    copy.querySelector('[data-regrade]').remove();
  }
  for (const [name, lines] of [['scores', result.scores], ['history', result.history]]) {
    const body = copy.querySelector(`[data-rows="${name}"]`);
    if (body) {
      fillRows(body, lines);
    }
  }
  fill(copy, {
    examName: result.examName, number: result.number, fullName: result.fullName,
    school: result.school, room: result.room, regrade: result.regrade,
  });
  for (const input of copy.querySelectorAll('input[data-factor]')) {
    input.value = factors[input.dataset.factor];
  }
  return copy;
}

function show(reply, factors) {
  answerBox.replaceChildren();
  const refusal = refusals[reply.outcome];
  if (refusal) {
    const alert = document.createElement('div');
    alert.className = `alert ${refusal.colour}`;
    alert.setAttribute('role', refusal.role);
    if (refusal.id) {
      alert.id = refusal.id;
    }
    alert.textContent = reply.message;
    answerBox.append(alert);
  } else if (reply.result) {
    answerBox.append(card(reply.result, factors));
  }
  answerBox.focus();
}

if (lookupForm && answerBox && cardTemplate) {
  lookupForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const factors = {
      exam: lookupForm.elements['ky-thi'].value,
      number: lookupForm.elements['so-bao-danh'].value,
      dateOfBirth: lookupForm.elements['ngay-sinh'].value,
    };
    let reply;
    try {
      const response = await fetch(lookupForm.dataset.lookupApi, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
        body: JSON.stringify(factors),
        credentials: 'same-origin',
      });
      if (!(response.headers.get('Content-Type') || '').startsWith('application/json')) {
        throw new Error(`lookup answered ${response.status}`);
      }
      reply = await response.json();
    } catch {
      lookupForm.submit();
      return;
    }
    show(reply, factors);
  });
}
