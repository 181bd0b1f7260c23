// The Kubernetes manifests' checker (check-manifests.mjs) on the real deploy/k8s, and on copies broken in ways it
// must each name: a schema error, a Deployment without a readiness probe, a Secret key the README does not list, a
// misspelt setting; fields the Kubernetes API does not know (which its JSON schemas let through); names that lead
// nowhere (probe and Service ports, a ConfigMap key, a NetworkPolicy's pods, a Service named in a setting's value);
// and, one edit per copy, what the API server refuses or the app crash-loops on (a workload's selector, an Ingress
// backend, an unused `images:` entry, ports and probes the app does not answer, settings loadConfig refuses, limits
// below requests, an env name set twice).
// Runs the script as npm test does (a Node process; kubernetes-models is ESM only), with kubectl.
const { spawnSync } = require('node:child_process');
const { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, relative } = require('node:path');

const REPO = join(__dirname, '..');
const SCRIPT = join(__dirname, 'check-manifests.mjs');

/** Runs the script on the trees at `roots` (one --root each) with the repository's README. */
function check(roots) {
  const run = spawnSync(process.execPath, [SCRIPT, ...roots.flatMap((root) => ['--root', root]), '--readme', join(REPO, 'README.md')], { cwd: REPO, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function edit(file, change) {
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the test's edit changed nothing in ${file}`);
  writeFileSync(file, after);
}

/** The lines of a run's output that are about the tree at `root` (each problem line names its kustomization's path). */
function linesOf(output, root) {
  const prefix = `${relative(REPO, root)}/`;
  return output.split('\n').filter((line) => line.includes(prefix));
}

describe('scripts/check-manifests.mjs', () => {
  it('renders the base and every overlay and finds them valid', () => {
    const { status, output } = check([join(REPO, 'deploy/k8s')]);
    expect(output).toMatch(/Kubernetes manifests valid \(deploy\/k8s\/base: \d+ objects; deploy\/k8s\/overlays\/production: \d+ objects\)/);
    expect(status).toBe(0);
  });
});

// One broken copy of deploy/k8s per case, each with the edits of its kind (a case editing only the base copies only
// the base). Every copy is checked in one run of the script (--root given once per copy: one TypeScript program and
// one bundle of the settings check for all of them, most of a run's time), and each case reads the lines about its
// own copy: a problem of one copy must not be reported under another's path.
describe('scripts/check-manifests.mjs on broken copies', () => {
  const cases = {
    'a schema error, a missing readiness probe, a Secret key the README does not list, a misspelt setting': {
      overlays: true,
      edits: [
        ['base/api.yaml', (s) => s.replace('containerPort: 3000', 'containerPort: three-thousand')],
        ['base/worker.yaml', (s) => s.replace(/^ {10}readinessProbe:\n(?: {12}.*\n)+/m, '')],
        ['base/worker.yaml', (s) => s.replace('key: REDIS_URL', 'key: REDIS_PASSWORD')],
        ['base/settings.env', (s) => s.replace('LOG_LEVEL=', 'LOG_LEVL=')],
      ],
      expected: [
        'base: Deployment/tiendo-api: /spec/template/spec/containers/0/ports/0/containerPort must be integer',
        'base: Deployment/tiendo-worker: /spec/template/spec/containers/0/readinessProbe is missing',
        /Deployment\/tiendo-worker: \/spec\/template\/spec\/containers\/0\/env\/\d+\/valueFrom\/secretKeyRef\/key REDIS_PASSWORD \(Secret tiendo\) is not listed/,
        /Deployment\/tiendo-api: \/spec\/template\/spec\/containers\/0\/envFrom: ConfigMap tiendo-settings-\w+ has LOG_LEVL/,
        // The overlay is built on the broken base: the same problems again there.
        'overlays/production: Deployment/tiendo-api: /spec/template/spec/containers/0/ports/0/containerPort',
      ],
    },
    'fields the Kubernetes API does not know, and names that lead nowhere': {
      edits: [
        ['base/api.yaml', (t) => t.replace('readOnlyRootFilesystem: true', 'readOnlyRootFilesytem: true')],
        ['base/api.yaml', (t) => t.replace(/^( {2}revisionHistoryLimit: \d+\n)/m, '$1  replica: 3\n')],
        ['base/api.yaml', (t) => t.replace('terminationGracePeriodSeconds:', 'terminationGracePeriodSecond:')],
        ['base/api.yaml', (t) => t.replace('targetPort: http', 'targetPort: http-api')],
        ['base/worker.yaml', (t) => t.replace(/(readinessProbe:\n(?: {12}.*\n)*? {14}port: )health/, '$1helth')],
        ['base/web.yaml', (t) => t.replace('key: ATTACHMENT_MAX_MB', 'key: ATTACHMENT_MAX_MBB')],
        ['base/web.yaml', (t) => t.replace('value: tiendo-api.', 'value: tiendo-apii.')],
        ['base/network-policy.yaml', (t) => t.replace('app.kubernetes.io/name: tiendo-web', 'app.kubernetes.io/name: tiendo-webb')],
      ],
      expected: [
        'base: Deployment/tiendo-api: /spec/template/spec/containers/0/securityContext/readOnlyRootFilesytem is not a field of ISecurityContext',
        'base: Deployment/tiendo-api: /spec/replica is not a field of IDeploymentSpec',
        'base: Deployment/tiendo-api: /spec/template/spec/terminationGracePeriodSecond is not a field of IPodSpec',
        'base: Service/tiendo-api: /spec/ports/0/targetPort http-api is not a named port of the pods it selects',
        'base: Deployment/tiendo-worker: /spec/template/spec/containers/0/readinessProbe: port helth is not a named port of container worker',
        'base: Deployment/tiendo-web: /spec/template/spec/containers/0/env/2/valueFrom/configMapKeyRef: ConfigMap tiendo-settings-',
        'base: Deployment/tiendo-web: /spec/template/spec/containers/0/env/1/value names Service tiendo-apii, which is not rendered',
        'base: NetworkPolicy/tiendo-api: /spec/ingress/0/from/0/podSelector matches no pods',
        /has no key ATTACHMENT_MAX_MBB/,
      ],
    },
    "a Deployment's selector that does not match its pod template": {
      edits: [['base/worker.yaml', (t) => t.replace(/^( {2}selector:\n {4}matchLabels:\n {6}app\.kubernetes\.io\/name: )tiendo-worker$/m, '$1tiendo-workers')]],
      expected: ['base: Deployment/tiendo-worker: /spec/selector does not match /spec/template/metadata/labels: the API server refuses it'],
    },
    'an Ingress backend naming a Service that is not rendered': {
      overlays: true,
      edits: [['overlays/production/ingress.yaml', (t) => t.replace('name: tiendo-web', 'name: tiendo-webb')]],
      expected: ['overlays/production: Ingress/tiendo: /spec/rules/0/http/paths/0/backend/service/name tiendo-webb: no such Service is rendered'],
    },
    "an Ingress backend naming a port its Service does not have": {
      overlays: true,
      edits: [['overlays/production/ingress.yaml', (t) => t.replace('name: http', 'number: 8080')]],
      expected: ['overlays/production: Ingress/tiendo: /spec/rules/0/http/paths/0/backend/service/port/number 8080 is not a port of Service tiendo-web (http 80)'],
    },
    "an images: entry no container uses (a misspelt name)": {
      overlays: true,
      edits: [['overlays/production/kustomization.yaml', (t) => t.replace('- name: tiendo-web', '- name: tiendo-webapp')]],
      expected: [
        'overlays/production: kustomization.yaml: /images/2/name tiendo-webapp is the image of no container',
        'overlays/production: Deployment/tiendo-web: /spec/template/spec/containers/0/image tiendo-web has no tag or digest',
      ],
    },
    'a containerPort that is not the port the app listens on': {
      edits: [['base/worker.yaml', (t) => t.replace('containerPort: 3001', 'containerPort: 3002')]],
      expected: ['base: Deployment/tiendo-worker: /spec/template/spec/containers/0/ports/0/containerPort 3002 (health) is not WORKER_HEALTH_PORT 3001'],
    },
    "a port setting in the ConfigMap that the containerPort does not follow": {
      edits: [['base/settings.env', (t) => t.replace('METRICS_PORT=9464', 'METRICS_PORT=9465')]],
      expected: ['base: Deployment/tiendo-api: /spec/template/spec/containers/0/ports/1/containerPort 9464 (metrics) is not METRICS_PORT 9465'],
    },
    "web's TIENDO_API_ADDRESS naming a port the api Service does not have": {
      edits: [['base/web.yaml', (t) => t.replace('svc.cluster.local:3000', 'svc.cluster.local:3001')]],
      expected: ['base: Deployment/tiendo-web: /spec/template/spec/containers/0/env/1/value names port 3001 of Service tiendo-api, which has no such port (http 3000)'],
    },
    'settings the app refuses at start': {
      edits: [
        [
          'base/settings.env',
          (t) => t.replace('TRUST_PROXY=2', 'TRUST_PROXY=true').replace('DB_POOL_SIZE=10', 'DB_POOL_SIZE=500').replace('LOG_LEVEL=info', 'LOG_LEVEL=verbose\nRETENTION_SECURITY_EVENTS_MONTHS=6'),
        ],
      ],
      expected: [
        'base: Deployment/tiendo-api: /spec/template/spec/containers/0: the api refuses its settings at start (app-config.ts loadConfig): TRUST_PROXY',
        'base: Deployment/tiendo-api: /spec/template/spec/containers/0: the api refuses its settings at start (app-config.ts loadConfig): DB_POOL_SIZE',
        'base: Deployment/tiendo-api: /spec/template/spec/containers/0: the api refuses its settings at start (app-config.ts loadConfig): LOG_LEVEL',
        'base: Deployment/tiendo-api: /spec/template/spec/containers/0: the api refuses its settings at start (app-config.ts loadConfig): RETENTION_SECURITY_EVENTS_MONTHS',
        'base: Deployment/tiendo-worker: /spec/template/spec/containers/0: the worker refuses its settings at start (app-config.ts loadConfig): TRUST_PROXY',
      ],
    },
    'a health or metrics port bound to loopback while probes or Prometheus reach it': {
      edits: [['base/settings.env', (t) => t.replace('METRICS_HOST=0.0.0.0\n', '').replace('WORKER_HEALTH_HOST=0.0.0.0\n', '')]],
      expected: [
        "base: Deployment/tiendo-worker: /spec/template/spec/containers/0: WORKER_HEALTH_HOST is 127.0.0.1 (unset: the app's default), so WORKER_HEALTH_PORT 3001 answers only inside the container, yet its startupProbe, its readinessProbe, its livenessProbe reaches it",
        "base: Deployment/tiendo-api: /spec/template/spec/containers/0: METRICS_HOST is 127.0.0.1 (unset: the app's default), so METRICS_PORT 9464 answers only inside the container, yet NetworkPolicy tiendo-api reaches it",
      ],
    },
    'a resource limit below its request': {
      edits: [['base/worker.yaml', (t) => t.replace('memory: 768Mi', 'memory: 256Mi')]],
      expected: ['base: Deployment/tiendo-worker: /spec/template/spec/containers/0/resources/limits/memory 256Mi is below resources/requests/memory 320Mi'],
    },
    'an env name set twice in one container': {
      edits: [['base/api.yaml', (t) => t.replace("              value: '3000'\n", "              value: '3000'\n            - name: PORT\n              value: '3000'\n")]],
      expected: ['base: Deployment/tiendo-api: /spec/template/spec/containers/0/env/1/name PORT is set again (first at env/0)'],
    },
    'a liveness probe on the readiness path': {
      edits: [['base/api.yaml', (t) => t.replace(/(livenessProbe:\n {12}httpGet:\n {14}path: )\/api\/health\/live/, '$1/api/health/ready')]],
      expected: ["base: Deployment/tiendo-api: /spec/template/spec/containers/0/livenessProbe/httpGet/path /api/health/ready is not the api's live path /api/health/live"],
    },
    "web open to every pod while the api believes the hops in front of it (TRUST_PROXY)": {
      edits: [['base/network-policy.yaml', (t) => t.split(/^---$/m)[0]]],
      expected: [
        "base: Deployment/tiendo-api: /spec/template/spec/containers/0: TRUST_PROXY=2 believes the hops in front of the api, yet no NetworkPolicy limits who reaches Deployment/tiendo-web's http port",
      ],
    },
    "the api's http port opened to every pod by its NetworkPolicy": {
      edits: [['base/network-policy.yaml', (t) => t.replace(/ {4}- from:\n {8}- podSelector:\n {12}matchLabels:\n {14}app\.kubernetes\.io\/name: tiendo-web\n/, '    - from:\n        - namespaceSelector: {}\n')]],
      expected: [
        "base: Deployment/tiendo-api: /spec/template/spec/containers/0: TRUST_PROXY=2 believes the hops in front of the api, yet no NetworkPolicy limits who reaches Deployment/tiendo-api's http port",
      ],
    },
    'an autoscaler the API server refuses (minReplicas above maxReplicas, a 0% target)': {
      edits: [['base/autoscaling.yaml', (t) => t.replace('maxReplicas: 6', 'maxReplicas: 1').replace('averageUtilization: 70', 'averageUtilization: 0')]],
      expected: [
        'base: HorizontalPodAutoscaler/tiendo-api: /spec/minReplicas 2 is above /spec/maxReplicas 1: the API server refuses it',
        'base: HorizontalPodAutoscaler/tiendo-api: /spec/metrics/0/resource/target/averageUtilization 0 is below 1',
      ],
    },
    'a disruption budget that lets no pod go (every node drain waits for ever)': {
      edits: [['base/disruption-budgets.yaml', (t) => t.replace('minAvailable: 1', 'minAvailable: 7').replace(/(name: tiendo-web\nspec:\n) {2}minAvailable: 1/, '$1  maxUnavailable: 0')]],
      expected: [
        'base: PodDisruptionBudget/tiendo-api: /spec/minAvailable 7 lets no pod of Deployment/tiendo-api go (it runs 2 at fewest, HorizontalPodAutoscaler tiendo-api)',
        'base: PodDisruptionBudget/tiendo-web: /spec/maxUnavailable 0 lets no pod of Deployment/tiendo-web go (it runs 2)',
      ],
    },
    'a preStop hook as long as the grace period': {
      edits: [['base/api.yaml', (t) => t.replace("command: ['sleep', '5']", "command: ['sleep', '500']")]],
      expected: ['base: Deployment/tiendo-api: /spec/template/spec/containers/0/lifecycle/preStop sleeps 500 s, not less than the grace period (40 s): the container is killed before it stops'],
    },
    "a readiness probe on the live path, and one that gives up before the api's own database check": {
      edits: [
        ['base/api.yaml', (t) => t.replace(/(readinessProbe:\n {12}httpGet:\n {14}path: )\/api\/health\/ready/, '$1/api/health/live').replace(/(readinessProbe:\n(?: {12}.*\n)*? {12}timeoutSeconds: )5/, '$12')],
        ['base/worker.yaml', (t) => t.replace(/(readinessProbe:\n {12}httpGet:\n {14}path: )\/health\/ready/, '$1/metrics')],
      ],
      expected: [
        "base: Deployment/tiendo-api: /spec/template/spec/containers/0/readinessProbe/httpGet/path /api/health/live is not the api's ready path /api/health/ready",
        "base: Deployment/tiendo-api: /spec/template/spec/containers/0/readinessProbe/timeoutSeconds 2 is not above the api's own database check (2 s, READINESS_DB_TIMEOUT_MS)",
        "base: Deployment/tiendo-worker: /spec/template/spec/containers/0/readinessProbe/httpGet/path /metrics is not the worker's ready path /health/ready",
      ],
    },
    'a setting taken from the Secret written in the ConfigMap too': {
      edits: [['base/settings.env', (t) => `${t}DATABASE_URL=postgres://tiendo:hunter2@db/tiendo\n`]],
      expected: [/base: ConfigMap\/tiendo-settings-\w+: \/data\/DATABASE_URL is a setting taken from Secret tiendo \(Deployment\/tiendo-\w+\): a value here is a secret in plain text/],
    },
    'a probe path the app does not serve': {
      edits: [['base/worker.yaml', (t) => t.replace('path: /health/ready', 'path: /healthz')]],
      expected: ['base: Deployment/tiendo-worker: /spec/template/spec/containers/0/readinessProbe/httpGet/path /healthz is not a path the worker serves'],
    },
  };
  const roots = {};
  let run;

  /** A copy of deploy/k8s (only its base, unless the case edits an overlay) with the case's edits. */
  function copyWith({ overlays, edits }) {
    const root = mkdtempSync(join(tmpdir(), 'tiendo-k8s-'));
    cpSync(join(REPO, overlays ? 'deploy/k8s' : 'deploy/k8s/base'), overlays ? root : join(root, 'base'), { recursive: true });
    for (const [file, change] of edits) edit(join(root, file), change);
    return root;
  }

  beforeAll(() => {
    for (const [name, c] of Object.entries(cases)) roots[name] = copyWith(c);
    run = check(Object.values(roots));
  });

  afterAll(() => {
    for (const root of Object.values(roots)) rmSync(root, { recursive: true, force: true });
  });

  it('fails, counting the problems of every copy', () => {
    expect(run.status).toBe(1);
    const total = Number(/Kubernetes manifests: (\d+) problem\(s\)/.exec(run.output)?.[1]);
    expect(total).toBe(Object.values(roots).reduce((sum, root) => sum + linesOf(run.output, root).length, 0));
  });

  it.each(Object.keys(cases))('fails on %s, naming it under its own copy', (name) => {
    const lines = linesOf(run.output, roots[name]);
    for (const problem of cases[name].expected) {
      expect(lines.some((line) => (typeof problem === 'string' ? line.includes(problem) : problem.test(line)))).toBe(true);
    }
  });
});
