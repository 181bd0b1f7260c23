import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
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
import { ATTACHMENT_DEFAULTS } from '@tiendo/contracts';
import { isIP } from 'node:net';
import { secretProblems } from './secret-strength';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/** The entries of TRUSTED_PROXIES, as Fastify's `trustProxy` (proxy-addr) takes them; an empty list trusts nobody. */
export function trustedProxyList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
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
    });
  }

  defaultMessage(): string {
    return 'TRUSTED_PROXIES must list addresses or CIDR ranges (or loopback, linklocal, uniquelocal), separated by commas';
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
 * Every setting the processes read, validated once at start; nothing else reads process.env.
 * Defaults suit one machine running PostgreSQL and Redis locally.
 */
export class AppConfig {
  /** PostgreSQL connection string. */
  @IsString()
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/tiendo';

  /**
   * Direct PostgreSQL connection string for LISTEN (live notification streams, the worker's outbox wake-up), and for
   * what needs a session of its own (migrations' advisory lock). Defaults to DATABASE_URL. Set it when DATABASE_URL
   * goes through a transaction-mode pooler (PgBouncer): LISTEN and session locks do not survive one.
   */
  @IsOptional()
  @IsString()
  DATABASE_LISTEN_URL?: string;

  /**
   * `session` (default): DATABASE_URL reaches PostgreSQL itself (or a session-mode pooler), and each pooled
   * connection starts with the app's settings (statement_timeout, idle_in_transaction_session_timeout, no parallel
   * workers) and keeps named prepared statements. `transaction`: DATABASE_URL reaches a transaction-mode pooler
   * (PgBouncer `pool_mode = transaction`): no session settings in the startup packet (PgBouncer refuses them) and
   * no named prepared statements (PgBouncer before 1.21 cannot route them); put the timeouts on the role instead
   * (README, "Operating it").
   */
  @IsIn(['session', 'transaction'], { message: 'DATABASE_POOL_MODE là session hoặc transaction (transaction: DATABASE_URL qua PgBouncer ở pool_mode = transaction) / session or transaction' })
  DATABASE_POOL_MODE: 'session' | 'transaction' = 'session';

  /** Connections in each process's pool (the API's, the worker's); the LISTEN connection is not one of them. */
  @Transform(toInt)
  @IsInt({ message: 'DB_POOL_SIZE phải là số nguyên (số kết nối) / must be a whole number of connections' })
  @Min(1, { message: 'DB_POOL_SIZE tối thiểu 1 / at least 1' })
  @Max(200, { message: 'DB_POOL_SIZE tối đa 200 / at most 200' })
  DB_POOL_SIZE = 10;

  /** Redis connection string (BullMQ queues). */
  @IsString()
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Key prefix for BullMQ, so several deployments or test runs can share one Redis. */
  @IsString()
  QUEUE_PREFIX = 'tiendo';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /**
   * Secret signing access tokens (HS256): at least 32 characters, never a value published in the repository, and at
   * least 128 bits of estimated entropy (secret-strength.ts), refused at start otherwise.
   */
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters (npm start writes one to .env)' })
  JWT_SECRET!: string;

  @Transform(toInt)
  @IsInt()
  @Min(30)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  /** A session ends after this long whatever the activity (re-authentication, ASVS 3.3.4). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SESSION_MAX_HOURS = 12;

  /** A session ends after this long without a refresh. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SESSION_IDLE_MINUTES = 30;

  /**
   * Failed sign-ins per account from one client address per hour (wrong current passwords on change-password
   * included) before that pair answers 429 for the rest of the hour; at the owner's own address (signed in from
   * within 90 days) the pair is slowed to one try per LOGIN_SLOWDOWN_SECONDS instead, never closed. Only checked
   * attempts count (libs/server/auth/src/lib/sign-in-throttle.ts).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_HOUR = 10;

  /**
   * Failed sign-ins per client address per hour, whatever the usernames, before that address answers 429; never
   * applied to an account at its owner's own address (a shared office NAT).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_ADDRESS = 50;

  /**
   * Failed sign-ins per account per hour (all addresses together) after which an address that never signed in to
   * that account may try it once per LOGIN_SLOWDOWN_SECONDS.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_ACCOUNT_SLOWDOWN_AFTER = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_SLOWDOWN_SECONDS = 60;

  /**
   * Failed sign-ins per account per hour after which addresses that never signed in to it get 429 for the rest of
   * the hour; the owner's own addresses keep signing in. ASVS 2.2.1 allows at most 100.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 100;

  /**
   * Password hashes (argon2id, about 19 MiB and a core for ~40 ms each) computed at once; more wait in line, so a
   * flood of sign-ins cannot take every core and libuv thread from signed-in users.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  PASSWORD_HASH_CONCURRENCY = 1;

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
   * `true` is refused (anyone could pick their address). TRUSTED_PROXIES is its older name, for a list only.
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

  /** Folder of the built web app served at "/"; empty to serve the API alone. */
  @IsOptional()
  @IsString()
  WEB_DIST?: string;

  /** Address users reach the product at (links in e-mails). */
  @IsString()
  PUBLIC_URL = 'http://localhost:3000';

  /** SMTP server for e-mail reminders, e.g. smtp://user:pass@mail.example:587; e-mail is off when unset. */
  @IsOptional()
  @IsString()
  SMTP_URL?: string;

  /** Sender of the e-mails. */
  @IsString()
  MAIL_FROM = 'Tiến Độ <no-reply@tiendo.local>';

  /** Tasks handled per reminder transaction. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REMINDER_BATCH_SIZE = 500;

  /** E-mail sending: attempts, and the first retry's delay (doubling after). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  EMAIL_ATTEMPTS = 6;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  EMAIL_RETRY_BASE_MS = 30_000;

  /**
   * Seconds between the worker's own checks (a plain timer, not a Redis job) that its job schedulers exist in Redis;
   * when one is missing (Redis flushed or restarted) it repairs at once. At most 60: a loss is noticed within a minute.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60)
  REMINDER_WATCHDOG_SECONDS = 15;

  /**
   * Seconds between the notification dispatcher's own looks at the task events outbox (a plain timer beside LISTEN
   * tiendo_task_events, so a missed wake-up delays an event by at most this long) and at the daily digest.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(300)
  NOTIFICATION_DISPATCH_SECONDS = 10;

  /**
   * Seconds an actor must be quiet before the dispatcher takes their task events (0: at once), so that one person's
   * burst (50 files uploaded one after another, several tasks reassigned) arrives as one notification per recipient
   * whatever the timing; an event never waits more than 60 s. Events of one batch (payload.batchId) go at once.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60)
  NOTIFICATION_SETTLE_SECONDS = 5;

  /**
   * Hour (0-23, Asia/Ho_Chi_Minh) of the daily e-mail digest of notifications for users who chose 'digest' for an
   * event kind; a worker down at that hour sends it when it comes back, once per user per day.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(23)
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
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HEALTH_PORT = 3001;

  /**
   * API: port of its Prometheus metrics (GET /metrics), served by a small HTTP server of its own, never by the public
   * PORT; 0 picks a free port (tests). The worker serves its metrics on WORKER_HEALTH_PORT (GET /metrics).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
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
  const lines = [...errors.flatMap((e) => Object.values(e.constraints ?? {})), ...secretProblems(config), ...retentionProblems(config)];
  if (lines.length > 0) {
    throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}
