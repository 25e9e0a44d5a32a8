import { afterEach, describe, expect, it } from 'vitest';
import { connect, ProblemError, TickstreamApi, type ConnectOptions, type TickstreamClient, type Trade } from '../src/index.js';

/** A WebSocket stand-in the test drives (as in client.test.ts). */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  onopen: ((e: unknown) => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  sent: any[] = [];
  closed = false;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
    setTimeout(() => { this.readyState = 1; this.onopen?.({}); }, 0);
  }

  send(data: string) { this.sent.push(JSON.parse(data)); }
  close() { this.closed = true; this.readyState = 3; }
  serverSends(message: object) { this.onmessage?.({ data: JSON.stringify(message) }); }
}

const clients: TickstreamClient[] = [];
afterEach(() => { clients.splice(0).forEach((c) => c.close()); FakeSocket.all = []; });

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function trade(n: number): Trade {
  return { id: `trade:binance:BTC:USDT:${n}`, source: 'binance', symbol: 'BTC', quote: 'USDT', price: `67000.${n}`,
    size: '0.5', side: n % 2 === 0 ? 'buy' : 'sell', tradeId: String(n), time: 1_000 + n, ingestTime: 1_003 + n };
}

describe('a trades channel', () => {
  it('prepends each trade to the held tape, keeps tapeSize trades and tells each trade once', async () => {
    const c = connect({ url: 'ws://test/ws', WebSocket: FakeSocket as unknown as ConnectOptions['WebSocket'] });
    clients.push(c);
    const tape = c.subscribe('trades:BTC', { tapeSize: 3 });
    await until(() => FakeSocket.all[0]?.sent.length === 1, 'the subscribe');
    const socket = FakeSocket.all[0];
    const told: string[] = [];
    tape.on('trade', (t, offset) => told.push(`${t.tradeId}@${offset}`));

    socket.serverSends({ type: 'snapshot', channel: 'trades:BTC', offset: '2-0', epoch: 'e1',
      data: { symbol: 'BTC', trades: [trade(2), trade(1)] } });
    for (const n of [3, 4]) {
      socket.serverSends({ type: 'trade', channel: 'trades:BTC', offset: `${n}-0`, prev: `${n - 1}-0`, epoch: 'e1', ts: 1, data: trade(n) });
    }
    // a replayed message already held changes nothing
    socket.serverSends({ type: 'trade', channel: 'trades:BTC', offset: '4-0', prev: '3-0', epoch: 'e1', ts: 1, data: trade(4) });

    expect(told).toEqual(['3@3-0', '4@4-0']);
    expect(tape.state?.trades.map((t) => t.tradeId)).toEqual(['4', '3', '2']);
    expect(tape.offset).toBe('4-0');
  });

  it('subscribes again without a position when a trade does not add to the held tape', async () => {
    const c = connect({ url: 'ws://test/ws', WebSocket: FakeSocket as unknown as ConnectOptions['WebSocket'] });
    clients.push(c);
    const tape = c.subscribe('trades:ETH');
    await until(() => FakeSocket.all[0]?.sent.length === 1, 'the subscribe');
    const socket = FakeSocket.all[0];
    socket.serverSends({ type: 'snapshot', channel: 'trades:ETH', offset: null, epoch: 'e1', data: null });
    socket.serverSends({ type: 'trade', channel: 'trades:ETH', offset: '1-0', prev: null, epoch: 'e1', ts: 1, data: { ...trade(1), symbol: 'ETH' } });
    expect(tape.state).toEqual({ symbol: 'ETH', trades: [{ ...trade(1), symbol: 'ETH' }] });

    socket.serverSends({ type: 'trade', channel: 'trades:ETH', offset: '9-0', prev: '8-0', epoch: 'e1', ts: 1, data: trade(9) });
    await until(() => socket.sent.length === 2, 'a new subscribe');
    expect(socket.sent[1]).toEqual({ op: 'subscribe', channels: [{ channel: 'trades:ETH' }] });
    expect(tape.state?.trades).toHaveLength(1);
  });
});

describe('TickstreamApi.trades', () => {
  it('asks the gateway for the recent trades of a symbol', async () => {
    const asked: string[] = [];
    const api = new TickstreamApi({ baseUrl: 'http://gw/', fetch: (async (url: string) => {
      asked.push(url);
      return new Response(JSON.stringify({ symbol: 'BTC', trades: [trade(7)] }), { headers: { 'Content-Type': 'application/json' } });
    }) as unknown as typeof fetch });
    const answer = await api.trades('BTC', { limit: 20 });
    expect(asked).toEqual(['http://gw/api/v1/quotes/BTC/trades?limit=20']);
    expect(answer.trades[0].price).toBe('67000.7');
  });

  it('rejects with the problem the API answered', async () => {
    const api = new TickstreamApi({ baseUrl: '', fetch: (async () => new Response(
      JSON.stringify({ status: 400, title: 'Bad Request', detail: 'limit must be between 1 and 500, was 501' }),
      { status: 400, headers: { 'Content-Type': 'application/problem+json' } })) as unknown as typeof fetch });
    const failure = await api.trades('BTC', { limit: 501 }).catch((e) => e);
    expect(failure).toBeInstanceOf(ProblemError);
    expect(failure.status).toBe(400);
    expect(failure.message).toBe('limit must be between 1 and 500, was 501');
  });
});
