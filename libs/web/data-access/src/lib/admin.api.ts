import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  ApiTokenView,
  CreateApiTokenRequest,
  CreatedApiToken,
  CreatedWebhookSubscription,
  CreateWebhookRequest,
  DeliveryView,
  ImportPreview,
  ImportResult,
  MappingRuleRequest,
  MappingRuleView,
  Page,
  WebhookDeliveryView,
  WebhookSubscriptionView,
} from '@tiendo/contracts';
import type { ReminderSettings } from '@tiendo/domain';
import { firstValueFrom, Observable } from 'rxjs';
import { HttpEvent } from '@angular/common/http';

/** The admin's pages (reminder settings, queues, failed e-mails) and the Ministry Office's register import. */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);

  reminderSettings(): Promise<ReminderSettings> {
    return firstValueFrom(this.http.get<ReminderSettings>('/api/admin/reminder-settings'));
  }
  setReminderSettings(body: ReminderSettings): Promise<ReminderSettings> {
    return firstValueFrom(this.http.put<ReminderSettings>('/api/admin/reminder-settings', body));
  }
  queues(): Promise<Record<string, Record<string, number>>> {
    return firstValueFrom(this.http.get<Record<string, Record<string, number>>>('/api/admin/queues'));
  }
  deliveries(status?: 'failed' | 'pending' | 'delivered'): Promise<DeliveryView[]> {
    return firstValueFrom(this.http.get<DeliveryView[]>(`/api/admin/deliveries${status ? `?status=${status}` : ''}`));
  }
  /** The directory mapping rules, in the order they are read (admins only). */
  mappingRules(): Promise<MappingRuleView[]> {
    return firstValueFrom(this.http.get<MappingRuleView[]>('/api/directory/mapping-rules'));
  }
  createMappingRule(body: MappingRuleRequest): Promise<MappingRuleView> {
    return firstValueFrom(this.http.post<MappingRuleView>('/api/directory/mapping-rules', body));
  }
  updateMappingRule(id: string, body: Partial<MappingRuleRequest>): Promise<MappingRuleView> {
    return firstValueFrom(this.http.patch<MappingRuleView>(`/api/directory/mapping-rules/${id}`, body));
  }
  deleteMappingRule(id: string): Promise<void> {
    return firstValueFrom(this.http.delete<void>(`/api/directory/mapping-rules/${id}`));
  }
  /** Every rule's id in the new order. */
  reorderMappingRules(ids: string[]): Promise<MappingRuleView[]> {
    return firstValueFrom(this.http.put<MappingRuleView[]>('/api/directory/mapping-rules/order', { ids }));
  }
  retryDelivery(id: string): Promise<{ status: 'pending' }> {
    return firstValueFrom(this.http.post<{ status: 'pending' }>(`/api/admin/deliveries/${id}/retry`, {}));
  }
  /** API tokens of the integrations (GET /api/admin/api-tokens): never a secret. */
  apiTokens(): Promise<ApiTokenView[]> {
    return firstValueFrom(this.http.get<ApiTokenView[]>('/api/admin/api-tokens'));
  }
  /** Creates a token; the answer's `token` is its secret, shown this once. */
  createApiToken(body: CreateApiTokenRequest): Promise<CreatedApiToken> {
    return firstValueFrom(this.http.post<CreatedApiToken>('/api/admin/api-tokens', body));
  }
  revokeApiToken(id: string): Promise<ApiTokenView> {
    return firstValueFrom(this.http.post<ApiTokenView>(`/api/admin/api-tokens/${id}/revoke`, {}));
  }
  /** Webhook subscriptions (GET /api/admin/webhooks): never a secret. */
  webhooks(): Promise<WebhookSubscriptionView[]> {
    return firstValueFrom(this.http.get<WebhookSubscriptionView[]>('/api/admin/webhooks'));
  }
  /** Subscribes; the answer's `secret` (the signing key) is shown this once. */
  createWebhook(body: CreateWebhookRequest): Promise<CreatedWebhookSubscription> {
    return firstValueFrom(this.http.post<CreatedWebhookSubscription>('/api/admin/webhooks', body));
  }
  disableWebhook(id: string): Promise<WebhookSubscriptionView> {
    return firstValueFrom(this.http.post<WebhookSubscriptionView>(`/api/admin/webhooks/${id}/disable`, {}));
  }
  webhookDeliveries(id: string): Promise<Page<WebhookDeliveryView>> {
    return firstValueFrom(this.http.get<Page<WebhookDeliveryView>>(`/api/admin/webhooks/${id}/deliveries`));
  }
  resendWebhookDelivery(deliveryId: string): Promise<{ queued: true }> {
    return firstValueFrom(this.http.post<{ queued: true }>(`/api/admin/webhooks/deliveries/${deliveryId}/resend`, {}));
  }
  /**
   * The upload with progress events, so a large register shows how far it has got. `dryRun` answers what the file
   * would do (ImportPreview) and writes nothing; `confirmedDocuments` are the preview's `newDocuments` the user agreed
   * to create; `correctsPast` makes the register's lead-unit and deadline changes hold for past periods too.
   */
  importRegister(file: File, options: { dryRun?: boolean; confirmedDocuments?: string[]; correctsPast?: boolean } = {}): Observable<HttpEvent<ImportResult | ImportPreview>> {
    const body = new FormData();
    if (options.confirmedDocuments) body.append('confirmedDocuments', JSON.stringify(options.confirmedDocuments));
    if (options.correctsPast) body.append('correctsPast', 'true');
    body.append('file', file, file.name);
    return this.http.post<ImportResult | ImportPreview>(`/api/tasks/import${options.dryRun ? '?dryRun=true' : ''}`, body, { reportProgress: true, observe: 'events' });
  }
}
