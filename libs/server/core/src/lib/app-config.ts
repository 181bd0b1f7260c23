import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsUrl,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  MinLength,
  Min,
  Validate,
  validateSync,
  ValidatorConstraint,
  ValidationArguments,
  ValidatorConstraintInterface,
} from 'class-validator';
import { ATTACHMENT_DEFAULTS, ROLES, type Role } from '@tiendo/contracts';
import { isIP } from 'node:net';
import { secretProblems } from './secret-strength';
import { parseNetworkList } from './network-list';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/** The entries of TRUSTED_PROXIES, as Fastify's `trustProxy` (proxy-addr) takes them; an empty list trusts nobody. */
export function trustedProxyList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/**
 * The sentinels of REDIS_SENTINELS (`host:port`, comma-separated; an IPv6 address in brackets), in order; an empty
 * list when unset. Entries are checked by loadConfig (RedisSentinelList); this only splits them.
 */
export function redisSentinelList(value: string | undefined): Array<{ host: string; port: number }> {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(entry);
      return match ? { host: match[1] ?? match[2], port: Number(match[3]) } : { host: entry, port: NaN };
    });
}

@ValidatorConstraint({ name: 'redisSentinels' })
class RedisSentinelList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    const list = redisSentinelList(value);
    return list.length > 0 && list.every(({ host, port }) => Number.isInteger(port) && port >= 1 && port <= 65535 && /^[A-Za-z0-9.:_-]+$/.test(host));
  }

  defaultMessage(): string {
    return 'REDIS_SENTINELS là danh sách host:port của các sentinel, cách nhau bằng dấu phẩy (ví dụ sentinel-1:26379,sentinel-2:26379) / a comma-separated list of the sentinels\' host:port';
  }
}

/** The widest range a trusted proxy may be given by: /8 for IPv4 (a private network like 10.0.0.0/8), /7 for IPv6 (fc00::/7). */
export const TRUSTED_RANGE_WIDEST = { ipv4: 8, ipv6: 7 } as const;

/**
 * The entries of a TRUST_PROXY (or TRUSTED_PROXIES) list that name a range wider than TRUSTED_RANGE_WIDEST: such a
 * range holds a good part of the Internet, not a ministry's proxies, and several of them can add up to every address
 * (0.0.0.0/1,128.0.0.0/1 is "true" in disguise: anyone could pick the address the throttle and the log see). An
 * IPv4-mapped IPv6 range (::ffff:0:0/96 is every IPv4 client of a dual-stack listener) counts as the IPv4 range it maps.
 */
export function tooWideTrustedRanges(value: string | undefined): string[] {
  return trustedProxyList(value).filter((entry) => {
    const [address, bits] = entry.split('/');
    if (bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
    const family = isIP(address);
    if (family === 4) return Number(bits) < TRUSTED_RANGE_WIDEST.ipv4;
    if (family !== 6) return false;
    // The WHATWG URL parser writes an IPv6 address in its one canonical form (::ffff:… for every spelling of a mapped one).
    const mapped = new URL(`http://[${address}]`).hostname.startsWith('[::ffff:');
    return mapped ? Number(bits) - 96 < TRUSTED_RANGE_WIDEST.ipv4 : Number(bits) < TRUSTED_RANGE_WIDEST.ipv6;
  });
}

@ValidatorConstraint({ name: 'trustedProxies' })
class TrustedProxiesList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    return trustedProxyList(value).every((entry) => {
      if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
      const [address, bits, extra] = entry.split('/');
      const family = isIP(address);
      if (!family || extra !== undefined) return false;
      return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
    }) && tooWideTrustedRanges(value).length === 0;
  }

  defaultMessage(): string {
    return 'TRUSTED_PROXIES must list addresses or CIDR ranges (or loopback, linklocal, uniquelocal), separated by commas';
  }
}

/**
 * The roles MFA_REQUIRED_ROLES names: a comma list of roles, or `none` (nobody is required; a setting left empty
 * means the default, since empty settings are dropped). An unknown role is refused at start.
 */
export function secondFactorRoles(value: string): Role[] {
  const text = value.trim();
  if (/^none$/i.test(text)) return [];
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean) as Role[];
}

@ValidatorConstraint({ name: 'secondFactorRoles' })
class SecondFactorRolesValue implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || !value.trim()) return false;
    return secondFactorRoles(value).every((role) => (ROLES as readonly string[]).includes(role));
  }

  defaultMessage(): string {
    return `MFA_REQUIRED_ROLES là danh sách vai trò cách nhau bởi dấu phẩy (${ROLES.join(', ')}) hoặc none / a comma list of roles, or none`;
  }
}

/** TOTP_ENCRYPTION_KEY: 32 bytes, as 64 hexadecimal digits or base64 / base64url (43-44 characters). */
export function totpEncryptionKeyBytes(value: string): Buffer | null {
  const text = value.trim();
  const bytes = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(text) ? Buffer.from(text, 'base64') : null;
  return bytes && bytes.length === 32 ? bytes : null;
}

@ValidatorConstraint({ name: 'totpEncryptionKey' })
class TotpEncryptionKeyValue implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && totpEncryptionKeyBytes(value) !== null;
  }

  defaultMessage(): string {
    return 'TOTP_ENCRYPTION_KEY là khoá 32 byte, viết bằng 64 chữ số hex hoặc base64 (openssl rand -base64 32) / 32 bytes as 64 hex digits or base64';
  }
}

/**
 * Fastify's `trustProxy` (read as Express's `trust proxy` was) from TRUST_PROXY (or, when it is unset, the older
 * TRUSTED_PROXIES list): `false` trusts no proxy (the client address is the connection's peer), a number is how many
 * proxies stand in front of the API (each appending to X-Forwarded-For; the client is that many hops back), a list
 * names the proxies by address or CIDR range.
 */
export function trustProxySetting(config: Pick<AppConfig, 'TRUST_PROXY' | 'TRUSTED_PROXIES'>): false | number | string[] {
  const value = (config.TRUST_PROXY ?? '').trim();
  if (value === '') {
    const legacy = trustedProxyList(config.TRUSTED_PROXIES);
    return legacy.length ? legacy : false;
  }
  if (/^(false|none)$/i.test(value)) return false;
  if (/^\d+$/.test(value)) return Number(value) === 0 ? false : Number(value);
  return trustedProxyList(value);
}

/** Most proxies TRUST_PROXY may count in front of the API. */
export const TRUST_PROXY_MAX_HOPS = 10;

@ValidatorConstraint({ name: 'trustProxy' })
class TrustProxyValue implements ValidatorConstraintInterface {
  private problem = '';

  validate(value: unknown, args: ValidationArguments): boolean {
    this.problem = '';
    const text = typeof value === 'string' ? value.trim() : '';
    if ((args.object as AppConfig).TRUSTED_PROXIES) this.problem = 'TRUST_PROXY và TRUSTED_PROXIES không được đặt cùng lúc; dùng TRUST_PROXY / set TRUST_PROXY only (TRUSTED_PROXIES is its older name)';
    else if (/^(true|all|\*)$/i.test(text)) this.problem = 'TRUST_PROXY không nhận "true": tin mọi máy gửi X-Forwarded-For thì ai cũng tự chọn được địa chỉ; hãy ghi số proxy hoặc địa chỉ của chúng / "true" would let any client pick its address: give a hop count or the proxies\' addresses';
    else if (/^\d+$/.test(text) && Number(text) > TRUST_PROXY_MAX_HOPS) this.problem = `TRUST_PROXY: tối đa ${TRUST_PROXY_MAX_HOPS} proxy / at most ${TRUST_PROXY_MAX_HOPS} hops`;
    else if (tooWideTrustedRanges(text).length)
      this.problem = `TRUST_PROXY: dải ${tooWideTrustedRanges(text).join(', ')} quá rộng (rộng nhất /${TRUSTED_RANGE_WIDEST.ipv4} cho IPv4, /${TRUSTED_RANGE_WIDEST.ipv6} cho IPv6): nó chứa cả Internet chứ không chỉ các proxy, ai cũng tự chọn được địa chỉ; hãy ghi địa chỉ hoặc dải của proxy / ${tooWideTrustedRanges(text).join(', ')} is wider than /${TRUSTED_RANGE_WIDEST.ipv4} (IPv4) or /${TRUSTED_RANGE_WIDEST.ipv6} (IPv6): it holds the Internet, not your proxies; name the proxies' addresses or ranges`;
    else if (!/^(false|none|\d+)$/i.test(text) && !new TrustedProxiesList().validate(text))
      this.problem = 'TRUST_PROXY là false (hoặc none), số proxy đứng trước API (1, 2, …), hoặc danh sách địa chỉ / dải CIDR (hoặc loopback, linklocal, uniquelocal) cách nhau bởi dấu phẩy / false, a hop count, or a comma list of addresses and CIDR ranges';
    return this.problem === '';
  }

  defaultMessage(): string {
    return this.problem;
  }
}

/** The file types attachments may have, by the extension the name must carry (the content is checked too). */
export const ATTACHMENT_TYPE_NAMES = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp', 'png', 'jpg', 'jpeg', 'zip'] as const;
export type AttachmentTypeName = (typeof ATTACHMENT_TYPE_NAMES)[number];

/** Where an S3-compatible store is, as read from STORAGE_URL (see AppConfig.STORAGE_URL). */
export interface ObjectStoreSettings {
  bucket: string;
  /** Key prefix inside the bucket ('' or ending in '/'). */
  prefix: string;
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
}

/**
 * Reads `s3://[key:secret@]bucket[/prefix]?endpoint=http://host:port&region=…&forcePathStyle=true`. Returns the
 * settings, or a Vietnamese sentence saying what is wrong (for the start-up check).
 */
export function parseStorageUrl(value: string): ObjectStoreSettings | string {
  const usage = 'STORAGE_URL phải có dạng s3://bucket[/thư-mục]?endpoint=http://máy:cổng&region=…&forcePathStyle=true';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${usage} (không đọc được địa chỉ)`;
  }
  if (url.protocol !== 's3:') return `${usage} (giao thức phải là s3:, không phải ${url.protocol})`;
  const bucket = url.hostname;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) return `${usage} (tên bucket "${bucket}" không hợp lệ: 3–63 chữ thường, số, dấu chấm, gạch nối)`;
  const known = new Set(['endpoint', 'region', 'forcePathStyle']);
  const unknown = [...url.searchParams.keys()].filter((k) => !known.has(k));
  if (unknown.length > 0) return `${usage} (tham số không biết: ${unknown.join(', ')})`;
  const endpoint = url.searchParams.get('endpoint') ?? undefined;
  if (endpoint !== undefined) {
    try {
      const e = new URL(endpoint);
      if (e.protocol !== 'http:' && e.protocol !== 'https:') return `${usage} (endpoint phải là http:// hoặc https://)`;
    } catch {
      return `${usage} (endpoint "${endpoint}" không phải địa chỉ)`;
    }
  }
  const style = url.searchParams.get('forcePathStyle');
  if (style !== null && style !== 'true' && style !== 'false') return `${usage} (forcePathStyle là true hoặc false)`;
  const path = decodeURIComponent(url.pathname).replace(/^\/+/, '');
  return {
    bucket,
    prefix: path === '' ? '' : path.replace(/\/*$/, '/'),
    endpoint,
    region: url.searchParams.get('region') ?? 'us-east-1',
    forcePathStyle: style === 'true',
    accessKeyId: url.username ? decodeURIComponent(url.username) : undefined,
    secretAccessKey: url.password ? decodeURIComponent(url.password) : undefined,
  };
}

@ValidatorConstraint({ name: 'storageUrl' })
class StorageUrlSetting implements ValidatorConstraintInterface {
  private problem = '';

  validate(value: unknown): boolean {
    const parsed = typeof value === 'string' ? parseStorageUrl(value) : 'STORAGE_URL phải là chuỗi';
    this.problem = typeof parsed === 'string' ? parsed : '';
    return typeof parsed !== 'string';
  }

  defaultMessage(): string {
    return this.problem;
  }
}

@ValidatorConstraint({ name: 'attachmentTypes' })
class AttachmentTypesList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    const names = value.split(',').map((v) => v.trim().toLowerCase());
    return names.length > 0 && names.every((n) => (ATTACHMENT_TYPE_NAMES as readonly string[]).includes(n));
  }

  defaultMessage(): string {
    return `ATTACHMENT_TYPES là danh sách, cách nhau bởi dấu phẩy, lấy trong: ${ATTACHMENT_TYPE_NAMES.join(', ')}`;
  }
}

/**
 * The fewest months security events are kept (RETENTION_SECURITY_EVENTS_MONTHS): issue #13 asks for at least 12. The
 * database holds the same floor (the security_events trigger of migration 1796600000000-Retention).
 */
export const SECURITY_EVENTS_MIN_MONTHS = 12;

/**
 * A connection string of one of the given schemes with a host (`postgres://…`, `redis://…`): a typo (`notaurl`, a
 * missing scheme) is refused at start, naming the setting, instead of failing later as a driver's lookup of "base".
 */
@ValidatorConstraint({ name: 'connectionUrl' })
class ConnectionUrl implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    if (typeof value !== 'string') return false;
    try {
      const url = new URL(value);
      // `postgres:///tiendo?host=/var/run/postgresql`: a Unix socket, no host name.
      return (args.constraints as string[]).includes(url.protocol) && (url.hostname !== '' || url.searchParams.has('host'));
    } catch {
      return false;
    }
  }

  defaultMessage(args: ValidationArguments): string {
    const schemes = (args.constraints as string[]).map((s) => `${s}//`).join(' hoặc ');
    return `${args.property} phải là một địa chỉ kết nối ${schemes}máy-chủ… / must be a ${(args.constraints as string[]).map((s) => `${s}//`).join(' or ')}host… connection string`;
  }
}

/** The words of a setting's plain rules, Vietnamese first, as every other setting's message (one per setting). */
const wholeNumber = ({ property }: ValidationArguments) => `${property} phải là số nguyên / must be a whole number`;
const atLeast = ({ property, constraints }: ValidationArguments) => `${property} tối thiểu ${constraints[0]} / at least ${constraints[0]}`;
const atMost = ({ property, constraints }: ValidationArguments) => `${property} tối đa ${constraints[0]} / at most ${constraints[0]}`;
const trueOrFalse = ({ property }: ValidationArguments) => `${property} là true hoặc false / true or false`;

/**
 * Every setting the processes read, validated once at start; nothing else reads process.env.
 * Defaults suit one machine running PostgreSQL and Redis locally.
 */
export class AppConfig {
  /** PostgreSQL connection string: postgres://[user[:password]@]host[:port]/database[?options]. */
  @IsString()
  @Validate(ConnectionUrl, ['postgres:', 'postgresql:'])
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/tiendo';

  /**
   * Direct PostgreSQL connection string for LISTEN (live notification streams, the worker's outbox wake-up), and for
   * what needs a session of its own (migrations' advisory lock). Defaults to DATABASE_URL. Set it when DATABASE_URL
   * goes through a transaction-mode pooler (PgBouncer): LISTEN and session locks do not survive one.
   */
  @IsOptional()
  @IsString()
  @Validate(ConnectionUrl, ['postgres:', 'postgresql:'])
  DATABASE_LISTEN_URL?: string;

  /**
   * `session` (default): DATABASE_URL reaches PostgreSQL itself (or a session-mode pooler), and each pooled
   * connection starts with the app's settings (statement_timeout, idle_in_transaction_session_timeout, no parallel
   * workers) and keeps named prepared statements. `transaction`: DATABASE_URL reaches a transaction-mode pooler
   * (PgBouncer `pool_mode = transaction`): no session settings in the startup packet (PgBouncer refuses them) and
   * no named prepared statements (PgBouncer before 1.21 cannot route them); put the timeouts on the role instead
   * (README, "Operating it"). `transaction` needs DATABASE_LISTEN_URL, direct to PostgreSQL (refused at start without).
   */
  @IsIn(['session', 'transaction'], { message: 'DATABASE_POOL_MODE là session hoặc transaction (transaction: DATABASE_URL qua PgBouncer ở pool_mode = transaction) / session or transaction' })
  DATABASE_POOL_MODE: 'session' | 'transaction' = 'session';

  /** Connections in each process's pool (the API's, the worker's); the LISTEN connection is not one of them. */
  @Transform(toInt)
  @IsInt({ message: 'DB_POOL_SIZE phải là số nguyên (số kết nối) / must be a whole number of connections' })
  @Min(1, { message: 'DB_POOL_SIZE tối thiểu 1 / at least 1' })
  @Max(200, { message: 'DB_POOL_SIZE tối đa 200 / at most 200' })
  DB_POOL_SIZE = 10;

  /**
   * Redis connection string (BullMQ queues): redis://[[user]:password@]host:port[/db]. With REDIS_SENTINELS set, only
   * its user, password and database number apply (Sentinel names the master's address).
   */
  @IsString()
  @Validate(ConnectionUrl, ['redis:', 'rediss:'])
  REDIS_URL = 'redis://127.0.0.1:6379';

  /**
   * Redis Sentinel: the sentinels' `host:port` addresses, separated by commas (`[::1]:26379` for IPv6). Set, every
   * Redis client of the API and the worker asks them for the current master of REDIS_SENTINEL_MASTER and follows a
   * failover to the new one (redis-connection.ts in libs/server/reminders). Empty (default): REDIS_URL's host.
   */
  @IsOptional()
  @Validate(RedisSentinelList)
  REDIS_SENTINELS?: string;

  /** The name the sentinels monitor the master under (`sentinel monitor <name> …`); required with REDIS_SENTINELS. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'REDIS_SENTINEL_MASTER là tên master trong cấu hình sentinel (chữ, số, . _ -) / the master name the sentinels monitor (letters, digits, . _ -)' })
  REDIS_SENTINEL_MASTER?: string;

  /** The sentinels' own password (their `requirepass`), when they have one; the master's comes from REDIS_URL. */
  @IsOptional()
  @IsString()
  REDIS_SENTINEL_PASSWORD?: string;

  /** Key prefix for BullMQ, so several deployments or test runs can share one Redis. */
  @IsString()
  QUEUE_PREFIX = 'tiendo';

  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(0, { message: atLeast })
  @Max(65535, { message: atMost })
  PORT = 3000;

  /**
   * Secret signing access tokens (HS256): at least 32 characters, never a value published in the repository, and at
   * least 128 bits of estimated entropy (secret-strength.ts), refused at start otherwise.
   */
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET tối thiểu 32 ký tự (npm start tự ghi một khoá vào .env) / must be at least 32 characters (npm start writes one to .env)' })
  JWT_SECRET!: string;

  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(30, { message: atLeast })
  ACCESS_TOKEN_TTL_SECONDS = 900;

  /** A session ends after this long whatever the activity (re-authentication, ASVS 3.3.4). */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  SESSION_MAX_HOURS = 12;

  /** A session ends after this long without a refresh. */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  SESSION_IDLE_MINUTES = 30;

  /** The longest life of an API token, in days from the day it is created: its expiry day may be no later. */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  @Max(3650, { message: atMost })
  API_TOKEN_MAX_DAYS = 365;

  /** Tries of one webhook delivery (the first included) before it is marked failed. */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  @Max(30, { message: atMost })
  WEBHOOK_MAX_ATTEMPTS = 8;

  /** The first retry of a webhook delivery waits this long, in ms; each next one twice as long (BullMQ's exponential backoff). */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  WEBHOOK_RETRY_BASE_MS = 30_000;

  /** A receiver that has not answered a webhook POST in this many ms is given up on for this attempt. */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(100, { message: atLeast })
  @Max(60_000, { message: atMost })
  WEBHOOK_TIMEOUT_MS = 10_000;

  /**
   * Networks a webhook may be delivered to although they are never receivers by default (loopback, link-local with
   * the cloud's metadata service, "this network", multicast, reserved: libs/server/webhooks receiver-addresses.ts):
   * addresses or CIDR ranges separated by commas, e.g. `127.0.0.1/32` for a receiver on the worker's own machine.
   * Unset: none. Private networks (10/8, 172.16/12, 192.168/16, fc00::/7) need no entry.
   */
  @IsOptional()
  @IsString()
  WEBHOOK_ALLOWED_NETWORKS?: string;

  /**
   * Failed sign-ins per account from one client address per hour (wrong current passwords on change-password
   * included) before that pair answers 429 for the rest of the hour; at the owner's own address (signed in from
   * within 90 days) the pair is slowed to one try per LOGIN_SLOWDOWN_SECONDS instead, never closed. Only checked
   * attempts count (libs/server/auth/src/lib/sign-in-throttle.ts).
   */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  LOGIN_MAX_FAILURES_PER_HOUR = 10;

  /**
   * Failed sign-ins per client address per hour, whatever the usernames, before that address answers 429; never
   * applied to an account at its owner's own address (a shared office NAT).
   */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  LOGIN_MAX_FAILURES_PER_ADDRESS = 50;

  /**
   * Failed sign-ins per account per hour (all addresses together) after which an address that never signed in to
   * that account may try it once per LOGIN_SLOWDOWN_SECONDS.
   */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  LOGIN_ACCOUNT_SLOWDOWN_AFTER = 20;

  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  LOGIN_SLOWDOWN_SECONDS = 60;

  /**
   * Failed sign-ins per account per hour after which addresses that never signed in to it get 429 for the rest of
   * the hour; the owner's own addresses keep signing in. ASVS 2.2.1 allows at most 100.
   */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  @Max(100, { message: atMost })
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 100;

  /**
   * Password hashes (argon2id, about 19 MiB and a core for ~40 ms each) computed at once; more wait in line, so a
   * flood of sign-ins cannot take every core and libuv thread from signed-in users.
   */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  @Max(64, { message: atMost })
  PASSWORD_HASH_CONCURRENCY = 1;

  /**
   * Roles whose accounts must have a second factor (TOTP, README "Second factor"): a comma list of roles, or `none`.
   * A user of such a role who has not enrolled gets, after the password, an enrolment-only challenge and must enrol
   * before anything else; others may enrol on their account page. Directory users whose provider already asked for a
   * second factor (its `amr` claim) are not asked again (needsSecondFactor in libs/server/auth).
   */
  @Validate(SecondFactorRolesValue)
  MFA_REQUIRED_ROLES = 'admin,leader';

  /**
   * The key (32 bytes: 64 hex digits or base64) that encrypts TOTP secrets at rest (AES-256-GCM). When unset, a key
   * is derived from JWT_SECRET (HKDF-SHA256): changing JWT_SECRET then makes every enrolled authenticator unreadable,
   * so set a key of its own in production.
   */
  @IsOptional()
  @Validate(TotpEncryptionKeyValue)
  TOTP_ENCRYPTION_KEY?: string;

  /**
   * The reverse proxies whose X-Forwarded-For is believed: comma-separated addresses or CIDR ranges, or the names
   * loopback, linklocal, uniquelocal. None by default: the client address is the connection's peer, and any
   * X-Forwarded-For it sends is ignored.
   */
  @IsOptional()
  @Validate(TrustedProxiesList)
  TRUSTED_PROXIES?: string;

  /**
   * Which reverse proxies say who the client is (the adapter's `trustProxy`; see trustProxySetting): `false`/`none` (the
   * default: the connection's peer, any X-Forwarded-For ignored), a hop count (`1`: one proxy in front, which must
   * append the address it saw to X-Forwarded-For), or comma-separated addresses / CIDR ranges (or loopback,
   * linklocal, uniquelocal) of the proxies. Read by the sign-in throttle and the security log through `req.ip`.
   * `true` is refused (anyone could pick their address), and so is a range wider than /8 (IPv4) or /7 (IPv6), which
   * several can add up to (tooWideTrustedRanges). TRUSTED_PROXIES is its older name, for a list only.
   */
  @IsOptional()
  @Validate(TrustProxyValue)
  TRUST_PROXY?: string;

  /** The first start creates this admin when no admin exists. */
  @IsOptional()
  @IsString()
  ADMIN_USERNAME?: string;

  /** Refused at start when it is a value published in the repository (.env.example, the README's demo accounts). */
  @IsOptional()
  @IsString()
  @MinLength(8)
  ADMIN_PASSWORD?: string;

  /**
   * Directory sign-in (README, "Directory sign-in (LDAP / Active Directory)"): the directory's address,
   * `ldap://host:389` or `ldaps://host:636`. Unset: no directory; every user signs in with the product's password.
   */
  @IsOptional()
  @Matches(/^ldaps?:\/\/[^\s/]+\/?$/i, { message: 'LDAP_URL có dạng ldap://máy:389 hoặc ldaps://máy:636 / must be ldap://host:port or ldaps://host:port' })
  LDAP_URL?: string;

  /** `true`: upgrade an ldap:// connection with StartTLS before any bind (refused with ldaps://, already TLS). */
  @IsIn(['true', 'false'], { message: 'LDAP_STARTTLS là true hoặc false / true or false' })
  LDAP_STARTTLS: 'true' | 'false' = 'false';

  /**
   * PEM file of the CA(s) that sign the directory's certificate (LDAPS or StartTLS); unset: the system's CAs.
   * The certificate is always verified, name included: there is no setting to turn that off.
   */
  @IsOptional()
  @IsString()
  LDAP_CA_FILE?: string;

  /**
   * Service account that searches for the user's entry (and their groups): its DN and password. Optional: without
   * it, the user's DN is made from LDAP_USER_DN_TEMPLATE and the user's own bind reads their entry.
   */
  @IsOptional()
  @IsString()
  LDAP_BIND_DN?: string;

  @IsOptional()
  @IsString()
  LDAP_BIND_PASSWORD?: string;

  /** Where users are searched (subtree), e.g. `ou=people,dc=bo,dc=gov,dc=vn`; needed with LDAP_BIND_DN. */
  @IsOptional()
  @IsString()
  LDAP_USER_BASE?: string;

  /**
   * The search for the user's entry: `{username}` is replaced by the typed username, escaped per RFC 4515.
   * OpenLDAP `(uid={username})`; Active Directory `(&(objectClass=user)(sAMAccountName={username}))`.
   */
  @Matches(/^\(.*\{username\}.*\)$/, { message: 'LDAP_USER_FILTER là một bộ lọc LDAP trong ngoặc có chứa {username}, ví dụ (uid={username}) / an LDAP filter in parentheses containing {username}' })
  LDAP_USER_FILTER = '(uid={username})';

  /**
   * Without a service account: the user's DN, `{username}` replaced (escaped per RFC 4514), e.g.
   * `uid={username},ou=people,dc=bo,dc=gov,dc=vn`; for AD a UPN works too: `{username}@bo.gov.vn`.
   */
  @IsOptional()
  @Matches(/\{username\}/, { message: 'LDAP_USER_DN_TEMPLATE phải chứa {username} / must contain {username}' })
  LDAP_USER_DN_TEMPLATE?: string;

  /** Attribute holding the user's full name (OpenLDAP `cn`, AD `displayName`). */
  @Matches(/^[A-Za-z][A-Za-z0-9-]*$/, { message: 'LDAP_NAME_ATTRIBUTE là tên một thuộc tính LDAP / an attribute name' })
  LDAP_NAME_ATTRIBUTE = 'cn';

  /** Attribute holding the user's e-mail address. */
  @Matches(/^[A-Za-z][A-Za-z0-9-]*$/, { message: 'LDAP_EMAIL_ATTRIBUTE là tên một thuộc tính LDAP / an attribute name' })
  LDAP_EMAIL_ATTRIBUTE = 'mail';

  /** Attribute of the user's entry listing the DNs of their groups (AD and OpenLDAP's memberof overlay: `memberOf`). */
  @Matches(/^[A-Za-z][A-Za-z0-9-]*$/, { message: 'LDAP_GROUPS_ATTRIBUTE là tên một thuộc tính LDAP / an attribute name' })
  LDAP_GROUPS_ATTRIBUTE = 'memberOf';

  /** Optional: where groups are searched too (subtree), for directories without memberOf. */
  @IsOptional()
  @IsString()
  LDAP_GROUP_BASE?: string;

  /** The group search under LDAP_GROUP_BASE: `{dn}` is replaced by the user's DN, escaped per RFC 4515. */
  @Matches(/^\(.*\{dn\}.*\)$/, { message: 'LDAP_GROUP_FILTER là một bộ lọc LDAP trong ngoặc có chứa {dn} / an LDAP filter in parentheses containing {dn}' })
  LDAP_GROUP_FILTER = '(|(member={dn})(uniqueMember={dn}))';

  /**
   * How the directory says an account is disabled: `ppolicy` (OpenLDAP: pwdAccountLockedTime 000001010000Z, locked
   * by an administrator; a lockout after failed binds is enforced by the directory's own bind),
   * `ad` (Active Directory: userAccountControl has bit 0x2, ACCOUNTDISABLE), `none`. A disabled account cannot sign
   * in even when its bind would succeed.
   */
  @IsIn(['ppolicy', 'ad', 'none'], { message: 'LDAP_ACCOUNT_DISABLED là ppolicy, ad hoặc none / ppolicy, ad or none' })
  LDAP_ACCOUNT_DISABLED: 'ppolicy' | 'ad' | 'none' = 'ppolicy';

  /** Milliseconds to wait for the directory (connection, and each operation) before answering 503 DIRECTORY_UNAVAILABLE. */
  @Transform(toInt)
  @IsInt({ message: 'LDAP_TIMEOUT_MS phải là số nguyên (mili giây) / must be a whole number of milliseconds' })
  @Min(100, { message: 'LDAP_TIMEOUT_MS tối thiểu 100 / at least 100' })
  @Max(60_000, { message: 'LDAP_TIMEOUT_MS tối đa 60000 / at most 60000' })
  LDAP_TIMEOUT_MS = 5_000;

  /** Folder of the built web app served at "/"; empty to serve the API alone. */
  @IsOptional()
  @IsString()
  WEB_DIST?: string;

  /** Address users reach the product at (links in e-mails). */
  @IsString()
  PUBLIC_URL = 'http://localhost:3000';

  /**
   * Single sign-on through OpenID Connect (README, "Sign in with the ministry's accounts: OpenID Connect"): the
   * provider's issuer URL (its discovery document is `<issuer>/.well-known/openid-configuration`): Keycloak's realm
   * URL, the government's shared sign-on platform… Off when unset.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'OIDC_ISSUER là địa chỉ http(s) của nhà cung cấp OpenID Connect / the provider\'s issuer URL' })
  OIDC_ISSUER?: string;

  /**
   * Sign-ins started at the provider (POST /api/auth/oidc/start: each stores a request for 10 minutes) from one client
   * address per 10 minutes before 429 SIGN_IN_THROTTLED. Generous, for an office behind one address at 08:00.
   */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  @Max(100_000, { message: atMost })
  OIDC_STARTS_PER_ADDRESS = 600;

  /** The product's client id at the provider. Required with OIDC_ISSUER. */
  @IsOptional()
  @IsString()
  OIDC_CLIENT_ID?: string;

  /** The client's secret (a confidential client, sent by HTTP Basic); unset for a public client. PKCE is used either way. */
  @IsOptional()
  @IsString()
  OIDC_CLIENT_SECRET?: string;

  /** Where the provider sends the browser back: the web app's `/dang-nhap/oidc`; default PUBLIC_URL + that path. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  OIDC_REDIRECT_URI?: string;

  /** Where the provider sends the browser after signing out of it; default PUBLIC_URL + `/dang-nhap`. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  OIDC_POST_LOGOUT_REDIRECT_URI?: string;

  /** The scopes asked for, space-separated; `openid` must be one. */
  @IsString()
  @Matches(/(^|\s)openid(\s|$)/, { message: 'OIDC_SCOPES phải có openid / must include openid' })
  OIDC_SCOPES = 'openid profile email groups';

  /** The claim that is the user's username in the product (Keycloak: preferred_username; Azure AD: upn). */
  @IsString()
  OIDC_USERNAME_CLAIM = 'preferred_username';

  /** The claim listing the user's groups, read by the mapping rules as directory groups are. */
  @IsString()
  OIDC_GROUPS_CLAIM = 'groups';

  /** The sign-in button's words. */
  @IsString()
  @MaxLength(80)
  OIDC_LABEL = 'Đăng nhập bằng tài khoản Bộ';

  /**
   * Allows a provider over plain HTTP (tests, a provider on the same host). Off by default: tokens and codes travel
   * to the provider, so its address must be https.
   */
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean({ message: trueOrFalse })
  OIDC_ALLOW_HTTP = false;

  /** SMTP server for e-mail reminders, e.g. smtp://user:pass@mail.example:587; e-mail is off when unset. */
  @IsOptional()
  @IsString()
  SMTP_URL?: string;

  /** Sender of the e-mails. */
  @IsString()
  MAIL_FROM = 'Tiến Độ <no-reply@tiendo.local>';

  /** Tasks handled per reminder transaction. */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  REMINDER_BATCH_SIZE = 500;

  /**
   * A day's run is split into batch jobs of about this many candidate tasks (open, with a deadline within the
   * reminder window), by ranges of task id; any worker takes any batch. 100,000 tasks at 5,000: 20 batch jobs.
   */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  REMINDER_JOB_TASKS = 5_000;

  /** Reminder jobs (mostly batches of a day's run) one worker process runs at the same time. */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  @Max(32, { message: atMost })
  REMINDER_CONCURRENCY = 2;

  /** A failed batch job is retried alone, 5 attempts in all, after this delay (ms), doubling after. */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  REMINDER_RETRY_BASE_MS = 10_000;

  /** E-mail sending: attempts, and the first retry's delay (doubling after). */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  EMAIL_ATTEMPTS = 6;

  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  EMAIL_RETRY_BASE_MS = 30_000;

  /**
   * Seconds between the worker's own checks (a plain timer, not a Redis job) that its job schedulers exist in Redis;
   * when one is missing (Redis flushed or restarted) it repairs at once. At most 60: a loss is noticed within a minute.
   */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  @Max(60, { message: atMost })
  REMINDER_WATCHDOG_SECONDS = 15;

  /**
   * Seconds between the notification dispatcher's own looks at the task events outbox (a plain timer beside LISTEN
   * tiendo_task_events, so a missed wake-up delays an event by at most this long) and at the daily digest.
   */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(1, { message: atLeast })
  @Max(300, { message: atMost })
  NOTIFICATION_DISPATCH_SECONDS = 10;

  /**
   * Seconds an actor must be quiet before the dispatcher takes their task events (0: at once), so that one person's
   * burst (50 files uploaded one after another, several tasks reassigned) arrives as one notification per recipient
   * whatever the timing; an event never waits more than 60 s. Events of one batch (payload.batchId) go at once.
   */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(0, { message: atLeast })
  @Max(60, { message: atMost })
  NOTIFICATION_SETTLE_SECONDS = 5;

  /**
   * Hour (0-23, Asia/Ho_Chi_Minh) of the daily e-mail digest of notifications for users who chose 'digest' for an
   * event kind; a worker down at that hour sends it when it comes back, once per user per day.
   */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(0, { message: atLeast })
  @Max(23, { message: atMost })
  NOTIFICATION_DIGEST_HOUR = 16;

  /**
   * Months the security events (security_events), the sign-in attempts (login_attempts) and the ended sessions
   * (sessions, with their refresh tokens) are kept, counted by calendar month in Asia/Ho_Chi_Minh (the current month
   * and this many whole months before it; libs/server/retention). At least 12: issue #13 ("Beyond one machine") asks
   * for security events to be kept at least 12 months, and the database refuses to delete one younger than that
   * whatever this says (migration 1796600000000-Retention). Refused at start below 12.
   */
  @Transform(toInt)
  @IsInt({ message: 'RETENTION_SECURITY_EVENTS_MONTHS phải là số nguyên (tháng) / must be a whole number of months' })
  @Min(SECURITY_EVENTS_MIN_MONTHS, {
    message: `RETENTION_SECURITY_EVENTS_MONTHS tối thiểu ${SECURITY_EVENTS_MIN_MONTHS} tháng: nhật ký an ninh phải được giữ ít nhất ${SECURITY_EVENTS_MIN_MONTHS} tháng (issue #13) / security events must be kept at least ${SECURITY_EVENTS_MIN_MONTHS} months`,
  })
  @Max(1200, { message: 'RETENTION_SECURITY_EVENTS_MONTHS tối đa 1200 (tháng) / at most 1200 months' })
  RETENTION_SECURITY_EVENTS_MONTHS = 24;

  /** Months a notification the user has read is kept in the bell (by its month of creation, Asia/Ho_Chi_Minh). */
  @Transform(toInt)
  @IsInt({ message: 'RETENTION_READ_NOTIFICATIONS_MONTHS phải là số nguyên (tháng) / must be a whole number of months' })
  @Min(1, { message: 'RETENTION_READ_NOTIFICATIONS_MONTHS tối thiểu 1 (tháng) / at least 1 month' })
  @Max(1200, { message: 'RETENTION_READ_NOTIFICATIONS_MONTHS tối đa 1200 (tháng) / at most 1200 months' })
  RETENTION_READ_NOTIFICATIONS_MONTHS = 12;

  /** Months a notification never read is kept; at least RETENTION_READ_NOTIFICATIONS_MONTHS. */
  @Transform(toInt)
  @IsInt({ message: 'RETENTION_UNREAD_NOTIFICATIONS_MONTHS phải là số nguyên (tháng) / must be a whole number of months' })
  @Min(1, { message: 'RETENTION_UNREAD_NOTIFICATIONS_MONTHS tối thiểu 1 (tháng) / at least 1 month' })
  @Max(1200, { message: 'RETENTION_UNREAD_NOTIFICATIONS_MONTHS tối đa 1200 (tháng) / at most 1200 months' })
  RETENTION_UNREAD_NOTIFICATIONS_MONTHS = 24;

  /**
   * Months the deliveries of notifications and reminders (reminder_deliveries: in-app, e-mail, digest rows that are
   * delivered or failed; pending ones stay) and the reminder runs' record (reminder_runs) are kept. A delivery a kept
   * notification points at stays until that notification goes.
   */
  @Transform(toInt)
  @IsInt({ message: 'RETENTION_DELIVERIES_MONTHS phải là số nguyên (tháng) / must be a whole number of months' })
  @Min(1, { message: 'RETENTION_DELIVERIES_MONTHS tối thiểu 1 (tháng) / at least 1 month' })
  @Max(1200, { message: 'RETENTION_DELIVERIES_MONTHS tối đa 1200 (tháng) / at most 1200 months' })
  RETENTION_DELIVERIES_MONTHS = 12;

  /**
   * Months a task event already dispatched stays in the outbox (task_events; by the month it was dispatched). Events
   * waiting for dispatch are never purged. The task's own history (task_history) is the record and is never purged.
   */
  @Transform(toInt)
  @IsInt({ message: 'RETENTION_TASK_EVENTS_MONTHS phải là số nguyên (tháng) / must be a whole number of months' })
  @Min(1, { message: 'RETENTION_TASK_EVENTS_MONTHS tối thiểu 1 (tháng) / at least 1 month' })
  @Max(1200, { message: 'RETENTION_TASK_EVENTS_MONTHS tối đa 1200 (tháng) / at most 1200 months' })
  RETENTION_TASK_EVENTS_MONTHS = 3;

  /** Rows the retention purge deletes per transaction (short transactions: no table is locked for long). */
  @Transform(toInt)
  @IsInt({ message: 'RETENTION_BATCH_SIZE phải là số nguyên / must be a whole number' })
  @Min(1, { message: 'RETENTION_BATCH_SIZE tối thiểu 1 / at least 1' })
  @Max(50_000, { message: 'RETENTION_BATCH_SIZE tối đa 50000 / at most 50000' })
  RETENTION_BATCH_SIZE = 1_000;

  /** Port of the worker's health answer (GET /health/ready, /health/live); 0 picks a free port (tests). */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(0, { message: atLeast })
  @Max(65535, { message: atMost })
  WORKER_HEALTH_PORT = 3001;

  /**
   * The address the worker's health and metrics server binds: loopback by default (probes run inside the container;
   * a Prometheus on the same machine); `0.0.0.0` where a kubelet or a Prometheus in another container or pod must
   * reach it (the compose file and the Kubernetes manifests set it), the port left unpublished to users.
   */
  @IsString()
  @MinLength(1)
  WORKER_HEALTH_HOST = '127.0.0.1';

  /**
   * API: port of its Prometheus metrics (GET /metrics), served by a small HTTP server of its own, never by the public
   * PORT; 0 picks a free port (tests). The worker serves its metrics on WORKER_HEALTH_PORT (GET /metrics).
   */
  @Transform(toInt)
  @IsInt({ message: wholeNumber })
  @Min(0, { message: atLeast })
  @Max(65535, { message: atMost })
  METRICS_PORT = 9464;

  /**
   * API: the address the metrics server binds: loopback by default (a Prometheus on the same machine); `0.0.0.0` for
   * one in another container or pod, the port left unpublished to users.
   */
  @IsString()
  @MinLength(1)
  METRICS_HOST = '127.0.0.1';

  /**
   * Start the process clock at this instant (ISO 8601) and let it run from there. For tests and demonstrations
   * that need the worker at a given moment (08:00 on a deadline day); never set in production.
   */
  @IsOptional()
  @IsString()
  CLOCK_START?: string;

  /**
   * Folder where the API keeps attached files when STORAGE_URL is unset (the embedded store: nothing else to run;
   * a volume in docker compose). Files are named by their SHA-256. One API process, or replicas sharing this folder.
   */
  @IsString()
  @MinLength(1)
  STORAGE_DIR = './data/files';

  /**
   * Folder where an upload is written while it arrives (hashed as it streams), before the store keeps it or it is
   * refused; each file is removed when its request ends. Default: `tiendo-uploads` in the system's temporary folder.
   */
  @IsString()
  @MinLength(1)
  UPLOAD_TMP_DIR = join(tmpdir(), 'tiendo-uploads');

  /**
   * An S3-compatible object store instead of STORAGE_DIR, for several API replicas:
   * s3://bucket[/prefix]?endpoint=http://minio:9000&region=us-east-1&forcePathStyle=true. Credentials from
   * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or s3://key:secret@bucket. The bucket must exist.
   */
  @IsOptional()
  @Validate(StorageUrlSetting)
  STORAGE_URL?: string;

  @IsOptional()
  @IsString()
  AWS_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  AWS_SECRET_ACCESS_KEY?: string;

  /** Largest attached file, in MB (MiB); larger uploads answer 413 ATTACHMENT_TOO_LARGE. */
  @Transform(toInt)
  @IsInt({ message: 'ATTACHMENT_MAX_MB phải là số nguyên (MB)' })
  @Min(1, { message: 'ATTACHMENT_MAX_MB tối thiểu 1 (MB)' })
  @Max(1024, { message: 'ATTACHMENT_MAX_MB tối đa 1024 (MB)' })
  ATTACHMENT_MAX_MB: number = ATTACHMENT_DEFAULTS.maxMegabytes;

  /**
   * Tasks one .xlsx export of the task list holds (GET /api/tasks/export.xlsx); a longer filtered list answers 422
   * EXPORT_TOO_LARGE, so that one request never builds an unbounded workbook in the API's memory.
   */
  @Transform(toInt)
  @IsInt({ message: 'TASK_EXPORT_MAX_ROWS phải là số nguyên' })
  @Min(1, { message: 'TASK_EXPORT_MAX_ROWS tối thiểu 1' })
  @Max(200_000, { message: 'TASK_EXPORT_MAX_ROWS tối đa 200000' })
  TASK_EXPORT_MAX_ROWS = 50_000;

  /** Files a task may have at once (deleted ones not counted); one more answers 422 ATTACHMENT_LIMIT_REACHED. */
  @Transform(toInt)
  @IsInt({ message: 'ATTACHMENTS_PER_TASK phải là số nguyên' })
  @Min(1, { message: 'ATTACHMENTS_PER_TASK tối thiểu 1' })
  ATTACHMENTS_PER_TASK: number = ATTACHMENT_DEFAULTS.maxPerTask;

  /** Types allowed, by extension, checked against the content (ATTACHMENT_TYPE_NAMES lists what can be checked). */
  @Validate(AttachmentTypesList)
  ATTACHMENT_TYPES: string = ATTACHMENT_DEFAULTS.types;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * The organisation's full name as its documents write it (the issuing body of Decree 30/2020/NĐ-CP, Phụ lục I):
   * the default until an admin sets it at run time (PUT /api/settings/organisation, stored in `settings`).
   */
  @IsString()
  @MinLength(2, { message: 'ORG_NAME phải có ít nhất 2 ký tự' })
  @MaxLength(200, { message: 'ORG_NAME tối đa 200 ký tự' })
  ORG_NAME = 'Bộ Thông tin và Truyền thông';

  /** The abbreviation in document symbols ("Số: …/BC-BTTTT"): capital letters, digits, '&', '.', '-'. */
  @Matches(/^[\p{Lu}\p{N}&.-]{1,20}$/u, { message: 'ORG_SHORT_NAME là 1–20 chữ in hoa, chữ số, &, dấu chấm hoặc gạch nối (ví dụ BTTTT)' })
  ORG_SHORT_NAME = 'BTTTT';

  /** The direct governing body printed above the name in the documents' heading; empty for a ministry. */
  @IsString()
  @MaxLength(200, { message: 'ORG_PARENT tối đa 200 ký tự' })
  ORG_PARENT = '';

  /** The place name of the documents' date line ("Hà Nội, ngày … tháng … năm …"). */
  @IsString()
  @MinLength(2, { message: 'ORG_PLACE phải có ít nhất 2 ký tự' })
  @MaxLength(60, { message: 'ORG_PLACE tối đa 60 ký tự' })
  ORG_PLACE = 'Hà Nội';
}

/** Cross-field rules of the retention settings (each alone is checked by its decorators). */
/** OpenID Connect's settings that only make sense together: a client id with the issuer; https unless allowed. */
function oidcProblems(config: AppConfig): string[] {
  if (!config.OIDC_ISSUER) return [];
  const problems: string[] = [];
  if (!config.OIDC_CLIENT_ID) problems.push('OIDC_CLIENT_ID là bắt buộc khi có OIDC_ISSUER / required with OIDC_ISSUER');
  if (new URL(config.OIDC_ISSUER).protocol === 'http:' && !config.OIDC_ALLOW_HTTP) {
    problems.push('OIDC_ISSUER phải là https (hoặc đặt OIDC_ALLOW_HTTP=true khi thử nghiệm) / must be https unless OIDC_ALLOW_HTTP=true');
  }
  return problems;
}

/**
 * Through a transaction-mode pooler, LISTEN and session locks do not survive (PgBouncer hands the connection to
 * another client after each transaction): live notifications would be lost without an error, and the migrations'
 * advisory lock would not hold. So `transaction` needs a DATABASE_LISTEN_URL of its own, not the pooler's.
 */
function poolModeProblems(config: AppConfig): string[] {
  if (config.DATABASE_POOL_MODE !== 'transaction') return [];
  if (!config.DATABASE_LISTEN_URL) {
    return ['DATABASE_LISTEN_URL là bắt buộc khi DATABASE_POOL_MODE=transaction: LISTEN và khoá phiên cần kết nối thẳng tới PostgreSQL, không qua PgBouncer / required with DATABASE_POOL_MODE=transaction (a direct connection for LISTEN and session locks)'];
  }
  if (config.DATABASE_LISTEN_URL === config.DATABASE_URL) {
    return ['DATABASE_LISTEN_URL phải khác DATABASE_URL khi DATABASE_POOL_MODE=transaction (DATABASE_URL đi qua PgBouncer) / must reach PostgreSQL itself, not the pooler DATABASE_URL names'];
  }
  return [];
}

function webhookProblems(config: AppConfig): string[] {
  if (parseNetworkList(config.WEBHOOK_ALLOWED_NETWORKS) !== null) return [];
  return ['WEBHOOK_ALLOWED_NETWORKS phải là các địa chỉ IP hoặc dải CIDR, cách nhau bởi dấu phẩy (vd. 127.0.0.1/32, 10.1.0.0/16) / must list IP addresses or CIDR ranges, separated by commas'];
}

function retentionProblems(config: AppConfig): string[] {
  const read = config.RETENTION_READ_NOTIFICATIONS_MONTHS;
  const unread = config.RETENTION_UNREAD_NOTIFICATIONS_MONTHS;
  if (Number.isInteger(read) && Number.isInteger(unread) && unread < read) {
    return [
      `RETENTION_UNREAD_NOTIFICATIONS_MONTHS (${unread}) không được nhỏ hơn RETENTION_READ_NOTIFICATIONS_MONTHS (${read}): thông báo chưa đọc phải được giữ ít nhất lâu bằng thông báo đã đọc / unread notifications must be kept at least as long as read ones`,
    ];
  }
  return [];
}

/** Cross-field rules of the Redis Sentinel settings: the sentinels and the master's name come together. */
function redisSentinelProblems(config: AppConfig): string[] {
  const sentinels = Boolean(config.REDIS_SENTINELS);
  const master = Boolean(config.REDIS_SENTINEL_MASTER);
  if (sentinels && !master) return ['REDIS_SENTINEL_MASTER phải có khi đặt REDIS_SENTINELS (tên master các sentinel giám sát) / required with REDIS_SENTINELS'];
  if (master && !sentinels) return ['REDIS_SENTINELS phải có khi đặt REDIS_SENTINEL_MASTER (địa chỉ các sentinel) / required with REDIS_SENTINEL_MASTER'];
  if (config.REDIS_SENTINEL_PASSWORD && !sentinels) return ['REDIS_SENTINEL_PASSWORD chỉ dùng cùng REDIS_SENTINELS / only used with REDIS_SENTINELS'];
  return [];
}

/** Cross-field rules of the directory settings (each alone is checked by its decorators); none when LDAP_URL is unset. */
function directoryProblems(config: AppConfig): string[] {
  const problems: string[] = [];
  const ldapNamed = Object.keys(config).filter((k) => k.startsWith('LDAP_') && k !== 'LDAP_URL' && (config as unknown as Record<string, unknown>)[k] !== undefined);
  if (!config.LDAP_URL) {
    const set = ['LDAP_BIND_DN', 'LDAP_USER_BASE', 'LDAP_USER_DN_TEMPLATE', 'LDAP_CA_FILE', 'LDAP_GROUP_BASE'].filter((k) => ldapNamed.includes(k));
    if (set.length) problems.push(`${set.join(', ')} cần LDAP_URL (địa chỉ máy chủ thư mục) / need LDAP_URL`);
    return problems;
  }
  if (config.LDAP_STARTTLS === 'true' && /^ldaps:/i.test(config.LDAP_URL)) {
    problems.push('LDAP_STARTTLS=true chỉ dùng với ldap://; ldaps:// đã mã hoá sẵn / StartTLS is for ldap:// only');
  }
  const host = /^ldaps?:\/\/([^/:]+|\[[^\]]+\])/i.exec(config.LDAP_URL)?.[1] ?? '';
  if (/^ldap:/i.test(config.LDAP_URL) && config.LDAP_STARTTLS !== 'true' && !/^(127\.|localhost$|\[::1\]$)/.test(host)) {
    problems.push('LDAP_URL ldap:// gửi mật khẩu không mã hoá: dùng ldaps:// hoặc đặt LDAP_STARTTLS=true / use ldaps:// or LDAP_STARTTLS=true (plain LDAP only to this machine)');
  }
  if (Boolean(config.LDAP_BIND_DN) !== Boolean(config.LDAP_BIND_PASSWORD)) {
    problems.push('LDAP_BIND_DN và LDAP_BIND_PASSWORD phải đặt cùng nhau (tài khoản dịch vụ) / set both or neither');
  }
  if (config.LDAP_BIND_DN && !config.LDAP_USER_BASE) problems.push('LDAP_USER_BASE cần được đặt để tìm người dùng bằng tài khoản dịch vụ / needed with LDAP_BIND_DN');
  if (!config.LDAP_BIND_DN && !config.LDAP_USER_DN_TEMPLATE) {
    problems.push('Cần LDAP_BIND_DN (tài khoản dịch vụ để tìm người dùng) hoặc LDAP_USER_DN_TEMPLATE (DN của người dùng) / set a service account or a DN template');
  }
  if (config.LDAP_CA_FILE) {
    try {
      const text = readFileSync(config.LDAP_CA_FILE, 'utf8');
      if (!text.includes('-----BEGIN CERTIFICATE-----')) problems.push(`LDAP_CA_FILE (${config.LDAP_CA_FILE}) không chứa chứng thư PEM / holds no PEM certificate`);
    } catch (err) {
      problems.push(`LDAP_CA_FILE (${config.LDAP_CA_FILE}) không đọc được: ${(err as Error).message} / cannot be read`);
    }
  }
  return problems;
}

/** Where LISTEN and session-level work connect: DATABASE_LISTEN_URL, else DATABASE_URL. */
export function listenUrl(config: Pick<AppConfig, 'DATABASE_URL' | 'DATABASE_LISTEN_URL'>): string {
  return config.DATABASE_LISTEN_URL ?? config.DATABASE_URL;
}

/** Reads and validates the settings; throws one message naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(AppConfig, defined, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false });
  // Secrets published in the repository, or guessable, are refused too (secret-strength.ts).
  const lines = [
    // Not a number at all: that alone is said (not also "at least 1" and "at most 200" beside it).
    ...errors.flatMap((e) => {
      const said = e.constraints ?? {};
      const kind = said['isInt'] ?? said['isBoolean'] ?? said['isString'];
      return kind ? [kind] : Object.values(said);
    }),
    ...secretProblems(config),
    ...retentionProblems(config),
    ...webhookProblems(config),
    ...poolModeProblems(config),
    ...redisSentinelProblems(config),
    ...directoryProblems(config),
    ...oidcProblems(config),
  ];
  if (lines.length > 0) {
    throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}
