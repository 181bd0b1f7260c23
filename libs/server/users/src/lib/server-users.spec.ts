import { serverUsers } from './server-users';

describe('serverUsers', () => {
  it('should work', () => {
    expect(serverUsers()).toEqual('server-users');
  });
});
