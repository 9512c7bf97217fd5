// One order's whole life: status history and every callback attempt on one time axis, the planned next
// step, what the receiver recorded, and the two actions (move by hand, redeliver).
import { api, call, query, Problem, redeliver as redeliverEvent } from './api.js';
import { h, s, badge, time, shortTime, errorBox, replace, copyButton, field, toast, problemText, receiverProblem, UUID } from './dom.js';


export async function orderPage({ main, arg, lifecycle }) {
  const reference = arg;
  if (!UUID.test(reference)) {
    main.append(h('h1', {}, 'Order'), h('p', { class: 'error', role: 'alert' }, `"${reference}" is not an order reference (a UUID).`));
    return;
  }
  const heading = h('h1', {}, 'Order ', h('span', { class: 'mono' }, reference));
  const facts = h('dl', { class: 'facts' });
  const timeline = h('section', { 'aria-labelledby': 'timeline-title' }, h('h2', { id: 'timeline-title' }, 'Timeline'), h('div'));
  const actions = h('section', { class: 'actions', 'aria-labelledby': 'actions-title' }, h('h2', { id: 'actions-title' }, 'Move by hand'));
  const history = h('section', { 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, 'Status history'), h('div'));
  const callbacks = h('section', { 'aria-labelledby': 'callbacks-title' }, h('h2', { id: 'callbacks-title' }, 'Callbacks and attempts'), h('div'));
  const receiver = h('section', { 'aria-labelledby': 'receiver-title' }, h('h2', { id: 'receiver-title' }, "Receiver's record (/v1/check)"), h('div'));
  const problem = h('div');
  main.append(heading, problem, facts, timeline, actions, callbacks, receiver, history);

  // The move form is built once; each refresh only updates its choices, so a choice being made is kept.
  const target = h('select', { name: 'to' });
  const reason = h('input', { name: 'reason', maxlength: 128, placeholder: 'MANUAL' });
  const moveForm = h('form', { class: 'inline-form' }, field('New status', target), field('Reason (optional)', reason),
    h('button', { type: 'submit', class: 'primary' }, 'Move'));
  const moveNote = h('p', { class: 'muted' });
  actions.append(moveForm, moveNote);
  moveForm.addEventListener('submit', async event => {
    event.preventDefault();
    if (!target.value) return;
    try {
      const body = { to: target.value };
      if (reason.value.trim()) body.reason = reason.value.trim();
      const moved = await api(`/admin/orders/${reference}/transition`, { method: 'POST', body });
      toast(`Moved to ${moved.status}`);
      reason.value = '';
      await load();
    } catch (e) {
      toast(problemText(e), 'error');
    }
  });

  async function redeliver(eventId) {
    try {
      await redeliverEvent(eventId);
      toast('Redelivery scheduled for ' + eventId);
      await load();
    } catch (e) {
      toast(problemText(e), 'error');
    }
  }

  async function load() {
    let order;
    try {
      order = await api('/order' + query({ reference }));
    } catch (e) {
      replace(problem, errorBox(e));
      return;
    }
    replace(problem);
    const [rows, journal, check] = await Promise.all([
      api('/admin/orders' + query({ reference })),
      api('/admin/callbacks' + query({ reference, limit: 500 })),
      call('/ui/receiver/check' + query({ reference })).catch(e => e),
    ]);
    const row = rows.orders[0];
    const events = [...journal.events].sort((a, b) => a.sequence - b.sequence);
    renderFacts(order, row);
    replace(timeline.lastChild, drawTimeline(order, row, events, check instanceof Problem || check instanceof Error ? null : check));
    renderMove(row);
    replace(history.lastChild, historyTable(order));
    replace(callbacks.lastChild, events.length ? events.map(e => eventBlock(e, redeliver)) : h('p', { class: 'muted' }, 'No callback event yet.'));
    replace(receiver.lastChild, receiverView(check, events));
  }

  function renderFacts(order, row) {
    const trace = row ? row.traceId : '';
    const logs = `scripts/search_logs.sh --reference ${reference}`;
    replace(facts,
      h('dt', {}, 'Status'), h('dd', {}, badge(order.status), ' ', row ? badge(row.callbacks.state, 'delivery') : ''),
      h('dt', {}, 'Next step'), h('dd', {}, row && row.nextStep
        ? [badge(row.nextStep.to), ` due ${time(row.nextStep.dueAt)} UTC (${row.nextStep.reason})`]
        : h('span', { class: 'muted' }, 'none planned')),
      h('dt', {}, 'Product'), h('dd', {}, `${order.productCode} × ${order.quantity} · ${order.amount} ${order.currency}`),
      h('dt', {}, 'Customer'), h('dd', {}, order.customerId || '—'),
      h('dt', {}, 'Scenario'), h('dd', {}, order.scenario || '—'),
      h('dt', {}, 'Callback URL'), h('dd', { class: 'mono' }, order.callbackUrl),
      h('dt', {}, 'Trace id'), h('dd', {}, h('span', { class: 'mono' }, trace), ' ', trace ? copyButton(trace, 'Copy the trace id') : ''),
      h('dt', {}, 'Logs'), h('dd', {}, h('code', {}, logs), ' ', copyButton(logs, 'Copy the log search command')),
      h('dt', {}, 'Created'), h('dd', { class: 'mono' }, time(order.createdAt) + ' UTC'));
  }

  function renderMove(row) {
    const targets = row ? row.manualTargets : [];
    if (target.dataset.targets !== targets.join(',')) {
      target.dataset.targets = targets.join(',');
      replace(target, targets.length ? targets.map(t => h('option', { value: t }, t)) : h('option', { value: '' }, 'none'));
    }
    const disabled = targets.length === 0;
    for (const el of moveForm.elements) el.disabled = disabled;
    moveNote.textContent = disabled ? 'This order is in a final status: no move is allowed.'
      : 'Only the moves the state machine allows from the current status are offered.';
  }

  await load();
  lifecycle.every(2000, load);
}

function historyTable(order) {
  return h('div', { class: 'scroll' }, h('table', { class: 'list' },
    h('thead', {}, h('tr', {}, ['At (UTC)', 'From', 'To', 'Reason'].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, order.history.map(c => h('tr', {},
      h('td', { class: 'mono' }, time(c.at)), h('td', {}, c.from ? badge(c.from) : '—'), h('td', {}, badge(c.to)), h('td', {}, c.reason))))));
}

function eventBlock(e, redeliver) {
  const canRedeliver = e.status === 'DEAD_LETTER' || e.status === 'DELIVERED';
  return h('article', { class: 'event', dataset: { eventId: e.eventId, status: e.status } },
    h('header', {},
      h('h3', {}, `#${e.sequence} ${e.type} → ${e.orderStatus}`), ' ', badge(e.status, 'delivery'),
      h('span', { class: 'muted' }, ` ${e.attempts} attempt${e.attempts === 1 ? '' : 's'}`),
      e.nextAttemptAt && e.status === 'PENDING' ? h('span', { class: 'muted' }, ` · next attempt ${time(e.nextAttemptAt)}`) : null,
      e.waitingForCircuit ? h('span', { class: 'warn' }, ` · waiting for the circuit of ${e.waitingForCircuit.target}`) : null,
      canRedeliver ? h('button', { type: 'button', class: e.status === 'DEAD_LETTER' ? 'primary small' : 'small',
        'aria-label': `Redeliver event ${e.sequence}`, onclick: () => redeliver(e.eventId) }, 'Redeliver') : null),
    h('p', { class: 'muted small mono' }, `webhook-id ${e.eventId} → ${e.targetUrl}`),
    e.attemptLog.length ? h('div', { class: 'scroll' }, h('table', { class: 'list attempts' },
      h('thead', {}, h('tr', {}, ['#', 'Started (UTC)', 'Answer', 'Outcome', 'Latency', 'Error', 'Next attempt'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, e.attemptLog.map(a => h('tr', { dataset: { outcome: a.outcome } },
        h('td', {}, a.attempt + (a.trigger === 'MANUAL' ? ' (manual)' : '')),
        h('td', { class: 'mono' }, time(a.startedAt)),
        h('td', {}, a.responseStatus ?? '—'),
        h('td', {}, badge(a.outcome, 'outcome')),
        h('td', {}, `${a.durationMs} ms`),
        h('td', {}, a.error ? `${a.errorClass ? a.errorClass + ': ' : ''}${a.error}` : ''),
        h('td', { class: 'mono' }, a.nextAttemptAt ? time(a.nextAttemptAt) : '')))))) : null);
}

function receiverView(check, events) {
  if (check instanceof Error) {
    return receiverProblem(check);
  }
  if (!check.received) return h('p', { class: 'muted' }, 'The callback server has received nothing for this order.');
  const sequenceOf = Object.fromEntries(events.map(e => [e.eventId, e.sequence]));
  return h('div', {},
    h('p', {}, `${check.count} callback${check.count === 1 ? '' : 's'} received`, check.omitted ? ` (${check.omitted} older ones not kept)` : ''),
    h('div', { class: 'scroll' }, h('table', { class: 'list' },
      h('thead', {}, h('tr', {}, ['Received (UTC)', 'Event', 'Status', 'Attempt', 'Duplicate', 'Signature'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, check.events.map(r => h('tr', {},
        h('td', { class: 'mono' }, time(r.receivedAt)),
        h('td', { class: 'mono' }, sequenceOf[r.eventId] ? `#${sequenceOf[r.eventId]} ` : '', r.eventId.slice(0, 8)),
        h('td', {}, badge(r.status)), h('td', {}, r.attempt),
        h('td', {}, r.duplicate ? 'yes' : 'no'), h('td', {}, r.signatureValid ? 'valid' : 'INVALID')))))));
}

// One lane for the status and one per callback event, on a shared time axis from creation to the last known
// (or planned) instant. Drawn in SVG: markers carry <title> tooltips and the lanes are labelled.
function drawTimeline(order, row, events, check) {
  const points = [order.createdAt, ...order.history.map(c => c.at)];
  for (const e of events) {
    points.push(e.createdAt);
    for (const a of e.attemptLog) {
      points.push(a.startedAt);
      if (a.nextAttemptAt) points.push(a.nextAttemptAt);
    }
    if (e.status === 'PENDING' && e.nextAttemptAt) points.push(e.nextAttemptAt);
  }
  if (row && row.nextStep) points.push(row.nextStep.dueAt);
  if (check && check.events) check.events.forEach(r => points.push(r.receivedAt));
  const times = points.filter(Boolean).map(t => Date.parse(t));
  const start = Math.min(...times);
  const end = Math.max(start + 1000, ...times);
  const width = 1000, left = 150, right = 20, laneHeight = 40, top = 24;
  const lanes = 1 + events.length + (check && check.events && check.events.length ? 1 : 0);
  const height = top + lanes * laneHeight + 26;
  const x = t => left + (Date.parse(t) - start) / (end - start) * (width - left - right);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'timeline', role: 'img',
    'aria-label': `Timeline of order ${order.reference}: ${order.history.length} status changes, ${events.length} callback events` });
  const lane = (i, label) => {
    const y = top + i * laneHeight + laneHeight / 2;
    svg.append(s('text', { x: 8, y: y + 4, class: 'lane-label' }, label),
      s('line', { x1: left, x2: width - right, y1: y, y2: y, class: 'lane' }));
    return y;
  };
  const marker = (cx, cy, cls, title, shape = 'circle') => svg.append(shape === 'circle'
    ? s('circle', { cx, cy, r: 6, class: cls }, s('title', {}, title))
    : s('rect', { x: cx - 6, y: cy - 6, width: 12, height: 12, class: cls, transform: `rotate(45 ${cx} ${cy})` }, s('title', {}, title)));

  let y = lane(0, 'Status');
  // Labels of changes close together alternate above and below the lane instead of overprinting.
  let lastLabel = -Infinity, above = true;
  const label = (at, text, cls) => {
    const cx = x(at);
    above = cx - lastLabel < 90 ? !above : true;
    lastLabel = cx;
    svg.append(s('text', { x: cx, y: above ? y - 10 : y + 20, class: cls, 'text-anchor': 'middle' }, text));
  };
  for (const c of order.history) {
    marker(x(c.at), y, 'm-status', `${c.from || 'new'} → ${c.to} at ${time(c.at)} (${c.reason})`);
    label(c.at, c.to, 'marker-label');
  }
  if (row && row.nextStep) {
    marker(x(row.nextStep.dueAt), y, 'm-planned', `planned: → ${row.nextStep.to} due ${time(row.nextStep.dueAt)}`);
    label(row.nextStep.dueAt, row.nextStep.to + '?', 'marker-label planned');
  }
  events.forEach((e, i) => {
    y = lane(i + 1, `#${e.sequence} ${e.orderStatus}`);
    for (const a of e.attemptLog) {
      const cls = a.outcome === 'DELIVERED' ? 'm-ok' : a.outcome === 'DEAD_LETTER' ? 'm-dead' : 'm-fail';
      marker(x(a.startedAt), y, cls, `attempt ${a.attempt}: ${a.responseStatus ?? a.errorClass ?? 'no answer'} ${a.outcome} in ${a.durationMs} ms at ${time(a.startedAt)}`);
    }
    if (e.status === 'PENDING' && e.nextAttemptAt) {
      marker(x(e.nextAttemptAt), y, 'm-next', `next attempt due ${time(e.nextAttemptAt)}`, 'diamond');
    }
  });
  if (check && check.events && check.events.length) {
    y = lane(lanes - 1, 'Received');
    for (const r of check.events) {
      marker(x(r.receivedAt), y, r.duplicate ? 'm-dup' : 'm-received', `received ${r.status} (attempt ${r.attempt}${r.duplicate ? ', duplicate' : ''}) at ${time(r.receivedAt)}`);
    }
  }
  const axisY = top + lanes * laneHeight + 14;
  for (let i = 0; i <= 4; i++) {
    const t = start + (end - start) * i / 4;
    svg.append(s('text', { x: left + (width - left - right) * i / 4, y: axisY, class: 'axis', 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' },
      shortTime(new Date(t).toISOString())));
  }
  const legend = h('p', { class: 'legend small' },
    h('span', { class: 'key k-status' }, 'status change'), h('span', { class: 'key k-planned' }, 'planned'),
    h('span', { class: 'key k-ok' }, 'delivered'), h('span', { class: 'key k-fail' }, 'failed, will retry'),
    h('span', { class: 'key k-dead' }, 'dead letter'), h('span', { class: 'key k-next' }, 'next retry'),
    h('span', { class: 'key k-received' }, 'received'));
  return h('div', {}, h('div', { class: 'scroll' }, svg), legend);
}
