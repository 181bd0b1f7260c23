/** Collects positional parameters while a query is assembled: `where.push(\`t.x = ${p.add(x)}\`)`. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
