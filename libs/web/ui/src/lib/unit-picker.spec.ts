import type { UnitView } from '@tiendo/contracts';
import { filterUnits, foldText, unitKeys } from './unit-picker';
import { unitOptions } from './unit-options';

const unit = (code: string, name: string, parentCode: string | null = 'BO'): UnitView => ({ code, name, parentCode, active: true }) as UnitView;
const TREE = unitOptions([
  unit('BO', 'Bộ Thông tin và Truyền thông', null),
  unit('CNTT', 'Vụ Công nghệ thông tin'),
  unit('KHCN', 'Vụ Khoa học và Công nghệ'),
  unit('VBC', 'Vụ Bưu chính'),
  unit('TTTT-DN', 'Sở Thông tin và Truyền thông Đà Nẵng'),
  unit('CNTT-P1', 'Phòng Ứng dụng', 'CNTT'),
]);
const keys = unitKeys(TREE);
const codes = (q: string) => filterUnits(keys, q).map((u) => u.code);

describe('the unit picker’s filter (the search rule: tone marks, diacritics and case optional)', () => {
  it('folds Vietnamese text as the server does', () => {
    expect(foldText('  Công   NGHỆ Đường ')).toBe('cong nghe duong');
  });

  it('finds by name without tone marks, by code, and by the name’s initials', () => {
    expect(codes('cong nghe')).toEqual(['CNTT', 'KHCN']);
    expect(codes('Công nghệ thông')).toEqual(['CNTT']);
    expect(codes('cntt')).toEqual(['CNTT', 'CNTT-P1']);
    expect(codes('da nang')).toEqual(['TTTT-DN']);
    expect(codes('DUONG')).toEqual([]);
    expect(codes('buu chinh')).toEqual(['VBC']);
  });

  it('keeps tree order and depth; an empty query lists every unit', () => {
    expect(codes('')).toEqual(TREE.map((u) => u.code));
    expect(TREE.find((u) => u.code === 'CNTT-P1')?.depth).toBe(2);
  });

  it('stays fast with 1,000 units (keys built once, each keystroke a string scan)', () => {
    const many = unitOptions([unit('BO', 'Bộ', null), ...Array.from({ length: 999 }, (_, i) => unit(`U${i}`, `Sở Thông tin và Truyền thông số ${i}`))]);
    const start = performance.now();
    const big = unitKeys(many);
    for (const q of ['s', 'so', 'so t', 'so thong', 'so thong tin 9', 'so thong tin 99']) filterUnits(big, q);
    expect(filterUnits(big, 'truyen thong so 99').map((u) => u.code).sort()).toEqual(many.filter((u) => u.name.includes('99')).map((u) => u.code).sort());
    expect(filterUnits(big, 'truyen thong so 99')).toHaveLength(18); // 99, 199 … 899, 990 … 998
    expect(performance.now() - start).toBeLessThan(200);
  });
});
