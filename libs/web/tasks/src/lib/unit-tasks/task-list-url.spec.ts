import { convertToParamMap } from '@angular/router';
import { DEFAULT_PAGE_SIZE, filtersFromParams, paramsFromFilters } from './task-list-url';

describe('the task list in the URL', () => {
  it('reads every filter back from the link it wrote', () => {
    const filters = {
      unit: 'VBC',
      includeSubunits: false,
      assignee: 'me',
      status: ['in_progress_overdue' as const, 'completed_late' as const],
      sourceDocument: '6f1e8a52-6d5b-4a8e-9a43-0b7a5f0e2d11',
      deadlineFrom: '2026-01-01',
      deadlineTo: '2026-12-31',
      keyTask: true,
      pendingExtension: true,
      q: 'bưu chính',
      period: '2020-06',
      category: 'completedOnTime' as const,
      scope: 'oversight' as const,
      sort: '-deadline',
      page: 3,
      pageSize: DEFAULT_PAGE_SIZE,
    };
    expect(filtersFromParams(convertToParamMap(paramsFromFilters(filters)))).toEqual({ ...filters, periodFrom: undefined, periodTo: undefined });
  });

  it('drops what a hand-edited link got wrong instead of sending it to the API', () => {
    const f = filtersFromParams(convertToParamMap({ status: 'late,in_progress_overdue', deadlineFrom: '31/12/2026', period: '2020-13', category: 'all', sort: 'password', page: '-2', keyTask: 'yes', scope: 'everything' }));
    expect(f).toMatchObject({ scope: undefined, status: ['in_progress_overdue'], deadlineFrom: undefined, period: undefined, category: undefined, sort: undefined, page: undefined, keyTask: undefined });
  });

  it('reads the state (open, completed, cancelled), which decides whether a task is still worked on', () => {
    expect(filtersFromParams(convertToParamMap({ state: 'open,late' })).state).toEqual(['open']);
    expect(paramsFromFilters({ status: ['no_deadline'], state: ['open'] })).toEqual({ status: 'no_deadline', state: 'open' });
  });

  it('leaves empty filters and the first page out of the link', () => {
    expect(paramsFromFilters({ unit: '', status: [], page: 1, pageSize: 20, q: undefined, keyTask: false })).toEqual({ keyTask: 'false' });
  });
});
