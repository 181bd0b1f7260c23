import { Body, Controller, Get, Injectable, Param, Put } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { LeaderOversightView, SetOversightRequest } from '@tiendo/contracts';
import { Actor, ApiAnswer, CurrentActor, fieldError, forbidden, notFound, refuse, Roles, UuidParamPipe, validationFailed } from '@tiendo/server-core';
import { ArrayMaxSize, ArrayUnique, IsArray, IsString, MaxLength } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';

export class SetOversightDto implements SetOversightRequest {
  @ApiProperty({ type: [String], description: 'Codes of the units the leader oversees (their sub-units follow)' })
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  unitCodes!: string[];
}

/**
 * The blocks each leader oversees (table leader_units, migration 1795960000000): a deputy minister's default view
 * on the dashboard and the briefing. Only the leader role oversees; the rows of a user who has left it are not read.
 */
@Injectable()
export class LeaderOversight {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The overseen units of a leader, in tree order; [] for anyone else or a leader with none. */
  async unitsOf(userId: string): Promise<Array<{ code: string; name: string; path: string }>> {
    return this.db.query(
      `SELECT un.code, un.name, un.path FROM leader_units l JOIN users u ON u.id = l.user_id AND u.role = 'leader'
         JOIN units un ON un.id = l.unit_id WHERE l.user_id = $1 ORDER BY un.path`,
      [userId],
    );
  }

  /**
   * THE scope rule for `scope=oversight`, shared by the reports and the task list (so a figure and the list it opens
   * count the same tasks): the paths of the caller's overseen units (a unit is within when its path starts with one of
   * them), or undefined = every unit (no scope asked, or a caller who oversees none).
   */
  async scopePaths(userId: string, scope?: 'oversight'): Promise<string[] | undefined> {
    if (scope !== 'oversight') return undefined;
    const paths = (await this.unitsOf(userId)).map((u) => u.path);
    return paths.length ? paths : undefined;
  }

  /**
   * Replaces a leader's overseen units. 404 for an unknown user, OVERSIGHT_LEADERS_ONLY (422) for a user who is not a
   * leader, VALIDATION_FAILED (400, rule UNKNOWN_UNIT on `unitCodes`) for an unknown unit code; nothing written then.
   */
  async set(userId: string, unitCodes: string[]): Promise<LeaderOversightView> {
    await this.db.transaction(async (m) => {
      const [user] = (await m.query(`SELECT role FROM users WHERE id = $1 FOR UPDATE`, [userId])) as Array<{ role: string }>;
      if (!user) throw notFound('User');
      if (user.role !== 'leader') throw refuse('OVERSIGHT_LEADERS_ONLY', { field: 'userId' });
      const units = (await m.query(`SELECT id, code FROM units WHERE code = ANY($1)`, [unitCodes])) as Array<{ id: string; code: string }>;
      const known = new Set(units.map((u) => u.code));
      const unknown = unitCodes.filter((c) => !known.has(c));
      if (unknown.length) throw validationFailed(unknown.map((code) => fieldError('unitCodes', 'UNKNOWN_UNIT', { code })));
      await m.query(`DELETE FROM leader_units WHERE user_id = $1`, [userId]);
      if (units.length) await m.query(`INSERT INTO leader_units (user_id, unit_id) SELECT $1, unnest($2::uuid[])`, [userId, units.map((u) => u.id)]);
    });
    return this.view(userId);
  }

  /**
   * A unit merge or split: every leader who oversees one of `sourceIds` oversees the successors too, in the caller's
   * transaction. The rows of the old units stay, so a past period read with `scope=oversight` keeps its units.
   */
  async followUnitChange(manager: EntityManager, sourceIds: string[], successorIds: string[]): Promise<void> {
    await manager.query(
      `INSERT INTO leader_units (user_id, unit_id)
       SELECT DISTINCT l.user_id, s.unit_id FROM leader_units l CROSS JOIN unnest($2::uuid[]) AS s(unit_id)
        WHERE l.unit_id = ANY($1::uuid[])
       ON CONFLICT DO NOTHING`,
      [sourceIds, successorIds],
    );
  }

  async view(userId: string): Promise<LeaderOversightView> {
    return { userId, units: (await this.unitsOf(userId)).map(({ code, name }) => ({ code, name })) };
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class LeaderOversightController {
  constructor(private readonly oversight: LeaderOversight) {}

  /** The units a leader oversees: an administrator reads anyone's, a user their own (403 otherwise). */
  @ApiAnswer('LeaderOversightView', { summary: 'Các đơn vị một lãnh đạo phụ trách', errors: [403] })
  @Get(':id/oversight')
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<LeaderOversightView> {
    if (actor.role !== 'admin' && actor.id !== id) throw forbidden('Chỉ quản trị viên xem khối đơn vị của người khác');
    return this.oversight.view(id);
  }

  /** Sets the units a leader oversees (administrators). Errors: see LeaderOversight.set. */
  @ApiAnswer('LeaderOversightView', { summary: 'Đặt các đơn vị một lãnh đạo phụ trách', errors: [422] })
  @Put(':id/oversight')
  @Roles('admin')
  set(@Param('id', UuidParamPipe) id: string, @Body() dto: SetOversightDto): Promise<LeaderOversightView> {
    return this.oversight.set(id, dto.unitCodes);
  }
}
