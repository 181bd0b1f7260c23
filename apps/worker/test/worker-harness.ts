import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadConfig, ManualClock } from '@tiendo/server-core';
import { EMAIL_QUEUE, REMINDERS_QUEUE } from '@tiendo/server-reminders';
import { Queue, QueueEvents } from 'bullmq';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
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

/** A real SMTP server on a local port that keeps what it receives and can refuse on demand. */
export class SmtpSink {
  readonly received: Array<{ to: string; subject: string; delivery: string; raw: string }> = [];
  refuse = false;
  /** Refuse this many more recipients, then accept again (a server coming back). */
  refuseNext = 0;
  private server!: SMTPServer;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
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
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
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
export async function startTestWorker(databaseUrl: string, clock: ManualClock, env: Record<string, string>, extraImports: Type[] = []): Promise<TestWorker> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    EMAIL_RETRY_BASE_MS: '20',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule.forRoot(config, clock), ...extraImports] }).compile();
  const app = await moduleRef.init();
  const connection = { host: new URL(REDIS_URL).hostname, port: Number(new URL(REDIS_URL).port || 6379) };
  const events = {
    reminders: new QueueEvents(REMINDERS_QUEUE, { connection, prefix: config.QUEUE_PREFIX }),
    email: new QueueEvents(EMAIL_QUEUE, { connection, prefix: config.QUEUE_PREFIX }),
  };
  await Promise.all([events.reminders.waitUntilReady(), events.email.waitUntilReady()]);
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
