import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { FieldError } from '@tiendo/contracts';
import { provideI18n, TranslocoService } from '@tiendo/web-i18n';
import { firstValueFrom } from 'rxjs';
import { FieldErrorText } from './field-error';
import { FORM_ACTIONS, FormAction, FormErrorBanner } from './form-error';

@Component({
  imports: [FormErrorBanner, FieldErrorText],
  template: `<td-form-error [action]="action()" [code]="code()" /><td-field-error [errors]="errors()" />`,
})
class Host {
  readonly action = signal<FormAction>('assign');
  readonly code = signal<string | null>(null);
  readonly errors = signal<FieldError[]>([]);
}

describe('a form’s error, in the user’s language', () => {
  let transloco: TranslocoService;
  const render = async (set: (host: Host) => void) => {
    const fixture = TestBed.createComponent(Host);
    set(fixture.componentInstance);
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    return {
      banner: element.querySelector('td-form-error p')?.textContent?.trim() ?? null,
      role: element.querySelector('td-form-error p')?.getAttribute('role') ?? null,
      fields: [...element.querySelectorAll('.field-error')].map((e) => e.textContent?.trim()),
    };
  };
  const use = async (lang: 'vi' | 'en') => {
    transloco.setActiveLang(lang);
    await firstValueFrom(transloco.load(lang));
  };

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideI18n()] });
    transloco = TestBed.inject(TranslocoService);
    await use('vi');
  });

  it('says what did not happen and why: a past deadline on the assign form, not the task’s “current state”', async () => {
    const shown = await render((h) => h.code.set('DEADLINE_BEFORE_ASSIGNMENT'));
    expect(shown).toMatchObject({ banner: 'Chưa giao được nhiệm vụ: Hạn xử lý không được trước ngày giao.', role: 'alert' });
    await use('en');
    expect((await render((h) => h.code.set('DEADLINE_BEFORE_ASSIGNMENT'))).banner).toBe('The task was not assigned: The deadline cannot be before the assignment date.');
  });

  it.each([
    ['extension', 'EXTENSION_NOT_LATER', 'Chưa gửi được đề nghị gia hạn: Hạn đề nghị phải sau hạn xử lý hiện tại.'],
    ['complete', 'TASK_ALREADY_COMPLETED', 'Chưa báo cáo hoàn thành được: Nhiệm vụ đã hoàn thành; muốn tiếp tục, người quản lý nhiệm vụ trả lại hoặc mở lại nhiệm vụ.'],
    ['progress', 'TASK_CANCELLED', 'Chưa cập nhật được tiến độ: Nhiệm vụ đã bị huỷ; muốn tiếp tục, người quản lý nhiệm vụ mở lại nhiệm vụ.'],
    ['decide', 'OWN_EXTENSION_DECISION', 'Chưa ghi được quyết định gia hạn: Đề nghị gia hạn do người khác quyết định, không phải người đã đề nghị.'],
    ['reassign', 'ASSIGNEE_OUTSIDE_UNIT', 'Chưa giao lại được nhiệm vụ: Người được giao phải thuộc đơn vị chủ trì hoặc một đơn vị trực thuộc.'],
    ['user', 'LAST_ADMIN', 'Chưa lưu được người dùng: Không thể hạ quyền hoặc khoá quản trị viên cuối cùng còn hoạt động.'],
  ] as const)('%s refused with %s', async (action, code, text) => {
    expect((await render((h) => (h.action.set(action), h.code.set(code)))).banner).toBe(text);
  });

  it('shows nothing without a failure, and the general words for a code it does not know', async () => {
    expect((await render(() => undefined)).banner).toBeNull();
    expect((await render((h) => h.code.set('SOMETHING_NEW'))).banner).toBe('Chưa giao được nhiệm vụ: Đã có lỗi xảy ra. Vui lòng thử lại.');
  });

  it('has a lead for every form, in Vietnamese and English', async () => {
    for (const lang of ['vi', 'en'] as const) {
      await use(lang);
      const missing = FORM_ACTIONS.filter((a) => transloco.translate(`errors.action.${a}`, {}, lang) === `errors.action.${a}`);
      expect(missing).toEqual([]);
    }
    expect(transloco.translate('errors.action.assign', {}, 'en')).not.toBe(transloco.translate('errors.action.assign', {}, 'vi'));
  });

  it('beside a field: a product rule by its code, a class-validator rule by name, else the API’s own words', async () => {
    const errors: FieldError[] = [
      { field: 'deadline', rule: 'DEADLINE_BEFORE_ASSIGNMENT', message: 'Hạn xử lý không được trước ngày giao' },
      { field: 'title', rule: 'maxLength', message: 'Không được dài quá 500 ký tự' },
      { field: 'title', rule: 'someNewRule', message: 'Lời của máy chủ' },
    ];
    await use('en');
    expect((await render((h) => h.errors.set(errors))).fields).toEqual(['The deadline cannot be before the assignment date.', 'Too long.', 'Lời của máy chủ']);
  });
});
