import { inAppUrl } from './notifications-page';

describe('where a notification leads', () => {
  it('a burst opens its filtered list; an e-mail’s full address opens inside the app; else the task', () => {
    expect(inAppUrl({ link: '/nhiem-vu?unit=VBC&batch=b1', taskId: null })).toBe('/nhiem-vu?unit=VBC&batch=b1');
    expect(inAppUrl({ link: 'https://tiendo.mic.gov.vn/nhiem-vu/t1', taskId: 't1' })).toBe('/nhiem-vu/t1');
    expect(inAppUrl({ link: null, taskId: 't1' })).toBe('/nhiem-vu/t1');
    expect(inAppUrl({ link: null, taskId: null })).toBeNull();
  });
});

describe('a burst notification', () => {
  it('opens the list the dispatcher links (absolute address with the public URL) inside the app', () => {
    expect(inAppUrl({ link: 'http://localhost:3000/nhiem-vu?unit=VBC&includeSubunits=false&pendingExtension=true', taskId: null })).toBe(
      '/nhiem-vu?unit=VBC&includeSubunits=false&pendingExtension=true',
    );
    expect(inAppUrl({ link: 'http://localhost:3000/viec-cua-toi', taskId: null })).toBe('/viec-cua-toi');
  });
});
