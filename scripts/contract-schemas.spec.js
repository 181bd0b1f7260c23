// The API document's contract schemas (libs/server/core/src/lib/openapi/contract-schemas.generated.ts) are generated
// from the contract types by tools/openapi/contract-schemas.mjs and committed, so the API loads them without compiling
// TypeScript: this fails when a contract type changed and the file was not generated again. Runs once in npm test,
// beside the manifests' check (no time zone matters here).
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

describe('tools/openapi/contract-schemas.mjs', () => {
  it('the committed contract schemas are those the contract types give now', () => {
    const run = spawnSync(process.execPath, [join(__dirname, '../tools/openapi/contract-schemas.mjs'), '--check'], { encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).toContain('is up to date');
    expect(run.status).toBe(0);
  });
});
