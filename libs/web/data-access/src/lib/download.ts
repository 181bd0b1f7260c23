import { HttpClient } from '@angular/common/http';
import { firstValueFrom } from 'rxjs';

/**
 * Downloads a file the API serves behind sign-in: fetched with the bearer token (a plain link could not carry it),
 * then handed to the browser under the server's file name.
 */
export async function downloadFile(http: HttpClient, url: string, fallbackName: string): Promise<void> {
  const res = await firstValueFrom(http.get(url, { observe: 'response', responseType: 'blob' }));
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const name = dispositionName(disposition) ?? fallbackName;
  const href = URL.createObjectURL(res.body as Blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/**
 * The file name of a `Content-Disposition` header: the UTF-8 `filename*` (RFC 5987, how a Vietnamese name travels)
 * before the ASCII `filename` fallback; null when it names none.
 */
export function dispositionName(disposition: string): string | null {
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // A malformed escape: the plain name below.
    }
  }
  return /filename\s*=\s*"([^"]+)"/i.exec(disposition)?.[1] ?? /filename\s*=\s*([^;\s]+)/i.exec(disposition)?.[1] ?? null;
}
