import type { Role } from './roles';

/**
 * How a user proves who they are: `local`, the product's own password (the local admin, installations without a
 * directory); `directory`, a bind to the ministry's LDAP / Active Directory; `oidc`, the ministry's single sign-on
 * (an OpenID Connect provider: README, "OpenID Connect"). An admin chooses it per user.
 */
export const SIGN_IN_METHODS = ['local', 'directory', 'oidc'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

/** The methods an admin may choose today. */
export const SELECTABLE_SIGN_IN_METHODS: readonly SignInMethod[] = ['local', 'directory', 'oidc'];

/** What a mapping rule looks at: a group the user belongs to, or one of the user's attributes (or claims). */
export const MAPPING_RULE_SOURCES = ['group', 'attribute'] as const;
export type MappingRuleSource = (typeof MAPPING_RULE_SOURCES)[number];

/**
 * One rule of the ordered list an admin edits (GET /api/directory/mapping-rules): "when the user is in group
 * `value` (DN or its name, any case) / when attribute `attribute` equals `value` (any case) → unit `unitCode`,
 * role `role`". Rules are read in `position` order; the first matching rule that names a unit gives the unit, the
 * first matching rule that names a role gives the role (staff when none does).
 */
export interface MappingRuleView {
  id: string;
  position: number;
  source: MappingRuleSource;
  attribute: string | null;
  value: string;
  unitCode: string | null;
  unitName: string | null;
  role: Role | null;
}

/** POST /api/directory/mapping-rules (added last), PATCH /api/directory/mapping-rules/:id (fields given change). */
export interface MappingRuleRequest {
  source: MappingRuleSource;
  attribute?: string | null;
  value: string;
  unitCode?: string | null;
  role?: Role | null;
}

/** PUT /api/directory/mapping-rules/order: every rule's id, in the new order. */
export interface MappingRuleOrderRequest {
  ids: string[];
}
