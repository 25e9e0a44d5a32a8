/**
 * The push service's protocol, as types (websocket-push-service/README.md is the reference).
 * Decimals are strings, as on the wire: never parse prices into binary floating point to store them.
 */

/** A quote of one source (or the consensus) for a symbol. Absent values are left out. */
export interface Quote {
  source: string;
  quote: string;
  price: string;
  change24hPct?: string;
  volume24h?: string;
  marketCap?: string;
  high24h?: string;
  low24h?: string;
  stale?: boolean;
  sourceTime: number;
  ingestTime: number;
  consensusSources?: number;
  consensusLow?: string;
  consensusHigh?: string;
}

/** `ticker:<SYMBOL>`: the consensus and the latest quote of every source. */
export interface Ticker {
  symbol: string;
  consensus: Quote | null;
  sources: Record<string, Quote>;
}

/** `dashboard`: the merged market summary. */
export interface Dashboard {
  totalMarketCapUsd?: string;
  totalVolumeUsd?: string;
  btcDominancePct?: string;
  ethDominancePct?: string;
  marketCapChange24hPct?: string;
  activeCryptocurrencies?: number;
  fearGreedValue?: number;
  fearGreedLabel?: string;
  updatedAt?: Record<string, number>;
}

export type SourceState = 'up' | 'degraded' | 'rate_limited' | 'down' | string;

/** `health`: the latest transition of every source. */
export interface Health {
  sources: Record<string, {
    state: SourceState;
    previous?: SourceState;
    reason?: string;
    retryAfterMs?: number;
    at?: number;
  }>;
}

/**
 * One trade on one venue (`trades:<SYMBOL>` and REST `GET /api/v1/quotes/{symbol}/trades` alike).
 * `id` is the idempotency key `trade:<source>:<symbol>:<quote>:<tradeId>`; `size` is in the base asset;
 * `side` is the taker's; `time` the venue's trade time and `ingestTime` Tickstream's (epoch ms).
 */
export interface Trade {
  id: string;
  source: string;
  symbol: string;
  quote: string;
  price: string;
  size: string;
  side: 'buy' | 'sell' | 'unknown';
  tradeId: string;
  time: number;
  ingestTime: number;
}

/** `trades:<SYMBOL>`: the tape, the last trades newest first (the REST answer has the same shape). */
export interface TradeTape {
  symbol: string;
  trades: Trade[];
}

/** The candle widths the REST candles and the live candle channels offer. */
export type CandleInterval = '1m' | '5m' | '15m' | '1h' | '4h' | '1d';

/**
 * `candles:<SYMBOL>:<interval>`: the symbol's current consensus candle as it changes, and each candle once more with
 * `final: true` when the next one begins. `time` is the candle's start (ISO-8601, UTC boundaries from 2000-01-01);
 * `ticks` the consensus quotes it took (the volume is in the REST candles, from the rollups).
 */
export interface LiveCandle {
  symbol: string;
  interval: CandleInterval;
  source: 'consensus';
  quote: string;
  time: string;
  open: string;
  high: string;
  low: string;
  close: string;
  ticks: number;
  final: boolean;
}

/**
 * One candle of `GET /api/v1/quotes/{symbol}/candles` (from the rollups). `volume`/`quoteVolume` are null when the
 * source gives none; `ticks` counts quotes (live) or the exchange's trades (backfilled); `origin` says which.
 */
export interface Candle {
  time: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string | null;
  quoteVolume: string | null;
  ticks: number;
  trades: number | null;
  origin: 'live' | 'backfill' | 'mixed';
}

/** A page of candles, newest first; `next` is the path of the following (older) page, null on the last. */
export interface CandlePage {
  symbol: string;
  interval: CandleInterval;
  source: string | null;
  quote: string | null;
  from: string;
  to: string;
  candles: Candle[];
  next: string | null;
}

/** One archived quote of `GET /api/v1/quotes/{symbol}/history`. */
export interface QuoteRow {
  id: string;
  source: string;
  quote: string;
  price: string;
  change24hPct: string | null;
  volume24h: string | null;
  marketCap: string | null;
  high24h: string | null;
  low24h: string | null;
  stale: boolean;
  time: string;
  ingestTime: string;
}

/** A page of archived quotes; `next` is the path of the following page, null on the last. */
export interface QuoteHistoryPage {
  symbol: string;
  source: string | null;
  from: string;
  to: string;
  quotes: QuoteRow[];
  next: string | null;
}

/** One archived trade of `GET /api/v1/quotes/{symbol}/trades/history`. */
export interface TradeRow {
  id: string;
  source: string;
  quote: string;
  price: string;
  size: string;
  side: 'buy' | 'sell' | 'unknown';
  tradeId: string;
  time: string;
  ingestTime: string;
}

/** A page of archived trades; `next` is the path of the following page, null on the last. */
export interface TradeHistoryPage {
  symbol: string;
  source: string | null;
  from: string;
  to: string;
  trades: TradeRow[];
  next: string | null;
}

/**
 * `GET /api/v1/quotes/{symbol}/indicators`: values by name (multi-valued ones under `<name>.<part>`, e.g.
 * `macd.signal`), null where there were too few candles; `asOf` is the end of the last candle.
 */
export interface IndicatorValues {
  symbol: string;
  interval: CandleInterval;
  asOf: string;
  candles: number;
  values: Record<string, string | null>;
}

export type TickerChannel = `ticker:${string}`;
export type TradesChannel = `trades:${string}`;
export type CandlesChannel = `candles:${string}:${CandleInterval}`;
export type Channel = TickerChannel | TradesChannel | CandlesChannel | 'dashboard' | 'health';

/** The object a channel holds. */
export type ChannelData<C extends string> =
  C extends TickerChannel ? Ticker :
  C extends TradesChannel ? TradeTape :
  C extends CandlesChannel ? LiveCandle :
  C extends 'dashboard' ? Dashboard :
  C extends 'health' ? Health : unknown;

/** One RFC 6902 operation. */
export interface PatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

interface ChannelMessage {
  channel: string;
  offset: string | null;
  epoch: string;
}

export interface SnapshotMessage extends ChannelMessage {
  type: 'snapshot';
  recovered?: boolean;
  data: unknown;
}

export interface UpdateMessage extends ChannelMessage {
  type: 'update';
  offset: string;
  ts: number;
  traceparent?: string;
  data: unknown;
}

export interface PatchMessage extends ChannelMessage {
  type: 'patch';
  offset: string;
  prev: string;
  ts: number;
  traceparent?: string;
  patch: PatchOperation[];
}

/** One trade put on a tape (`trades:<SYMBOL>`) at `offset`; it adds to the tape the client holds at `prev`. */
export interface TradeMessage extends ChannelMessage {
  type: 'trade';
  offset: string;
  prev: string | null;
  ts: number;
  traceparent?: string;
  data: Trade;
}

export interface SubscribedMessage extends ChannelMessage {
  type: 'subscribed';
  recovered: true;
  replayed: number;
}

export interface UnsubscribedMessage {
  type: 'unsubscribed';
  channel: string;
}

export interface ErrorMessage {
  type: 'error';
  code: string;
  reason: string;
  channel?: string;
}

export interface PongMessage {
  type: 'pong';
  ts: number;
}

/** The last SSE event when the server ends the stream: the WebSocket close code. */
export interface CloseMessage {
  type: 'close';
  code: number;
  reason: string;
}

export type ServerMessage =
  | SnapshotMessage | UpdateMessage | PatchMessage | TradeMessage | SubscribedMessage | UnsubscribedMessage
  | ErrorMessage | PongMessage | CloseMessage;

/** Close codes of the push service (README "Close codes and handshake refusals"). */
export const CloseCodes = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  ABNORMAL: 1006,
  POLICY: 1008,
  TOO_BIG: 1009,
  IDLE_TIMEOUT: 4000,
  TOKEN_EXPIRED: 4001,
  SLOW_CONSUMER: 4008,
  TOO_MANY_CONNECTIONS: 4029,
} as const;
