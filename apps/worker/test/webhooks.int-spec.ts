import { getQueueToken } from '@nestjs/bullmq';
import type { TaskEventKind, WebhookPayload } from '@tiendo/contracts';
import { AuditService } from '@tiendo/server-audit';
import { Actor, AppConfig } from '@tiendo/server-core';
import { TaskEventDispatcher } from '@tiendo/server-notifications';
import { TaskEventsRepository } from '@tiendo/server-tasks';
import { verifyWebhookSignature, WEBHOOKS_QUEUE, WebhookSubscriptionsService } from '@tiendo/server-webhooks';
import { Queue, QueueEvents } from 'bullmq';
import { EventEmitter } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { startWorkerTestbed, WorkerTestbed } from './harness-db';
import { freePort, startTestWorker, teardownStep, TestWorker } from './worker-harness';

const events = new TaskEventsRepository();

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A webhook receiver on a local port: keeps every request; each path answers by its own script (a list of statuses
 * used in turn, the last one repeated; 0 means "never answer"). Emits 'request' after keeping one.
 */
class Receiver extends EventEmitter {
  readonly received: Received[] = [];
  readonly scripts = new Map<string, number[]>();
  private server!: Server;
  private readonly hanging: ServerResponse[] = [];
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const script = this.scripts.get(path) ?? [200];
        const status = script.length > 1 ? (script.shift() as number) : script[0];
        this.emit('request');
        if (status === 0) {
          this.hanging.push(res);
          return;
        }
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  requestsTo(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

describe('webhooks: task events posted, signed, retried, once per event and subscription', () => {
  let t: WorkerTestbed;
  let dispatcher: TaskEventDispatcher;
  let receiver: Receiver;
  let queueEvents: QueueEvents;
  let subscriptions: WebhookSubscriptionsService;
  let admin: Actor;
  let taskVbc: string;
  let taskVkh: string;
  const id = (username: string) => t.fixtures.userId(username);
  const record = (kind: TaskEventKind, task: string, payload: Record<string, unknown> = {}) =>
    t.db.transaction((m) => events.record(m, { taskId: task, kind, actorId: id('vanphong'), at: t.clock.now(), payload }));
  const subscribe = async (path: string, eventTypes: TaskEventKind[], unitCodes: string[]) => subscriptions.create({ name: `Nhận ${path}`, url: receiver.url(path), eventTypes, unitCodes }, admin);

  /**
   * Resolves once no delivery is pending. Woken by the webhooks queue's events (a job completed or failed for good),
   * never by a timer; the listener is in place before each look, so an end between the look and the wait is not missed.
   */
  async function settled(): Promise<void> {
    for (;;) {
      let stop = () => undefined as void;
      const ended = new Promise<void>((resolve) => {
        stop = () => {
          queueEvents.off('completed', stop);
          queueEvents.off('failed', stop);
          resolve();
        };
        queueEvents.on('completed', stop);
        queueEvents.on('failed', stop);
      });
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE state = 'pending'`);
      if (n === 0) return stop();
      await ended;
    }
  }

  const attempts = async (subscriptionId: string) => (await subscriptions.deliveries(subscriptionId)).items;

  beforeAll(async () => {
    receiver = new Receiver();
    await receiver.start();
    // The receiver listens on this machine's 127.0.0.1, a network webhooks never go to unless allowed by name. The
    // timeout is what a hanging receiver costs each attempt; short, but not so short that a receiver's answer delayed
    // by a busy machine times out and is sent again (at-least-once then, which "exactly once" below would miscount:
    // 300 ms did, under npm test's load).
    t = await startWorkerTestbed('2026-11-23T09:00:00+07:00', { WEBHOOK_RETRY_BASE_MS: '20', WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_TIMEOUT_MS: '1500', WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32' });
    dispatcher = t.worker.app.get(TaskEventDispatcher);
    // The tests drive the dispatcher themselves.
    dispatcher.stop();
    await dispatcher.idle();
    const config = t.worker.app.get(AppConfig);
    queueEvents = new QueueEvents(WEBHOOKS_QUEUE, { connection: { host: new URL(config.REDIS_URL).hostname, port: Number(new URL(config.REDIS_URL).port || 6379) }, prefix: config.QUEUE_PREFIX });
    await queueEvents.waitUntilReady();
    // The admin's side, as the API runs it (its own Queue for "send again"), on the same database and clock.
    subscriptions = new WebhookSubscriptionsService(t.db, t.clock, config, new AuditService(t.db, t.clock));
    const f = t.fixtures;
    await f.unit('BO');
    await f.unit('VP', 'BO');
    await f.unit('VBC', 'BO', 'Vụ Bưu chính');
    await f.unit('VBC_1', 'VBC', 'Phòng Bưu chính 1');
    await f.unit('VKH', 'BO', 'Vụ Kế hoạch');
    await f.user('vanphong', 'monitor', 'VP');
    await f.user('quantri', 'admin', 'VP');
    admin = { id: id('quantri'), username: 'quantri', fullName: 'Quản trị', role: 'admin', unitId: f.unitId('VP'), unitPath: '' };
    taskVbc = await f.task({ code: 'NV-1', title: 'Báo cáo chuyển đổi số', leadUnit: 'VBC_1', assignedBy: 'vanphong', deadline: '2026-12-15' });
    taskVkh = await f.task({ code: 'NV-2', title: 'Kế hoạch năm 2027', leadUnit: 'VKH', assignedBy: 'vanphong', deadline: null });
  });
  afterAll(async () => {
    await teardownStep('the queue listener closing', () => queueEvents.close());
    await teardownStep('the worker and its database closing', () => t.close());
    await teardownStep('the receiver stopping', () => receiver.stop());
  });
  beforeEach(async () => {
    await t.db.query(`UPDATE webhook_subscriptions SET active = false`);
    receiver.received.length = 0;
  });

  it('posts the event, signed over the body with the subscription’s secret and the attempt’s timestamp', async () => {
    const sub = await subscribe('/signed', ['assigned'], ['VBC']);
    await record('assigned', taskVbc, { assigneeId: null, leadUnitId: t.fixtures.unitId('VBC_1') });
    await dispatcher.dispatchPending();
    await settled();
    const [req] = receiver.requestsTo('/signed');
    expect(receiver.requestsTo('/signed')).toHaveLength(1);
    const now = Math.floor(t.clock.now().getTime() / 1000);
    expect(req.headers['x-tiendo-timestamp']).toBe(String(now));
    expect(verifyWebhookSignature(sub.secret, req.headers['x-tiendo-timestamp'] as string, req.body, req.headers['x-tiendo-signature'] as string, now)).toBe(true);
    expect(verifyWebhookSignature('whsec_other', req.headers['x-tiendo-timestamp'] as string, req.body, req.headers['x-tiendo-signature'] as string, now)).toBe(false);
    const body = JSON.parse(req.body) as WebhookPayload;
    expect(body).toEqual({
      id: req.headers['x-tiendo-event-id'],
      type: 'assigned',
      occurredAt: '2026-11-23T02:00:00.000Z',
      task: { id: taskVbc, code: 'NV-1', title: 'Báo cáo chuyển đổi số', leadUnit: { code: 'VBC_1', name: 'Phòng Bưu chính 1' }, deadline: '2026-12-15', state: 'open', progressPercent: 0 },
      actor: { id: id('vanphong'), username: 'vanphong', fullName: 'Cán bộ vanphong' },
      data: { assigneeId: null, leadUnitId: t.fixtures.unitId('VBC_1') },
    });
    expect(req.headers['x-tiendo-event']).toBe('assigned');
    expect(req.headers['content-type']).toBe('application/json; charset=utf-8');
    const [delivery] = await attempts(sub.id);
    expect(delivery).toMatchObject({ state: 'delivered', eventType: 'assigned', taskId: taskVbc, attempts: [{ statusCode: 200, error: null }] });
    expect(req.headers['x-tiendo-delivery-id']).toBe(delivery.id);
    // The retention purge deletes dispatched events (retention.repository.ts): a delivery does not hold it back.
    await t.db.query(`DELETE FROM task_events WHERE id = $1`, [body.id]);
    expect((await attempts(sub.id))[0]).toMatchObject({ id: delivery.id, eventId: body.id, state: 'delivered' });
  });

  it('posts only the event types and the units subscribed (a unit with its sub-units, lead or coordinating)', async () => {
    const assignedVbc = await subscribe('/assigned-vbc', ['assigned'], ['VBC']);
    const completedAll = await subscribe('/completed-bo', ['completion_reported'], ['BO']);
    const vkh = await subscribe('/vkh', ['assigned', 'completion_reported'], ['VKH']);
    await record('assigned', taskVbc);
    await record('assigned', taskVkh);
    await record('completion_reported', taskVbc);
    await record('progress_reported', taskVbc, { percent: 30 });
    await dispatcher.dispatchPending();
    await settled();
    const seen = (path: string) => receiver.requestsTo(path).map((r) => `${JSON.parse(r.body).type} ${JSON.parse(r.body).task.code}`).sort();
    expect(seen('/assigned-vbc')).toEqual(['assigned NV-1']);
    expect(seen('/completed-bo')).toEqual(['completion_reported NV-1']);
    expect(seen('/vkh')).toEqual(['assigned NV-2']);
    // A task coordinated by VKH reaches VKH's subscription too.
    await t.db.query(`INSERT INTO task_coordinating_units (task_id, unit_id) VALUES ($1, $2)`, [taskVbc, t.fixtures.unitId('VKH')]);
    await record('completion_reported', taskVbc);
    await dispatcher.dispatchPending();
    await settled();
    expect(seen('/vkh')).toEqual(['assigned NV-2', 'completion_reported NV-1']);
    await t.db.query(`DELETE FROM task_coordinating_units WHERE task_id = $1`, [taskVbc]);
    expect([(await attempts(assignedVbc.id)).length, (await attempts(completedAll.id)).length, (await attempts(vkh.id)).length]).toEqual([1, 2, 2]);
  });

  it('retries a receiver that fails twice, with every attempt visible, and sends the same event and body each time', async () => {
    receiver.scripts.set('/flaky', [500, 503, 200]);
    const sub = await subscribe('/flaky', ['cancelled'], ['BO']);
    await record('cancelled', taskVkh, { reason: 'Không còn cần' });
    await dispatcher.dispatchPending();
    await settled();
    const reqs = receiver.requestsTo('/flaky');
    expect(reqs).toHaveLength(3);
    expect(new Set(reqs.map((r) => r.body)).size).toBe(1);
    expect(new Set(reqs.map((r) => r.headers['x-tiendo-event-id'])).size).toBe(1);
    const [delivery] = await attempts(sub.id);
    expect(delivery.state).toBe('delivered');
    expect(delivery.attempts.map((a) => [a.statusCode, a.error])).toEqual([
      [500, 'HTTP 500'],
      [503, 'HTTP 503'],
      [200, null],
    ]);
  });

  it('marks a delivery failed after WEBHOOK_MAX_ATTEMPTS refusals or timeouts, and at once on 410 Gone', async () => {
    receiver.scripts.set('/down', [500]);
    receiver.scripts.set('/hangs', [0]);
    receiver.scripts.set('/gone', [410]);
    const down = await subscribe('/down', ['reopened'], ['BO']);
    const hangs = await subscribe('/hangs', ['reopened'], ['BO']);
    const gone = await subscribe('/gone', ['reopened'], ['BO']);
    // A receiver that is not there at all: the connection is refused.
    const nowhere = await subscriptions.create({ name: 'Không ai nghe', url: `http://127.0.0.1:${await freePort()}/x`, eventTypes: ['reopened'], unitCodes: ['BO'] }, admin);
    await record('reopened', taskVkh);
    await dispatcher.dispatchPending();
    await settled();
    const [d] = await attempts(down.id);
    expect([d.state, d.attempts.map((a) => a.statusCode)]).toEqual(['failed', [500, 500, 500]]);
    const [h] = await attempts(hangs.id);
    expect([h.state, h.attempts.map((a) => [a.statusCode, a.error])]).toEqual(['failed', Array(3).fill([null, 'no answer in 1500 ms'])]);
    const [g] = await attempts(gone.id);
    expect([g.state, g.attempts.map((a) => a.statusCode)]).toEqual(['failed', [410]]);
    const [n] = await attempts(nowhere.id);
    expect([n.state, n.attempts.map((a) => [a.statusCode, a.error])]).toEqual(['failed', Array(3).fill([null, 'ECONNREFUSED'])]);
  });

  it('never posts to this host or the cloud’s metadata service: refused when subscribing, and when sending one stored before the rule', async () => {
    // 127.0.0.2 is this host too (loopback) and outside the /32 this test bed allows; 169.254.169.254 is the metadata.
    for (const url of [`http://127.0.0.2:${await freePort()}/x`, 'http://169.254.169.254/latest/meta-data/', 'http://localhost:8080/x']) {
      await expect(subscriptions.create({ name: 'Nội bộ', url, eventTypes: ['extension_requested'], unitCodes: ['BO'] }, admin)).rejects.toMatchObject({
        fieldErrors: [{ field: 'url', rule: 'WEBHOOK_ADDRESS_NOT_ALLOWED' }],
      });
    }
    // Subscriptions stored before the rule (or written by hand): the worker refuses them when it sends, records why,
    // and never opens the connection (169.254.169.254 would otherwise be tried until the timeout).
    const stored: string[] = [];
    for (const url of [`http://127.0.0.2:${await freePort()}/x`, 'http://169.254.169.254/latest/meta-data/']) {
      const [{ id: subId }] = await t.db.query(
        `INSERT INTO webhook_subscriptions (name, url, secret, event_types, created_by_id, created_at) VALUES ('Cũ', $1, 'whsec_x', '{extension_requested}', $2, $3) RETURNING id`,
        [url, admin.id, t.clock.now()],
      );
      await t.db.query(`INSERT INTO webhook_subscription_units (subscription_id, unit_id) SELECT $1, id FROM units WHERE code = 'BO'`, [subId]);
      stored.push(subId);
    }
    await record('extension_requested', taskVkh);
    await dispatcher.dispatchPending();
    await settled();
    const [loopback] = await attempts(stored[0]);
    expect([loopback.state, loopback.attempts.map((a) => [a.statusCode, a.error])]).toEqual(['failed', Array(3).fill([null, 'WEBHOOK_ADDRESS_REFUSED: 127.0.0.2 is loopback'])]);
    const [metadata] = await attempts(stored[1]);
    expect([metadata.state, metadata.attempts.map((a) => [a.statusCode, a.error])]).toEqual([
      'failed',
      Array(3).fill([null, 'WEBHOOK_ADDRESS_REFUSED: 169.254.169.254 is link-local (cloud metadata)']),
    ]);
  });

  it('“send again” posts a settled delivery once more, as a new attempt', async () => {
    receiver.scripts.set('/again', [410, 200]);
    const sub = await subscribe('/again', ['deadline_changed'], ['VKH']);
    await record('deadline_changed', taskVkh, { from: null, to: '2027-01-31' });
    await dispatcher.dispatchPending();
    await settled();
    const [first] = await attempts(sub.id);
    expect(first.state).toBe('failed');
    const done = new Promise<void>((resolve) => queueEvents.once('completed', () => resolve()));
    await subscriptions.resend(first.id, admin);
    await done;
    const [again] = await attempts(sub.id);
    expect([again.state, again.attempts.map((a) => a.statusCode)]).toEqual(['delivered', [410, 200]]);
    expect(receiver.requestsTo('/again')).toHaveLength(2);
  });

  it('delivers exactly once per event and subscription with two workers dispatching at once, and when jobs run again', async () => {
    const sub = await subscribe('/once', ['progress_reported'], ['BO']);
    const other = await subscribe('/once-too', ['progress_reported'], ['VKH']);
    const second: TestWorker = await startTestWorker(t.databaseUrl, t.clock, { QUEUE_PREFIX: t.prefix, WEBHOOK_RETRY_BASE_MS: '20', WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_TIMEOUT_MS: '1500', WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32' });
    try {
      const dispatcher2 = second.app.get(TaskEventDispatcher);
      dispatcher2.stop();
      await dispatcher2.idle();
      for (let i = 1; i <= 10; i++) await record('progress_reported', i % 2 ? taskVbc : taskVkh, { percent: i * 5 });
      await Promise.all([dispatcher.dispatchPending(), dispatcher2.dispatchPending(), dispatcher.dispatchPending()]);
      await settled();
      expect(receiver.requestsTo('/once')).toHaveLength(10);
      expect(new Set(receiver.requestsTo('/once').map((r) => r.headers['x-tiendo-event-id'])).size).toBe(10);
      expect(receiver.requestsTo('/once-too')).toHaveLength(5);
      // The same deliveries queued again under other job ids (a re-run after Redis lost its keys): nothing more is sent.
      const ids = (await attempts(sub.id)).map((d) => d.id);
      const queue = t.worker.app.get<Queue>(getQueueToken(WEBHOOKS_QUEUE));
      const reran = new Promise<void>((resolve) => {
        let n = 0;
        const count = () => ++n === ids.length && (queueEvents.off('completed', count), resolve());
        queueEvents.on('completed', count);
      });
      await queue.addBulk(ids.map((deliveryId) => ({ name: 'deliver-webhook', data: { deliveryId }, opts: { jobId: `rerun-${deliveryId}` } })));
      await reran;
      expect(receiver.requestsTo('/once')).toHaveLength(10);
      expect((await attempts(sub.id)).every((d) => d.state === 'delivered' && d.attempts.length === 1)).toBe(true);
      expect((await attempts(other.id)).length).toBe(5);
    } finally {
      await second.close();
    }
  });

  it('a disabled subscription gets nothing more', async () => {
    const sub = await subscribe('/off', ['assigned'], ['BO']);
    await subscriptions.disable(sub.id, admin);
    await record('assigned', taskVkh);
    await dispatcher.dispatchPending();
    expect(await attempts(sub.id)).toEqual([]);
    expect(receiver.requestsTo('/off')).toHaveLength(0);
  });
});
