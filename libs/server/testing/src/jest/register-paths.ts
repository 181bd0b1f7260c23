// Jest's global setup and teardown run outside its module resolver: teach Node the workspace's path aliases.
import { register } from 'tsconfig-paths';
import { join } from 'node:path';

const { compilerOptions } = require(join(__dirname, '../../../../../tsconfig.base.json'));
register({ baseUrl: join(__dirname, '../../../../..'), paths: compilerOptions.paths });
