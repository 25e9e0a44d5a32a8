import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type ConnectOptions, type LiveCandle, type TickstreamClient, type Ticker } from '../src/index.js';
import { PushService } from './push-service.js';

/**
 * The SDK against a real websocket-push-service process (the jar `mvn verify` built) on the test Redis:
 * resume after a forced restart with no gap and no duplicate (WebSocket and SSE), patched state equal
 * to the full state, token refresh on 4001, reset on an epoch change.
 */
let push: PushService;

beforeAll(async () => {
  push = await PushService.start();
});

afterAll(async () => {
  await push?.stop();
});

const clients: TickstreamClient[] = [];

function client(options: Partial<ConnectOptions> & { transport?: 'websocket' | 'sse' } = {}): TickstreamClient {
  const sse = options.transport === 'sse';
  const c = connect({
    url: sse ? push.sseUrl : push.wsUrl,
    WebSocket: WebSocket as unknown as ConnectOptions['WebSocket'],
    getToken: () => push.token(600),
    backoff: { initialMs: 100, maxMs: 1_000 },
    ...options,
  });
  clients.push(c);
  return c;
}

afterAll(() => clients.forEach((c) => c.close()));

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(['websocket', 'sse'] as const)('over %s', (transport) => {
  it('resumes after a forced server restart with no gap and no duplicate', async () => {
    const symbol = `RST${transport === 'sse' ? 'S' : 'W'}`;
    const c = client({ transport });
    const states: string[] = [];
    c.on('state', (state) => states.push(state));
    const sub = c.subscribe(`ticker:${symbol}`);
    const received: string[] = [];
    const resets: string[] = [];
    let snapshots = 0;
    sub.on('snapshot', () => snapshots++);
    sub.on('update', (_data, offset) => received.push(offset));
    sub.on('reset', (_d, _o, reason) => resets.push(reason));
    await until(() => snapshots === 1, 'the first snapshot');

    const appended: string[] = [];
    for (let i = 0; i < 5; i++) {
      appended.push(await push.appendQuote(symbol, 'binance', `100.${i}`));
    }
    await until(() => received.length === 5, 'the first five updates');

    await push.kill();
    await until(() => c.state === 'reconnecting', 'the client to notice the broken connection');
    for (let i = 5; i < 10; i++) {
      appended.push(await push.appendQuote(symbol, 'kraken', `101.${i}`));
    }
    await push.startProcess();
    await until(() => c.state === 'open', 'the client to reconnect', 30_000);
    for (let i = 10; i < 15; i++) {
      appended.push(await push.appendQuote(symbol, 'coinbase', `102.${i}`));
    }
    await until(() => received.length >= 15, 'every update', 30_000);
    await new Promise((r) => setTimeout(r, 300)); // anything doubled would come now

    expect(received).toEqual(appended);
    expect(resets, 'the server replayed what was missed: no reset').toEqual([]);
    expect(states).toContain('reconnecting');
    const ticker = sub.state as Ticker;
    expect(ticker.sources.binance.price).toBe('100.4');
    expect(ticker.sources.kraken.price).toBe('101.9');
    expect(ticker.sources.coinbase.price).toBe('102.14');
    expect(sub.offset).toBe(appended.at(-1));
  }, 120_000);
});

it('holds a trade tape: the recent trades on subscribe, then every new trade once', async () => {
  await push.appendTrade('TAPE', 1, '10.5');
  const seed = await push.appendTrade('TAPE', 2, '10.75');
  // the service may not have read the seed when the snapshot is taken: its trade message follows then
  const tape = client().subscribe('trades:TAPE');
  await until(() => tape.offset === seed, 'the seed on the tape');
  expect(tape.state?.trades.map((t) => t.tradeId)).toEqual(['2', '1']);
  const told: string[] = [];
  tape.on('trade', (t) => told.push(t.tradeId));

  await push.appendTrade('TAPE', 3, '11');
  await push.appendTrade('TAPE', 2, '10.75'); // a feed's reconnect overlap: sent by nobody
  const last = await push.appendTrade('TAPE', 4, '11.25');
  await until(() => tape.offset === last, 'the last trade');
  expect(told).toEqual(['3', '4']);
  expect(tape.state?.trades.map((t) => `${t.tradeId}:${t.price}:${t.side}`)).toEqual(['4:11.25:sell', '3:11:sell', '2:10.75:sell', '1:10.5:sell']);
});

it('holds the same state from JSON Patch deltas as from full updates', async () => {
  const kinds: string[] = [];
  class CountingWebSocket extends WebSocket {
    constructor(url: string) {
      super(url);
      this.on('message', (data) => kinds.push(JSON.parse(String(data)).type));
    }
  }
  const patched = client({ WebSocket: CountingWebSocket as unknown as ConnectOptions['WebSocket'] }).subscribe('ticker:PATCH', { delta: true });
  const full = client().subscribe('ticker:PATCH');
  let ready = 0;
  patched.on('snapshot', () => ready++);
  full.on('snapshot', () => ready++);
  await until(() => ready === 2, 'both snapshots');

  const sources = ['binance', 'kraken', 'coinbase', 'coingecko'];
  let last = '';
  for (let i = 0; i < 40; i++) {
    last = await push.appendQuote('PATCH', sources[i % sources.length], `${200 + (i * 7) % 13}.${i}`);
  }
  await until(() => patched.offset === last && full.offset === last, 'both at the last entry');

  expect(kinds.filter((k) => k === 'patch').length, 'deltas were used').toBeGreaterThan(30);
  expect(patched.state).toEqual(full.state);
  expect((patched.state as Ticker).sources.coingecko.price).toBe((full.state as Ticker).sources.coingecko.price);
});

it.each(['websocket', 'sse'] as const)('gets a new token and resumes when the server closes with 4001 token expired (%s)', async (transport) => {
  let tokens = 0;
  const symbol = `TOKEN${transport === 'sse' ? 'S' : 'W'}`;
  const c = client({ transport, getToken: () => { tokens++; return push.token(3); } });
  const closes: number[] = [];
  c.on('state', (_state, code) => { if (code !== undefined) closes.push(code); });
  const sub = c.subscribe(`ticker:${symbol}`);
  const received: string[] = [];
  const resets: string[] = [];
  let snapshots = 0;
  sub.on('snapshot', () => snapshots++);
  sub.on('update', (_d, offset) => received.push(offset));
  sub.on('reset', (_d, _o, reason) => resets.push(reason));
  await until(() => snapshots === 1, 'the snapshot');
  const before = await push.appendQuote(symbol, 'binance', '1');
  await until(() => received.includes(before), 'an update with the first token');

  await until(() => closes.includes(4001) && tokens >= 2 && c.state === 'open', 'a 4001 close and a new connection', 15_000);
  const after = await push.appendQuote(symbol, 'binance', '2');
  await until(() => received.includes(after), 'an update with the new token');
  expect(received).toEqual([before, after]);
  expect(resets).toEqual([]);
});

it('tells the application with a reset when the server\'s data epoch changes', async () => {
  const sub = client().subscribe('ticker:EPOCH');
  const resets: Array<{ reason: string; data: unknown }> = [];
  const received: string[] = [];
  sub.on('reset', (data, _o, reason) => resets.push({ reason, data }));
  let snapshots = 0;
  sub.on('snapshot', () => snapshots++);
  sub.on('update', (_d, offset) => received.push(offset));
  await until(() => snapshots === 1, 'the snapshot');
  const first = await push.appendQuote('EPOCH', 'binance', '5');
  await until(() => received.includes(first), 'the first update');
  const epoch = sub.epoch;

  await push.loseData();
  await until(() => resets.length > 0, 'a reset');
  expect(resets[0].data, 'the held state is replaced by the empty one of the new epoch').toBeNull();
  expect(sub.state).toBeNull();
  expect(sub.epoch).not.toBe(epoch);

  const next = await push.appendQuote('EPOCH', 'binance', '6');
  await until(() => received.includes(next), 'an update of the new epoch');
  expect((sub.state as Ticker).sources.binance.price).toBe('6');
});

it('holds the live candle of a candles channel and sees each candle close once with final: true', async () => {
  const sub = client().subscribe('candles:CNDL:1m');
  const seen: LiveCandle[] = [];
  let snapshots = 0;
  sub.on('snapshot', () => snapshots++);
  sub.on('update', (data) => seen.push(data as LiveCandle));
  await until(() => snapshots === 1, 'the snapshot');
  const minute = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
  await push.appendConsensusAt('CNDL', '100', minute + 1_000);
  await push.appendConsensusAt('CNDL', '105', minute + 2_000);
  await push.appendConsensusAt('CNDL', '99', minute + 3_000);
  await push.appendConsensusAt('CNDL', '101', minute + 61_000); // the next minute: the first one closes
  await push.appendConsensusAt('CNDL', '102', minute + 62_000);
  await until(() => sub.state != null && Date.parse(sub.state.time) === minute + 60_000 && sub.state.close === '102',
    `the second minute's candle (seen ${JSON.stringify(seen)}, state ${JSON.stringify(sub.state)})`);

  const finals = seen.filter((c) => c.final);
  expect(finals).toHaveLength(1);
  expect(Date.parse(finals[0].time)).toBe(minute);
  expect(finals[0]).toMatchObject({ symbol: 'CNDL', interval: '1m', source: 'consensus',
    open: '100', high: '105', low: '99', close: '99', ticks: 3, final: true });
  expect(sub.state).toMatchObject({ open: '101', high: '102', low: '101', close: '102', final: false });
});
