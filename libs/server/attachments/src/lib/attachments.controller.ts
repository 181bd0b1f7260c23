import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { AttachmentView } from '@tiendo/contracts';
import { Actor, ApiAnswer, CurrentActor, Roles, UuidParamPipe, validationFailed } from '@tiendo/server-core';
import type { FastifyReply as Response } from 'fastify';
import { AttachmentUpload, ReceivedFile } from './attachment-upload.interceptor';
import { EvidenceRuleRow } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { ListAttachmentsQuery, SetEvidenceRuleDto } from './dto/attachments.dto';
import { sendStoredFile } from './file-name';

@ApiTags('attachments')
@ApiBearerAuth()
@Controller('tasks/:id/attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /**
   * Attach a file (multipart field `file`) to the task → 201 AttachmentView `{ id, name, size, contentType, sha256 }`.
   * Limits (AppConfig): ATTACHMENT_MAX_MB (413 ATTACHMENT_TOO_LARGE), ATTACHMENTS_PER_TASK (422
   * ATTACHMENT_LIMIT_REACHED), ATTACHMENT_TYPES checked by content (422 ATTACHMENT_TYPE_NOT_ALLOWED). 400 no file or a
   * bad name; 404 task outside scope; 403 closed task and not its manager.
   */
  @ApiAnswer('AttachmentView', { summary: 'Đính kèm tệp vào nhiệm vụ', status: 201, errors: [403, 422, 503] })
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(AttachmentUpload)
  upload(
    @Param('id', UuidParamPipe) id: string,
    @UploadedFile() file: ReceivedFile | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<AttachmentView> {
    if (!file) throw validationFailed([{ field: 'file', rule: 'isNotEmpty', message: 'Gửi tệp đính kèm trong trường "file" của biểu mẫu multipart' }]);
    return this.attachments.upload(id, file, actor);
  }

  /** The task's files, oldest first (admins: `?includeDeleted=true` adds restorable ones). 404 outside scope. */
  @ApiAnswer.list('AttachmentView', { summary: 'Các tệp đính kèm của nhiệm vụ' })
  @Get()
  list(@Param('id', UuidParamPipe) id: string, @Query() q: ListAttachmentsQuery, @CurrentActor() actor: Actor): Promise<AttachmentView[]> {
    return this.attachments.list(id, actor, q.includeDeleted === true);
  }

  /**
   * The file's bytes, always as a download (`Content-Disposition: attachment` with the Vietnamese name per RFC 5987
   * and an ASCII fallback), `X-Content-Type-Options: nosniff` and a sandboxing CSP, so no uploaded content runs in
   * the product's origin. 404 for a missing or deleted file or a task outside scope.
   */
  @ApiAnswer.file(['application/octet-stream'], { summary: 'Tải tệp đính kèm', errors: [503] })
  @Get(':attachmentId')
  async download(
    @Param('id', UuidParamPipe) id: string,
    @Param('attachmentId', UuidParamPipe) attachmentId: string,
    @CurrentActor() actor: Actor,
    @Res() res: Response,
  ): Promise<void> {
    const { file, bytes } = await this.attachments.open(id, attachmentId, actor);
    await sendStoredFile(res, file, bytes);
  }

  /** Delete (restorable by an admin for 30 days): the uploader while the task is open, its manager, an admin. 204; 403; 404. */
  @ApiAnswer.empty({ summary: 'Xoá tệp đính kèm (khôi phục được trong 30 ngày)', errors: [403, 422] })
  @Delete(':attachmentId')
  @HttpCode(204)
  remove(@Param('id', UuidParamPipe) id: string, @Param('attachmentId', UuidParamPipe) attachmentId: string, @CurrentActor() actor: Actor): Promise<void> {
    return this.attachments.remove(id, attachmentId, actor);
  }

  /** Admins restore a file deleted within 30 days → 200 AttachmentView. 422 ATTACHMENT_NOT_DELETED, ATTACHMENT_RESTORE_EXPIRED. */
  @ApiAnswer('AttachmentView', { summary: 'Khôi phục tệp đính kèm đã xoá', errors: [422] })
  @Post(':attachmentId/restore')
  @HttpCode(200)
  @Roles('admin')
  restore(@Param('id', UuidParamPipe) id: string, @Param('attachmentId', UuidParamPipe) attachmentId: string, @CurrentActor() actor: Actor): Promise<AttachmentView> {
    return this.attachments.restore(id, attachmentId, actor);
  }
}

@ApiTags('attachments')
@ApiBearerAuth()
@Controller('admin/completion-evidence')
@Roles('admin')
export class CompletionEvidenceController {
  constructor(private readonly attachments: AttachmentsService) {}

  /** Every rule set: per unit (by code) and per source document type. */
  @ApiAnswer.list('EvidenceRuleView', { summary: 'Quy tắc bắt buộc tệp minh chứng khi hoàn thành' })
  @Get()
  list(): Promise<EvidenceRuleRow[]> {
    return this.attachments.evidenceRules();
  }

  /** Sets whether reporting completion needs a file, for a unit or a document type → 200 every rule. 400 EVIDENCE_RULE_TARGET, UNKNOWN_UNIT. */
  @ApiAnswer.list('EvidenceRuleView', { summary: 'Đặt quy tắc bắt buộc tệp minh chứng' })
  @Put()
  set(@Body() dto: SetEvidenceRuleDto, @CurrentActor() actor: Actor): Promise<EvidenceRuleRow[]> {
    return this.attachments.setEvidenceRule({ unitCode: dto.unitCode, documentType: dto.documentType }, dto.requireFile, actor);
  }
}
