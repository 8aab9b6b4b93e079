// The Newt serve dashboard: servers polled from /api/servers, events from the /api/events stream.
'use strict';
const TIMELINE_KINDS = /^(fault-|update-|started|stopped|crashed|restarted|restart-failed|hang-detected|gave-up|corruption-detected|runtime-error|tcp-updated|workload-summary)/;
const series = {};

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

async function pollServers() {
  try {
    const r = await fetch('/api/servers');
    const body = await r.json();
    const byHost = {};
    for (const s of body.servers) (byHost[s.host || '-'] = byHost[s.host || '-'] || []).push(s);
    const hosts = document.getElementById('hosts');
    hosts.replaceChildren();
    for (const h of Object.keys(byHost).sort()) {
      const box = el('div', 'host');
      box.appendChild(el('b', null, h));
      for (const s of byHost[h]) {
        const row = el('div', 'server ' + s.state);
        row.dataset.server = s.name;
        row.dataset.state = s.state;
        row.appendChild(el('span', null, s.name));
        row.appendChild(el('span', null, s.state + ' e' + s.epoch + ' r' + s.restarts + ' ' + s.recovery));
        box.appendChild(row);
      }
      hosts.appendChild(box);
    }
  } catch (e) { /* the serve stopped or is busy: try again */ }
}

function sparkline(values) {
  const w = 160, h = 24, max = Math.max(1, ...values);
  const pts = values.map((v, i) => (i * w / Math.max(1, values.length - 1)).toFixed(1) + ','
    + (h - v * h / max).toFixed(1)).join(' ');
  return '<svg width="' + w + '" height="' + h + '"><polyline fill="none" stroke="#05a" points="' + pts + '"/></svg>';
}

function onMetric(ev) {
  const f = ev.fields || {};
  const name = ev.server;
  const key = Object.keys(f).find(k => k.endsWith('PerSecond'));
  const rate = key ? f[key] : 0;
  const s = series[name] = series[name] || [];
  s.push(Number(rate) || 0);
  if (s.length > 60) s.shift();
  let row = document.getElementById('m-' + name);
  if (!row) {
    row = el('tr');
    row.id = 'm-' + name;
    row.appendChild(el('td', null, name));
    row.appendChild(el('td', 'rate'));
    row.appendChild(el('td', 'spark'));
    document.getElementById('metrics').appendChild(row);
  }
  row.querySelector('.rate').textContent = Number(rate).toFixed(1) + (key ? ' ' + key : '');
  row.querySelector('.spark').innerHTML = sparkline(s);
}

function onEvent(ev) {
  if (ev.kind === 'workload-metric') { onMetric(ev); return; }
  const label = ev.kind || ev.type || '';
  if (!TIMELINE_KINDS.test(label) && !/crash|restart|hang|gave|fail|corrupt/i.test(label)) return;
  const cls = /fault/.test(label) ? 'fault' : /update/.test(label) ? 'update' : 'restart';
  const line = el('div', cls, ((ev.time || 0) / 1e6).toFixed(1) + 'ms ' + (ev.server || '') + ' ' + label + ' '
    + JSON.stringify(ev.fields || ev.reason || ''));
  const t = document.getElementById('timeline');
  t.appendChild(line);
  while (t.children.length > 500) t.removeChild(t.firstChild);
  t.scrollTop = t.scrollHeight;
}

function stream() {
  const es = new EventSource('/api/events');
  es.onmessage = m => { try { onEvent(JSON.parse(m.data)); } catch (e) { /* not JSON */ } };
}

async function post(path, body) {
  const r = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body) });
  document.getElementById('result').textContent = r.status + ' ' + await r.text();
}

document.getElementById('fault-form').addEventListener('submit', e => {
  e.preventDefault();
  const f = new FormData(e.target);
  post('/api/faults', { target: f.get('target'), fault: f.get('fault'), trigger: f.get('trigger') });
});
document.getElementById('update-form').addEventListener('submit', e => {
  e.preventDefault();
  const f = new FormData(e.target);
  post('/api/updates', { server: f.get('server'), image: f.get('image') });
});

pollServers();
setInterval(pollServers, 500);
stream();
