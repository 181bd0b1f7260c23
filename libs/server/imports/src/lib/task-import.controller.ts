import {
  Body,
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  HttpStatus,
  Injectable,
  NestInterceptor,
  Post,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { ImportPreview, ImportResult } from '@tiendo/contracts';
import { Actor, ApiAnswer, ApiError, CurrentActor, decideInputTexts, decideText, FILE_NAME_FORBIDDEN, MultipartRefused, receiveMultipart, refuse, Roles, validationFailed, XLSX_CONTENT_TYPE } from '@tiendo/server-core';
import type { FastifyReply as Response, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { ImportForm, ImportQuery, TemplateQuery } from './dto/import.dto';
import { REGISTER_LIMITS } from './register-columns';
import { registerTemplate } from './register-file';
import { TaskImportService } from './task-import.service';

/** The register as the import receives it: held in memory (at most REGISTER_LIMITS.fileBytes), with the client's name. */
export interface ReceivedRegister {
  /** The name the client gave (multipart `filename`, read as UTF-8). */
  originalname: string;
  buffer: Buffer;
  size: number;
}

const REGISTER_FORM = { fileSize: REGISTER_LIMITS.fileBytes, files: 1, fields: 5, fieldSize: 1_100_000 };

/** Receives the register (multipart field `file`) into memory; the form's refusals answered in Vietnamese with the limit named. */
@Injectable()
class RegisterUpload implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    try {
      const { file, fields } = await receiveMultipart(request, 'file', REGISTER_FORM, async (stream) => {
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        const buffer = Buffer.concat(chunks);
        return { buffer, size: buffer.length };
      });
      // The route's @UploadedFile() (Nest reads `request.file`, over the plugin's method of that name).
      (request as unknown as { file?: ReceivedRegister }).file = file;
      if (request.isMultipart?.()) request.body = fields;
    } catch (err) {
      if (!(err instanceof MultipartRefused)) throw err;
      if (err.reason === 'fileTooLarge') {
        throw new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, 'PAYLOAD_TOO_LARGE', `Tệp lớn hơn ${REGISTER_LIMITS.fileBytes / 1024 / 1024} MB; hãy chia thành nhiều tệp. Chưa ghi gì`, [
          { field: 'file', rule: 'maxFileSize', message: `Tệp tối đa ${REGISTER_LIMITS.fileBytes / 1024 / 1024} MB` },
        ]);
      }
      // A NUL or another control character in the file name: the parser refused the part's header (input-text.ts).
      if (err.reason === 'partHeader') throw refuse('ATTACHMENT_NAME_INVALID', { field: 'file' });
      throw validationFailed([{ field: 'file', rule: 'multipart', message: 'Gửi đúng một tệp trong trường "file" của biểu mẫu multipart' }]);
    }
    return next.handle();
  }
}

function parseConfirmed(text: string | undefined): string[] {
  if (text === undefined) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = null;
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length <= 64)) {
    throw validationFailed([{ field: 'confirmedDocuments', rule: 'isJsonArray', message: 'confirmedDocuments phải là mảng JSON các số văn bản (mỗi số tối đa 64 ký tự)' }]);
  }
  // The JSON's escapes ("\u0000", "\ud800") make text the form field itself did not hold, after InputTextPipe saw
  // it: the text rule again on the decoded numbers (400 naming `confirmedDocuments[i]`), in NFC like every text.
  const decided = decideInputTexts(value, 'confirmedDocuments');
  if (decided.errors.length) throw validationFailed(decided.errors);
  return decided.value as string[];
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks/import')
export class TaskImportController {
  constructor(private readonly imports: TaskImportService) {}

  /**
   * Import a register (.xlsx or UTF-8 .csv, at most 5 MB and 50,000 task rows): every bad cell is listed and nothing
   * is written, or all of it is, in one transaction (201 `{ created, updated }`). `?dryRun=true` answers 200 with what
   * would happen and the source documents that would be created (`newDocuments`), writing nothing; the import
   * creates them only when their numbers come back in the form field `confirmedDocuments` (JSON array). The dry run
   * also lists the existing tasks whose lead unit or deadline the file changes (`leadUnitChanges`, `deadlineChanges`)
   * and says what that does to the past (`correctsPast`, `notice`): in force from now, like the same change in the
   * app, unless the form field `correctsPast=true` makes the register a correction of the past.
   *
   * Errors: 400 no file; 413 PAYLOAD_TOO_LARGE (upload over 5 MB) or IMPORT_TOO_LARGE (rows, unpacked size, compression
   * ratio, files inside the .xlsx); 422 IMPORT_INVALID (bad cells or unreadable file), IMPORT_NEW_DOCUMENTS; 503
   * SERVER_BUSY when several registers wait to be read already.
   */
  @ApiAnswer('ImportAnswer', { summary: 'Nhập sổ theo dõi nhiệm vụ (.xlsx, .csv)', status: 201, errors: [415, 422] })
  @Post()
  @Roles('admin', 'leader', 'monitor')
  @ApiConsumes('multipart/form-data')
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean })
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        file: { type: 'string', format: 'binary' },
        confirmedDocuments: { type: 'string', description: 'JSON array of document numbers to create' },
        correctsPast: { type: 'boolean', description: 'The register corrects the past (lead unit and deadline changes hold from assignment on)' },
      },
    },
  })
  @UseInterceptors(RegisterUpload)
  async import(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: ReceivedRegister | undefined,
    @Query() q: ImportQuery,
    @Body() form: ImportForm,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportResult | ImportPreview> {
    if (!file) throw validationFailed([{ field: 'file', rule: 'isNotEmpty', message: 'Gửi sổ theo dõi trong trường "file" của biểu mẫu multipart' }]);
    // The file-name rule of attachments (FILE_NAME_FORBIDDEN): a control or direction-changing character is refused.
    const name = decideText(file.originalname);
    if (!name.ok || FILE_NAME_FORBIDDEN.test(name.text)) throw refuse('ATTACHMENT_NAME_INVALID', { field: 'file' });
    const result = await this.imports.import(file.buffer, name.text, actor, {
      dryRun: q.dryRun === true,
      confirmedDocuments: parseConfirmed(form?.confirmedDocuments),
      correctsPast: form?.correctsPast === true,
    });
    if (q.dryRun) res.status(HttpStatus.OK);
    return result;
  }

  /** The template: the header row (Vietnamese titles), one example line; the .xlsx also explains each column. */
  @ApiAnswer.file([XLSX_CONTENT_TYPE, 'text/csv'], { summary: 'Tải mẫu sổ theo dõi để nhập' })
  @Get('template')
  async template(@Query() q: TemplateQuery, @Res() res: Response): Promise<void> {
    const format = q.format ?? 'xlsx';
    const body = await registerTemplate(format);
    res
      .status(200)
      .header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', `attachment; filename="mau-so-theo-doi-nhiem-vu.${format}"`)
      .send(body);
  }
}
