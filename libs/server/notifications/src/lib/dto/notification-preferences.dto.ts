import { ApiProperty } from '@nestjs/swagger';
import type { NotificationDelivery, NotificationPreferences, TaskEventKind } from '@tiendo/contracts';
import { IsObject } from 'class-validator';

/**
 * `PUT /api/me/notification-preferences`: `{ preferences: { assigned: 'email', comment_added: 'digest', … } }`.
 * Keys and values are checked by NotificationPreferencesService.set (each bad one named as `preferences.<kind>`).
 */
export class NotificationPreferencesDto implements Pick<NotificationPreferences, 'preferences'> {
  @ApiProperty({ description: "Event kind → 'in_app' | 'email' | 'digest' | 'off'; kinds left out keep their value", type: 'object', additionalProperties: { type: 'string' } })
  @IsObject()
  preferences!: Record<TaskEventKind, NotificationDelivery>;
}
