import { ApiProperty } from '@nestjs/swagger';
import type { CreateSavedFilterRequest } from '@tiendo/contracts';
import { Trim } from '@tiendo/server-core';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Body of POST /api/me/saved-filters. */
export class CreateSavedFilterDto implements CreateSavedFilterRequest {
  @ApiProperty({ example: 'Quá hạn của Vụ Bưu chính', maxLength: 100 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ example: 'unit=VBC&status=in_progress_overdue', description: 'The task list\'s query string (GET /api/tasks), without "?"', maxLength: 2000 })
  @Trim()
  @IsString()
  @MaxLength(2000)
  query!: string;
}
