import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { ALLOWED_ROLES, PUBLIC_ROUTE, TOKEN_SCOPE } from '@tiendo/server-core';
import { startTestApi, TestApi } from './harness';

/**
 * Every route and who may reach it at the route level. A diff in this snapshot changes who can reach an endpoint:
 * review it as a permission change. An API token reaches only the routes that name its scope (`· token <scope>`);
 * every other route refuses tokens (api-tokens.int-spec.ts). (Per-object checks come after, in the services; see permissions.int-spec.ts.)
 */
describe('endpoint permissions', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('match the reviewed list', () => {
    const modules = api.app.get(ModulesContainer);
    const scanner = new MetadataScanner();
    const reflector = api.app.get(Reflector);
    const lines: string[] = [];
    const controllers = [...modules.values()].flatMap((m) => [...m.controllers.values()]);
    for (const wrapper of controllers) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const base = Reflect.getMetadata('path', metatype) as string;
      const proto = Object.getPrototypeOf(instance);
      for (const name of scanner.getAllMethodNames(proto)) {
        const handler = proto[name];
        const path = Reflect.getMetadata('path', handler) as string | undefined;
        const method = Reflect.getMetadata('method', handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        const isPublic = reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [handler, metatype]);
        const roles = reflector.getAllAndOverride<string[] | undefined>(ALLOWED_ROLES, [handler, metatype]);
        const scope = reflector.getAllAndOverride<string | undefined>(TOKEN_SCOPE, [handler, metatype]);
        const route = `/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
        lines.push(`${RequestMethod[method].padEnd(6)} /api${route} → ${isPublic ? 'public' : roles ? roles.join(', ') : 'any signed-in user'}${scope ? ` · token ${scope}` : ''}`);
      }
    }
    expect(lines.sort()).toMatchSnapshot();
  });
});
