import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FieldError, MappingRuleView, Role } from '@tiendo/contracts';
import { AuditService } from '@tiendo/server-audit';
import { Actor, Clock, fieldError, notFound, validationFailed } from '@tiendo/server-core';
import { UnitsService } from '@tiendo/server-units';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { PlacementRule } from './identity-mapping';
import { CreateMappingRuleDto, MappingRuleOrderDto, UpdateMappingRuleDto } from './mapping-rule.dto';

interface RuleRow {
  id: string;
  position: number;
  source: MappingRuleView['source'];
  attribute: string | null;
  value: string;
  unit_id: string | null;
  unit_code: string | null;
  unit_name: string | null;
  role: Role | null;
}

const SELECT_RULES = `SELECT r.id, r.position, r.source, r.attribute, r.value, r.unit_id, u.code AS unit_code, u.name AS unit_name, r.role
  FROM directory_mapping_rules r LEFT JOIN units u ON u.id = r.unit_id`;

const toView = (r: RuleRow): MappingRuleView => ({
  id: r.id,
  position: r.position,
  source: r.source,
  attribute: r.attribute,
  value: r.value,
  unitCode: r.unit_code,
  unitName: r.unit_name,
  role: r.role,
});

/** The fields of a rule as recorded in the security log (what it was, what it became). */
const recorded = (r: MappingRuleView) => ({ source: r.source, attribute: r.attribute, value: r.value, unit: r.unitCode, role: r.role });

/**
 * The ordered rules that give a user signing in through the directory (or, later, OpenID Connect) their unit and role
 * (identity-mapping.ts says how they are read). The only writer of directory_mapping_rules; every change is a
 * security event (`directory_rule_created`, `_changed`, `_deleted`, `directory_rules_reordered`) naming the admin.
 */
@Injectable()
export class MappingRulesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Every rule, in the order they are read. */
  async list(manager: EntityManager = this.db.manager): Promise<MappingRuleView[]> {
    const rows: RuleRow[] = await manager.query(`${SELECT_RULES} ORDER BY r.position`);
    return rows.map(toView);
  }

  /** The rules as the matcher (placeIdentity) takes them, in order. */
  async placementRules(): Promise<PlacementRule[]> {
    const rows: RuleRow[] = await this.db.query(`${SELECT_RULES} ORDER BY r.position`);
    return rows.map((r) => ({ source: r.source, attribute: r.attribute, value: r.value, unitId: r.unit_id, role: r.role }));
  }

  /** Adds a rule after the others. 400 VALIDATION_FAILED naming each bad field (UNKNOWN_UNIT, MAPPING_RULE_*). */
  async create(dto: CreateMappingRuleDto, actor: Actor): Promise<MappingRuleView> {
    return this.db.transaction(async (manager) => {
      const unitId = await this.checked({ source: dto.source, attribute: dto.attribute ?? null, unitCode: dto.unitCode ?? null, role: dto.role ?? null }, manager);
      // Rules are few and edited by one admin at a time; the table lock keeps two additions from taking one position.
      await manager.query(`LOCK TABLE directory_mapping_rules IN SHARE ROW EXCLUSIVE MODE`);
      const [{ next }] = await manager.query(`SELECT coalesce(max(position), 0) + 1 AS next FROM directory_mapping_rules`);
      const id = randomUUID();
      const now = this.clock.now();
      await manager.query(
        `INSERT INTO directory_mapping_rules (id, position, source, attribute, value, unit_id, role, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
        [id, next, dto.source, dto.attribute ?? null, dto.value, unitId, dto.role ?? null, now],
      );
      const view = await this.get(id, manager);
      await this.audit.recordSecurityEvent('directory_rule_created', { actorId: actor.id, ruleId: id, ...recorded(view) }, manager);
      return view;
    });
  }

  /** Changes the fields given (null clears attribute, unit or role). 404 for an unknown rule; 400 as `create`. */
  async update(id: string, dto: UpdateMappingRuleDto, actor: Actor): Promise<MappingRuleView> {
    return this.db.transaction(async (manager) => {
      const before = await this.get(id, manager, true);
      const next = {
        source: dto.source ?? before.source,
        attribute: dto.attribute !== undefined ? dto.attribute : before.attribute,
        value: dto.value ?? before.value,
        unitCode: dto.unitCode !== undefined ? dto.unitCode : before.unitCode,
        role: dto.role !== undefined ? dto.role : before.role,
      };
      // A group rule keeps no attribute name from when it was an attribute rule.
      if (dto.source === 'group' && dto.attribute === undefined) next.attribute = null;
      const unitId = await this.checked(next, manager);
      await manager.query(
        `UPDATE directory_mapping_rules SET source = $2, attribute = $3, value = $4, unit_id = $5, role = $6, updated_at = $7 WHERE id = $1`,
        [id, next.source, next.attribute, next.value, unitId, next.role, this.clock.now()],
      );
      const after = await this.get(id, manager);
      if (JSON.stringify(recorded(before)) !== JSON.stringify(recorded(after))) {
        await this.audit.recordSecurityEvent('directory_rule_changed', { actorId: actor.id, ruleId: id, from: recorded(before), to: recorded(after) }, manager);
      }
      return after;
    });
  }

  /** Deletes a rule; the rules after it move up one place. 404 for an unknown rule. */
  async remove(id: string, actor: Actor): Promise<void> {
    await this.db.transaction(async (manager) => {
      const before = await this.get(id, manager, true);
      await manager.query(`DELETE FROM directory_mapping_rules WHERE id = $1`, [id]);
      await manager.query(`UPDATE directory_mapping_rules SET position = position - 1 WHERE position > $1`, [before.position]);
      await this.audit.recordSecurityEvent('directory_rule_deleted', { actorId: actor.id, ruleId: id, ...recorded(before) }, manager);
    });
  }

  /** Puts the rules in the order of `ids`, which lists every rule exactly once (else 400 MAPPING_RULE_ORDER on ids). */
  async reorder(dto: MappingRuleOrderDto, actor: Actor): Promise<MappingRuleView[]> {
    return this.db.transaction(async (manager) => {
      await manager.query(`LOCK TABLE directory_mapping_rules IN SHARE ROW EXCLUSIVE MODE`);
      const current: Array<{ id: string }> = await manager.query(`SELECT id FROM directory_mapping_rules ORDER BY position`);
      const known = new Set(current.map((r) => r.id));
      if (dto.ids.length !== known.size || dto.ids.some((id) => !known.has(id))) throw validationFailed([fieldError('ids', 'MAPPING_RULE_ORDER')]);
      await manager.query(
        `UPDATE directory_mapping_rules r SET position = o.position, updated_at = $2
           FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, position) WHERE r.id = o.id`,
        [dto.ids, this.clock.now()],
      );
      await this.audit.recordSecurityEvent('directory_rules_reordered', { actorId: actor.id, from: current.map((r) => r.id), to: dto.ids }, manager);
      return this.list(manager);
    });
  }

  private async get(id: string, manager: EntityManager, lock = false): Promise<MappingRuleView> {
    const [row]: RuleRow[] = await manager.query(`${SELECT_RULES} WHERE r.id = $1${lock ? ' FOR UPDATE OF r' : ''}`, [id]);
    if (!row) throw notFound('Mapping rule');
    return toView(row);
  }

  /** The cross-field rules of a rule, every broken one named at once; answers the unit's id. */
  private async checked(rule: { source: MappingRuleView['source']; attribute: string | null; unitCode: string | null; role: Role | null }, manager: EntityManager): Promise<string | null> {
    const errors: FieldError[] = [];
    if ((rule.source === 'attribute') !== Boolean(rule.attribute)) errors.push(fieldError('attribute', 'MAPPING_RULE_ATTRIBUTE'));
    if (!rule.unitCode && !rule.role) errors.push(fieldError('unitCode', 'MAPPING_RULE_EMPTY'));
    const unit = rule.unitCode ? await this.units.findByCode(rule.unitCode, manager) : null;
    if (rule.unitCode && !unit) errors.push(fieldError('unitCode', 'UNKNOWN_UNIT', { code: rule.unitCode }));
    if (errors.length) throw validationFailed(errors);
    return unit?.id ?? null;
  }
}
