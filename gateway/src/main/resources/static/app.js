// Tickstream live dashboard, built on the client SDK (@tickstream/client, served bundled at /sdk/):
// REST for the first picture and the candle history, the SDK's subscriptions for everything live
// (resume by offset and epoch, reconnect with backoff, JSON Patch deltas applied by the SDK).
// Nothing is fetched from outside the suite: the SDK, lightweight-charts and the data come from this gateway.
import { connect } from '/sdk/tickstream-client.js';
import { createChart, CandlestickSeries, HistogramSeries } from '/vendor/lightweight-charts.mjs';

const WATCHLIST_KEY = 'tickstream.watchlist';
const TAPE_SIZE = 60;
const INTERVAL_SECONDS = { '1m': 60, '5m': 300, '15m': 900, '1h': 3600 };

/** Everything the page holds; `window.dashboard` exposes it to the browser test and to curious users. */
const state = {
  symbols: [],
  tickers: new Map(),          // symbol -> ticker object
  selected: null,
  interval: '1m',
  watchlist: new Set(JSON.parse(localStorage.getItem(WATCHLIST_KEY) || '[]')),
  client: null,
  chart: null, candles: null, volumes: null,
  bars: [],                    // the candles drawn: {time, open, high, low, close, volume}
  volumeLabel: 'volume',
  tape: [],                    // price changes, the tape's fallback while a symbol has no trades
  trades: null,                // the trades:<selected> subscription; its state is {symbol, trades} newest first
  events: { resets: 0, resumed: 0, updates: 0 },
  indicators: null,            // the selected symbol's indicators over the chart's interval: {asOf, candles, values}
  liveCandles: null,           // the candles:<selected>:<interval> subscription
  liveCandleSeen: false,       // true once it delivered: the chart's last candle is then the channel's
};
window.dashboard = state;

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
  time(ms) { return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }); },
};

// ----- a ticker {symbol, consensus, sources} as the table shows it -----
function view(ticker) {
  const sources = Object.values(ticker.sources || {});
  const main = ticker.consensus || sources.find(s => !s.stale) || sources[0] || {};
  const fresh = sources.filter(s => !s.stale).map(s => Number(s.price));
  const low = Math.min(...fresh), high = Math.max(...fresh);
  return {
    price: main.price,
    change: main.change24hPct ?? sources.map(s => s.change24hPct).find(c => c != null),
    spreadPct: fresh.length > 1 ? ((high - low) / low) * 100 : null,
    count: sources.length,
    stale: !!main.stale,
  };
}

// ----- market table with the watchlist (kept in local storage) -----
function row(symbol) {
  let tr = document.querySelector(`#quotes tr[data-symbol="${symbol}"]`);
  if (!tr) {
    tr = document.createElement('tr');
    tr.dataset.symbol = symbol;
    tr.innerHTML = '<td><button type="button" class="star" aria-label="watch"></button></td><td class="sym"></td>'
      + '<td class="num price"></td><td class="num change"></td><td class="num spread"></td><td class="num count hide-narrow"></td>';
    tr.querySelector('.sym').textContent = symbol;
    tr.querySelector('.star').addEventListener('click', e => { e.stopPropagation(); toggleWatch(symbol); });
    tr.addEventListener('click', () => select(symbol));
    document.querySelector('#quotes tbody').appendChild(tr);
    orderRows();
  }
  return tr;
}

function toggleWatch(symbol) {
  if (state.watchlist.has(symbol)) state.watchlist.delete(symbol); else state.watchlist.add(symbol);
  localStorage.setItem(WATCHLIST_KEY, JSON.stringify([...state.watchlist]));
  orderRows();
}

function orderRows() {
  const body = document.querySelector('#quotes tbody');
  const only = document.getElementById('watch-only').checked;
  const rows = [...body.children];
  rows.sort((a, b) => (state.watchlist.has(b.dataset.symbol) - state.watchlist.has(a.dataset.symbol))
    || state.symbols.indexOf(a.dataset.symbol) - state.symbols.indexOf(b.dataset.symbol));
  rows.forEach(tr => {
    const watched = state.watchlist.has(tr.dataset.symbol);
    tr.querySelector('.star').textContent = watched ? '★' : '☆';
    tr.classList.toggle('watched', watched);
    tr.hidden = only && !watched;
    body.appendChild(tr);
  });
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
  if (symbol === state.selected) {
    renderSources(ticker, v);
    extendCandle(v.price);
  }
}

// ----- the selected symbol: each source's price, the spread, the tape -----
function renderSources(ticker, v) {
  const body = document.querySelector('#sources tbody');
  const consensus = ticker.consensus ? Number(ticker.consensus.price) : null;
  const rows = Object.entries(ticker.sources || {}).sort(([a], [b]) => a.localeCompare(b)).map(([name, q]) => {
    const tr = document.createElement('tr');
    tr.dataset.source = name;
    tr.className = q.stale ? 'stale' : '';
    const diff = consensus ? ((Number(q.price) - consensus) / consensus) * 100 : null;
    tr.innerHTML = '<td></td><td class="num"></td><td class="num"></td><td class="num hide-narrow"></td>';
    tr.children[0].textContent = name + (q.stale ? ' (stale)' : '');
    tr.children[1].textContent = fmt.price(q.price);
    tr.children[2].textContent = diff == null || name === 'consensus' ? '–' : `${diff >= 0 ? '+' : ''}${diff.toFixed(3)}%`;
    tr.children[3].textContent = fmt.time(q.sourceTime);
    return tr;
  });
  body.replaceChildren(...rows);
  document.getElementById('sources-spread').textContent = v.spreadPct == null
    ? `– (${v.count} source${v.count === 1 ? '' : 's'})` : `${v.spreadPct.toFixed(3)}% across ${v.count} sources`;
}

function addToTape(symbol, previous, next) {
  for (const [source, quote] of Object.entries(next.sources || {})) {
    const before = previous && previous.sources && previous.sources[source];
    if (before && before.price === quote.price) continue;
    state.tape.unshift({ symbol, source, price: quote.price, up: before ? Number(quote.price) >= Number(before.price) : null, at: quote.sourceTime });
  }
  state.tape.length = Math.min(state.tape.length, TAPE_SIZE * 4);
  if (symbol === state.selected) renderTape();
}

function renderTape() {
  const trades = state.trades && state.trades.channel === `trades:${state.selected}` && state.trades.state
    ? state.trades.state.trades : [];
  const tape = document.getElementById('tape');
  tape.dataset.kind = trades.length > 0 ? 'trades' : 'prices';
  document.getElementById('tape-note').textContent = trades.length > 0
    ? 'trades on every venue (taker side, size), newest first'
    : 'no trades yet: every price change of a source, newest first';
  if (trades.length > 0) {
    tape.replaceChildren(...trades.slice(0, TAPE_SIZE).map(renderTrade));
    return;
  }
  const items = state.tape.filter(t => t.symbol === state.selected).slice(0, TAPE_SIZE).map(t => {
    const li = document.createElement('li');
    li.className = t.up == null ? '' : t.up ? 'up' : 'down';
    li.innerHTML = '<span class="t"></span><span class="s"></span><span class="p"></span>';
    li.children[0].textContent = fmt.time(t.at);
    li.children[1].textContent = t.source;
    li.children[2].textContent = fmt.price(t.price);
    return li;
  });
  tape.replaceChildren(...items);
}

/** One real trade: time, venue and taker side, price, size (buys green, sells red). */
function renderTrade(t) {
  const li = document.createElement('li');
  li.className = t.side === 'buy' ? 'up' : t.side === 'sell' ? 'down' : '';
  li.dataset.trade = t.id;
  li.innerHTML = '<span class="t"></span><span class="s"></span><span class="p"></span><span class="z"></span>';
  li.children[0].textContent = fmt.time(t.time);
  li.children[1].textContent = `${t.source} ${t.side === 'unknown' ? '' : t.side}`.trim();
  li.children[2].textContent = fmt.price(t.price);
  li.children[3].textContent = Number(t.size).toLocaleString('en-US', { maximumFractionDigits: 6 });
  return li;
}

/** Follows the selected symbol's trade tape (one trades channel at a time: the busy ones carry many a second). */
function followTrades(symbol) {
  if (!state.client || (state.trades && state.trades.channel === `trades:${symbol}`)) return;
  state.trades?.unsubscribe();
  const sub = state.client.subscribe(`trades:${symbol}`, { tapeSize: TAPE_SIZE });
  state.trades = sub;
  const show = () => { if (symbol === state.selected) renderTape(); };
  sub.on('snapshot', show);
  sub.on('update', show);
  sub.on('reset', show);
}

// the live candle channel of the selected symbol and interval (candles:<SYMBOL>:<interval>): the consensus candle as
// it changes, and once more with final:true when it closes; while it delivers, ticker prices no longer extend the chart
function followCandles(symbol, interval) {
  const channel = `candles:${symbol}:${interval}`;
  if (!state.client || (state.liveCandles && state.liveCandles.channel === channel)) return;
  state.liveCandles?.unsubscribe();
  state.liveCandleSeen = false;
  const sub = state.client.subscribe(channel);
  state.liveCandles = sub;
  const apply = () => {
    const c = sub.state;
    if (!c || c.open == null || symbol !== state.selected || interval !== state.interval || !state.candles) return;
    const time = Math.floor((typeof c.time === 'number' ? c.time : Date.parse(c.time)) / 1000);
    const bar = { time, open: Number(c.open), high: Number(c.high), low: Number(c.low), close: Number(c.close) };
    let last = state.bars[state.bars.length - 1];
    if (last && last.time > time) return; // older than the history drawn
    if (!last || last.time < time) {
      last = { ...bar, volume: 0 };
      state.bars.push(last);
    } else {
      Object.assign(last, bar);
    }
    state.liveCandleSeen = true;
    state.events.candles = (state.events.candles || 0) + 1;
    state.candles.update(bar);
  };
  sub.on('snapshot', apply);
  sub.on('update', apply);
  sub.on('reset', apply);
}

// ----- summary and health -----
function renderDashboard(d) {
  if (!d) return;
  document.getElementById('total-cap').textContent = fmt.big(d.totalMarketCapUsd);
  document.getElementById('total-volume').textContent = fmt.big(d.totalVolumeUsd);
  document.getElementById('btc-dominance').textContent = d.btcDominancePct == null ? '–' : `${Number(d.btcDominancePct).toFixed(1)}%`;
  document.getElementById('fear-greed').textContent = d.fearGreedValue == null ? '–' : `${d.fearGreedValue} · ${d.fearGreedLabel ?? ''}`;
}

function renderHealth(sources) {
  const entries = Object.entries(sources || {});
  if (entries.length === 0) return;
  const list = document.getElementById('health');
  list.replaceChildren(...entries.sort(([a], [b]) => a.localeCompare(b)).map(([name, s]) => {
    const li = document.createElement('li');
    li.className = `state-${s.state}`;
    li.dataset.source = name;
    li.textContent = `${name}: ${String(s.state).replace('_', ' ')}`;
    li.title = s.reason || '';
    return li;
  }));
}

// ----- chart: candles with volume from the history API, the last candle extended live -----
function makeChart() {
  const container = document.getElementById('chart');
  state.chart = createChart(container, {
    autoSize: true,
    layout: { background: { color: 'transparent' }, textColor: '#8b98a5', attributionLogo: false },
    grid: { vertLines: { color: '#1f2a36' }, horzLines: { color: '#1f2a36' } },
    timeScale: { timeVisible: true, secondsVisible: false },
  });
  state.candles = state.chart.addSeries(CandlestickSeries, {
    upColor: '#2ea043', downColor: '#f85149', borderVisible: false, wickUpColor: '#2ea043', wickDownColor: '#f85149',
  });
  state.volumes = state.chart.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceScaleId: 'volume', color: '#30506e' });
  state.chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
  state.candles.priceScale().applyOptions({ scaleMargins: { top: 0.05, bottom: 0.25 } });
}

async function loadCandles() {
  const symbol = state.selected, interval = state.interval;
  let bars = [];
  try {
    const res = await fetch(`/api/v1/quotes/${encodeURIComponent(symbol)}/candles?interval=${interval}&limit=200`);
    if (res.ok) {
      const body = await res.json();
      // per-candle traded volume where the history has it, else the number of quotes in the candle
      state.volumeLabel = body.candles.some(c => c.volume != null) ? 'volume' : 'quotes per candle';
      bars = body.candles.map(c => ({
        time: Math.floor(Date.parse(c.time) / 1000),
        open: Number(c.open), high: Number(c.high), low: Number(c.low), close: Number(c.close),
        volume: Number(c.volume ?? c.ticks ?? 0),
      }));
    }
  } catch (e) { /* no history yet: the live price starts the chart */ }
  if (symbol !== state.selected || interval !== state.interval) return; // another choice came meanwhile
  state.bars = bars;
  state.candles.setData(bars.map(({ volume, ...ohlc }) => ohlc));
  state.volumes.setData(bars.map(b => ({ time: b.time, value: b.volume, color: b.close >= b.open ? '#2ea04366' : '#f8514966' })));
  document.getElementById('chart-note').textContent =
    `${interval} candles from the history API, the last one extended live · bars: ${state.volumeLabel}`;
  const ticker = state.tickers.get(symbol);
  if (ticker) extendCandle(view(ticker).price);
  state.chart.timeScale().scrollToRealTime();
  loadIndicators();
  followCandles(symbol, interval);
}

const INDICATORS = ['sma20', 'ema50', 'rsi14', 'macd', 'bb20'];

/** The selected symbol's indicators over the chart's interval, from the rollups (null until the history has enough). */
async function loadIndicators() {
  const symbol = state.selected, interval = state.interval;
  let answer = null;
  try {
    const res = await fetch(`/api/v1/quotes/${encodeURIComponent(symbol)}/indicators?interval=${interval}&names=${INDICATORS.join(',')}`);
    if (res.ok) answer = await res.json();
  } catch (e) { /* shown as not yet available */ }
  if (symbol !== state.selected || interval !== state.interval) return;
  state.indicators = answer;
  const box = document.getElementById('indicators');
  if (!answer) { box.textContent = 'indicators: not available yet'; return; }
  const values = answer.values || {};
  // macd answers macd12_26_9 (+ .signal, .histogram), bb20 answers bb20_2.upper/.middle/.lower
  box.textContent = `${interval} indicators over ${answer.candles} candles: ` + INDICATORS.map(name => {
    const keys = Object.keys(values).filter(k => k === name || (k.startsWith(name) && /^[0-9_.]/.test(k.slice(name.length))));
    const shown = keys.map(k => values[k]).filter(v => v != null);
    return shown.length === 0 ? `${name} —` : `${name} ${shown.map(v => fmt.price(v)).join(' / ')}`;
  }).join(' · ');
}
setInterval(() => { if (state.selected) loadIndicators(); }, 30_000);

function extendCandle(price) {
  if (!state.candles || price == null || state.liveCandleSeen) return;
  const seconds = INTERVAL_SECONDS[state.interval];
  const time = Math.floor(Date.now() / 1000 / seconds) * seconds;
  const p = Number(price);
  let last = state.bars[state.bars.length - 1];
  if (!last || last.time < time) {
    last = { time, open: last ? last.close : p, high: p, low: p, close: p, volume: 0 };
    state.bars.push(last);
  } else if (last.time > time) {
    return; // the history is ahead of this clock
  }
  last.high = Math.max(last.high, p);
  last.low = Math.min(last.low, p);
  last.close = p;
  if (state.volumeLabel !== 'volume') last.volume += 1; // one more quote in this candle
  state.candles.update({ time: last.time, open: last.open, high: last.high, low: last.low, close: last.close });
  state.volumes.update({ time: last.time, value: last.volume, color: last.close >= last.open ? '#2ea04366' : '#f8514966' });
}

function select(symbol) {
  state.selected = symbol;
  document.getElementById('chart-title').textContent = symbol;
  document.getElementById('sources-symbol').textContent = symbol;
  document.getElementById('tape-symbol').textContent = symbol;
  document.querySelectorAll('#quotes tbody tr').forEach(tr => tr.classList.toggle('selected', tr.dataset.symbol === symbol));
  const ticker = state.tickers.get(symbol);
  if (ticker) renderSources(ticker, view(ticker));
  followTrades(symbol);
  renderTape();
  loadCandles();
}

// ----- live: one SDK client, a subscription per channel -----
function setConnection(kind, text) {
  const el = document.getElementById('connection');
  el.className = `connection ${kind}`;
  el.dataset.state = kind;
  el.textContent = text;
}

function startLive() {
  // ?transport=sse uses server-sent events (for networks that block WebSocket)
  const sse = new URLSearchParams(location.search).get('transport') === 'sse';
  const url = sse ? `${location.origin}/sse` : `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const client = connect({ url, transport: sse ? 'sse' : 'websocket', backoff: { initialMs: 250, maxMs: 10_000 } });
  state.client = client;
  client.on('state', s => setConnection(s === 'open' ? 'live' : s, s === 'open' ? `live${sse ? ' · sse' : ''}` : `${s}…`));
  for (const symbol of state.symbols) {
    const sub = client.subscribe(`ticker:${symbol}`, { delta: true });
    const apply = data => {
      if (!data) return;
      const previous = state.tickers.get(symbol);
      state.tickers.set(symbol, data);
      addToTape(symbol, previous, data);
      render(symbol);
    };
    sub.on('snapshot', apply);
    sub.on('update', data => { state.events.updates++; apply(data); });
    sub.on('resumed', () => state.events.resumed++);
    sub.on('reset', data => {
      // continuity lost (not recovered, or the server's data epoch changed): rebuild from the new state
      state.events.resets++;
      if (data) apply(data);
      if (symbol === state.selected) loadCandles();
    });
  }
  if (state.selected) followTrades(state.selected);
  const dashboard = client.subscribe('dashboard');
  dashboard.on('snapshot', renderDashboard);
  dashboard.on('update', renderDashboard);
  dashboard.on('reset', renderDashboard);
  const health = client.subscribe('health');
  const healthData = h => h && renderHealth(h.sources);
  health.on('snapshot', healthData);
  health.on('update', healthData);
  health.on('reset', healthData);
}

// ----- start: the first picture over REST, then live -----
async function start() {
  document.getElementById('watch-only').addEventListener('change', orderRows);
  document.querySelectorAll('#intervals button').forEach(button => button.addEventListener('click', () => {
    state.interval = button.dataset.interval;
    document.querySelectorAll('#intervals button').forEach(b => b.classList.toggle('active', b === button));
    loadCandles();
  }));
  makeChart();
  try {
    const res = await fetch('/api/v1/tickers');
    if (res.ok) {
      (await res.json()).forEach(t => { state.symbols.push(t.symbol); state.tickers.set(t.symbol, t); render(t.symbol); });
    }
  } catch (e) { /* the snapshots fill the table */ }
  if (state.symbols.length === 0) state.symbols.push('BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'ADA', 'LTC', 'LINK', 'DOT', 'AVAX');
  try {
    const res = await fetch('/api/v1/dashboard');
    if (res.ok) {
      const d = await res.json();
      renderDashboard(d);
      if (d.sources && !Array.isArray(d.sources)) {
        const sources = {};
        Object.entries(d.sources).forEach(([name, s]) => { sources[name] = { state: typeof s === 'string' ? s : s.state }; });
        renderHealth(sources);
      }
    }
  } catch (e) { /* the dashboard channel fills it */ }
  select(state.symbols.includes('BTC') ? 'BTC' : state.symbols[0]);
  startLive();
}

start();
