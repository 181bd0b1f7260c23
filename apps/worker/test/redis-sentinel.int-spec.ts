import { loadConfig } from '@tiendo/server-core';
import { redisConnection, ReminderWatchdog } from '@tiendo/server-reminders';
import { startRedisSentinel, TestRedisSentinel } from '@tiendo/server-testing';
import { QueueEvents } from 'bullmq';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { startWorkerTestbed, WorkerTestbed } from './harness-db';
import { SmtpSink } from './worker-harness';

const vn = (local: string) => new Date(`${local}+07:00`);

function completed(events: QueueEvents, jobId: string): Promise<void> {
  return new Promise((resolve) => {
    const on = ({ jobId: id }: { jobId: string }) => {
      if (id !== jobId) return;
      events.off('completed', on);
      resolve();
    };
    events.on('completed', on);
  });
}

/** The scheduler's next job (the one it queued, delayed) run now, as its hour would; resolves once it completed. */
async function fire(t: WorkerTestbed, schedulerId: string): Promise<string> {
  const scheduler = await t.worker.reminders.getJobScheduler(schedulerId);
  if (!scheduler?.next) throw new Error(`no scheduler ${schedulerId}`);
  const jobId = `repeat:${schedulerId}:${scheduler.next}`;
  const job = await t.worker.reminders.getJob(jobId);
  if (!job) throw new Error(`scheduler ${schedulerId} has no next job`);
  const done = completed(t.worker.events.reminders, jobId);
  await job.promote();
  await done;
  return jobId;
}

/** Resolves once no e-mail delivery is pending (each sent, or failed for good). */
function emailsSettled(t: WorkerTestbed): Promise<void> {
  return new Promise((resolve) => {
    const look = async () => {
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM reminder_deliveries WHERE channel = 'email' AND status = 'pending'`);
      if (n > 0) return;
      t.worker.events.email.off('completed', look);
      resolve();
    };
    t.worker.events.email.on('completed', look);
    void look();
  });
}

const PASSWORD = randomBytes(12).toString('hex');
/** The database number REDIS_URL names: it applies through the sentinels too. */
const DB = 3;

/** The keys of the test's queue prefix in database DB of the Redis server at `port`. */
async function keysOn(port: number, prefix: string): Promise<string[]> {
  const redis = new Redis({ host: '127.0.0.1', port, password: PASSWORD, db: DB });
  try {
    return await redis.keys(`${prefix}:*`);
  } finally {
    redis.disconnect();
  }
}

/**
 * Redis Sentinel (REDIS_SENTINELS, REDIS_SENTINEL_MASTER): the worker reaches its queues through the sentinels, not
 * an address, and follows a failover. A master, a replica and three sentinels of the test's own (Debian's
 * redis-server, libs/server/testing redis-sentinel.ts); the daily reminder run and its e-mails go through BullMQ on
 * the master the sentinels name; `SENTINEL FAILOVER` promotes the replica; the worker's connections move to it and
 * the next day's run and e-mails are delivered through the new master.
 */
describe('Redis Sentinel: the worker finds the master through the sentinels and follows a failover', () => {
  let group: TestRedisSentinel;
  const smtp = new SmtpSink();
  let t: WorkerTestbed;

  beforeAll(async () => {
    group = await startRedisSentinel({ sentinels: 3, password: PASSWORD });
    await smtp.start();
    t = await startWorkerTestbed('2026-11-23T06:00:00+07:00', {
      // REDIS_URL's host is no server: only the sentinels can lead the worker to its Redis; its password and database
      // number still apply (the servers refuse commands without the password).
      REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:1/${DB}`,
      REDIS_SENTINELS: group.sentinels,
      REDIS_SENTINEL_MASTER: group.masterName,
      SMTP_URL: smtp.url(),
    });
    t.worker.app.get(ReminderWatchdog).stop();
    const f = t.fixtures;
    await f.unit('BO');
    await f.unit('VBC', 'BO', 'Vụ Bưu chính');
    await f.user('vp', 'monitor', 'BO');
    await f.user('cv', 'staff', 'VBC');
    await f.user('cv2', 'staff', 'VBC');
    await t.db.query(`UPDATE users SET email = username || '@mic.gov.vn'`);
    await f.task({ code: 'A', leadUnit: 'VBC', assignee: 'cv', assignedBy: 'vp', assignedOn: '2026-11-02', deadline: '2026-11-23' });
    await f.task({ code: 'C', leadUnit: 'VBC', assignee: 'cv2', assignedBy: 'vp', assignedOn: '2026-11-02', deadline: '2026-11-25' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp.stop();
    await group?.stop();
  });

  it('every connection is built from the sentinel settings: the sentinels, the name, the master role, REDIS_URL\'s password and db', () => {
    const config = loadConfig({
      JWT_SECRET: randomBytes(48).toString('base64url'),
      REDIS_URL: 'redis://:s%40cret@ignored:6379/2',
      REDIS_SENTINELS: 'sentinel-1:26379, [::1]:26380',
      REDIS_SENTINEL_MASTER: 'tiendo',
      REDIS_SENTINEL_PASSWORD: 'sentinel-pass',
    });
    const options = redisConnection(config);
    expect(options).toMatchObject({
      sentinels: [
        { host: 'sentinel-1', port: 26379 },
        { host: '::1', port: 26380 },
      ],
      name: 'tiendo',
      sentinelPassword: 'sentinel-pass',
      role: 'master',
      password: 's@cret',
      db: 2,
      maxRetriesPerRequest: null,
    });
    expect(options.host).toBeUndefined();
    // A write that reaches a master just demoted: reconnect through the sentinels and resend it; other errors do not.
    expect(options.reconnectOnError?.(new Error("READONLY You can't write against a read only replica."))).toBe(2);
    expect(options.reconnectOnError?.(new Error('ERR unknown command'))).toBe(false);
    expect(redisConnection(loadConfig({ JWT_SECRET: config.JWT_SECRET, REDIS_URL: 'redis://cache:6380/1' }))).toMatchObject({ host: 'cache', port: 6380, db: 1, maxRetriesPerRequest: null });
  });

  it('delivers through the master the sentinels name; after SENTINEL FAILOVER, through the new master', async () => {
    const first = await group.masterPort();
    expect(first).toBe(group.serverPorts[0]);
    // Monday 08:00: the daily run on the first master, its e-mail sent.
    t.clock.set(vn('2026-11-23T08:00:00'));
    await fire(t, 'daily-reminders');
    await emailsSettled(t);
    expect(smtp.received.map((m) => m.to)).toEqual(['cv@mic.gov.vn']);
    expect((await keysOn(first, t.prefix)).length).toBeGreaterThan(0);

    const { from, to } = await group.failover();
    expect({ from, to }).toEqual({ from: first, to: group.serverPorts[1] });

    // Tuesday 08:00: the job the scheduler had queued (replicated to the new master) runs; its e-mails go out.
    t.clock.set(vn('2026-11-24T08:00:00'));
    const jobId = await fire(t, 'daily-reminders');
    await emailsSettled(t);
    expect(smtp.received.map((m) => m.to).sort()).toEqual(['cv2@mic.gov.vn', 'cv@mic.gov.vn', 'cv@mic.gov.vn']);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM reminder_deliveries WHERE channel = 'email' AND status = 'delivered'`);
    expect(n).toBe(3);
    // Recorded as run in PostgreSQL, and the queue's keys on the new master, which answers as master; the old one
    // is its read-only replica now, so each write of the run (promote, completion, the e-mail jobs) went to the new.
    const [run] = await t.db.query(`SELECT finished_at FROM reminder_runs WHERE kind = 'daily' AND period_key = '2026-11-24'`);
    expect(run.finished_at).toEqual(vn('2026-11-24T08:00:00'));
    expect(jobId).toMatch(/^repeat:daily-reminders:/);
    expect((await keysOn(to, t.prefix)).length).toBeGreaterThan(0);
    const role = async (port: number) => {
      const redis = new Redis({ host: '127.0.0.1', port, password: PASSWORD });
      try {
        return ((await redis.call('ROLE')) as unknown[])[0];
      } finally {
        redis.disconnect();
      }
    };
    expect({ [to]: await role(to), [from]: await role(from) }).toEqual({ [to]: 'master', [from]: 'slave' });
  });
});
