// The delivery journal across orders: pending, in flight, delivered and dead letters, with redelivery.
import { api, query, redeliver as redeliverEvent } from './api.js';
import { h, badge, time, field, select, errorBox, replace, toast, problemText, pagerButtons, UUID } from './dom.js';

const STATES = ['PENDING', 'IN_FLIGHT', 'DELIVERED', 'DEAD_LETTER'];

export async function deliveriesPage({ main, params, lifecycle, go }) {
  const filters = { status: params.get('status') || '', reference: params.get('reference') || '' };
  const cursor = params.get('cursor') || '';
  const problem = h('div');
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter deliveries' },
    field('Delivery status', select('status', [['', 'Any'], ...STATES.map(s => [s, s.replace('_', ' ')])], filters.status)),
    field('Order reference', h('input', { name: 'reference', value: filters.reference, maxlength: 36, placeholder: 'uuid' })),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, 'Filter'),
      h('button', { type: 'button', onclick: () => go('deliveries') }, 'Clear')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    data.reference = data.reference.trim();
    if (data.reference && !UUID.test(data.reference)) {
      replace(problem, h('p', { class: 'error', role: 'alert' }, 'A reference is a UUID.'));
      return;
    }
    go('deliveries', '', data);
  });
  const tbody = h('tbody');
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of deliveries' });
  main.append(h('h1', {}, 'Deliveries'), form, problem,
    h('div', { class: 'scroll' }, h('table', { class: 'list', 'aria-label': 'Callback deliveries' },
      h('thead', {}, h('tr', {}, ['Created (UTC)', 'Order', 'Event', 'Delivery', 'Attempts', 'Last answer', 'Next attempt', ''].map(c => h('th', { scope: 'col' }, c)))),
      tbody)), pager);

  async function redeliver(eventId) {
    try {
      await redeliverEvent(eventId);
      toast('Redelivery scheduled');
      await load();
    } catch (e) {
      toast(problemText(e), 'error');
    }
  }

  async function load() {
    const page = await api('/admin/callbacks' + query({ ...filters, cursor, limit: 50 }));
    replace(problem);
    replace(tbody, page.events.length === 0 ? h('tr', {}, h('td', { colspan: 8, class: 'muted' }, 'No callback event matches.'))
      : page.events.map(e => {
        const last = e.attemptLog.at(-1);
        return h('tr', { dataset: { eventId: e.eventId, status: e.status } },
          h('td', { class: 'mono' }, time(e.createdAt)),
          h('td', { class: 'mono' }, h('a', { href: '#/order/' + e.reference }, e.reference.slice(0, 8) + '…')),
          h('td', {}, `#${e.sequence} → ${e.orderStatus}`),
          h('td', {}, badge(e.status, 'delivery')),
          h('td', {}, e.attempts),
          h('td', {}, last ? (last.responseStatus ?? last.errorClass ?? '—') : '—'),
          h('td', { class: 'mono' }, e.status === 'PENDING' ? time(e.nextAttemptAt) : ''),
          h('td', {}, e.status === 'DEAD_LETTER' || e.status === 'DELIVERED'
            ? h('button', { type: 'button', class: 'small', 'aria-label': `Redeliver event ${e.eventId}`, onclick: () => redeliver(e.eventId) }, 'Redeliver')
            : ''));
      }));
    replace(pager, pagerButtons(cursor, page.nextCursor, next => go('deliveries', '', { ...filters, cursor: next })));
  }

  try { await load(); } catch (e) { replace(problem, errorBox(e)); }
  if (!cursor) lifecycle.every(3000, () => load().catch(e => replace(problem, errorBox(e))));
}
