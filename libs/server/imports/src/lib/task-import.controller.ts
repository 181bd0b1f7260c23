/// <reference types="multer" />
import { Controller, Get, HttpStatus, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { Actor, ApiError, CurrentActor, MayBeOmitted, Roles } from '@tiendo/server-core';
import { IsIn } from 'class-validator';
import type { Response } from 'express';
import { registerTemplate } from './register-file';
import { ImportResult, TaskImportService } from './task-import.service';

/** Registers larger than this are refused with 413 before anything is read (about 50,000 rows). */
export const MAX_REGISTER_BYTES = 5 * 1024 * 1024;

class TemplateQuery {
  @MayBeOmitted()
  @IsIn(['xlsx', 'csv'])
  format?: 'xlsx' | 'csv';
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks/import')
export class TaskImportController {
  constructor(private readonly imports: TaskImportService) {}

  /** Import a register (.xlsx or UTF-8 .csv): every bad cell is listed and nothing is written, or all of it is. */
  @Post()
  @Roles('admin', 'leader', 'monitor')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_REGISTER_BYTES, files: 1, fields: 5 } }))
  import(@CurrentActor() actor: Actor, @UploadedFile() file: Express.Multer.File | undefined): Promise<ImportResult> {
    if (!file) throw new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Send the register as the multipart field "file"', [{ field: 'file', message: 'required' }]);
    return this.imports.import(file.buffer, file.originalname, actor);
  }

  /** The template: the header row and one example line. */
  @Get('template')
  async template(@Query() q: TemplateQuery, @Res() res: Response): Promise<void> {
    const format = q.format ?? 'xlsx';
    const body = await registerTemplate(format);
    res
      .status(200)
      .setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .setHeader('Content-Disposition', `attachment; filename="mau-so-theo-doi-nhiem-vu.${format}"`)
      .send(body);
  }
}
