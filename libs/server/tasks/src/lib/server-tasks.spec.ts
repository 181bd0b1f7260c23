import { serverTasks } from './server-tasks';

describe('serverTasks', () => {
  it('should work', () => {
    expect(serverTasks()).toEqual('server-tasks');
  });
});
