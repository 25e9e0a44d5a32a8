import type { ServerMessage } from './types.js';
import { CloseCodes } from './types.js';

/** What a transport tells the client. */
export interface TransportHandlers {
  open(): void;
  message(message: ServerMessage): void;
  /** Anything received, heartbeats included (for idle detection). */
  activity(): void;
  /** The connection ended; called once. `code` uses the WebSocket close codes (1006 when it just broke). */
  closed(code: number, reason: string): void;
}

/** One connection. */
export interface Transport {
  /** Sends a request; false when the transport cannot (SSE is one-way: the client reopens it instead). */
  send(request: object): boolean;
  close(): void;
}

/** The WebSocket constructor: the browser's, Node 22's global, or the `ws` package's. */
export interface WebSocketLike {
  readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

const OPEN = 1;

/** A WebSocket connection to `/ws`; the token goes as `access_token` (browsers cannot set headers on it). */
export function openWebSocket(url: string, token: string | undefined, WebSocketImpl: WebSocketConstructor,
                              handlers: TransportHandlers): Transport {
  const target = new URL(url);
  if (token) {
    target.searchParams.set('access_token', token);
  }
  let done = false;
  const finish = (code: number, reason: string) => {
    if (!done) {
      done = true;
      handlers.closed(code, reason);
    }
  };
  const socket = new WebSocketImpl(target.toString());
  socket.onopen = () => handlers.open();
  socket.onmessage = (event) => {
    handlers.activity();
    let message: ServerMessage;
    try {
      message = JSON.parse(String(event.data));
    } catch {
      return;
    }
    handlers.message(message);
  };
  socket.onclose = (event) => finish(event.code, event.reason);
  socket.onerror = () => {
    // a close event follows; the browser shows no detail for security reasons
  };
  return {
    send(request) {
      if (socket.readyState !== OPEN) {
        return true; // sent again on the next open
      }
      socket.send(JSON.stringify(request));
      return true;
    },
    close() {
      try {
        socket.close(CloseCodes.NORMAL);
      } finally {
        finish(CloseCodes.NORMAL, 'closed by the client');
      }
    },
  };
}

/**
 * A server-sent events stream from `/sse`, read with `fetch` (so it runs in browsers and in Node, can send
 * the token as a header, and sees the heartbeats). `query` is the stream's query string.
 */
export function openEventStream(url: string, query: URLSearchParams, token: string | undefined, fetchImpl: typeof fetch,
                                handlers: TransportHandlers): Transport {
  const target = new URL(url);
  query.forEach((value, key) => target.searchParams.set(key, value));
  const abort = new AbortController();
  let done = false;
  const finish = (code: number, reason: string) => {
    if (!done) {
      done = true;
      abort.abort();
      handlers.closed(code, reason);
    }
  };
  const headers: Record<string, string> = { Accept: 'text/event-stream' };
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  (async () => {
    const response = await fetchImpl(target.toString(), { headers, signal: abort.signal, cache: 'no-store' });
    if (response.status !== 200 || !response.body) {
      // the handshake refusals of the WebSocket, as close codes: 401 -> a new token, others -> back off
      finish(response.status === 401 ? CloseCodes.TOKEN_EXPIRED : CloseCodes.ABNORMAL, `HTTP ${response.status}`);
      return;
    }
    handlers.open();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let data: string[] = [];
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) {
        break;
      }
      handlers.activity();
      buffer += value;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0) {
            const message = JSON.parse(data.join('\n')) as ServerMessage;
            data = [];
            if (message.type === 'close') {
              finish(message.code, message.reason);
              return;
            }
            handlers.message(message);
          }
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        }
        // id: (the offset, also in the message), retry: and comments (heartbeats) need nothing more
      }
    }
    finish(CloseCodes.ABNORMAL, 'stream ended');
  })().catch((e) => finish(CloseCodes.ABNORMAL, String(e?.message ?? e)));
  return {
    send() {
      return false;
    },
    close() {
      finish(CloseCodes.NORMAL, 'closed by the client');
    },
  };
}
