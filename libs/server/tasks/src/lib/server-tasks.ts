export function serverTasks(): string {
  return 'server-tasks';
}
