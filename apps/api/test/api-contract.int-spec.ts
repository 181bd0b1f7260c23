import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { startTestApi, TestApi } from './harness';

/*
 * The API contract an integrator builds on: the document at /api/docs-json of a running app, linted by Redocly's
 * recommended rules (redocly.yaml: no error allowed), and a client generated from it by openapi-typescript that
 * type-checks a few calls (tools/openapi/client-check.ts), so the answers are typed, not `unknown`.
 */

const ROOT = join(__dirname, '../../..');
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** The operations anyone may call without signing in (@Public): sign-in, health, the organisation's name. */
const PUBLIC_OPERATIONS = [
  'GET /api/health',
  'GET /api/health/live',
  'GET /api/health/ready',
  'GET /api/settings/organisation',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/auth/refresh',
  // The second step of a sign-in: public, each carrying the signed challenge the password step answered.
  'POST /api/auth/sign-in/enrolment',
  'POST /api/auth/sign-in/enrolment/confirm',
  'POST /api/auth/sign-in/second-factor',
  // Sign-in through the ministry's provider: the provider's answer proves the person.
  'GET /api/auth/oidc',
  'POST /api/auth/oidc/start',
  'POST /api/auth/oidc/callback',
  'POST /api/auth/oidc/logout',
];
/** Warnings of the recommended rules that are true of this API and stay (everything else must be clean). */
const ACCEPTED_WARNINGS: Record<string, string> = {
  // /report-obligations/report-tasks/{taskId} beside /report-obligations/{id}/…: the literal segment wins in the
  // router (declared first); renaming a published path would break the web app and integrators.
  'no-ambiguous-paths': 'report-obligations',
  // Probes, the organisation's name and whether single sign-on is on take no input and need no sign-in: no 4xx can
  // happen.
  'operation-4xx-response': '/api/(health|settings/organisation|auth/oidc/get)',
};

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  'x-token-scope'?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}
type Document = { paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>; servers?: unknown[] };

function operations(document: Document): Array<{ name: string; operation: Operation }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ name: `${m.toUpperCase()} ${path}`, operation: item[m] as Operation })),
  );
}

describe('the API contract (/api/docs-json)', () => {
  let api: TestApi;
  let dir: string;
  let document: Document;
  let documentFile: string;

  beforeAll(async () => {
    api = await startTestApi();
    dir = mkdtempSync(join(tmpdir(), 'tiendo-openapi-'));
    const res = await api.http.get('/api/docs-json');
    expect(res.status).toBe(200);
    document = res.body;
    documentFile = join(dir, 'openapi.json');
    writeFileSync(documentFile, JSON.stringify(document));
  });

  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives every operation a summary, an id, a tag, its security, a typed answer and the one error body', () => {
    const all = operations(document);
    expect(all.length).toBeGreaterThan(100);
    const problems: string[] = [];
    for (const { name, operation } of all) {
      if (!operation.summary || !operation.operationId || !operation.tags?.length) problems.push(`${name}: summary, operationId or tag missing`);
      const isPublic = PUBLIC_OPERATIONS.includes(name);
      // An operation an API token may call (x-token-scope) accepts the api-token scheme besides a person's bearer.
      const expected = isPublic ? [] : [{ bearer: [] }, ...(operation['x-token-scope'] ? [{ 'api-token': [] }] : [])];
      if (JSON.stringify(operation.security) !== JSON.stringify(expected)) problems.push(`${name}: security ${JSON.stringify(operation.security)}`);
      if (!isPublic && !operation.responses['401']) problems.push(`${name}: no 401`);
      const statuses = Object.keys(operation.responses);
      const success = statuses.filter((s) => s.startsWith('2'));
      if (!success.some((s) => s === '204' || Object.values(operation.responses[s].content ?? {}).some((c) => c.schema))) problems.push(`${name}: untyped answer`);
      for (const status of statuses.filter((s) => /^[45]/.test(s))) {
        const schema = operation.responses[status].content?.['application/json']?.schema;
        // The probes' 503 is terminus' own body ({ status: 'error', info, error, details }), documented by @HealthCheck.
        if (schema?.['$ref'] !== '#/components/schemas/ErrorBody' && !name.startsWith('GET /api/health/')) problems.push(`${name}: ${status} without ErrorBody`);
      }
    }
    expect(problems).toEqual([]);
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('types answers by the contract types, and errors by the route: a task, the list, an export, the stream, sign-in', () => {
    const get = document.paths['/api/tasks/{id}'].get as Operation;
    expect(get.operationId).toBe('tasks_get');
    expect(get.responses['200'].content?.['application/json'].schema).toEqual({ $ref: '#/components/schemas/TaskDetailView' });
    // A path parameter (400 malformed, 404 unknown or out of scope), protected (401).
    expect(Object.keys(get.responses).sort()).toEqual(['200', '400', '401', '404']);
    const list = (document.paths['/api/tasks'].get as Operation).responses['200'].content?.['application/json'].schema;
    expect(list).toMatchObject({ type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/TaskView' } }, total: { type: 'number' } } });
    const exportList = (document.paths['/api/tasks/export.xlsx'].get as Operation).responses['200'].content;
    expect(Object.values(exportList ?? {})).toEqual([{ schema: { type: 'string', format: 'binary' } }]);
    const stream = (document.paths['/api/notifications/stream'].get as Operation).responses['200'].content;
    expect(Object.keys(stream ?? {})).toEqual(['text/event-stream']);
    // Sign-in: public (no security), yet a wrong password is a 401; throttled 429; a flood of sign-ins 503.
    const login = document.paths['/api/auth/login'].post as Operation;
    expect(login.security).toEqual([]);
    expect(Object.keys(login.responses).sort()).toEqual(['200', '400', '401', '413', '429', '503']);
  });

  it('documents the query parameters a handler validates (the key tasks: month required, unit optional)', () => {
    const parameters = document.paths['/api/reports/key-tasks']?.get?.parameters ?? [];
    expect(parameters.filter((p) => p.in === 'query').map((p) => [p.name, Boolean(p.required)])).toEqual([
      ['month', true],
      ['unit', false],
    ]);
  });

  it('passes Redocly lint with the recommended rules: no error, only the accepted warnings', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', documentFile, '--config', join(ROOT, 'redocly.yaml'), '--format=json', '--max-problems=1000'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    const { problems } = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ pointer: string }> }>;
    };
    const described = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} (${p.location.map((l) => l.pointer).join(', ')})`);
    expect(described.filter((p) => p.startsWith('error'))).toEqual([]);
    const unexpected = problems.filter((p) => !ACCEPTED_WARNINGS[p.ruleId] || !new RegExp(ACCEPTED_WARNINGS[p.ruleId]).test(decodeURIComponent(p.location[0].pointer).replaceAll('~1', '/')));
    expect(unexpected.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(run.status).toBe(0);
    // The accepted warnings, listed in the test's output so that their number is seen.
    console.log(`Redocly (recommended): ${problems.length} warnings, none unexpected\n${described.join('\n')}`);
  });

  it('generates a client with openapi-typescript whose calls type-check (tools/openapi/client-check.ts)', () => {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), documentFile, '--output', join(dir, 'openapi-paths.ts')], { cwd: dir, stdio: 'pipe' });
    copyFileSync(join(ROOT, 'tools/openapi/client-check.ts'), join(dir, 'client-check.ts'));
    const program = ts.createProgram([join(dir, 'client-check.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts'],
      types: [],
      skipLibCheck: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });
});
