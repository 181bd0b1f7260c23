import type { OpenAPIObject } from '@nestjs/swagger';
import type { TaskView, UnitView } from '@tiendo/contracts';
import { ApiAnswer, ERRORS_EXTENSION, PUBLIC_EXTENSION, ROLES_EXTENSION } from './api-answer';
import { completeApiDocument, errorStatuses } from './complete-api-document';

const ERROR_BODY = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };

function document(): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/api/tasks/{id}': {
        get: {
          summary: 'Chi tiết nhiệm vụ',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/TaskView' } } } } },
          security: [{ bearer: [] }],
        },
        patch: {
          summary: 'Sửa nhiệm vụ',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/UpdateTaskDto' } } } },
          responses: { 200: { description: 'OK' }, 422: { description: 'DEADLINE_BEFORE_ASSIGNMENT' } },
          [ROLES_EXTENSION]: ['admin', 'unit_head'],
          [ERRORS_EXTENSION]: [409, 422],
        },
      },
      '/api/health/live': { get: { summary: 'Còn sống', responses: { 200: { description: 'OK' } }, [PUBLIC_EXTENSION]: true, security: [{ bearer: [] }] } },
    },
    components: { schemas: { UpdateTaskDto: { type: 'object' } } },
  } as OpenAPIObject;
}

describe('errorStatuses: the error answers a route can give', () => {
  it('none for a public route without input; 401 for a protected one; 400 and 404 for a path parameter', () => {
    expect(errorStatuses({ responses: {}, [PUBLIC_EXTENSION]: true } as never)).toEqual([]);
    expect(errorStatuses({ responses: {} })).toEqual([401]);
    expect(errorStatuses({ responses: {}, parameters: [{ name: 'q', in: 'query' }] })).toEqual([400, 401]);
    expect(errorStatuses({ responses: {}, parameters: [{ name: 'id', in: 'path' }] })).toEqual([400, 401, 404]);
  });

  it('403 for roles, 400 and 413 for a body, and those the handler lists', () => {
    const patch = document().paths['/api/tasks/{id}'].patch;
    expect(errorStatuses(patch as never)).toEqual([400, 401, 403, 404, 409, 413, 422]);
  });
});

describe('completeApiDocument', () => {
  const done = completeApiDocument(document(), [{ url: '/' }]);
  const get = done.paths['/api/tasks/{id}'].get;
  const patch = done.paths['/api/tasks/{id}'].patch;
  const live = done.paths['/api/health/live'].get;

  it('adds the contract schemas the operations refer to, and those they refer to, not the others', () => {
    const schemas = done.components?.schemas ?? {};
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['UpdateTaskDto', 'TaskView', 'PersonRef', 'UnitRef', 'LocalDate', 'ErrorBody', 'FieldError', 'ErrorCode']));
    expect(schemas['CreateTaskRequest']).toBeUndefined();
    expect(schemas['TaskView']).toMatchObject({ type: 'object', properties: { deadline: { nullable: true } } });
  });

  it('every error answer carries the one error body; a declared description stays', () => {
    expect(Object.keys(get?.responses ?? {})).toEqual(['200', '400', '401', '404']);
    expect(get?.responses[404]).toEqual({ description: expect.stringContaining('NOT_FOUND'), content: ERROR_BODY });
    expect(patch?.responses[422]).toEqual({ description: 'DEADLINE_BEFORE_ASSIGNMENT', content: ERROR_BODY });
    expect(patch?.responses[409]).toEqual({ description: expect.stringContaining('VERSION_CONFLICT'), content: ERROR_BODY });
  });

  it('bearer security on protected operations, none on public ones; roles in the description; no private extensions left', () => {
    expect(get?.security).toEqual([{ bearer: [] }]);
    expect(patch?.security).toEqual([{ bearer: [] }]);
    expect(live?.security).toEqual([]);
    expect(patch?.description).toBe('Vai trò được phép (roles): admin, unit_head.');
    expect(JSON.stringify(done.paths)).not.toContain('x-tiendo-');
    expect(get?.tags).toEqual(['tasks']);
    expect(done.servers).toEqual([{ url: '/' }]);
  });

  it('refuses a DTO named as a contract type (two schemas, one name)', () => {
    const clash = document();
    clash.components = { schemas: { TaskView: { type: 'object' } } };
    expect(() => completeApiDocument(clash, [])).toThrow('TaskView');
  });
});

describe('ApiAnswer', () => {
  // Compile-time: the type-check (tsconfig.check.json) fails if a decorator accepts a handler answering another type.
  class Checked {
    @ApiAnswer('UnitView', { summary: 'Một đơn vị' })
    unit(): Promise<UnitView> {
      return Promise.reject(new Error('not called'));
    }

    @ApiAnswer.page('TaskView', { summary: 'Danh sách nhiệm vụ' })
    tasks(): Promise<{ items: TaskView[]; total: number }> {
      return Promise.reject(new Error('not called'));
    }

    // @ts-expect-error: the handler answers a UnitView; the decorator says TaskView.
    @ApiAnswer('TaskView', { summary: 'Sai kiểu' })
    wrong(): Promise<UnitView> {
      return Promise.reject(new Error('not called'));
    }

    // @ts-expect-error: one task, not a list of them.
    @ApiAnswer.list('TaskView', { summary: 'Sai hình dạng' })
    wrongShape(): Promise<TaskView> {
      return Promise.reject(new Error('not called'));
    }
  }

  it('documents a page as ContractPage with its items typed', () => {
    const responses = Reflect.getMetadata('swagger/apiResponse', Checked.prototype.tasks) as Record<string, { content: Record<string, { schema: unknown }> }>;
    expect(responses['200'].content['application/json'].schema).toMatchObject({
      type: 'object',
      properties: { items: { type: 'array', items: { $ref: '#/components/schemas/TaskView' } }, total: { type: 'number' } },
      required: ['items', 'total'],
    });
  });
});
