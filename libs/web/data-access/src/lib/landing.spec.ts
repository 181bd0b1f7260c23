import { landingParams } from './landing';

describe('where a user lands', () => {
  it('a unit head on their own unit', () => {
    expect(landingParams({ role: 'unit_head', unitCode: 'VBC' })).toEqual({ unit: 'VBC' });
  });

  it('everyone else on the whole of what they may read', () => {
    for (const role of ['admin', 'leader', 'monitor', 'staff'] as const) expect(landingParams({ role, unitCode: 'VBC' })).toEqual({});
    expect(landingParams(null)).toEqual({});
  });
});
