import { mayBeReportTask } from './report-obligations.api';

describe('telling a report task in a list (the generator’s description)', () => {
  it.each([
    ['Báo cáo định kỳ theo chế độ báo cáo BC-THANG: số liệu từ 15/01/2027 đến 14/02/2027, hạn gửi 15/02/2027.', true],
    ['Báo cáo đột xuất theo chế độ báo cáo BC-DX: số liệu từ 01/03/2027 đến 05/03/2027, hạn gửi 09/03/2027.', true],
    ['Hoàn thiện dự thảo báo cáo định kỳ theo chế độ báo cáo của Bộ', false],
    ['', false],
  ])('%j → %s', (description, expected) => expect(mayBeReportTask({ description })).toBe(expected));

  it('reads a task without a description as no report', () => {
    expect(mayBeReportTask({ description: null })).toBe(false);
    expect(mayBeReportTask({})).toBe(false);
  });
});
