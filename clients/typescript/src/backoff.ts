/** Reconnection delays: exponential with full jitter (a random delay between 0 and the exponential cap). */
export interface BackoffOptions {
  /** First cap, ms; default 250. */
  initialMs?: number;
  /** Largest cap, ms; default 15,000. */
  maxMs?: number;
}

export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;

  constructor(options: BackoffOptions = {}, private readonly random: () => number = Math.random) {
    this.initialMs = options.initialMs ?? 250;
    this.maxMs = options.maxMs ?? 15_000;
  }

  /** The delay before the next attempt: uniform in [0, min(max, initial * 2^attempt)). */
  next(): number {
    const cap = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.floor(this.random() * cap);
  }

  /** After a connection that worked: start again from the first cap. */
  reset(): void {
    this.attempt = 0;
  }
}
