/** Who a user is in the ministry; see the README's permission table. */
export const ROLES = ['admin', 'leader', 'monitor', 'unit_head', 'staff'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that see and manage every unit's tasks (leadership, the Ministry Office, the system administrator). */
export const MINISTRY_WIDE_ROLES: readonly Role[] = ['admin', 'leader', 'monitor'];

export const UNIT_KINDS = ['ministry', 'block', 'department', 'provincial_department', 'centre', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const DOCUMENT_TYPES = ['resolution', 'decision', 'directive', 'conclusion', 'plan', 'official_letter', 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
