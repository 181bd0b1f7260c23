import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MinLength,
  Min,
  Validate,
  validateSync,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { isIP } from 'node:net';
import { secretProblems } from './secret-strength';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/** The entries of TRUSTED_PROXIES, as Express's `trust proxy` takes them; an empty list trusts nobody. */
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
 * Every setting the processes read, validated once at start; nothing else reads process.env.
 * Defaults suit one machine running PostgreSQL and Redis locally.
 */
export class AppConfig {
  /** PostgreSQL connection string. */
  @IsString()
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/tiendo';

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
   * Hour (0-23, Asia/Ho_Chi_Minh) of the daily e-mail digest of notifications for users who chose 'digest' for an
   * event kind; a worker down at that hour sends it when it comes back, once per user per day.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(23)
  NOTIFICATION_DIGEST_HOUR = 16;

  /** Port of the worker's health answer (GET /health/ready, /health/live); 0 picks a free port (tests). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HEALTH_PORT = 3001;

  /**
   * Start the process clock at this instant (ISO 8601) and let it run from there. For tests and demonstrations
   * that need the worker at a given moment (08:00 on a deadline day); never set in production.
   */
  @IsOptional()
  @IsString()
  CLOCK_START?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}

/** Reads and validates the settings; throws one message naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(AppConfig, defined, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false });
  // Secrets published in the repository, or guessable, are refused too (secret-strength.ts).
  const lines = [...errors.flatMap((e) => Object.values(e.constraints ?? {})), ...secretProblems(config)];
  if (lines.length > 0) {
    throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}
