import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLocalPort, portAnswers } from './local-port';

/** A PgBouncer of a test's own: Debian's package (scripts/ensure-services.sh installs it), on a free port. */
export interface TestPgBouncer {
  port: number;
  /** `postgres://<user>@127.0.0.1:<port>/<database>`: the same database name, through PgBouncer. */
  url(database: string): string;
  /** The admin console (`SHOW POOLS`, `SHOW STATS`). */
  adminUrl: string;
  /** What PgBouncer logged (for a failing test's message). */
  log(): string;
  stop(): Promise<void>;
}

function binary(): string {
  for (const candidate of ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer']) if (existsSync(candidate)) return candidate;
  try {
    return execFileSync('sh', ['-c', 'command -v pgbouncer'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('pgbouncer is not installed: scripts/ensure-services.sh installs it (apt-get install pgbouncer)');
  }
}

/**
 * Starts PgBouncer in `pool_mode` (transaction by default) in front of the PostgreSQL server of `serverUrl` (any of
 * its databases, by name), with a generated ini in a temporary folder: `auth_type = trust` like the local server
 * (the user must be listed in auth_file all the same), no Unix socket, the admin console for `user`. As root it runs
 * as `postgres` (PgBouncer refuses root). Resolves once it accepts connections.
 */
export async function startPgBouncer(serverUrl: string, options: { poolMode?: 'transaction' | 'session'; poolSize?: number } = {}): Promise<TestPgBouncer> {
  const server = new URL(serverUrl);
  const user = decodeURIComponent(server.username || 'postgres');
  const port = await freeLocalPort();
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-pgbouncer-'));
  const logfile = join(dir, 'pgbouncer.log');
  writeFileSync(join(dir, 'users.txt'), `"${user}" ""\n`);
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${server.hostname || '127.0.0.1'} port=${server.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      `pool_mode = ${options.poolMode ?? 'transaction'}`,
      `default_pool_size = ${options.poolSize ?? 20}`,
      `admin_users = ${user}`,
      `logfile = ${logfile}`,
      '',
    ].join('\n'),
  );
  const root = process.getuid?.() === 0;
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, -1);
    for (const f of ['users.txt', 'pgbouncer.ini']) chownSync(join(dir, f), uid, -1);
    chmodSync(dir, 0o755);
  }
  const child: ChildProcess = spawn(binary(), [...(root ? ['-u', 'postgres'] : []), join(dir, 'pgbouncer.ini')], { stdio: 'ignore' });
  const log = () => (existsSync(logfile) ? readFileSync(logfile, 'utf8') : '');
  let exited = false;
  const gone = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  for (let i = 0; !(await portAnswers(port)); i++) {
    if (exited || i > 100) {
      child.kill('SIGKILL');
      throw new Error(`pgbouncer did not start on port ${port}:\n${log()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    url: (database) => `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${database}`,
    adminUrl: `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/pgbouncer`,
    log,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
