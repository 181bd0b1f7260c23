import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { provideI18n } from '@tiendo/web-i18n';
import { SignInPage } from './sign-in-page';

describe('SignInPage', () => {
  let http: HttpTestingController;

  beforeEach(async () => {
    sessionStorage.clear();
    await TestBed.configureTestingModule({
      imports: [SignInPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideI18n()],
    }).compileComponents();
    http = TestBed.inject(HttpTestingController);
  });

  const render = async () => {
    const fixture = TestBed.createComponent(SignInPage);
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  };

  it('is in Vietnamese, with a label on every control', async () => {
    const { el } = await render();
    expect(el.querySelector('h1')?.textContent).toContain('Tiến Độ');
    expect(el.querySelector('label[for=username]')?.textContent).toContain('Tên đăng nhập');
    expect(el.querySelector('label[for=password]')?.textContent).toContain('Mật khẩu');
  });

  it('shows field errors instead of calling the API when fields are empty', async () => {
    const { fixture, el } = await render();
    (el.querySelector('button[type=submit]') as HTMLButtonElement).click();
    fixture.detectChanges();
    expect(el.querySelectorAll('.field-error')).toHaveLength(2);
    http.expectNone('/api/auth/login');
  });

  it('signs in, loads the user and goes home; a 401 says so and clears only the password', async () => {
    const { fixture, el } = await render();
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const type = (id: string, value: string) => {
      const input = el.querySelector(`#${id}`) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    type('username', 'vanphong');
    type('password', 'sai-mat-khau');
    (el.querySelector('button[type=submit]') as HTMLButtonElement).click();
    http.expectOne('/api/auth/login').flush({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'x', correlationId: 'c' }, { status: 401, statusText: 'Unauthorized' });
    await fixture.whenStable();
    fixture.detectChanges();
    expect(el.querySelector('[role=alert]')?.textContent).toContain('không đúng');
    expect((el.querySelector('#username') as HTMLInputElement).value).toBe('vanphong');
    expect((el.querySelector('#password') as HTMLInputElement).value).toBe('');

    type('password', 'dung-mat-khau');
    (el.querySelector('button[type=submit]') as HTMLButtonElement).click();
    const login = http.expectOne('/api/auth/login');
    expect(login.request.body).toEqual({ username: 'vanphong', password: 'dung-mat-khau' });
    login.flush({ accessToken: 'a', refreshToken: 'r', expiresIn: 900 });
    await Promise.resolve();
    http.expectOne('/api/auth/me').flush({ id: '1', username: 'vanphong', fullName: 'Văn Phòng', role: 'monitor', unitCode: 'VP', unitName: 'Văn phòng Bộ', email: null, active: true });
    await fixture.whenStable();
    expect(navigate).toHaveBeenCalledWith('/');
    expect(JSON.parse(sessionStorage.getItem('tiendo.session') as string)).toEqual({ accessToken: 'a', refreshToken: 'r' });
  });

  it('a 429 says how many minutes to wait, from Retry-After', async () => {
    const { fixture, el } = await render();
    for (const [id, value] of [['username', 'vutruong.vbc'], ['password', 'sai-mat-khau']]) {
      const input = el.querySelector(`#${id}`) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    }
    (el.querySelector('button[type=submit]') as HTMLButtonElement).click();
    http
      .expectOne('/api/auth/login')
      .flush(
        { statusCode: 429, code: 'SIGN_IN_THROTTLED', message: 'x', correlationId: 'c' },
        { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '130' } },
      );
    await fixture.whenStable();
    fixture.detectChanges();
    expect(el.querySelector('[role=alert]')?.textContent).toContain('Vui lòng thử lại sau 3 phút');
  });

  describe('the second step', () => {
    const type = (el: HTMLElement, id: string, value: string) => {
      const input = el.querySelector(`#${id}`) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    const me = { id: '1', username: 'lanhdao', fullName: 'Lãnh Đạo', role: 'leader', unitCode: 'BO', unitName: 'Bộ', email: null, active: true };

    /** The password step, answered with a challenge. */
    const toCodeStep = async () => {
      const { fixture, el } = await render();
      type(el, 'username', 'lanhdao');
      type(el, 'password', 'dung-mat-khau');
      (el.querySelector('button[type=submit]') as HTMLButtonElement).click();
      http.expectOne('/api/auth/login').flush({ secondFactor: 'code', challenge: 'thu-thach', expiresIn: 300 });
      await fixture.whenStable();
      fixture.detectChanges();
      return { fixture, el };
    };

    it('asks for the authenticator’s code (in Vietnamese, labelled), then signs in with it', async () => {
      const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
      const { fixture, el } = await toCodeStep();
      expect(el.querySelector('h1')?.textContent).toContain('Xác thực hai bước');
      expect(el.querySelector('label[for=code]')?.textContent).toContain('Mã xác thực');
      expect(el.querySelector('#password')).toBeNull();
      // Nobody is signed in yet.
      expect(sessionStorage.getItem('tiendo.session')).toBeNull();

      type(el, 'code', '123456');
      (el.querySelector('button[type=submit]') as HTMLButtonElement).click();
      const step = http.expectOne('/api/auth/sign-in/second-factor');
      expect(step.request.body).toEqual({ challenge: 'thu-thach', code: '123456' });
      step.flush({ accessToken: 'a', refreshToken: 'r', expiresIn: 900 });
      await Promise.resolve();
      http.expectOne('/api/auth/me').flush(me);
      await fixture.whenStable();
      expect(navigate).toHaveBeenCalledWith('/');
      expect(JSON.parse(sessionStorage.getItem('tiendo.session') as string)).toEqual({ accessToken: 'a', refreshToken: 'r' });
    });

    it('a wrong code says so; “dùng mã khôi phục” asks for a recovery code instead', async () => {
      const { fixture, el } = await toCodeStep();
      type(el, 'code', '000000');
      (el.querySelector('button[type=submit]') as HTMLButtonElement).click();
      http
        .expectOne('/api/auth/sign-in/second-factor')
        .flush(
          { statusCode: 400, code: 'VALIDATION_FAILED', message: 'x', correlationId: 'c', errors: [{ field: 'code', rule: 'SECOND_FACTOR_CODE_WRONG', message: 'x' }] },
          { status: 400, statusText: 'Bad Request' },
        );
      await fixture.whenStable();
      fixture.detectChanges();
      expect(el.querySelector('[role=alert]')?.textContent).toContain('Mã không đúng hoặc đã được dùng');

      const link = [...el.querySelectorAll('button.link')].find((b) => b.textContent?.includes('Dùng mã khôi phục')) as HTMLButtonElement;
      link.click();
      fixture.detectChanges();
      expect(el.querySelector('label[for=code]')?.textContent).toContain('Mã khôi phục');
      type(el, 'code', 'abcde-12345');
      (el.querySelector('button[type=submit]') as HTMLButtonElement).click();
      expect(http.expectOne('/api/auth/sign-in/second-factor').request.body).toEqual({ challenge: 'thu-thach', code: 'abcde-12345' });
    });

    it('an expired challenge goes back to the password, saying why', async () => {
      const { fixture, el } = await toCodeStep();
      type(el, 'code', '123456');
      (el.querySelector('button[type=submit]') as HTMLButtonElement).click();
      http
        .expectOne('/api/auth/sign-in/second-factor')
        .flush({ statusCode: 401, code: 'SECOND_FACTOR_CHALLENGE_INVALID', message: 'x', correlationId: 'c' }, { status: 401, statusText: 'Unauthorized' });
      await fixture.whenStable();
      fixture.detectChanges();
      expect(el.querySelector('#password')).not.toBeNull();
      expect(el.querySelector('[role=alert]')?.textContent).toContain('hết hạn');
    });

    it('a required enrolment shows the secret, confirms with a code, then the recovery codes before going on', async () => {
      const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
      const { fixture, el } = await render();
      type(el, 'username', 'quantri');
      type(el, 'password', 'dung-mat-khau');
      (el.querySelector('button[type=submit]') as HTMLButtonElement).click();
      http.expectOne('/api/auth/login').flush({ secondFactor: 'enrol', challenge: 'thu-thach', expiresIn: 300 });
      // The enrolment is asked for once the password step's answer has been read.
      await new Promise((resolve) => setTimeout(resolve, 0));
      http.expectOne('/api/auth/sign-in/enrolment').flush({ secret: 'ABCDEFGHABCDEFGHABCDEFGHABCDEFGH', otpauthUri: 'otpauth://totp/x' });
      await fixture.whenStable();
      fixture.detectChanges();
      expect(el.querySelector('[data-testid=totp-secret]')?.textContent).toContain('ABCD EFGH');
      type(el, 'code', '123456');
      (el.querySelector('button[type=submit]') as HTMLButtonElement).click();
      http.expectOne('/api/auth/sign-in/enrolment/confirm').flush({ recoveryCodes: ['aaaaa-bbbbb', 'ccccc-ddddd'], session: { accessToken: 'a', refreshToken: 'r', expiresIn: 900 } });
      await Promise.resolve();
      http.expectOne('/api/auth/me').flush(me);
      await fixture.whenStable();
      fixture.detectChanges();
      expect(el.querySelector('[data-testid=recovery-codes]')?.textContent).toContain('aaaaa-bbbbb');
      expect(navigate).not.toHaveBeenCalled();
      ([...el.querySelectorAll('button')].find((b) => b.textContent?.includes('Tôi đã lưu')) as HTMLButtonElement).click();
      expect(navigate).toHaveBeenCalledWith('/');
    });
  });
  describe('the ministry’s provider', () => {
    it('shows no button when the API says it is not enabled', async () => {
      const { fixture, el } = await render();
      http.expectOne('/api/auth/oidc').flush({ enabled: false, label: 'Đăng nhập bằng tài khoản Bộ' });
      await new Promise((resolve) => setTimeout(resolve, 0));
      await fixture.whenStable();
      fixture.detectChanges();
      expect(el.querySelector('[data-testid=oidc-sign-in]')).toBeNull();
      expect(el.textContent).not.toContain('hoặc');
    });

    it('shows the API’s label with a divider; the button starts the sign-in, keeps the state and goes to the provider', async () => {
      const { fixture, el } = await render();
      http.expectOne('/api/auth/oidc').flush({ enabled: true, label: 'Đăng nhập bằng tài khoản Bộ' });
      await new Promise((resolve) => setTimeout(resolve, 0));
      await fixture.whenStable();
      fixture.detectChanges();
      const button = el.querySelector('[data-testid=oidc-sign-in]') as HTMLButtonElement;
      expect(button.textContent?.trim()).toBe('Đăng nhập bằng tài khoản Bộ');
      expect(button.type).toBe('button');
      expect(el.querySelector('.divider')?.textContent).toContain('hoặc');
      const redirect = jest.spyOn(fixture.componentInstance, 'redirect').mockImplementation(() => undefined);
      button.click();
      const start = http.expectOne('/api/auth/oidc/start');
      expect(start.request.method).toBe('POST');
      start.flush({ authorizationUrl: 'https://sso.mic.gov.vn/auth?state=s1', state: 's1' });
      await fixture.whenStable();
      expect(sessionStorage.getItem('tiendo.oidc-state')).toBe('s1');
      expect(redirect).toHaveBeenCalledWith('https://sso.mic.gov.vn/auth?state=s1');
      // The password form does not send anything.
      http.expectNone('/api/auth/login');
    });

    it('a provider that cannot be reached says so, translated, and stays on the page', async () => {
      const { fixture, el } = await render();
      http.expectOne('/api/auth/oidc').flush({ enabled: true, label: 'Đăng nhập bằng tài khoản Bộ' });
      await new Promise((resolve) => setTimeout(resolve, 0));
      await fixture.whenStable();
      fixture.detectChanges();
      const redirect = jest.spyOn(fixture.componentInstance, 'redirect').mockImplementation(() => undefined);
      (el.querySelector('[data-testid=oidc-sign-in]') as HTMLButtonElement).click();
      http
        .expectOne('/api/auth/oidc/start')
        .flush({ statusCode: 503, code: 'OIDC_PROVIDER_UNAVAILABLE', message: 'x', correlationId: 'c' }, { status: 503, statusText: 'Unavailable' });
      await fixture.whenStable();
      fixture.detectChanges();
      expect(el.querySelector('[role=alert]')?.textContent).toContain('Không kết nối được cổng đăng nhập của Bộ');
      expect(redirect).not.toHaveBeenCalled();
    });
  });
});
