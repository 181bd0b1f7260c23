import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NotificationStream } from '@tiendo/server-notifications';
import { TEST_PASSWORD } from '@tiendo/server-testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AppModule } from '../src/app/app.module';
import { bearer, initApp, startTestApi, TestApi } from './harness';

/** Polls the next turn of the event loop until the condition holds (bounded by the test's timeout); never sleeps. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

/** The notification stream of `token` on `app`, once its first event arrived and the process listens for revocations. */
async function openStream(app: INestApplication, token: string): Promise<{ ended: Promise<void>; close: () => void }> {
  const server = app.getHttpServer() as http.Server;
  if (!server.listening) await app.listen(0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  const opened = await new Promise<{ ended: Promise<void>; close: () => void }>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/notifications/stream', headers: bearer(token) }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      const ended = new Promise<void>((done) => res.on('end', () => done()));
      res.setEncoding('utf8');
      let first = true;
      res.on('data', (chunk: string) => {
        if (first && chunk.includes('data: ')) {
          first = false;
          resolve({ ended, close: () => req.destroy() });
        }
      });
    });
    req.on('error', reject);
  });
  const stream = app.get(NotificationStream);
  await until(() => stream.listening);
  return opened;
}

describe('sessions: revocation ends access at once; secrets, caching and HEAD at the HTTP edge', () => {
  let api: TestApi;
  let webDist: string;
  let admin: string;

  interface Session {
    accessToken: string;
    refreshToken: string;
  }
  const signIn = async (username: string, password = TEST_PASSWORD): Promise<Session> => {
    const res = await api.http.post('/api/auth/login').send({ username, password });
    expect(res.status).toBe(200);
    return res.body;
  };
  const me = async (token: string, on: INestApplication = api.app) => (await request(on.getHttpServer()).get('/api/auth/me').set(bearer(token))).status;

  beforeAll(async () => {
    webDist = mkdtempSync(join(tmpdir(), 'tiendo-web-'));
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Tiến Độ</title><app-root></app-root>');
    writeFileSync(join(webDist, 'main-ABCDEF12.js'), 'console.log("tiendo");');
    api = await startTestApi({ WEB_DIST: webDist });
    await api.fixtures.unit('BO');
    await api.fixtures.unit('VP', 'BO');
    await api.fixtures.user('admin1', 'admin', 'BO');
    for (const name of ['signout', 'selfpw', 'resetpw', 'reuse', 'deact', 'promoted', 'cross']) await api.fixtures.user(name, 'staff', 'VP');
    admin = (await signIn('admin1')).accessToken;
  });
  afterAll(async () => {
    await api.close();
    rmSync(webDist, { recursive: true, force: true });
  });

  it('sign-out ends the access token at once, closes its stream, and is recorded with the client address', async () => {
    const session = await signIn('signout');
    const other = await signIn('signout');
    const stream = await openStream(api.app, session.accessToken);
    expect(await me(session.accessToken)).toBe(200);
    expect((await api.http.post('/api/auth/logout').send({ refreshToken: session.refreshToken })).status).toBe(204);
    expect(await me(session.accessToken)).toBe(401);
    await stream.ended;
    // Only that session ends: the same user's other sign-in goes on.
    expect(await me(other.accessToken)).toBe(200);
    const events = await api.db.query(`SELECT actor_id, ip FROM security_events WHERE event = 'logout'`);
    expect(events).toEqual([{ actor_id: api.fixtures.userId('signout'), ip: expect.stringMatching(/127\.0\.0\.1$/) }]);
  });

  it('changing one’s password ends every session of the user, and their streams', async () => {
    const first = await signIn('selfpw');
    const second = await signIn('selfpw');
    const stream = await openStream(api.app, second.accessToken);
    const res = await api.http.post('/api/auth/change-password').set(bearer(first.accessToken)).send({ currentPassword: TEST_PASSWORD, newPassword: 'Một mật khẩu mới thật dài 2026' });
    expect(res.status).toBe(204);
    expect(await me(first.accessToken)).toBe(401);
    expect(await me(second.accessToken)).toBe(401);
    await stream.ended;
    expect((await api.http.post('/api/auth/refresh').send({ refreshToken: second.refreshToken })).status).toBe(401);
  });

  it('an admin’s password reset ends the user’s sessions at once', async () => {
    const session = await signIn('resetpw');
    const stream = await openStream(api.app, session.accessToken);
    const res = await api.http.patch(`/api/users/${api.fixtures.userId('resetpw')}`).set(bearer(admin)).send({ password: 'Mật khẩu do quản trị đặt lại 2026' });
    expect(res.status).toBe(200);
    expect(await me(session.accessToken)).toBe(401);
    await stream.ended;
  });

  it('a reused refresh token ends the session’s access tokens at once, old and new', async () => {
    const session = await signIn('reuse');
    const rotated = await api.http.post('/api/auth/refresh').send({ refreshToken: session.refreshToken });
    expect(rotated.status).toBe(200);
    const stream = await openStream(api.app, rotated.body.accessToken);
    expect(await me(rotated.body.accessToken)).toBe(200);
    expect((await api.http.post('/api/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);
    expect(await me(rotated.body.accessToken)).toBe(401);
    expect(await me(session.accessToken)).toBe(401);
    await stream.ended;
  });

  it('deactivation ends sessions and streams; after reactivation the old token stays refused', async () => {
    const session = await signIn('deact');
    const stream = await openStream(api.app, session.accessToken);
    const id = api.fixtures.userId('deact');
    expect((await api.http.patch(`/api/users/${id}`).set(bearer(admin)).send({ active: false })).status).toBe(200);
    expect(await me(session.accessToken)).toBe(401);
    await stream.ended;
    expect((await api.http.patch(`/api/users/${id}`).set(bearer(admin)).send({ active: true })).status).toBe(200);
    expect(await me(session.accessToken)).toBe(401);
    expect((await api.http.post('/api/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);
    expect(await me((await signIn('deact')).accessToken)).toBe(200);
  });

  it('a role change ends the user’s sessions at once', async () => {
    const session = await signIn('promoted');
    const res = await api.http.patch(`/api/users/${api.fixtures.userId('promoted')}`).set(bearer(admin)).send({ role: 'unit_head' });
    expect(res.status).toBe(200);
    expect(await me(session.accessToken)).toBe(401);
  });

  it('a sign-out in one API process closes the stream and ends the token in another (PostgreSQL NOTIFY)', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(api.config, api.clock)] }).compile();
    const second = await initApp(moduleRef, api.config);
    try {
      const session = await signIn('cross');
      const stream = await openStream(second, session.accessToken);
      expect(await me(session.accessToken, second)).toBe(200);
      expect((await api.http.post('/api/auth/logout').send({ refreshToken: session.refreshToken })).status).toBe(204);
      await stream.ended;
      expect(await me(session.accessToken, second)).toBe(401);
    } finally {
      await second.close();
    }
  });

  it('a token without a session (as signed before sessions were checked) is refused', async () => {
    const { JwtService } = await import('@nestjs/jwt');
    const token = await new JwtService().signAsync(
      { sub: api.fixtures.userId('admin1'), typ: 'access' },
      { algorithm: 'HS256', issuer: 'tiendo', audience: 'tiendo-api', secret: api.config.JWT_SECRET, expiresIn: 900 },
    );
    expect(await me(token)).toBe(401);
  });

  it('every /api answer says Cache-Control: no-store: sign-in with its tokens, exports, errors', async () => {
    const login = await api.http.post('/api/auth/login').send({ username: 'admin1', password: TEST_PASSWORD });
    expect(login.headers['cache-control']).toBe('no-store');
    const exported = await api.http.get('/api/reports/briefing/export?month=2026-10&format=xlsx').set(bearer(admin));
    expect(exported.status).toBe(200);
    expect(exported.headers['cache-control']).toBe('no-store');
    const template = await api.http.get('/api/tasks/import/template?format=csv').set(bearer(admin));
    expect(template.status).toBe(200);
    expect(template.headers['cache-control']).toBe('no-store');
    expect((await api.http.get('/api/tasks')).headers['cache-control']).toBe('no-store');
    expect((await api.http.get('/api/no-such-route').set(bearer(admin))).headers['cache-control']).toBe('no-store');
    // Hashed bundles keep their cache.
    expect((await api.http.get('/main-ABCDEF12.js')).headers['cache-control']).not.toContain('no-store');
  });

  it('HEAD answers as GET does, without a body: the shell at / and every web route, and the static files', async () => {
    for (const path of ['/', '/nhiem-vu', '/nhiem-vu/giao-moi', '/main-ABCDEF12.js']) {
      const get = await api.http.get(path);
      const head = await api.http.head(path);
      expect([path, head.status]).toEqual([path, 200]);
      expect(head.headers['content-type']).toBe(get.headers['content-type']);
      expect(head.headers['content-length']).toBe(get.headers['content-length']);
      expect(head.text ?? '').toBe('');
    }
    expect((await api.http.head('/api/health')).status).toBe(200);
  });

  it('the shell is revalidated on every load by whichever path serves it; other files keep an hour', async () => {
    for (const path of ['/', '/index.html', '/nhiem-vu']) expect([path, (await api.http.get(path)).headers['cache-control']]).toEqual([path, 'no-cache']);
    expect((await api.http.get('/main-ABCDEF12.js')).headers['cache-control']).toBe('public, max-age=3600');
  });
});

describe('WEB_DIST', () => {
  it('a folder without the built web app (a typo, a release not copied) stops the start, naming the setting', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'tiendo-web-empty-'));
    for (const webDist of [join(empty, 'browsr'), empty]) {
      await expect(startTestApi({ WEB_DIST: webDist })).rejects.toThrow(`WEB_DIST (${webDist})`);
    }
  });
});
