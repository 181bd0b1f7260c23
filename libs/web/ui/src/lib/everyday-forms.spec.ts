import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, Validators } from '@angular/forms';
import { provideI18n, TranslocoService } from '@tiendo/web-i18n';
import { firstValueFrom } from 'rxjs';
import { CharCount, ControlErrorText, controlErrorKey } from './char-count';
import { ConfirmDialog } from './confirm-dialog';
import { FieldErrorText } from './field-error';

const title = () => new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(500)] });

@Component({
  imports: [CharCount, ControlErrorText],
  template: `<td-char-count [control]="control()" [max]="500" /><td-control-error [control]="control()" />`,
})
class Host {
  readonly control = signal(title());
}

describe('limited fields and the app’s own confirmation', () => {
  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideI18n()] });
    const transloco = TestBed.inject(TranslocoService);
    transloco.setActiveLang('vi');
    await firstValueFrom(transloco.load('vi'));
  });

  it('names the kind of error: a 501-character title is too long, not empty', () => {
    const c = title();
    c.setValue('x'.repeat(501));
    expect(controlErrorKey(c)).toEqual({ key: 'limits.tooLong', params: { max: 500, actual: 501 } });
    c.setValue('');
    expect(controlErrorKey(c)?.key).toBe('errors.required');
    c.setValue('Báo cáo');
    expect(controlErrorKey(c)).toBeNull();
  });

  it('shows the API’s own words for a limit in Vietnamese (they name the number), not a general “Quá dài.”', async () => {
    const fixture = TestBed.createComponent(FieldErrorText);
    fixture.componentRef.setInput('errors', [{ field: 'title', rule: 'maxLength', message: 'Không được dài quá 500 ký tự' }]);
    fixture.autoDetectChanges();
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).textContent?.trim()).toBe('Không được dài quá 500 ký tự');
  });

  it('writes a long limit with the language’s thousands separator', async () => {
    const fixture = TestBed.createComponent(CharCount);
    fixture.componentRef.setInput('text', 'Báo cáo');
    fixture.componentRef.setInput('max', 10_000);
    fixture.autoDetectChanges();
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).textContent?.trim()).toBe('7/10.000 ký tự');
  });

  it('shows the limit and the count from the start (numbers written the Vietnamese way), and the too-long message once touched', async () => {
    const fixture = TestBed.createComponent(Host);
    fixture.autoDetectChanges();
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('td-char-count')?.textContent?.trim()).toBe('0/500 ký tự');
    expect(el.querySelector('.field-error')).toBeNull();
    const c = fixture.componentInstance.control();
    c.setValue('ư'.repeat(501));
    c.markAsTouched();
    await fixture.whenStable();
    expect(el.querySelector('td-char-count')?.textContent?.trim()).toBe('501/500 ký tự');
    expect(el.querySelector('td-char-count .over')).not.toBeNull();
    expect(el.querySelector('.field-error')?.textContent?.trim()).toBe('Tối đa 500 ký tự (đang có 501).');
  });

  it('asks in Vietnamese, starts on “Huỷ bỏ”, answers no on cancel and yes on the button, and gives focus back', async () => {
    // jsdom has no <dialog> behaviour: the two calls the dialog needs, as browsers do them.
    HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
      this.setAttribute('open', '');
    };
    HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
      this.removeAttribute('open');
      this.dispatchEvent(new Event('close'));
    };
    const opener = document.createElement('button');
    document.body.append(opener);
    opener.focus();
    const confirm = TestBed.inject(ConfirmDialog);

    const first = confirm.ask({ title: 'Xoá ngày nghỉ Quốc khánh (02/09/2027)?', confirm: 'Xoá', danger: true });
    const dialog = document.querySelector<HTMLDialogElement>('dialog.confirm-dialog');
    expect(dialog?.getAttribute('role')).toBe('alertdialog');
    expect(dialog?.querySelector('h2')?.textContent).toBe('Xoá ngày nghỉ Quốc khánh (02/09/2027)?');
    const [yes, no] = [...(dialog?.querySelectorAll('button') ?? [])];
    expect([yes.textContent, no.textContent]).toEqual(['Xoá', 'Huỷ bỏ']);
    expect(document.activeElement).toBe(no);
    no.click();
    await expect(first).resolves.toBe(false);
    expect(document.querySelector('dialog.confirm-dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);

    const second = confirm.ask({ title: 'Giao nhiệm vụ không có hạn xử lý?' });
    document.querySelector<HTMLButtonElement>('dialog.confirm-dialog button')?.click();
    await expect(second).resolves.toBe(true);
  });

  it('gives focus to the list’s heading, not the page’s body, when what the answer did removed or disabled the opener', async () => {
    HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
      this.setAttribute('open', '');
    };
    HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
      this.removeAttribute('open');
      this.dispatchEvent(new Event('close'));
    };
    const main = document.createElement('main');
    main.innerHTML = '<section><h2>Ngày nghỉ năm 2027</h2><table><tr><td><button id="del">Xoá</button></td></tr></table><button id="approve">Duyệt</button></section>';
    document.body.append(main);
    const confirm = TestBed.inject(ConfirmDialog);
    const heading = main.querySelector('h2') as HTMLElement;

    // Deleting a holiday: the row is gone once the deletion returns.
    (main.querySelector('#del') as HTMLButtonElement).focus();
    const deleting = confirm.ask({ title: 'Xoá ngày nghỉ Quốc khánh (02/09/2027)?', confirm: 'Xoá', danger: true });
    document.querySelector<HTMLButtonElement>('dialog.confirm-dialog button')?.click();
    await expect(deleting).resolves.toBe(true);
    main.querySelector('tr')?.remove();
    await Promise.resolve();
    await new Promise((r) => setTimeout(r));
    expect(document.activeElement).toBe(heading);
    expect(heading.getAttribute('tabindex')).toBe('-1');

    // A bulk decision: "Duyệt" is disabled once the list is empty.
    const approve = main.querySelector('#approve') as HTMLButtonElement;
    approve.focus();
    const deciding = confirm.ask({ title: 'Duyệt 2 đề nghị gia hạn?' });
    document.querySelector<HTMLButtonElement>('dialog.confirm-dialog button')?.click();
    await expect(deciding).resolves.toBe(true);
    expect(document.activeElement).toBe(approve);
    approve.disabled = true;
    await new Promise((r) => setTimeout(r));
    expect(document.activeElement).toBe(heading);
    main.remove();
  });
});
