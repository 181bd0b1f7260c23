import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { UNIT_KINDS, UnitKind } from '@tiendo/contracts';
import { REPORTING_PERIODICITIES, REPORTING_SCHEDULE_LIMITS, ReportingPeriodicity } from '@tiendo/domain';
import { IsLocalDate, MayBeOmitted, PageQuery, ToInt, Trim } from '@tiendo/server-core';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

const L = REPORTING_SCHEDULE_LIMITS;

/** At most this many reporting units listed by name (beyond that, "every unit of a kind"). */
export const OBLIGATION_MAX_UNITS = 2_000;
/** At most this many figures a report may carry. */
export const OBLIGATION_MAX_FIELDS = 50;

export const DUE_KINDS = ['working_days_after_cutoff', 'days_after_cutoff', 'day_of_month'] as const;
export const OBLIGATION_FIELD_TYPES = ['number', 'text'] as const;

/**
 * When each period's report is due (the domain's `ReportDueRule`): `days` for the two "after the cut-off" kinds
 * (1–90), `day` for `day_of_month` (1–31). A deadline on a day off moves to the next working day.
 */
export class DueRuleDto {
  @ApiProperty({ enum: DUE_KINDS, example: 'working_days_after_cutoff' })
  @IsIn(DUE_KINDS)
  kind!: (typeof DUE_KINDS)[number];

  @ApiPropertyOptional({ minimum: L.dueDays.min, maximum: L.dueDays.max, description: 'Working or calendar days after the cut-off' })
  @ValidateIf((o: DueRuleDto) => o.kind !== 'day_of_month' || o.days !== undefined)
  @IsInt({ message: 'Số ngày sau ngày chốt số liệu phải là số nguyên' })
  @Min(L.dueDays.min)
  @Max(L.dueDays.max)
  days?: number;

  @ApiPropertyOptional({ minimum: L.dueDayOfMonth.min, maximum: L.dueDayOfMonth.max, description: 'Day of the month (day_of_month)' })
  @ValidateIf((o: DueRuleDto) => o.kind === 'day_of_month' || o.day !== undefined)
  @IsInt({ message: 'Ngày trong tháng phải là số nguyên' })
  @Min(L.dueDayOfMonth.min)
  @Max(L.dueDayOfMonth.max)
  day?: number;
}

/** A unit that must report, by code, and the day from which it does (a unit added mid-year reports from then on). */
export class ReportingUnitDto {
  @ApiProperty({ example: 'STTTT-HN' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  unitCode!: string;

  @ApiPropertyOptional({ example: '2027-03-01', description: 'Reports the periods whose cut-off is on or after this day; defaults to the obligation’s start' })
  @MayBeOmitted()
  @IsLocalDate()
  fromDate?: string;
}

/** One figure a report carries beside its file (e.g. "Số thuê bao di động", a number). */
export class ObligationFieldDto {
  @ApiProperty({ example: 'mobile_subscribers', description: 'Stable key: lower-case letters, digits and "_", starting with a letter' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,39}$/, { message: 'Khoá gồm tối đa 40 ký tự: chữ thường không dấu, chữ số và "_", bắt đầu bằng chữ cái' })
  key!: string;

  @ApiProperty({ example: 'Số thuê bao di động' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  label!: string;

  @ApiProperty({ enum: OBLIGATION_FIELD_TYPES })
  @IsIn(OBLIGATION_FIELD_TYPES)
  type!: (typeof OBLIGATION_FIELD_TYPES)[number];

  @ApiProperty()
  @IsBoolean()
  required!: boolean;
}

/** The parts of an obligation that create and update share; on update each is optional. */
class ObligationBody {
  @ApiProperty({ example: 'Báo cáo tình hình phát triển thuê bao viễn thông hằng tháng' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  name!: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'The source document (văn bản) that sets the obligation' })
  @IsOptional()
  @IsUUID()
  sourceDocumentId?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'Thông tư 05/2020/TT-BTTTT, Điều 4', description: 'Free-text legal basis' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  legalBasis?: string | null;

  @ApiProperty({ enum: REPORTING_PERIODICITIES })
  @IsIn(REPORTING_PERIODICITIES)
  periodicity!: ReportingPeriodicity;

  @ApiPropertyOptional({ nullable: true, minimum: 1, maximum: 31, description: 'Day of the period’s last month its data is cut off; null: the 14th (Decree 09/2019/NĐ-CP art. 12)' })
  @IsOptional()
  @IsInt({ message: 'Ngày chốt số liệu phải là số nguyên' })
  @Min(L.cutOffDay.min, { message: `Ngày chốt số liệu phải từ ${L.cutOffDay.min} đến ${L.cutOffDay.max}` })
  @Max(L.cutOffDay.max, { message: `Ngày chốt số liệu phải từ ${L.cutOffDay.min} đến ${L.cutOffDay.max}` })
  cutOffDay?: number | null;

  @ApiPropertyOptional({ type: DueRuleDto, nullable: true, description: 'null: the first working day after the cut-off (art. 8(5)(b))' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DueRuleDto)
  due?: DueRuleDto | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 60, default: 5, description: 'Working days before the cut-off each unit’s report task is created' })
  @MayBeOmitted()
  @IsInt()
  @Min(L.createWorkingDaysBefore.min)
  @Max(L.createWorkingDaysBefore.max)
  createWorkingDaysBefore?: number;

  @ApiProperty({ example: 'VP', description: 'Code of the unit that receives the reports (e.g. the Ministry Office)' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  receivingUnitCode!: string;

  @ApiPropertyOptional({ type: [ReportingUnitDto], description: 'The units that report, by name (the list replaces the previous one on update)' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(OBLIGATION_MAX_UNITS)
  @ValidateNested({ each: true })
  @Type(() => ReportingUnitDto)
  reportingUnits?: ReportingUnitDto[];

  @ApiPropertyOptional({ enum: UNIT_KINDS, nullable: true, description: 'Every unit of this kind reports too (e.g. provincial_department)' })
  @IsOptional()
  @IsIn(UNIT_KINDS)
  reportingUnitKind?: UnitKind | null;

  @ApiPropertyOptional({ type: [ObligationFieldDto], description: 'Figures each report carries (numbers, text)' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(OBLIGATION_MAX_FIELDS)
  @ValidateNested({ each: true })
  @Type(() => ObligationFieldDto)
  fields?: ObligationFieldDto[];

  @ApiProperty({ example: '2027-01-01', description: 'First day the obligation applies: its first period is the first whose cut-off is on or after it' })
  @IsLocalDate()
  startsOn!: string;
}

export class CreateReportObligationDto extends ObligationBody {
  @ApiProperty({ example: 'BC-THUEBAO', description: 'Unique code (case-insensitive)' })
  @Trim()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$/, { message: 'Mã gồm tối đa 40 ký tự: chữ cái không dấu, chữ số và các dấu "_", ".", "/", "-"' })
  code!: string;
}

/** Every field optional but `version`; null clears a nullable field (back to the decree's default for the schedule). */
export class UpdateReportObligationDto {
  @ApiProperty({ description: 'The version the change is based on (409 VERSION_CONFLICT if it changed since)' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  sourceDocumentId?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  legalBasis?: string | null;

  @ApiPropertyOptional({ enum: REPORTING_PERIODICITIES })
  @MayBeOmitted()
  @IsIn(REPORTING_PERIODICITIES)
  periodicity?: ReportingPeriodicity;

  @ApiPropertyOptional({ nullable: true, minimum: 1, maximum: 31 })
  @IsOptional()
  @IsInt({ message: 'Ngày chốt số liệu phải là số nguyên' })
  @Min(L.cutOffDay.min, { message: `Ngày chốt số liệu phải từ ${L.cutOffDay.min} đến ${L.cutOffDay.max}` })
  @Max(L.cutOffDay.max, { message: `Ngày chốt số liệu phải từ ${L.cutOffDay.min} đến ${L.cutOffDay.max}` })
  cutOffDay?: number | null;

  @ApiPropertyOptional({ type: DueRuleDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => DueRuleDto)
  due?: DueRuleDto | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 60 })
  @MayBeOmitted()
  @IsInt()
  @Min(L.createWorkingDaysBefore.min)
  @Max(L.createWorkingDaysBefore.max)
  createWorkingDaysBefore?: number;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  receivingUnitCode?: string;

  @ApiPropertyOptional({ type: [ReportingUnitDto], description: 'Replaces the list; a unit kept keeps its fromDate unless one is given' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(OBLIGATION_MAX_UNITS)
  @ValidateNested({ each: true })
  @Type(() => ReportingUnitDto)
  reportingUnits?: ReportingUnitDto[];

  @ApiPropertyOptional({ enum: UNIT_KINDS, nullable: true })
  @IsOptional()
  @IsIn(UNIT_KINDS)
  reportingUnitKind?: UnitKind | null;

  @ApiPropertyOptional({ type: [ObligationFieldDto] })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(OBLIGATION_MAX_FIELDS)
  @ValidateNested({ each: true })
  @Type(() => ObligationFieldDto)
  fields?: ObligationFieldDto[];

  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsLocalDate()
  startsOn?: string;
}

/** `POST /:id/end`: the last day the obligation applies. */
export class EndReportObligationDto {
  @ApiProperty({ example: '2027-12-31', description: 'Periods whose cut-off is after this day are not reported; not before startsOn' })
  @IsLocalDate()
  endsOn!: string;
}

export class ListReportObligationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Words of the code or name, tone marks and case optional' })
  @MayBeOmitted()
  @IsString()
  @MaxLength(200)
  q?: string;
}

/** `GET /:id/periods?from=&count=`. */
export class ObligationPeriodsQuery {
  @ApiPropertyOptional({ example: '2026-11-20', description: 'Periods whose cut-off is on or after this day; defaults to today (Hanoi)' })
  @MayBeOmitted()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 36, default: 6 })
  @MayBeOmitted()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(36)
  count?: number;
}

/**
 * `POST /:id/requests`: an ad hoc report asked of every reporting unit (báo cáo đột xuất, Decree 09/2019/NĐ-CP
 * art. 8(5)(c)). The data window is `start`–`end` (`end` alone: the figures as of that day); the due date defaults to
 * the obligation's due rule counted from `end`.
 */
export class AdHocReportRequestDto {
  @ApiProperty({ example: 'Báo cáo nhanh tình hình khắc phục hậu quả bão số 3', description: 'What the period is called on the board and in the units’ tasks' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'Nhập tên kỳ báo cáo đột xuất' })
  @MaxLength(200, { message: 'Tên kỳ báo cáo tối đa 200 ký tự' })
  label!: string;

  @ApiPropertyOptional({ example: '2026-11-01', description: 'First day of the data; defaults to `end` (the figures as of the cut-off)' })
  @MayBeOmitted()
  @IsLocalDate()
  start?: string;

  @ApiProperty({ example: '2026-11-27', description: 'The cut-off: last day of the data' })
  @IsLocalDate()
  end!: string;

  @ApiPropertyOptional({
    example: '2026-12-02',
    description:
      'The due date; defaults to the obligation’s due rule from `end` (the first working day after it by default). A day off moves to the next working day (Civil Code art. 148(5)). At least one working day after `end` (art. 8(5)(b)) unless `shortDeadline`; not before the first day of the current month',
  })
  @MayBeOmitted()
  @IsLocalDate()
  deadline?: string;

  @ApiPropertyOptional({ default: false, description: 'Waive art. 8(5)(b)’s working day after the cut-off: the due date may be the cut-off day itself or any day after it' })
  @MayBeOmitted()
  @IsBoolean()
  shortDeadline?: boolean;

  @ApiPropertyOptional({ description: 'Why, or the letter that asks (shown in the history)', maxLength: 1000 })
  @MayBeOmitted()
  @Trim()
  @IsString()
  @MaxLength(1000)
  note?: string;
}
