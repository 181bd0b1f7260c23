import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Results of periods that have ended, computed once and served from then on. Only an import that corrects
 * historical dates changes the past; it clears them (ReportSnapshots.clear) in its own transaction.
 */
@Injectable()
export class ReportSnapshots {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get<T>(key: string): Promise<T | null> {
    const [row] = await this.db.query(`SELECT result FROM report_snapshots WHERE key = $1`, [key]);
    return row ? (row.result as T) : null;
  }

  async put(key: string, result: unknown, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO report_snapshots (key, result, computed_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING`,
      [key, JSON.stringify(result), at],
    );
  }

  async clear(manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(`DELETE FROM report_snapshots`);
  }
}
