import { Module } from '@nestjs/common';
import { TasksModule } from '@tiendo/server-tasks';
import { WatchersController } from './watchers.controller';
import { WatchersRepository } from './watchers.repository';
import { WatchersService } from './watchers.service';

/** Who follows a task, without HTTP: for the notification dispatcher (API and worker). */
@Module({
  imports: [TasksModule],
  providers: [WatchersService, WatchersRepository],
  exports: [WatchersService],
})
export class WatchersModule {}

/** The watchers endpoints (`/api/tasks/:id/watchers`), for the API. */
@Module({
  imports: [WatchersModule],
  controllers: [WatchersController],
})
export class WatchersApiModule {}
