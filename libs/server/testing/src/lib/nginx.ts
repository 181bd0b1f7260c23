import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLocalPort, portAnswers } from './local-port';

const ROOT = join(__dirname, '../../../../..');
/** The web image's nginx template and the script its entrypoint sources first (Dockerfile, target `web`). */
export const WEB_NGINX_TEMPLATE = join(ROOT, 'apps/web/nginx/default.conf.template');
export const WEB_NGINX_ENVSH = join(ROOT, 'apps/web/nginx/tiendo-web.envsh');

/** The web app's nginx of a test's own: Debian's nginx (scripts/ensure-services.sh installs nginx-light). */
export interface TestWebNginx {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The server block as rendered from the template (what the image writes to conf.d/default.conf). */
  rendered: string;
  /** What `nginx -t` said of the whole configuration. */
  syntaxCheck: string;
  /** nginx's error log (for a failing test's message). */
  log(): string;
  stop(): Promise<void>;
}

function binary(): string {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (existsSync(candidate)) return candidate;
  try {
    return execFileSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('nginx is not installed: scripts/ensure-services.sh installs it (apt-get install nginx-light)');
  }
}

/**
 * The template filled in as the nginx image does when the container starts: /docker-entrypoint.d/15-tiendo-web.envsh
 * is sourced with `env` (TIENDO_API_ADDRESS, TIENDO_RESOLVER, ATTACHMENT_MAX_MB), then envsubst replaces only the
 * TIENDO_* variables it exported (NGINX_ENVSUBST_FILTER=^TIENDO_ in the Dockerfile), leaving nginx's own $variables.
 * Throws with the script's message when it refuses a value.
 */
export function renderWebNginxTemplate(env: Record<string, string>): string {
  const script = `. "$ENVSH" && defined=$(env | sed -n 's/^\\(TIENDO_[A-Za-z0-9_]*\\)=.*/\${\\1}/p' | tr '\\n' ' ') && envsubst "$defined" < "$TEMPLATE"`;
  const run = spawnSync('sh', ['-c', script], {
    env: { PATH: process.env['PATH'], ENVSH: WEB_NGINX_ENVSH, TEMPLATE: WEB_NGINX_TEMPLATE, ...env },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`rendering ${WEB_NGINX_TEMPLATE} failed (${run.status}): ${run.stderr}`);
  return run.stdout;
}

/** Replaces exactly one occurrence of `from`, so a changed template fails loudly here rather than testing something else. */
function replaceOnce(text: string, from: string, to: string): string {
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`expected "${from}" once in the web nginx template, found it ${count} times`);
  return text.replace(from, to);
}

/**
 * Starts the web image's nginx configuration in front of an API at `apiAddress` (host:port, TIENDO_API_ADDRESS) as
 * a child process: the template rendered by renderWebNginxTemplate, with the two things the image fixes and a test
 * cannot use changed (`listen 8080` becomes a free port of 127.0.0.1; the root `/usr/share/nginx/html` becomes
 * `webRoot`), inside a main configuration of its own (`daemon off`, pid, error and access logs and every temporary
 * path in a temporary folder, so it runs without root). `nginx -t` must accept it first. Resolves once it listens.
 */
export async function startWebNginx(options: { apiAddress: string; webRoot: string; resolver?: string; env?: Record<string, string> }): Promise<TestWebNginx> {
  const nginx = binary();
  const port = await freeLocalPort();
  const dir = mkdtempSync(join(tmpdir(), 'tiendo-nginx-'));
  // As root, nginx's workers run as nobody: they must read the folder (the web root is the caller's).
  chmodSync(dir, 0o755);
  const rendered = renderWebNginxTemplate({ TIENDO_API_ADDRESS: options.apiAddress, TIENDO_RESOLVER: options.resolver ?? '127.0.0.1', ...options.env });
  const server = replaceOnce(replaceOnce(rendered, '  listen 8080;', `  listen 127.0.0.1:${port};`), '  root /usr/share/nginx/html;', `  root ${options.webRoot};`);
  writeFileSync(join(dir, 'default.conf'), server);
  // Temporary paths of the modules this nginx has (a directive of a module left out is an error).
  const built = spawnSync(nginx, ['-V'], { encoding: 'utf8' }).stderr;
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].filter((m) => m === 'client_body' || built.includes(`--http-${m}-temp-path`));
  for (const t of temps) mkdirSync(join(dir, t));
  const logfile = join(dir, 'error.log');
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${logfile} info;`,
      'events { worker_connections 256; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  default_type application/octet-stream;',
      `  access_log ${join(dir, 'access.log')};`,
      ...temps.map((t) => `  ${t}_temp_path ${join(dir, t)};`),
      `  include ${join(dir, 'default.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const args = ['-c', join(dir, 'nginx.conf'), '-p', dir, '-e', logfile];
  const check = spawnSync(nginx, ['-t', ...args], { encoding: 'utf8' });
  if (check.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`nginx -t refused the rendered configuration:\n${check.stderr}\n${server}`);
  }
  const child: ChildProcess = spawn(nginx, args, { stdio: 'ignore' });
  const log = () => (existsSync(logfile) ? readFileSync(logfile, 'utf8') : '');
  let exited = false;
  const gone = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  for (let i = 0; !(await portAnswers(port)); i++) {
    if (exited || i > 200) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not start on port ${port}:\n${log()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    rendered,
    syntaxCheck: check.stderr,
    log,
    async stop() {
      if (!exited) {
        // TERM (fast shutdown), not QUIT: a graceful stop would wait for any live stream still open.
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
