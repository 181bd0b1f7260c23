import { describeTaskListFilter, filterSummaryLine } from './task-list-filter';

/** The task list's filter in words: the same for the screen's count, the printed heading and the .xlsx export. */
describe('describeTaskListFilter', () => {
  const names = { unit: (code: string) => (code === 'VBC' ? 'Vụ Bưu chính' : undefined) };

  it('counts a deadline range as one condition: unit + status + deadline from/to is 3, on screen and in the file', () => {
    const lines = describeTaskListFilter({ unit: 'VBC', status: ['in_progress_overdue'], deadlineFrom: '2027-01-01', deadlineTo: '2027-03-31' }, names);
    expect(lines).toEqual([
      { label: 'Đơn vị chủ trì', value: 'Vụ Bưu chính (gồm cả đơn vị trực thuộc)' },
      { label: 'Tình trạng hiện nay', value: 'Đang thực hiện quá hạn' },
      { label: 'Hạn xử lý', value: 'từ ngày 01/01/2027 đến ngày 31/03/2027' },
    ]);
    expect(filterSummaryLine(lines)).toEqual({ label: 'Bộ lọc', value: '3 điều kiện' });
  });

  it('says whether a unit includes its sub-units as the list reads it: yes unless includeSubunits is false', () => {
    expect(describeTaskListFilter({ unit: 'VBC' }, names)[0].value).toBe('Vụ Bưu chính (gồm cả đơn vị trực thuộc)');
    expect(describeTaskListFilter({ unit: 'VBC', includeSubunits: true }, names)[0].value).toBe('Vụ Bưu chính (gồm cả đơn vị trực thuộc)');
    expect(describeTaskListFilter({ unit: 'VBC', includeSubunits: false }, names)[0].value).toBe('Vụ Bưu chính');
  });

  it('nothing filtered', () => {
    expect(describeTaskListFilter({})).toEqual([]);
    expect(filterSummaryLine([])).toEqual({ label: 'Bộ lọc', value: 'Không lọc: mọi nhiệm vụ được xem' });
  });
});
