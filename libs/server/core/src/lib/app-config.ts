import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MinLength, Min, validateSync } from 'class-validator';
import { secretProblems } from './secret-strength';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

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

  /** Failed sign-ins allowed per account per hour before 429 (ASVS 2.2.1 allows at most 100). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES_PER_HOUR = 20;

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
