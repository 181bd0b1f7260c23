// Renders the Kubernetes manifests (deploy/k8s: the base and every overlay) with `kubectl kustomize` and checks them
// offline, with no cluster: each object against the Kubernetes API's JSON schemas (kubernetes-models), then what the
// schemas cannot say:
//   - every Deployment's containers have readiness and liveness probes, CPU and memory requests and a memory limit,
//     and its pods run as a user that is not root;
//   - every secretKeyRef names a key the README's "Kubernetes" section lists (the Secret an operator must create);
//   - every setting an app container reads (env, and the keys of a ConfigMap it takes with envFrom) is one the
//     app knows (libs/server/core/src/lib/app-config.ts), so a misspelt name does not silently fall back to a default;
//   - the autoscaler and the disruption budgets point at a Deployment that exists.
// Exit 0 when all is well; else 1, each problem on a line naming the kustomization, the object and the path.
//
//   node scripts/check-manifests.mjs [--root deploy/k8s] [--readme README.md] [--settings <app-config.ts>]
//
// KUBECTL names the kubectl binary (default: kubectl on PATH; scripts/ensure-deps.sh installs Debian's).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const REPO = resolve(fileURLToPath(import.meta.url), '../..');

function parseArgs(argv) {
  const options = {
    root: join(REPO, 'deploy/k8s'),
    readme: join(REPO, 'README.md'),
    settings: join(REPO, 'libs/server/core/src/lib/app-config.ts'),
  };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in options) || argv[i + 1] === undefined) throw new Error(`unknown or incomplete option ${argv[i]}`);
    options[name] = resolve(argv[i + 1]);
  }
  return options;
}

/** The directories to render: base, then each overlay, those that hold a kustomization. */
function kustomizations(root) {
  const dirs = [join(root, 'base')];
  const overlays = join(root, 'overlays');
  if (existsSync(overlays)) {
    for (const name of readdirSync(overlays).sort()) dirs.push(join(overlays, name));
  }
  return dirs.filter((dir) => ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some((f) => existsSync(join(dir, f))));
}

function render(dir) {
  const kubectl = process.env.KUBECTL || 'kubectl';
  try {
    return execFileSync(kubectl, ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if (err.code === 'ENOENT') throw new Error(`${kubectl} not found: install Debian's kubectl (apt-get install kubectl) or set KUBECTL`);
    throw new Error(`kubectl kustomize ${dir} failed:\n${String(err.stderr || err.message).trim()}`);
  }
}

function parseObjects(text, where) {
  const objects = [];
  for (const doc of YAML.parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(`${where}: the rendered YAML does not parse: ${doc.errors[0].message}`);
    const value = doc.toJSON();
    if (value !== null && value !== undefined) objects.push(value);
  }
  return objects;
}

/** The kubernetes-models class of an object's apiVersion and kind (apps/v1 Deployment → kubernetes-models/apps/v1/Deployment). */
async function modelOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const path = `kubernetes-models/${group ? `${group}/` : ''}${version}/${kind}`;
  try {
    return (await import(path))[kind];
  } catch {
    return undefined;
  }
}

function schemaProblems(object, Model) {
  try {
    new Model(object).validate();
    return [];
  } catch (err) {
    const details = Array.isArray(err.errors) ? err.errors : [];
    if (!details.length) return [`${err.message}`];
    return details.map((e) => {
      const extra = e.params?.missingProperty ?? e.params?.additionalProperty ?? e.params?.allowedValues?.join(', ');
      return `${e.instancePath || '/'} ${e.message}${extra ? ` (${extra})` : ''}`;
    });
  }
}

/** The backquoted names in the README's "### Kubernetes" section, where the Secret's keys are listed. */
function documentedNames(readmePath) {
  const lines = readFileSync(readmePath, 'utf8').split('\n');
  const start = lines.findIndex((l) => /^###\s+Kubernetes\b/.test(l));
  if (start < 0) return undefined;
  let end = lines.findIndex((l, i) => i > start && /^#{2,3}\s/.test(l));
  if (end < 0) end = lines.length;
  return new Set([...lines.slice(start, end).join('\n').matchAll(/`([A-Za-z0-9_.-]+)`/g)].map((m) => m[1]));
}

/** The settings AppConfig declares (its properties in capitals). */
function knownSettings(settingsPath) {
  const text = readFileSync(settingsPath, 'utf8');
  const body = text.slice(text.indexOf('export class AppConfig'));
  return new Set([...body.matchAll(/^ {2}([A-Z][A-Z0-9_]*)[!?]?\s*[:=]/gm)].map((m) => m[1]));
}

function podSpecOf(object) {
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(object.kind)) return object.spec?.template?.spec;
  if (object.kind === 'CronJob') return object.spec?.jobTemplate?.spec?.template?.spec;
  if (object.kind === 'Pod') return object.spec;
  return undefined;
}

function podSpecPath(object) {
  return object.kind === 'CronJob' ? '/spec/jobTemplate/spec/template/spec' : object.kind === 'Pod' ? '/spec' : '/spec/template/spec';
}

function workloadProblems(object, objects, documented, settings) {
  const problems = [];
  const spec = podSpecOf(object);
  if (!spec) return problems;
  const base = podSpecPath(object);
  const configMaps = new Map(objects.filter((o) => o.kind === 'ConfigMap').map((o) => [o.metadata?.name, o]));
  (spec.containers ?? []).forEach((c, i) => {
    const at = `${base}/containers/${i}`;
    if (object.kind === 'Deployment') {
      if (!c.readinessProbe) problems.push(`${at}/readinessProbe is missing (container ${c.name})`);
      if (!c.livenessProbe) problems.push(`${at}/livenessProbe is missing (container ${c.name})`);
      if (!c.resources?.requests?.cpu) problems.push(`${at}/resources/requests/cpu is missing (container ${c.name})`);
      if (!c.resources?.requests?.memory) problems.push(`${at}/resources/requests/memory is missing (container ${c.name})`);
      if (!c.resources?.limits?.memory) problems.push(`${at}/resources/limits/memory is missing (container ${c.name})`);
      if (!(c.securityContext?.runAsNonRoot ?? spec.securityContext?.runAsNonRoot)) {
        problems.push(`${at}/securityContext/runAsNonRoot is not true (nor the pod's) (container ${c.name})`);
      }
    }
    // An app container: one that takes the settings ConfigMap. Its names must be settings the app reads.
    const fromConfigMaps = (c.envFrom ?? []).filter((e) => e.configMapRef).map((e) => e.configMapRef.name);
    if (fromConfigMaps.length && settings) {
      for (const name of fromConfigMaps) {
        for (const key of Object.keys(configMaps.get(name)?.data ?? {})) {
          if (!settings.has(key)) problems.push(`${at}/envFrom: ConfigMap ${name} has ${key}, which the app does not read (app-config.ts)`);
        }
      }
      (c.env ?? []).forEach((e, j) => {
        if (!settings.has(e.name)) problems.push(`${at}/env/${j}/name ${e.name} is not a setting the app reads (app-config.ts)`);
      });
    }
    (c.env ?? []).forEach((e, j) => {
      const ref = e.valueFrom?.secretKeyRef;
      if (!ref) return;
      if (!documented) problems.push(`${at}/env/${j}/valueFrom/secretKeyRef: the README has no "### Kubernetes" section listing the Secret's keys`);
      else if (!documented.has(ref.key)) {
        problems.push(`${at}/env/${j}/valueFrom/secretKeyRef/key ${ref.key} (Secret ${ref.name}) is not listed in the README's "Kubernetes" section`);
      }
    });
  });
  return problems;
}

function referenceProblems(object, objects) {
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  if (object.kind === 'HorizontalPodAutoscaler') {
    const target = object.spec?.scaleTargetRef;
    if (target?.kind === 'Deployment' && !deployments.some((d) => d.metadata?.name === target.name)) {
      return [`/spec/scaleTargetRef names Deployment ${target.name}, which is not rendered`];
    }
  }
  if (object.kind === 'PodDisruptionBudget') {
    const wanted = Object.entries(object.spec?.selector?.matchLabels ?? {});
    const matches = deployments.some((d) => wanted.every(([k, v]) => d.spec?.template?.metadata?.labels?.[k] === v));
    if (!wanted.length || !matches) return ['/spec/selector/matchLabels matches no Deployment\'s pods'];
  }
  return [];
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const documented = existsSync(options.readme) ? documentedNames(options.readme) : undefined;
  const settings = existsSync(options.settings) ? knownSettings(options.settings) : undefined;
  const dirs = kustomizations(options.root);
  const problems = [];
  const summary = [];
  if (!dirs.length) problems.push(`${options.root}: no base/ or overlays/* with a kustomization.yaml`);
  for (const dir of dirs) {
    const where = relative(process.cwd(), dir) || dir;
    let objects;
    try {
      objects = parseObjects(render(dir), where);
    } catch (err) {
      problems.push(err.message);
      continue;
    }
    for (const object of objects) {
      const name = `${object.kind ?? '?'}/${object.metadata?.name ?? '?'}`;
      const Model = object.apiVersion && object.kind ? await modelOf(object.apiVersion, object.kind) : undefined;
      const found = Model
        ? [...schemaProblems(object, Model), ...workloadProblems(object, objects, documented, settings), ...referenceProblems(object, objects)]
        : [`no Kubernetes schema for apiVersion ${object.apiVersion} kind ${object.kind}`];
      for (const problem of found) problems.push(`${where}: ${name}: ${problem}`);
    }
    summary.push(`${where}: ${objects.length} objects`);
  }
  if (problems.length) {
    process.stderr.write(`Kubernetes manifests: ${problems.length} problem(s)\n  ${problems.join('\n  ')}\n`);
    process.exit(1);
  }
  process.stdout.write(`Kubernetes manifests valid (${summary.join('; ')})\n`);
}

main().catch((err) => {
  process.stderr.write(`check-manifests: ${err.message}\n`);
  process.exit(1);
});
