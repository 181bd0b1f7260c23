import { Directive, ElementRef, inject } from '@angular/core';
import { Router } from '@angular/router';

/**
 * In-app navigation for the plain links inside an element: each link keeps a real href (open in a new tab, copy
 * the address), and a plain click on one navigates inside the app. RouterLink does the same per link but subscribes
 * to the router for each, which is too slow for a dashboard drawing four links for each of 1,000 units.
 */
@Directive({
  selector: '[tdNavLinks]',
  host: { '(click)': 'follow($event)' },
})
export class NavLinks {
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected follow(event: MouseEvent): void {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.('a[href]');
    const href = link?.getAttribute('href');
    if (!link || !href?.startsWith('/') || !this.host.nativeElement.contains(link)) return;
    event.preventDefault();
    void this.router.navigateByUrl(href);
  }
}

/** The URL of an absolute path with its query parameters (built directly: the router's URL tree costs more). */
export function routeUrl(path: string, queryParams: Record<string, string>): string {
  const query = new URLSearchParams(queryParams).toString();
  return query ? `${path}?${query}` : path;
}
