export function serverUnits(): string {
  return 'server-units';
}
