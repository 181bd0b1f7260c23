import { routeLabel } from './http-metrics';

describe('routeLabel: the route label of an answer, never its URL', () => {
  it.each([
    [{ url: '/api/tasks/5f1c?x=1', routeOptions: { url: '/api/tasks/:id' } }, '/api/tasks/:id'],
    [{ url: '/api/khong-co', is404: true, routeOptions: { url: '/*' } }, 'unmatched'],
    [{ url: '/api/tasks', routeOptions: { url: '/*' } }, 'unmatched'],
    [{ url: '/nhiem-vu/5f1c', routeOptions: { url: '/*' } }, 'web'],
    [{ url: '/main-ABC.js', routeOptions: { url: '/main-ABC.js' } }, 'web'],
    // No web app served here (WEB_DIST empty): a path outside /api that nothing answered is unmatched, not web.
    [{ url: '/metrics', is404: true }, 'unmatched'],
    [{ url: '/random-0001', is404: true }, 'unmatched'],
  ])('%o → %s', (request, label) => {
    expect(routeLabel(request)).toBe(label);
  });
});
