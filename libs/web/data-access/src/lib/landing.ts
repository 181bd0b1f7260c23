import type { UserView } from '@tiendo/contracts';

/**
 * The filter a user's lists and figures open with: a unit head's own unit (the dashboard and the task list filtered
 * to it, sub-units included), nothing for the others (staff land on their own tasks, ministry-wide roles on the whole
 * ministry). One step away from everything they may read: the filter's "all units".
 */
export function landingParams(user: Pick<UserView, 'role' | 'unitCode'> | null): Record<string, string> {
  return user?.role === 'unit_head' && user.unitCode ? { unit: user.unitCode } : {};
}
