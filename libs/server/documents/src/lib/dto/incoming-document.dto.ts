import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DOCUMENT_TYPES, type DocumentHandOffTask, type DocumentType, TASK_PRIORITIES, type TaskPriority } from '@tiendo/contracts';
import { IsLocalDate, MayBeOmitted, Trim } from '@tiendo/server-core';
import { plainToInstance, Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** At most this many tasks per document. */
export const MAX_TASKS_PER_DOCUMENT = 100;

/** One task the document assigns. */
export class DocumentTaskDto implements DocumentHandOffTask {
  @ApiProperty({ example: 'Xây dựng kế hoạch chuyển đổi số năm 2027', maxLength: 500 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title!: string;

  @ApiPropertyOptional({ maxLength: 10_000 })
  @MayBeOmitted()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiProperty({ example: 'VBC', description: 'Đơn vị chủ trì: one of the API token’s units or their sub-units' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  leadUnitCode!: string;

  @ApiPropertyOptional({ type: [String], description: 'Đơn vị phối hợp' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  coordinatingUnitCodes?: string[];

  @ApiPropertyOptional({ example: '2027-03-31', nullable: true, description: 'A calendar day (Asia/Ho_Chi_Minh); null or absent for a standing task' })
  @IsOptional()
  @IsLocalDate()
  deadline?: string | null;

  @ApiPropertyOptional({ enum: TASK_PRIORITIES })
  @MayBeOmitted()
  @IsIn(TASK_PRIORITIES)
  priority?: TaskPriority;

  @ApiPropertyOptional()
  @MayBeOmitted()
  @IsBoolean()
  isKeyTask?: boolean;
}

/** The tasks field arrives as JSON text in the form; anything that is not JSON stays text and fails `IsArray`. */
const parseTasks = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.map((t) => (t !== null && typeof t === 'object' ? plainToInstance(DocumentTaskDto, t) : t)) : parsed;
  } catch {
    return value;
  }
};

/**
 * POST /api/documents, multipart/form-data: these fields and the document's `file`. Types (DOCUMENT_TYPES): directive
 * (chỉ thị), resolution (nghị quyết), official_letter (công văn), decision (quyết định), conclusion (kết luận),
 * plan (kế hoạch), other.
 */
export class IncomingDocumentDto {
  @ApiProperty({ example: '15/CT-BTTTT', maxLength: 64, description: 'Số, ký hiệu văn bản; with `issuer`, the idempotency key' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  number!: string;

  @ApiProperty({ enum: DOCUMENT_TYPES, example: 'directive' })
  @IsIn(DOCUMENT_TYPES)
  type!: DocumentType;

  @ApiProperty({ example: 'Bộ Thông tin và Truyền thông', maxLength: 255, description: 'Cơ quan ban hành' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  issuer!: string;

  @ApiProperty({ example: '2026-11-18', description: 'Ngày ban hành: a calendar day (Asia/Ho_Chi_Minh)' })
  @IsLocalDate()
  date!: string;

  @ApiProperty({ example: 'Chỉ thị về đẩy mạnh chuyển đổi số', maxLength: 500, description: 'Trích yếu' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title!: string;

  @ApiProperty({ type: 'string', description: `JSON: an array of 1–${MAX_TASKS_PER_DOCUMENT} tasks { title, description?, leadUnitCode, coordinatingUnitCodes?, deadline?, priority?, isKeyTask? }` })
  @Transform(parseTasks)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TASKS_PER_DOCUMENT)
  @ValidateNested({ each: true })
  tasks!: DocumentTaskDto[];
}
