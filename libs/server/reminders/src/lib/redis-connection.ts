import type { AppConfig } from '@tiendo/server-core';
import { redisSentinelList } from '@tiendo/server-core';
import type { RedisOptions } from 'ioredis';

/** The settings a Redis connection is made from (app-config.ts checks them at start). */
export type RedisSettings = Pick<AppConfig, 'REDIS_URL' | 'REDIS_SENTINELS' | 'REDIS_SENTINEL_MASTER' | 'REDIS_SENTINEL_PASSWORD'>;

/** ioredis's options, taken by `new Redis(…)` and by BullMQ's `connection` (whose retryStrategy may not be null). */
export type RedisConnectionOptions = Omit<RedisOptions, 'retryStrategy'> & { retryStrategy?: (times: number) => number | void | null };

/**
 * The options of every Redis connection of the API and the worker (BullMQ's queues, workers and events, the
 * watchdog's probe, the admin's queue counts, the report-task trigger), so that all of them follow one setting.
 *
 * - REDIS_URL alone (redis://[[user]:password@]host:port[/db]): that server.
 * - With REDIS_SENTINELS and REDIS_SENTINEL_MASTER: ioredis asks the sentinels, in turn, for the current master of
 *   that name and checks its ROLE before using it (`role: 'master'`); when Sentinel fails over, the old master drops
 *   its clients (Sentinel's CLIENT KILL) or answers READONLY, and the connection asks the sentinels again and moves
 *   to the new master. REDIS_URL's user, password and database number still apply (to the master); the sentinels'
 *   own password is REDIS_SENTINEL_PASSWORD.
 *
 * `maxRetriesPerRequest: null`: BullMQ's workers block on Redis and require it; connections that must fail fast
 * override it (with `enableOfflineQueue: false`). Tested against real servers and sentinels in
 * apps/worker/test/redis-sentinel.int-spec.ts.
 */
export function redisConnection(config: RedisSettings): RedisConnectionOptions {
  const u = new URL(config.REDIS_URL);
  const credentials = {
    password: u.password ? decodeURIComponent(u.password) : undefined,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    // Workers block on Redis; BullMQ requires this to be null for them.
    maxRetriesPerRequest: null,
  };
  const sentinels = redisSentinelList(config.REDIS_SENTINELS);
  if (sentinels.length === 0) return { host: u.hostname || '127.0.0.1', port: Number(u.port || 6379), ...credentials };
  return {
    sentinels,
    name: config.REDIS_SENTINEL_MASTER,
    sentinelPassword: config.REDIS_SENTINEL_PASSWORD || undefined,
    role: 'master',
    ...credentials,
    // A write that reaches a master just demoted to a replica (before Sentinel drops its clients): reconnect through
    // the sentinels and send the command again, to the new master.
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
  };
}
