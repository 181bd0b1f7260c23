import { Injectable, inject, signal } from '@angular/core';
import { Session } from './session';

const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/**
 * The unread count, pushed by the server (GET /api/notifications/stream, server-sent events). Read with fetch rather
 * than EventSource, which cannot send the bearer token; reconnects with a growing pause, refreshing the token on 401.
 */
@Injectable({ providedIn: 'root' })
export class UnreadCount {
  private readonly session = inject(Session);
  readonly value = signal(0);
  readonly live = signal(false);
  private controller: AbortController | null = null;
  private retryMs = RETRY_MIN_MS;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /**
   * Reads made in another tab of this browser, at once (the server's stream also recounts on every read, which
   * reaches the user's other devices): each tab posts the count the server gave it, with the user it is for
   * (`{ userId, unread }`); the others take it only when they are signed in as that user (sign-in is per tab, so two
   * tabs of one browser may be two people).
   */
  private readonly channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('tiendo-unread');

  constructor() {
    this.channel?.addEventListener('message', (e: MessageEvent<{ userId?: unknown; unread?: unknown }>) => {
      const me = this.session.user()?.id;
      if (me && e.data?.userId === me && typeof e.data.unread === 'number') this.value.set(e.data.unread);
    });
  }

  /**
   * The server's count for this tab's user after a read made here (the read's response or a list fetched after it,
   * never a local decrement that could race the server's push): shown here and posted to the user's other tabs.
   */
  readHere(unread: number): void {
    const next = Math.max(0, unread);
    this.value.set(next);
    const userId = this.session.user()?.id;
    if (userId) this.channel?.postMessage({ userId, unread: next });
  }

  start(): void {
    if (this.controller) return;
    this.controller = new AbortController();
    void this.connect(this.controller);
  }

  /** Stops the stream (sign-out): the count is forgotten, so the next user of the tab never sees it. */
  stop(): void {
    this.controller?.abort();
    this.controller = null;
    if (this.timer) clearTimeout(this.timer);
    this.live.set(false);
    this.value.set(0);
  }

  private async connect(controller: AbortController): Promise<void> {
    try {
      const res = await fetch('/api/notifications/stream', {
        headers: { Accept: 'text/event-stream', Authorization: `Bearer ${this.session.accessToken() ?? ''}` },
        signal: controller.signal,
      });
      if (res.status === 401 && !(await this.session.refresh())) return this.stop();
      if (res.ok && res.body) {
        this.live.set(true);
        this.retryMs = RETRY_MIN_MS;
        await this.read(res.body.getReader());
      }
    } catch {
      // Aborted, or the network dropped: the reconnect below decides.
    }
    this.live.set(false);
    if (controller.signal.aborted || this.controller !== controller) return;
    this.timer = setTimeout(() => void this.connect(controller), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }

  private async read(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const unread = parseUnread(event);
        if (unread !== null) this.value.set(unread);
      }
    }
  }
}

/** The `{ unread }` of one server-sent event's data lines; null for comments and other events. */
export function parseUnread(event: string): number | null {
  const data = event
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trim())
    .join('\n');
  if (!data) return null;
  try {
    const parsed = JSON.parse(data) as { unread?: unknown };
    return typeof parsed.unread === 'number' ? parsed.unread : null;
  } catch {
    return null;
  }
}
