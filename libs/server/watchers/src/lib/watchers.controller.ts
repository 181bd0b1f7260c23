import { Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { WatchersView } from '@tiendo/contracts';
import { Actor, ApiAnswer, CurrentActor, UuidParamPipe } from '@tiendo/server-core';
import { WatchersService } from './watchers.service';

/** Thin: any signed-in user reaches these routes; whether they may read the task is WatchersService's check (404). */
@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class WatchersController {
  constructor(private readonly watchers: WatchersService) {}

  /** Who follows the task, and whether the caller does. */
  @ApiAnswer('WatchersView', { summary: 'Người theo dõi nhiệm vụ' })
  @Get(':id/watchers')
  list(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<WatchersView> {
    return this.watchers.view(id, actor);
  }

  /** Follow the task (theo dõi); idempotent. */
  @ApiAnswer('WatchersView', { summary: 'Theo dõi nhiệm vụ' })
  @Put(':id/watchers/me')
  follow(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<WatchersView> {
    return this.watchers.follow(id, actor);
  }

  /** Stop following the task (bỏ theo dõi), also as a default follower; idempotent. */
  @ApiAnswer('WatchersView', { summary: 'Thôi theo dõi nhiệm vụ' })
  @Delete(':id/watchers/me')
  unfollow(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<WatchersView> {
    return this.watchers.unfollow(id, actor);
  }
}
