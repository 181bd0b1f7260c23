/** The first `count` items of `items` (all of them when fewer), reading no further: for endless series of periods. */
export function take<T>(items: Iterable<T>, count: number): T[] {
  const out: T[] = [];
  if (count <= 0) return out;
  for (const item of items) {
    out.push(item);
    if (out.length >= count) break;
  }
  return out;
}
