import { TestBed } from '@angular/core/testing';
import type { UnitView } from '@tiendo/contracts';
import { provideI18n } from '@tiendo/web-i18n';
import { filterUnits, foldText, UnitPicker, unitKeys } from './unit-picker';
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

  it('finds among 1,000 units (keys built once, each keystroke a string scan)', () => {
    const many = unitOptions([unit('BO', 'Bộ', null), ...Array.from({ length: 999 }, (_, i) => unit(`U${i}`, `Sở Thông tin và Truyền thông số ${i}`))]);
    const big = unitKeys(many);
    expect(filterUnits(big, 'truyen thong so 99').map((u) => u.code).sort()).toEqual(many.filter((u) => u.name.includes('99')).map((u) => u.code).sort());
    expect(filterUnits(big, 'truyen thong so 99')).toHaveLength(18); // 99, 199 … 899, 990 … 998
  });
});

describe('the unit picker’s box', () => {
  beforeEach(() => TestBed.configureTestingModule({ providers: [provideI18n()] }));

  it('Escape puts the chosen unit’s name back even when opening, typing and Escape fall between two renderings', () => {
    const fixture = TestBed.createComponent(UnitPicker);
    fixture.componentRef.setInput('units', TREE);
    fixture.componentInstance.writeValue('KHCN');
    fixture.detectChanges();
    const box = (fixture.nativeElement as HTMLElement).querySelector('input') as HTMLInputElement;
    expect(box.value).toBe('Vụ Khoa học và Công nghệ');
    // A quick user (or a loaded machine): click, type and Escape before Angular renders again.
    box.dispatchEvent(new MouseEvent('click'));
    box.value = 'buu';
    box.dispatchEvent(new Event('input'));
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    fixture.detectChanges();
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect(box.value).toBe('Vụ Khoa học và Công nghệ');
  });

  it('a name typed before the units arrived: Enter chooses the first match once they are shown', () => {
    const fixture = TestBed.createComponent(UnitPicker);
    const chosen: unknown[] = [];
    fixture.componentInstance.registerOnChange((value) => chosen.push(value));
    fixture.componentRef.setInput('units', []);
    fixture.detectChanges();
    const box = (fixture.nativeElement as HTMLElement).querySelector('input') as HTMLInputElement;
    // The form opened on a slow line: the user types before the list of units has come back from the API.
    box.value = 'Bưu chính';
    box.dispatchEvent(new Event('input'));
    fixture.detectChanges();
    fixture.componentRef.setInput('units', TREE);
    fixture.detectChanges();
    const options = Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('[role="option"]'));
    expect(options.map((o) => o.classList.contains('active'))).toEqual([true]);
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0].id);
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    fixture.detectChanges();
    expect(chosen).toEqual(['VBC']);
    expect(box.value).toBe('Vụ Bưu chính');
  });

  it('the active option stays the same unit when the options change under it', () => {
    const fixture = TestBed.createComponent(UnitPicker);
    const chosen: unknown[] = [];
    fixture.componentInstance.registerOnChange((value) => chosen.push(value));
    fixture.componentRef.setInput('units', TREE);
    fixture.detectChanges();
    const box = (fixture.nativeElement as HTMLElement).querySelector('input') as HTMLInputElement;
    // The whole tree in its order, KHCN made active; VBC comes before it.
    const order = TREE.map((u) => u.code);
    expect(order.indexOf('VBC')).toBeLessThan(order.indexOf('KHCN'));
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown' })); // opens, the first active
    for (let i = 0; i < order.indexOf('KHCN'); i++) box.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown' }));
    fixture.detectChanges();
    // A unit before it leaves the list (the units were loaded again): the same unit stays the one Enter chooses.
    fixture.componentRef.setInput('units', TREE.filter((u) => u.code !== 'VBC'));
    fixture.detectChanges();
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(chosen).toEqual(['KHCN']);
  });
});
