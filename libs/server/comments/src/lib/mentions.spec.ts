import { mentionCandidates } from './mentions';

describe('mentionCandidates', () => {
  it.each([
    ['Nhờ @nguyen.van_a xem', [{ full: 'nguyen.van_a', trimmed: 'nguyen.van_a' }]],
    ['cảm ơn @Head_VBC.', [{ full: 'head_vbc.', trimmed: 'head_vbc' }]],
    ['thư gửi binh@mic.gov.vn', []],
    ['@ab quá ngắn', []],
    ['(@lan-anh) và @lan-anh', [{ full: 'lan-anh', trimmed: 'lan-anh' }]],
    ['@ab.. chỉ còn hai ký tự', [{ full: 'ab..', trimmed: null }]],
    ['đầu dòng @x1y, @X1Y', [{ full: 'x1y', trimmed: 'x1y' }]],
  ])('%s', (body, expected) => {
    expect(mentionCandidates(body)).toEqual(expected);
  });
});
