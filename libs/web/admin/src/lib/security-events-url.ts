import type { ParamMap, Params } from '@angular/router';
import type { SecurityEventQuery } from '@tiendo/contracts';
import { isLocalDate } from '@tiendo/domain';

export const SECURITY_EVENTS_PAGE_SIZE = 50;

/**
 * The security events log's filters from the URL (`?user=&kind=&from=&to=&page=`), so that a link shows the same
 * events. Anything malformed in a hand-edited link is dropped rather than sent to the API.
 */
export function securityFiltersFromParams(params: ParamMap): SecurityEventQuery {
  const text = (key: string) => params.get(key)?.trim() || undefined;
  const date = (key: string) => {
    const v = text(key);
    return v && isLocalDate(v) ? v : undefined;
  };
  const kind = text('kind');
  const user = text('user');
  const page = Number(params.get('page'));
  return {
    user: user && user.length <= 64 ? user : undefined,
    kind: kind && /^[a-z][a-z_]{0,63}$/.test(kind) ? kind : undefined,
    from: date('from'),
    to: date('to'),
    page: Number.isInteger(page) && page > 1 ? page : undefined,
    pageSize: SECURITY_EVENTS_PAGE_SIZE,
  };
}

/** The URL's query parameters for a set of filters: only what is set, page 1 and the page size left out. */
export function securityParamsFromFilters(filters: SecurityEventQuery): Params {
  const params: Params = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === '' || key === 'pageSize' || (key === 'page' && value === 1)) continue;
    params[key] = String(value);
  }
  return params;
}
