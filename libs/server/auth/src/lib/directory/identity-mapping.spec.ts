import { escapeDnValue, escapeFilterValue, fillTemplate } from './ldap-escape';
import { ExternalIdentity, placeIdentity, PlacementRule } from './identity-mapping';

const who = (groups: string[], attributes: Record<string, string[]> = {}): ExternalIdentity => ({ username: 'an', name: 'An', email: null, groups, attributes });
const rule = (r: Partial<PlacementRule>): PlacementRule => ({ source: 'group', attribute: null, value: '', unitId: null, role: null, ...r });

describe('placeIdentity: the mapping rules, shared by every way of signing in', () => {
  const rules = [
    rule({ value: 'leaders', role: 'leader' }),
    rule({ value: 'CN=VP-Staff, OU=Groups, DC=bo,DC=test', unitId: 'vp' }),
    rule({ value: 'ttra-staff', unitId: 'ttra', role: 'unit_head' }),
    rule({ source: 'attribute', attribute: 'departmentNumber', value: 'VP', unitId: 'vp-by-attribute', role: 'monitor' }),
  ];

  it('takes the unit from the first matching rule naming a unit and the role from the first naming a role', () => {
    expect(placeIdentity(who(['cn=leaders,ou=groups,dc=bo,dc=test', 'cn=ttra-staff,ou=groups,dc=bo,dc=test']), rules)).toEqual({ unitId: 'ttra', role: 'leader' });
  });

  it('matches a group by its whole DN (any case, spaces) or by its name, and gives staff when no rule names a role', () => {
    expect(placeIdentity(who(['cn=vp-staff,ou=groups,dc=bo,dc=test']), rules)).toEqual({ unitId: 'vp', role: 'staff' });
    expect(placeIdentity(who(['VP-STAFF']), rules)).toEqual({ unitId: 'vp', role: 'staff' });
  });

  it('matches an attribute by name and value in any case', () => {
    expect(placeIdentity(who([], { departmentnumber: ['vp'] }), rules)).toEqual({ unitId: 'vp-by-attribute', role: 'monitor' });
  });

  it('places nobody when no matching rule names a unit (a role alone is not enough)', () => {
    expect(placeIdentity(who(['cn=leaders,ou=groups,dc=bo,dc=test']), rules)).toBeNull();
    expect(placeIdentity(who(['cn=other,dc=bo,dc=test']), rules)).toBeNull();
  });
});

describe('LDAP escaping', () => {
  it('escapes a filter value per RFC 4515', () => {
    expect(escapeFilterValue('*)(uid=*')).toBe('\\2a\\29\\28uid=\\2a');
    expect(escapeFilterValue('a\\b\0')).toBe('a\\5cb\\00');
    expect(fillTemplate('(uid={username})', { username: 'x*' }, escapeFilterValue)).toBe('(uid=x\\2a)');
  });

  it('escapes a DN value per RFC 4514', () => {
    expect(escapeDnValue('a,b+c=d')).toBe('a\\,b\\+c\\=d');
    expect(escapeDnValue('#lead ')).toBe('\\#lead\\ ');
    expect(fillTemplate('uid={username},ou=people', { username: 'x,ou=admins' }, escapeDnValue)).toBe('uid=x\\,ou\\=admins,ou=people');
  });
});
