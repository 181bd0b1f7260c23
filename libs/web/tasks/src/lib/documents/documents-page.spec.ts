import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Session } from '@tiendo/web-data-access';
import { provideI18n, TranslocoService } from '@tiendo/web-i18n';
import { firstValueFrom } from 'rxjs';
import { DocumentsPage } from './documents-page';

describe('documents page: limited fields', () => {
  it('the issuing body shows its 255-character limit and count, and a body too long says so with the numbers', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideI18n(), provideRouter([])] });
    const transloco = TestBed.inject(TranslocoService);
    transloco.setActiveLang('vi');
    await firstValueFrom(transloco.load('vi'));
    TestBed.inject(Session).user.set({ id: 'u1', username: 'vanphong', fullName: 'Trần Thu Hà', email: null, role: 'monitor', unitCode: 'VP', unitName: 'Văn phòng Bộ', active: true });
    localStorage.clear();
    const fixture = TestBed.createComponent(DocumentsPage);
    fixture.detectChanges();
    const http = TestBed.inject(HttpTestingController);
    for (const req of http.match(() => true)) req.flush([]);
    await fixture.whenStable();
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const text = (s: string) => (el.querySelector(s)?.textContent ?? '').replace(/\s+/g, ' ').trim();
    expect(text('#d-issuer-count')).toBe('0/255 ký tự');
    expect(el.querySelector('#d-issuer')?.getAttribute('aria-describedby')).toContain('d-issuer-count');
    const issuer = el.querySelector('#d-issuer') as HTMLInputElement;
    issuer.value = 'x'.repeat(256);
    issuer.dispatchEvent(new Event('input'));
    issuer.dispatchEvent(new Event('blur'));
    fixture.detectChanges();
    expect(text('#d-issuer-count')).toBe('256/255 ký tự');
    expect(text('#d-issuer-error')).toBe('Tối đa 255 ký tự (đang có 256).');
  });
});
