import type { ParamMap, Params } from '@angular/router';
import { REPORT_CATEGORIES, ReportCategory, TASK_STATES, TaskListFilters, TaskState } from '@tiendo/contracts';
import { isLocalDate, TASK_STATUSES, TaskStatus } from '@tiendo/domain';

export const DEFAULT_PAGE_SIZE = 20;
const CATEGORIES: readonly string[] = [...REPORT_CATEGORIES, 'noDeadline'];
const SORTS = /^-?(code|title|deadline|assignedOn|updatedAt|progress|priority)$/;

/**
 * The task list's filters from the URL, so that a link opens the same list. Anything malformed in a hand-edited
 * link is dropped rather than sent to the API.
 */
export function filtersFromParams(params: ParamMap): TaskListFilters {
  const text = (key: string) => params.get(key)?.trim() || undefined;
  const date = (key: string) => {
    const v = text(key);
    return v && isLocalDate(v) ? v : undefined;
  };
  const flag = (key: string) => (params.get(key) === 'true' ? true : params.get(key) === 'false' ? false : undefined);
  const status = (text('status') ?? '')
    .split(',')
    .filter((s): s is TaskStatus => (TASK_STATUSES as readonly string[]).includes(s));
  // Open, completed or cancelled: whether a task is still worked on (a status does not say: no_deadline is either).
  const state = (text('state') ?? '')
    .split(',')
    .filter((s): s is TaskState => (TASK_STATES as readonly string[]).includes(s));
  const category = text('category');
  const period = text('period');
  const page = Number(params.get('page'));
  const sort = text('sort');
  return {
    unit: text('unit'),
    includeSubunits: flag('includeSubunits'),
    assignee: text('assignee'),
    status: status.length ? status : undefined,
    state: state.length ? state : undefined,
    sourceDocument: text('sourceDocument'),
    deadlineFrom: date('deadlineFrom'),
    deadlineTo: date('deadlineTo'),
    keyTask: flag('keyTask'),
    pendingExtension: flag('pendingExtension'),
    q: text('q'),
    period: period && /^\d{4}-(0[1-9]|1[0-2])$/.test(period) ? period : undefined,
    periodFrom: date('periodFrom'),
    periodTo: date('periodTo'),
    category: category && CATEGORIES.includes(category) ? (category as ReportCategory) : undefined,
    scope: text('scope') === 'oversight' ? 'oversight' : undefined,
    sort: sort && SORTS.test(sort) ? sort : undefined,
    page: Number.isInteger(page) && page > 1 ? page : undefined,
    pageSize: DEFAULT_PAGE_SIZE,
  };
}

/** The URL's query parameters for a set of filters: only what is set, the default page size left out. */
export function paramsFromFilters(filters: TaskListFilters): Params {
  const params: Params = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === '' || key === 'pageSize') continue;
    if (Array.isArray(value)) {
      if (value.length) params[key] = value.join(',');
    } else if (!(key === 'page' && value === 1)) {
      params[key] = String(value);
    }
  }
  return params;
}
