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
//     rendered Service.
// Exit 0 when all is well; else 1, each problem on a line naming the kustomization, the object and the path.
//
//   node scripts/check-manifests.mjs [--root deploy/k8s] [--readme README.md] [--settings <app-config.ts>]
//
// KUBECTL names the kubectl binary (default: kubectl on PATH; scripts/ensure-deps.sh installs Debian's).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
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

function referenceProblems(object, objects) {
  const problems = [];
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  const templates = podTemplates(objects);
  const configMaps = new Map(objects.filter((o) => o.kind === 'ConfigMap').map((o) => [o.metadata?.name, o]));
  const services = new Set(objects.filter((o) => o.kind === 'Service').map((o) => o.metadata?.name));
  const spec = podSpecOf(object);
  if (spec) {
    const base = podSpecPath(object);
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
        // A cluster address in a value (`tiendo-api.$(POD_NAMESPACE).svc.cluster.local:3000`): its Service must be rendered.
        const address = typeof e.value === 'string' ? /(?:^|\/\/)([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.[^\s/:]*\bsvc\b/.exec(e.value) : null;
        if (address && !services.has(address[1])) problems.push(`${at}/env/${j}/value names Service ${address[1]}, which is not rendered`);
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
    (object.spec.ports ?? []).forEach((p, i) => {
      if (selected.length && typeof p.targetPort === 'string' && !names.has(p.targetPort)) problems.push(`/spec/ports/${i}/targetPort ${p.targetPort} is not a named port of the pods it selects`);
    });
  }
  if (object.kind === 'NetworkPolicy') {
    const selected = templates.filter((t) => labelsMatch(object.spec?.podSelector?.matchLabels, t.labels));
    if (!selected.length) problems.push('/spec/podSelector matches no pods');
    const names = portNames(selected.flatMap((t) => t.spec.containers ?? []));
    for (const direction of ['ingress', 'egress']) {
      (object.spec?.[direction] ?? []).forEach((rule, i) => {
        (rule.from ?? rule.to ?? []).forEach((peer, j) => {
          // A peer in other namespaces (namespaceSelector) may select pods this render does not hold.
          if (peer.podSelector && !peer.namespaceSelector && !templates.some((t) => labelsMatch(peer.podSelector.matchLabels, t.labels))) {
            problems.push(`/spec/${direction}/${i}/${direction === 'ingress' ? 'from' : 'to'}/${j}/podSelector matches no pods`);
          }
        });
        (rule.ports ?? []).forEach((p, j) => {
          if (direction === 'ingress' && typeof p.port === 'string' && selected.length && !names.has(p.port)) problems.push(`/spec/ingress/${i}/ports/${j}/port ${p.port} is not a named port of the pods it selects`);
        });
      });
    }
  }
  if (object.kind === 'HorizontalPodAutoscaler') {
    const target = object.spec?.scaleTargetRef;
    if (target?.kind === 'Deployment' && !deployments.some((d) => d.metadata?.name === target.name)) {
      problems.push(`/spec/scaleTargetRef names Deployment ${target.name}, which is not rendered`);
    }
  }
  if (object.kind === 'PodDisruptionBudget') {
    const wanted = Object.entries(object.spec?.selector?.matchLabels ?? {});
    const matches = deployments.some((d) => wanted.every(([k, v]) => d.spec?.template?.metadata?.labels?.[k] === v));
    if (!wanted.length || !matches) problems.push('/spec/selector/matchLabels matches no Deployment\'s pods');
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
    const models = await Promise.all(objects.map((o) => (o.apiVersion && o.kind ? modelOf(o.apiVersion, o.kind) : undefined)));
    const unknownFields = unknownFieldProblems(
      objects,
      objects.map((o, i) => (models[i] ? modelPath(o.apiVersion, o.kind) : undefined)),
    );
    for (const [i, object] of objects.entries()) {
      const name = `${object.kind ?? '?'}/${object.metadata?.name ?? '?'}`;
      const Model = models[i];
      const found = Model
        ? [...schemaProblems(object, Model), ...(unknownFields.get(i) ?? []), ...workloadProblems(object, objects, documented, settings), ...referenceProblems(object, objects)]
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
