import type { MappingRuleSource, Role } from '@tiendo/contracts';

/**
 * Who an outside system says the user is, whatever the system: an LDAP / Active Directory entry, or (later) an
 * OpenID Connect provider's claims. `groups` are group names or DNs; `attributes` are every other value, by name
 * (any case), each as a list.
 */
export interface ExternalIdentity {
  username: string;
  name: string;
  email: string | null;
  groups: string[];
  attributes: Record<string, string[]>;
}

/** One mapping rule as the matcher needs it (directory_mapping_rules, in position order). */
export interface PlacementRule {
  source: MappingRuleSource;
  attribute: string | null;
  value: string;
  unitId: string | null;
  role: Role | null;
}

/** Where the rules put a user: the unit and role they get here. */
export interface Placement {
  unitId: string;
  role: Role;
}

/** The role of a user whose matching rules name none. */
export const DEFAULT_PLACED_ROLE: Role = 'staff';

const fold = (text: string) => text.normalize('NFC').trim().toLowerCase();

/** A DN compared loosely: any case, no spaces around the separators. */
const foldDn = (dn: string) => fold(dn).replace(/\s*([,=+])\s*/g, '$1');

/** The value of a DN's first RDN (`cn=vp-staff,ou=groups,…` → `vp-staff`); the text itself when it is no DN. */
function firstRdnValue(dn: string): string {
  const match = /^[^=,]+=((?:\\.|[^,+\\])*)/.exec(dn.trim());
  return match ? match[1].replace(/\\(.)/g, '$1') : dn;
}

const isDn = (text: string) => /^\s*[A-Za-z][\w.-]*\s*=/.test(text);

/** Whether two groups are the same: by DN when both are DNs, else by name (a DN's first RDN value). */
function sameGroup(a: string, b: string): boolean {
  if (isDn(a) && isDn(b)) return foldDn(a) === foldDn(b);
  return fold(firstRdnValue(a)) === fold(firstRdnValue(b));
}

/**
 * Whether `rule` holds for `identity`: a group by DN (when the rule and the group are both DNs) or by name (when
 * either is a bare name, as an OpenID Connect `groups` claim may be), or an attribute's value; case never matters.
 */
export function ruleMatches(rule: PlacementRule, identity: ExternalIdentity): boolean {
  const wanted = fold(rule.value);
  if (rule.source === 'group') return identity.groups.some((group) => sameGroup(group, rule.value));
  const name = fold(rule.attribute ?? '');
  const values = Object.entries(identity.attributes).find(([key]) => fold(key) === name)?.[1] ?? [];
  return values.some((value) => fold(value) === wanted);
}

/**
 * The unit and role the ordered `rules` give `identity`: the first matching rule that names a unit gives the unit,
 * the first matching rule that names a role gives the role (DEFAULT_PLACED_ROLE when none does). Null when no
 * matching rule names a unit: such a user does not sign in (403 DIRECTORY_NO_MAPPING) until an admin adds a rule;
 * there is no default unit, so that nobody lands by accident where they can read a unit's tasks.
 */
export function placeIdentity(identity: ExternalIdentity, rules: PlacementRule[]): Placement | null {
  let unitId: string | null = null;
  let role: Role | null = null;
  for (const rule of rules) {
    if ((unitId || !rule.unitId) && (role || !rule.role)) continue;
    if (!ruleMatches(rule, identity)) continue;
    unitId ??= rule.unitId;
    role ??= rule.role;
  }
  return unitId ? { unitId, role: role ?? DEFAULT_PLACED_ROLE } : null;
}
