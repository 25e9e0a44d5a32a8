import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestRedis } from './redis.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');

/** The jar `mvn verify` built (the Maven module depends on the push service, so it is built first). */
function pushJar(): string {
  const jar = process.env.TICKSTREAM_PUSH_JAR ?? resolve(root, 'websocket-push-service/target/websocket-push-service-0.1.0-SNAPSHOT.jar');
  if (!existsSync(jar)) {
    throw new Error(`${jar} is missing: run the SDK tests through './tickstream test' (mvn verify), or build the push service first`);
  }
  return jar;
}

function java(): string {
  return process.env.JAVA_HOME ? resolve(process.env.JAVA_HOME, 'bin/java') : 'java';
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

const SECRET = randomBytes(32).toString('hex');

/**
 * websocket-push-service as a real process on a free port, on the test Redis with stream keys of its own
 * (a random prefix), with HMAC JWT auth on. Can be killed (SIGKILL) and started again on the same port.
 */
export class PushService {
  readonly prefix = `sdk-it:${randomBytes(6).toString('hex')}`;
  readonly marketData = `${this.prefix}:crypto:market_data`;
  readonly dashboard = `${this.prefix}:crypto:dashboard`;
  readonly health = `${this.prefix}:system:health`;
  readonly trades = `${this.prefix}:crypto:trades`;
  private process: ChildProcess | null = null;
  private starts = 0;
  private sourceTime = Date.now();

  private constructor(readonly port: number, readonly redis: TestRedis) {}

  static async start(): Promise<PushService> {
    const service = new PushService(await freePort(), await TestRedis.open());
    await service.startProcess();
    return service;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  get sseUrl(): string {
    return `http://127.0.0.1:${this.port}/sse`;
  }

  /** An HS256 JWT for this service that expires in `seconds`. */
  token(seconds: number): string {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub: 'sdk-test', exp: Math.floor(Date.now() / 1000) + seconds })}`;
    return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
  }

  async startProcess(): Promise<void> {
    const logs = resolve(here, '../target/sdk-test-logs');
    mkdirSync(logs, { recursive: true });
    const log = createWriteStream(resolve(logs, `push-${this.port}-${++this.starts}.log`));
    const child = spawn(java(), ['-XX:TieredStopAtLevel=1', '-Xmx256m', '-jar', pushJar()], {
      env: {
        ...process.env,
        PORT: String(this.port),
        // actuator on a free port of its own (the default 9083 may be taken by a running suite or another test)
        MANAGEMENT_PORT: '0',
        REDIS_HOST: process.env.TICKSTREAM_TEST_REDIS_HOST ?? '127.0.0.1',
        REDIS_PORT: process.env.TICKSTREAM_TEST_REDIS_PORT ?? '6379',
        TICKSTREAM_PUSH_STREAMS_MARKETDATA: this.marketData,
        TICKSTREAM_PUSH_STREAMS_DASHBOARD: this.dashboard,
        TICKSTREAM_PUSH_STREAMS_HEALTH: this.health,
        TICKSTREAM_PUSH_STREAMS_TRADES: this.trades,
        TICKSTREAM_PUSH_STREAMS_EPOCHKEY: `${this.prefix}:epoch`,
        TICKSTREAM_PUSH_STREAMS_BLOCK: '200ms',
        // one quote partition, so the test knows its key without the partition hash (common Partitions)
        TICKSTREAM_STREAMS_PARTITIONS: '1',
        TICKSTREAM_PUSH_AUTH_MODE: 'hmac',
        TICKSTREAM_PUSH_AUTH_SECRET: SECRET,
        TICKSTREAM_PUSH_AUTH_CLOCKSKEW: '0s',
        TICKSTREAM_PUSH_SESSION_SHUTDOWNGRACE: '1s',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.process = child;
    await this.awaitReady(child);
  }

  private async awaitReady(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`push service exited with ${child.exitCode}; see target/sdk-test-logs`);
      }
      try {
        // the SSE endpoint answers 503 until the streams are warmed up, like a handshake
        const response = await fetch(`${this.sseUrl}?channels=health&access_token=${this.token(60)}`);
        await response.body?.cancel();
        if (response.status === 200) {
          return;
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('push service not ready within 90 s');
  }

  /** Kills the process at once (SIGKILL: no going-away close, the clients see the connection break). */
  async kill(): Promise<void> {
    await this.stopProcess('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.stopProcess('SIGTERM');
    await this.redis.deleteKeys(this.prefix);
    this.redis.close();
  }

  private stopProcess(signal: NodeJS.Signals): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) {
      return Promise.resolve();
    }
    return new Promise((resolveStop) => {
      child.once('exit', () => resolveStop());
      child.kill(signal);
    });
  }

  /** The only quote partition's stream (`<base>:{p0}` with `tickstream.streams.partitions=1`). */
  get quoteStream(): string {
    return `${this.marketData}:{p0}`;
  }

  /** Appends a quote the way the ingest service does (the codec's fields); returns the entry id. */
  appendQuote(symbol: string, source: string, price: string): Promise<string> {
    const sourceTime = ++this.sourceTime;
    return this.redis.xadd(this.quoteStream, {
      v: '1', type: 'quote', id: `quote:${source}:${symbol}:USD:${sourceTime}`, source,
      sourceTime: String(sourceTime), ingestTime: String(Date.now()),
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00',
      symbol, quote: 'USD', price, volume24h: '1000.5', change24hPct: '-1.25',
    });
  }

  /** Appends a consensus quote of `symbol` at the given source time (epoch ms); returns the entry id. */
  appendConsensusAt(symbol: string, price: string, sourceTime: number): Promise<string> {
    return this.redis.xadd(this.quoteStream, {
      v: '1', type: 'quote', id: `quote:consensus:${symbol}:USD:${sourceTime}`, source: 'consensus',
      sourceTime: String(sourceTime), ingestTime: String(Date.now()),
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00',
      symbol, quote: 'USD', price, consensusSources: '3', consensusLow: price, consensusHigh: price,
    });
  }

  /** Appends a binance trade the way the ingest service does; returns the entry id. */
  appendTrade(symbol: string, tradeId: number, price: string): Promise<string> {
    const sourceTime = ++this.sourceTime;
    return this.redis.xadd(`${this.trades}:{p0}`, {
      v: '1', type: 'trade', id: `trade:binance:${symbol}:USDT:${tradeId}`, source: 'binance',
      sourceTime: String(sourceTime), ingestTime: String(Date.now()),
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00',
      symbol, quote: 'USDT', price, size: '0.01', side: 'sell', tradeId: String(tradeId),
    });
  }

  /** What Redis losing its data looks like to the service: every key of this test gone (streams, epoch). */
  loseData(): Promise<void> {
    return this.redis.deleteKeys(this.prefix);
  }
}
