import './register-paths';
import { createTemplateDatabase, newRunPrefix } from '../lib/throwaway-database';

/**
 * One migrated template per run (or the one npm test's lanes share, TIENDO_TEST_SHARED_TEMPLATE_DB); every test file
 * then works on a copy of its own, named after this run (TIENDO_TEST_RUN_PREFIX).
 */
export default async function globalSetup(): Promise<void> {
  process.env['TIENDO_TEST_RUN_PREFIX'] = newRunPrefix();
  process.env['TIENDO_TEST_TEMPLATE_DB'] = await createTemplateDatabase(process.env['TIENDO_TEST_SHARED_TEMPLATE_DB'] || undefined);
}
