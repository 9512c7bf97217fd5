// Control: the clock (advance a manual one), the receiver's injected faults, and reset.
import { api, call } from './api.js';
import { h, time, errorBox, replace, toast, field, select, confirmAction, problemText, receiverProblem } from './dom.js';

export async function controlPage({ main, lifecycle }) {
  const clockView = h('div');
  const faultsView = h('div');
  main.append(h('h1', {}, 'Control'),
    h('section', { 'aria-labelledby': 'clock-title' }, h('h2', { id: 'clock-title' }, 'Clock'), clockView),
    h('section', { 'aria-labelledby': 'faults-title' }, h('h2', { id: 'faults-title' }, 'Receiver faults'), faultsView),
    h('section', { 'aria-labelledby': 'reset-title' }, h('h2', { id: 'reset-title' }, 'Reset'),
      h('p', {}, 'Deletes every order, transition and callback event, and (in mode B) the receiver’s record and faults.'),
      h('button', { type: 'button', class: 'danger', onclick: reset }, 'Reset everything…')));

  // The clock's forms are built once; a refresh only rewrites the reading.
  const reading = h('p', { 'aria-live': 'polite' });
  const duration = h('input', { name: 'duration', value: 'PT30S', required: true, pattern: 'P.*', placeholder: 'PT30S' });
  const instant = h('input', { name: 'now', type: 'datetime-local', step: '1' });
  const advanceForm = h('form', { class: 'inline-form', 'aria-label': 'Advance the clock' }, field('Advance by (ISO-8601 duration)', duration),
    h('button', { type: 'submit', class: 'primary' }, 'Advance'));
  const setForm = h('form', { class: 'inline-form', 'aria-label': 'Move the clock to an instant' }, field('Move to (UTC)', instant),
    h('button', { type: 'submit' }, 'Move clock'));
  const systemNote = h('p', { class: 'muted' }, 'The platform runs on the system clock: it cannot be moved. Start it with QWIRE_CLOCK=manual to drive time from here.');
  replace(clockView, reading, advanceForm, setForm, systemNote);

  async function moved(promise) {
    try {
      const state = await promise;
      toast(`Clock at ${time(state.now)}: ${state.transitionsApplied} transitions applied, ${state.callbackAttempts} callback attempts`);
      await loadClock();
    } catch (e) {
      toast(problemText(e), 'error');
    }
  }
  advanceForm.addEventListener('submit', event => {
    event.preventDefault();
    moved(api('/admin/clock/advance', { method: 'POST', body: { duration: duration.value.trim() } }));
  });
  setForm.addEventListener('submit', event => {
    event.preventDefault();
    if (!instant.value) return;
    const iso = (instant.value.length === 16 ? instant.value + ':00' : instant.value) + 'Z';
    moved(api('/admin/clock', { method: 'PUT', body: { now: iso } }));
  });

  async function loadClock() {
    const clock = await api('/admin/clock');
    const manual = clock.mode === 'MANUAL';
    replace(reading, h('strong', {}, manual ? 'Manual clock' : 'System clock'), ` · now ${time(clock.now)} UTC`);
    advanceForm.hidden = !manual;
    setForm.hidden = !manual;
    systemNote.hidden = manual;
    if (manual && !instant.value) instant.value = clock.now.slice(0, 19);
  }

  const action = select('action', [['FAIL', 'FAIL: answer with an error status'], ['DELAY', 'DELAY: answer late'], ['DROP', 'DROP: close without answering']], 'FAIL');
  const reference = h('input', { name: 'reference', placeholder: 'any order (uuid)', maxlength: 36 });
  const count = h('input', { name: 'count', type: 'number', min: 1, max: 10000, value: 1 });
  const status = h('input', { name: 'status', type: 'number', min: 400, max: 599, value: 503 });
  const delayMs = h('input', { name: 'delayMs', type: 'number', min: 1, value: 2000 });
  const faultList = h('div');
  const addForm = h('form', { class: 'inline-form', 'aria-label': 'Add a receiver fault' },
    field('Action', action), field('Order reference (optional)', reference), field('Times', count),
    field('Status (FAIL)', status), field('Delay in ms (DELAY)', delayMs),
    h('button', { type: 'submit', class: 'primary' }, 'Add fault'));
  replace(faultsView, faultList, addForm,
    h('button', { type: 'button', onclick: () => faultCall('/ui/receiver/admin/faults', { method: 'DELETE' }, 'Faults cleared') }, 'Clear all faults'));
  addForm.addEventListener('submit', event => {
    event.preventDefault();
    const body = { action: action.value, count: Number(count.value) };
    if (reference.value.trim()) body.reference = reference.value.trim();
    if (action.value === 'FAIL') body.status = Number(status.value);
    if (action.value === 'DELAY') body.delayMs = Number(delayMs.value);
    faultCall('/ui/receiver/admin/faults', { method: 'POST', body }, 'Fault added');
  });

  async function faultCall(path, options, done) {
    try {
      await call(path, options);
      toast(done);
    } catch (e) {
      toast(problemText(e), 'error');
    }
    await loadFaults();
  }

  async function loadFaults() {
    try {
      const { faults } = await call('/ui/receiver/admin/faults');
      replace(faultList, faults.length === 0 ? h('p', { class: 'muted' }, 'No fault is armed: every callback is accepted.')
        : h('table', { class: 'list', 'aria-label': 'Armed faults' },
          h('thead', {}, h('tr', {}, ['Id', 'Action', 'Order', 'Remaining', ''].map(c => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, faults.map(f => h('tr', {},
            h('td', { class: 'mono' }, f.id), h('td', {}, f.action + (f.status ? ' ' + f.status : '') + (f.delayMs ? ` ${f.delayMs} ms` : '')),
            h('td', { class: 'mono' }, f.reference || 'any'), h('td', {}, `${f.remaining} of ${f.count}`),
            h('td', {}, h('button', { type: 'button', class: 'small', 'aria-label': 'Remove fault ' + f.id,
              onclick: () => faultCall('/ui/receiver/admin/faults/' + encodeURIComponent(f.id), { method: 'DELETE' }, 'Fault removed') }, 'Remove')))))));
    } catch (e) {
      replace(faultList, receiverProblem(e));
    }
  }

  async function reset() {
    if (!await confirmAction('Reset everything?', 'Every order, transition and callback event is deleted. This cannot be undone.', 'Reset')) return;
    try {
      const result = await api('/admin/reset', { method: 'POST' });
      toast(`Reset: ${result.orders} orders and ${result.callbacks} callbacks deleted`);
    } catch (e) {
      toast(problemText(e), 'error');
    }
    await loadFaults();
  }

  try { await loadClock(); } catch (e) { replace(reading, errorBox(e)); }
  await loadFaults();
  lifecycle.every(3000, async () => { await loadClock(); });
}
