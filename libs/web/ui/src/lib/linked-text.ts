import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** One piece of a plain text: words, a web address, or an @username mention. */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string } | { kind: 'mention'; text: string; username: string };

// http(s) addresses only: javascript:, data: and the like stay text. A trailing full stop or bracket is the sentence's.
const LINK = /\bhttps?:\/\/[^\s<>"]+/giu;
const MENTION = /(^|[^\p{L}\p{N}_.@])@([\p{L}\p{N}_.-]*[\p{L}\p{N}_])/gu;
const TRAILING = /[.,;:!?)\]}'"»”]+$/u;

/**
 * Splits a user's plain text into words, web addresses and mentions, so a template shows it with interpolation
 * only (never innerHTML): whatever the text holds, it is drawn as text.
 */
export function textParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  const push = (kind: 'text', from: number, to: number) => {
    if (to > from) parts.push({ kind, text: text.slice(from, to) });
  };
  const marks: Array<{ at: number; end: number; part: TextPart }> = [];
  for (const m of text.matchAll(LINK)) {
    const raw = m[0].replace(TRAILING, '');
    marks.push({ at: m.index ?? 0, end: (m.index ?? 0) + raw.length, part: { kind: 'link', text: raw, href: raw } });
  }
  for (const m of text.matchAll(MENTION)) {
    const at = (m.index ?? 0) + m[1].length;
    const end = at + 1 + m[2].length;
    if (marks.some((k) => at < k.end && end > k.at)) continue;
    marks.push({ at, end, part: { kind: 'mention', text: `@${m[2]}`, username: m[2] } });
  }
  marks.sort((a, b) => a.at - b.at);
  for (const k of marks) {
    push('text', last, k.at);
    parts.push(k.part);
    last = k.end;
  }
  push('text', last, text.length);
  return parts;
}

/** A user's plain text with its web addresses as links (opening in a new tab) and its mentions marked. */
@Component({
  selector: 'td-linked-text',
  template: `@for (p of parts(); track $index) {@switch (p.kind) {@case ('link') {<a [href]="$any(p).href" target="_blank" rel="noopener noreferrer nofollow">{{ p.text }}</a>}@case ('mention') {<span class="mention">{{ p.text }}</span>}@default {{{ p.text }}}}}`,
  styles: `:host { white-space: pre-wrap; overflow-wrap: anywhere; } .mention { color: #175cd3; font-weight: 600; } a { overflow-wrap: anywhere; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LinkedText {
  readonly text = input.required<string>();
  protected readonly parts = computed(() => textParts(this.text()));
}
