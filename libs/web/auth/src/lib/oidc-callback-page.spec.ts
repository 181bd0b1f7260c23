import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap, provideRouter, Router } from '@angular/router';
import { provideI18n } from '@tiendo/web-i18n';
import { OidcCallbackPage } from './oidc-callback-page';
import { SignInPage } from './sign-in-page';

describe('OidcCallbackPage (/dang-nhap/oidc)', () => {
  let http: HttpTestingController;
  const me = { id: '1', username: 'tran.thi.sso', fullName: 'Trần Thị Sơn', role: 'staff', unitCode: 'VP', unitName: 'Văn phòng Bộ', email: null, active: true };

  const setUp = async (query: Record<string, string>) => {
    await TestBed.configureTestingModule({
      imports: [OidcCallbackPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        provideI18n(),
        { provide: ActivatedRoute, useValue: { snapshot: { queryParamMap: convertToParamMap(query) } } },
      ],
    }).compileComponents();
    http = TestBed.inject(HttpTestingController);
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const fixture = TestBed.createComponent(OidcCallbackPage);
    fixture.detectChanges();
    return { fixture, el: fixture.nativeElement as HTMLElement, navigate };
  };
  const settle = async (fixture: { whenStable(): Promise<unknown>; detectChanges(): void }) => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };

  beforeEach(() => sessionStorage.clear());
  afterEach(() => http.verify());

  it('refuses a state that is not the kept one without calling the API, and links back to the sign-in page', async () => {
    sessionStorage.setItem('tiendo.oidc-state', 'giu-lai');
    const { fixture, el, navigate } = await setUp({ code: 'ma', state: 'khac', iss: 'https://sso.mic.gov.vn' });
    await settle(fixture);
    http.expectNone('/api/auth/oidc/callback');
    expect(el.querySelector('[role=alert]')?.textContent).toContain('không khớp');
    expect(el.querySelector('a[href="/dang-nhap"]')?.textContent).toContain('Quay lại trang đăng nhập');
    expect(navigate).not.toHaveBeenCalled();
    expect(sessionStorage.getItem('tiendo.session')).toBeNull();
    // The kept state is used once.
    expect(sessionStorage.getItem('tiendo.oidc-state')).toBeNull();
  });

  it('refuses when no state was kept (the page opened from another tab)', async () => {
    const { fixture, el } = await setUp({ code: 'ma', state: 's1' });
    await settle(fixture);
    http.expectNone('/api/auth/oidc/callback');
    expect(el.querySelector('[role=alert]')).not.toBeNull();
  });

  it('says “Đang đăng nhập…”, posts code, state and iss, stores the TokenPair and goes home', async () => {
    sessionStorage.setItem('tiendo.oidc-state', 's1');
    const { fixture, el, navigate } = await setUp({ code: 'ma', state: 's1', iss: 'https://sso.mic.gov.vn' });
    await settle(fixture);
    expect(el.querySelector('[role=status]')?.textContent).toContain('Đang đăng nhập…');
    const callback = http.expectOne('/api/auth/oidc/callback');
    expect(callback.request.method).toBe('POST');
    expect(callback.request.body).toEqual({ code: 'ma', state: 's1', iss: 'https://sso.mic.gov.vn' });
    callback.flush({ accessToken: 'a', refreshToken: 'r', expiresIn: 900 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    http.expectOne('/api/auth/me').flush(me);
    await settle(fixture);
    expect(JSON.parse(sessionStorage.getItem('tiendo.session') as string)).toEqual({ accessToken: 'a', refreshToken: 'r' });
    expect(navigate).toHaveBeenCalledWith('/');
  });

  it('a second-factor challenge goes to the sign-in page’s second step, nobody signed in yet', async () => {
    sessionStorage.setItem('tiendo.oidc-state', 's1');
    const { fixture, navigate } = await setUp({ code: 'ma', state: 's1' });
    const callback = http.expectOne('/api/auth/oidc/callback');
    expect(callback.request.body).toEqual({ code: 'ma', state: 's1' });
    callback.flush({ secondFactor: 'code', challenge: 'thu-thach', expiresIn: 300 });
    await settle(fixture);
    expect(navigate).toHaveBeenCalledWith('/dang-nhap');
    expect(sessionStorage.getItem('tiendo.session')).toBeNull();

    // The sign-in page picks the challenge up at the code step, and signs in with it.
    const page = TestBed.createComponent(SignInPage);
    await settle(page);
    const el = page.nativeElement as HTMLElement;
    expect(el.querySelector('h1')?.textContent).toContain('Xác thực hai bước');
    const input = el.querySelector('#code') as HTMLInputElement;
    input.value = '123456';
    input.dispatchEvent(new Event('input'));
    (el.querySelector('button[type=submit]') as HTMLButtonElement).click();
    const second = http.expectOne('/api/auth/sign-in/second-factor');
    expect(second.request.body).toEqual({ challenge: 'thu-thach', code: '123456' });
    second.flush({ accessToken: 'a', refreshToken: 'r', expiresIn: 900 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    http.expectOne('/api/auth/me').flush(me);
    await settle(page);
    expect(navigate).toHaveBeenLastCalledWith('/');
    http.match(() => true).forEach((r) => r.flush({}));
  });

  it('shows the API’s error in words, with the link back', async () => {
    sessionStorage.setItem('tiendo.oidc-state', 's1');
    const { fixture, el, navigate } = await setUp({ code: 'ma', state: 's1' });
    http
      .expectOne('/api/auth/oidc/callback')
      .flush({ statusCode: 403, code: 'OIDC_ACCOUNT_NOT_ALLOWED', message: 'x', correlationId: 'c' }, { status: 403, statusText: 'Forbidden' });
    await settle(fixture);
    expect(el.querySelector('[role=alert]')?.textContent).toContain('không được đăng nhập bằng tài khoản Bộ');
    expect(el.querySelector('a[href="/dang-nhap"]')).not.toBeNull();
    expect(navigate).not.toHaveBeenCalled();
  });

  it('a provider’s refusal (error=access_denied) is shown without calling the API', async () => {
    sessionStorage.setItem('tiendo.oidc-state', 's1');
    const { fixture, el } = await setUp({ error: 'access_denied', state: 's1' });
    await settle(fixture);
    http.expectNone('/api/auth/oidc/callback');
    expect(el.querySelector('[role=alert]')?.textContent).toContain('access_denied');
  });
});
