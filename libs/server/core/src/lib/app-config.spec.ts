import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listenUrl, loadConfig, redisSentinelList, secondFactorRoles } from './app-config';

const ROOT = join(__dirname, '../../../../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const strongSecret = () => randomBytes(48).toString('base64url');
const problem = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
};

/** Every value the repository shows for a variable: `NAME=value` lines, `NAME: value` and `${NAME:-value}` in YAML. */
function publishedValues(name: string): string[] {
  const values: string[] = [];
  for (const file of ['.env.example', 'docker-compose.yml', 'README.md']) {
    const text = read(file);
    for (const m of text.matchAll(new RegExp(`^\\s*#?\\s*${name}\\s*[=:]\\s*([^\\s$#{]\\S*)`, 'gm'))) values.push(m[1].replace(/^['"]|['"]$/g, ''));
    for (const m of text.matchAll(new RegExp(`\\$\\{${name}:-([^}]+)\\}`, 'g'))) values.push(m[1]);
  }
  return values;
}

describe('secrets at config validation', () => {
  it('a random secret from npm start passes', () => {
    expect(problem({ JWT_SECRET: strongSecret(), ADMIN_PASSWORD: 'Qtht-' + randomBytes(6).toString('base64url') })).toBe('');
  });

  it('refuses the JWT_SECRET and ADMIN_PASSWORD of .env.example, naming the variable and why', () => {
    const secrets = publishedValues('JWT_SECRET');
    const passwords = publishedValues('ADMIN_PASSWORD');
    expect(secrets.length).toBeGreaterThan(0);
    expect(passwords.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(problem({ JWT_SECRET: secret })).toMatch(/JWT_SECRET .*published/);
    for (const password of passwords) expect(problem({ JWT_SECRET: strongSecret(), ADMIN_PASSWORD: password })).toMatch(/ADMIN_PASSWORD .*published/);
  });

  it('refuses the values published before: the old .env.example and the test secret', () => {
    expect(problem({ JWT_SECRET: 'change-me-to-48-random-characters-000000000000000' })).toMatch(/JWT_SECRET .*published/);
    expect(problem({ JWT_SECRET: strongSecret(), ADMIN_PASSWORD: 'change-me-now' })).toMatch(/ADMIN_PASSWORD .*published/);
    expect(problem({ JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789' })).toMatch(/JWT_SECRET/);
  });

  it('refuses the demo accounts’ passwords printed in the README as the admin’s', () => {
    const demo = [...read('README.md').matchAll(/\| `[a-z.]+`(?: \/ `[a-z.]+`)? \| `([^`]+)`(?: \/ `([^`]+)`)? \|/g)].flatMap((m) => [m[1], m[2]]).filter(Boolean);
    expect(demo.length).toBeGreaterThanOrEqual(6);
    for (const password of demo) expect(problem({ JWT_SECRET: strongSecret(), ADMIN_PASSWORD: password })).toMatch(/ADMIN_PASSWORD .*published/);
  });

  it.each([
    ['a repeated sequence', '0123456789'.repeat(5)],
    ['one character', 'a'.repeat(64)],
    ['a sentence', 'my-company-jwt-secret-key-for-production-2026'],
    ['32 hex characters (128 bits at best, half what HS256 needs)', 'ad1ff3a1c49e0b7d8e3f6a2b9c4d5e6f'],
  ])('refuses a JWT_SECRET of low entropy: %s', (_name, secret) => {
    expect(problem({ JWT_SECRET: secret })).toMatch(/JWT_SECRET .*bits/);
  });
});

describe('retention settings at config validation (issue #13)', () => {
  const base = () => ({ JWT_SECRET: strongSecret() });

  it('has defaults: security events 24 months, read notifications 12, unread 24, deliveries 12, dispatched task events 3', () => {
    const config = loadConfig(base());
    expect(config.RETENTION_SECURITY_EVENTS_MONTHS).toBe(24);
    expect(config.RETENTION_READ_NOTIFICATIONS_MONTHS).toBe(12);
    expect(config.RETENTION_UNREAD_NOTIFICATIONS_MONTHS).toBe(24);
    expect(config.RETENTION_DELIVERIES_MONTHS).toBe(12);
    expect(config.RETENTION_TASK_EVENTS_MONTHS).toBe(3);
    expect(config.RETENTION_BATCH_SIZE).toBe(1000);
  });

  it('accepts 12 months of security events, the minimum', () => {
    expect(loadConfig({ ...base(), RETENTION_SECURITY_EVENTS_MONTHS: '12' }).RETENTION_SECURITY_EVENTS_MONTHS).toBe(12);
  });

  it.each(['11', '0', '-12', '6'])('refuses RETENTION_SECURITY_EVENTS_MONTHS=%s at start, saying the minimum in Vietnamese first', (months) => {
    const message = problem({ ...base(), RETENTION_SECURITY_EVENTS_MONTHS: months });
    expect(message).toMatch(/^Invalid configuration:/);
    expect(message).toContain('RETENTION_SECURITY_EVENTS_MONTHS tối thiểu 12 tháng: nhật ký an ninh phải được giữ ít nhất 12 tháng');
    expect(message).toContain('security events must be kept at least 12 months');
  });

  it.each(['twelve', '12.5'])('refuses a RETENTION_SECURITY_EVENTS_MONTHS that is not a whole number (%s)', (months) => {
    expect(problem({ ...base(), RETENTION_SECURITY_EVENTS_MONTHS: months })).toContain('RETENTION_SECURITY_EVENTS_MONTHS phải là số nguyên');
  });

  it.each(['RETENTION_READ_NOTIFICATIONS_MONTHS', 'RETENTION_DELIVERIES_MONTHS', 'RETENTION_TASK_EVENTS_MONTHS', 'RETENTION_BATCH_SIZE'])('refuses %s=0', (name) => {
    expect(problem({ ...base(), [name]: '0', RETENTION_UNREAD_NOTIFICATIONS_MONTHS: '24' })).toContain(`${name} tối thiểu 1`);
  });

  it('refuses unread notifications kept for less time than read ones', () => {
    expect(problem({ ...base(), RETENTION_READ_NOTIFICATIONS_MONTHS: '18', RETENTION_UNREAD_NOTIFICATIONS_MONTHS: '12' })).toContain(
      'RETENTION_UNREAD_NOTIFICATIONS_MONTHS (12) không được nhỏ hơn RETENTION_READ_NOTIFICATIONS_MONTHS (18)',
    );
    expect(problem({ ...base(), RETENTION_READ_NOTIFICATIONS_MONTHS: '18', RETENTION_UNREAD_NOTIFICATIONS_MONTHS: '18' })).toBe('');
  });
});

describe('database pool settings at config validation (issue #13)', () => {
  const base = () => ({ JWT_SECRET: strongSecret() });

  it('has defaults: 10 connections, session mode, LISTEN on DATABASE_URL', () => {
    const config = loadConfig({ ...base(), DATABASE_URL: 'postgres://tiendo@db:5432/tiendo' });
    expect(config.DB_POOL_SIZE).toBe(10);
    expect(config.DATABASE_POOL_MODE).toBe('session');
    expect(listenUrl(config)).toBe('postgres://tiendo@db:5432/tiendo');
  });

  it('takes a pool through PgBouncer in transaction mode with LISTEN direct', () => {
    const config = loadConfig({
      ...base(),
      DATABASE_URL: 'postgres://tiendo@pgbouncer:6432/tiendo',
      DATABASE_LISTEN_URL: 'postgres://tiendo@db:5432/tiendo',
      DATABASE_POOL_MODE: 'transaction',
      DB_POOL_SIZE: '25',
    });
    expect(config.DB_POOL_SIZE).toBe(25);
    expect(config.DATABASE_POOL_MODE).toBe('transaction');
    expect(listenUrl(config)).toBe('postgres://tiendo@db:5432/tiendo');
  });

  it.each([
    ['0', 'DB_POOL_SIZE tối thiểu 1'],
    ['201', 'DB_POOL_SIZE tối đa 200'],
    ['ten', 'DB_POOL_SIZE phải là số nguyên'],
  ])('refuses DB_POOL_SIZE=%s at start, in Vietnamese first', (size, message) => {
    expect(problem({ ...base(), DB_POOL_SIZE: size })).toContain(message);
  });

  it('refuses a DATABASE_POOL_MODE other than session or transaction', () => {
    expect(problem({ ...base(), DATABASE_POOL_MODE: 'statement' })).toContain('DATABASE_POOL_MODE là session hoặc transaction');
  });
});

describe('Redis Sentinel settings', () => {
  it('reads the sentinels as host:port pairs, an IPv6 address in brackets, spaces and empty entries ignored', () => {
    expect(redisSentinelList('sentinel-1:26379, [::1]:26380,,10.0.0.5:5000')).toEqual([
      { host: 'sentinel-1', port: 26379 },
      { host: '::1', port: 26380 },
      { host: '10.0.0.5', port: 5000 },
    ]);
    expect(redisSentinelList(undefined)).toEqual([]);
    const config = loadConfig({ JWT_SECRET: strongSecret(), REDIS_SENTINELS: 'a:1,b:2', REDIS_SENTINEL_MASTER: 'tiendo', REDIS_SENTINEL_PASSWORD: 'p' });
    expect([config.REDIS_SENTINELS, config.REDIS_SENTINEL_MASTER, config.REDIS_SENTINEL_PASSWORD]).toEqual(['a:1,b:2', 'tiendo', 'p']);
  });

  it('refuses DATABASE_POOL_MODE=transaction without a direct DATABASE_LISTEN_URL: LISTEN through the pooler would lose notifications', () => {
    const base = { JWT_SECRET: strongSecret(), DATABASE_URL: 'postgres://u@pgbouncer:6432/tiendo', DATABASE_POOL_MODE: 'transaction' };
    expect(problem(base)).toMatch(/DATABASE_LISTEN_URL là bắt buộc khi DATABASE_POOL_MODE=transaction/);
    expect(problem({ ...base, DATABASE_LISTEN_URL: base.DATABASE_URL })).toMatch(/DATABASE_LISTEN_URL phải khác DATABASE_URL/);
    expect(problem({ ...base, DATABASE_LISTEN_URL: 'postgres://u@postgres:5432/tiendo' })).toBe('');
    expect(problem({ JWT_SECRET: strongSecret(), DATABASE_URL: base.DATABASE_URL })).toBe('');
  });

  it('takes WEBHOOK_ALLOWED_NETWORKS as addresses and CIDR ranges, and refuses anything else at start', () => {
    const base = { JWT_SECRET: strongSecret() };
    expect(problem({ ...base, WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32, fd00::/8' })).toBe('');
    for (const bad of ['localhost', '127.0.0.1/33', '10.0.0.0/8/2', 'fd00::/x']) {
      expect(problem({ ...base, WEBHOOK_ALLOWED_NETWORKS: bad })).toMatch(/WEBHOOK_ALLOWED_NETWORKS phải là các địa chỉ IP hoặc dải CIDR/);
    }
  });

  it('refuses at start a sentinel list without a master name (and the reverse), an entry without a port, a lone password', () => {
    const base = { JWT_SECRET: strongSecret() };
    expect(problem({ ...base, REDIS_SENTINELS: '127.0.0.1:26379' })).toMatch(/REDIS_SENTINEL_MASTER phải có khi đặt REDIS_SENTINELS/);
    expect(problem({ ...base, REDIS_SENTINEL_MASTER: 'tiendo' })).toMatch(/REDIS_SENTINELS phải có khi đặt REDIS_SENTINEL_MASTER/);
    for (const bad of ['sentinel-1', 'sentinel-1:0', 'sentinel-1:65536', 'a b:1', '::1:26379', ',']) {
      expect(problem({ ...base, REDIS_SENTINELS: bad, REDIS_SENTINEL_MASTER: 'tiendo' })).toMatch(/REDIS_SENTINELS là danh sách host:port/);
    }
    expect(problem({ ...base, REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_MASTER: 'has space' })).toMatch(/REDIS_SENTINEL_MASTER là tên master/);
    expect(problem({ ...base, REDIS_SENTINEL_PASSWORD: 'p' })).toMatch(/REDIS_SENTINEL_PASSWORD chỉ dùng cùng REDIS_SENTINELS/);
  });
});

describe('second factor settings', () => {
  it('MFA_REQUIRED_ROLES: admins and leaders by default, a list of roles, or none; an unknown role is refused', () => {
    const base = { JWT_SECRET: strongSecret() };
    expect(secondFactorRoles(loadConfig(base).MFA_REQUIRED_ROLES)).toEqual(['admin', 'leader']);
    expect(secondFactorRoles(loadConfig({ ...base, MFA_REQUIRED_ROLES: 'admin, leader, unit_head' }).MFA_REQUIRED_ROLES)).toEqual(['admin', 'leader', 'unit_head']);
    expect(secondFactorRoles(loadConfig({ ...base, MFA_REQUIRED_ROLES: 'None' }).MFA_REQUIRED_ROLES)).toEqual([]);
    expect(problem({ ...base, MFA_REQUIRED_ROLES: 'admin,boss' })).toMatch(/MFA_REQUIRED_ROLES/);
  });

  it('TOTP_ENCRYPTION_KEY: 32 bytes as hex or base64, else refused', () => {
    const base = { JWT_SECRET: strongSecret() };
    expect(problem({ ...base, TOTP_ENCRYPTION_KEY: randomBytes(32).toString('hex') })).toBe('');
    expect(problem({ ...base, TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64') })).toBe('');
    expect(problem({ ...base, TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64url') })).toBe('');
    expect(problem({ ...base, TOTP_ENCRYPTION_KEY: randomBytes(16).toString('hex') })).toMatch(/TOTP_ENCRYPTION_KEY/);
    expect(problem({ ...base, TOTP_ENCRYPTION_KEY: 'mat-khau-cua-toi' })).toMatch(/TOTP_ENCRYPTION_KEY/);
  });
});

describe('directory settings at config validation (LDAP / Active Directory)', () => {
  const base = () => ({ JWT_SECRET: strongSecret() });
  const caFile = join(ROOT, 'libs/server/core/src/lib/app-config.spec.ts');
  const openLdap = {
    LDAP_URL: 'ldaps://ldap.bo.gov.vn:636',
    LDAP_BIND_DN: 'cn=tiendo,ou=service,dc=bo,dc=gov,dc=vn',
    LDAP_BIND_PASSWORD: 'service-secret',
    LDAP_USER_BASE: 'ou=people,dc=bo,dc=gov,dc=vn',
  };

  it('is off by default and takes an OpenLDAP and an Active Directory setup', () => {
    expect(loadConfig(base()).LDAP_URL).toBeUndefined();
    expect(problem({ ...base(), ...openLdap })).toBe('');
    expect(
      problem({
        ...base(),
        LDAP_URL: 'ldap://dc1.bo.gov.vn:389',
        LDAP_STARTTLS: 'true',
        LDAP_USER_DN_TEMPLATE: '{username}@bo.gov.vn',
        LDAP_USER_BASE: 'dc=bo,dc=gov,dc=vn',
        LDAP_USER_FILTER: '(&(objectClass=user)(sAMAccountName={username}))',
        LDAP_NAME_ATTRIBUTE: 'displayName',
        LDAP_ACCOUNT_DISABLED: 'ad',
      }),
    ).toBe('');
  });

  it.each([
    [{ LDAP_URL: 'http://ldap.bo.gov.vn' }, 'LDAP_URL có dạng ldap://'],
    [{ LDAP_URL: 'ldap://ldap.bo.gov.vn', LDAP_USER_DN_TEMPLATE: 'uid={username},dc=bo' }, 'gửi mật khẩu không mã hoá'],
    [{ LDAP_URL: 'ldaps://ldap.bo.gov.vn', LDAP_STARTTLS: 'true', LDAP_USER_DN_TEMPLATE: 'uid={username},dc=bo' }, 'LDAP_STARTTLS=true chỉ dùng với ldap://'],
    [{ ...openLdap, LDAP_BIND_PASSWORD: '' }, 'LDAP_BIND_DN và LDAP_BIND_PASSWORD phải đặt cùng nhau'],
    [{ ...openLdap, LDAP_USER_BASE: '' }, 'LDAP_USER_BASE cần được đặt'],
    [{ LDAP_URL: 'ldaps://ldap.bo.gov.vn' }, 'Cần LDAP_BIND_DN'],
    [{ ...openLdap, LDAP_USER_FILTER: 'uid={username}' }, 'LDAP_USER_FILTER là một bộ lọc LDAP trong ngoặc'],
    [{ ...openLdap, LDAP_USER_FILTER: '(uid=admin)' }, 'có chứa {username}'],
    [{ ...openLdap, LDAP_ACCOUNT_DISABLED: 'yes' }, 'LDAP_ACCOUNT_DISABLED là ppolicy, ad hoặc none'],
    [{ ...openLdap, LDAP_TIMEOUT_MS: '10' }, 'LDAP_TIMEOUT_MS tối thiểu 100'],
    [{ ...openLdap, LDAP_CA_FILE: '/nonexistent/ca.pem' }, 'LDAP_CA_FILE (/nonexistent/ca.pem) không đọc được'],
    [{ ...openLdap, LDAP_CA_FILE: caFile }, 'không chứa chứng thư PEM'],
    [{ LDAP_USER_BASE: 'ou=people,dc=bo' }, 'LDAP_USER_BASE cần LDAP_URL'],
  ])('refuses %j at start, saying why in Vietnamese first', (env, message) => {
    expect(problem({ ...base(), ...(env as Record<string, string>) })).toContain(message);
  });
});

describe('every setting refused at start is named in Vietnamese first, once', () => {
  const env = (more: Record<string, string>) => ({ JWT_SECRET: strongSecret(), ...more });
  const lines = (more: Record<string, string>) => problem(env(more)).split('\n').slice(1).map((l) => l.trim());

  it.each([
    ['PORT', '70000', 'PORT tối đa 65535 / at most 65535'],
    ['METRICS_PORT', '-1', 'METRICS_PORT tối thiểu 0 / at least 0'],
    ['WORKER_HEALTH_PORT', 'abc', 'WORKER_HEALTH_PORT phải là số nguyên / must be a whole number'],
    ['DB_POOL_SIZE', 'abc', 'DB_POOL_SIZE phải là số nguyên (số kết nối) / must be a whole number of connections'],
  ])('%s=%s: one line, the setting named, Vietnamese first', (name, value, message) => {
    expect(lines({ [name]: value })).toEqual([message]);
  });

  it('a JWT_SECRET too short says so in Vietnamese first', () => {
    expect(problem({ JWT_SECRET: 'short' })).toContain('JWT_SECRET tối thiểu 32 ký tự');
  });

  it.each([
    ['DATABASE_URL', 'notaurl'],
    ['DATABASE_URL', 'mysql://db/tiendo'],
    ['DATABASE_LISTEN_URL', 'db:5432'],
    ['REDIS_URL', 'notaurl'],
    ['REDIS_URL', 'http://redis:6379'],
  ])('%s=%s: refused at start, naming the setting (not a driver failing later on a host called "base")', (name, value) => {
    expect(problem(env({ [name]: value }))).toMatch(new RegExp(`${name} phải là một địa chỉ kết nối`));
  });

  it('accepts the connection strings operators write: passwords, ports, a Unix socket, TLS Redis, a database number', () => {
    for (const more of <Array<Record<string, string>>>[
      { DATABASE_URL: 'postgres://tiendo:m%40t@db.bo.gov.vn:6432/tiendo?sslmode=require' },
      { DATABASE_URL: 'postgresql:///tiendo?host=/var/run/postgresql' },
      { REDIS_URL: 'rediss://:pw@redis.bo.gov.vn:6380/2' },
      { REDIS_URL: 'redis://127.0.0.1:6379/9' },
    ]) {
      expect(problem(env(more))).toBe('');
    }
  });
});
