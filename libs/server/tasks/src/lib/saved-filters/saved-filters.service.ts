import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SavedFilterView } from '@tiendo/contracts';
import { ApiError, Clock, decideQueryString, notFound, refuse, validationFailed, vietnameseRuleMessage } from '@tiendo/server-core';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { DataSource } from 'typeorm';
import { ListTasksQuery } from '../dto/list-tasks.query';
import { TaskQueryRepository } from '../task-query.repository';
import { CreateSavedFilterDto } from './saved-filter.dto';

/** What a saved filter may set: every filter of the task list and its order, not a page (a filter opens on page 1). */
const FILTER_KEYS = [
  'unit', 'includeSubunits', 'assignee', 'status', 'sourceDocument', 'deadlineFrom', 'deadlineTo', 'keyTask',
  'pendingExtension', 'subTasks', 'q', 'period', 'periodFrom', 'periodTo', 'category', 'sort',
] as const;

/** How many filters one user keeps; the list page offers them all in one menu. */
export const SAVED_FILTERS_PER_USER = 50;

interface SavedFilterRow {
  id: string;
  name: string;
  query: string;
  created_at: Date;
}

const toView = (r: SavedFilterRow): SavedFilterView => ({ id: r.id, name: r.name, query: r.query, createdAt: new Date(r.created_at).toISOString() });

/**
 * A user's named filters of the task list. Each belongs to one user and only that user lists or deletes it (another
 * user's id answers 404, as if it did not exist). A filter is stored only if the task list accepts it: the same
 * validation and rules as GET /api/tasks, so applying a saved filter never meets a 400.
 */
@Injectable()
export class SavedFiltersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queries: TaskQueryRepository,
    private readonly clock: Clock,
  ) {}

  /** The user's filters by name (case-insensitive, Vietnamese collation not needed for a short menu). */
  async list(userId: string): Promise<SavedFilterView[]> {
    const rows: SavedFilterRow[] = await this.db.query(`SELECT id, name, query, created_at FROM saved_filters WHERE user_id = $1 ORDER BY lower(name), id`, [userId]);
    return rows.map(toView);
  }

  /**
   * Saves `query` (a leading "?" dropped) under `name`. 400 VALIDATION_FAILED (field `query.<key>`, the text rule's
   * `noNulCharacter`, `noLoneSurrogate` or `invalidUtf8`) when a decoded value is text that cannot be stored; 400 SAVED_FILTER_INVALID (field `query`) when the task list
   * would refuse it, names an unknown parameter or repeats one; 409 SAVED_FILTER_NAME_TAKEN (field `name`) when the
   * user has that name already; 422 INVALID_STATE past SAVED_FILTERS_PER_USER filters.
   */
  async create(userId: string, dto: CreateSavedFilterDto): Promise<SavedFilterView> {
    const query = await this.checkQuery(dto.query.replace(/^\?/, ''));
    return this.db.transaction(async (m) => {
      // One writer at a time per user, so that the count and the name check hold until the insert commits.
      await m.query(`SELECT id FROM users WHERE id = $1 FOR UPDATE`, [userId]);
      const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM saved_filters WHERE user_id = $1`, [userId]);
      if (n >= SAVED_FILTERS_PER_USER) throw refuse('INVALID_STATE', { field: 'name' });
      const [taken] = await m.query(`SELECT 1 FROM saved_filters WHERE user_id = $1 AND lower(name) = lower($2)`, [userId, dto.name]);
      if (taken) throw refuse('SAVED_FILTER_NAME_TAKEN', { field: 'name', params: { name: dto.name } });
      const [row]: SavedFilterRow[] = await m.query(
        `INSERT INTO saved_filters (user_id, name, query, created_at) VALUES ($1, $2, $3, $4) RETURNING id, name, query, created_at`,
        [userId, dto.name, query, this.clock.now()],
      );
      return toView(row);
    });
  }

  /** Deletes one of the user's own filters; 404 for an unknown id or another user's filter. */
  async remove(userId: string, id: string): Promise<void> {
    // A SELECT over the deleted rows: TypeORM answers a bare DELETE with [rows, count], not the rows.
    const [{ n }] = await this.db.query(`WITH gone AS (DELETE FROM saved_filters WHERE id = $1 AND user_id = $2 RETURNING id) SELECT count(*)::int AS n FROM gone`, [id, userId]);
    if (n === 0) throw notFound('Saved filter');
  }

  /** The query string as the task list reads it, checked by the list's own DTO and rules; the string back unchanged. */
  private async checkQuery(query: string): Promise<string> {
    const invalid = (reason: string) => refuse('SAVED_FILTER_INVALID', { field: 'query', params: { reason } });
    // The text rule on the decoded values, as on the list's own query (input-text.ts): a NUL, a lone surrogate or
    // bytes that are not UTF-8 are 400 naming `query.<key>`, never stored (the list would refuse them, or PostgreSQL).
    const decided = decideQueryString(query, 'query');
    if (decided.errors.length) throw validationFailed(decided.errors);
    const plain: Record<string, string> = {};
    for (const [key, value] of decided.params) {
      if (!(FILTER_KEYS as readonly string[]).includes(key)) throw invalid(`tham số "${key}" không phải một bộ lọc của danh sách nhiệm vụ`);
      if (key in plain) throw invalid(`tham số "${key}" xuất hiện hai lần`);
      plain[key] = value;
    }
    const dto = plainToInstance(ListTasksQuery, plain);
    const errors = await validate(dto);
    if (errors.length) throw invalid(firstMessage(errors));
    try {
      await this.queries.checkFilters(dto);
    } catch (err) {
      if (err instanceof ApiError) throw invalid(err.message);
      throw err;
    }
    return query;
  }
}

const firstMessage = (errors: ValidationError[]): string => {
  const e = errors[0];
  const [rule, message] = Object.entries(e.constraints ?? {})[0] ?? ['', ''];
  return `${e.property}: ${vietnameseRuleMessage(rule, message)}`;
};
