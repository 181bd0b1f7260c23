// Renders the Kubernetes manifests (deploy/k8s: the base and every overlay) with `kubectl kustomize` and checks them
// offline, with no cluster: each object against the Kubernetes API's JSON schemas (kubernetes-models), then what the
// schemas cannot say:
//   - every Deployment's containers have readiness and liveness probes, CPU and memory requests and a memory limit,
//     and its pods run as a user that is not root;
//   - every secretKeyRef names a key the README's "Kubernetes" section lists (the Secret an operator must create);
//   - every setting an app container reads (env, and the keys of a ConfigMap it takes with envFrom) is one the
//     app knows (libs/server/core/src/lib/app-config.ts), so a misspelt name does not silently fall back to a default;
//   - no field the Kubernetes API does not know (a misspelt `readOnlyRootFilesytem` passes the JSON schemas, which
//     allow extra properties, and would be refused by kubectl's strict validation at apply time): each object is
//     type-checked as kubernetes-models' own TypeScript interface (IDeployment…), whose excess-property check names it;
//   - what refers to something by name finds it: the autoscaler and the disruption budgets a Deployment; a probe's
//     named port a port of its container; a Service's selector some pods, its named targetPort one of their ports;
//     a configMapKeyRef a rendered ConfigMap and one of its keys, an envFrom a rendered ConfigMap; a NetworkPolicy's
//     pod selectors some pods and its named ports theirs; an env value naming a cluster address (`<name>.….svc…`) a
//     rendered Service (and, with a port, one of its ports); an Ingress backend a rendered Service and one of its
//     ports; a workload's selector its own pod template's labels (the API server refuses one that does not); a
//     topology spread constraint's selector some pods; an `images:` entry of a kustomization some container's image
//     (a misspelt name leaves the container's image unqualified: reported too);
//   - what the apps do with those settings: the api and worker settings the containers receive (the rendered
//     ConfigMaps, env values, placeholders for the Secret's keys) pass the app's own start-up validation (loadConfig
//     of app-config.ts, bundled in memory by esbuild); each containerPort is the port the app listens on for it
//     (PORT, METRICS_PORT, WORKER_HEALTH_PORT; nginx's `listen`), probes ask that port a path the app serves
//     (liveness and startup its live path, never the readiness one), a port a probe or Prometheus reaches is not
//     bound to loopback (METRICS_HOST, WORKER_HEALTH_HOST), web's TIENDO_API_ADDRESS is the api Service's port;
//   - with TRUST_PROXY set, the api's pods and web's are reachable on their http port only through a NetworkPolicy
//     that names who may call them (else any pod could choose the client address the api believes);
//   - resource limits are not below requests, and no env name is set twice in a container.
//   - readiness probes ask the ready path, with a timeout above the api's own database check; no ConfigMap holds a
//     setting the containers take from the Secret;
//   - autoscalers and disruption budgets the API server accepts and that let a node drain (minReplicas not above
//     maxReplicas, a utilization target of at least 1%, a budget that lets one pod go); preStop hooks shorter than the
//     grace period.
// Exit 0 when all is well; else 1, each problem on a line naming the kustomization, the object and the path.
//
//   node scripts/check-manifests.mjs [--root deploy/k8s]... [--readme README.md] [--settings <app-config.ts>]
//                                    [--nginx apps/web/nginx/default.conf.template]
//
// --root may be given more than once: the trees are checked in one run (one TypeScript program, one bundle of the
// settings check, which are most of a run's time), each problem line naming its kustomization's path.
//
// KUBECTL names the kubectl binary (default: kubectl on PATH; scripts/ensure-deps.sh installs it from an apt source
// that offers it, Kubernetes' own: Debian's archive has none).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import YAML from 'yaml';

const REPO = resolve(fileURLToPath(import.meta.url), '../..');

function parseArgs(argv) {
  const options = {
    root: [],
    readme: join(REPO, 'README.md'),
    settings: join(REPO, 'libs/server/core/src/lib/app-config.ts'),
    nginx: join(REPO, 'apps/web/nginx/default.conf.template'),
  };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in options) || argv[i + 1] === undefined) throw new Error(`unknown or incomplete option ${argv[i]}`);
    if (name === 'root') options.root.push(resolve(argv[i + 1]));
    else options[name] = resolve(argv[i + 1]);
  }
  if (!options.root.length) options.root.push(join(REPO, 'deploy/k8s'));
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
    if (err.code === 'ENOENT') {
      // Debian's own archive has no kubectl (its kubernetes-client 1.20 is too old for these kustomizations): the package
      // comes from Kubernetes' apt source, which scripts/ensure-deps.sh uses where the machine has it.
      throw new Error(`${kubectl} not found: add Kubernetes' apt source (pkgs.k8s.io) and run apt-get install kubectl, or set KUBECTL to a kubectl 1.27 or newer`);
    }
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

/** The kubernetes-models module of an apiVersion and kind (apps/v1 Deployment → kubernetes-models/apps/v1/Deployment). */
function modelPath(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return `kubernetes-models/${group ? `${group}/` : ''}${version}/${kind}`;
}

/** The kubernetes-models class of an object's apiVersion and kind. */
async function modelOf(apiVersion, kind) {
  try {
    return (await import(modelPath(apiVersion, kind)))[kind];
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
  [...(spec.initContainers ?? []).map((c, i) => [c, `${base}/initContainers/${i}`]), ...(spec.containers ?? []).map((c, i) => [c, `${base}/containers/${i}`])].forEach(([c, at]) => {
    // The API server refuses a limit below its request.
    for (const [resource, limit] of Object.entries(c.resources?.limits ?? {})) {
      const request = c.resources?.requests?.[resource];
      if (request !== undefined && quantity(limit) < quantity(request)) problems.push(`${at}/resources/limits/${resource} ${limit} is below resources/requests/${resource} ${request} (container ${c.name})`);
    }
    // A name set twice: the last one wins, silently (kubectl only warns).
    const firstAt = new Map();
    (c.env ?? []).forEach((e, j) => {
      if (firstAt.has(e.name)) problems.push(`${at}/env/${j}/name ${e.name} is set again (first at env/${firstAt.get(e.name)}): the last one wins (container ${c.name})`);
      else firstAt.set(e.name, j);
    });
    // Liveness (and startup) failing restarts the container: never on a readiness path, which asks the dependencies.
    // The api's and the worker's paths are checked against their own live path (appProblems).
    if (!['api', 'worker'].includes(appOf(c))) {
      for (const probe of ['livenessProbe', 'startupProbe']) {
        const path = c[probe]?.httpGet?.path;
        if (path && /\/ready(?:[/?]|$)/.test(path)) {
          problems.push(`${at}/${probe}/httpGet/path ${path} is a readiness path: a failing ${probe} restarts the container (container ${c.name})`);
        }
      }
    }
  });
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

/** Whether `labels` carry every one of `wanted` (a matchLabels or a Service's selector). An empty selector matches all. */
const labelsMatch = (wanted, labels) => Object.entries(wanted ?? {}).every(([k, v]) => labels?.[k] === v);

/** The pod templates of the rendered workloads, with their containers. */
function podTemplates(objects) {
  return objects
    .map((o) => ({ owner: `${o.kind}/${o.metadata?.name}`, labels: (o.kind === 'Pod' ? o.metadata : o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template?.metadata : o.spec?.template?.metadata)?.labels ?? {}, spec: podSpecOf(o) }))
    .filter((t) => t.spec);
}

const portNames = (containers) => new Set((containers ?? []).flatMap((c) => (c.ports ?? []).map((p) => p.name).filter(Boolean)));
const containerPorts = (containers) => new Set((containers ?? []).flatMap((c) => (c.ports ?? []).map((p) => p.containerPort)));

function referenceProblems(object, objects) {
  const problems = [];
  const templates = podTemplates(objects);
  const configMaps = new Map(objects.filter((o) => o.kind === 'ConfigMap').map((o) => [o.metadata?.name, o]));
  const services = new Map(objects.filter((o) => o.kind === 'Service').map((o) => [o.metadata?.name, o]));
  const servicePorts = (service) => (service.spec?.ports ?? []).map((p) => `${p.name ? `${p.name} ` : ''}${p.port}`).join(', ');
  const spec = podSpecOf(object);
  if (spec) {
    const base = podSpecPath(object);
    // A workload's selector must select its own pod template (the API server refuses it otherwise), and not be empty.
    const template = object.kind === 'CronJob' ? '/spec/jobTemplate/spec/template' : '/spec/template';
    const selector = object.kind === 'CronJob' ? object.spec?.jobTemplate?.spec?.selector : object.spec?.selector;
    const ownLabels = podTemplates([object])[0]?.labels ?? {};
    const selectorAt = object.kind === 'CronJob' ? '/spec/jobTemplate/spec/selector' : '/spec/selector';
    if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(object.kind) && !Object.keys(selector?.matchLabels ?? {}).length && !(selector?.matchExpressions ?? []).length) {
      problems.push(`${selectorAt} is empty: the API server refuses a ${object.kind} that selects every pod`);
    } else if (selector && object.kind !== 'Pod' && !selects(selector, ownLabels)) {
      problems.push(`${selectorAt} does not match ${template}/metadata/labels: the API server refuses it`);
    }
    (spec.topologySpreadConstraints ?? []).forEach((t, i) => {
      if (t.labelSelector && !templates.some((other) => selects(t.labelSelector, other.labels))) problems.push(`${base}/topologySpreadConstraints/${i}/labelSelector matches no pods`);
    });
    [...(spec.initContainers ?? []).map((c, i) => [c, `${base}/initContainers/${i}`]), ...(spec.containers ?? []).map((c, i) => [c, `${base}/containers/${i}`])].forEach(([c, at]) => {
      const own = portNames([c]);
      for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        const port = c[probe]?.httpGet?.port ?? c[probe]?.tcpSocket?.port ?? c[probe]?.grpc?.port;
        if (typeof port === 'string' && !own.has(port)) problems.push(`${at}/${probe}: port ${port} is not a named port of container ${c.name}`);
      }
      (c.env ?? []).forEach((e, j) => {
        const ref = e.valueFrom?.configMapKeyRef;
        if (ref && !ref.optional) {
          const map = configMaps.get(ref.name);
          if (!map) problems.push(`${at}/env/${j}/valueFrom/configMapKeyRef: ConfigMap ${ref.name} is not rendered`);
          else if (!(ref.key in (map.data ?? {})) && !(ref.key in (map.binaryData ?? {}))) problems.push(`${at}/env/${j}/valueFrom/configMapKeyRef: ConfigMap ${ref.name} has no key ${ref.key}`);
        }
        // A cluster address in a value (`tiendo-api.$(POD_NAMESPACE).svc.cluster.local:3000`): its Service must be
        // rendered, and have the port named. web's TIENDO_API_ADDRESS without a port: nginx asks port 80.
        const address = typeof e.value === 'string' ? /(?:^|\/\/)([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.[^\s/:]*\bsvc\b[^\s/:]*(?::(\d+))?/.exec(e.value) : null;
        if (address && !services.has(address[1])) problems.push(`${at}/env/${j}/value names Service ${address[1]}, which is not rendered`);
        else if (address) {
          const port = address[2] ?? (e.name === 'TIENDO_API_ADDRESS' ? '80' : undefined);
          const service = services.get(address[1]);
          if (port && !(service.spec?.ports ?? []).some((p) => p.port === Number(port))) {
            problems.push(`${at}/env/${j}/value names port ${port} of Service ${address[1]}, which has no such port (${servicePorts(service)})`);
          }
        }
      });
      (c.envFrom ?? []).forEach((e, j) => {
        if (e.configMapRef && !e.configMapRef.optional && !configMaps.has(e.configMapRef.name)) problems.push(`${at}/envFrom/${j}: ConfigMap ${e.configMapRef.name} is not rendered`);
      });
    });
  }
  if (object.kind === 'Service' && object.spec?.selector) {
    const selected = templates.filter((t) => labelsMatch(object.spec.selector, t.labels));
    if (!selected.length) problems.push('/spec/selector matches no pods');
    const names = portNames(selected.flatMap((t) => t.spec.containers ?? []));
    const numbers = containerPorts(selected.flatMap((t) => t.spec.containers ?? []));
    (object.spec.ports ?? []).forEach((p, i) => {
      const target = p.targetPort ?? p.port;
      if (selected.length && typeof target === 'string' && !names.has(target)) problems.push(`/spec/ports/${i}/targetPort ${target} is not a named port of the pods it selects`);
      if (selected.length && typeof target === 'number' && !numbers.has(target)) problems.push(`/spec/ports/${i}/${p.targetPort === undefined ? 'port' : 'targetPort'} ${target} is not a containerPort of the pods it selects`);
    });
  }
  if (object.kind === 'NetworkPolicy') {
    const selected = templates.filter((t) => selects(object.spec?.podSelector, t.labels));
    if (!selected.length) problems.push('/spec/podSelector matches no pods');
    const names = portNames(selected.flatMap((t) => t.spec.containers ?? []));
    const numbers = containerPorts(selected.flatMap((t) => t.spec.containers ?? []));
    for (const direction of ['ingress', 'egress']) {
      (object.spec?.[direction] ?? []).forEach((rule, i) => {
        (rule.from ?? rule.to ?? []).forEach((peer, j) => {
          // A peer in other namespaces (namespaceSelector) may select pods this render does not hold.
          if (peer.podSelector && !peer.namespaceSelector && !templates.some((t) => selects(peer.podSelector, t.labels))) {
            problems.push(`/spec/${direction}/${i}/${direction === 'ingress' ? 'from' : 'to'}/${j}/podSelector matches no pods`);
          }
        });
        (rule.ports ?? []).forEach((p, j) => {
          if (direction === 'ingress' && typeof p.port === 'string' && selected.length && !names.has(p.port)) problems.push(`/spec/ingress/${i}/ports/${j}/port ${p.port} is not a named port of the pods it selects`);
          if (direction === 'ingress' && typeof p.port === 'number' && p.endPort === undefined && selected.length && !numbers.has(p.port)) problems.push(`/spec/ingress/${i}/ports/${j}/port ${p.port} is not a containerPort of the pods it selects`);
        });
      });
    }
  }
  if (object.kind === 'HorizontalPodAutoscaler') {
    const target = object.spec?.scaleTargetRef;
    if (['Deployment', 'StatefulSet', 'ReplicaSet'].includes(target?.kind) && !objects.some((o) => o.kind === target.kind && o.metadata?.name === target.name)) {
      problems.push(`/spec/scaleTargetRef names ${target.kind} ${target.name}, which is not rendered`);
    }
  }
  if (object.kind === 'PodDisruptionBudget') {
    const selector = object.spec?.selector;
    const empty = !Object.keys(selector?.matchLabels ?? {}).length && !(selector?.matchExpressions ?? []).length;
    if (empty || !templates.some((t) => selects(selector, t.labels))) problems.push('/spec/selector matches no workload\'s pods');
  }
  if (object.kind === 'Ingress') {
    const backends = [];
    if (object.spec?.defaultBackend) backends.push(['/spec/defaultBackend', object.spec.defaultBackend]);
    (object.spec?.rules ?? []).forEach((rule, i) => (rule.http?.paths ?? []).forEach((p, j) => backends.push([`/spec/rules/${i}/http/paths/${j}/backend`, p.backend])));
    for (const [at, backend] of backends) {
      const wanted = backend?.service;
      if (!wanted) continue;
      const service = services.get(wanted.name);
      if (!service) problems.push(`${at}/service/name ${wanted.name}: no such Service is rendered`);
      else if (wanted.port?.name !== undefined && !(service.spec?.ports ?? []).some((p) => p.name === wanted.port.name)) {
        problems.push(`${at}/service/port/name ${wanted.port.name} is not a port of Service ${wanted.name} (${servicePorts(service)})`);
      } else if (wanted.port?.number !== undefined && !(service.spec?.ports ?? []).some((p) => p.port === wanted.port.number)) {
        problems.push(`${at}/service/port/number ${wanted.port.number} is not a port of Service ${wanted.name} (${servicePorts(service)})`);
      }
    }
  }
  return problems;
}

/** Whether a label selector (matchLabels and matchExpressions) selects `labels`. An empty selector matches all. */
function selects(selector, labels) {
  if (!labelsMatch(selector?.matchLabels, labels)) return false;
  return (selector?.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return key in (labels ?? {}) && values.includes(labels[key]);
    if (operator === 'NotIn') return !(key in (labels ?? {})) || !values.includes(labels[key]);
    if (operator === 'Exists') return key in (labels ?? {});
    if (operator === 'DoesNotExist') return !(key in (labels ?? {}));
    return false;
  });
}

/** A resource quantity ('250m', '1', '1.5Gi', '128974848', '129e6') as a number, or NaN. */
function quantity(value) {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/.exec(String(value).trim());
  if (!m) return NaN;
  const factor = { n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 }[m[2]] ?? 1;
  return Number(m[1]) * factor;
}

/** The image's repository without tag or digest (`registry:5000/tiendo/api:1.0.0` → `registry:5000/tiendo/api`). */
function imageName(image) {
  const name = String(image ?? '').split('@')[0];
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
}
const imageTagged = (image) => String(image ?? '').includes('@') || imageName(image) !== String(image ?? '');

/**
 * What the checks know of the apps the containers run: the setting naming the port each named containerPort must be,
 * where the probes are answered (the setting of that port, the paths served there: apps/api health.controller.ts and
 * PROBE_PATHS in app.module.ts; apps/worker worker-health.server.ts), and the setting of the address each port is
 * bound to (app-config.ts: loopback by default; the api's PORT is bound to every address, main.ts).
 */
const APPS = {
  api: {
    ports: { http: 'PORT', metrics: 'METRICS_PORT' },
    probePort: 'PORT',
    paths: ['/api/health', '/api/health/live', '/api/health/ready'],
    live: '/api/health/live',
    ready: '/api/health/ready',
    hosts: { METRICS_PORT: 'METRICS_HOST' },
  },
  worker: {
    // The worker serves its metrics on its health port (no port of their own).
    ports: { health: 'WORKER_HEALTH_PORT', metrics: 'WORKER_HEALTH_PORT' },
    probePort: 'WORKER_HEALTH_PORT',
    paths: ['/health/live', '/health/ready', '/metrics'],
    live: '/health/live',
    ready: '/health/ready',
    hosts: { WORKER_HEALTH_PORT: 'WORKER_HEALTH_HOST' },
  },
  // web's nginx: the port its config listens on (apps/web/nginx/default.conf.template, read in main).
  web: { ports: { http: 'listen' } },
};

/** Which of APPS a container runs: by its name (api, worker, web), else by its image (tiendo-api, …/api:1.0.0). */
function appOf(container) {
  if (APPS[container.name]) return container.name;
  return Object.keys(APPS).find((app) => new RegExp(`(?:^|[/-])${app}$`).test(imageName(container.image)));
}

const isLoopback = (host) => /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\]|0*:0*:0*:0*:0*:0*:0*:0*1)$/i.test(String(host).trim());

/**
 * A stand-in for a Secret's key the manifests cannot hold (the operator's Secret), valid for the app's checks: an
 * address of the right scheme where the app reads one, else 64 hexadecimal digits (a strong JWT_SECRET, a 32-byte
 * TOTP_ENCRYPTION_KEY, a password), different for each name (DATABASE_LISTEN_URL must differ from DATABASE_URL).
 */
function secretPlaceholder(name) {
  const hex = createHash('sha256').update(`check-manifests ${name}`).digest('hex');
  const addresses = {
    DATABASE_URL: 'postgres://tiendo:placeholder@postgres.invalid:5432/tiendo',
    DATABASE_LISTEN_URL: 'postgres://tiendo:placeholder@postgres-direct.invalid:5432/tiendo',
    REDIS_URL: 'redis://:placeholder@redis.invalid:6379/0',
    SMTP_URL: 'smtp://placeholder:placeholder@smtp.invalid:587',
  };
  return addresses[name] ?? hex;
}

/**
 * The environment a container starts with, as the kubelet makes it: envFrom ConfigMaps, then env (values with
 * $(VAR) expanded, configMapKeyRef from the rendered ConfigMaps, a placeholder for a required secretKeyRef and for a
 * fieldRef). An optional secretKeyRef is left out: the Secret may lack it, and the app must start without it too.
 */
function containerEnv(container, configMaps, namespace) {
  const env = {};
  for (const from of container.envFrom ?? []) {
    const data = from.configMapRef ? configMaps.get(from.configMapRef.name)?.data : undefined;
    for (const [key, value] of Object.entries(data ?? {})) env[`${from.prefix ?? ''}${key}`] = value;
  }
  for (const e of container.env ?? []) {
    const from = e.valueFrom;
    if (from?.configMapKeyRef) {
      const value = configMaps.get(from.configMapKeyRef.name)?.data?.[from.configMapKeyRef.key];
      if (value !== undefined) env[e.name] = value;
    } else if (from?.secretKeyRef) {
      if (!from.secretKeyRef.optional) env[e.name] = secretPlaceholder(e.name);
    } else if (from?.fieldRef) {
      env[e.name] = from.fieldRef.fieldPath === 'metadata.namespace' ? (namespace ?? 'default') : 'placeholder';
    } else if (from?.resourceFieldRef) {
      env[e.name] = '1';
    } else {
      env[e.name] = String(e.value ?? '').replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name) => (m === '$$' ? '$' : (env[name] ?? m)));
    }
  }
  return env;
}

/**
 * The app's own settings check (libs/server/core/src/lib/app-config.ts: loadConfig, and AppConfig for the defaults),
 * for plain Node: the TypeScript module is bundled in memory by esbuild (its legacy decorators, the @tiendo/contracts
 * path of tsconfig.base.json; packages stay outside and load from node_modules), then compiled as a CommonJS module
 * beside app-config.ts so its imports resolve as the app's do. About 0.2 s; nothing is written to disk.
 */
async function appSettings(settingsPath) {
  const { build, stop } = await import('esbuild');
  const result = await build({
    entryPoints: [settingsPath],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    tsconfig: join(REPO, 'tsconfig.base.json'),
    logLevel: 'silent',
  });
  await stop(); // esbuild's service process would keep this one alive a while after the check ends.
  const filename = join(dirname(settingsPath), '.check-manifests-app-config.cjs');
  const module = new Module(filename);
  module.filename = filename;
  module.paths = Module._nodeModulePaths(dirname(settingsPath));
  module._compile(result.outputFiles[0].text, filename);
  const { loadConfig, AppConfig } = module.exports;
  if (typeof loadConfig !== 'function' || typeof AppConfig !== 'function') throw new Error(`${settingsPath} exports no loadConfig and AppConfig`);
  const defaults = new AppConfig();
  const seen = new Map();
  return {
    defaults,
    /** The lines of loadConfig's refusal of `env`, none when it starts. */
    refusals(env) {
      const key = JSON.stringify(Object.entries(env).sort());
      if (!seen.has(key)) {
        try {
          loadConfig(env);
          seen.set(key, []);
        } catch (err) {
          seen.set(key, String(err.message).split('\n').slice(1).map((l) => l.trim()).filter(Boolean));
        }
      }
      return seen.get(key);
    },
  };
}

/** The port a probe asks, as a number (a named port resolved among the container's), or undefined. */
function probePort(container, probe) {
  const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port ?? probe?.grpc?.port;
  if (typeof port === 'string') return (container.ports ?? []).find((p) => p.name === port)?.containerPort;
  return port;
}

/**
 * Problems of a workload's containers as the apps see them: the settings each app container receives refused by the
 * app, ports not the ones the app listens on, probes asking a port or path the app does not answer them on, a port
 * bound to loopback that a probe or Prometheus reaches from outside the container.
 */
function appProblems(object, objects, app) {
  const problems = [];
  const spec = podSpecOf(object);
  if (!spec || !app) return problems;
  const base = podSpecPath(object);
  const configMaps = new Map(objects.filter((o) => o.kind === 'ConfigMap').map((o) => [o.metadata?.name, o]));
  const labels = podTemplates([object])[0]?.labels ?? {};
  const annotations = (object.kind === 'Pod' ? object.metadata : object.kind === 'CronJob' ? object.spec?.jobTemplate?.spec?.template?.metadata : object.spec?.template?.metadata)?.annotations ?? {};
  (spec.containers ?? []).forEach((c, i) => {
    const at = `${base}/containers/${i}`;
    const name = appOf(c);
    const info = APPS[name];
    if (!info) return;
    let setting;
    let env = {};
    if (name === 'web') {
      if (!app.nginxListen) return;
      setting = () => app.nginxListen;
    } else {
      if (!app.settings) return;
      env = containerEnv(c, configMaps, object.metadata?.namespace);
      for (const line of app.settings.refusals(env)) problems.push(`${at}: the ${name} refuses its settings at start (app-config.ts loadConfig): ${line}`);
      setting = (key) => env[key] ?? String(app.settings.defaults[key] ?? '');
    }
    if (name === 'api') for (const problem of trustedHopProblems(env, objects)) problems.push(`${at}: ${problem}`);
    const source = name === 'web' ? 'nginx listens on (apps/web/nginx/default.conf.template)' : 'in the rendered env';
    const listened = [...new Set(Object.values(info.ports))].map((key) => [key, Number(setting(key))]);
    (c.ports ?? []).forEach((p, k) => {
      const key = info.ports[p.name];
      const wanted = key ? Number(setting(key)) : undefined;
      if (key && p.containerPort !== wanted) problems.push(`${at}/ports/${k}/containerPort ${p.containerPort} (${p.name}) is not ${key} ${wanted}, the port the ${name} listens on for it ${source}`);
      else if (!key && !listened.some(([, n]) => n === p.containerPort)) problems.push(`${at}/ports/${k}/containerPort ${p.containerPort} is no port the ${name} listens on (${listened.map(([key, n]) => `${key} ${n}`).join(', ')} ${source})`);
    });
    if (name === 'web') return;
    const probes = ['startupProbe', 'readinessProbe', 'livenessProbe'].filter((p) => c[p]);
    if (name === 'api' && c.readinessProbe && app.readinessCheckMs !== undefined) {
      const timeout = c.readinessProbe.timeoutSeconds ?? 1;
      if (timeout * 1000 <= app.readinessCheckMs) {
        problems.push(`${at}/readinessProbe/timeoutSeconds ${timeout} is not above the api's own database check (${app.readinessCheckMs / 1000} s, READINESS_DB_TIMEOUT_MS): a slow but healthy database would take every pod out of rotation`);
      }
    }
    for (const probe of probes) {
      const port = probePort(c, c[probe]);
      const wanted = Number(setting(info.probePort));
      if (port !== undefined && port !== wanted) problems.push(`${at}/${probe}: port ${port} is not ${info.probePort} ${wanted}, where the ${name} answers its probes`);
      const path = c[probe].httpGet?.path?.split('?')[0];
      if (path === undefined) continue;
      if (!info.paths.includes(path)) problems.push(`${at}/${probe}/httpGet/path ${path} is not a path the ${name} serves (${info.paths.join(', ')})`);
      else if (probe === 'readinessProbe' && path !== info.ready) {
        problems.push(`${at}/${probe}/httpGet/path ${path} is not the ${name}'s ready path ${info.ready}: the pod would stay in rotation through a database outage`);
      }
      else if (probe !== 'readinessProbe' && path !== info.live) {
        problems.push(`${at}/${probe}/httpGet/path ${path} is not the ${name}'s live path ${info.live}: a failing ${probe} restarts the container (with ${path}, a database outage would restart every pod)`);
      }
    }
    // A port bound to loopback answers only inside the container: not a kubelet's probe, nor Prometheus.
    for (const [portKey, hostKey] of Object.entries(info.hosts)) {
      const host = setting(hostKey);
      if (!isLoopback(host)) continue;
      const port = Number(setting(portKey));
      const reachedBy = [];
      for (const probe of probes) if (probePort(c, c[probe]) === port) reachedBy.push(`its ${probe}`);
      const named = new Set((c.ports ?? []).filter((p) => p.containerPort === port).map((p) => p.name));
      const isPort = (p) => p === port || named.has(p);
      for (const o of objects) {
        if (o.kind === 'Service' && o.spec?.selector && labelsMatch(o.spec.selector, labels) && (o.spec.ports ?? []).some((p) => isPort(p.targetPort ?? p.port))) reachedBy.push(`Service ${o.metadata?.name}`);
        if (o.kind === 'NetworkPolicy' && selects(o.spec?.podSelector, labels) && (o.spec?.ingress ?? []).some((r) => (r.ports ?? []).some((p) => isPort(p.port)))) reachedBy.push(`NetworkPolicy ${o.metadata?.name}`);
      }
      if (Number(annotations['prometheus.io/port']) === port) reachedBy.push('the prometheus.io/port annotation');
      if (reachedBy.length) {
        problems.push(`${at}: ${hostKey} is ${host}${hostKey in env ? '' : ' (unset: the app\'s default)'}, so ${portKey} ${port} answers only inside the container, yet ${reachedBy.join(', ')} reaches it there; set ${hostKey}=0.0.0.0`);
      }
    }
  });
  return problems;
}

/**
 * A ConfigMap key that some container takes from a Secret (secretKeyRef): its value would sit in the repository in
 * plain text, and envFrom would hand it to containers the Secret is not given to.
 */
function secretInConfigMapProblems(object, objects) {
  if (object.kind !== 'ConfigMap') return [];
  const fromSecrets = new Map();
  for (const o of objects) {
    for (const c of [...(podSpecOf(o)?.initContainers ?? []), ...(podSpecOf(o)?.containers ?? [])]) {
      for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef) fromSecrets.set(e.name, `Secret ${e.valueFrom.secretKeyRef.name} (${o.kind}/${o.metadata?.name})`);
    }
  }
  return Object.keys(object.data ?? {})
    .filter((key) => fromSecrets.has(key))
    .map((key) => `/data/${key} is a setting taken from ${fromSecrets.get(key)}: a value here is a secret in plain text in the repository; keep it in the Secret only`);
}

/** The seconds a container's preStop hook waits: `sleep N` run by exec (alone or through a shell), or the sleep action. */
function preStopSeconds(container) {
  const hook = container.lifecycle?.preStop;
  if (hook?.sleep?.seconds !== undefined) return Number(hook.sleep.seconds);
  const command = (hook?.exec?.command ?? []).join(' ');
  const match = /(?:^|[\s;&|])sleep\s+(\d+(?:\.\d+)?)\b/.exec(command);
  return match ? Number(match[1]) : undefined;
}

/**
 * What the API server refuses or what stops every node drain or every graceful stop, in the objects that keep the apps
 * available: an autoscaler whose minReplicas is above its maxReplicas or whose utilization target is below 1%; a
 * disruption budget that allows no pod of its workload to go (minAvailable at least the fewest replicas the workload
 * runs, as an integer or 100%, or maxUnavailable 0), which blocks `kubectl drain`; a preStop hook that sleeps as long as
 * the pod's grace period (30 s unless set), after which the container is killed before it has stopped.
 */
function availabilityProblems(object, objects) {
  const problems = [];
  if (object.kind === 'HorizontalPodAutoscaler') {
    const min = object.spec?.minReplicas ?? 1;
    if (min > object.spec?.maxReplicas) problems.push(`/spec/minReplicas ${min} is above /spec/maxReplicas ${object.spec.maxReplicas}: the API server refuses it`);
    (object.spec?.metrics ?? []).forEach((m, i) => {
      const target = m.resource?.target ?? m.containerResource?.target;
      const kind = m.resource ? 'resource' : 'containerResource';
      if (target?.averageUtilization !== undefined && target.averageUtilization < 1) {
        problems.push(`/spec/metrics/${i}/${kind}/target/averageUtilization ${target.averageUtilization} is below 1: the API server refuses it`);
      }
    });
  }
  if (object.kind === 'PodDisruptionBudget') {
    const workloads = objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind) && selects(object.spec?.selector, podTemplates([o])[0]?.labels ?? {}));
    for (const w of workloads) {
      const scaler = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef?.kind === w.kind && o.spec?.scaleTargetRef?.name === w.metadata?.name);
      const fewest = scaler ? (scaler.spec?.minReplicas ?? 1) : (w.spec?.replicas ?? 1);
      const { minAvailable, maxUnavailable } = object.spec ?? {};
      const blocks =
        (typeof minAvailable === 'number' && minAvailable >= fewest) ||
        minAvailable === '100%' ||
        maxUnavailable === 0 ||
        maxUnavailable === '0%';
      if (blocks) {
        const rule = minAvailable !== undefined ? `/spec/minAvailable ${minAvailable}` : `/spec/maxUnavailable ${maxUnavailable}`;
        problems.push(`${rule} lets no pod of ${w.kind}/${w.metadata?.name} go (it runs ${fewest}${scaler ? ' at fewest, HorizontalPodAutoscaler ' + scaler.metadata?.name : ''}): every node drain would wait for ever`);
      }
    }
  }
  const spec = podSpecOf(object);
  if (spec) {
    const grace = spec.terminationGracePeriodSeconds ?? 30;
    (spec.containers ?? []).forEach((c, i) => {
      const wait = preStopSeconds(c);
      if (wait !== undefined && wait >= grace) {
        problems.push(`${podSpecPath(object)}/containers/${i}/lifecycle/preStop sleeps ${wait} s, not less than the grace period (${grace} s${spec.terminationGracePeriodSeconds === undefined ? ', the default' : ''}): the container is killed before it stops`);
      }
    });
  }
  return problems;
}

/**
 * With TRUST_PROXY set, the api believes the X-Forwarded-For of the hops in front of it (web's nginx, and the ingress
 * controller before it): each workload of that chain, the api's own pods and web's, must be reachable on its HTTP
 * port only from the hop before it, by a NetworkPolicy. A pod open to every other pod could send a made-up
 * X-Forwarded-For through it, and the sign-in throttle and the security log would believe it.
 */
function trustedHopProblems(env, objects) {
  const trust = String(env.TRUST_PROXY ?? '').trim().toLowerCase();
  if (!trust || trust === 'false' || trust === '0') return [];
  const problems = [];
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy' && (o.spec?.policyTypes ?? ['Ingress']).includes('Ingress'));
  for (const workload of objects.filter((o) => podSpecOf(o) && (podSpecOf(o).containers ?? []).some((c) => ['api', 'web'].includes(appOf(c))))) {
    const labels = podTemplates([workload])[0]?.labels ?? {};
    const http = (podSpecOf(workload).containers ?? []).flatMap((c) => (c.ports ?? []).filter((p) => p.name === 'http'));
    const covers = (rule) => !rule.ports?.length || rule.ports.some((p) => p.port === 'http' || http.some((h) => h.containerPort === p.port));
    const fromAnyone = (rule) => !rule.from?.length || rule.from.some((peer) => peer.ipBlock?.cidr === '0.0.0.0/0' || (peer.namespaceSelector && !Object.keys(peer.namespaceSelector).length && !peer.podSelector));
    const guarding = policies.filter((policy) => selects(policy.spec?.podSelector, labels));
    const guarded = guarding.length > 0 && guarding.every((policy) => !(policy.spec?.ingress ?? []).some((rule) => covers(rule) && fromAnyone(rule)));
    if (!guarded) {
      problems.push(
        `TRUST_PROXY=${env.TRUST_PROXY} believes the hops in front of the api, yet no NetworkPolicy limits who reaches ${workload.kind}/${workload.metadata?.name}'s http port: any pod could send it a made-up X-Forwarded-For`,
      );
    }
  }
  return problems;
}

/** The kustomization's `images:` entries no rendered container uses, and, when it has such entries, untagged images. */
function imageProblems(dir, objects) {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((f) => join(dir, f)).find((f) => existsSync(f));
  const images = (file ? YAML.parse(readFileSync(file, 'utf8')) : undefined)?.images ?? [];
  if (!images.length) return [];
  const problems = [];
  const used = objects.flatMap((o) => {
    const spec = podSpecOf(o);
    const base = podSpecPath(o);
    return spec
      ? [...(spec.initContainers ?? []).map((c, i) => [o, `${base}/initContainers/${i}`, c]), ...(spec.containers ?? []).map((c, i) => [o, `${base}/containers/${i}`, c])]
      : [];
  });
  images.forEach((entry, i) => {
    const result = entry.newName ?? entry.name;
    if (!used.some(([, , c]) => imageName(c.image) === result)) {
      problems.push(`${relative(dir, file)}: /images/${i}/name ${entry.name} is the image of no container (so none is set to ${result}${entry.newTag ? `:${entry.newTag}` : ''}${entry.digest ? `@${entry.digest}` : ''})`);
    }
  });
  for (const [o, at, c] of used) {
    if (!imageTagged(c.image)) problems.push(`${o.kind}/${o.metadata?.name}: ${at}/image ${c.image} has no tag or digest: no entry of the kustomization's images: names it`);
  }
  return problems;
}

/**
 * Fields the Kubernetes API does not know, by object index: each object is written as a literal typed with
 * kubernetes-models' interface for its kind (`const o: IDeployment = {…}`) in one in-memory TypeScript program, and
 * every object literal in it is looked at with the type TypeScript expects there (its contextual type): a property
 * that type does not have (and no index signature allows: labels, annotations, ConfigMap data) is reported with its
 * path. Every one is named, not only the first TypeScript's own excess-property error stops at. Objects of a kind
 * without an interface are skipped (the schema check already says so).
 */
function unknownFieldProblems(objects, modelPaths) {
  const file = join(REPO, '.check-manifests.mts');
  let text = '';
  objects.forEach((object, i) => {
    if (modelPaths[i]) text += `import type { I${object.kind} as T${i} } from '${modelPaths[i]}';\n`;
  });
  objects.forEach((object, i) => {
    if (modelPaths[i]) text += `export const o${i}: T${i} = ${JSON.stringify(object)};\n`;
  });
  const options = { strict: true, noEmit: true, skipLibCheck: true, types: [], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 };
  const host = ts.createCompilerHost(options);
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, ...rest) => (resolve(name) === file ? source : getSourceFile(name, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => resolve(name) === file || fileExists(name);
  const checker = ts.createProgram([file], options, host).getTypeChecker();
  const found = new Map();

  const knows = (type, name) => {
    const types = type.isUnion() ? type.types : [type];
    return types.some((t) => checker.getPropertyOfType(t, name) || checker.getIndexInfoOfType(t, ts.IndexKind.String));
  };
  const walk = (node, path, report) => {
    if (ts.isObjectLiteralExpression(node)) {
      const expected = checker.getContextualType(node);
      const type = expected && checker.getNonNullableType(expected);
      for (const property of node.properties) {
        if (!ts.isPropertyAssignment(property)) continue;
        const name = property.name.text;
        if (type && !(type.flags & ts.TypeFlags.Any) && !knows(type, name)) {
          report(`${path}/${name} is not a field of ${checker.typeToString(type).replace(/^IIoK8s(?:Api|Apimachinery\w*?)\w*?V\d\w*?(?=[A-Z][a-z])/, '')} (unknown to the Kubernetes API)`);
          continue;
        }
        walk(property.initializer, `${path}/${name}`, report);
      }
    } else if (ts.isArrayLiteralExpression(node)) {
      node.elements.forEach((element, i) => walk(element, `${path}/${i}`, report));
    }
  };
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const declaration = statement.declarationList.declarations[0];
    const index = Number(declaration.name.getText(source).slice(1));
    walk(declaration.initializer, '', (problem) => found.set(index, [...(found.get(index) ?? []), problem]));
  }
  return found;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const documented = existsSync(options.readme) ? documentedNames(options.readme) : undefined;
  const settings = existsSync(options.settings) ? knownSettings(options.settings) : undefined;
  const problems = [];
  const dirs = options.root.flatMap((root) => {
    const found = kustomizations(root);
    if (!found.length) problems.push(`${root}: no base/ or overlays/* with a kustomization.yaml`);
    return found;
  });
  // Bundled while kubectl renders (esbuild works in a process of its own).
  const loading = existsSync(options.settings)
    ? appSettings(options.settings).catch((err) => {
        problems.push(`${relative(process.cwd(), options.settings)}: cannot load the app's settings check (loadConfig) from plain Node: ${err.message}`);
        return undefined;
      })
    : Promise.resolve(undefined);
  const listen = existsSync(options.nginx) ? /^\s*listen\s+(?:[^\s;]*:)?(\d+)\b/m.exec(readFileSync(options.nginx, 'utf8'))?.[1] : undefined;
  const rendered = [];
  const summary = [];
  for (const dir of dirs) {
    const where = relative(process.cwd(), dir) || dir;
    try {
      rendered.push([dir, where, parseObjects(render(dir), where)]);
    } catch (err) {
      problems.push(err.message);
    }
  }
  const readinessSource = join(REPO, 'apps/api/src/app/database-readiness.ts');
  const readinessCheck = existsSync(readinessSource) ? /READINESS_DB_TIMEOUT_MS = ([\d_]+)/.exec(readFileSync(readinessSource, 'utf8'))?.[1] : undefined;
  const app = { settings: await loading, nginxListen: listen, readinessCheckMs: readinessCheck ? Number(readinessCheck.replace(/_/g, '')) : undefined };
  // One TypeScript program for the objects of every kustomization (most of the check's time is its making).
  const all = rendered.flatMap(([, , objects]) => objects);
  const allModels = await Promise.all(all.map((o) => (o.apiVersion && o.kind ? modelOf(o.apiVersion, o.kind) : undefined)));
  const allUnknown = unknownFieldProblems(
    all,
    all.map((o, i) => (allModels[i] ? modelPath(o.apiVersion, o.kind) : undefined)),
  );
  let offset = 0;
  for (const [dir, where, objects] of rendered) {
    const models = allModels.slice(offset, offset + objects.length);
    const unknownFields = new Map([...allUnknown].filter(([i]) => i >= offset && i < offset + objects.length).map(([i, found]) => [i - offset, found]));
    offset += objects.length;
    for (const [i, object] of objects.entries()) {
      const name = `${object.kind ?? '?'}/${object.metadata?.name ?? '?'}`;
      const Model = models[i];
      const found = Model
        ? [
            ...schemaProblems(object, Model),
            ...(unknownFields.get(i) ?? []),
            ...workloadProblems(object, objects, documented, settings),
            ...referenceProblems(object, objects),
            ...appProblems(object, objects, app),
            ...availabilityProblems(object, objects),
            ...secretInConfigMapProblems(object, objects),
          ]
        : [`no Kubernetes schema for apiVersion ${object.apiVersion} kind ${object.kind}`];
      for (const problem of found) problems.push(`${where}: ${name}: ${problem}`);
    }
    for (const problem of imageProblems(dir, objects)) problems.push(`${where}: ${problem}`);
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
