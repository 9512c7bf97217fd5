// Live: orders/s, callbacks/s, backlog and lag, read from the Prometheus text of both services every 2 s.
import { call } from './api.js';
import { h, s, replace } from './dom.js';

const POINTS = 90; // 3 minutes at one sample every 2 s

// Prometheus text format 0.0.4: "name{labels} value". Returns [{name, labels, value}].
export function parseMetrics(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels = {};
    if (m[3]) for (const l of m[3].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: Number(m[4]) });
  }
  return samples;
}

const sum = (samples, name, match = () => true) =>
  samples.filter(x => x.name === name && match(x.labels)).reduce((total, x) => total + x.value, 0);

function chart(title, unit) {
  const values = [];
  const reading = h('span', { class: 'reading' });
  const svg = s('svg', { viewBox: '0 0 300 90', class: 'chart', role: 'img', 'aria-label': title },
    s('text', { x: 150, y: 50, class: 'axis', 'text-anchor': 'middle' }, 'waiting for the next sample…'));
  const el = h('figure', { class: 'chart-box' }, h('figcaption', {}, title, ' ', reading), svg);
  return {
    el,
    push(value) {
      values.push(value);
      if (values.length > POINTS) values.shift();
      const max = Math.max(1e-9, ...values.filter(Number.isFinite));
      const finite = values.map(v => Number.isFinite(v) ? v : 0);
      const pts = finite.map((v, i) => `${(i * 300 / (POINTS - 1)).toFixed(1)},${(85 - v / max * 75).toFixed(1)}`).join(' ');
      replace(svg,
        s('line', { x1: 0, x2: 300, y1: 85, y2: 85, class: 'baseline' }),
        s('text', { x: 2, y: 9, class: 'axis' }, `max ${format(max)} ${unit}`),
        s('polyline', { points: pts, class: 'series' }));
      reading.textContent = Number.isFinite(value) ? `${format(value)} ${unit}` : 'n/a';
    },
  };
}

function format(v) {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

export async function livePage({ main, lifecycle }) {
  const status = h('p', { class: 'muted', 'aria-live': 'polite' }, 'Sampling every 2 s…');
  const charts = {
    orders: chart('Orders created', '/s'),
    delivered: chart('Callbacks delivered', '/s'),
    received: chart('Callbacks received', '/s'),
    backlog: chart('Outbox backlog (pending + in flight)', 'events'),
    lag: chart('Callback lag (oldest undelivered)', 's'),
    failed: chart('Failed attempts', '/s'),
  };
  main.append(h('h1', {}, 'Live'), status, h('div', { class: 'charts' }, Object.values(charts).map(c => c.el)));
  let previous = null;

  async function sample() {
    const at = performance.now();
    const order = parseMetrics(await call('/metrics', { text: true }));
    let receiver = null;
    try {
      receiver = parseMetrics(await call('/ui/receiver/metrics', { text: true }));
    } catch {
      receiver = null;
    }
    const now = {
      at,
      orders: sum(order, 'qwire_orders_total'),
      delivered: sum(order, 'qwire_callback_attempts_total', l => l.outcome === 'delivered'),
      failed: sum(order, 'qwire_callback_attempts_total', l => l.outcome !== 'delivered'),
      received: receiver ? sum(receiver, 'qwire_callbacks_received_total') : NaN,
    };
    charts.backlog.push(sum(order, 'qwire_outbox_events', l => l.state === 'pending' || l.state === 'in_flight'));
    charts.lag.push(sum(order, 'qwire_outbox_lag_seconds'));
    if (previous) {
      const seconds = (now.at - previous.at) / 1000;
      const rate = key => Math.max(0, (now[key] - previous[key]) / seconds);
      charts.orders.push(rate('orders'));
      charts.delivered.push(rate('delivered'));
      charts.received.push(rate('received'));
      charts.failed.push(rate('failed'));
    }
    previous = now;
    status.textContent = receiver ? 'Sampling every 2 s from /metrics of both services.'
      : 'Sampling every 2 s; the callback server’s metrics cannot be read (unreachable, or its metrics are off).';
  }

  try {
    await sample();
  } catch (e) {
    status.textContent = 'Metrics cannot be read: ' + (e.body && e.body.detail || e.message) + ' (QWIRE_METRICS_ENABLED=false?)';
  }
  lifecycle.every(2000, sample);
}
