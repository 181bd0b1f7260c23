import { serverUnits } from './server-units';

describe('serverUnits', () => {
  it('should work', () => {
    expect(serverUnits()).toEqual('server-units');
  });
});
