import { Injectable, PipeTransform } from '@nestjs/common';
import { notFound } from './api-error';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id names nothing that exists: 404, as for an unknown one. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID_RE.test(value)) throw notFound();
    return value.toLowerCase();
  }
}
