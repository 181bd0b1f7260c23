import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import type { FieldError } from '@tiendo/contracts';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { isUtf8 } from 'node:buffer';
import { validationFailed } from './api-error';

/**
 * THE text rule: every text that enters the system (request bodies, query strings, path parameters, imported
 * cells) passes through `decideText` and nowhere else.
 *
 * - PostgreSQL's `text` (UTF8 database encoding) cannot hold U+0000 (NUL) at all, and a lone UTF-16 surrogate
 *   (U+D800–U+DFFF without its pair) has no UTF-8 encoding: node-postgres would silently store U+FFFD instead, so
 *   the text would change on its way in. Both are refused, never repaired: the sender must know.
 *   (JavaScript strings cannot hold anything above U+10FFFF, so these two are the whole list.)
 * - Everything else is normalised to Unicode NFC (UAX #15): text typed or pasted on macOS, from some Word and PDF
 *   copies or older Vietnamese keyboards arrives decomposed (NFD: "a" + U+0301), looks the same, and would never
 *   be found by a normally typed search. NFC once, at the door, makes one spelling of every text in the database.
 */
export type TextRefusalRule = 'noNulCharacter' | 'noLoneSurrogate';

/**
 * The rule for bytes that are not UTF-8 at all (a JSON body or a query string sent in Windows-1258 or Latin-1, or
 * cut mid-character): the parsers would quietly turn them into U+FFFD and the text would be stored changed, so they
 * are refused like the two above, naming the field where it can be found.
 */
export const INVALID_UTF8_RULE = 'invalidUtf8';
const INVALID_UTF8_MESSAGE = 'Văn bản không phải UTF-8 (có byte không giải mã được), không thể lưu đúng; hãy gửi lại bằng UTF-8';

export type TextDecision =
  | { ok: true; text: string }
  | {
      ok: false;
      /** Stable machine name of the rule broken (the `rule` of a field error). */
      rule: TextRefusalRule;
      /** Vietnamese, for the field error's message. */
      message: string;
      /** Position (UTF-16 code unit, 0-based) of the first offending character. */
      index: number;
    };

const MESSAGES: Record<TextRefusalRule, string> = {
  noNulCharacter: 'Văn bản chứa ký tự NUL (U+0000), không thể lưu; hãy xoá ký tự này và gửi lại',
  noLoneSurrogate: 'Văn bản chứa ký tự Unicode hỏng (nửa cặp thay thế U+D800–U+DFFF), không thể lưu; hãy gõ lại đoạn này',
};

/**
 * Decides one text: refused (which rule, where) or accepted as its NFC form.
 *
 * @param raw any JavaScript string, as received (JSON, form field, URL, spreadsheet cell)
 * @returns `{ ok: true, text }` with `text` in NFC, or `{ ok: false, rule, message, index }` for a NUL
 *          (`noNulCharacter`) or a lone surrogate (`noLoneSurrogate`), the first one found.
 */
export function decideText(raw: string): TextDecision {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0) return refuse('noNulCharacter', i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < raw.length ? raw.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++; // a well-formed pair: one character outside the Basic Multilingual Plane
        continue;
      }
      return refuse('noLoneSurrogate', i);
    }
  }
  return { ok: true, text: raw.normalize('NFC') };
}

function refuse(rule: TextRefusalRule, index: number): TextDecision {
  return { ok: false, rule, message: MESSAGES[rule], index };
}

/**
 * Applies `decideText` to every string inside a parsed value (JSON body, query object, path parameters), keys
 * included, without changing `value`: it returns a new value with every string in NFC, or the field
 * errors naming each refused string by its path (`title`, `coordinatingUnitIds[2]`, `unit`, `filters.q`).
 *
 * Non-string leaves (numbers, booleans, null, Buffers of uploaded files) are returned as they are. Iterative, so a
 * hostile depth cannot overflow the stack (depth is limited elsewhere).
 *
 * @param value the parsed input
 * @param prefix path of `value` itself ('' for a whole body or query)
 */
export function decideInputTexts(value: unknown, prefix = ''): { value: unknown; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const decideString = (s: string, path: string): string => {
    const d = decideText(s);
    if (d.ok) return d.text;
    errors.push({ field: path || '(value)', rule: d.rule, message: d.message });
    return s;
  };
  const child = (path: string, key: string | number) =>
    typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

  const walk = (root: unknown, rootPath: string): unknown => {
    if (typeof root === 'string') return decideString(root, rootPath);
    if (!isPlainContainer(root)) return root;
    const out: Record<string, unknown> | unknown[] = Array.isArray(root) ? [] : {};
    const stack: Array<{ source: unknown; target: Record<string, unknown> | unknown[]; path: string }> = [
      { source: root, target: out, path: rootPath },
    ];
    while (stack.length > 0) {
      const { source, target, path } = stack.pop() as (typeof stack)[number];
      const entries: Array<[string | number, unknown]> = Array.isArray(source)
        ? source.map((v, i) => [i, v] as [number, unknown])
        : Object.entries(source as Record<string, unknown>);
      for (const [rawKey, v] of entries) {
        const key = typeof rawKey === 'string' ? decideString(rawKey, child(path, rawKey)) : rawKey;
        const p = child(path, rawKey);
        let next: unknown = v;
        if (typeof v === 'string') next = decideString(v, p);
        else if (isPlainContainer(v)) {
          next = Array.isArray(v) ? [] : {};
          stack.push({ source: v, target: next as Record<string, unknown> | unknown[], path: p });
        }
        // defineProperty, not assignment: a JSON key "__proto__" stays a plain own key (no prototype pollution)
        Object.defineProperty(target, key, { value: next, enumerable: true, writable: true, configurable: true });
      }
    }
    return out;
  };
  const result = walk(value, prefix);
  return { value: result, errors };
}

function isPlainContainer(v: unknown): v is object {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Fastify `preValidation` hook: the text rule on the parsed body (JSON or URL-encoded) and the query string of every
 * request, before the route's guards and handler, public ones included (a NUL in the sign-in body never reaches the
 * sign-in throttle's SQL).
 * Refused text: 400 VALIDATION_FAILED naming each field (`title`, `coordinatingUnitIds[2]`, `q`, or `path` for a
 * path that is not UTF-8), nothing done.
 * Accepted text continues in NFC. Multipart fields (parsed later, by the route's interceptor) and path parameters
 * (named only once a route matched) are decided by `InputTextPipe`. Runs after the body parsers (body-parsers.ts).
 */
export function decideRequestTexts(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const url = request.raw.url ?? request.url;
  const errors: FieldError[] = [...invalidUtf8InPath(url), ...invalidUtf8InQuery(url)];
  const invalidBody = (request as FastifyRequest & { [INVALID_UTF8_BODY]?: boolean | FieldError[] })[INVALID_UTF8_BODY];
  if (invalidBody) errors.push(...(invalidBody === true ? invalidUtf8InBody(request.body) : invalidBody));
  if (request.body !== undefined && request.body !== null) {
    const body = decideInputTexts(request.body);
    errors.push(...body.errors);
    request.body = body.value;
  }
  // Fastify's query parser makes objects of a prototype of its own: a plain copy, so that the rule walks into it.
  const query = decideInputTexts({ ...(request.query as object) });
  errors.push(...query.errors);
  request.query = query.value;
  done(errors.length ? validationFailed(errors) : undefined);
}

const INVALID_UTF8_BODY = Symbol('tiendo:invalid-utf8-body');

/**
 * Called by the body parsers (body-parsers.ts) with a body's bytes before decoding: notes a body whose bytes are not
 * UTF-8, which the decoder would turn into U+FFFD in place of the bad bytes; `decideRequestTexts` then refuses it
 * (400). A form body's values are percent-encoded: their decoded bytes must be UTF-8 too (`title=h%FFng`), or the
 * parser would keep the value undecoded, as literal text.
 */
export function noteInvalidUtf8Body(request: object, body: Buffer, form: boolean): void {
  const note = request as { [INVALID_UTF8_BODY]?: boolean | FieldError[] };
  if (!isUtf8(body)) note[INVALID_UTF8_BODY] = true;
  else if (form) {
    const errors = invalidUtf8InQuery(`?${body.toString('latin1')}`);
    if (errors.length) note[INVALID_UTF8_BODY] = errors;
  }
}

/** The fields of a body that was not UTF-8: those holding U+FFFD (where the decoder put the bad bytes), else the body. */
function invalidUtf8InBody(body: unknown): FieldError[] {
  const fields: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') {
      if (v.includes('\uFFFD')) fields.push(path || '(body)');
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (isPlainContainer(v)) for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(body, '');
  return (fields.length ? fields : ['(body)']).map((field) => ({ field, rule: INVALID_UTF8_RULE, message: INVALID_UTF8_MESSAGE }));
}

/**
 * A path whose percent-encoded bytes are not UTF-8 (`/api/tasks/%FF`, `/api/tasks/%ED%A0%80`): field `path`, rule
 * invalidUtf8, for every route (a parameter is named only once a route matched, and the router cannot decode it to
 * match one). Checked here, before routing, for routes unknown and public too.
 */
export function invalidUtf8InPath(url: string): FieldError[] {
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  if (!path.includes('%') && !/[\u0080-\u00ff]/.test(path)) return [];
  // (percentDecodedBytes reads `+` as a space: harmless here, where only whether the bytes are UTF-8 is asked)
  return isUtf8(percentDecodedBytes(path)) ? [] : [{ field: 'path', rule: INVALID_UTF8_RULE, message: INVALID_UTF8_MESSAGE }];
}

/**
 * The parameters of a raw query string whose percent-encoded bytes are not UTF-8 (`?q=%FF`), named by their key.
 * A query parser would decode them to U+FFFD, so `q=%FF` would search for the replacement character.
 */
export function invalidUtf8InQuery(url: string): FieldError[] {
  const at = url.indexOf('?');
  if (at < 0) return [];
  const errors: FieldError[] = [];
  for (const part of url.slice(at + 1).split('&')) {
    if (!part.includes('%') && !/[\u0080-\u00ff]/.test(part)) continue;
    const eq = part.indexOf('=');
    const [rawKey, rawValue] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    if (!isUtf8(percentDecodedBytes(rawKey)) || !isUtf8(percentDecodedBytes(rawValue))) {
      const key = new TextDecoder().decode(percentDecodedBytes(rawKey)).replace(/\[.*$/, '') || '(query)';
      errors.push({ field: key, rule: INVALID_UTF8_RULE, message: INVALID_UTF8_MESSAGE });
    }
  }
  return errors;
}

/**
 * The text rule on a query string that arrives as a value (a saved filter's `query`), as `decideRequestTexts` applies
 * it to the request's own: bytes that are not UTF-8 (`q=%FF`, `q=%ED%A0%80`), then each decoded key and value
 * (`unit=%00`), named `<field>.<key>` (`query.unit`). Returns the decoded pairs in NFC, in order, or the field errors.
 *
 * @param query the query string without its "?"
 * @param field the name of the field that holds it (`query`)
 */
export function decideQueryString(query: string, field: string): { params: Array<[string, string]>; errors: FieldError[] } {
  const errors: FieldError[] = invalidUtf8InQuery(`?${query}`).map((e) => ({ ...e, field: e.field === '(query)' ? field : `${field}.${e.field}` }));
  if (errors.length) return { params: [], errors };
  const params: Array<[string, string]> = [];
  for (const [rawKey, rawValue] of new URLSearchParams(query)) {
    const key = decideText(rawKey);
    const value = decideText(rawValue);
    const name = `${field}.${key.ok ? key.text : rawKey}`;
    for (const d of [key, value]) if (!d.ok) errors.push({ field: name, rule: d.rule, message: d.message });
    if (key.ok && value.ok) params.push([key.text, value.text]);
  }
  return { params: errors.length ? [] : params, errors };
}

/**
 * Characters a file name may not hold (attachments, imported registers): C0 and C1 controls (tab included), and the
 * direction-changing marks (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) that make "hoa-don" + U+202E +
 * "fdp.exe" display as "hoa-donexe.pdf". Refused as ATTACHMENT_NAME_INVALID (field `file`), never repaired.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const FILE_NAME_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/;

/**
 * True for the multipart parser's (busboy's) refusal of a part header holding a control character other than a tab:
 * a NUL or U+0001 in the file name never reaches the route, the parser stops at "Malformed part header". Browsers
 * write well-formed headers, so the name is what is wrong: the upload interceptors answer it as the file name's
 * refusal (ATTACHMENT_NAME_INVALID), like a tab or U+202E in the name, not as a malformed form.
 */
export function isControlCharacterInPartHeader(err: unknown): boolean {
  return err instanceof Error && /malformed part header/i.test(err.message);
}

/** The bytes a URL component stands for: `%XX` as that byte, `+` as a space, any other character as its own byte(s). */
function percentDecodedBytes(component: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < component.length; i++) {
    const c = component.charCodeAt(i);
    if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(component.slice(i + 1, i + 3))) {
      bytes.push(parseInt(component.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === 0x2b) bytes.push(0x20);
    else if (c < 0x100) bytes.push(c); // the request line arrives as Latin-1: a raw byte is one character
    else bytes.push(...Buffer.from(component[i], 'utf8'));
  }
  return Buffer.from(bytes);
}

/**
 * Global pipe, first of the pipes: the text rule on each path parameter (named by its route name: `id`, `code`),
 * and again on bodies and queries, which covers multipart fields parsed after `decideRequestTexts` ran (for JSON
 * and queries it finds nothing left to do). 400 VALIDATION_FAILED as above; accepted text in NFC.
 */
@Injectable()
export class InputTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'param' && metadata.type !== 'body' && metadata.type !== 'query') return value;
    const decided = decideInputTexts(value, metadata.data ?? '');
    if (decided.errors.length) throw validationFailed(decided.errors);
    return decided.value;
  }
}
