import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { UnitChangeRecordView, UnitView } from '@tiendo/contracts';
import { notFound, refuse, SEARCH_KEY_SQL, searchMatchSql, SqlParams } from '@tiendo/server-core';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CreateUnitDto, UpdateUnitDto } from './dto/unit.dto';
import { Unit } from './unit.entity';

/** The unit tree. Subtrees are materialised paths, so "a unit and its sub-units" is one indexed prefix match. */
@Injectable()
export class UnitsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(dto: CreateUnitDto, manager: EntityManager = this.db.manager): Promise<Unit> {
    if (await this.findByCode(dto.code, manager)) throw refuse('UNIT_CODE_TAKEN', { field: 'code', params: { code: dto.code } });
    const parent = dto.parentCode ? await this.findByCode(dto.parentCode, manager) : null;
    if (dto.parentCode && !parent) throw refuse('UNKNOWN_UNIT', { field: 'parentCode', params: { code: dto.parentCode } });
    const id = randomUUID();
    const unit = manager.create(Unit, {
      id,
      code: dto.code,
      name: dto.name,
      kind: dto.kind ?? (parent ? 'department' : 'ministry'),
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      active: true,
    });
    return manager.save(unit);
  }

  async update(code: string, dto: UpdateUnitDto): Promise<Unit> {
    return this.db.transaction(async (manager) => {
      const unit = await this.findByCode(code, manager, true);
      if (!unit) throw notFound('Unit');
      if (dto.name !== undefined) unit.name = dto.name;
      if (dto.kind !== undefined) unit.kind = dto.kind;
      if (dto.active !== undefined) unit.active = dto.active;
      if (dto.parentCode !== undefined) {
        const parent = dto.parentCode === null ? null : await this.findByCode(dto.parentCode, manager);
        if (dto.parentCode !== null && !parent) {
          throw refuse('UNKNOWN_UNIT', { field: 'parentCode', params: { code: dto.parentCode } });
        }
        if (parent && parent.path.startsWith(unit.path)) {
          throw refuse('UNIT_MOVE_CYCLE', { field: 'parentCode' });
        }
        const newPath = `${parent?.path ?? '/'}${unit.id}/`;
        // Move the whole subtree in one statement: every descendant's path shares the old prefix.
        await manager.query(
          `UPDATE units SET path = $2 || substr(path, length($1) + 1) WHERE path LIKE $1 || '%'`,
          [unit.path, newPath],
        );
        unit.parentId = parent?.id ?? null;
        unit.path = newPath;
      }
      return manager.save(unit);
    });
  }

  /**
   * Units that merge and split (README, "Units that merge and split"): the sources become inactive and the change is
   * recorded (table unit_changes, migration 1796400000000) with its kind, effective moment, reason, who recorded it,
   * its sources and successors and `summary` (what moved, as the caller counted it), in the caller's transaction.
   * Returns nothing: the caller holds the change's id.
   */
  async recordChange(
    manager: EntityManager,
    change: { id: string; kind: 'merge' | 'split'; effectiveAt: Date; reason: string; actorId: string; at: Date; sourceIds: string[]; successorIds: string[]; summary: Record<string, unknown> },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO unit_changes (id, kind, effective_at, reason, recorded_by_id, recorded_at, summary) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [change.id, change.kind, change.effectiveAt, change.reason, change.actorId, change.at, JSON.stringify(change.summary)],
    );
    await manager.query(
      `INSERT INTO unit_change_units (change_id, unit_id, role)
       SELECT $1, unit_id, role FROM unnest($2::uuid[], $3::varchar[]) AS u(unit_id, role)`,
      [change.id, [...change.sourceIds, ...change.successorIds], [...change.sourceIds.map(() => 'source'), ...change.successorIds.map(() => 'successor')]],
    );
    await manager.query(`UPDATE units SET active = false, updated_at = $2 WHERE id = ANY($1::uuid[])`, [change.sourceIds, change.at]);
  }

  /**
   * The merges and splits a unit took part in, as a source or a successor, newest first: `[{ id, kind, effectiveAt
   * (ISO instant, 00:00 Asia/Ho_Chi_Minh of the effective day), reason, recordedAt, recordedBy: { username, fullName },
   * sources, successors (codes), summary }]`.
   */
  async changesOf(unitId: string): Promise<UnitChangeRecordView[]> {
    const rows: Array<{ id: string; kind: 'merge' | 'split'; effective_at: Date; reason: string; recorded_at: Date; username: string; full_name: string; sources: string[]; successors: string[]; summary: Record<string, number> }> =
      await this.db.query(
        `SELECT c.id, c.kind, c.effective_at, c.reason, c.recorded_at, r.username, r.full_name, c.summary,
                array(SELECT u.code FROM unit_change_units x JOIN units u ON u.id = x.unit_id WHERE x.change_id = c.id AND x.role = 'source' ORDER BY u.code) AS sources,
                array(SELECT u.code FROM unit_change_units x JOIN units u ON u.id = x.unit_id WHERE x.change_id = c.id AND x.role = 'successor' ORDER BY u.code) AS successors
           FROM unit_changes c JOIN users r ON r.id = c.recorded_by_id
          WHERE EXISTS (SELECT 1 FROM unit_change_units x WHERE x.change_id = c.id AND x.unit_id = $1)
          ORDER BY c.effective_at DESC, c.recorded_at DESC`,
        [unitId],
      );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      effectiveAt: new Date(r.effective_at).toISOString(),
      reason: r.reason,
      recordedAt: new Date(r.recorded_at).toISOString(),
      recordedBy: { username: r.username, fullName: r.full_name },
      sources: r.sources,
      successors: r.successors,
      summary: r.summary,
    }));
  }

  /** The active units below these units (code, and which source they are under), for the rule that a merged or split unit has none left. */
  async activeSubUnits(manager: EntityManager, units: Unit[]): Promise<Array<{ code: string; parentCode: string }>> {
    if (units.length === 0) return [];
    return manager.query(
      `SELECT c.code, p.code AS "parentCode" FROM units p JOIN units c ON c.path LIKE p.path || '%' AND c.id <> p.id
        WHERE c.active AND p.id = ANY($1::uuid[]) ORDER BY c.code`,
      [units.map((u) => u.id)],
    );
  }

  findByCode(code: string, manager: EntityManager = this.db.manager, lock = false): Promise<Unit | null> {
    const qb = manager.createQueryBuilder(Unit, 'u').where('upper(u.code) = upper(:code)', { code });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  findById(id: string, manager: EntityManager = this.db.manager): Promise<Unit | null> {
    return manager.findOneBy(Unit, { id });
  }

  /** The tree in order (each unit after its parent), or the units whose code or name match `q` (the search rule). */
  async list(q?: string, within?: (unitPath: string) => boolean): Promise<UnitView[]> {
    const p = new SqlParams();
    const search = searchMatchSql(SEARCH_KEY_SQL.unit('u'), q, p);
    const rows: Array<Unit & { parent_code: string | null }> = await this.db.query(
      `SELECT u.id, u.code, u.name, u.kind, u.active, u.path, p.code AS parent_code
         FROM units u LEFT JOIN units p ON p.id = u.parent_id
        ${search ? `WHERE ${search}` : ''}
        ORDER BY u.path`,
      p.values,
    );
    return rows.filter((r) => !within || within(r.path)).map((r) => ({ id: r.id, code: r.code, name: r.name, kind: r.kind, active: r.active, parentCode: r.parent_code }));
  }

  async view(unit: Unit): Promise<UnitView> {
    const parent = unit.parentId ? await this.findById(unit.parentId) : null;
    return { id: unit.id, code: unit.code, name: unit.name, kind: unit.kind, active: unit.active, parentCode: parent?.code ?? null };
  }
}
