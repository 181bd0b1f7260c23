import { Body, Controller, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { IncomingDocumentResult } from '@tiendo/contracts';
import { DocumentUpload, ReceivedFile } from '@tiendo/server-attachments';
import { Actor, ApiAnswer, answerSchema, CurrentActor, Roles, TokenScope, validationFailed } from '@tiendo/server-core';
import type { FastifyReply as Response } from 'fastify';
import { IncomingDocumentDto } from './dto/incoming-document.dto';
import { DocumentsService } from './documents.service';

/** Shown in the OpenAPI document under the tag "documents". */
export const DOCUMENTS_DOC = `The e-office system's hand-off (giao việc): multipart/form-data with number, type, issuer, date (YYYY-MM-DD,
Asia/Ho_Chi_Minh), title, tasks (JSON text: [{ title, description?, leadUnitCode, coordinatingUnitCodes?, deadline?,
priority?, isKeyTask? }]) and the document's file. For an API token with the scope documents:create (every task's
lead unit within the token's units, else 403 API_TOKEN_UNIT), or an admin. Idempotent by number and issuer (any case):
the same request again answers 200 with the first answer (the same ids); a different content under the same number
and issuer is 409 DOCUMENT_CONFLICT. Tasks are assigned today, by the same rules as a person's assignment, linked to
the document (sourceDocument on the task page); the history names the token. 400 field errors (tasks.<i>.<field>),
in Vietnamese; nothing is written on any refusal.`;

@ApiTags('documents')
@ApiBearerAuth()
@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** Receives a document and its tasks: 201 the first time, 200 with the same body for the same request again. */
  @Post()
  @Roles('admin')
  @TokenScope('documents:create')
  @ApiConsumes('multipart/form-data')
  @ApiAnswer('IncomingDocumentResult', { summary: 'Nhận văn bản và các nhiệm vụ văn bản giao (từ hệ thống quản lý văn bản)', description: DOCUMENTS_DOC, status: 201, errors: [409, 413, 415, 422] })
  @ApiOkResponse({ description: 'The same request again (same number and issuer, same content): the first answer, nothing written', content: { 'application/json': { schema: answerSchema('IncomingDocumentResult', 'one') } } })
  @UseInterceptors(DocumentUpload)
  async receive(
    @CurrentActor() actor: Actor,
    @Body() dto: IncomingDocumentDto,
    @UploadedFile() file: ReceivedFile | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IncomingDocumentResult> {
    if (!file) throw validationFailed([{ field: 'file', rule: 'isNotEmpty', message: 'Gửi tệp văn bản trong trường "file" của biểu mẫu multipart' }]);
    const { created, result } = await this.documents.receive(dto, file, actor);
    res.status(created ? 201 : 200);
    return result;
  }
}
