import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { SavedFilterView } from '@tiendo/contracts';
import { Actor, ApiAnswer, CurrentActor, UuidParamPipe } from '@tiendo/server-core';
import { CreateSavedFilterDto } from './saved-filter.dto';
import { SavedFiltersService } from './saved-filters.service';

/** The signed-in user's own named filters of the task list; nobody reads or deletes another's. */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('me/saved-filters')
export class SavedFiltersController {
  constructor(private readonly filters: SavedFiltersService) {}

  /** The caller's filters, by name. */
  @ApiAnswer.list('SavedFilterView', { summary: 'Các bộ lọc đã lưu của tôi' })
  @Get()
  list(@CurrentActor() actor: Actor): Promise<SavedFilterView[]> {
    return this.filters.list(actor.id);
  }

  /** 201 with the filter; 400 (name 1–100 characters, SAVED_FILTER_INVALID on `query`), 409 SAVED_FILTER_NAME_TAKEN. */
  @ApiAnswer('SavedFilterView', { summary: 'Lưu bộ lọc', status: 201, errors: [409] })
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSavedFilterDto): Promise<SavedFilterView> {
    return this.filters.create(actor.id, dto);
  }

  /** 204; 404 for an unknown id or another user's filter. */
  @ApiAnswer.empty({ summary: 'Xoá bộ lọc đã lưu' })
  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.filters.remove(actor.id, id);
  }
}
