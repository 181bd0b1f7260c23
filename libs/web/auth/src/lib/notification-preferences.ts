import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NOTIFICATION_DELIVERIES, type NotificationDelivery, type NotificationPreferences, TASK_EVENT_KINDS, type TaskEventKind } from '@tiendo/contracts';
import { apiError, FormOutcome, Session, WorkApi } from '@tiendo/web-data-access';
import { TranslocoDirective } from '@tiendo/web-i18n';
import { FormErrorBanner, LoadState } from '@tiendo/web-ui';

/**
 * How I hear of each kind of event on my tasks: a table of kinds × deliveries (in the app, e-mail at once, daily
 * digest, off), one radio group per kind, saved together (`PUT /api/me/notification-preferences`). A user without an
 * e-mail address is told that no e-mail and no digest can be sent, and the two e-mail choices are described by that
 * note: they stay choosable, since the API keeps them and they take effect once an admin adds the address.
 */
@Component({
  selector: 'td-notification-preferences',
  imports: [TranslocoDirective, FormErrorBanner, LoadState],
  template: `
    <section class="card" aria-labelledby="prefs-title" *transloco="let t">
      <h2 id="prefs-title">{{ t('preferences.heading') }}</h2>
      <p class="muted">{{ t('preferences.intro') }}</p>
      @if (!emailAvailable()) { <p class="note no-email" id="prefs-no-email" role="note">{{ t('preferences.noEmail') }}</p> }
      @if (loadError(); as code) {
        <td-load-state state="error" [message]="t('errors.code.' + code)" (retry)="load()" />
      } @else if (chosen(); as c) {
        <form (submit)="$event.preventDefault(); save()">
          <div class="table-wrap">
            <table class="data prefs">
              <caption class="visually-hidden">{{ t('preferences.heading') }}</caption>
              <thead>
                <tr>
                  <th scope="col">{{ t('preferences.kindColumn') }}</th>
                  @for (d of deliveries; track d) { <th scope="col">{{ t('preferences.delivery.' + d) }}</th> }
                </tr>
              </thead>
              <tbody>
                @for (k of kinds; track k) {
                  <tr>
                    <th scope="row" [id]="'pref-' + k">{{ t('preferences.kind.' + k) }}</th>
                    @for (d of deliveries; track d) {
                      <td [attr.data-label]="t('preferences.delivery.' + d)">
                        <input type="radio" [name]="'pref-' + k" [value]="d" [checked]="c[k] === d" (change)="choose(k, d)"
                          [attr.aria-describedby]="!emailAvailable() && byEmail(d) ? 'prefs-no-email' : null"
                          [attr.aria-label]="t('preferences.kind.' + k) + ': ' + t('preferences.delivery.' + d)" />
                      </td>
                    }
                  </tr>
                }
              </tbody>
            </table>
          </div>
          <td-form-error action="preferences" [code]="outcome.error()" />
          @if (outcome.notice(); as n) { <p class="notice" role="status">{{ t(n) }}</p> }
          <div class="actions"><button type="submit" class="btn primary" [disabled]="outcome.busy()">{{ outcome.busy() ? t('common.saving') : t('preferences.save') }}</button></div>
        </form>
      } @else {
        <td-load-state state="loading" />
      }
    </section>
  `,
  styles: `
    .table-wrap { overflow-x: auto; }
    .prefs td { text-align: center; }
    .prefs input { width: 1.2rem; height: 1.2rem; }
    .no-email { background: #fffaeb; border: 1px solid #fedf89; border-radius: 8px; padding: 0.5rem 0.75rem; }
    @media (max-width: 700px) {
      .prefs thead { display: none; }
      .prefs tr { display: block; padding: 0.5rem 0; border-bottom: 1px solid #eaecf0; }
      .prefs th[scope='row'] { display: block; text-align: left; }
      .prefs td { display: inline-flex; flex-direction: column-reverse; align-items: center; gap: 0.15rem; width: 24%; font-size: 0.8rem; border: 0; }
      .prefs td::after { content: attr(data-label); }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotificationPreferencesForm {
  private readonly work = inject(WorkApi);
  private readonly session = inject(Session);
  protected readonly kinds = TASK_EVENT_KINDS;
  protected readonly deliveries = NOTIFICATION_DELIVERIES;
  protected readonly chosen = signal<Record<TaskEventKind, NotificationDelivery> | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly outcome = new FormOutcome();
  /** Whether e-mail can reach the user: the API's word when it gives one (`emailAvailable`), else the user's own address. */
  protected readonly emailAvailable = signal(true);
  protected readonly byEmail = (d: NotificationDelivery) => d === 'email' || d === 'digest';

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loadError.set(null);
    try {
      const prefs = (await this.work.preferences()) as NotificationPreferences & { emailAvailable?: boolean };
      const user = this.session.user();
      this.emailAvailable.set(prefs.emailAvailable ?? (user ? !!user.email : true));
      this.chosen.set(prefs.preferences);
    } catch (err) {
      this.loadError.set(apiError(err).code);
    }
  }

  protected choose(kind: TaskEventKind, delivery: NotificationDelivery): void {
    const c = this.chosen();
    if (c) this.chosen.set({ ...c, [kind]: delivery });
    this.outcome.notice.set(null);
  }

  protected async save(): Promise<void> {
    const c = this.chosen();
    if (!c) return;
    const saved = await this.outcome.run(() => this.work.setPreferences(c), 'preferences.saved');
    if (saved) this.chosen.set(saved.preferences);
  }
}
