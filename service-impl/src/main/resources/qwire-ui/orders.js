// Orders: newest first, filtered, paged by cursor; the first page follows new orders live.
import { api, query } from './api.js';
import { h, badge, time, field, select, errorBox, replace, pagerButtons, UUID } from './dom.js';

const STATUSES = ['CREATED', 'PROCESSING', 'COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED'];
const FILTERS = ['status', 'scenario', 'productCode', 'customerId', 'reference', 'traceId'];

export async function ordersPage({ main, params, lifecycle, go }) {
  const filters = Object.fromEntries(FILTERS.map(f => [f, params.get(f) || '']));
  const cursor = params.get('cursor') || '';

  const summary = h('p', { class: 'summary', 'aria-live': 'polite' });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter orders' },
    field('Status', select('status', [['', 'Any status'], ...STATUSES.map(s => [s, s])], filters.status)),
    field('Scenario', h('input', { name: 'scenario', value: filters.scenario, list: 'scenario-names', maxlength: 64 })),
    field('Product', h('input', { name: 'productCode', value: filters.productCode, maxlength: 32 })),
    field('Customer id', h('input', { name: 'customerId', value: filters.customerId, maxlength: 64 })),
    field('Reference', h('input', { name: 'reference', value: filters.reference, maxlength: 36, placeholder: 'uuid' })),
    field('Trace id', h('input', { name: 'traceId', value: filters.traceId, maxlength: 128 })),
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', class: 'primary' }, 'Search'),
      h('button', { type: 'button', onclick: () => go('orders') }, 'Clear')),
    h('datalist', { id: 'scenario-names' }));
  const problem = h('div');
  form.addEventListener('submit', event => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    for (const key of Object.keys(data)) data[key] = data[key].trim();
    if (data.reference && !UUID.test(data.reference)) {
      replace(problem, h('p', { class: 'error', role: 'alert' }, 'A reference is a UUID, e.g. 3f6c1a2e-8d4b-4c1e-9a57-0b9e2d6f4a10.'));
      return;
    }
    go('orders', '', data);
  });

  const live = h('input', { type: 'checkbox', id: 'live-orders', checked: !cursor, disabled: !!cursor });
  const tbody = h('tbody');
  const table = h('table', { class: 'list', 'aria-label': 'Orders' },
    h('thead', {}, h('tr', {}, ['Reference', 'Status', 'Callbacks', 'Product', 'Customer', 'Scenario', 'Created (UTC)']
      .map(c => h('th', { scope: 'col' }, c)))),
    tbody);
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of orders' });

  main.append(h('h1', {}, 'Orders'), summary, form, problem,
    h('div', { class: 'toolbar' }, h('label', { for: 'live-orders', class: 'inline' }, live, ' Live update (newest page)')),
    h('div', { class: 'scroll' }, table), pager);

  api('/admin/scenarios').then(list => {
    replace(form.querySelector('#scenario-names'), list.scenarios.map(s => h('option', { value: s.name })));
  }).catch(() => {});

  // The counts cost about a second of database work at a million orders (the server reuses them for 10 s):
  // they are read every fifth refresh only.
  let refreshes = 0;
  async function load() {
    const [page, counts] = await Promise.all([
      api('/admin/orders' + query({ ...filters, cursor, limit: 50 })),
      refreshes++ % 5 === 0 ? api('/admin/summary').catch(() => null) : Promise.resolve(null),
    ]);
    replace(problem);
    if (counts) {
      replace(summary, `${counts.orders} orders: `,
        STATUSES.filter(s => counts.ordersByStatus[s]).map(s => h('span', { class: 'count' }, badge(s), ' ', counts.ordersByStatus[s])),
        ' · callbacks: ', Object.entries(counts.callbacksByStatus).filter(([, n]) => n)
          .map(([s, n]) => h('span', { class: 'count' }, badge(s, 'delivery'), ' ', n)));
    }
    replace(tbody, page.orders.length === 0
      ? h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No order matches.'))
      : page.orders.map(o => h('tr', { dataset: { reference: o.reference } },
        h('td', { class: 'mono' }, h('a', { href: '#/order/' + o.reference }, o.reference)),
        h('td', {}, badge(o.status)),
        h('td', {}, badge(o.callbacks.state, 'delivery'), callbackDetail(o.callbacks)),
        h('td', {}, o.productCode),
        h('td', {}, o.customerId || ''),
        h('td', {}, o.scenario || ''),
        h('td', { class: 'mono' }, time(o.createdAt)))));
    replace(pager, pagerButtons(cursor, page.nextCursor, next => go('orders', '', { ...filters, cursor: next })));
  }

  try {
    await load();
  } catch (e) {
    replace(problem, errorBox(e));
  }
  lifecycle.every(3000, async () => {
    if (live.checked) {
      try { await load(); } catch (e) { replace(problem, errorBox(e)); }
    }
  });
}

function callbackDetail(c) {
  const parts = [];
  if (c.delivered) parts.push(`${c.delivered} delivered`);
  if (c.retrying) parts.push(`${c.retrying} retrying`);
  if (c.pending - c.retrying > 0) parts.push(`${c.pending - c.retrying} pending`);
  if (c.inFlight) parts.push(`${c.inFlight} in flight`);
  if (c.deadLetter) parts.push(`${c.deadLetter} dead`);
  return parts.length ? h('span', { class: 'muted small' }, ' ' + parts.join(', ')) : null;
}
