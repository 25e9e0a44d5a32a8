import { afterEach, describe, expect, it } from 'vitest';
import { connect, type ConnectOptions, type TickstreamClient } from '../src/index.js';

/** A WebSocket stand-in the test drives: it records what the client sends and lets the test answer or close. */
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
  serverCloses(code: number) { this.closed = true; this.readyState = 3; this.onclose?.({ code, reason: 'test' }); }
}

const clients: TickstreamClient[] = [];
afterEach(() => { clients.splice(0).forEach((c) => c.close()); FakeSocket.all = []; });

function start(options: Partial<ConnectOptions> = {}): TickstreamClient {
  const c = connect({ url: 'ws://test/ws', WebSocket: FakeSocket as unknown as ConnectOptions['WebSocket'],
    backoff: { initialMs: 10, maxMs: 20 }, ...options });
  clients.push(c);
  return c;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const open = () => FakeSocket.all.filter((s) => !s.closed);

describe('TickstreamClient close codes and liveness', () => {
  it('resumes from the held offset and epoch after 4008 slow consumer, at once', async () => {
    const c = start();
    const sub = c.subscribe('ticker:BTC');
    await until(() => FakeSocket.all[0]?.sent.length === 1, 'the subscribe');
    const first = FakeSocket.all[0];
    first.serverSends({ type: 'snapshot', channel: 'ticker:BTC', offset: '5-0', epoch: 'e1', data: { symbol: 'BTC', consensus: null, sources: {} } });
    first.serverSends({ type: 'update', channel: 'ticker:BTC', offset: '6-0', epoch: 'e1', ts: 1, data: { symbol: 'BTC', consensus: null, sources: { a: {} } } });
    first.serverCloses(4008);
    await until(() => FakeSocket.all.length === 2 && FakeSocket.all[1].sent.length === 1, 'a new connection');
    expect(FakeSocket.all[1].sent[0]).toEqual({ op: 'subscribe', channels: [{ channel: 'ticker:BTC', since: '6-0', epoch: 'e1' }] });
    // a replayed update the subscription already holds is not applied twice
    const updates: string[] = [];
    sub.on('update', (_d, offset) => updates.push(offset));
    FakeSocket.all[1].serverSends({ type: 'update', channel: 'ticker:BTC', offset: '6-0', epoch: 'e1', ts: 1, data: {} });
    FakeSocket.all[1].serverSends({ type: 'update', channel: 'ticker:BTC', offset: '7-0', epoch: 'e1', ts: 1, data: { symbol: 'BTC' } });
    expect(updates).toEqual(['7-0']);
  });

  it('asks for a new token after 4001 token expired', async () => {
    let tokens = 0;
    start({ getToken: () => `token-${++tokens}` });
    await until(() => FakeSocket.all.length === 1 && FakeSocket.all[0].readyState === 1, 'open');
    expect(FakeSocket.all[0].url).toContain('access_token=token-1');
    FakeSocket.all[0].serverCloses(4001);
    await until(() => FakeSocket.all.length === 2, 'a new connection');
    expect(FakeSocket.all[1].url).toContain('access_token=token-2');
  });

  it('stops after 1008 policy violation instead of repeating the fault', async () => {
    const c = start();
    const errors: string[] = [];
    c.on('error', (e) => errors.push(e.code));
    await until(() => FakeSocket.all[0]?.readyState === 1, 'open');
    FakeSocket.all[0].serverCloses(1008);
    await new Promise((r) => setTimeout(r, 100));
    expect(c.state).toBe('closed');
    expect(FakeSocket.all).toHaveLength(1);
    expect(errors).toEqual(['closed_1008']);
  });

  it('drops a silent connection after the idle timeout and keeps one connection at a time', async () => {
    const c = start({ idleTimeoutMs: 150, pingIntervalMs: 50 });
    const codes: number[] = [];
    c.on('state', (_s, code) => { if (code !== undefined) codes.push(code); });
    await until(() => FakeSocket.all.length >= 3, 'two reconnects after silence');
    expect(codes.filter((code) => code === 4000).length).toBeGreaterThanOrEqual(2);
    expect(FakeSocket.all[0].sent).toContainEqual({ op: 'ping' });
    expect(open().length, 'abandoned connections are closed').toBeLessThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(open().length).toBeLessThanOrEqual(1);
  });

  it('emits reset when a snapshot says recovered:false', async () => {
    const c = start();
    const sub = c.subscribe('dashboard', { since: '1-0', epoch: 'old' });
    await until(() => FakeSocket.all[0]?.sent.length === 1, 'the subscribe');
    expect(FakeSocket.all[0].sent[0].channels[0]).toEqual({ channel: 'dashboard', since: '1-0', epoch: 'old' });
    const resets: string[] = [];
    sub.on('reset', (_d, _o, reason) => resets.push(reason));
    FakeSocket.all[0].serverSends({ type: 'snapshot', channel: 'dashboard', offset: '9-0', epoch: 'new', recovered: false, data: { fearGreedValue: 40 } });
    expect(resets).toEqual(['epoch_changed']);
    expect(sub.state).toEqual({ fearGreedValue: 40 });
  });
});

describe('TickstreamClient over SSE', () => {
  it('opens the stream again with every channel and its position when a channel is added, one stream at a time', async () => {
    const streams: Array<{ url: string; aborted: boolean; push: (text: string) => void }> = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      const stream = { url, aborted: false, push: (_t: string) => {} };
      streams.push(stream);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          stream.push = (text) => controller.enqueue(new TextEncoder().encode(text));
          init.signal?.addEventListener('abort', () => { stream.aborted = true; controller.error(new Error('aborted')); });
        },
      });
      return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
    }) as unknown as typeof fetch;
    const c = connect({ url: 'http://test/sse', transport: 'sse', fetch: fakeFetch, backoff: { initialMs: 10, maxMs: 20 } });
    clients.push(c);
    const btc = c.subscribe('ticker:BTC');
    await until(() => c.state === 'open', 'open');
    expect(new URL(streams[0].url).searchParams.get('channels')).toBe('ticker:BTC');
    streams[0].push(`id: 5-0\ndata: ${JSON.stringify({ type: 'snapshot', channel: 'ticker:BTC', offset: '5-0', epoch: 'e1', data: { symbol: 'BTC' } })}\n\n`);
    await until(() => btc.offset === '5-0', 'the snapshot');

    c.subscribe('dashboard');
    c.subscribe('health');
    await until(() => streams.length === 2 && c.state === 'open', 'one new stream for both channels');
    expect(new URL(streams[1].url).searchParams.get('channels')).toBe('ticker:BTC@5-0@e1,dashboard,health');
    await new Promise((r) => setTimeout(r, 100));
    expect(streams.length, 'no second reconnection behind the reopen').toBe(2);
    expect(streams.map((s) => s.aborted)).toEqual([true, false]);
  });
});
