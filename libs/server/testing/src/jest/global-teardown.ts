import './register-paths';
import { dropRunDatabases } from '@tiendo/server-testing';

export default async function globalTeardown(): Promise<void> {
  const template = process.env['TIENDO_TEST_TEMPLATE_DB'];
  if (template) await dropRunDatabases(template);
}
