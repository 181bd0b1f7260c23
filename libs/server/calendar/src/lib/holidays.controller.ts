import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { isLocalDate, PublicHoliday } from '@tiendo/domain';
import { IsLocalDate, notFound, Roles, ToInt, Trim } from '@tiendo/server-core';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
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

class HolidayQuery {
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1900)
  @Max(2999)
  year?: number;
}

@ApiTags('holidays')
@ApiBearerAuth()
@Controller('holidays')
export class HolidaysController {
  constructor(private readonly holidays: HolidaysService) {}

  @Get()
  list(@Query() query: HolidayQuery): Promise<PublicHoliday[]> {
    return this.holidays.list(query.year);
  }

  @Post()
  @Roles('admin')
  add(@Body() dto: HolidayDto): Promise<PublicHoliday> {
    return this.holidays.add({ date: dto.date, name: dto.name });
  }

  @Delete(':date')
  @Roles('admin')
  @HttpCode(204)
  remove(@Param('date') date: string): Promise<void> {
    if (!isLocalDate(date)) throw notFound('Holiday');
    return this.holidays.remove(date);
  }
}
