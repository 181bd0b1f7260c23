import type { Role } from '@tiendo/contracts';
import { Actor, SqlParams } from '@tiendo/server-core';
import { managesObligation, obligationScopeSql } from './obligation-access';

const actor = (role: Role, unitPath = '/bo/vbc/'): Actor => ({ id: 'u1', username: 'u', fullName: 'U', role, unitId: 'vbc', unitPath });

describe('who may touch a reporting obligation', () => {
  it('admin and the Ministry Office manage every obligation; a unit head those their unit or a sub-unit receives; nobody else', () => {
    expect(managesObligation(actor('admin'), '/bo/vp/')).toBe(true);
    expect(managesObligation(actor('monitor'), '/bo/vp/')).toBe(true);
    expect(managesObligation(actor('unit_head'), '/bo/vbc/')).toBe(true);
    expect(managesObligation(actor('unit_head'), '/bo/vbc/phong/')).toBe(true);
    expect(managesObligation(actor('unit_head'), '/bo/vp/')).toBe(false);
    expect(managesObligation(actor('leader'), '/bo/vp/')).toBe(false);
    expect(managesObligation(actor('staff'), '/bo/vbc/')).toBe(false);
  });

  it('ministry-wide roles read everything (no condition); a unit head by subtree, staff by their own unit', () => {
    for (const role of ['admin', 'leader', 'monitor'] as const) expect(obligationScopeSql(actor(role), new SqlParams())).toBeNull();
    const head = new SqlParams();
    expect(obligationScopeSql(actor('unit_head'), head)).toContain('path LIKE $1');
    expect(head.values).toEqual(['/bo/vbc/%']);
    const staff = new SqlParams();
    expect(obligationScopeSql(actor('staff'), staff)).toContain('$1::uuid');
    expect(staff.values).toEqual(['vbc']);
  });
});
