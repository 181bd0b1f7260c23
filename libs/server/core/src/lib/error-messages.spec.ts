import { ERROR_CODES } from '@tiendo/contracts';
import { ArgumentMetadata } from '@nestjs/common';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsNotEmpty, IsNumber, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import { ApiError, refuse } from './api-error';
import { ERROR_ENTRIES, errorMessage, VIETNAMESE_LETTER } from './error-messages';
import { createValidationPipe, IsLocalDate, vietnameseRuleMessage } from './validation';

const ROOT = resolve(__dirname, '../../../../..');

describe('the messages of errors', () => {
  it('every code of the contract list has a Vietnamese message and a status', () => {
    for (const code of ERROR_CODES) {
      expect({ code, vietnamese: VIETNAMESE_LETTER.test(errorMessage(code)) }).toEqual({ code, vietnamese: true });
      expect(ERROR_ENTRIES[code].status).toBeGreaterThanOrEqual(400);
    }
    expect(Object.keys(ERROR_ENTRIES).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('refuse(code) answers the rule’s own code, or its family with the rule on the field', () => {
    const own = refuse('DEADLINE_BEFORE_ASSIGNMENT', { field: 'deadline' });
    expect({ status: own.getStatus(), code: own.code, message: own.message, errors: own.fieldErrors }).toEqual({
      status: 422,
      code: 'DEADLINE_BEFORE_ASSIGNMENT',
      message: 'Hạn xử lý không được trước ngày giao',
      errors: [{ field: 'deadline', rule: 'DEADLINE_BEFORE_ASSIGNMENT', message: 'Hạn xử lý không được trước ngày giao' }],
    });
    const family = refuse('UNKNOWN_UNIT', { field: 'unitCode', params: { code: 'VBC' } });
    expect({ status: family.getStatus(), code: family.code, errors: family.fieldErrors }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'unitCode', rule: 'UNKNOWN_UNIT', message: 'Không có đơn vị mã VBC' }],
    });
  });

  it('class-validator’s English becomes Vietnamese, the rule and its limit kept', async () => {
    class Every {
      @IsNotEmpty() @IsString() @MaxLength(5) @MinLength(3) text!: string;
      @IsInt() @Min(0) @Max(100) percent!: number;
      @IsNumber() number!: number;
      @IsIn(['low', 'high']) priority!: string;
      @IsBoolean() flag!: boolean;
      @IsUUID() id!: string;
      @IsEmail() email!: string;
      @IsArray() @ArrayMaxSize(2) @ArrayUnique() @IsString({ each: true }) @MaxLength(3, { each: true }) list!: string[];
      @Matches(/^\d+$/) digits!: string;
      @IsLocalDate() day!: string;
    }
    const bad = { text: 'dài quá mức', percent: 101, number: 'x', priority: 'x', flag: 'x', id: 'x', email: 'x', list: ['abcd', 'abcd', 'abcd'], digits: 'x', day: '2026-02-30', extra: 1 };
    const pipe = createValidationPipe();
    const error = await pipe.transform(bad, { type: 'body', metatype: Every } as ArgumentMetadata).catch((e: ApiError) => e);
    expect(error).toBeInstanceOf(ApiError);
    const errors = (error as ApiError).fieldErrors ?? [];
    expect(errors.filter((e) => !VIETNAMESE_LETTER.test(e.message))).toEqual([]);
    const by = Object.fromEntries(errors.map((e) => [`${e.field}.${e.rule}`, e.message]));
    expect(by).toMatchObject({
      'text.maxLength': 'Không được dài quá 5 ký tự',
      'percent.max': 'Không được lớn hơn 100',
      'priority.isIn': 'Phải là một trong các giá trị: low, high',
      'list.arrayMaxSize': 'Không được chọn quá 2 mục',
      'list.maxLength': 'Không được dài quá 3 ký tự',
      'day.isLocalDate': 'Phải là một ngày có thật trong khoảng 01/01/1900 – 31/12/2999, viết theo dạng YYYY-MM-DD',
      'extra.whitelistValidation': 'Trường này không được phép gửi',
    });
    expect(vietnameseRuleMessage('someFutureRule', 'value must be something')).toBe('Giá trị không hợp lệ');
    expect(vietnameseRuleMessage('matches', 'Mã chỉ gồm chữ cái')).toBe('Mã chỉ gồm chữ cái');
  });

  /**
   * Every message written at a throw site of the API is read by someone: it must be Vietnamese. Read from the sources
   * (TypeScript's parser), so a new English message fails here before a user sees it: `message:` in any object
   * (field errors, DTO decorators' options), a `message` parameter's default, and the message argument of the helpers
   * and of `new ApiError`.
   */
  it('no message written in the API’s sources is English', () => {
    const MESSAGE_ARGUMENT: Record<string, number> = { invalidState: 0, forbidden: 0, duplicate: 1, validationFailed: 1, ApiError: 2 };
    // Read at start-up by whoever runs the server (a missing JWT_SECRET), never answered to a request.
    const OPERATOR_ONLY = new Set(['libs/server/core/src/lib/app-config.ts']);
    const files = [...sources(join(ROOT, 'libs/server')), ...sources(join(ROOT, 'apps/api/src'))].filter((f) => !OPERATOR_ONLY.has(relative(ROOT, f)));
    expect(files.length).toBeGreaterThan(50);
    const english: string[] = [];
    for (const file of files) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const check = (node: ts.Node | undefined) => {
        if (!node) return;
        const text = literalText(node);
        if (text !== null && /[a-z]{3,}/i.test(text) && !VIETNAMESE_LETTER.test(text)) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart());
          english.push(`${relative(ROOT, file)}:${line + 1} ${text}`);
        }
      };
      const visit = (node: ts.Node): void => {
        if (ts.isPropertyAssignment(node) && node.name.getText() === 'message') check(node.initializer);
        if (ts.isParameter(node) && node.name.getText() === 'message') check(node.initializer);
        if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && ts.isIdentifier(node.expression)) {
          const at = MESSAGE_ARGUMENT[node.expression.text];
          if (at !== undefined) check(node.arguments?.[at]);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(english).toEqual([]);
  });
});

/** The words of a string literal or template (its fixed parts), or null for anything computed. */
function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  return null;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'testing' || name === 'migrations' ? [] : sources(path);
    return name.endsWith('.ts') && !/\.(spec|int-spec)\.ts$/.test(name) ? [path] : [];
  });
}
