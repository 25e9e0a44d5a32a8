import { Emitter } from './emitter.js';
import { compareOffsets } from './offsets.js';
import { applyPatch } from './patch.js';
import type {
  ChannelData, ErrorMessage, PatchMessage, ServerMessage, SnapshotMessage, Trade, TradeMessage, TradeTape, UpdateMessage,
} from './types.js';

/** Options of one subscription. */
export interface SubscribeOptions {
  /** Ask for JSON Patch deltas (`delta: "json-patch"`); the subscription applies them to its state. */
  delta?: boolean;
  /** At most this many updates per second (conflated by the server, the latest wins). */
  maxRate?: number;
  /** Resume from this offset (with `epoch`), e.g. one kept from an earlier session. */
  since?: string;
  epoch?: string;
  /** `trades:<SYMBOL>` only: the most trades the held tape keeps (newest first); default 50, the server's tape. */
  tapeSize?: number;
}

/** The default bound of a held trade tape: the server's tape size. */
const DEFAULT_TAPE_SIZE = 50;

/** What a subscription tells. */
export interface SubscriptionEvents<T> {
  /** The channel's object when subscribing (`data` null: the channel has no data yet). */
  snapshot: (data: T | null, offset: string | null) => void;
  /** A new object (a full update, or a patch already applied; on a trade tape, the tape with the new trade). */
  update: (data: T, offset: string) => void;
  /** `trades:<SYMBOL>` only: one new trade, already on the held tape (each trade once, by its `id`). */
  trade: (trade: Trade, offset: string) => void;
  /**
   * The held state was replaced because continuity was lost: the server could not replay what was missed
   * (`recovered:false`), or its data was reset (a new epoch). Anything derived from earlier updates
   * (charts, counters) must be rebuilt from `data`.
   */
  reset: (data: T | null, offset: string | null, reason: 'not_recovered' | 'epoch_changed') => void;
  /** A resume that replayed every missed update (`replayed` of them follow as `update`s). */
  resumed: (replayed: number) => void;
  /** An error the server answered about this channel (e.g. `unknown_channel`). */
  error: (error: ErrorMessage) => void;
}

/**
 * One channel's subscription: holds the channel's current object (`state`) with its `offset` and
 * `epoch`, applies patches, drops anything it already holds, and resumes from its position after any
 * reconnect.
 */
export class Subscription<C extends string = string> extends Emitter<SubscriptionEvents<ChannelData<C>>> {
  state: ChannelData<C> | null = null;
  offset: string | null;
  epoch: string | null;
  private closed = false;

  constructor(readonly channel: C, readonly options: SubscribeOptions, private readonly onClose: (s: Subscription<C>) => void) {
    super();
    this.offset = options.since ?? null;
    this.epoch = options.epoch ?? null;
  }

  /** Stops the subscription (an `unsubscribe` is sent). */
  unsubscribe(): void {
    if (!this.closed) {
      this.closed = true;
      this.onClose(this);
    }
  }

  get active(): boolean {
    return !this.closed;
  }

  /** The channel entry of a `subscribe` request: resumes from the held position when there is one. */
  request(): Record<string, unknown> {
    const spec: Record<string, unknown> = { channel: this.channel };
    if (this.offset !== null && this.epoch !== null) {
      spec.since = this.offset;
      spec.epoch = this.epoch;
    }
    if (this.options.delta) {
      spec.delta = 'json-patch';
    }
    if (this.options.maxRate !== undefined) {
      spec.maxRate = this.options.maxRate;
    }
    return spec;
  }

  /**
   * Handles a message of this channel; returns false when the held state can no longer be trusted and
   * the channel must be subscribed again without a position (a patch that does not apply).
   */
  handle(message: ServerMessage): boolean {
    switch (message.type) {
      case 'snapshot':
        this.snapshot(message);
        return true;
      case 'subscribed':
        this.epoch = message.epoch;
        this.emit('resumed', message.replayed);
        return true;
      case 'update':
        return this.update(message);
      case 'patch':
        return this.patch(message);
      case 'trade':
        return this.trade(message);
      case 'error':
        this.emit('error', message);
        return true;
      default:
        return true;
    }
  }

  private snapshot(message: SnapshotMessage): void {
    const epochChanged = this.epoch !== null && this.epoch !== message.epoch;
    this.state = message.data as ChannelData<C> | null;
    this.offset = message.offset;
    this.epoch = message.epoch;
    if (message.recovered === false || epochChanged) {
      this.emit('reset', this.state, this.offset, epochChanged ? 'epoch_changed' : 'not_recovered');
    } else {
      this.emit('snapshot', this.state, this.offset);
    }
  }

  private update(message: UpdateMessage): boolean {
    if (this.isHeld(message.offset, message.epoch)) {
      return true;
    }
    this.state = message.data as ChannelData<C>;
    this.offset = message.offset;
    this.epoch = message.epoch;
    this.emit('update', this.state, message.offset);
    return true;
  }

  private patch(message: PatchMessage): boolean {
    if (this.isHeld(message.offset, message.epoch)) {
      return true;
    }
    if (message.prev !== this.offset || this.state === null) {
      return false;
    }
    try {
      this.state = applyPatch(this.state, message.patch);
    } catch {
      return false;
    }
    this.offset = message.offset;
    this.epoch = message.epoch;
    this.emit('update', this.state, message.offset);
    return true;
  }

  /**
   * A trade on the tape held at `prev`: prepended, the tape cut to `tapeSize`. A tape the message does not
   * add to (continuity lost) is answered false: subscribe again for the whole tape.
   */
  private trade(message: TradeMessage): boolean {
    if (this.isHeld(message.offset, message.epoch)) {
      return true;
    }
    if (message.prev !== this.offset) {
      return false;
    }
    const held = this.state as TradeTape | null;
    const trades = held?.trades ?? [];
    const tape: TradeTape = {
      symbol: held?.symbol ?? message.data.symbol,
      trades: trades.some((t) => t.id === message.data.id) ? trades
        : [message.data, ...trades].slice(0, this.options.tapeSize ?? DEFAULT_TAPE_SIZE),
    };
    this.state = tape as ChannelData<C>;
    this.offset = message.offset;
    this.epoch = message.epoch;
    if (tape.trades[0] === message.data) {
      this.emit('trade', message.data, message.offset);
    }
    this.emit('update', this.state, message.offset);
    return true;
  }

  /** True for an update at or before the held offset of the same epoch: already applied, never twice. */
  private isHeld(offset: string, epoch: string): boolean {
    return this.offset !== null && this.epoch === epoch && compareOffsets(offset, this.offset) <= 0;
  }
}
