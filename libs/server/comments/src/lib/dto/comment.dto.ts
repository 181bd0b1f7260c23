import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COMMENT_ATTACHMENTS_MAX as ATTACHMENTS_MAX, COMMENT_MAX_LENGTH, type CreateCommentRequest } from '@tiendo/contracts';
import { MayBeOmitted, PageQuery } from '@tiendo/server-core';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsString, IsUUID, ValidateBy } from 'class-validator';

/**
 * A comment's body: 1–5,000 characters (UTF-16 units, so never more code points than the table's check allows). The
 * contracts' COMMENT_MAX_LENGTH, so the web's comment box stops exactly where the API does.
 */
export const COMMENT_BODY_MAX = COMMENT_MAX_LENGTH;
/** Files shown under one comment, at most (the contracts' COMMENT_ATTACHMENTS_MAX). */
export const COMMENT_ATTACHMENTS_MAX = ATTACHMENTS_MAX;

/**
 * The body's rules past "is text" (`@IsString`, rule isString): not blank (rule `matches`) and at most
 * COMMENT_BODY_MAX characters (rule `maxLength`). Both pass a value that is not text, so a missing or non-string body
 * gets the one error that says so, not three (one of them a length limit it never exceeded).
 */
const BodyNotBlank = () =>
  ValidateBy({ name: 'matches', validator: { validate: (v: unknown) => typeof v !== 'string' || /\S/.test(v), defaultMessage: () => 'Không được để trống' } });
const BodyMaxLength = () =>
  ValidateBy({
    name: 'maxLength',
    validator: { validate: (v: unknown) => typeof v !== 'string' || v.length <= COMMENT_BODY_MAX, defaultMessage: () => `Không được dài quá ${COMMENT_BODY_MAX} ký tự` },
  });

/**
 * `POST /api/tasks/:id/comments`. The body is plain text stored as typed (after the text rule: NFC, no NUL, no lone
 * surrogate); HTML in it is text, never markup. A body of spaces only is refused as empty.
 */
export class CreateCommentDto implements CreateCommentRequest {
  @ApiProperty({ example: 'Đề nghị @nguyen.van.a gửi dự thảo trước 15/12; xem https://mic.gov.vn', maxLength: COMMENT_BODY_MAX })
  @IsString()
  @BodyNotBlank()
  @BodyMaxLength()
  body!: string;

  @ApiPropertyOptional({ type: [String], description: 'Files already uploaded to this task, shown under the comment' })
  @MayBeOmitted()
  @IsArray()
  @ArrayMaxSize(COMMENT_ATTACHMENTS_MAX)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

/** `PATCH /api/tasks/:id/comments/:commentId`: the new body (same rule as a new comment). */
export class EditCommentDto {
  @ApiProperty({ maxLength: COMMENT_BODY_MAX })
  @IsString()
  @BodyNotBlank()
  @BodyMaxLength()
  body!: string;
}

/** `GET /api/tasks/:id/comments?page=&pageSize=&order=`: oldest first unless `order=newest`. */
export class ListCommentsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['oldest', 'newest'], default: 'oldest' })
  @MayBeOmitted()
  @IsIn(['oldest', 'newest'])
  order?: 'oldest' | 'newest';
}
