// The Kubernetes manifests' checker (check-manifests.mjs) on the real deploy/k8s, and on copies broken in ways it
// must each name: a schema error, a Deployment without a readiness probe, a Secret key the README does not list, a
// misspelt setting; fields the Kubernetes API does not know (which its JSON schemas let through); names that lead
// nowhere (probe and Service ports, a ConfigMap key, a NetworkPolicy's pods, a Service named in a setting's value).
// Runs the script as npm test does (a Node process; kubernetes-models is ESM only), with kubectl.
const { spawnSync } = require('node:child_process');
const { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const REPO = join(__dirname, '..');
const SCRIPT = join(__dirname, 'check-manifests.mjs');

function check(root) {
  const run = spawnSync(process.execPath, [SCRIPT, '--root', root, '--readme', join(REPO, 'README.md')], { cwd: REPO, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function edit(file, change) {
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the test's edit changed nothing in ${file}`);
  writeFileSync(file, after);
}

describe('scripts/check-manifests.mjs', () => {
  let copy;
  let second;

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'tiendo-k8s-'));
    cpSync(join(REPO, 'deploy/k8s'), copy, { recursive: true });
    second = mkdtempSync(join(tmpdir(), 'tiendo-k8s-'));
    cpSync(join(REPO, 'deploy/k8s'), second, { recursive: true });
  });

  afterAll(() => {
    rmSync(copy, { recursive: true, force: true });
    rmSync(second, { recursive: true, force: true });
  });

  it('renders the base and every overlay and finds them valid', () => {
    const { status, output } = check(join(REPO, 'deploy/k8s'));
    expect(output).toMatch(/Kubernetes manifests valid \(deploy\/k8s\/base: \d+ objects; deploy\/k8s\/overlays\/production: \d+ objects\)/);
    expect(status).toBe(0);
  });

  it('fails on a broken copy, naming each object and path', () => {
    edit(join(copy, 'base/api.yaml'), (s) => s.replace('containerPort: 3000', 'containerPort: three-thousand'));
    edit(join(copy, 'base/worker.yaml'), (s) => s.replace(/^ {10}readinessProbe:\n(?: {12}.*\n)+/m, ''));
    edit(join(copy, 'base/worker.yaml'), (s) => s.replace('key: REDIS_URL', 'key: REDIS_PASSWORD'));
    edit(join(copy, 'base/settings.env'), (s) => s.replace('LOG_LEVEL=', 'LOG_LEVL='));

    const { status, output } = check(copy);

    expect(status).toBe(1);
    expect(output).toContain('base: Deployment/tiendo-api: /spec/template/spec/containers/0/ports/0/containerPort must be integer');
    expect(output).toContain('base: Deployment/tiendo-worker: /spec/template/spec/containers/0/readinessProbe is missing');
    expect(output).toMatch(/Deployment\/tiendo-worker: \/spec\/template\/spec\/containers\/0\/env\/\d+\/valueFrom\/secretKeyRef\/key REDIS_PASSWORD \(Secret tiendo\) is not listed/);
    expect(output).toMatch(/Deployment\/tiendo-api: \/spec\/template\/spec\/containers\/0\/envFrom: ConfigMap tiendo-settings-\w+ has LOG_LEVL/);
    // The overlay is built on the broken base: the same problems again there.
    expect(output).toContain('overlays/production: Deployment/tiendo-api: /spec/template/spec/containers/0/ports/0/containerPort');
  });

  it('names every field the Kubernetes API does not know, and every name that leads nowhere', () => {
    edit(join(second, 'base/api.yaml'), (t) => t.replace('readOnlyRootFilesystem: true', 'readOnlyRootFilesytem: true'));
    edit(join(second, 'base/api.yaml'), (t) => t.replace(/^( {2}revisionHistoryLimit: \d+\n)/m, '$1  replica: 3\n'));
    edit(join(second, 'base/api.yaml'), (t) => t.replace('terminationGracePeriodSeconds:', 'terminationGracePeriodSecond:'));
    edit(join(second, 'base/api.yaml'), (t) => t.replace('targetPort: http', 'targetPort: http-api'));
    edit(join(second, 'base/worker.yaml'), (t) => t.replace(/(readinessProbe:\n(?: {12}.*\n)*? {14}port: )health/, '$1helth'));
    edit(join(second, 'base/web.yaml'), (t) => t.replace('key: ATTACHMENT_MAX_MB', 'key: ATTACHMENT_MAX_MBB'));
    edit(join(second, 'base/web.yaml'), (t) => t.replace('value: tiendo-api.', 'value: tiendo-apii.'));
    edit(join(second, 'base/network-policy.yaml'), (t) => t.replace('app.kubernetes.io/name: tiendo-web', 'app.kubernetes.io/name: tiendo-webb'));

    const { status, output } = check(second);

    expect(status).toBe(1);
    const base = output.split('\n').filter((line) => line.includes('base: '));
    const expected = [
      'Deployment/tiendo-api: /spec/template/spec/containers/0/securityContext/readOnlyRootFilesytem is not a field of ISecurityContext',
      'Deployment/tiendo-api: /spec/replica is not a field of IDeploymentSpec',
      'Deployment/tiendo-api: /spec/template/spec/terminationGracePeriodSecond is not a field of IPodSpec',
      'Service/tiendo-api: /spec/ports/0/targetPort http-api is not a named port of the pods it selects',
      'Deployment/tiendo-worker: /spec/template/spec/containers/0/readinessProbe: port helth is not a named port of container worker',
      'Deployment/tiendo-web: /spec/template/spec/containers/0/env/2/valueFrom/configMapKeyRef: ConfigMap tiendo-settings-',
      'Deployment/tiendo-web: /spec/template/spec/containers/0/env/1/value names Service tiendo-apii, which is not rendered',
      'NetworkPolicy/tiendo-api: /spec/ingress/0/from/0/podSelector matches no pods',
    ];
    for (const problem of expected) expect(base.some((line) => line.includes(problem))).toBe(true);
    expect(output).toMatch(/has no key ATTACHMENT_MAX_MBB/);
  });
});
