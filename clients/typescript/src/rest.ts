import type {
  CandleInterval, CandlePage, IndicatorValues, QuoteHistoryPage, TradeHistoryPage, TradeTape,
} from './types.js';

/** A point in time: a `Date`, an ISO-8601 string, or epoch seconds (as the API takes them). */
export type Instant = Date | string | number;

/** A time range and paging of the history endpoints; the server's defaults where left out. */
export interface RangeOptions {
  from?: Instant;
  to?: Instant;
  /** Rows (or candles) per page. */
  limit?: number;
  signal?: AbortSignal;
}

/** Options of {@link TickstreamApi.candles}. */
export interface CandleOptions extends RangeOptions {
  interval?: CandleInterval;
  /** The series' source (e.g. `consensus`, `binance`); default the consensus, else by priority. */
  source?: string;
  /** The series' quote currency (e.g. `USDT`). */
  quote?: string;
}

/** Options of {@link TickstreamApi.quoteHistory} and {@link TickstreamApi.tradeHistory}. */
export interface HistoryOptions extends RangeOptions {
  /** Only this source's quotes (or venue's trades). */
  source?: string;
}

/** Options of {@link TickstreamApi.indicators}. */
export interface IndicatorOptions {
  /** e.g. `['sma20', 'ema50', 'rsi14', 'macd', 'bb20']`; default the server's `sma20,ema50,rsi14`. */
  names?: string[];
  interval?: CandleInterval;
  /** The period of names given without one, 2..200. */
  window?: number;
  signal?: AbortSignal;
}

/** Options of the REST client. */
export interface ApiOptions {
  /** Where the gateway answers, e.g. `https://tickstream.example`; `''` in a page it serves (same origin). */
  baseUrl: string;
  /** The fetch function; default the global one. */
  fetch?: typeof fetch;
}

/** An RFC 9457 problem the API answered (`application/problem+json`): `status` and `detail` say why. */
export class ProblemError extends Error {
  constructor(readonly status: number, readonly problem: { title?: string; detail?: string; [key: string]: unknown }) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ProblemError';
  }
}

/** The REST API (`/api/v1/**` through the gateway), for what the channels do not hold: history. */
export class TickstreamApi {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ApiOptions) {
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /**
   * The newest trades of `symbol` (newest first; `limit` 1..500, default the server's 50), from the archive:
   * the shape of the `trades:<SYMBOL>` tape. Rejects with a {@link ProblemError} for a malformed symbol or
   * limit (400) or an unknown symbol (404).
   */
  async trades(symbol: string, options: { limit?: number; signal?: AbortSignal } = {}): Promise<TradeTape> {
    const query = options.limit === undefined ? '' : `?limit=${encodeURIComponent(String(options.limit))}`;
    return this.get(`/api/v1/quotes/${encodeURIComponent(symbol)}/trades${query}`, options.signal) as Promise<TradeTape>;
  }

  /**
   * One page of candles of `symbol` (newest first) from the rollups, with volume. Follow `next` with
   * {@link page}, or walk the whole range with {@link candlePages}.
   */
  async candles(symbol: string, options: CandleOptions = {}): Promise<CandlePage> {
    const query = params({ interval: options.interval, from: instant(options.from), to: instant(options.to),
      limit: options.limit, source: options.source, quote: options.quote });
    return this.get(`/api/v1/quotes/${encodeURIComponent(symbol)}/candles${query}`, options.signal) as Promise<CandlePage>;
  }

  /** Archived quotes of `symbol` in a time range, one page. */
  async quoteHistory(symbol: string, options: HistoryOptions = {}): Promise<QuoteHistoryPage> {
    const query = params({ from: instant(options.from), to: instant(options.to), source: options.source, limit: options.limit });
    return this.get(`/api/v1/quotes/${encodeURIComponent(symbol)}/history${query}`, options.signal) as Promise<QuoteHistoryPage>;
  }

  /** Archived trades of `symbol` in a time range, one page. */
  async tradeHistory(symbol: string, options: HistoryOptions = {}): Promise<TradeHistoryPage> {
    const query = params({ from: instant(options.from), to: instant(options.to), source: options.source, limit: options.limit });
    return this.get(`/api/v1/quotes/${encodeURIComponent(symbol)}/trades/history${query}`, options.signal) as Promise<TradeHistoryPage>;
  }

  /** Indicator values of `symbol` over the rollups (RSI, SMA, EMA, MACD, Bollinger bands). */
  async indicators(symbol: string, options: IndicatorOptions = {}): Promise<IndicatorValues> {
    const query = params({ names: options.names?.join(','), interval: options.interval, window: options.window });
    return this.get(`/api/v1/quotes/${encodeURIComponent(symbol)}/indicators${query}`, options.signal) as Promise<IndicatorValues>;
  }

  /** The page a `next` link names (a path the API answered), e.g. `page(first.next)`. */
  async page<P extends { next: string | null }>(next: string, signal?: AbortSignal): Promise<P> {
    if (!next.startsWith('/api/')) {
      throw new Error(`not a next link of this API: ${next}`);
    }
    return this.get(next, signal) as Promise<P>;
  }

  /** Every page of candles in the range, newest first, following `next` until the last. */
  async *candlePages(symbol: string, options: CandleOptions = {}): AsyncGenerator<CandlePage> {
    yield* this.walk(await this.candles(symbol, options), options.signal);
  }

  /** Every page of archived quotes in the range, following `next` until the last. */
  async *quoteHistoryPages(symbol: string, options: HistoryOptions = {}): AsyncGenerator<QuoteHistoryPage> {
    yield* this.walk(await this.quoteHistory(symbol, options), options.signal);
  }

  /** Every page of archived trades in the range, following `next` until the last. */
  async *tradeHistoryPages(symbol: string, options: HistoryOptions = {}): AsyncGenerator<TradeHistoryPage> {
    yield* this.walk(await this.tradeHistory(symbol, options), options.signal);
  }

  private async *walk<P extends { next: string | null }>(first: P, signal?: AbortSignal): AsyncGenerator<P> {
    let page: P = first;
    yield page;
    while (page.next) {
      page = await this.page<P>(page.next, signal);
      yield page;
    }
  }

  private async get(path: string, signal?: AbortSignal): Promise<unknown> {
    const answer = await this.fetchImpl(`${this.options.baseUrl.replace(/\/$/, '')}${path}`, {
      headers: { accept: 'application/json' },
      signal,
    });
    if (!answer.ok) {
      const type = answer.headers.get('content-type') ?? '';
      const problem = type.includes('json') ? await answer.json() : { detail: await answer.text() };
      throw new ProblemError(answer.status, problem);
    }
    return answer.json();
  }
}

function instant(value: Instant | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function params(values: Record<string, string | number | undefined>): string {
  const query = Object.entries(values)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
  return query ? `?${query}` : '';
}
