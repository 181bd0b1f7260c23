// npm test's cleanup: drops the migrated template its lanes shared (TIENDO_TEST_SHARED_TEMPLATE_DB, argument 1), what
// was made from it (its demo template, a half-made one) and the demo's files. Each Jest run drops its own copies; the
// names follow libs/server/testing/src/lib/throwaway-database.ts (demoDatabaseName, demoFilesDir).
const { Client } = require('pg');
const { rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

async function main(template) {
  if (!/^tiendo_test_tpl_[a-z0-9_]+$/.test(template ?? '')) throw new Error(`usage: drop-test-template.js tiendo_test_tpl_…`);
  const demo = `${template.replace('_tpl_', '_')}_demo`;
  const client = new Client({ connectionString: process.env.TEST_DATABASE_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE starts_with(datname, $1) OR starts_with(datname, $2)', [template, demo]);
    for (const r of rows) await client.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
  } finally {
    await client.end();
  }
  rmSync(join(tmpdir(), `${demo}_files`), { recursive: true, force: true });
}

main(process.argv[2]).catch((err) => {
  process.stderr.write(`drop-test-template: ${err.message}\n`);
  process.exit(1);
});
