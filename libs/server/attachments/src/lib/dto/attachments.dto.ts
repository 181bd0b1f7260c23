import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DOCUMENT_TYPES, type DocumentType } from '@tiendo/contracts';
import { MayBeOmitted, ToBoolean } from '@tiendo/server-core';
import { IsBoolean, IsIn, IsString, MaxLength } from 'class-validator';

/** `GET /api/tasks/:id/attachments?includeDeleted=true`: admins also see deleted files they may restore. */
export class ListAttachmentsQuery {
  @ApiPropertyOptional({ description: 'Admins: include deleted files still restorable (30 days)' })
  @MayBeOmitted()
  @ToBoolean()
  @IsBoolean()
  includeDeleted?: boolean;
}

/** `PUT /api/admin/completion-evidence`: one of unitCode and documentType, and whether a completion needs a file. */
export class SetEvidenceRuleDto {
  @ApiPropertyOptional({ example: 'VBC', description: 'Tasks led by this unit (its own setting wins over the document type’s)' })
  @MayBeOmitted()
  @IsString()
  @MaxLength(32)
  unitCode?: string;

  @ApiPropertyOptional({ enum: DOCUMENT_TYPES, description: 'Tasks assigned from this type of source document' })
  @MayBeOmitted()
  @IsIn(DOCUMENT_TYPES)
  documentType?: DocumentType;

  @ApiProperty({ description: 'Reporting completion needs at least one file' })
  @IsBoolean()
  requireFile!: boolean;
}
