import type { UnitView } from '@tiendo/contracts';

export interface UnitOption {
  code: string;
  name: string;
  depth: number;
  /** The name indented by its depth, for a <select> that shows the tree. */
  label: string;
  active: boolean;
}

/** The unit tree in reading order (each unit followed by its sub-units, by name), for pickers and tree tables. */
export function unitOptions(units: readonly UnitView[]): UnitOption[] {
  const children = new Map<string | null, UnitView[]>();
  const codes = new Set(units.map((u) => u.code));
  for (const u of units) {
    const parent = u.parentCode && codes.has(u.parentCode) ? u.parentCode : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: UnitOption[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const u of [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'vi'))) {
      out.push({ code: u.code, name: u.name, depth, label: `${'\u00a0\u00a0\u00a0'.repeat(depth)}${u.name}`, active: u.active });
      walk(u.code, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
