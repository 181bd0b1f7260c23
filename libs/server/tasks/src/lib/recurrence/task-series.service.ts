import { Injectable } from '@nestjs/common';
import type { FieldError, TaskRecurrenceView } from '@tiendo/contracts';
import { addDays, isLocalDate, LocalDate, nextOccurrences, RECURRENCE_LIMITS, recurrenceOccurrences, RecurrenceRule, recurrenceRuleErrors, recurrenceStart, WorkingCalendar } from '@tiendo/domain';
import { HolidaysService } from '@tiendo/server-calendar';
import type { FieldChange } from '@tiendo/server-audit';
import { validationFailed } from '@tiendo/server-core';
import { EntityManager } from 'typeorm';

/**
 * A task's recurrence as create and update take it (`recurrence`): `rule` is libs/domain's RecurrenceRule
 * (recurrence.ts: every month on a day or on the last working day, every quarter, every year, or every N working
 * days), `aheadWorkingDays` how many working days before its deadline each occurrence is created (0–60, default 5),
 * `endsOn` the last deadline it makes (a Vietnamese day; none: open-ended).
 */
export interface RecurrenceInput {
  rule: RecurrenceRule;
  aheadWorkingDays?: number;
  endsOn?: LocalDate | null;
}

/**
 * The task page's parts (TaskQueryRepository.viewWithParts, over task id $1): the task's latest series, and the series
 * the task is an occurrence of (with its origin task's code).
 */
export const SERIES_OF_TASK_SQL = `SELECT rule, ahead_working_days, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on
   FROM task_series WHERE task_id = $1 ORDER BY created_at DESC, starts_on DESC LIMIT 1`;
export const OCCURRENCE_OF_TASK_SQL = `SELECT s.task_id, t.code, o.occurrence_key
   FROM task_occurrences o JOIN task_series s ON s.id = o.series_id JOIN tasks t ON t.id = s.task_id WHERE o.task_id = $1`;

export interface SeriesOfTaskRow {
  rule: RecurrenceRule;
  ahead_working_days: number;
  starts_on: LocalDate;
  ends_on: LocalDate | null;
}

/**
 * The recurrence in force of a task (TaskDetailView.recurrence) from its latest series row: null when it has none or it
 * has ended before `today` (ended by `recurrence: null` or a change, or past its `endsOn`); else the rule with its next
 * occurrences due on or after `today` (at most three, none after `endsOn`), counted from the series' start as the
 * worker's generator counts them (same keys and deadlines: every N working days runs on from `starts_on`, not from today).
 */
export function recurrenceInForce(row: SeriesOfTaskRow | undefined, today: LocalDate, calendar: WorkingCalendar): TaskRecurrenceView | null {
  if (!row || (row.ends_on !== null && (row.ends_on < today || row.ends_on < row.starts_on))) return null;
  const next: TaskRecurrenceView['next'] = [];
  for (const o of recurrenceOccurrences(row.rule, row.starts_on, calendar, row.ahead_working_days)) {
    if (next.length === 3 || (row.ends_on !== null && o.deadline > row.ends_on)) break;
    if (o.deadline >= today) next.push({ key: o.key, deadline: o.deadline, createOn: o.createOn });
  }
  return { rule: row.rule, aheadWorkingDays: row.ahead_working_days, startsOn: row.starts_on, endsOn: row.ends_on, next };
}

/** An occurrence is created this many working days before its deadline unless the recurrence says otherwise. */
export const DEFAULT_AHEAD_WORKING_DAYS = 5;

const RULE_MESSAGES: Record<string, string> = {
  frequency: 'Chu kỳ lặp phải là: hằng tháng, hằng quý, hằng năm hoặc sau mỗi N ngày làm việc',
  'on.day': 'Ngày trong tháng phải từ 1 đến 31',
  'on.kind': 'Chọn một ngày trong tháng hoặc ngày làm việc cuối cùng của tháng',
  'on.onDayOff': 'Cách xử lý khi trùng ngày nghỉ không hợp lệ',
  monthOfQuarter: 'Tháng trong quý phải là 1, 2 hoặc 3',
  month: 'Tháng phải từ 1 đến 12',
  interval: 'Số ngày làm việc giữa hai lần phải từ 1 đến 260',
};

/** 31/12/2026 for 2026-12-31 (the day as messages write it). */
const viDate = (d: LocalDate) => d.split('-').reverse().join('/');

/**
 * What a deadline on a day off becomes when a rule's `onDayOff` is not given: moved to the next working day, as
 * Civil Code 2015 art. 148(4) ends a term whose last day is a day off at the end of the next working day (the web
 * form's default too). The API stores it in the rule, so the series says what it does.
 */
export const DEFAULT_ON_DAY_OFF = 'next_working_day' as const;

/**
 * The series of recurring tasks (task_series; its only writer): a task given a `recurrence` starts a series, whose
 * occurrences the worker creates (RecurringTaskGenerator, run by the daily report-task job) as ordinary tasks copying
 * the task. Changing the recurrence ends the series and starts another; removing it (null) ends it; occurrences
 * already created stay as they are. A series starts the day after the task's own deadline (the task is the first
 * occurrence) and after the last deadline already created, so no period gets two (every N working days: N working
 * days after them; libs/domain recurrenceStart).
 */
@Injectable()
export class TaskSeriesService {
  constructor(private readonly holidays: HolidaysService) {}

  /** 400 VALIDATION_FAILED with a field per problem (`recurrence.rule.on.day`, …) when `input` is not a recurrence. */
  check(input: unknown): RecurrenceInput {
    const errors: FieldError[] = [];
    const r = input as Partial<RecurrenceInput> | null;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw validationFailed([{ field: 'recurrence', rule: 'isObject', message: 'Cách lặp lại không hợp lệ' }]);
    if (typeof r.rule !== 'object' || r.rule === null || Array.isArray(r.rule)) {
      errors.push({ field: 'recurrence.rule', rule: 'isObject', message: 'Chọn chu kỳ lặp lại' });
    } else {
      let ruleErrors: string[];
      try {
        ruleErrors = recurrenceRuleErrors(r.rule);
      } catch {
        ruleErrors = ['frequency'];
      }
      for (const f of ruleErrors) errors.push({ field: `recurrence.rule.${f}`, rule: 'recurrenceRule', message: RULE_MESSAGES[f] ?? 'Giá trị không hợp lệ' });
    }
    const ahead = r.aheadWorkingDays;
    const b = RECURRENCE_LIMITS.aheadWorkingDays;
    if (ahead !== undefined && !(typeof ahead === 'number' && Number.isInteger(ahead) && ahead >= b.min && ahead <= b.max)) {
      errors.push({ field: 'recurrence.aheadWorkingDays', rule: 'recurrenceRule', message: `Số ngày làm việc tạo trước hạn phải từ ${b.min} đến ${b.max}` });
    }
    if (r.endsOn !== undefined && r.endsOn !== null && !isLocalDate(r.endsOn)) {
      errors.push({ field: 'recurrence.endsOn', rule: 'isLocalDate', message: 'Ngày kết thúc phải là một ngày có thật, dạng YYYY-MM-DD' });
    }
    const extra = Object.keys(r).filter((k) => !['rule', 'aheadWorkingDays', 'endsOn'].includes(k));
    for (const k of extra) errors.push({ field: `recurrence.${k}`, rule: 'whitelistValidation', message: 'Trường này không được phép' });
    if (errors.length > 0) throw validationFailed(errors);
    return { rule: withDayOffDefault(r.rule as RecurrenceRule), aheadWorkingDays: ahead ?? DEFAULT_AHEAD_WORKING_DAYS, endsOn: r.endsOn ?? null };
  }

  /**
   * Sets the task's recurrence in the caller's transaction: ends its open series (the day before `today`, or its
   * start's eve when it had not begun) and, for an input, starts a new one (libs/domain recurrenceStart: for calendar
   * rules the latest of today, the day after the task's deadline and the day after the last occurrence created; for
   * every N working days, N working days after the latest of those deadlines and today). Returns the history change
   * `{ field: 'recurrence', from, to }` (null when nothing changed). 400 VALIDATION_FAILED on `recurrence.endsOn`
   * when `endsOn` is before the new series' first deadline (the series would make nothing), naming that day; the
   * caller's transaction then writes nothing.
   */
  async set(manager: EntityManager, task: { id: string; deadline: LocalDate | null }, input: RecurrenceInput | null, actorId: string, today: LocalDate, now: Date): Promise<FieldChange | null> {
    const [open]: Array<{ id: string; rule: RecurrenceRule; ahead_working_days: number; starts_on: LocalDate; ends_on: LocalDate | null }> = await manager.query(
      `SELECT id, rule, ahead_working_days, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on
         FROM task_series WHERE task_id = $1 AND (ends_on IS NULL OR (ends_on >= $2 AND ends_on >= starts_on))
        ORDER BY created_at DESC, starts_on DESC LIMIT 1 FOR UPDATE`,
      [task.id, today],
    );
    if (!open && !input) return null;
    const from = open ? { rule: open.rule, aheadWorkingDays: open.ahead_working_days, endsOn: open.ends_on } : null;
    if (open) {
      let end = addDays(today, -1);
      if (open.ends_on !== null && open.ends_on < end) end = open.ends_on;
      if (end < addDays(open.starts_on, -1)) end = addDays(open.starts_on, -1);
      await manager.query(`UPDATE task_series SET ends_on = $2 WHERE id = $1`, [open.id, end]);
    }
    if (!input) return { field: 'recurrence', from, to: null };
    const [{ last }] = await manager.query(
      `SELECT to_char(max(t.deadline), 'YYYY-MM-DD') AS last FROM task_occurrences o JOIN task_series s ON s.id = o.series_id JOIN tasks t ON t.id = o.task_id WHERE s.task_id = $1`,
      [task.id],
    );
    const calendar = await this.holidays.calendar();
    const startsOn = recurrenceStart(input.rule, { today, deadline: task.deadline, lastDeadline: last as LocalDate | null }, calendar);
    const [first] = nextOccurrences(input.rule, startsOn, calendar, 1);
    if (input.endsOn && input.endsOn < first.deadline) {
      throw validationFailed([{ field: 'recurrence.endsOn', rule: 'minDate', message: `Ngày kết thúc không được trước ${viDate(first.deadline)} (hạn của lần lặp đầu tiên)` }]);
    }
    await manager.query(
      `INSERT INTO task_series (task_id, rule, ahead_working_days, starts_on, ends_on, created_by_id, created_at) VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7)`,
      [task.id, JSON.stringify(input.rule), input.aheadWorkingDays ?? DEFAULT_AHEAD_WORKING_DAYS, startsOn, input.endsOn ?? null, actorId, now],
    );
    return { field: 'recurrence', from, to: { rule: input.rule, aheadWorkingDays: input.aheadWorkingDays ?? DEFAULT_AHEAD_WORKING_DAYS, endsOn: input.endsOn ?? null, startsOn } };
  }
}

/** The rule with `onDayOff` given (DEFAULT_ON_DAY_OFF when it was not) on a day of the month; other rules as they are. */
function withDayOffDefault(rule: RecurrenceRule): RecurrenceRule {
  if (rule.frequency === 'working_days' || rule.on.kind !== 'day' || rule.on.onDayOff !== undefined) return rule;
  return { ...rule, on: { ...rule.on, onDayOff: DEFAULT_ON_DAY_OFF } };
}
