import { serverTesting } from './server-testing';

describe('serverTesting', () => {
  it('should work', () => {
    expect(serverTesting()).toEqual('server-testing');
  });
});
