import { Backoff, type BackoffOptions } from './backoff.js';
import { Emitter } from './emitter.js';
import { Subscription, type SubscribeOptions } from './subscription.js';
import { openEventStream, openWebSocket, type Transport, type WebSocketConstructor } from './transport.js';
import { CloseCodes, type ServerMessage } from './types.js';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ConnectOptions {
  /** `ws(s)://host/ws` for WebSocket, `http(s)://host/sse` for SSE. */
  url: string;
  /** Default `websocket`; `sse` where WebSocket is blocked. */
  transport?: 'websocket' | 'sse';
  /** A fixed token (JWT), or */
  token?: string;
  /** a function that gives a valid token; called before every connection (after 4001 token expired too). */
  getToken?: () => string | Promise<string>;
  /** The WebSocket constructor; default the global one (browsers, Node 22+); in Node 20 pass `ws`'s. */
  WebSocket?: WebSocketConstructor;
  /** The fetch function for SSE; default the global one. */
  fetch?: typeof fetch;
  /** Reconnection delays (exponential, full jitter); default 250 ms up to 15 s. */
  backoff?: BackoffOptions;
  /** A `ping` request this often on a WebSocket; default 15 s. */
  pingIntervalMs?: number;
  /** Nothing received (no message, pong or heartbeat) for this long: the connection is dropped and made again; default 45 s. */
  idleTimeoutMs?: number;
}

export interface ClientEvents {
  /** The connection state changed; `code`/`reason` of the close that caused it when there is one. */
  state: (state: ConnectionState, code?: number, reason?: string) => void;
  /** An error message not about one channel (`bad_json`, `unknown_op`…), or a failed token. */
  error: (error: { code: string; reason: string }) => void;
}

/** Close codes after which the client reconnects at once (with a little jitter) and resumes. */
const RECONNECT_AT_ONCE: ReadonlySet<number> = new Set([
  CloseCodes.GOING_AWAY, CloseCodes.SLOW_CONSUMER, CloseCodes.TOKEN_EXPIRED, CloseCodes.IDLE_TIMEOUT,
]);
/** Close codes that mean the client is at fault: it stops rather than repeat. */
const FATAL: ReadonlySet<number> = new Set([CloseCodes.POLICY, CloseCodes.TOO_BIG]);

/**
 * A connection to the push service that stays up: reconnects with exponential backoff and full jitter,
 * resumes every subscription from its offset and epoch, refreshes the token, and keeps per channel the
 * current object ({@link Subscription}).
 */
export class TickstreamClient extends Emitter<ClientEvents> {
  private readonly subscriptions = new Map<string, Subscription<any>>();
  private readonly backoff: Backoff;
  private transport: Transport | null = null;
  private stateNow: ConnectionState = 'connecting';
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private lastActivity = Date.now();
  private receivedSinceOpen = false;
  /** Numbers each connection; callbacks of an abandoned one (an older number) are ignored. */
  private attempt = 0;
  private reopenPending = false;

  constructor(private readonly options: ConnectOptions) {
    super();
    this.backoff = new Backoff(options.backoff);
  }

  get state(): ConnectionState {
    return this.stateNow;
  }

  /** Subscribes (or returns the existing subscription to `channel`). */
  subscribe<C extends string>(channel: C, options: SubscribeOptions = {}): Subscription<C> {
    const existing = this.subscriptions.get(channel);
    if (existing) {
      return existing as Subscription<C>;
    }
    const subscription = new Subscription<C>(channel, options, (s) => this.drop(s));
    this.subscriptions.set(channel, subscription);
    this.request([subscription]);
    return subscription;
  }

  /** Closes for good. */
  close(): void {
    this.setState('closed');
    this.abandon();
  }

  /**
   * Starts the first connection (called by {@link connect}) once the current task is done, so the
   * subscriptions made right after `connect()` go with the first request (SSE: in the first URL).
   */
  start(): this {
    queueMicrotask(() => void this.open());
    return this;
  }

  private drop(subscription: Subscription<any>): void {
    this.subscriptions.delete(subscription.channel);
    if (this.transport && !this.transport.send({ op: 'unsubscribe', channels: [subscription.channel] })) {
      this.reopen();
    }
  }

  /** Drops the current connection without reacting to its end (its callbacks become stale). */
  private abandon(): void {
    this.attempt++;
    this.clearTimers();
    const transport = this.transport;
    this.transport = null;
    transport?.close();
  }

  /** Asks for these subscriptions on the open connection (SSE: opens the stream again with them). */
  private request(subscriptions: Subscription<any>[]): void {
    if (this.options.transport === 'sse') {
      // one-way: the channels are in the stream's URL; a retry already due will carry them
      if (this.stateNow !== 'closed' && this.retryTimer === null && this.attempt > 0) {
        this.reopen();
      }
      return;
    }
    if (!this.transport || this.stateNow !== 'open') {
      return; // the next open subscribes to everything
    }
    if (!this.transport.send({ op: 'subscribe', channels: subscriptions.map((s) => s.request()) })) {
      this.reopen();
    }
  }

  /**
   * Closes the current connection and opens a new one (SSE changes its channels this way); several
   * changes in one task make one new connection.
   */
  private reopen(): void {
    if (this.reopenPending) {
      return;
    }
    this.reopenPending = true;
    queueMicrotask(() => {
      this.reopenPending = false;
      if (this.stateNow !== 'closed') {
        this.abandon();
        void this.open();
      }
    });
  }

  private async open(): Promise<void> {
    const attempt = ++this.attempt;
    this.setState(this.stateNow === 'open' || this.stateNow === 'reconnecting' ? 'reconnecting' : 'connecting');
    let token: string | undefined;
    try {
      token = this.options.getToken ? await this.options.getToken() : this.options.token;
    } catch (e) {
      this.emit('error', { code: 'token', reason: String((e as Error)?.message ?? e) });
      this.scheduleRetry(CloseCodes.ABNORMAL, 'no token');
      return;
    }
    if (attempt !== this.attempt || this.stateNow === 'closed') {
      return; // superseded while the token came
    }
    const handlers = {
      open: () => this.opened(attempt),
      message: (message: ServerMessage) => this.dispatch(message),
      activity: () => {
        this.lastActivity = Date.now();
      },
      closed: (code: number, reason: string) => this.closed(attempt, code, reason),
    };
    if (this.options.transport === 'sse') {
      if (this.subscriptions.size === 0) {
        return; // a stream needs channels: the first subscribe opens it
      }
      const fetchImpl = this.options.fetch ?? globalThis.fetch.bind(globalThis);
      this.transport = openEventStream(this.options.url, this.streamQuery(), token, fetchImpl, handlers);
    } else {
      const WebSocketImpl = this.options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
      if (!WebSocketImpl) {
        throw new Error('no WebSocket: pass { WebSocket } from the "ws" package (Node 20), or use transport: "sse"');
      }
      this.transport = openWebSocket(this.options.url, token, WebSocketImpl, handlers);
    }
  }

  /** The SSE query: every channel with its own position, delta and maxRate when every subscription asks the same. */
  private streamQuery(): URLSearchParams {
    const subs = [...this.subscriptions.values()];
    const query = new URLSearchParams();
    query.set('channels', subs.map((s) => s.offset !== null && s.epoch !== null
      ? `${s.channel}@${s.offset}@${s.epoch}` : s.channel).join(','));
    if (subs.length > 0 && subs.every((s) => s.options.delta)) {
      query.set('delta', 'json-patch');
    }
    const rates = new Set(subs.map((s) => s.options.maxRate));
    const [rate] = rates;
    if (rates.size === 1 && rate !== undefined) {
      query.set('maxRate', String(rate));
    }
    return query;
  }

  private opened(attempt: number): void {
    if (attempt !== this.attempt) {
      return;
    }
    this.lastActivity = Date.now();
    this.receivedSinceOpen = false;
    this.setState('open');
    const all = [...this.subscriptions.values()];
    if (all.length > 0) {
      this.transport?.send({ op: 'subscribe', channels: all.map((s) => s.request()) });
    }
    this.startTimers();
  }

  private dispatch(message: ServerMessage): void {
    if (!this.receivedSinceOpen) {
      this.receivedSinceOpen = true;
      this.backoff.reset(); // the server took us: the next failure starts from the first delay again
    }
    if (message.type === 'pong' || message.type === 'unsubscribed' || message.type === 'close') {
      return;
    }
    const channel = 'channel' in message ? message.channel : undefined;
    const subscription = channel !== undefined ? this.subscriptions.get(channel) : undefined;
    if (!subscription) {
      if (message.type === 'error') {
        this.emit('error', { code: message.code, reason: message.reason });
      }
      return;
    }
    if (!subscription.handle(message)) {
      // a patch that does not apply to what we hold: start that channel over from a snapshot
      subscription.offset = null;
      subscription.epoch = null;
      if (!this.transport?.send({ op: 'subscribe', channels: [subscription.request()] })) {
        this.reopen();
      }
    }
  }

  private closed(attempt: number, code: number, reason: string): void {
    if (attempt !== this.attempt) {
      return;
    }
    this.clearTimers();
    this.transport = null;
    if (this.stateNow === 'closed') {
      return;
    }
    if (FATAL.has(code)) {
      this.emit('error', { code: `closed_${code}`, reason });
      this.setState('closed', code, reason);
      return;
    }
    this.scheduleRetry(code, reason);
  }

  private scheduleRetry(code: number, reason: string): void {
    this.clearTimers();
    this.setState('reconnecting', code, reason);
    const delay = RECONNECT_AT_ONCE.has(code) ? Math.floor(Math.random() * 250) : this.backoff.next();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.open();
    }, delay);
  }

  private startTimers(): void {
    const pingMs = this.options.pingIntervalMs ?? 15_000;
    const idleMs = this.options.idleTimeoutMs ?? 45_000;
    const tick = Math.min(pingMs, 1_000);
    let lastPing = Date.now();
    this.pingTimer = setInterval(() => {
      const now = Date.now();
      if (now - this.lastActivity > idleMs) {
        this.abandon();
        this.scheduleRetry(CloseCodes.IDLE_TIMEOUT, 'nothing received');
        return;
      }
      if (now - lastPing >= pingMs) {
        lastPing = now;
        this.transport?.send({ op: 'ping' });
      }
    }, tick);
  }

  private clearTimers(): void {
    if (this.pingTimer) {
      clearInterval(this.pingTimer);
      this.pingTimer = null;
    }
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
  }

  private setState(state: ConnectionState, code?: number, reason?: string): void {
    if (this.stateNow === 'closed' && state !== 'closed') {
      return;
    }
    const changed = this.stateNow !== state;
    this.stateNow = state;
    if (changed || code !== undefined) {
      this.emit('state', state, code, reason);
    }
  }
}

/** Connects to the push service; see {@link ConnectOptions}. */
export function connect(options: ConnectOptions): TickstreamClient {
  return new TickstreamClient(options).start();
}
