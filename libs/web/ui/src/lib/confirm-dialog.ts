import { DOCUMENT } from '@angular/common';
import { inject, Injectable } from '@angular/core';
import { TranslocoService } from '@tiendo/web-i18n';

/** What one confirmation says: the question, what follows, the button that goes ahead. */
export interface ConfirmRequest {
  /** The question, e.g. "Xoá ngày nghỉ Quốc khánh (02/09/2027)?" (dates already in dd/MM/yyyy). */
  title: string;
  /** What will happen, or what is kept; optional. */
  message?: string;
  /** The button that goes ahead, e.g. "Xoá"; defaults to "Đồng ý". */
  confirm?: string;
  /** A destructive action: the button that goes ahead is red. */
  danger?: boolean;
}

let sequence = 0;

/** Whether focus can still go to `el`: in the page, enabled, not hidden in an inert part. */
function focusable(el: HTMLElement): boolean {
  return el.isConnected && !(el as HTMLButtonElement).disabled && !el.closest('[inert]') && el !== el.ownerDocument.body;
}

/**
 * Where focus goes when the opener is gone or disabled: the nearest heading (h1-h3) of the part of the page the
 * opener was in (a list's heading), else the main region; made focusable by script only (tabindex -1).
 */
function fallbackFor(opener: HTMLElement, doc: Document): HTMLElement | null {
  for (let node = opener.parentElement; node && node !== doc.body; node = node.parentElement) {
    const heading = node.querySelector<HTMLElement>('h1, h2, h3');
    if (heading) return withTabIndex(heading);
    if (node.matches('main, [role="main"]')) return withTabIndex(node);
  }
  const main = doc.querySelector<HTMLElement>('main, [role="main"]');
  return main ? withTabIndex(main) : null;
}

function withTabIndex(el: HTMLElement): HTMLElement {
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  return el;
}

/**
 * Watches the page until focus moves elsewhere (or 10 s): if the opener that has focus back is removed or disabled,
 * focus goes to `fallback` rather than falling to the body.
 */
function keepFocusOff(opener: HTMLElement, fallback: HTMLElement, doc: Document): void {
  const view = doc.defaultView;
  if (!view || typeof view.MutationObserver === 'undefined') return;
  const check = () => {
    const active = doc.activeElement;
    if (active && active !== doc.body && active !== opener) return stop();
    if (!focusable(opener) && fallback.isConnected) {
      fallback.focus();
      stop();
    }
  };
  const observer = new view.MutationObserver(check);
  const timer = view.setTimeout(() => stop(), 10_000);
  function stop(): void {
    observer.disconnect();
    view?.clearTimeout(timer);
  }
  observer.observe(doc.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled', 'inert'] });
}

/**
 * The app's own confirmation, in place of the browser's `confirm()` (English buttons, the browser's date format, no
 * styling): a native modal `<dialog>` (showModal keeps Tab inside it and makes the page behind inert), in the
 * user's language, Escape or "Huỷ bỏ" answering no, focus returned where it was when the question closes (or, when
 * that element is gone or disabled, then or by what the answer starts, to the list's heading or the main region). Focus
 * starts on "Huỷ bỏ": an Enter pressed once too often (the one that opened the question) never says yes.
 */
@Injectable({ providedIn: 'root' })
export class ConfirmDialog {
  private readonly document = inject(DOCUMENT);
  private readonly transloco = inject(TranslocoService);

  /** Resolves true when the user goes ahead, false on cancel, Escape or closing. */
  ask(request: ConfirmRequest): Promise<boolean> {
    const doc = this.document;
    const before = doc.activeElement as HTMLElement | null;
    const id = `td-confirm-${++sequence}`;
    const dialog = doc.createElement('dialog');
    dialog.className = 'confirm-dialog';
    dialog.setAttribute('role', 'alertdialog');
    dialog.setAttribute('aria-labelledby', `${id}-title`);
    const title = doc.createElement('h2');
    title.id = `${id}-title`;
    title.textContent = request.title;
    dialog.append(title);
    if (request.message) {
      const message = doc.createElement('p');
      message.id = `${id}-message`;
      message.textContent = request.message;
      dialog.setAttribute('aria-describedby', message.id);
      dialog.append(message);
    }
    const actions = doc.createElement('div');
    actions.className = 'actions';
    const yes = doc.createElement('button');
    yes.type = 'button';
    yes.className = request.danger ? 'btn danger' : 'btn primary';
    yes.textContent = request.confirm ?? this.transloco.translate('confirm.ok');
    const no = doc.createElement('button');
    no.type = 'button';
    no.className = 'btn';
    no.textContent = this.transloco.translate('common.cancel');
    actions.append(yes, no);
    dialog.append(actions);
    doc.body.append(dialog);

    return new Promise<boolean>((resolve) => {
      let answer = false;
      yes.addEventListener('click', () => {
        answer = true;
        dialog.close();
      });
      no.addEventListener('click', () => dialog.close());
      // Tab wraps between the two buttons: focus never leaves the question for the browser's own controls.
      dialog.addEventListener('keydown', (e) => {
        if (e.key !== 'Tab') return;
        e.preventDefault();
        (doc.activeElement === yes ? no : yes).focus();
      });
      dialog.addEventListener('close', () => {
        dialog.remove();
        const fallback = before ? fallbackFor(before, doc) : null;
        if (before && focusable(before)) before.focus();
        else fallback?.focus();
        resolve(answer);
        // What the answer starts (a deletion, a bulk decision) may remove the opener or disable it a moment later:
        // focus would fall to the page's body. It goes to the fallback instead (the list's heading, else <main>).
        if (before && fallback) keepFocusOff(before, fallback, doc);
      });
      dialog.showModal();
      no.focus();
    });
  }
}
