#!/usr/bin/env node
// The API document's response schemas from the contract types the web app uses, never hand-written copies:
// ts-json-schema-generator reads tools/openapi/contract-roots.ts (every export of @tiendo/contracts, a few domain
// types, the page shape) and this script writes, converted to OpenAPI 3.0 schemas, into
// libs/server/core/src/lib/openapi/contract-schemas.generated.ts, beside a map from each type's name to the type
// (what @ApiAnswer checks a handler's declared answer against). The API loads that file at start: no TypeScript
// compiling at run time.
//
//   node tools/openapi/contract-schemas.mjs          write the file (after changing a contract type)
//   node tools/openapi/contract-schemas.mjs --check  exit 1 when the file is stale (npm test: scripts/contract-schemas.spec.js)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const { createGenerator, createProgram, DEFAULT_CONFIG } = require('ts-json-schema-generator');

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const ROOTS = join(ROOT, 'tools/openapi/contract-roots.ts');
const TSCONFIG = join(ROOT, 'tsconfig.base.json');
export const OUTPUT = join(ROOT, 'libs/server/core/src/lib/openapi/contract-schemas.generated.ts');
const REF_PREFIX = '#/components/schemas/';

/** The named types the roots module exports (not generic), with the lib each comes from. */
function exportedTypes(program) {
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(ROOTS));
  const types = [];
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias))) continue;
    const declaration = symbol.declarations?.[0];
    if (!declaration || declaration.typeParameters?.length) continue;
    const file = relative(ROOT, declaration.getSourceFile().fileName);
    const lib = file.startsWith('libs/contracts/') ? '@tiendo/contracts' : file.startsWith('libs/domain/') ? '@tiendo/domain' : null;
    if (lib) types.push({ name: exported.name, lib });
  }
  return types.sort((a, b) => a.name.localeCompare(b.name));
}

/** A definition's plain JSON type, when it has one (`string` for LocalDate…), for a nullable reference to it. */
function typeOf(schema, definitions) {
  if (schema.$ref) return typeOf(definitions[schema.$ref.replace(REF_PREFIX, '')] ?? {}, definitions);
  if (typeof schema.type === 'string') return schema.type;
  const members = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (members) {
    const kinds = new Set(members.map((m) => typeOf(m, definitions)));
    if (kinds.size === 1) return [...kinds][0];
  }
  return 'object';
}

/** `schema`, nullable in OpenAPI 3.0's words: `nullable` beside a `type` (a reference goes under allOf). */
function nullable(schema, definitions) {
  if (schema.$ref) return { type: typeOf(schema, definitions), allOf: [schema], nullable: true };
  return { ...schema, type: schema.type ?? typeOf(schema, definitions), nullable: true };
}

/**
 * JSON Schema (draft-07, as the generator writes it) to an OpenAPI 3.0 schema: references under components, `const`
 * as a one-value enum, `null` in a type list or an anyOf as `nullable` (on one member of a union: X | Y | null is
 * X | (Y or null)).
 */
function toOpenApi(schema, definitions) {
  if (Array.isArray(schema)) return schema.map((s) => toOpenApi(s, definitions));
  if (!schema || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$comment' || key === '$schema') continue;
    if (key === '$ref') out.$ref = value.replace('#/definitions/', REF_PREFIX);
    else if (key === 'const') out.enum = [value];
    else if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toOpenApi(v, definitions)]));
    } else if (key === 'enum' || key === 'required' || key === 'description' || key === 'examples' || key === 'default') out[key] = value;
    else out[key] = toOpenApi(value, definitions);
  }
  // A reference takes no siblings in OpenAPI 3.0: its description stays beside an allOf of it.
  if (out.$ref && Object.keys(out).length > 1) {
    const { $ref, ...rest } = out;
    return { ...rest, allOf: [{ $ref }] };
  }
  if (Array.isArray(out.type)) {
    const types = out.type.filter((t) => t !== 'null');
    const isNullable = types.length < out.type.length;
    delete out.type;
    if (types.length === 1) Object.assign(out, { type: types[0] }, isNullable ? { nullable: true } : {});
    else {
      const members = types.map((type) => ({ type }));
      if (isNullable) members[members.length - 1].nullable = true;
      out.anyOf = members;
    }
  }
  if (out.enum?.includes(null)) {
    out.enum = out.enum.filter((v) => v !== null);
    Object.assign(out, { nullable: true, type: out.type ?? typeOf(out, definitions) });
  }
  for (const union of ['anyOf', 'oneOf']) {
    if (!out[union]?.some((m) => m.type === 'null')) continue;
    const members = out[union].filter((m) => m.type !== 'null');
    delete out[union];
    if (members.length === 1) return { ...out, ...nullable(members[0], definitions) };
    members[members.length - 1] = nullable(members[members.length - 1], definitions);
    out[union] = members;
  }
  return out;
}

export function generate() {
  const config = { ...DEFAULT_CONFIG, path: ROOTS, tsconfig: TSCONFIG, type: '*', expose: 'export', skipTypeCheck: true, jsDoc: 'extended' };
  // One TypeScript program for both: the generator's, and the names of the exported types.
  const program = createProgram(config);
  const types = exportedTypes(program);
  const schema = createGenerator({ ...config, tsProgram: program }).createSchema('*');
  // Functions exported beside the types (reportPartOf) are no data.
  const raw = Object.fromEntries(Object.entries(schema.definitions).filter(([, d]) => !/=>/.test(d.$comment ?? '')));
  // ContractPage names the generic instance (Page<unknown>): the page shape under its own name, no `<` in a name.
  for (const [name, definition] of Object.entries(raw)) {
    if (!name.includes('<')) continue;
    delete raw[name];
    for (const [alias, target] of Object.entries(raw)) if (target.$ref === `#/definitions/${encodeURIComponent(name)}`) raw[alias] = definition;
  }
  const refsRewritten = JSON.parse(JSON.stringify(raw).replaceAll('"#/definitions/', `"${REF_PREFIX}`));
  const definitions = Object.fromEntries(Object.keys(raw).sort().map((name) => [name, toOpenApi(raw[name], refsRewritten)]));
  const byLib = (lib) => types.filter((t) => t.lib === lib).map((t) => t.name);
  const imports = ['@tiendo/contracts', '@tiendo/domain']
    .filter((lib) => byLib(lib).length)
    .map((lib) => `import type {\n${byLib(lib).map((n) => `  ${n},`).join('\n')}\n} from '${lib}';`);
  return [
    '// Generated by `node tools/openapi/contract-schemas.mjs` from tools/openapi/contract-roots.ts: do not edit. npm test fails',
    '// while it is stale (scripts/contract-schemas.spec.js).',
    "import type { SchemaObject } from '@nestjs/swagger';",
    ...imports,
    '',
    "/** Each contract type by name: what @ApiAnswer checks a handler's declared answer against. */",
    'export interface ContractTypes {',
    ...types.map((t) => `  ${t.name}: ${t.name};`),
    '}',
    '',
    '/** OpenAPI 3.0 schemas of the contract types and of every type they refer to, by name; ContractPage is Page<unknown>. */',
    `export const CONTRACT_SCHEMAS: Record<string, SchemaObject> = ${JSON.stringify(definitions, null, 2)};`,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = generate();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(OUTPUT, 'utf8');
    } catch {
      // missing: stale
    }
    if (current !== text) {
      console.error(`${relative(ROOT, OUTPUT)} is stale: a contract type changed. Run: node tools/openapi/contract-schemas.mjs`);
      process.exit(1);
    }
    console.log(`${relative(ROOT, OUTPUT)} is up to date`);
  } else {
    writeFileSync(OUTPUT, text);
    console.log(`wrote ${relative(ROOT, OUTPUT)}`);
  }
}
