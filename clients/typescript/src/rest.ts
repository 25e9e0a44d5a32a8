import type { TradeTape } from './types.js';

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
