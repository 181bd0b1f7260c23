import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadConfig, ManualClock } from '@tiendo/server-core';
import { EMAIL_QUEUE, redisConnection, REMINDERS_QUEUE } from '@tiendo/server-reminders';
import { Queue, QueueEvents } from 'bullmq';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { AddressInfo, createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { WorkerModule } from '../src/app/worker.module';

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** A key prefix of its own in the shared Redis, removed at the end. */
export function testQueuePrefix(): string {
  return `tiendo-test-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export async function dropQueuePrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A Redis server of the test's own (Debian's redis-server, nothing kept on disk, as in production), so that a test
 * can FLUSHDB it, stop it and start it again empty without touching the Redis other tests share.
 */
export class ThrowawayRedis {
  private process: ChildProcess | null = null;
  port = 0;

  async start(): Promise<void> {
    this.port ||= await freePort();
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
    this.process = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
    });
  }

  url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Every key of the database gone at once, as FLUSHDB (or a restart of a Redis that keeps nothing) does. */
  async flush(): Promise<void> {
    const redis = new Redis(this.url());
    await redis.flushdb();
    await redis.quit();
  }

  /** Killed like a crashed server: clients see their connections drop. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    child.removeAllListeners('exit');
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGKILL');
    });
    this.process = null;
  }
}

/** A real SMTP server on a local port that keeps what it receives and can refuse on demand. */
export class SmtpSink {
  readonly received: Array<{ to: string; subject: string; delivery: string; raw: string }> = [];
  refuse = false;
  /** Refuse this many more recipients, then accept again (a server coming back). */
  refuseNext = 0;
  private held: { reached: () => void; released: Promise<void> } | null = null;
  private server!: SMTPServer;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // stop() waits for open SMTP connections up to this long, then closes them (smtp-server's default is 30 s,
      // which with a worker's idle connection made a file's teardown outlast Jest's 60 s hook timeout).
      closeTimeout: 1_000,
      onRcptTo: (_address, _session, callback) => {
        if (this.refuse || this.refuseNext > 0) {
          if (this.refuseNext > 0) this.refuseNext--;
          const err = new Error('Mailbox temporarily unavailable') as Error & { responseCode: number };
          err.responseCode = 451;
          return callback(err);
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        const held = this.held;
        this.held = null;
        held?.reached();
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          if (held) await held.released;
          const raw = Buffer.concat(chunks).toString('utf8');
          const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1]?.trim() ?? '';
          this.received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), subject: header('Subject'), delivery: header('X-Tiendo-Delivery'), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The next message is held mid-conversation (its sender waits for the answer) until `release()`. */
  holdNext(): { reached: Promise<void>; release: () => void } {
    let reached!: () => void;
    let release!: () => void;
    const reachedP = new Promise<void>((r) => (reached = r));
    const released = new Promise<void>((r) => (release = r));
    this.held = { reached, released };
    return { reached: reachedP, release };
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface TestWorker {
  app: INestApplicationContext;
  reminders: Queue;
  email: Queue;
  events: { reminders: QueueEvents; email: QueueEvents };
  close(): Promise<void>;
}

/** The worker's real module in this process, on the given database, Redis prefix and clock. */
export async function startTestWorker(
  databaseUrl: string,
  clock: ManualClock,
  env: Record<string, string>,
  extraImports: Type[] = [],
  options: { waitForRedis?: boolean } = {},
): Promise<TestWorker> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    EMAIL_RETRY_BASE_MS: '20',
    // Several workers in one test process: each its own free port.
    WORKER_HEALTH_PORT: '0',
    // Events go at once unless a test sets a settle window (bursts: task-event-notifications.int-spec.ts).
    NOTIFICATION_SETTLE_SECONDS: '0',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule.forRoot(config, clock), ...extraImports] }).compile();
  const app = await moduleRef.init();
  // The worker's own connection settings (REDIS_URL, or the sentinels of REDIS_SENTINELS): the listeners follow it.
  const connection = redisConnection(config);
  const events = {
    reminders: new QueueEvents(REMINDERS_QUEUE, { connection, prefix: config.QUEUE_PREFIX }),
    email: new QueueEvents(EMAIL_QUEUE, { connection, prefix: config.QUEUE_PREFIX }),
  };
  // Tests stop and flush Redis on purpose: the listeners' reconnect errors are expected.
  for (const e of Object.values(events)) e.on('error', () => undefined);
  // A test of a worker started before its Redis goes on at once; the listeners connect when Redis comes.
  if (options.waitForRedis !== false) await Promise.all([events.reminders.waitUntilReady(), events.email.waitUntilReady()]);
  return {
    app,
    reminders: app.get<Queue>(getQueueToken(REMINDERS_QUEUE)),
    email: app.get<Queue>(getQueueToken(EMAIL_QUEUE)),
    events,
    async close() {
      await events.reminders.close();
      await events.email.close();
      await app.close();
    },
  };
}

/**
 * One step of a test file's teardown, given `seconds` to finish: past them it is reported on the console (naming the
 * step) and the teardown goes on, so that a step that hangs cannot outlast Jest's hook timeout and fail a file whose
 * tests all passed. Twice in CI (30 November 2026) the teardown of task-event-notifications.int-spec.ts, after every
 * test had passed, did not finish in 60 s and left Jest waiting on open handles: the BullMQ workers had closed, but the
 * task-event dispatcher kept its LISTEN connection checked out (stopped, started and stopped again, it took the
 * pool's same client object back and never released it), so the pool's end, and app.close(), waited for ever. Fixed in
 * the dispatcher, with a test; this guard only names such a step now, no test relies on it. The throwaway database is
 * dropped WITH (FORCE) at the end of the run whatever a step left open.
 */
export async function teardownStep(name: string, step: () => Promise<unknown>, seconds = 15): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), seconds * 1000)));
  try {
    if ((await Promise.race([step().then(() => 'done' as const), late])) === 'late') console.warn(`teardown: ${name} did not finish in ${seconds} s`);
  } finally {
    clearTimeout(timer);
  }
}

/** The built worker (npm test builds it before the worker tier; TIENDO_WORKER_BUNDLE points at another build). */
export const WORKER_BUNDLE = process.env['TIENDO_WORKER_BUNDLE'] ?? join(__dirname, '../../../dist/apps/worker/main.js');

/**
 * The built worker as a process of its own (the crash tests kill it with SIGKILL), on `databaseUrl` and the queue
 * prefix `prefix` of the shared Redis, its clock starting at `clockStart` (an ISO moment), settings in `env`. The
 * process is added to `children`, which the test kills in its `finally`.
 */
export function spawnBuiltWorker(children: ChildProcess[], databaseUrl: string, prefix: string, clockStart: string, env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, [WORKER_BUNDLE], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      JWT_SECRET: randomBytes(48).toString('base64url'),
      CLOCK_START: clockStart,
      LOG_LEVEL: 'silent',
      WORKER_HEALTH_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}
