const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/api'),
    clean: true,
    // module.exports of each entry is its exports: piscina takes the register reader's function from its file.
    library: { type: 'commonjs2' },
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      // The register reader's worker thread (piscina) loads this file by name: dist/apps/api/register-reader-worker.js.
      // …and the password policy's zxcvbn thread loads dist/apps/api/password-strength-worker.js.
      additionalEntryPoints: [
        { entryName: 'register-reader-worker', entryPath: join(__dirname, '../../libs/server/imports/src/lib/register-reader.worker.ts') },
        { entryName: 'password-strength-worker', entryPath: join(__dirname, '../../libs/server/users/src/lib/password-strength.worker.ts') },
      ],
      tsConfig: './tsconfig.app.json',
      assets: ['./src/assets'],
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
    }),
  ],
};
