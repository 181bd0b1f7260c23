import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import type { DeliveryView } from '@tiendo/contracts';
import { AdminApi, apiError } from '@tiendo/web-data-access';
import { DateTimePipe, TranslocoDirective } from '@tiendo/web-i18n';
import { FormErrorBanner, LoadState } from '@tiendo/web-ui';

/** The reminder queues' counts (Redis) and the e-mails that failed for good, each with its reason and a retry. */
@Component({
  selector: 'td-queues-admin-page',
  imports: [TranslocoDirective, DateTimePipe, LoadState, FormErrorBanner],
  templateUrl: './queues-admin-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class QueuesAdminPage {
  private readonly admin = inject(AdminApi);
  protected readonly queues = signal<Array<{ name: string; counts: Array<[string, number]> }> | null>(null);
  protected readonly queueError = signal<string | null>(null);
  protected readonly failed = signal<DeliveryView[] | null>(null);
  protected readonly failedError = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  /** A retry the API refused: said above the list, which stays. */
  protected readonly retryError = signal<string | null>(null);

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.queueError.set(null);
    this.failedError.set(null);
    // The queues live in Redis and may be down while PostgreSQL's failed deliveries still read fine.
    await Promise.all([
      this.admin.queues().then(
        (q) => this.queues.set(Object.entries(q).map(([name, counts]) => ({ name, counts: Object.entries(counts) }))),
        (err) => this.queueError.set(apiError(err).code),
      ),
      this.admin.deliveries('failed').then(
        (d) => this.failed.set(d),
        (err) => this.failedError.set(apiError(err).code),
      ),
    ]);
  }

  protected async retry(d: DeliveryView): Promise<void> {
    this.retryError.set(null);
    this.notice.set(null);
    try {
      await this.admin.retryDelivery(d.id);
      this.notice.set('admin.retried');
      await this.load();
    } catch (err) {
      this.retryError.set(apiError(err).code);
    }
  }
}
