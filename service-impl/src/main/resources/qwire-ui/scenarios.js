// Scenarios: the built-ins, files and uploads with their definitions as YAML; upload or edit one, with the
// parser's "line:column: problem" shown at its line.
import { api } from './api.js';
import { h, errorBox, replace, toast, field } from './dom.js';

export function toYaml(value, indent = '') {
  const scalar = v => {
    if (typeof v === 'string') return /^[A-Za-z0-9_.\/ -]*$/.test(v) && v.trim() === v && v !== '' && !/^(true|false|null|yes|no|~)$/i.test(v) && !/^[-\d.]/.test(v) ? v : JSON.stringify(v);
    return String(v);
  };
  if (Array.isArray(value)) {
    return value.map(item => {
      if (item && typeof item === 'object') {
        const body = toYaml(item, indent + '  ');
        return `${indent}- ${body.slice(indent.length + 2)}`;
      }
      return `${indent}- ${scalar(item)}\n`;
    }).join('');
  }
  return Object.entries(value).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => {
    if (v && typeof v === 'object') {
      if (Array.isArray(v) && v.length === 0) return `${indent}${k}: []\n`;
      if (!Array.isArray(v) && Object.keys(v).length === 0) return `${indent}${k}: {}\n`;
      return `${indent}${k}:\n${toYaml(v, indent + '  ')}`;
    }
    return `${indent}${k}: ${scalar(v)}\n`;
  }).join('');
}

function definition(scenario) {
  const out = { description: scenario.description, steps: scenario.steps };
  if (scenario.api && Object.keys(scenario.api).length) out.api = scenario.api;
  return toYaml(out);
}

export async function scenariosPage({ main }) {
  const problem = h('div');
  const list = h('div', { class: 'scenario-list' });
  const name = h('input', { name: 'name', required: true, pattern: '[a-z0-9][a-z0-9\\-]{0,63}', maxlength: 64, placeholder: 'my-scenario' });
  const text = h('textarea', { name: 'definition', rows: 14, spellcheck: 'false', class: 'mono' });
  const gutter = h('pre', { class: 'gutter', 'aria-hidden': 'true' });
  const parseError = h('div', { 'aria-live': 'assertive' });
  const editor = h('form', { class: 'editor', 'aria-labelledby': 'editor-title' },
    h('h2', { id: 'editor-title' }, 'Upload or edit'),
    field('Name (lowercase letters, digits, dashes)', name),
    h('div', { class: 'field' }, h('label', { for: 'scenario-text' }, 'Definition (YAML, specs/scenario-format.md)'),
      h('div', { class: 'code-edit' }, gutter, Object.assign(text, { id: 'scenario-text' }))),
    parseError,
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, 'Save scenario')));
  main.append(h('h1', {}, 'Scenarios'), problem, list, editor);

  const lines = () => {
    const n = text.value.split('\n').length;
    gutter.textContent = Array.from({ length: n }, (_, i) => i + 1).join('\n');
  };
  text.addEventListener('input', () => { lines(); gutter.querySelectorAll('mark').forEach(m => m.remove()); });
  text.addEventListener('scroll', () => { gutter.scrollTop = text.scrollTop; });
  text.value = 'description: My scenario\nsteps:\n  - wait: { fixed: PT1S }\n    to: PROCESSING\n  - wait: { fixed: PT2S }\n    to: COMPLETED\n';
  lines();

  function showAt(line, column, message) {
    const n = text.value.split('\n').length;
    replace(gutter, ...Array.from({ length: n }, (_, i) => i + 1 === line
      ? [h('mark', { title: message }, String(i + 1)), i + 1 < n ? '\n' : '']
      : [String(i + 1), i + 1 < n ? '\n' : '']));
    const offsets = text.value.split('\n').slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + Math.max(0, column - 1);
    text.focus();
    text.setSelectionRange(offsets, offsets);
  }

  editor.addEventListener('submit', async event => {
    event.preventDefault();
    replace(parseError);
    try {
      const saved = await api('/admin/scenarios/' + encodeURIComponent(name.value.trim()), { method: 'PUT', body: text.value, type: 'application/yaml' });
      toast(`Saved scenario ${saved.name}`);
      await load();
    } catch (e) {
      const detail = (e.body && e.body.detail) || e.message;
      const at = /:(\d+):(\d+):\s*(.*)$/.exec(detail);
      const fields = (e.body && e.body.errors || []).map(f => `${f.field}: ${f.message}`);
      replace(parseError, h('p', { class: 'error', role: 'alert' },
        at ? `Line ${at[1]}, column ${at[2]}: ${at[3]}` : [detail, ...fields].join(' · ')));
      if (at) showAt(Number(at[1]), Number(at[2]), at[3]);
    }
  });

  async function load() {
    const scenarios = await api('/admin/scenarios');
    replace(list, h('p', {}, 'Default scenario: ', h('strong', {}, scenarios.defaultScenario)),
      scenarios.scenarios.map(sc => h('details', { class: 'scenario', dataset: { name: sc.name } },
        h('summary', {}, h('strong', {}, sc.name), h('span', { class: 'muted' }, ` · ${sc.source} · ${sc.description}`)),
        h('pre', { class: 'yaml' }, definition(sc)),
        h('button', { type: 'button', class: 'small', onclick: () => {
          name.value = sc.name;
          text.value = definition(sc);
          lines();
          text.focus();
        } }, 'Edit a copy'))));
  }
  try { await load(); } catch (e) { replace(problem, errorBox(e)); }
}
