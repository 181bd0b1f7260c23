import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig, Clock, CoreModule } from '@tiendo/server-core';
import { dataSourceOptions } from '@tiendo/server-database';

/**
 * The background process: a Nest application context (no HTTP) that will run the BullMQ processors of the
 * server feature libraries. It shares the API's configuration and database; the API never depends on it.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config, clock), TypeOrmModule.forRoot({ ...dataSourceOptions(config.DATABASE_URL), autoLoadEntities: true })],
    };
  }
}
