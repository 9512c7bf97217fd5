// The dashboard: a hash router over six pages. Each page renders into <main> and stops its timers on leaving.
import { api } from './api.js';
import { Lifecycle } from './dom.js';
import { ordersPage } from './orders.js';
import { orderPage } from './order.js';
import { deliveriesPage } from './deliveries.js';
import { scenariosPage } from './scenarios.js';
import { controlPage } from './control.js';
import { livePage } from './live.js';

const PAGES = {
  orders: ordersPage,
  order: orderPage,
  deliveries: deliveriesPage,
  scenarios: scenariosPage,
  control: controlPage,
  live: livePage,
};
const TITLES = { orders: 'Orders', order: 'Order', deliveries: 'Deliveries', scenarios: 'Scenarios', control: 'Control', live: 'Live' };

let current = null;

export function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = hash.split('?');
  const [name, ...rest] = path.split('/');
  const page = PAGES[name] ? name : 'orders';
  let arg;
  try {
    arg = rest.map(decodeURIComponent).join('/');
  } catch {
    arg = rest.join('/'); // a malformed %-escape typed by hand: the page says the argument is not valid
  }
  return { page, arg, params: new URLSearchParams(search) };
}

export function go(page, arg, params) {
  const q = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '' && v != null)).toString() : '';
  location.hash = '#/' + page + (arg ? '/' + encodeURIComponent(arg) : '') + (q ? '?' + q : '');
}

async function render() {
  if (current) current.stop();
  const lifecycle = new Lifecycle();
  current = lifecycle;
  const { page, arg, params } = route();
  const main = document.getElementById('main');
  document.title = `${TITLES[page]}${arg ? ' ' + arg.slice(0, 8) : ''} · Qwire Mock`;
  for (const link of document.querySelectorAll('nav a')) {
    const active = link.dataset.page === page || (page === 'order' && link.dataset.page === 'orders');
    if (active) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  main.replaceChildren();
  await PAGES[page]({ main, arg, params, lifecycle, go });
}

async function clockBadge() {
  const badge = document.getElementById('clock-badge');
  try {
    const clock = await api('/admin/clock');
    badge.textContent = `${clock.mode === 'MANUAL' ? 'Manual clock' : 'System clock'} · ${clock.now.replace('T', ' ').slice(0, 19)}Z`;
    badge.dataset.mode = clock.mode;
  } catch {
    badge.textContent = '';
  }
}

window.addEventListener('hashchange', render);
render();
clockBadge();
setInterval(() => { if (!document.hidden) clockBadge(); }, 5000);
