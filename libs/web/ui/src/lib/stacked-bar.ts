import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { DisplayLanguage, formatCount, formatPercent, percentOf } from '@tiendo/domain';
import { NavLinks, routeUrl } from './nav-links';

/** The colours of the four categories, shared by every bar (the dashboard draws its 1,000 unit bars inline). */
export const BAR_STYLES = `
  .bar { display: flex; height: 1.25rem; border-radius: 4px; overflow: hidden; background: #f2f4f7; }
  .seg { display: block; min-width: 3px; }
  .seg:focus-visible { outline: 3px solid #101828; outline-offset: -3px; }
  .seg.completedOnTime { background: #039855; }
  .seg.completedLate { background: #dc6803; }
  .seg.inProgressOverdue { background: #d92d20; }
  .seg.inProgressOnTrack { background: #1570ef; }
`;

export interface BarSegment {
  key: string;
  count: number;
  percent: number;
  /** What a screen reader says and the tooltip shows, e.g. "Hoàn thành đúng hạn: 59 (61,46%)". */
  label: string;
  link: { path: string; queryParams: Record<string, string> };
}

/** One bar of the four categories; every segment is a link to exactly its tasks, reachable by keyboard. */
@Component({
  selector: 'td-stacked-bar',
  hostDirectives: [NavLinks],
  template: `
    <span class="bar">
      @for (s of shown(); track s.key) {
        <a class="seg" [class]="'seg ' + s.key" [style.flex-grow]="s.count" [href]="s.href" [attr.aria-label]="s.label" [title]="s.label"></a>
      }
    </span>
  `,
  styles: [':host { display: block; }', BAR_STYLES],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StackedBar {
  readonly segments = input.required<BarSegment[]>();
  protected readonly shown = computed(() => withHrefs(this.segments()));
}

/** The four categories in the order the briefing reads them. */
export const BAR_CATEGORIES = ['completedOnTime', 'completedLate', 'inProgressOverdue', 'inProgressOnTrack'] as const;
export type BarCategory = (typeof BAR_CATEGORIES)[number];

/**
 * The segments of one bar from its four counts: percentages of `total` half-up as the reports print them, a label
 * in the reader's language, and a link to exactly the tasks behind each count.
 */
export function categorySegments(
  counts: Record<BarCategory, number>,
  total: number,
  label: (category: BarCategory) => string,
  language: DisplayLanguage,
  link: (category: BarCategory) => BarSegment['link'],
): BarSegment[] {
  return BAR_CATEGORIES.map((key) => {
    const count = counts[key];
    const percent = percentOf(count, total);
    return { key, count, percent, label: `${label(key)}: ${formatCount(count)} (${formatPercent(percent, language)})`, link: link(key) };
  });
}

/** The segments worth drawing (a count of 0 draws nothing), each with its ready URL. */
export function withHrefs(segments: BarSegment[]): Array<BarSegment & { href: string }> {
  return segments.filter((s) => s.count > 0).map((s) => ({ ...s, href: routeUrl(s.link.path, s.link.queryParams) }));
}
