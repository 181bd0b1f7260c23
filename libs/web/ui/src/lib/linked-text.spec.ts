import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { LinkedText, textParts } from './linked-text';

@Component({ imports: [LinkedText], template: `<td-linked-text [text]="text()" />` })
class Host {
  readonly text = signal('');
}

describe('a user’s plain text with its links', () => {
  it('finds http(s) addresses without the sentence’s closing punctuation, and @mentions, leaving the rest as text', () => {
    expect(textParts('Xem https://mic.gov.vn/a?b=1. Nhờ @chuyenvien.vbc, cảm ơn (http://x.vn/y)')).toEqual([
      { kind: 'text', text: 'Xem ' },
      { kind: 'link', text: 'https://mic.gov.vn/a?b=1', href: 'https://mic.gov.vn/a?b=1' },
      { kind: 'text', text: '. Nhờ ' },
      { kind: 'mention', text: '@chuyenvien.vbc', username: 'chuyenvien.vbc' },
      { kind: 'text', text: ', cảm ơn (' },
      { kind: 'link', text: 'http://x.vn/y', href: 'http://x.vn/y' },
      { kind: 'text', text: ')' },
    ]);
  });

  it('never makes a link of another scheme, nor a mention of an e-mail address', () => {
    expect(textParts('javascript:alert(1) data:text/html,x lan@mic.gov.vn').map((p) => p.kind)).toEqual(['text']);
  });

  it('draws HTML in the text as text: no element is created from it', () => {
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.text.set('<img src=x onerror="alert(1)"> <b>đậm</b> https://mic.gov.vn');
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('img, b')).toBeNull();
    expect(el.textContent).toContain('<img src=x onerror="alert(1)"> <b>đậm</b>');
    const link = el.querySelector('a') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('https://mic.gov.vn');
    expect(link.rel).toContain('noopener');
  });
});
