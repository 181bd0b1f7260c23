export function serverUsers(): string {
  return 'server-users';
}
