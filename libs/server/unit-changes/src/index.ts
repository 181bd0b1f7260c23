export * from './lib/dto/unit-change.dto';
export * from './lib/unit-changes.service';
export * from './lib/unit-changes.module';
