import { freeLocalPort, renderWebNginxTemplate, startTestDnsServer, startWebNginx, TestWebNginx } from '@tiendo/server-testing';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, request as httpRequest, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, startTestApi, TestApi } from './harness';

const WRONG = 'not-the-password-1';
const SHELL = '<!doctype html><html lang="vi"><head><title>Tiến Độ</title></head><body><app-root></app-root></body></html>';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request to nginx from the local address `from` (127.0.0.3: a client; nginx itself reaches the API from 127.0.0.1). */
function call(port: number, from: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const all: Record<string, string | number> = { ...headers };
    if (body !== undefined) Object.assign(all, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    const req = httpRequest({ host: '127.0.0.1', port, localAddress: from, method, path, headers: all }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The web image's nginx (apps/web/nginx/default.conf.template, rendered as its entrypoint does, Debian's nginx as a
 * child process) in front of the real API: the web app's shell and its client-side routes, an /api call, the live
 * notification stream passed through unbuffered, and the client address the API records behind it. TRUST_PROXY names
 * nginx's own address (127.0.0.1, as compose names the web container's): the client (127.0.0.3, also a loopback
 * address, so `loopback` would trust it too) is what nginx appends to X-Forwarded-For, and what the client wrote
 * there itself is not believed.
 */
describe('behind the web image’s nginx', () => {
  let api: TestApi;
  let nginx: TestWebNginx;
  let webRoot: string;
  let apiPort: number;

  beforeAll(async () => {
    api = await startTestApi({ TRUST_PROXY: '127.0.0.1', LOGIN_MAX_FAILURES_PER_ADDRESS: '3' });
    await api.app.listen(0, '127.0.0.1');
    apiPort = (api.app.getHttpServer().address() as AddressInfo).port;
    webRoot = mkdtempSync(join(tmpdir(), 'tiendo-web-root-'));
    chmodSync(webRoot, 0o755);
    writeFileSync(join(webRoot, 'index.html'), SHELL);
    writeFileSync(join(webRoot, 'main-3F2A1B.js'), 'console.log("tiendo")');
    await api.fixtures.unit('BO');
    // Unit codes may hold a dot: codes that end like a bundle's name (.js, .css) are API paths all the same.
    await api.fixtures.unit('TT.JS', 'BO');
    await api.fixtures.unit('SO.css', 'BO');
    await api.fixtures.user('cv', 'staff', 'BO');
    nginx = await startWebNginx({ apiAddress: `127.0.0.1:${apiPort}`, webRoot });
  });
  afterAll(async () => {
    await nginx?.stop();
    await api?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('the rendered file passes nginx -t; the resolver is the TIENDO_RESOLVER given (Docker’s 127.0.0.11 in compose)', () => {
    expect(nginx.syntaxCheck).toMatch(/syntax is ok/);
    expect(nginx.syntaxCheck).toMatch(/test is successful/);
    expect(nginx.rendered).toMatch(/^resolver 127\.0\.0\.1 valid=10s ipv6=off;$/m);
    expect(renderWebNginxTemplate({ TIENDO_RESOLVER: '127.0.0.11' })).toMatch(/^resolver 127\.0\.0\.11 valid=10s ipv6=off;$/m);
    // Only the TIENDO_* values are filled in: nginx's own variables stay for nginx.
    const directives = nginx.rendered.split('\n').filter((line) => !line.trim().startsWith('#'));
    expect(directives.filter((line) => line.includes('${TIENDO_'))).toEqual([]);
    expect(nginx.rendered).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
    expect(nginx.rendered).toContain('try_files $uri $uri/ /index.html;');
  });

  it('serves the web app’s shell, for its client-side routes too, never cached; bundles for a year', async () => {
    for (const path of ['/', '/tasks/3f2a/history']) {
      const res = await call(nginx.port, '127.0.0.3', 'GET', path);
      expect(res.status).toBe(200);
      expect(res.body).toBe(SHELL);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    const bundle = await call(nginx.port, '127.0.0.3', 'GET', '/main-3F2A1B.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers['cache-control']).toBe('max-age=31536000, public, immutable');
    expect(bundle.headers['x-content-type-options']).toBe('nosniff');
    expect(bundle.headers['content-security-policy']).toContain("script-src 'self'");
    // /api answers carry the API's own headers, once: nginx adds none of its own there.
    const through = await call(nginx.port, '127.0.0.3', 'GET', '/api/health');
    const direct = await call(apiPort, '127.0.0.3', 'GET', '/api/health');
    for (const name of ['content-security-policy', 'referrer-policy', 'x-content-type-options', 'cache-control']) {
      expect([name, through.headers[name]]).toEqual([name, direct.headers[name]]);
    }
    expect(through.headers['referrer-policy']).toBe('no-referrer');
  });

  it('passes /api calls to the API: the health check, and a signed-in call', async () => {
    const health = await call(nginx.port, '127.0.0.3', 'GET', '/api/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok', database: 'up' });
    const token = await api.login('cv');
    const me = await call(nginx.port, '127.0.0.3', 'GET', '/api/notifications/unread-count', bearer(token));
    expect(me.status).toBe(200);
    expect(JSON.parse(me.body)).toEqual({ unread: 0 });
  });

  it('passes every /api path to the API, those ending like a bundle (.js, .css) too, whatever the method', async () => {
    const token = await api.login('cv');
    for (const code of ['TT.JS', 'SO.css']) {
      const unit = await call(nginx.port, '127.0.0.3', 'GET', `/api/units/${code}`, bearer(token));
      expect([code, unit.status, JSON.parse(unit.body).code]).toEqual([code, 200, code]);
      // A write by someone who may not: the API's refusal, in its JSON, not nginx's 404 or 405 page.
      const renamed = await call(nginx.port, '127.0.0.3', 'PATCH', `/api/units/${code}`, bearer(token), JSON.stringify({ name: 'Đổi tên' }));
      expect([code, renamed.status, JSON.parse(renamed.body).code]).toEqual([code, 403, 'FORBIDDEN']);
    }
  });

  /** Opens the notification stream of `token` through nginx at `port`; `seen(n)` resolves once n counts arrived. */
  function openStream(port: number, token: string) {
    const events: Array<{ unread: number }> = [];
    let waiting: { n: number; resolve: () => void } | null = null;
    let ended = false;
    const req = httpRequest({ host: '127.0.0.1', port, localAddress: '127.0.0.3', path: '/api/notifications/stream', headers: { ...bearer(token), 'Accept-Encoding': 'gzip, deflate, br' } });
    const response = new Promise<{ status: number; type: string | undefined }>((resolve, reject) => {
      req.on('response', (res) => {
        resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] });
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          for (const line of lines) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
          if (waiting && events.length >= waiting.n) waiting.resolve();
        });
        res.on('end', () => (ended = true));
      });
      req.on('error', reject);
    });
    req.end();
    // A buffering proxy would hold a small event until its buffer filled or the stream ended: bounded at 10 s (the
    // event comes in milliseconds) so that such a proxy fails here, naming why, rather than at Jest's timeout.
    const seen = async (n: number) => {
      let timer: NodeJS.Timeout | undefined;
      const held = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`event ${n} held back by nginx for 10 s (buffered)`)), 10_000)));
      const arrived = new Promise<void>((resolve) => (events.length >= n ? resolve() : (waiting = { n, resolve })));
      await Promise.race([arrived, held]).finally(() => clearTimeout(timer));
    };
    return { events, response, seen, ended: () => ended, close: () => req.destroy() };
  }

  it('the live stream is passed through unbuffered: a notification committed after connecting arrives while it stays open', async () => {
    // Asked as a browser asks (Accept-Encoding: gzip): compressing the stream would hold its events back (tried: adding
    // text/event-stream to gzip_types fails this test at the 10 s bound).
    const token = await api.login('cv');
    const [{ n: before }] = await api.db.query(`SELECT count(*)::int AS n FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'cv' AND n.read_at IS NULL`);
    const stream = openStream(nginx.port, token);
    try {
      expect(await stream.response).toEqual({ status: 200, type: expect.stringMatching(/^text\/event-stream/) });
      await stream.seen(1);
      expect(stream.events).toEqual([{ unread: before }]);
      await api.db.query(`INSERT INTO notifications (user_id, kind, title, body, created_at) SELECT id, 'due_today', 'Mới', 'Nội dung', now() FROM users WHERE username = 'cv'`);
      await stream.seen(2);
      expect(stream.events[1]).toEqual({ unread: before + 1 });
      expect(stream.ended()).toBe(false);
    } finally {
      stream.close();
    }
  });

  it('the sign-in throttle and the security log see the client nginx names, not nginx, and not what the client claims', async () => {
    const signIn = (from: string, username: string, forwardedFor?: string) =>
      call(nginx.port, from, 'POST', '/api/auth/login', forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {}, JSON.stringify({ username, password: WRONG }));
    const recorded = async (username: string): Promise<string> =>
      (await api.db.query(`SELECT ip FROM security_events WHERE event = 'login_failed' AND detail->>'username' = $1 ORDER BY id DESC LIMIT 1`, [username]))[0]?.ip;

    // A client forging a new address at each try is still counted at the address nginx saw: held back after three.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn('127.0.0.3', `forged${i}.x`, `203.0.113.${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(await recorded('forged0.x')).toBe('127.0.0.3');
    // Another client behind the same nginx is not held back by the first one's failures: counted apart.
    expect((await signIn('127.0.0.4', 'other.x')).status).toBe(401);
    expect(await recorded('other.x')).toBe('127.0.0.4');
  });
});

/**
 * `docker compose up --scale api=3`, a rolling update on Kubernetes: the api's name has several addresses, and they
 * change. The web image's nginx names the api in a variable, so it asks its resolver at request time (TIENDO_RESOLVER),
 * again once an answer is 10 s old (`valid=10s`), and spreads requests over every address. Here a DNS server of the
 * test's own answers `api.tiendo.test`, and three plain HTTP servers on 127.0.0.4-6 stand for the replicas.
 */
describe('behind the web image’s nginx: the api replicas by name, resolved again when they change', () => {
  const NAME = 'api.tiendo.test';
  const replicas: Array<{ address: string; server: Server }> = [];
  let dns: Awaited<ReturnType<typeof startTestDnsServer>>;
  let nginx: TestWebNginx;
  let webRoot: string;

  beforeAll(async () => {
    const port = await freeLocalPort();
    for (const address of ['127.0.0.4', '127.0.0.5', '127.0.0.6']) {
      const server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(address));
      await new Promise<void>((resolve) => server.listen(port, address, resolve));
      replicas.push({ address, server });
    }
    dns = await startTestDnsServer();
    dns.set(NAME, ['127.0.0.4', '127.0.0.5']);
    webRoot = mkdtempSync(join(tmpdir(), 'tiendo-web-root-'));
    chmodSync(webRoot, 0o755);
    writeFileSync(join(webRoot, 'index.html'), SHELL);
    nginx = await startWebNginx({ apiAddress: `${NAME}:${port}`, webRoot, resolver: dns.address });
  });
  afterAll(async () => {
    await nginx?.stop();
    await dns?.stop();
    await Promise.all(replicas.map((r) => new Promise((resolve) => r.server.close(resolve))));
    rmSync(webRoot, { recursive: true, force: true });
  });

  const servedBy = async (n: number) => {
    const seen: string[] = [];
    for (let i = 0; i < n; i++) {
      const res = await call(nginx.port, '127.0.0.3', 'GET', '/api/health/live');
      expect(res.status).toBe(200);
      seen.push(res.body);
    }
    return new Set(seen);
  };

  it('spreads requests over every address of the name', async () => {
    expect([...(await servedBy(8))].sort()).toEqual(['127.0.0.4', '127.0.0.5']);
    expect(dns.asked(NAME)).toBeGreaterThan(0);
  });

  it('follows the name when the replicas change (one gone, one new), without a restart or a reload', async () => {
    dns.set(NAME, ['127.0.0.6']);
    // nginx keeps an answer for 10 s (valid=10s): asked until it has moved, within 20 s.
    const deadline = Date.now() + 20_000;
    let now = await servedBy(2);
    while (!(now.size === 1 && now.has('127.0.0.6')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      now = await servedBy(2);
    }
    expect([...now]).toEqual(['127.0.0.6']);
    expect([...(await servedBy(4))]).toEqual(['127.0.0.6']);
  }, 60_000);
});
