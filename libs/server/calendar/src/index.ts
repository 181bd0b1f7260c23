export * from './lib/holiday.entity';
export * from './lib/holidays.service';
export * from './lib/calendar.module';
