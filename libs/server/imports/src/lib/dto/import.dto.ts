import { MayBeOmitted, ToBoolean } from '@tiendo/server-core';
import { IsBoolean, IsIn, IsString, MaxLength } from 'class-validator';

/** `GET /api/tasks/import/template?format=xlsx|csv` (xlsx when left out). */
export class TemplateQuery {
  @MayBeOmitted()
  @IsIn(['xlsx', 'csv'])
  format?: 'xlsx' | 'csv';
}

/** `POST /api/tasks/import?dryRun=true`: check the file and answer what it would do; write nothing. */
export class ImportQuery {
  @MayBeOmitted()
  @ToBoolean()
  @IsBoolean()
  dryRun?: boolean;
}

/** The multipart form's text fields beside `file`. */
export class ImportForm {
  /** JSON array of the document numbers the user agreed to create (a dry run's `newDocuments`). */
  @MayBeOmitted()
  @IsString()
  @MaxLength(1_000_000)
  confirmedDocuments?: string;

  /**
   * `true`: the register corrects the past, so a changed lead unit or deadline holds from the task's assignment on
   * and the reports of ended periods change. Left out or `false`: such a change is in force from now, as in the app.
   */
  @MayBeOmitted()
  @ToBoolean()
  @IsBoolean()
  correctsPast?: boolean;
}
