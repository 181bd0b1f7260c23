import { DOCUMENT_TYPES, ERROR_CODES, REPORT_CATEGORIES, ROLES, TASK_PRIORITIES, UNIT_KINDS } from '@tiendo/contracts';
import { TASK_STATUSES } from '@tiendo/domain';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { en } from './en';
import { vi } from './vi';

const ROOT = resolve(__dirname, '../../../../../..');
type Tree = { [key: string]: string | Tree };

function lookup(tree: Tree, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Tree)[part] : undefined), tree);
}

function leaves(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : leaves(v, `${prefix}${k}.`)));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(html|ts)$/.test(name) && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Keys written literally in templates and components: t('a.b'), 'a.b' | transloco, translate('a.b'). */
function usedKeys(): string[] {
  const keys = new Set<string>();
  const patterns = [/\bt\('([a-zA-Z][\w]*(?:\.[\w]+)+)'/g, /'([a-zA-Z][\w]*(?:\.[\w]+)+)' \| transloco/g, /translate\('([a-zA-Z][\w]*(?:\.[\w]+)+)'/g, /key: '([a-zA-Z][\w]*(?:\.[\w]+)+)'/g];
  for (const file of [...sources(join(ROOT, 'libs/web')), ...sources(join(ROOT, 'apps/web/src'))]) {
    const text = readFileSync(file, 'utf8');
    for (const re of patterns) for (const m of text.matchAll(re)) keys.add(m[1]);
  }
  return [...keys].sort();
}

/**
 * The rules the API names in its field errors (`errors[].rule` in camelCase; codes in capitals are ERROR_CODES), read
 * from its sources: `rule: '…'` literals, the import's `fail(field, '…')`, custom validators (`ValidateBy` names),
 * class-validator's rules given Vietnamese in validation.ts (RULE_MESSAGES) and the text rule's (input-text.ts).
 * The import page reads `import.rule.<rule>` before `errors.rule.<rule>`, so the import's own rules may live there.
 */
function apiRules(): Array<{ rule: string; file: string; imports: boolean }> {
  const found = new Map<string, { rule: string; file: string; imports: boolean }>();
  const patterns = [/\brule: '([a-z][A-Za-z0-9]*)'/g, /\bfail\([^,()]+, '([a-z][A-Za-z0-9]*)'/g, /ValidateBy\(\s*\{\s*name: '([a-z][A-Za-z0-9]*)'/g, /_RULE = '([a-z][A-Za-z0-9]*)'/g];
  for (const file of sources(join(ROOT, 'libs/server')).filter((f) => !f.includes('/testing/'))) {
    const text = readFileSync(file, 'utf8');
    const name = file.slice(ROOT.length + 1);
    const imports = name.startsWith('libs/server/imports/');
    const add = (rule: string) => {
      const known = found.get(rule);
      if (!known || (known.imports && !imports)) found.set(rule, { rule, file: name, imports });
    };
    for (const re of patterns) for (const m of text.matchAll(re)) add(m[1]);
    const union = /type TextRefusalRule = ([^;]+);/.exec(text);
    if (union) for (const m of union[1].matchAll(/'(\w+)'/g)) add(m[1]);
    const table = /const RULE_MESSAGES[^=]*= \{([\s\S]*?)\n\};/.exec(text);
    if (table) for (const m of table[1].matchAll(/^ {2}(\w+): \{/gm)) add(m[1]);
  }
  return [...found.values()].sort((a, b) => a.rule.localeCompare(b.rule));
}

describe('the catalogues', () => {
  it('have the same keys in Vietnamese and English, none empty in Vietnamese', () => {
    expect(leaves(en as Tree).sort()).toEqual(leaves(vi as Tree).sort());
    const empty = leaves(vi as Tree).filter((k) => lookup(vi as Tree, k) === '' && k !== 'actions.reassign.text');
    expect(empty).toEqual([]);
  });

  it('hold every key the screens name', () => {
    const keys = usedKeys();
    expect(keys.length).toBeGreaterThan(200);
    expect(keys.filter((k) => typeof lookup(vi as Tree, k) !== 'string')).toEqual([]);
  });

  it('name every status, category, role, priority, unit kind and document type', () => {
    const needed = [
      ...TASK_STATUSES.map((s) => `status.${s}`),
      ...[...REPORT_CATEGORIES, 'noDeadline', 'all'].map((c) => `category.${c}`),
      ...ROLES.map((r) => `role.${r}`),
      ...TASK_PRIORITIES.map((p) => `priority.${p}`),
      ...UNIT_KINDS.map((k) => `unitKind.${k}`),
      ...DOCUMENT_TYPES.map((d) => `documentType.${d}`),
      ...['progress', 'complete', 'extension', 'return', 'reopen', 'cancel', 'decide', 'reassign'].flatMap((a) => ['button', 'title', 'submit', 'done'].map((p) => `actions.${a}.${p}`)),
    ];
    for (const catalogue of [vi, en]) expect(needed.filter((k) => typeof lookup(catalogue as Tree, k) !== 'string')).toEqual([]);
  });

  it('translate every error code the API can answer (and NETWORK, the web app’s own), in Vietnamese and English', () => {
    const needed = [...ERROR_CODES, 'NETWORK'].map((c) => `errors.code.${c}`);
    for (const catalogue of [vi, en]) expect(needed.filter((k) => typeof lookup(catalogue as Tree, k) !== 'string' || lookup(catalogue as Tree, k) === '')).toEqual([]);
    expect(vi.errors.code.DEADLINE_BEFORE_ASSIGNMENT).toBe('Hạn xử lý không được trước ngày giao.');
    expect(en.errors.code.DEADLINE_BEFORE_ASSIGNMENT).toBe('The deadline cannot be before the assignment date.');
  });

  it('translate every field rule the API can name (errors[].rule), in Vietnamese and English', () => {
    const rules = apiRules();
    expect(rules.map((r) => r.rule)).toEqual(expect.arrayContaining(['isNotEmpty', 'noNulCharacter', 'invalidUtf8', 'isLocalDate', 'isYearMonth', 'multipart', 'maxFileSize', 'isJsonArray']));
    const missing = (catalogue: Tree) =>
      rules
        .filter(({ rule, imports }) => [`errors.rule.${rule}`, ...(imports ? [`import.rule.${rule}`] : [])].every((k) => typeof lookup(catalogue, k) !== 'string' || lookup(catalogue, k) === ''))
        .map(({ rule, file }) => `${rule} (${file})`);
    expect(missing(vi as Tree)).toEqual([]);
    expect(missing(en as Tree)).toEqual([]);
  });

  it('write Vietnamese with its diacritics', () => {
    expect(vi.status.completed_on_time).toBe('Hoàn thành đúng hạn');
    expect(vi.status.in_progress_overdue).toBe('Đang thực hiện quá hạn');
  });
});
