/*
 * A client of the API typed only by the OpenAPI document: `openapi-paths.ts` is what openapi-typescript generates from
 * /api/docs-json, placed beside a copy of this file by apps/api/test/api-contract.int-spec.ts, which type-checks the
 * two (this file is outside the project's type-check for that reason: tsconfig.check.json excludes it). Each call
 * below must compile, and each `@ts-expect-error` line must be an error: were the answers untyped (`unknown`, `any`),
 * those lines would compile and the check would fail on the unused directive.
 *
 * Also the shortest example of a typed client for an integrator: `npx openapi-typescript <document> -o openapi-paths.ts`.
 */
import type { components, paths } from './openapi-paths';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
/** The body of the operation's success answer (200 or 201). */
type Answer<P extends keyof paths, M extends Method> = Operation<P, M> extends { responses: infer R }
  ? R extends { 200: infer A }
    ? JsonOf<A>
    : R extends { 201: infer A }
      ? JsonOf<A>
      : never
  : never;
/** What the operation takes: its path and query parameters, and its JSON body. */
type Input<P extends keyof paths, M extends Method> = (Operation<P, M> extends { parameters: infer Q } ? Q : object) &
  (Operation<P, M> extends { requestBody: { content: { 'application/json': infer B } } } ? { body: B } : object);

/** Sends one request (fetch, supertest, axios…): the transport is the caller's. */
export type Send = (method: Method, url: string, body?: unknown) => Promise<unknown>;

/** A typed call: the path's `{name}` filled from `input.path`, `input.query` as the query string. */
export async function call<P extends keyof paths, M extends Method>(send: Send, method: M, path: P, input: Input<P, M>): Promise<Answer<P, M>> {
  const { path: params = {}, query = {}, body } = input as { path?: Record<string, string>; query?: Record<string, unknown>; body?: unknown };
  const url = String(path).replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]));
  const search = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return (await send(method, search ? `${url}?${search}` : url, body)) as Answer<P, M>;
}

export async function listTasksGetOneCreateOneAndTheBriefing(send: Send): Promise<void> {
  const page = await call(send, 'get', '/api/tasks', { query: { status: 'in_progress_overdue', page: 1, pageSize: 20 } });
  const total: number = page.total;
  const first = page.items[0];
  const deadline: string | null = first.deadline;
  // @ts-expect-error: a task has no `dueDate`; the generated types know TaskView's fields, so this cannot compile.
  void first.dueDate;

  const task = await call(send, 'get', '/api/tasks/{id}', { path: { id: first.id } });
  const notes: string[] = task.progressNotes.map((n) => n.note);
  // @ts-expect-error: `status` is one of the rule's categories, not any string.
  const wrongStatus: 'late' = task.status;

  const created = await call(send, 'post', '/api/tasks', {
    body: { title: 'Báo cáo tổng kết năm', leadUnitCode: 'VP', deadline: '2026-12-31', assignedOn: '2026-11-20' },
  });
  const version: number = created.version;
  // @ts-expect-error: creating a task needs its title.
  await call(send, 'post', '/api/tasks', { body: { leadUnitCode: 'VP' } });

  const briefing = await call(send, 'get', '/api/reports/briefing', { query: { month: '2026-11' } });
  const units: number = briefing.units.length;
  const overdue: number = briefing.inProgressOverdue.count;

  // Every error answer has the one error body.
  const error: components['schemas']['ErrorBody'] = { statusCode: 404, code: 'NOT_FOUND', message: 'Không tìm thấy', correlationId: 'x' };
  // @ts-expect-error: `code` is one of ERROR_CODES.
  const wrongCode: components['schemas']['ErrorBody'] = { ...error, code: 'NO_SUCH_CODE' };

  void [total, deadline, notes, wrongStatus, version, units, overdue, wrongCode];
}
