import type { DataSourceOptions } from 'typeorm';
import { InitialSchema1795400000000 } from './migrations/1795400000000-InitialSchema';
import { TaskListIndexes1795500000000 } from './migrations/1795500000000-TaskListIndexes';
import { TaskListCoveringIndex1795550000000 } from './migrations/1795550000000-TaskListCoveringIndex';
import { ReportHistory1795600000000 } from './migrations/1795600000000-ReportHistory';
import { Notifications1795700000000 } from './migrations/1795700000000-Notifications';
import { SignInThrottling1795820000000 } from './migrations/1795820000000-SignInThrottling';
import { Sessions1795830000000 } from './migrations/1795830000000-Sessions';
import { TextSearch1795840000000 } from './migrations/1795840000000-TextSearch';
import { HolidayChanges1795850000000 } from './migrations/1795850000000-HolidayChanges';
import { SecurityEventIndexes1795860000000 } from './migrations/1795860000000-SecurityEventIndexes';
import { TaskEvents1795870000000 } from './migrations/1795870000000-TaskEvents';
import { SubTasks1795890000000 } from './migrations/1795890000000-SubTasks';
import { NotificationDispatch1795900000000 } from './migrations/1795900000000-NotificationDispatch';
import { Watchers1795910000000 } from './migrations/1795910000000-Watchers';
import { Comments1795920000000 } from './migrations/1795920000000-Comments';
import { Attachments1795930000000 } from './migrations/1795930000000-Attachments';
import { WithdrawnExtensions1795940000000 } from './migrations/1795940000000-WithdrawnExtensions';
import { SavedFilters1795950000000 } from './migrations/1795950000000-SavedFilters';
import { LeaderOversight1795960000000 } from './migrations/1795960000000-LeaderOversight';
import { ReportObligations1795990000000 } from './migrations/1795990000000-ReportObligations';
import { ReportTasks1796100000000 } from './migrations/1796100000000-ReportTasks';
import { ReportTaskGeneration1796100001000 } from './migrations/1796100001000-ReportTaskGeneration';
import { ReportObligationHistory1796100002000 } from './migrations/1796100002000-ReportObligationHistory';
import { TaskSeries1796100003000 } from './migrations/1796100003000-TaskSeries';
import { ReportConfirmations1796200000000 } from './migrations/1796200000000-ReportConfirmations';
import { UnitChanges1796400000000 } from './migrations/1796400000000-UnitChanges';
import { AdHocReportRequests1796500000000 } from './migrations/1796500000000-AdHocReportRequests';
import { StoredFiles1796500001000 } from './migrations/1796500001000-StoredFiles';
import { Retention1796600000000 } from './migrations/1796600000000-Retention';
import { ReminderRunBatches1796800000000 } from './migrations/1796800000000-ReminderRunBatches';
import { DirectorySignIn1796810000000 } from './migrations/1796810000000-DirectorySignIn';
import { SecondFactor1796820000000 } from './migrations/1796820000000-SecondFactor';
import { ApiTokens1796830000000 } from './migrations/1796830000000-ApiTokens';
import { Webhooks1796831000000 } from './migrations/1796831000000-Webhooks';
import { IncomingDocuments1796832000000 } from './migrations/1796832000000-IncomingDocuments';
import { TasksFinishedIndex1796840000000 } from './migrations/1796840000000-TasksFinishedIndex';
import { TasksHistoryFinishedIndex1796840001000 } from './migrations/1796840001000-TasksHistoryFinishedIndex';
import { TasksFinishedStatistics1796840002000 } from './migrations/1796840002000-TasksFinishedStatistics';
import { OpenIdConnect1796850000000 } from './migrations/1796850000000-OpenIdConnect';
import { SpentSignInChallenges1796860000000 } from './migrations/1796860000000-SpentSignInChallenges';

/** Every migration, in order. Listed as classes (not a glob) so that the webpack bundle carries them. */
export const MIGRATIONS = [
  InitialSchema1795400000000,
  TaskListIndexes1795500000000,
  TaskListCoveringIndex1795550000000,
  ReportHistory1795600000000,
  Notifications1795700000000,
  // (new migrations below, one per line, in timestamp order)
  SignInThrottling1795820000000,
  Sessions1795830000000,
  TextSearch1795840000000,
  HolidayChanges1795850000000,
  SecurityEventIndexes1795860000000,
  TaskEvents1795870000000,
  SubTasks1795890000000,
  NotificationDispatch1795900000000,
  Watchers1795910000000,
  Comments1795920000000,
  Attachments1795930000000,
  WithdrawnExtensions1795940000000,
  SavedFilters1795950000000,
  LeaderOversight1795960000000,
  ReportObligations1795990000000,
  ReportTasks1796100000000,
  ReportTaskGeneration1796100001000,
  ReportObligationHistory1796100002000,
  TaskSeries1796100003000,
  ReportConfirmations1796200000000,
  UnitChanges1796400000000,
  AdHocReportRequests1796500000000,
  StoredFiles1796500001000,
  Retention1796600000000,
  ReminderRunBatches1796800000000,
  DirectorySignIn1796810000000,
  SecondFactor1796820000000,
  ApiTokens1796830000000,
  Webhooks1796831000000,
  IncomingDocuments1796832000000,
  TasksFinishedIndex1796840000000,
  TasksHistoryFinishedIndex1796840001000,
  TasksFinishedStatistics1796840002000,
  OpenIdConnect1796850000000,
  SpentSignInChallenges1796860000000,
];

/**
 * Set on the pool's options in transaction mode: preparedQuery (server-core) then sends its statements unnamed, since
 * a statement prepared through PgBouncer 1.18 on one server connection is unknown on the next.
 */
export const NAMED_STATEMENTS_OFF = 'tiendoNamedStatementsOff';

/** How the pool reaches PostgreSQL (AppConfig's DB_POOL_SIZE and DATABASE_POOL_MODE). */
export interface PoolSettings {
  /** Connections in the pool (default 10). */
  size?: number;
  /**
   * `session` (default): straight to PostgreSQL, each connection started with the settings below and named prepared
   * statements kept per connection. `transaction`: through a transaction-mode pooler (PgBouncer), which refuses
   * startup parameters it does not track and hands each transaction to any server connection, so neither the
   * settings nor named statements can be relied on: the role carries the timeouts (README, "Operating it").
   */
  mode?: 'session' | 'transaction';
}

/**
 * Connection settings shared by the API, the worker, the CLI and the tests. Timeouts bound every wait: node-postgres
 * would otherwise wait forever for a pooled connection, and a stuck transaction would hold its locks.
 */
export function dataSourceOptions(url: string, overrides: Partial<DataSourceOptions> = {}, pool: PoolSettings = {}): DataSourceOptions {
  const direct = (pool.mode ?? 'session') === 'session';
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    extra: {
      max: pool.size ?? 10,
      connectionTimeoutMillis: 5_000,
      // PgBouncer keeps application_name per client, so it is the one startup parameter sent through it too.
      application_name: 'tiendo',
      ...(direct
        ? {
            statement_timeout: 30_000,
            idle_in_transaction_session_timeout: 60_000,
            // Short transactional queries: parallel workers cost more to start (~9 ms) than they save, and under load
            // they compete for the same cores. Reports that scan the whole table turn them back on per query.
            options: '-c max_parallel_workers_per_gather=0',
          }
        : { [NAMED_STATEMENTS_OFF]: true }),
    },
    ...overrides,
  } as DataSourceOptions;
}
