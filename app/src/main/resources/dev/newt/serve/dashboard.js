// The Newt serve dashboard: servers polled from /api/servers, events from the /api/events stream,
// charts drawn with uPlot (served from its webjar by the control plane: nothing from outside).
'use strict';
const TIMELINE_KINDS = /^(fault-|update-|recovery-|started|stopped|crashed|restarted|restart-failed|hang-detected|gave-up|corruption-detected|runtime-error|tcp-updated|workload-summary)/;
const MAX_POINTS = 300;
const COLORS = ['#05a', '#a50', '#0a5', '#a05', '#50a', '#5a0', '#888', '#000'];

// The token: from the URL's fragment (never sent to the server), kept for this tab only.
const fromHash = /(?:^#|&)token=([^&]+)/.exec(location.hash);
if (fromHash) {
  sessionStorage.setItem('newt-token', decodeURIComponent(fromHash[1]));
  history.replaceState(null, '', location.pathname);
}
function token() { return sessionStorage.getItem('newt-token') || ''; }
document.getElementById('token-form').style.display = token() ? 'none' : 'block';

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---- charts ----

/** A chart of named series over x: points kept by x, redrawn at most twice a second. */
function chart(id, unit) {
  const state = { names: [], rows: new Map(), plot: null, dirty: false, markers: [] };
  const markers = {
    hooks: {
      draw: [u => {
        const ctx = u.ctx;
        ctx.save();
        for (const m of state.markers) {
          const x = u.valToPos(m.x, 'x', true);
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
          ctx.strokeStyle = m.color;
          ctx.setLineDash([4, 3]);
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
        }
        ctx.restore();
      }],
    },
  };
  function build() {
    if (state.plot) state.plot.destroy();
    const opts = {
      width: 420, height: 200, plugins: [markers],
      scales: { x: { time: false } },
      axes: [{ label: 's' }, { label: unit }],
      series: [{}].concat(state.names.map((n, i) => ({ label: n, stroke: COLORS[i % COLORS.length],
        spanGaps: true, points: { show: false } }))),
    };
    state.plot = new uPlot(opts, data(), document.getElementById(id));
  }
  function data() {
    const xs = [...state.rows.keys()].sort((a, b) => a - b);
    return [xs].concat(state.names.map(n => xs.map(x => { const v = state.rows.get(x)[n]; return v === undefined ? null : v; })));
  }
  state.add = (name, x, value) => {
    if (!state.names.includes(name)) { state.names.push(name); state.rebuild = true; }
    const row = state.rows.get(x) || {};
    row[name] = value;
    state.rows.set(x, row);
    while (state.rows.size > MAX_POINTS) state.rows.delete(Math.min(...state.rows.keys()));
    state.dirty = true;
  };
  state.mark = (x, color) => { state.markers.push({ x, color }); if (state.markers.length > 200) state.markers.shift(); state.dirty = true; };
  state.redraw = () => {
    if (!state.dirty) return;
    state.dirty = false;
    if (!state.plot || state.rebuild) { state.rebuild = false; build(); } else state.plot.setData(data());
  };
  build();
  return state;
}

const charts = {
  throughput: chart('chart-throughput', 'MB/s'),
  rate: chart('chart-rate', '/s'),
  latency: chart('chart-latency', 'ms'),
  messages: chart('chart-messages', 'msg/s'),
};
window.newtCharts = charts;   // for the browser test: charts.rate.plot.data
setInterval(() => Object.values(charts).forEach(c => c.redraw()), 500);

function onMetric(ev) {
  const f = ev.fields || {};
  const x = (Number(f.binStart !== undefined ? f.binStart : ev.time) || 0) / 1e9;
  for (const k of Object.keys(f)) {
    if (k.endsWith('BytesPerSecond')) charts.throughput.add(ev.server, x, (Number(f[k]) || 0) / 1e6);
    else if (k.endsWith('PerSecond')) charts.rate.add(ev.server + ' ' + k.replace('PerSecond', ''), x, Number(f[k]) || 0);
  }
  if (f.latencyP99Nanos !== undefined) charts.latency.add(ev.server, x, Number(f.latencyP99Nanos) / 1e6);
}

// ---- servers ----

const lastHandled = {};
// A restart takes milliseconds, far less than a poll: a crash seen on the event stream shows the
// server as restarting until its restart is seen, and for at least SHOW_RESTART_MS so a person sees it.
const SHOW_RESTART_MS = 1500;
const restarting = {};
// Every state each server was shown in, in order (for a person's console and the browser test).
window.newtShown = {};
function shown(server, state) {
  const h = window.newtShown[server] = window.newtShown[server] || [];
  if (h[h.length - 1] !== state) h.push(state);
  if (h.length > 50) h.shift();
}
function showRestarting(server) {
  const row = document.querySelector('.server[data-server="' + CSS.escape(server) + '"]');
  if (!row) return;
  row.dataset.state = 'restarting';
  row.className = 'server restarting';
  shown(server, 'restarting');
  row.lastChild.textContent = 'restarting' + row.lastChild.textContent.replace(/^\S+/, '');
}
function displayedState(s, state) {
  const r = restarting[s.name];
  if (!r) return state;
  if (r.restartedAt === undefined || performance.now() - r.since < SHOW_RESTART_MS) return 'restarting';
  delete restarting[s.name];
  return state;
}
const pollStart = performance.now();
async function pollServers() {
  try {
    const r = await fetch('/api/servers');
    const body = await r.json();
    const byHost = {};
    for (const s of body.servers) (byHost[s.host || '-'] = byHost[s.host || '-'] || []).push(s);
    const hosts = document.getElementById('hosts');
    hosts.replaceChildren();
    const now = (performance.now() - pollStart) / 1000;
    for (const h of Object.keys(byHost).sort()) {
      const box = el('div', 'host');
      box.appendChild(el('b', null, h));
      let handled = 0;
      for (const s of byHost[h]) {
        const state = displayedState(s, s.state === 'failed' || s.state === 'hung' ? 'restarting' : s.state);
        const row = el('div', 'server ' + state);
        row.dataset.server = s.name;
        row.dataset.state = state;
        shown(s.name, state);
        row.appendChild(el('span', null, s.name));
        row.appendChild(el('span', null, state + ' e' + s.epoch + ' r' + s.restarts + ' ' + s.recovery));
        box.appendChild(row);
        handled += s.handled;
      }
      const last = lastHandled[h];
      if (last) charts.messages.add(h, now, Math.max(0, (handled - last.handled) / Math.max(0.001, now - last.at)));
      lastHandled[h] = { handled, at: now };
      hosts.appendChild(box);
    }
  } catch (e) { /* the serve stopped or is busy: try again */ }
}

// ---- events ----

function onEvent(ev) {
  if (ev.kind === 'workload-metric') { onMetric(ev); return; }
  const label = ev.kind || ev.type || '';
  if (live && ev.server && /^(crashed|hang-detected|corruption-detected)$/.test(label)) {
    restarting[ev.server] = { since: performance.now() };
    showRestarting(ev.server);
  } else if (live && ev.server && label === 'restarted' && restarting[ev.server]) {
    restarting[ev.server].restartedAt = performance.now();
  }
  if (!TIMELINE_KINDS.test(label) && !/crash|restart|hang|gave|fail|corrupt/i.test(label)) return;
  const cls = /fault/.test(label) ? 'fault' : /update/.test(label) ? 'update' : 'restart';
  if (/crashed|update-finished|gave-up|hang-detected/.test(label)) {
    const color = cls === 'update' ? '#05a' : '#a00';
    charts.throughput.mark((ev.time || 0) / 1e9, color);
    charts.rate.mark((ev.time || 0) / 1e9, color);
    charts.latency.mark((ev.time || 0) / 1e9, color);
  }
  const line = el('div', cls, ((ev.time || 0) / 1e6).toFixed(1) + 'ms ' + (ev.server || '') + ' ' + label + ' '
    + JSON.stringify(ev.fields || ev.reason || ''));
  const t = document.getElementById('timeline');
  t.appendChild(line);
  while (t.children.length > 500) t.removeChild(t.firstChild);
  t.scrollTop = t.scrollHeight;
}

// Events before the page loaded (the stream's backlog, which ends with a 'live' event, and again after
// a reconnection) are history: they do not mark servers restarting.
let live = false;

function stream() {
  const es = new EventSource('/api/events');
  es.onopen = () => { live = false; };
  es.addEventListener('live', () => { live = true; });
  es.onmessage = m => { let ev; try { ev = JSON.parse(m.data); } catch (e) { return; } onEvent(ev); };
}

// ---- control ----

async function call(method, path, body) {
  const r = await fetch(path, { method, headers: { 'Content-Type': 'application/json', 'X-Newt-Token': token() },
    body: JSON.stringify(body || {}) });
  document.getElementById('result').textContent = r.status + ' ' + await r.text();
  if (r.status === 401) document.getElementById('token-form').style.display = 'block';
}

function onSubmit(id, handler) {
  document.getElementById(id).addEventListener('submit', e => {
    e.preventDefault();
    handler(new FormData(e.target));
  });
}
onSubmit('token-form', f => {
  sessionStorage.setItem('newt-token', f.get('token').trim());
  document.getElementById('token-form').style.display = 'none';
});
onSubmit('fault-form', f => call('POST', '/api/faults', { target: f.get('target'), fault: f.get('fault'), trigger: f.get('trigger') }));
onSubmit('update-form', f => call('POST', '/api/updates', { server: f.get('server'), image: f.get('image') }));
onSubmit('rollback-form', f => call('POST', '/api/updates/' + encodeURIComponent(f.get('id')) + '/rollback'));
onSubmit('recovery-form', f => call('PUT', '/api/servers/' + encodeURIComponent(f.get('server')) + '/recovery',
  { recovery: f.get('recovery') }));

fetch('/api/system').then(r => r.json()).then(b => { document.getElementById('title').textContent = b.title; }).catch(() => {});
pollServers();
setInterval(pollServers, 500);
stream();
