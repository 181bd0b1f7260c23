import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { Clock, SystemClock } from './clock';
import { AppMetrics } from './metrics';

/** Settings, the clock and the process's metrics, available everywhere; tests pass their own settings and clock. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useValue: clock },
        // One registry per application: two apps in one test process count apart.
        { provide: AppMetrics, useValue: new AppMetrics() },
      ],
      exports: [AppConfig, Clock, AppMetrics],
    };
  }
}
