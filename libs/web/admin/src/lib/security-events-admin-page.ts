import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { FieldError, Page, SECURITY_EVENT_KINDS, SecurityEventQuery, SecurityEventView } from '@tiendo/contracts';
import { apiError, fieldErrors, SecurityEventsApi } from '@tiendo/web-data-access';
import { DateTimePipe, TranslocoDirective } from '@tiendo/web-i18n';
import { FieldErrorText, FilterPanel, FocusFirstErrorOnSubmit, LoadState, Pager } from '@tiendo/web-ui';
import { DateField } from '@tiendo/web-ui/dates';
import { map } from 'rxjs';
import { SECURITY_EVENTS_PAGE_SIZE, securityFiltersFromParams, securityParamsFromFilters } from './security-events-url';

/** Detail fields shown in the list, in this order; the rest of an event's detail stays in the API's answer. */
const DETAIL_FIELDS = ['route', 'username', 'method', 'reason', 'source', 'from', 'to', 'role', 'unit', 'active', 'passwordReset', 'signInMethod', 'remaining'] as const;
/** The objects the access policy names in a refusal (RefusedObject on the server). */
const OBJECT_KINDS = ['task', 'user', 'unit', 'report_obligation'] as const;

/**
 * The security events log: sign-ins and sign-outs, refusals (by role, on an object, outside the scope), account and
 * e-mail changes; who, what, when (Vietnam's time) and from which address. Filters (user, kind, days) live in the URL.
 */
@Component({
  selector: 'td-security-events-admin-page',
  imports: [ReactiveFormsModule, DateField, TranslocoDirective, DateTimePipe, FieldErrorText, LoadState, Pager, FilterPanel, FocusFirstErrorOnSubmit],
  templateUrl: './security-events-admin-page.html',
  styles: `
    .detail { margin: 0; padding: 0; list-style: none; font-size: 0.9em; }
    .detail li { overflow-wrap: anywhere; }
    .count { margin: 0.75rem 0 0.5rem; }
    .table-wrap { overflow-x: auto; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SecurityEventsAdminPage {
  private readonly api = inject(SecurityEventsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly filters = toSignal(this.route.queryParamMap.pipe(map(securityFiltersFromParams)), { requireSync: true });
  protected readonly data = signal<Page<SecurityEventView> | null>(null);
  /** Filters in use, for the folded filter panel's label on a phone. */
  protected readonly activeFilters = computed(() => {
    const f = this.filters();
    return [f.user, f.kind, f.from, f.to].filter(Boolean).length;
  });
  protected readonly error = signal<string | null>(null);
  /** The filters' problems, beside their fields: found here before asking (a reversed range), or the API's answer. */
  protected readonly filterErrors = signal<Record<string, FieldError[]>>({});
  protected readonly kinds = SECURITY_EVENT_KINDS;
  protected readonly pageSize = SECURITY_EVENTS_PAGE_SIZE;

  protected readonly form = new FormGroup({
    user: new FormControl('', { nonNullable: true }),
    kind: new FormControl('', { nonNullable: true }),
    from: new FormControl('', { nonNullable: true }),
    to: new FormControl('', { nonNullable: true }),
  });

  constructor() {
    // The URL is the one source of the list: a filter change navigates, and the navigation loads.
    effect(() => {
      const filters = this.filters();
      untracked(() => {
        this.form.setValue({ user: filters.user ?? '', kind: filters.kind ?? '', from: filters.from ?? '', to: filters.to ?? '' }, { emitEvent: false });
        void this.load(filters);
      });
    });
  }

  protected async load(filters: SecurityEventQuery = this.filters()): Promise<void> {
    this.error.set(null);
    this.filterErrors.set({});
    try {
      this.data.set(await this.api.list(filters));
    } catch (err) {
      const body = apiError(err);
      // A filter the API refused (a URL typed or shared by hand): its rule beside its field, not only a banner.
      if (body.errors?.length) this.filterErrors.set(fieldErrors(body));
      this.error.set(body.code);
    }
  }

  protected apply(): void {
    // A typed text that is not a day (the date field's validator) blocks the filter: the URL keeps the last valid
    // one, the field's error stays and focus goes to it (tdFocusFirstError).
    const v = this.form.getRawValue();
    // ISO dates (yyyy-MM-dd) compare as text; the API refuses the same range with the same rule. Checked first: the
    // "Đến ngày" field's own limit (min = from) makes the form invalid for the same reason.
    const iso = /^\d{4}-\d{2}-\d{2}$/;
    if (iso.test(v.from) && iso.test(v.to) && v.to < v.from) {
      this.filterErrors.set({ to: [{ field: 'to', rule: 'DAY_RANGE_REVERSED', message: '' }] });
      return;
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    void this.navigate({ user: v.user.trim(), kind: v.kind, from: v.from, to: v.to });
  }

  protected reset(): void {
    void this.navigate({});
  }

  protected goTo(page: number): void {
    void this.navigate({ ...this.filters(), page });
  }

  /** Whether the catalogues name this kind; a kind this screen does not know yet is shown by its name. */
  protected knownKind(kind: string): boolean {
    return (SECURITY_EVENT_KINDS as readonly string[]).includes(kind);
  }

  /**
   * What an event concerns, as catalogue keys and values: the object refused (task, user, unit and its id), the user
   * concerned, then the other recorded fields (route, the username tried, masked addresses, role…).
   */
  protected details(e: SecurityEventView): Array<{ key: string; value: string }> {
    const d = e.detail;
    const out: Array<{ key: string; value: string }> = [];
    if (typeof d['kind'] === 'string' && typeof d['id'] === 'string' && (OBJECT_KINDS as readonly string[]).includes(d['kind'])) {
      out.push({ key: `securityEvent.objectKind.${d['kind']}`, value: d['id'] });
    }
    if (typeof d['userId'] === 'string') out.push({ key: 'securityEvent.subject', value: d['userId'] });
    for (const field of DETAIL_FIELDS) {
      const value = d[field];
      if (value === undefined || value === null) continue;
      out.push({ key: `securityEvent.field.${field}`, value: typeof value === 'object' ? JSON.stringify(value) : String(value) });
    }
    return out;
  }

  private navigate(filters: SecurityEventQuery): Promise<boolean> {
    return this.router.navigate([], { relativeTo: this.route, queryParams: securityParamsFromFilters(filters) });
  }
}
