import './register-paths';
import { dropRunDatabases } from '../lib/throwaway-database';

export default async function globalTeardown(): Promise<void> {
  const template = process.env['TIENDO_TEST_TEMPLATE_DB'];
  if (template) await dropRunDatabases(template);
}
