// Small DOM helpers: elements are built, never parsed from strings, so no data can turn into markup.
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== undefined && value !== null) el.setAttribute(key, value);
  }
  append(el, children);
  return el;
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toISOString().replace('T', ' ').replace('Z', '').slice(0, 23);
}

export function shortTime(iso) {
  return iso ? new Date(iso).toISOString().slice(11, 23) : '';
}

export function badge(value, kind = 'status') {
  const text = value || 'NONE';
  return h('span', { class: `badge ${kind}-${text.toLowerCase().replace(/_/g, '-')}` }, text.replace(/_/g, ' '));
}

let toastTimer;
export function toast(message, kind = 'info') {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.className = `toast show ${kind}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.className = 'toast'; }, 5000);
}

export function confirmAction(title, text, action) {
  const dialog = document.getElementById('confirm-dialog');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = action;
  return new Promise(resolve => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

export function problemText(error) {
  if (error && error.body && error.body.code) {
    return `${error.status} ${error.body.code}: ${error.body.detail || error.body.title}`;
  }
  return String(error && error.message || error);
}

// What the callback server's view shows when it cannot be read (502 RECEIVER_UNREACHABLE names the server).
export function receiverProblem(error) {
  return h('p', { class: 'error', role: 'alert' }, error.body && error.body.code === 'RECEIVER_UNREACHABLE'
    ? 'Cannot reach the callback server: ' + error.body.detail : problemText(error));
}

// The pages of a cursor-paged list: each page is its own address, so the browser's Back returns to the newer one.
export function pagerButtons(cursor, nextCursor, show) {
  return [
    cursor ? h('button', { type: 'button', onclick: () => history.back() }, '← Newer') : null,
    cursor ? h('button', { type: 'button', onclick: () => show('') }, 'Newest') : null,
    nextCursor ? h('button', { type: 'button', onclick: () => show(nextCursor) }, 'Older →') : null,
  ];
}

export function errorBox(error) {
  return h('p', { class: 'error', role: 'alert' }, problemText(error));
}

export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    toast('Copied: ' + text);
  } catch {
    toast('Select and copy: ' + text);
  }
}

export function copyButton(text, label) {
  return h('button', { type: 'button', class: 'small', 'aria-label': label || 'Copy ' + text, onclick: () => copy(text) }, 'Copy');
}

export function field(label, input) {
  const id = input.id || ('f-' + Math.random().toString(36).slice(2, 9));
  input.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
}

export function select(name, options, value) {
  return h('select', { name }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
}

// A page runs until the route changes: its timers stop then.
export class Lifecycle {
  constructor() { this.timers = new Set(); this.alive = true; }
  every(ms, fn) {
    const schedule = () => {
      const timer = setTimeout(async () => {
        this.timers.delete(timer);
        if (!this.alive) return;
        if (!document.hidden) {
          try { await fn(); } catch (e) { console.warn(e); }
        }
        if (this.alive) schedule();
      }, ms);
      this.timers.add(timer);
    };
    schedule();
  }
  stop() { this.alive = false; this.timers.forEach(clearTimeout); this.timers.clear(); }
}
