import { formatDateTime } from './format.pipes';

describe('formatDateTime: instants as the clock reads in Vietnam', () => {
  it('shows UTC instants in Asia/Ho_Chi_Minh whatever the process time zone', () => {
    expect(formatDateTime('2020-06-30T16:59:59Z')).toBe('30/06/2020 23:59');
    expect(formatDateTime('2020-06-30T17:00:00Z')).toBe('01/07/2020 00:00');
  });
});
