import Redis from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLocalPort } from './local-port';

/**
 * A Redis Sentinel group of a test's own: a master, one replica and `sentinels` sentinels, each Debian's
 * /usr/bin/redis-server (a sentinel is `redis-server <conf> --sentinel`) on a free port of 127.0.0.1, with generated
 * configuration files in a temporary folder and nothing kept on disk but Sentinel's own rewritten config.
 */
export interface TestRedisSentinel {
  /** The name the sentinels monitor the master under (REDIS_SENTINEL_MASTER). */
  masterName: string;
  /** `127.0.0.1:<port>,…`: the sentinels, as REDIS_SENTINELS takes them. */
  sentinels: string;
  /** The two data servers' ports (the first started as the master). */
  serverPorts: number[];
  /** The data servers' password (`requirepass`, and `masterauth` between them), when the group was given one. */
  password?: string;
  /** The current master's port, as the first sentinel names it. */
  masterPort(): Promise<number>;
  /**
   * `SENTINEL FAILOVER <name>` on the first sentinel, once the replica has everything the master wrote; resolves when
   * the sentinel announced `+switch-master`, every sentinel names the new master, and the old master has been turned
   * into its replica (Sentinel then drops the old master's clients, which reconnect through the sentinels).
   */
  failover(): Promise<{ from: number; to: number }>;
  /** The servers' and sentinels' logs (for a failing test's message). */
  log(): string;
  /** Stops every process the group started and removes its folder. */
  stop(): Promise<void>;
}

/** The longest any one wait of the group may take before it fails, naming what it waited for. */
const WAIT_MS = 60_000;

/** Polls `condition` every 50 ms (bounded by WAIT_MS): these are states of other processes, not timers of ours. */
async function until(what: string, condition: () => Promise<boolean>, log: () => string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      if (await condition()) return;
    } catch {
      // Not answering yet: look again.
    }
    if (Date.now() > deadline) throw new Error(`Redis Sentinel test group: ${what} did not happen in ${WAIT_MS / 1000} s\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One command on a short-lived connection that gives up at once when nothing listens. */
async function ask<T>(port: number | { port: number; password?: string }, ...args: (string | number)[]): Promise<T> {
  const { port: number, password } = typeof port === 'number' ? { port, password: undefined } : port;
  const client = new Redis({ host: '127.0.0.1', port: number, password, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.call(String(args[0]), ...args.slice(1).map(String))) as T;
  } finally {
    client.disconnect();
  }
}

/** A field of `INFO replication`. */
async function replicationField(port: { port: number; password?: string }, field: string): Promise<string | undefined> {
  const info = await ask<string>(port, 'INFO', 'replication');
  return new RegExp(`^${field}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

/**
 * Starts the group and resolves once the replica is in sync with the master and every sentinel monitors both.
 * `sentinels`: 1 or 3 (quorum 1 or 2); `password`: the data servers' (the sentinels have none). Throws (after
 * stopping what it started) when a process does not come up.
 */
export async function startRedisSentinel(options: { sentinels?: 1 | 3; masterName?: string; password?: string } = {}): Promise<TestRedisSentinel> {
  const password = options.password;
  const data = (port: number) => ({ port, password });
  const masterName = options.masterName ?? 'tiendo';
  const count = options.sentinels ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-sentinel-'));
  const children: ChildProcess[] = [];
  const log = () =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.log'))
      .map((f) => `--- ${f}\n${readFileSync(join(dir, f), 'utf8').split('\n').slice(-40).join('\n')}`)
      .join('\n');
  const start = (name: string, lines: string[], sentinel: boolean) => {
    const conf = join(dir, `${name}.conf`);
    writeFileSync(conf, [...lines, `dir ${dir}`, `logfile ${join(dir, `${name}.log`)}`, ''].join('\n'));
    children.push(spawn('redis-server', sentinel ? [conf, '--sentinel'] : [conf], { stdio: 'ignore' }));
  };
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  };

  try {
    const serverPorts = [await freeLocalPort(), await freeLocalPort()];
    const auth = password ? [`requirepass ${password}`, `masterauth ${password}`] : [];
    const server = (port: number) => [`port ${port}`, 'bind 127.0.0.1', 'save ""', 'appendonly no', `dbfilename dump-${port}.rdb`, ...auth];
    start(`redis-${serverPorts[0]}`, server(serverPorts[0]), false);
    start(`redis-${serverPorts[1]}`, [...server(serverPorts[1]), `replicaof 127.0.0.1 ${serverPorts[0]}`], false);
    await until('the replica in sync with the master', async () => (await replicationField(data(serverPorts[1]), 'master_link_status')) === 'up', log);

    const sentinelPorts: number[] = [];
    for (let i = 0; i < count; i++) sentinelPorts.push(await freeLocalPort());
    for (const port of sentinelPorts) {
      start(
        `sentinel-${port}`,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `sentinel monitor ${masterName} 127.0.0.1 ${serverPorts[0]} ${count === 1 ? 1 : 2}`,
          `sentinel down-after-milliseconds ${masterName} 1000`,
          `sentinel failover-timeout ${masterName} 10000`,
          ...(password ? [`sentinel auth-pass ${masterName} ${password}`] : []),
        ],
        true,
      );
    }
    // Each sentinel has found the replica through the master's INFO, and (with three) the other sentinels.
    for (const port of sentinelPorts) {
      await until(
        `sentinel ${port} seeing the replica${count > 1 ? ' and the other sentinels' : ''}`,
        async () => {
          const replicas = await ask<string[][]>(port, 'SENTINEL', 'REPLICAS', masterName);
          const known = replicas.some((r) => r[r.indexOf('port') + 1] === String(serverPorts[1]) && r[r.indexOf('flags') + 1] === 'slave');
          return known && (await ask<unknown[]>(port, 'SENTINEL', 'SENTINELS', masterName)).length === count - 1;
        },
        log,
      );
    }
    const masterOf = async (port: number) => Number((await ask<string[]>(port, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName))[1]);

    return {
      masterName,
      sentinels: sentinelPorts.map((p) => `127.0.0.1:${p}`).join(','),
      serverPorts,
      password,
      masterPort: () => masterOf(sentinelPorts[0]),
      async failover() {
        const from = await masterOf(sentinelPorts[0]);
        const to = serverPorts.find((p) => p !== from) as number;
        // Sentinel promotes the replica as it is: let it have what the master wrote so far.
        const written = Number(await replicationField(data(from), 'master_repl_offset'));
        await until('the replica catching up before the failover', async () => Number(await replicationField(data(to), 'slave_repl_offset')) >= written, log);
        const subscriber = new Redis({ host: '127.0.0.1', port: sentinelPorts[0], maxRetriesPerRequest: 0 });
        subscriber.on('error', () => undefined);
        try {
          const switched = new Promise<string>((resolve) => subscriber.on('message', (_channel: string, message: string) => message.startsWith(`${masterName} `) && resolve(message)));
          await subscriber.subscribe('+switch-master');
          const answer = await ask<string>(sentinelPorts[0], 'SENTINEL', 'FAILOVER', masterName);
          if (answer !== 'OK') throw new Error(`SENTINEL FAILOVER answered ${answer}`);
          let timer: NodeJS.Timeout | undefined;
          const late = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`no +switch-master in ${WAIT_MS / 1000} s\n${log()}`)), WAIT_MS)));
          // "<name> <old ip> <old port> <new ip> <new port>"
          const message = await Promise.race([switched, late]).finally(() => clearTimeout(timer));
          const announced = Number(message.split(' ')[4]);
          if (announced !== to) throw new Error(`+switch-master named ${announced}, not the replica ${to}`);
        } finally {
          subscriber.disconnect();
        }
        for (const port of sentinelPorts) await until(`sentinel ${port} naming the new master ${to}`, async () => (await masterOf(port)) === to, log);
        // Until Sentinel turns the old master into a replica (some seconds later), its clients still write to it.
        await until(`the old master ${from} turned into a replica`, async () => (await ask<string[]>(data(from), 'ROLE'))[0] === 'slave', log);
        await until(`the new master ${to} answering as master`, async () => (await ask<string[]>(data(to), 'ROLE'))[0] === 'master', log);
        return { from, to };
      },
      log,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
