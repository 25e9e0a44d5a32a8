import { describe, expect, it } from 'vitest';
import { ProblemError, TickstreamApi, type CandlePage, type Candle } from '../src/index.js';

/** A fetch that answers from `pages` by path (after the base URL) and records what was asked. */
function fakeFetch(pages: Record<string, unknown>, asked: string[]): typeof fetch {
  return (async (url: string) => {
    asked.push(url);
    const path = url.replace('http://gw', '');
    const body = pages[path];
    if (body === undefined) {
      return new Response(JSON.stringify({ status: 404, title: 'Not Found', detail: `no page ${path}` }),
        { status: 404, headers: { 'Content-Type': 'application/problem+json' } });
    }
    return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
  }) as unknown as typeof fetch;
}

function candle(minute: number): Candle {
  const time = new Date(Date.UTC(2026, 11, 1, 0, minute)).toISOString().replace('.000Z', 'Z');
  return { time, open: '1', high: '2', low: '0.5', close: '1.5', volume: '3', quoteVolume: '4.5', ticks: 7, trades: 7, origin: 'backfill' };
}

function page(minutes: number[], next: string | null): CandlePage {
  return { symbol: 'BTC', interval: '1m', source: 'binance', quote: 'USDT', from: '2026-12-01T00:00:00Z',
    to: '2026-12-01T00:05:00Z', candles: minutes.map(candle), next };
}

describe('TickstreamApi history', () => {
  it('asks for candles with the range, interval and series given, dates as ISO-8601', async () => {
    const asked: string[] = [];
    const first = '/api/v1/quotes/BTC/candles?interval=1m&from=2026-12-01T00%3A00%3A00.000Z&to=1764547500&limit=2&source=binance&quote=USDT';
    const api = new TickstreamApi({ baseUrl: 'http://gw/', fetch: fakeFetch({ [first]: page([4, 3], null) }, asked) });
    const answer = await api.candles('BTC', { interval: '1m', from: new Date(Date.UTC(2026, 11, 1)), to: 1764547500,
      limit: 2, source: 'binance', quote: 'USDT' });
    expect(asked).toEqual([`http://gw${first}`]);
    expect(answer.candles.map((c) => c.time)).toEqual(['2026-12-01T00:04:00Z', '2026-12-01T00:03:00Z']);
    expect(answer.candles[0].volume).toBe('3');
  });

  it('walks every page of a range once, following next links to the last', async () => {
    const asked: string[] = [];
    const p1 = '/api/v1/quotes/BTC/candles?interval=1m&limit=2';
    const p2 = '/api/v1/quotes/BTC/candles?interval=1m&limit=2&cursor=a';
    const p3 = '/api/v1/quotes/BTC/candles?interval=1m&limit=2&cursor=b';
    const api = new TickstreamApi({ baseUrl: 'http://gw', fetch: fakeFetch({
      [p1]: page([4, 3], p2), [p2]: page([2, 1], p3), [p3]: page([0], null),
    }, asked) });
    const minutes: string[] = [];
    for await (const p of api.candlePages('BTC', { interval: '1m', limit: 2 })) {
      minutes.push(...p.candles.map((c) => c.time.slice(14, 16)));
    }
    expect(minutes).toEqual(['04', '03', '02', '01', '00']);
    expect(asked).toEqual([p1, p2, p3].map((p) => `http://gw${p}`));
  });

  it('reads archived quotes and trades page by page, and indicators by name', async () => {
    const asked: string[] = [];
    const quotes = '/api/v1/quotes/ETH/history?from=2026-12-01T00%3A00%3A00Z&source=consensus&limit=1';
    const quotes2 = '/api/v1/quotes/ETH/history?cursor=q2';
    const trades = '/api/v1/quotes/ETH/trades/history?source=binance';
    const indicators = '/api/v1/quotes/ETH/indicators?names=macd%2Cbb20&interval=5m&window=30';
    const row = { id: 'quote:consensus:ETH:USD:1', source: 'consensus', quote: 'USD', price: '3000.5', change24hPct: null,
      volume24h: null, marketCap: null, high24h: null, low24h: null, stale: false, time: '2026-12-01T00:00:01Z', ingestTime: '2026-12-01T00:00:01.2Z' };
    const api = new TickstreamApi({ baseUrl: 'http://gw', fetch: fakeFetch({
      [quotes]: { symbol: 'ETH', source: 'consensus', from: 'a', to: 'b', quotes: [row], next: quotes2 },
      [quotes2]: { symbol: 'ETH', source: 'consensus', from: 'a', to: 'b', quotes: [{ ...row, price: '3001' }], next: null },
      [trades]: { symbol: 'ETH', source: 'binance', from: 'a', to: 'b', trades: [], next: null },
      [indicators]: { symbol: 'ETH', interval: '5m', asOf: 'x', candles: 60, values: { 'macd.line': '1.5', bb20: null } },
    }, asked) });
    const prices: string[] = [];
    for await (const p of api.quoteHistoryPages('ETH', { from: '2026-12-01T00:00:00Z', source: 'consensus', limit: 1 })) {
      prices.push(...p.quotes.map((q) => q.price));
    }
    expect(prices).toEqual(['3000.5', '3001']);
    expect((await api.tradeHistory('ETH', { source: 'binance' })).trades).toEqual([]);
    const values = await api.indicators('ETH', { names: ['macd', 'bb20'], interval: '5m', window: 30 });
    expect(values.values['macd.line']).toBe('1.5');
    expect(values.values.bb20).toBeNull();
    expect(asked).toHaveLength(4);
  });

  it('rejects an unknown symbol with the problem, and a next link that is not the API\'s', async () => {
    const api = new TickstreamApi({ baseUrl: 'http://gw', fetch: fakeFetch({}, []) });
    const failure = await api.candles('NOPE').catch((e) => e);
    expect(failure).toBeInstanceOf(ProblemError);
    expect(failure.status).toBe(404);
    await expect(api.page('https://elsewhere.example/x')).rejects.toThrow('not a next link');
  });
});
