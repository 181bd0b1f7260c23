import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { dayOfWeek, HOLIDAY_YEARS, HolidayChange, isLocalDate, PublicHoliday } from '@tiendo/domain';
import { ApiAnswer, IsLocalDate, notFound, Roles, ToInt, Trim } from '@tiendo/server-core';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { HolidaysService } from './holidays.service';

class HolidayDto {
  @ApiProperty({ example: '2026-09-02' })
  @IsLocalDate()
  date!: string;

  @ApiProperty({ example: 'Quốc khánh' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name!: string;
}

/** A Saturday or Sunday worked in exchange for a weekday off (ngày làm bù). */
class WorkingDayDto {
  @ApiProperty({ example: '2025-02-08', description: 'a Saturday or a Sunday, YYYY-MM-DD' })
  @IsLocalDate()
  @ValidateBy({
    name: 'isWeekendDay',
    validator: { validate: (v: unknown) => isLocalDate(v) && [0, 6].includes(dayOfWeek(v)) },
  }, { message: 'Ngày làm bù phải là thứ Bảy hoặc Chủ nhật' })
  date!: string;

  @ApiProperty({ example: 'Làm bù cho thứ Hai 27/01/2025 (nghỉ Tết)' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name!: string;
}

class HolidayQuery {
  /** A year whose holidays the law's rules are modelled for (2000-2199): any other would answer an empty list. */
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(HOLIDAY_YEARS.first)
  @Max(HOLIDAY_YEARS.last)
  year?: number;
}

@ApiTags('holidays')
@ApiBearerAuth()
@Controller('holidays')
export class HolidaysController {
  constructor(private readonly holidays: HolidaysService) {}

  /**
   * The days off of a year (default: the current year in Asia/Ho_Chi_Minh): Vietnam's public holidays and
   * compensatory days by law (Labour Code 2019 art. 111-112; Tết and Hùng Kings' day from the lunar calendar at
   * UTC+7), with the admin's changes applied. `[{ date: 'YYYY-MM-DD', name }]` by date. 400 for a year that is not a whole
   * number from 2000 to 2199 (HOLIDAY_YEARS), rule `min`/`max`/`isInt` on `year`.
   */
  @ApiAnswer.list('PublicHoliday', { summary: 'Ngày nghỉ lễ trong năm' })
  @Get()
  list(@Query() query: HolidayQuery): Promise<PublicHoliday[]> {
    return this.holidays.list(query.year);
  }

  /**
   * The admin's changes on top of the law (all years, or one): `[{ date, name, kind: 'day_off' | 'working_day' }]`.
   * `working_day` on a weekday cancels a law's day; on a Saturday or Sunday it is a make-up working day.
   */
  @ApiAnswer.list('HolidayChange', { summary: 'Các thay đổi lịch nghỉ đã nhập' })
  @Get('changes')
  changes(@Query() query: HolidayQuery): Promise<HolidayChange[]> {
    return this.holidays.changes(query.year);
  }

  /** Makes a day a day off (admin). 201 with the day; 400 bad input; 409 HOLIDAY_TAKEN when it already is. */
  @ApiAnswer('PublicHoliday', { summary: 'Thêm ngày nghỉ', status: 201, errors: [409] })
  @Post()
  @Roles('admin')
  add(@Body() dto: HolidayDto): Promise<PublicHoliday> {
    return this.holidays.add({ date: dto.date, name: dto.name });
  }

  /**
   * A day off stops being one (admin): an added day is deleted, a law's day is recorded as worked. 204; 404 when
   * the day is not a day off.
   */
  @ApiAnswer.empty({ summary: 'Bỏ ngày nghỉ đã thêm' })
  @Delete(':date')
  @Roles('admin')
  @HttpCode(204)
  remove(@Param('date') date: string): Promise<void> {
    if (!isLocalDate(date)) throw notFound('Holiday');
    return this.holidays.remove(date);
  }

  /** Makes a Saturday or Sunday a working day (admin). 201; 400 for another weekday; 409 when that date has a change. */
  @ApiAnswer('PublicHoliday', { summary: 'Thêm ngày làm việc bù', status: 201, errors: [409] })
  @Post('working-days')
  @Roles('admin')
  addWorkingDay(@Body() dto: WorkingDayDto): Promise<PublicHoliday> {
    return this.holidays.addWorkingDay({ date: dto.date, name: dto.name });
  }

  /** Undoes a make-up working day (admin). 204; 404 when the date is not one. */
  @ApiAnswer.empty({ summary: 'Bỏ ngày làm việc bù' })
  @Delete('working-days/:date')
  @Roles('admin')
  @HttpCode(204)
  removeWorkingDay(@Param('date') date: string): Promise<void> {
    if (!isLocalDate(date)) throw notFound('Holiday');
    return this.holidays.removeWorkingDay(date);
  }
}
