import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideI18n } from '@tiendo/web-i18n';
import { SecondFactorSettings } from './second-factor-settings';

describe('two-step verification on the account page', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n()] });
    http = TestBed.inject(HttpTestingController);
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  const render = async (status: object) => {
    const fixture = TestBed.createComponent(SecondFactorSettings);
    http.expectOne('/api/auth/second-factor').flush(status);
    await fixture.whenStable();
    fixture.detectChanges();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  };
  const button = (el: HTMLElement, text: string) => [...el.querySelectorAll('button')].find((b) => b.textContent?.includes(text)) as HTMLButtonElement;
  const type = (el: HTMLElement, value: string) => {
    const input = el.querySelector('#second-factor-code') as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };

  it('turns on: the secret and link, a code confirms, the recovery codes are shown once', async () => {
    const { fixture, el } = await render({ enrolled: false, enrolledAt: null, required: true, recoveryCodesLeft: 0 });
    expect(el.textContent).toContain('Chưa bật.');
    expect(el.textContent).toContain('Vai trò của bạn bắt buộc xác thực hai bước.');
    button(el, 'Bật xác thực hai bước').click();
    http.expectOne({ method: 'POST', url: '/api/auth/second-factor/enrolment' }).flush({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
    await settle();
    fixture.detectChanges();
    expect(el.querySelector('[data-testid=totp-secret]')?.textContent).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    expect(el.querySelector('a[href^="otpauth://"]')).not.toBeNull();
    expect(el.querySelector('label[for=second-factor-code]')?.textContent).toContain('Mã xác thực');

    // A wrong code is named beside the field.
    type(el, '000000');
    button(el, 'Xác nhận và bật').click();
    http
      .expectOne('/api/auth/second-factor/enrolment/confirm')
      .flush(
        { statusCode: 400, code: 'VALIDATION_FAILED', message: 'x', correlationId: 'c', errors: [{ field: 'code', rule: 'SECOND_FACTOR_CODE_WRONG', message: 'x' }] },
        { status: 400, statusText: 'Bad Request' },
      );
    await settle();
    fixture.detectChanges();
    expect(el.querySelector('#second-factor-code-error')?.textContent).toContain('Mã không đúng hoặc đã được dùng.');

    type(el, '123456');
    button(el, 'Xác nhận và bật').click();
    const confirm = http.expectOne('/api/auth/second-factor/enrolment/confirm');
    expect(confirm.request.body).toEqual({ code: '123456' });
    confirm.flush({ recoveryCodes: ['aaaaa-bbbbb', 'ccccc-ddddd'] });
    await settle();
    http.expectOne('/api/auth/second-factor').flush({ enrolled: true, enrolledAt: '2026-11-30T02:00:00Z', required: true, recoveryCodesLeft: 2 });
    await settle();
    fixture.detectChanges();
    expect(el.querySelector('[role=status]')?.textContent).toContain('Đã bật xác thực hai bước.');
    expect(el.querySelector('[data-testid=recovery-codes]')?.textContent).toContain('ccccc-ddddd');
    // Vietnam's time: 09:00 on 30/11/2026.
    expect(el.querySelector('[data-testid=second-factor-state]')?.textContent).toContain('Đang bật từ 30/11/2026 09:00.');
    // Required for the role: no way to turn it off.
    expect(button(el, 'Tắt xác thực hai bước')).toBeUndefined();
  });

  it('turns off with a code where the role does not require it', async () => {
    const { fixture, el } = await render({ enrolled: true, enrolledAt: '2026-11-30T02:00:00Z', required: false, recoveryCodesLeft: 7 });
    expect(el.textContent).toContain('Còn 7 mã khôi phục chưa dùng.');
    button(el, 'Tắt xác thực hai bước').click();
    fixture.detectChanges();
    type(el, 'abcde-12345');
    (el.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    const off = http.expectOne({ method: 'POST', url: '/api/auth/second-factor/disable' });
    expect(off.request.body).toEqual({ code: 'abcde-12345' });
    off.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    http.expectOne('/api/auth/second-factor').flush({ enrolled: false, enrolledAt: null, required: false, recoveryCodesLeft: 0 });
    await settle();
    fixture.detectChanges();
    expect(el.querySelector('[role=status]')?.textContent).toContain('Đã tắt xác thực hai bước.');
    expect(el.textContent).toContain('Chưa bật.');
  });
});
