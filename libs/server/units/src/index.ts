export * from './lib/unit.entity';
export * from './lib/dto/unit.dto';
export * from './lib/units.service';
export * from './lib/units.module';
