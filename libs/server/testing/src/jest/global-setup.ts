import './register-paths';
import { createTemplateDatabase } from '../lib/throwaway-database';

/** Migrates one template database per run; every test file then works on a copy of its own. */
export default async function globalSetup(): Promise<void> {
  process.env['TIENDO_TEST_TEMPLATE_DB'] = await createTemplateDatabase();
}
