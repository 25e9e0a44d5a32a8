// Tickstream live dashboard: REST for the first picture and history, WebSocket for everything after.
// No external network: the page, chart.js and the data all come from this gateway.
'use strict';

const state = {
  symbols: [],            // table order
  tickers: new Map(),     // symbol -> ticker object from the push service
  offsets: new Map(),     // channel -> { offset, epoch } of the last message seen, for resume
  selected: null,
  chart: null,
  socket: null,
  backoffMs: 500,
  watchdog: null,         // closes a connection that stays silent after subscribing
};

const fmt = {
  price(v) {
    if (v == null) return '–';
    const n = Number(v);
    const digits = n >= 1000 ? 2 : n >= 1 ? 4 : 6;
    return n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: digits });
  },
  pct(v) { return v == null ? '–' : `${Number(v) >= 0 ? '+' : ''}${Number(v).toFixed(2)}%`; },
  big(v) {
    if (v == null) return '–';
    const n = Number(v);
    for (const [unit, size] of [['T', 1e12], ['B', 1e9], ['M', 1e6]]) if (n >= size) return `$${(n / size).toFixed(2)}${unit}`;
    return `$${n.toFixed(0)}`;
  },
};

// ----- ticker objects: {symbol, consensus:{price,...}|null, sources:{name:{price,...}}}, one shape for
// REST /api/v1/tickers and the WebSocket channel ticker:<S> (built by the same code in common) -----
function view(ticker) {
  const sources = Object.values(ticker.sources || {});
  const main = ticker.consensus || sources.find(s => !s.stale) || sources[0] || {};
  const prices = sources.filter(s => !s.stale).map(s => Number(s.price));
  const low = Math.min(...prices), high = Math.max(...prices);
  const change = main.change24hPct ?? sources.map(s => s.change24hPct).find(c => c != null);
  return {
    price: main.price,
    change,
    spreadPct: prices.length > 1 ? ((high - low) / low) * 100 : null,
    count: sources.length,
    stale: !!main.stale,
  };
}

// ----- table -----
function row(symbol) {
  let tr = document.querySelector(`tr[data-symbol="${symbol}"]`);
  if (!tr) {
    tr = document.createElement('tr');
    tr.dataset.symbol = symbol;
    tr.innerHTML = '<td class="sym"></td><td class="num price"></td><td class="num change"></td><td class="num spread"></td><td class="num count"></td>';
    tr.querySelector('.sym').textContent = symbol;
    tr.addEventListener('click', () => select(symbol));
    document.querySelector('#quotes tbody').appendChild(tr);
  }
  return tr;
}

function render(symbol) {
  const ticker = state.tickers.get(symbol);
  if (!ticker) return;
  const v = view(ticker);
  const tr = row(symbol);
  const priceCell = tr.querySelector('.price');
  const before = priceCell.dataset.value;
  priceCell.textContent = fmt.price(v.price);
  priceCell.dataset.value = v.price ?? '';
  if (before && v.price && before !== v.price) {
    tr.classList.remove('flash-up', 'flash-down');
    void tr.offsetWidth; // restart the animation
    tr.classList.add(Number(v.price) > Number(before) ? 'flash-up' : 'flash-down');
  }
  const change = tr.querySelector('.change');
  change.textContent = fmt.pct(v.change);
  change.className = `num change ${v.change == null ? '' : Number(v.change) >= 0 ? 'up' : 'down'}`;
  tr.querySelector('.spread').textContent = v.spreadPct == null ? '–' : `${v.spreadPct.toFixed(3)}%`;
  tr.querySelector('.count').textContent = v.count;
  tr.classList.toggle('stale', v.stale);
  tr.classList.toggle('selected', symbol === state.selected);
  if (symbol === state.selected) extendChart(v.price);
}

// ----- summary and health -----
function renderDashboard(d) {
  if (!d) return;
  if (d.sources && !Array.isArray(d.sources)) {
    // the REST dashboard names each source's state; the health channel adds the live transitions
    const sources = {};
    Object.entries(d.sources).forEach(([name, s]) => { sources[name] = { state: typeof s === 'string' ? s : s.state }; });
    renderHealth({ sources }, true);
  }
  document.getElementById('total-cap').textContent = fmt.big(d.totalMarketCapUsd);
  document.getElementById('total-volume').textContent = fmt.big(d.totalVolumeUsd);
  document.getElementById('btc-dominance').textContent = d.btcDominancePct == null ? '–' : `${Number(d.btcDominancePct).toFixed(1)}%`;
  document.getElementById('fear-greed').textContent = d.fearGreedValue == null ? '–' : `${d.fearGreedValue} · ${d.fearGreedLabel ?? ''}`;
}

function renderHealth(h, fromRest) {
  const list = document.getElementById('health');
  const sources = Object.entries((h && h.sources) || {});
  if (sources.length === 0) return;           // no transition yet: keep what REST said
  if (!fromRest) state.healthSeen = true;
  else if (state.healthSeen) return;          // live transitions win over the first REST picture
  list.replaceChildren();
  sources.sort().forEach(([name, s]) => {
    const li = document.createElement('li');
    li.className = `state-${s.state}`;
    li.textContent = `${name}: ${s.state.replace('_', ' ')}`;
    li.title = s.reason || '';
    list.appendChild(li);
  });
}

// ----- chart: 1m candles from REST, the live price appended -----
async function select(symbol) {
  state.selected = symbol;
  document.getElementById('chart-title').textContent = symbol;
  document.querySelectorAll('#quotes tbody tr').forEach(tr => tr.classList.toggle('selected', tr.dataset.symbol === symbol));
  let points = [];
  try {
    const res = await fetch(`/api/v1/quotes/${encodeURIComponent(symbol)}/candles?interval=1m&limit=120`);
    if (res.ok) points = (await res.json()).candles.map(c => ({ x: Date.parse(c.time), y: Number(c.close) }));
  } catch (e) { /* no history yet: the live price fills the chart */ }
  drawChart(points);
  const v = state.tickers.get(symbol) && view(state.tickers.get(symbol));
  if (v) extendChart(v.price);
}

function drawChart(points) {
  if (!window.Chart) return;
  const ctx = document.getElementById('chart');
  if (state.chart) state.chart.destroy();
  state.chart = new Chart(ctx, {
    type: 'line',
    data: { datasets: [{ label: state.selected, data: points, borderColor: '#58a6ff', pointRadius: 0, borderWidth: 2, tension: 0.2 }] },
    options: {
      animation: false, maintainAspectRatio: false, parsing: false,
      scales: { x: { type: 'linear', ticks: { callback: v => new Date(v).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }), color: '#8b98a5' } },
                y: { ticks: { color: '#8b98a5' } } },
      plugins: { legend: { display: false } },
    },
  });
}

function extendChart(price) {
  if (!state.chart || price == null) return;
  const data = state.chart.data.datasets[0].data;
  const last = data[data.length - 1];
  if (last && last.y === Number(price)) return;
  data.push({ x: Date.now(), y: Number(price) });   // every live change after the 1m closes
  if (data.length > 600) data.shift();
  state.chart.update('none');
}

// ----- WebSocket: subscribe, resume by offset, reconnect with backoff -----
function setConnection(kind, text) {
  const el = document.getElementById('connection');
  el.className = `connection ${kind}`;
  el.dataset.state = kind;
  el.textContent = text;
}

function channels() {
  return [...state.symbols.map(s => `ticker:${s}`), 'dashboard', 'health'].map(channel => {
    const seen = state.offsets.get(channel);
    return seen ? { channel, since: seen.offset, epoch: seen.epoch } : { channel };
  });
}

function connect() {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const socket = new WebSocket(url);
  state.socket = socket;
  socket.onopen = () => {
    setConnection('live', 'live');
    socket.send(JSON.stringify({ op: 'subscribe', channels: channels() }));
    // every subscription answers a snapshot at once: silence means a wedged connection (e.g. the
    // gateway accepted us while the push service behind it was restarting), so start over
    state.watchdog = setTimeout(() => socket.close(), 5000);
  };
  socket.onmessage = event => {
    if (state.watchdog) { clearTimeout(state.watchdog); state.watchdog = null; }
    state.backoffMs = 500; // reset only once data flows, so a dead upstream is retried with backoff
    handle(JSON.parse(event.data));
  };
  socket.onclose = () => {
    if (state.socket !== socket) return;
    if (state.watchdog) { clearTimeout(state.watchdog); state.watchdog = null; }
    setConnection('reconnecting', 'reconnecting…');
    setTimeout(connect, state.backoffMs);
    state.backoffMs = Math.min(state.backoffMs * 2, 10000);
  };
  socket.onerror = () => socket.close();
}

function handle(msg) {
  if (msg.channel && msg.offset) state.offsets.set(msg.channel, { offset: msg.offset, epoch: msg.epoch });
  if (msg.type !== 'snapshot' && msg.type !== 'update') return;
  const data = msg.data;
  if (!data) return;
  if (msg.channel.startsWith('ticker:')) {
    const symbol = msg.channel.slice(7);
    state.tickers.set(symbol, data);
    render(symbol);
  } else if (msg.channel === 'dashboard') {
    renderDashboard(data);
  } else if (msg.channel === 'health') {
    renderHealth(data);
  }
}

// ----- start: the first picture over REST (tickers as the channels carry them), then live -----
async function start() {
  try {
    const res = await fetch('/api/v1/tickers');
    if (res.ok) {
      const tickers = await res.json();
      tickers.forEach(t => { state.symbols.push(t.symbol); state.tickers.set(t.symbol, t); render(t.symbol); });
    }
  } catch (e) { /* the WebSocket snapshots fill the table */ }
  if (state.symbols.length === 0) state.symbols.push('BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'ADA', 'LTC', 'LINK', 'DOT', 'AVAX');
  try {
    const res = await fetch('/api/v1/dashboard');
    if (res.ok) renderDashboard(await res.json());
  } catch (e) { /* the dashboard channel fills it */ }
  select(state.symbols.includes('BTC') ? 'BTC' : state.symbols[0]);
  connect();
}

document.addEventListener('DOMContentLoaded', start);
