import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { NotificationPreferences } from '@tiendo/contracts';
import { Actor, ApiAnswer, CurrentActor } from '@tiendo/server-core';
import { NotificationPreferencesDto } from './dto/notification-preferences.dto';
import { NotificationPreferencesService } from './notification-preferences.service';

/** The signed-in user's own choice, per kind of task event, of how its notifications reach them. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me/notification-preferences')
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  /** Every event kind with the user's delivery ('in_app' | 'email' | 'digest' | 'off'), defaults included. */
  @ApiAnswer('NotificationPreferences', { summary: 'Cài đặt nhận thông báo theo loại sự kiện' })
  @Get()
  get(@CurrentActor() actor: Actor): Promise<NotificationPreferences> {
    return this.preferences.get(actor.id);
  }

  /** Sets the kinds given; 400 (VALIDATION_FAILED, field `preferences.<kind>`) for an unknown kind or delivery. */
  @ApiAnswer('NotificationPreferences', { summary: 'Sửa cài đặt nhận thông báo theo loại sự kiện' })
  @Put()
  set(@CurrentActor() actor: Actor, @Body() dto: NotificationPreferencesDto): Promise<NotificationPreferences> {
    return this.preferences.set(actor.id, dto.preferences as Record<string, unknown>);
  }
}
