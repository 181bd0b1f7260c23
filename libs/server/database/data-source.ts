// The DataSource the TypeORM CLI uses (`npm run migration:run`, `migration:revert`).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/lib/data-source-options';

export default new DataSource(dataSourceOptions(process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/tiendo'));
