import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { OrganisationSettings } from '@tiendo/contracts';
import { Actor, ApiAnswer, CurrentActor, Public, Roles } from '@tiendo/server-core';
import { OrganisationSettingsDto } from './organisation-settings.dto';
import { OrganisationSettingsService } from './organisation-settings.service';

/** The organisation's name and heading for documents and screens (OrganisationSettingsService). */
@ApiTags('settings')
@Controller('settings/organisation')
export class OrganisationSettingsController {
  constructor(private readonly organisation: OrganisationSettingsService) {}

  /** Public: the sign-in page names the organisation before anyone signs in; nothing in it is confidential. */
  @ApiAnswer('OrganisationSettings', { summary: 'Thông tin cơ quan (tên, địa danh)' })
  @Get()
  @Public()
  get(): Promise<OrganisationSettings> {
    return this.organisation.get();
  }

  /** Admins only; 400 with field messages for a bad value, nothing stored. */
  @ApiAnswer('OrganisationSettings', { summary: 'Sửa thông tin cơ quan' })
  @Put()
  @ApiBearerAuth()
  @Roles('admin')
  set(@CurrentActor() actor: Actor, @Body() dto: OrganisationSettingsDto): Promise<OrganisationSettings> {
    return this.organisation.set({ ...dto }, actor.id);
  }
}
