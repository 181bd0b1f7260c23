import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface Person {
  id: string;
  fullName: string;
  email: string | null;
  /** Has an e-mail address and has not turned e-mail off. */
  wantsEmail: boolean;
  unitId: string;
}

interface Row {
  id: string;
  full_name: string;
  email: string | null;
  email_notifications: boolean;
  unit_id: string;
}

const toPerson = (r: Row): Person => ({ id: r.id, fullName: r.full_name, email: r.email, wantsEmail: Boolean(r.email && r.email_notifications), unitId: r.unit_id });

/** Who is told, looked up when a reminder is sent (not when it was scheduled), active users only. */
@Injectable()
export class Recipients {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async byIds(ids: string[]): Promise<Map<string, Person>> {
    if (ids.length === 0) return new Map();
    const rows: Row[] = await this.db.query(`SELECT id, full_name, email, email_notifications, unit_id FROM users WHERE id = ANY($1) AND active`, [ids]);
    return new Map(rows.map((r) => [r.id, toPerson(r)]));
  }

  /** The active heads of each unit (lãnh đạo đơn vị). */
  async unitHeads(unitIds: string[]): Promise<Map<string, Person[]>> {
    const map = new Map<string, Person[]>();
    if (unitIds.length === 0) return map;
    const rows: Row[] = await this.db.query(
      `SELECT id, full_name, email, email_notifications, unit_id FROM users WHERE role = 'unit_head' AND active AND unit_id = ANY($1) ORDER BY id`,
      [unitIds],
    );
    for (const r of rows) map.set(r.unit_id, [...(map.get(r.unit_id) ?? []), toPerson(r)]);
    return map;
  }

  async withRoles(roles: string[]): Promise<Person[]> {
    const rows: Row[] = await this.db.query(`SELECT id, full_name, email, email_notifications, unit_id FROM users WHERE role = ANY($1) AND active ORDER BY id`, [roles]);
    return rows.map(toPerson);
  }
}
