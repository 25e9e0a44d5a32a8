import { Socket, connect } from 'node:net';

type Reply = string | number | null | Reply[] | Error;

/**
 * A minimal Redis client for the tests (RESP2 over a socket: commands in, replies parsed), enough to
 * append stream entries and delete the test's own keys without a client library.
 */
export class TestRedis {
  private buffer = Buffer.alloc(0);
  private readonly pending: Array<(reply: Reply) => void> = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const parsed = parse(this.buffer, 0);
        if (!parsed) {
          break;
        }
        this.buffer = this.buffer.subarray(parsed.end);
        this.pending.shift()?.(parsed.value);
      }
    });
  }

  static open(host = process.env.TICKSTREAM_TEST_REDIS_HOST ?? '127.0.0.1',
              port = Number(process.env.TICKSTREAM_TEST_REDIS_PORT ?? 6379)): Promise<TestRedis> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port }, () => resolve(new TestRedis(socket)));
      socket.once('error', reject);
    });
  }

  command(...args: string[]): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.pending.push((reply) => (reply instanceof Error ? reject(reply) : resolve(reply)));
      const parts = [`*${args.length}\r\n`];
      for (const arg of args) {
        parts.push(`$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
      }
      this.socket.write(parts.join(''));
    });
  }

  /** XADD with an auto id; returns the entry id. */
  async xadd(stream: string, fields: Record<string, string>): Promise<string> {
    return (await this.command('XADD', stream, '*', ...Object.entries(fields).flat())) as string;
  }

  /** Deletes every key that starts with `prefix` (the test's own keys only). */
  async deleteKeys(prefix: string): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = (await this.command('SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', '1000')) as [string, string[]];
      cursor = next;
      if (keys.length > 0) {
        await this.command('DEL', ...keys);
      }
    } while (cursor !== '0');
  }

  close(): void {
    this.socket.end();
  }
}

function parse(buffer: Buffer, start: number): { value: Reply; end: number } | null {
  const lineEnd = buffer.indexOf('\r\n', start);
  if (lineEnd < 0) {
    return null;
  }
  const type = String.fromCharCode(buffer[start]);
  const line = buffer.toString('utf8', start + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new Error(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) {
        return { value: null, end: next };
      }
      if (buffer.length < next + length + 2) {
        return null;
      }
      return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) {
        return { value: null, end: next };
      }
      const items: Reply[] = [];
      let position = next;
      for (let i = 0; i < count; i++) {
        const item = parse(buffer, position);
        if (!item) {
          return null;
        }
        items.push(item.value);
        position = item.end;
      }
      return { value: items, end: position };
    }
    default:
      throw new Error(`unexpected RESP type '${type}'`);
  }
}
