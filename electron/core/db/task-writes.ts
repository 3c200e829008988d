import type { Database as Sqlite } from 'better-sqlite3';
import type { GatewayTask } from '../../../shared/contract/gateway-task.js';
import type { TaskStatus } from '../../../shared/contract/index.js';
import type { StatementCache } from './statement-cache.js';
import { agencyCodec, inspectionTypeCodec, priorityRank } from './task-codes.js';
import { cjkBigrams } from './task-search.js';

export interface UpsertSummary {
  inserted: number;
  updated: number;
  /** Versions not newer than the stored one: a redelivered or stale change, a no-op. */
  unchanged: number;
}

const TASK_COLUMNS = [
  'task_id', 'version', 'port_code', 'declaration_no', 'bill_of_lading', 'mode', 'consignee_name', 'consignee_uscc',
  'credit_grade', 'credit_as_of', 'priority_rank', 'status', 'due_at', 'agency_mask', 'type_mask', 'area', 'lon', 'lat',
  'checklist_id', 'cargo_id', 'updated_at', 'goods_summary',
] as const;

export const INSERT_TASK = `INSERT INTO tasks (${TASK_COLUMNS.join(', ')}) VALUES (${TASK_COLUMNS.map((c) => `@${c}`).join(', ')})`;
const UPDATE_TASK = `UPDATE tasks SET ${TASK_COLUMNS.filter((c) => c !== 'task_id').map((c) => `${c} = @${c}`).join(', ')} WHERE rid = @rid`;
const FIND_TASK = 'SELECT rid, version FROM tasks WHERE task_id = ?';
const FIND_CANCELLATION = 'SELECT version FROM task_cancellations WHERE task_id = ?';
const FORGET_CANCELLATION = 'DELETE FROM task_cancellations WHERE task_id = ?';
const RECORD_CANCELLATION = `INSERT INTO task_cancellations (task_id, version, reason) VALUES (?, ?, ?)
  ON CONFLICT (task_id) DO UPDATE SET version = excluded.version, reason = excluded.reason WHERE excluded.version > version`;
const CANCEL_TASK = "UPDATE tasks SET status = 'cancelled', version = @version WHERE rid = @rid";
const TASK_STATE = 'SELECT rid, status FROM tasks WHERE task_id = ?';
const TASK_ASSIGNEES = 'SELECT operator_id FROM task_assignments WHERE task_rid = ? ORDER BY operator_id';

export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged';
/** unknown: the cache never held the task, so there is nothing to cancel (see cancelOne). */
export type CancelOutcome = 'cancelled' | 'unchanged' | 'unknown';

export interface TaskCancel {
  taskId: string;
  version: number;
  reason: string;
}

/** What the cache holds about a task's assignment, for deciding whether a change takes it from someone. */
export interface AssignmentState {
  status: TaskStatus;
  assignedTo: string[];
}
const CHILD_TABLES = ['task_seals', 'task_containers', 'task_goods', 'task_assignments', 'task_risk_reasons', 'task_prior_inspections'] as const;

/** Writes tasks from the single window; one call is one transaction (callers batch a page per call). */
export class TaskWrites {
  constructor(
    private readonly connection: Sqlite,
    private readonly statements: StatementCache,
  ) {}

  upsertMany(tasks: readonly GatewayTask[]): UpsertSummary {
    return this.connection.transaction(() => {
      const summary: UpsertSummary = { inserted: 0, updated: 0, unchanged: 0 };
      for (const task of tasks) summary[this.upsertOne(task)]++;
      return summary;
    }).immediate();
  }

  /**
   * Marks a cached task cancelled at the cancel's version, when that version is newer. A cancel for
   * a task the cache never held is recorded in task_cancellations (a task row needs data a cancel
   * does not carry): the task exists in the single window, cancelled, and cache:export lists it.
   * Runs inside the caller's transaction.
   */
  cancelOne(cancel: TaskCancel): CancelOutcome {
    const existing = this.statements.get(FIND_TASK).get(cancel.taskId) as { rid: number; version: number } | undefined;
    if (!existing) {
      this.statements.get(RECORD_CANCELLATION).run(cancel.taskId, cancel.version, cancel.reason);
      return 'unknown';
    }
    if (existing.version >= cancel.version) return 'unchanged';
    this.statements.get(CANCEL_TASK).run({ rid: existing.rid, version: cancel.version });
    return 'cancelled';
  }

  /**
   * Drops every cached task; containers, goods, assignments and search entries go with them
   * (cascades and triggers). Drafts, results and flags are not tasks and stay.
   */
  forgetAll(): number {
    this.statements.get('DELETE FROM task_cancellations').run();
    return this.statements.get('DELETE FROM tasks').run().changes;
  }

  assignmentOf(taskId: string): AssignmentState | null {
    const row = this.statements.get(TASK_STATE).get(taskId) as { rid: number; status: TaskStatus } | undefined;
    if (!row) return null;
    const assignedTo = this.statements.get(TASK_ASSIGNEES).pluck().all(row.rid) as string[];
    return { status: row.status, assignedTo };
  }

  /** One task, inside the caller's transaction; a version not newer than the stored one is a no-op. */
  upsertOne(task: GatewayTask): UpsertOutcome {
    const existing = this.statements.get(FIND_TASK).get(task.taskId) as { rid: number; version: number } | undefined;
    const row = taskRow(task);
    let rid: number;
    if (existing) {
      if (existing.version >= task.version) return 'unchanged';
      rid = existing.rid;
      // Object.assign rather than a spread followed by a new key (README "Hot paths and the young generation").
      this.statements.get(UPDATE_TASK).run(Object.assign({}, row, { rid }));
      for (const table of CHILD_TABLES) this.statements.get(`DELETE FROM ${table} WHERE task_rid = ?`).run(rid);
      this.statements.get('DELETE FROM task_cjk WHERE rowid = ?').run(rid);
    } else {
      const cancelled = this.statements.get(FIND_CANCELLATION).pluck().get(task.taskId) as number | undefined;
      if (cancelled !== undefined && cancelled >= task.version) return 'unchanged';
      if (cancelled !== undefined) this.statements.get(FORGET_CANCELLATION).run(task.taskId);
      rid = Number(this.statements.get(INSERT_TASK).run(row).lastInsertRowid);
    }
    this.writeChildren(rid, task);
    return existing ? 'updated' : 'inserted';
  }

  private writeChildren(rid: number, task: GatewayTask): void {
    for (const [sql, rows] of childRows(rid, task)) {
      // Nothing prepared for an empty list: a file at an older schema (migration tests) lacks newer child tables.
      if (rows.length === 0) continue;
      const statement = this.statements.get(CHILD_INSERTS[sql]);
      for (const row of rows) statement.run(row);
    }
  }
}

/** The child rows of one task, by statement; the task's search document goes in task_search_text, whose triggers keep the trigram index in step. */
export const CHILD_INSERTS = {
  container: 'INSERT INTO task_containers (task_rid, seq, container_no, size_type) VALUES (?, ?, ?, ?)',
  seal: 'INSERT INTO task_seals (task_rid, container_seq, seq, seal_no) VALUES (?, ?, ?, ?)',
  goods: 'INSERT INTO task_goods (task_rid, line, hs_code, description, quantity, unit, origin_country, declared_value, currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  assignee: 'INSERT OR IGNORE INTO task_assignments (task_rid, operator_id) VALUES (?, ?)',
  reason: 'INSERT INTO task_risk_reasons (task_rid, seq, reason) VALUES (?, ?, ?)',
  prior: 'INSERT INTO task_prior_inspections (task_rid, seq, port_code, site_id, at, result_id, outcome, disposition, agency_mask) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  search: 'INSERT INTO task_search_text (rid, document) VALUES (?, ?) ON CONFLICT (rid) DO UPDATE SET document = excluded.document',
  cjk: 'INSERT INTO task_cjk (rowid, words) VALUES (?, ?)',
} as const;

type Row = readonly (string | number)[];

export function childRows(rid: number, task: GatewayTask): [keyof typeof CHILD_INSERTS, Row[]][] {
  const bigrams = cjkBigrams(task.consignee.name, ...task.goods.map((line) => line.description));
  return [
    ['container', task.containers.map((item, seq): Row => [rid, seq, item.containerNo, item.sizeType])],
    ['seal', task.containers.flatMap((item, seq) => item.sealNos.map((sealNo, sealSeq): Row => [rid, seq, sealSeq, sealNo]))],
    ['goods', task.goods.map((l): Row => [rid, l.line, l.hsCode, l.description, l.quantity, l.unit, l.originCountry, l.declaredValue, l.currency])],
    ['assignee', task.assignedTo.map((operatorId): Row => [rid, operatorId])],
    ['reason', task.inspection.riskReasons.map((text, seq): Row => [rid, seq, text])],
    ['prior', (task.priorInspections ?? []).map((p, seq): Row => [rid, seq, p.portCode, p.siteId, p.at, p.resultId, p.outcome, p.disposition, agencyCodec.toMask(p.agencies)])],
    ['search', [[rid, searchDocument(task)]]],
    ['cjk', bigrams === '' ? [] : [[rid, bigrams]]],
  ];
}

/** Everything a search box looks in, normalized as queries are (NFKC, lower case) so a row check is a substring test. */
export function searchDocument(task: GatewayTask): string {
  return [
    task.containers.map((item) => item.containerNo).join(' '),
    task.declarationNo,
    task.consignee.name,
    task.consignee.uscc,
    ...task.goods.map((line) => line.description),
  ]
    .join('\n')
    .normalize('NFKC')
    .toLowerCase();
}

export function taskRow(task: GatewayTask): Record<(typeof TASK_COLUMNS)[number], string | number> {
  return {
    task_id: task.taskId,
    version: task.version,
    port_code: task.portCode,
    declaration_no: task.declarationNo,
    bill_of_lading: task.billOfLading,
    mode: task.mode,
    consignee_name: task.consignee.name,
    consignee_uscc: task.consignee.uscc,
    credit_grade: task.consignee.creditGrade,
    credit_as_of: task.consignee.creditAsOf,
    priority_rank: priorityRank(task.inspection.priority),
    status: task.status,
    due_at: Date.parse(task.inspection.dueAt),
    agency_mask: agencyCodec.toMask(task.inspection.agencies),
    type_mask: inspectionTypeCodec.toMask(task.inspection.types),
    area: task.inspection.location.area,
    lon: task.inspection.location.lon,
    lat: task.inspection.location.lat,
    checklist_id: task.inspection.checklistId,
    cargo_id: task.cargoId,
    updated_at: task.updatedAt,
    goods_summary: task.goods[0]?.description ?? '',
  };
}
