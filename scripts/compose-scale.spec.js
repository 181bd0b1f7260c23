// `docker compose up --scale api=3 --scale worker=3` (issue #13): what makes it work, checked without a Docker engine.
// The api and the worker have no fixed host port and no container name; web's nginx finds every api replica by asking
// Docker's DNS at request time, passes the live notification stream unbuffered and lets the API's largest upload
// through; and Debian's docker-compose (scripts/ensure-services.sh installs it) must accept the file.
const { spawnSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const YAML = require('yaml');

const REPO = join(__dirname, '..');
const compose = YAML.parse(readFileSync(join(REPO, 'docker-compose.yml'), 'utf8'));
const template = readFileSync(join(REPO, 'apps/web/nginx/default.conf.template'), 'utf8');
const ENVSH = join(REPO, 'apps/web/nginx/tiendo-web.envsh');

/** A port entry that binds a fixed host port ('3000:3000', '127.0.0.1:3000:3000', { published: 3000 }). */
function fixesHostPort(entry) {
  if (typeof entry === 'object') return entry.published !== undefined && entry.published !== '';
  const parts = String(entry).split(':');
  return parts.length >= 2 && parts[parts.length - 2] !== '';
}

/** The values tiendo-web.envsh exports, sourced by /bin/sh as the nginx image's entrypoint does. */
function envsh(env) {
  const run = spawnSync('sh', ['-c', `. "${ENVSH}" && echo "$TIENDO_API_ADDRESS|$TIENDO_RESOLVER|$TIENDO_BODY_LIMIT"`], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
  });
  return { status: run.status, out: run.stdout.trim(), err: run.stderr };
}

describe('docker-compose.yml scales the api and the worker', () => {
  it.each(['api', 'worker'])('%s has no fixed host port and no container name', (name) => {
    const service = compose.services[name];
    expect(service.container_name).toBeUndefined();
    expect((service.ports ?? []).filter(fixesHostPort)).toEqual([]);
  });

  // Prometheus (ops/grafana/prometheus.yml) must scrape each replica on its own: a static `api:9464` target reaches
  // whichever replica the name resolves to at each scrape, and the dashboard then mixes their counters.
  it.each([
    ['api', 'tiendo-api', 'METRICS_PORT'],
    ['worker', 'tiendo-worker', 'WORKER_HEALTH_PORT'],
  ])('Prometheus finds every %s replica through DNS, on its metrics port', (name, job, portSetting) => {
    const scrape = YAML.parse(readFileSync(join(REPO, 'ops/grafana/prometheus.yml'), 'utf8')).scrape_configs.find((c) => c.job_name === job);
    expect(scrape.static_configs).toBeUndefined();
    const env = compose.services[name].environment;
    const port = Number(Array.isArray(env) ? env.find((e) => e.startsWith(`${portSetting}=`))?.split('=')[1] : env[portSetting]);
    expect(scrape.dns_sd_configs).toEqual([{ names: [name], type: 'A', port }]);
  });

  it('web reaches the api by its service name through Docker DNS, on the one published port', () => {
    const web = compose.services.web;
    expect(web.environment.TIENDO_API_ADDRESS).toBe('api:3000');
    expect(web.environment.TIENDO_RESOLVER).toBe('127.0.0.11');
    expect(web.ports).toEqual(['8080:8080']);
  });

  it("web's nginx resolves the api at request time and again every 10 s, for every location", () => {
    expect(template).toMatch(/^resolver \$\{TIENDO_RESOLVER\} valid=10s ipv6=off;$/m);
    expect(template).toMatch(/^ {2}set \$api http:\/\/\$\{TIENDO_API_ADDRESS\};$/m);
    const passes = [...template.matchAll(/proxy_pass\s+([^;]+);/g)].map((m) => m[1]);
    expect(passes.length).toBeGreaterThanOrEqual(3);
    expect(new Set(passes)).toEqual(new Set(['$api']));
  });

  it('the live stream goes through unbuffered, with a read timeout longer than its 25 s heartbeat', () => {
    const controller = readFileSync(join(REPO, 'libs/server/notifications/src/lib/notifications.controller.ts'), 'utf8');
    expect(controller).toContain("@Controller('notifications')");
    expect(controller).toContain("@Sse('stream')");
    const block = template.match(/location = \/api\/notifications\/stream \{([^}]*)\}/);
    expect(block).not.toBeNull();
    expect(block[1]).toMatch(/proxy_buffering off;/);
    expect(block[1]).toMatch(/proxy_http_version 1\.1;/);
    expect(block[1]).toMatch(/proxy_read_timeout 1h;/);
  });

  it("lets the API's largest upload through (ATTACHMENT_MAX_MB + 1 MB), the same setting for api, worker and web", () => {
    expect(template).toMatch(/location \^~ \/api\/ \{[^}]*client_max_body_size \$\{TIENDO_BODY_LIMIT\};/);
    expect(compose['x-app-env'].ATTACHMENT_MAX_MB).toBe('${ATTACHMENT_MAX_MB:-25}');
    expect(compose.services.web.environment.ATTACHMENT_MAX_MB).toBe('${ATTACHMENT_MAX_MB:-25}');
    expect(envsh({ TIENDO_RESOLVER: '127.0.0.11' })).toEqual({ status: 0, out: 'api:3000|127.0.0.11|26m', err: '' });
    expect(envsh({ ATTACHMENT_MAX_MB: '100', TIENDO_RESOLVER: '127.0.0.11' }).out).toBe('api:3000|127.0.0.11|101m');
    const wrong = envsh({ ATTACHMENT_MAX_MB: '25MB', TIENDO_RESOLVER: '127.0.0.11' });
    expect(wrong.status).not.toBe(0);
    expect(wrong.err).toContain('ATTACHMENT_MAX_MB');
  });

  it("no replica can be given web's fixed address (the one TRUST_PROXY trusts): the pool starts above it", () => {
    const [pool] = compose.networks.default.ipam.config;
    const fixed = compose.services.web.networks.default.ipv4_address;
    const toInt = (ip) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
    const [rangeBase, rangeBits] = pool.ip_range.split('/');
    const [subnetBase, subnetBits] = pool.subnet.split('/');
    const first = toInt(rangeBase);
    const last = first + 2 ** (32 - Number(rangeBits)) - 1;
    // The range is inside the subnet, and web's address is in the subnet but outside the range.
    expect(first).toBeGreaterThanOrEqual(toInt(subnetBase));
    expect(last).toBeLessThan(toInt(subnetBase) + 2 ** (32 - Number(subnetBits)));
    expect(toInt(fixed) < first || toInt(fixed) > last).toBe(true);
    expect(compose.services.api.environment.TRUST_PROXY).toContain(fixed);
  });

  // scripts/ensure-services.sh installs Debian's docker-compose; without it this test fails rather than pass unchecked.
  it('docker-compose config -q accepts the file (Debian docker-compose, no engine needed)', () => {
    const run = spawnSync('docker-compose', ['config', '-q'], {
      cwd: REPO,
      env: { ...process.env, JWT_SECRET: 'x'.repeat(48), ADMIN_PASSWORD: 'not-used-here' },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
