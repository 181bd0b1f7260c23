import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsLocalDate, IsYearMonth, MayBeOmitted } from '@tiendo/server-core';
import { REPORT_PARTS, REPORT_PRESETS, ReportPart, ReportPreset } from '@tiendo/contracts';
import { IsIn, IsNumber, IsString, Max, MaxLength, Min } from 'class-validator';

/**
 * A month (`month=2020-06`), a preset around a month (`preset=quarter&month=2020-05`: April-June 2020; see
 * presetBounds in libs/domain) or a range of days (`from=…&to=…`), optionally one unit and its sub-units or
 * (`scope=oversight`) the units the calling leader oversees.
 */
export class PeriodQuery {
  @ApiPropertyOptional({ enum: REPORT_PRESETS, description: 'With `month`: the month, quarter, half-year, first nine months or year holding it' })
  @MayBeOmitted()
  @IsIn(REPORT_PRESETS)
  preset?: ReportPreset;

  @ApiPropertyOptional({ enum: ['previous-year'], description: 'Also the same period of the previous year (briefing only)' })
  @MayBeOmitted()
  @IsIn(['previous-year'])
  compare?: 'previous-year';

  @ApiPropertyOptional({ enum: ['oversight'], description: "Only the units the calling leader oversees (all units when none)" })
  @MayBeOmitted()
  @IsIn(['oversight'])
  scope?: 'oversight';

  @ApiPropertyOptional({
    enum: REPORT_PARTS,
    description: 'The part of the organisation counted: the headquarters (default without unit or scope), the provincial departments, or all (REPORT_PARTS)',
  })
  @MayBeOmitted()
  @IsIn(REPORT_PARTS)
  part?: ReportPart;

  @ApiPropertyOptional({ example: '2020-06' })
  @MayBeOmitted()
  @IsYearMonth()
  month?: string;

  @ApiPropertyOptional({ example: '2020-06-01' })
  @MayBeOmitted()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ example: '2020-06-30' })
  @MayBeOmitted()
  @IsLocalDate()
  to?: string;

  @ApiPropertyOptional({ description: 'Unit code: that unit and its sub-units' })
  @MayBeOmitted()
  @IsString()
  @MaxLength(32)
  unit?: string;
}

export class TrendQuery {
  @ApiPropertyOptional({ example: '2020-01' })
  @IsYearMonth()
  from!: string;

  @ApiPropertyOptional({ example: '2020-12' })
  @IsYearMonth()
  to!: string;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsString()
  @MaxLength(32)
  unit?: string;

  @ApiPropertyOptional({ enum: ['oversight'] })
  @MayBeOmitted()
  @IsIn(['oversight'])
  scope?: 'oversight';

  @ApiPropertyOptional({
    enum: REPORT_PARTS,
    description: 'The part of the organisation counted: the headquarters (default without unit or scope), the provincial departments, or all (REPORT_PARTS)',
  })
  @MayBeOmitted()
  @IsIn(REPORT_PARTS)
  part?: ReportPart;
}

export class RankingConfigDto {
  @ApiPropertyOptional({ description: 'Points for a task completed on time', example: 100 })
  @IsNumber()
  @Min(0)
  @Max(1000)
  onTime!: number;

  @ApiPropertyOptional({ description: 'Points taken off a late completion per day late', example: 2 })
  @IsNumber()
  @Min(0)
  @Max(1000)
  latePenaltyPerDay!: number;

  @ApiPropertyOptional({ description: 'The fewest points a late completion scores', example: 40 })
  @IsNumber()
  @Min(0)
  @Max(1000)
  lateMinimum!: number;

  @ApiPropertyOptional({ description: 'Points for a task in progress past its deadline', example: 0 })
  @IsNumber()
  @Min(0)
  @Max(1000)
  overdue!: number;

  @ApiPropertyOptional({ description: "A coordinating unit's share of the lead unit's points and weight", example: 0.3 })
  @IsNumber()
  @Min(0)
  @Max(1)
  coordinatingShare!: number;
}
