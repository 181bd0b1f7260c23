import { Injector, runInInjectionContext, signal } from '@angular/core';
import type { UserView } from '@tiendo/contracts';
import { Session } from './session';
import { UnreadCount } from './unread-count';

/** The browser's BroadcastChannel, in memory: a message posted by one instance reaches the others of its name. */
class MemoryChannel extends EventTarget {
  static readonly open = new Set<MemoryChannel>();
  constructor(readonly name: string) {
    super();
    MemoryChannel.open.add(this);
  }
  postMessage(data: unknown): void {
    for (const other of MemoryChannel.open) {
      if (other !== this && other.name === this.name) other.dispatchEvent(Object.assign(new Event('message'), { data }));
    }
  }
  close(): void {
    MemoryChannel.open.delete(this);
  }
}

/** One tab: its own session (sign-in is per tab) and its own UnreadCount, sharing the browser's channel. */
function tab(userId: string, unread: number): UnreadCount {
  const user = signal({ id: userId } as UserView);
  const injector = Injector.create({ providers: [{ provide: Session, useValue: { user } }, UnreadCount] });
  const count = runInInjectionContext(injector, () => injector.get(UnreadCount));
  count.value.set(unread);
  return count;
}

describe('the bell shared between tabs', () => {
  const original = (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel;
  beforeAll(() => ((globalThis as { BroadcastChannel?: unknown }).BroadcastChannel = MemoryChannel));
  afterAll(() => ((globalThis as { BroadcastChannel?: unknown }).BroadcastChannel = original));
  afterEach(() => MemoryChannel.open.clear());

  it("never shows another user's count: tab B signed in as someone else keeps its own", () => {
    const a = tab('vanphong', 31);
    const b = tab('vutruong.vbc', 12);
    a.readHere(30);
    expect(a.value()).toBe(30);
    expect(b.value()).toBe(12);
  });

  it("follows a read made in another tab of the same user, with the server's count", () => {
    const a = tab('vanphong', 31);
    const a2 = tab('vanphong', 31);
    a.readHere(29);
    expect(a2.value()).toBe(29);
  });

  it('ignores messages that do not say whose count it is', () => {
    const b = tab('vutruong.vbc', 12);
    new MemoryChannel('tiendo-unread').postMessage({ unread: 3 });
    expect(b.value()).toBe(12);
  });
});
