import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parse as parseForm } from 'node:querystring';
import { noteInvalidUtf8Body } from './input-text';

/**
 * A refusal of a body parser, shaped as the filter reads it (all-exceptions.filter.ts): `status` 4xx and `type`.
 * `entity.parse.failed` is answered "not valid JSON", `media.unsupported` "send JSON"; the others by their status's
 * code.
 */
export class BodyParseError extends Error {
  constructor(
    readonly status: number,
    readonly type: 'entity.parse.failed' | 'charset.unsupported' | 'parameters.too.many' | 'media.unsupported',
  ) {
    super(type);
  }
}

/** Most parameters a form body may hold (what the Express parser allowed before); more is 413. */
const FORM_PARAMETER_LIMIT = 1000;

/**
 * The API's body parsers on Fastify, in place of its defaults: JSON (`application/json`, objects and arrays only, an
 * empty body read as `{}`) and URL-encoded forms (flat keys), each at most `bodyLimit` bytes (413 before any parsing
 * work) and in UTF-8 (another charset: 415). Bytes that are not UTF-8 are noted for the text rule
 * (`noteInvalidUtf8Body`), which refuses them with the field named, never decoded to U+FFFD silently. A body of any
 * other type (text/plain, XML) is refused 415 `UNSUPPORTED_MEDIA_TYPE` saying to send JSON, rather than read as
 * nothing and answered with every required field "missing"; a request without a body is not refused for its
 * Content-Type. Multipart is left to @fastify/multipart, read by the route's interceptor.
 *
 * @param bodyLimit bytes
 */
export function addBodyParsers(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!utf8Charset(request)) return done(new BodyParseError(415, 'charset.unsupported'), undefined);
    noteInvalidUtf8Body(request, bytes, false);
    const text = bytes.toString('utf8');
    if (text.trim() === '') return done(null, {});
    // Strict, as before: a body is an object or an array (a bare string or number is not a request).
    const first = /^[\s\uFEFF]*(.)/.exec(text)?.[1];
    if (first !== '{' && first !== '[') return done(new BodyParseError(400, 'entity.parse.failed'), undefined);
    try {
      done(null, JSON.parse(text.replace(/^\uFEFF/, '')));
    } catch {
      done(new BodyParseError(400, 'entity.parse.failed'), undefined);
    }
  });
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!utf8Charset(request)) return done(new BodyParseError(415, 'charset.unsupported'), undefined);
    noteInvalidUtf8Body(request, bytes, true);
    const text = bytes.toString('utf8');
    if ((text.match(/&/g)?.length ?? 0) >= FORM_PARAMETER_LIMIT) return done(new BodyParseError(413, 'parameters.too.many'), undefined);
    // A plain object (querystring's has no prototype), as the text rule and validation expect.
    done(null, {
      ...parseForm(text, '&', '=', { maxKeys: FORM_PARAMETER_LIMIT }),
    });
  });
  // Any other type: a body is refused (415) unread; none (a stray Content-Type on a body-less POST) is no body.
  fastify.addContentTypeParser('*', (request, payload, done) => {
    payload.resume();
    const length = Number(request.headers['content-length'] ?? 0);
    const hasBody = length > 0 || request.headers['transfer-encoding'] !== undefined;
    done(hasBody ? new BodyParseError(415, 'media.unsupported') : null, undefined);
  });
}

/** Whether the request's charset, if it names one, is UTF-8. */
function utf8Charset(request: FastifyRequest): boolean {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(String(request.headers['content-type'] ?? ''))?.[1];
  return charset === undefined || /^utf-?8$/i.test(charset);
}
