import { loadConfig, trustProxySetting } from '@tiendo/server-core';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApi, TestApi } from './harness';

const WRONG = 'not-the-password-1';

/**
 * TRUST_PROXY decides whose X-Forwarded-For gives the client address (`req.ip`), which the sign-in throttle counts by
 * and the security log records. Each test listens on a real port and connects from a chosen loopback address
 * (127.0.0.2: the proxy; 127.0.0.3: a client reaching the API directly), as a proxy and a client would.
 */
describe('TRUST_PROXY: the client address behind a proxy', () => {
  /** A sign-in of `username` from the local address `from`, saying X-Forwarded-For `forwardedFor` when given. */
  function signInFrom(port: number, from: string, username: string, forwardedFor?: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const body = JSON.stringify({ username, password: WRONG });
      const headers: Record<string, string | number> = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
      if (forwardedFor !== undefined) headers['X-Forwarded-For'] = forwardedFor;
      const req = httpRequest({ host: '127.0.0.1', port, localAddress: from, method: 'POST', path: '/api/auth/login', headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** The address the security log recorded for the last failed sign-in of `username`. */
  const recorded = async (api: TestApi, username: string): Promise<string> =>
    (await api.db.query(`SELECT ip FROM security_events WHERE event = 'login_failed' AND detail->>'username' = $1 ORDER BY id DESC LIMIT 1`, [username]))[0]?.ip;

  async function listening(env: Record<string, string>): Promise<{ api: TestApi; port: number }> {
    // Three failures per address an hour: the throttle shows in a few requests.
    const api = await startTestApi({ LOGIN_MAX_FAILURES_PER_ADDRESS: '3', ...env });
    await api.app.listen(0, '127.0.0.1');
    return { api, port: (api.app.getHttpServer().address() as AddressInfo).port };
  }

  it('off by default: a spoofed X-Forwarded-For is ignored, the throttle counts the peer and the log records it', async () => {
    const { api, port } = await listening({});
    try {
      const statuses: number[] = [];
      // A client changing its claimed address at every try still gets held back after three.
      for (let i = 0; i < 5; i++) statuses.push(await signInFrom(port, '127.0.0.3', `nobody${i}.x`, `203.0.113.${i}`));
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      expect(await recorded(api, 'nobody0.x')).toBe('127.0.0.3');
      // Another client is not held back by the first one's failures.
      expect(await signInFrom(port, '127.0.0.4', 'nobody9.x')).toBe(401);
      expect(await recorded(api, 'nobody9.x')).toBe('127.0.0.4');
    } finally {
      await api.close();
    }
  });

  it('"none" and "false" trust nobody either', async () => {
    for (const value of ['none', 'false']) {
      const { api, port } = await listening({ TRUST_PROXY: value });
      try {
        expect(await signInFrom(port, '127.0.0.3', 'spoof.x', '198.51.100.7')).toBe(401);
        expect(await recorded(api, 'spoof.x')).toBe('127.0.0.3');
      } finally {
        await api.close();
      }
    }
  });

  it('a list of proxies: their X-Forwarded-For is believed (throttle and log per real client), anyone else\'s ignored', async () => {
    const { api, port } = await listening({ TRUST_PROXY: '127.0.0.2, 10.0.0.0/8' });
    try {
      // Through the proxy: each client counted apart, so four clients with one failure each are never held back...
      for (let i = 1; i <= 4; i++) expect(await signInFrom(port, '127.0.0.2', `client${i}.x`, `203.0.113.${i}`)).toBe(401);
      expect(await recorded(api, 'client1.x')).toBe('203.0.113.1');
      expect(await recorded(api, 'client4.x')).toBe('203.0.113.4');
      // ...while one client's repeated failures are held back at its own address, not the proxy's.
      for (let i = 0; i < 2; i++) expect(await signInFrom(port, '127.0.0.2', 'client1.x', '203.0.113.1')).toBe(401);
      expect(await signInFrom(port, '127.0.0.2', 'client1.x', '203.0.113.1')).toBe(429);
      expect(await signInFrom(port, '127.0.0.2', 'client5.x', '203.0.113.5')).toBe(401);
      // A client-supplied entry before the proxy's own is not believed: the proxy appended the address it saw.
      expect(await signInFrom(port, '127.0.0.2', 'chain.x', '198.51.100.1, 203.0.113.6')).toBe(401);
      expect(await recorded(api, 'chain.x')).toBe('203.0.113.6');
      // Straight to the API from an address not listed: the header is the client's own claim, ignored.
      expect(await signInFrom(port, '127.0.0.3', 'direct.x', '203.0.113.7')).toBe(401);
      expect(await recorded(api, 'direct.x')).toBe('127.0.0.3');
    } finally {
      await api.close();
    }
  });

  it('a hop count: the address that many proxies back, whatever the client wrote before it', async () => {
    const { api, port } = await listening({ TRUST_PROXY: '1' });
    try {
      expect(await signInFrom(port, '127.0.0.2', 'hop.x', '198.51.100.1, 203.0.113.8')).toBe(401);
      expect(await recorded(api, 'hop.x')).toBe('203.0.113.8');
    } finally {
      await api.close();
    }
    const two = await listening({ TRUST_PROXY: '2' });
    try {
      expect(await signInFrom(two.port, '127.0.0.2', 'hops.x', '198.51.100.1, 203.0.113.9, 10.0.0.5')).toBe(401);
      expect(await recorded(two.api, 'hops.x')).toBe('203.0.113.9');
    } finally {
      await two.api.close();
    }
  });

  it('a forwarded client address that is no IP address (a long string, a name, a port) is a 400 naming the header; nothing counted or logged', async () => {
    const { api, port } = await listening({ TRUST_PROXY: '1' });
    try {
      for (const forged of ['b'.repeat(100), 'not-an-ip', '203.0.113.9:4444', '<script>']) {
        expect(await signInFrom(port, '127.0.0.2', 'forged.x', forged)).toBe(400);
      }
      expect(await api.db.query(`SELECT count(*)::int AS n FROM login_attempts WHERE username = 'forged.x'`)).toEqual([{ n: 0 }]);
      expect(await recorded(api, 'forged.x')).toBeUndefined();
      // An address is still believed from the trusted hop.
      expect(await signInFrom(port, '127.0.0.2', 'forged.x', '203.0.113.10')).toBe(401);
      expect(await recorded(api, 'forged.x')).toBe('203.0.113.10');
    } finally {
      await api.close();
    }
  });

  it('the older TRUSTED_PROXIES still works when TRUST_PROXY is unset', async () => {
    const { api, port } = await listening({ TRUSTED_PROXIES: '127.0.0.2' });
    try {
      expect(await signInFrom(port, '127.0.0.2', 'legacy.x', '203.0.113.10')).toBe(401);
      expect(await recorded(api, 'legacy.x')).toBe('203.0.113.10');
    } finally {
      await api.close();
    }
  });

  it('refuses at start what is not false/none, a hop count or a list of addresses, naming TRUST_PROXY', () => {
    const base = { JWT_SECRET: randomBytes(48).toString('base64url') };
    for (const bad of ['true', '*', 'everyone', '11', '10.0.0.0/33', '1.2.3']) {
      expect(() => loadConfig({ ...base, TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
    expect(() => loadConfig({ ...base, TRUST_PROXY: '1', TRUSTED_PROXIES: '10.0.0.5' })).toThrow(/TRUST_PROXY và TRUSTED_PROXIES/);
    // Ranges that hold the Internet rather than proxies, alone or adding up to every address ("true" in disguise).
    for (const wide of ['0.0.0.0/1,128.0.0.0/1', '10.0.0.5, 0.0.0.0/0', '1.0.0.0/7', '::/0', '::/1,8000::/1', '::ffff:0:0/96', '::ffff:0.0.0.0/100']) {
      expect(() => loadConfig({ ...base, TRUST_PROXY: wide })).toThrow(/TRUST_PROXY: dải .* quá rộng/);
      expect(() => loadConfig({ ...base, TRUSTED_PROXIES: wide })).toThrow(/TRUSTED_PROXIES/);
    }
    expect(trustProxySetting(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, fc00::/7, 192.168.0.0/16, ::ffff:10.0.0.0/104' }))).toEqual(['10.0.0.0/8', 'fc00::/7', '192.168.0.0/16', '::ffff:10.0.0.0/104']);
    expect(trustProxySetting(loadConfig(base))).toBe(false);
    expect(trustProxySetting(loadConfig({ ...base, TRUST_PROXY: 'None' }))).toBe(false);
    expect(trustProxySetting(loadConfig({ ...base, TRUST_PROXY: '0' }))).toBe(false);
    expect(trustProxySetting(loadConfig({ ...base, TRUST_PROXY: '2' }))).toBe(2);
    expect(trustProxySetting(loadConfig({ ...base, TRUST_PROXY: '10.0.0.5, 172.28.0.0/24, loopback, ::1' }))).toEqual(['10.0.0.5', '172.28.0.0/24', 'loopback', '::1']);
    expect(trustProxySetting(loadConfig({ ...base, TRUSTED_PROXIES: '10.0.0.5' }))).toEqual(['10.0.0.5']);
  });
});
