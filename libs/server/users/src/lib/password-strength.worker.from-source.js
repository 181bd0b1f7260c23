// The password-strength worker thread when the API runs from TypeScript sources (Jest, ts-node): a worker thread
// does not inherit the parent's TypeScript loader, so this registers ts-node in the thread first. The built API
// runs dist/apps/api/password-strength-worker.js, which webpack bundles from password-strength.worker.ts.
const { join } = require('node:path');
require('ts-node').register({
  transpileOnly: true,
  project: join(__dirname, '../../../../../tsconfig.check.json'),
  compilerOptions: { module: 'commonjs', esModuleInterop: true, target: 'es2022', sourceMap: false },
});
module.exports = require('./password-strength.worker.ts');
