import type { Database as Sqlite } from 'better-sqlite3';
import { z } from 'zod';
import { containerSchema, goodsLineSchema } from '../../../shared/contract/gateway-task.js';
import type { Agency, InspectionType, TaskStatus, TaskVersion } from '../../../shared/contract/index.js';
import { StatementCache } from './statement-cache.js';
import { agencyCodec, inspectionTypeCodec, priorityOfRank } from './task-codes.js';

/** The earlier versions of one task that migration 007's trigger kept, newest first. */
export function readTaskHistory(statements: StatementCache, rid: number): TaskVersion[] {
  const versions = statements.get(VERSIONS_SQL).all({ rid }) as VersionRow[];
  if (versions.length === 0) return [];
  const assignees = statements.get(VERSION_ASSIGNEES_SQL).all({ rid }) as { version: number; operator_id: string }[];
  return versions.map((row) =>
    summaryOf(
      row,
      assignees.filter((assignee) => assignee.version === row.version).map((assignee) => assignee.operator_id),
    ),
  );
}

/** What migration 012 keeps of an earlier version beyond its summary: the inspection and the cargo. */
interface KeptDetail {
  types: InspectionType[];
  agencies: Agency[];
  checklistId: string;
  containers: z.infer<typeof containerSchema>[];
  goods: z.infer<typeof goodsLineSchema>[];
}

/** `detail` null: the version was kept before migration 012, which kept only the summary. */
type KeptTaskVersion = TaskVersion & { detail: KeptDetail | null };

/** One earlier version of a task, whole where the history holds it: what a result made on it is compared with. */
export class TaskHistory {
  private readonly statements: StatementCache;

  constructor(connection: Sqlite) {
    this.statements = new StatementCache(connection);
  }

  version(taskId: string, version: number): KeptTaskVersion | null {
    const row = this.statements.get(KEPT_VERSION_SQL).get({ taskId, version }) as KeptRow | undefined;
    if (!row) return null;
    const assignedTo = this.statements.get(KEPT_ASSIGNEES_SQL).pluck().all({ taskId, version }) as string[];
    return { ...summaryOf(row, assignedTo), detail: detailOf(row) };
  }
}

interface VersionRow {
  version: number;
  status: TaskStatus;
  priority_rank: number;
  due_at: number;
  updated_at: string;
  superseded_at: string;
}

interface KeptRow extends VersionRow {
  type_mask: number | null;
  agency_mask: number | null;
  checklist_id: string | null;
  cargo: string | null;
}

function summaryOf(row: VersionRow, assignedTo: string[]): TaskVersion {
  return {
    version: row.version,
    status: row.status,
    priority: priorityOfRank(row.priority_rank),
    dueAt: new Date(row.due_at).toISOString(),
    assignedTo,
    updatedAt: row.updated_at,
    supersededAt: row.superseded_at,
  };
}

const keptCargoSchema = z.object({ containers: z.array(containerSchema), goods: z.array(goodsLineSchema) });

/**
 * Read back through the contract's own schemas. A document that does not read as one (edited by
 * hand) counts as not kept: the panel then says so for those fields instead of failing as a whole.
 */
function detailOf(row: KeptRow): KeptDetail | null {
  if (row.type_mask === null || row.agency_mask === null || row.checklist_id === null || row.cargo === null) return null;
  let cargo: z.infer<typeof keptCargoSchema>;
  try {
    const parsed = keptCargoSchema.safeParse(JSON.parse(row.cargo));
    if (!parsed.success) return null;
    cargo = parsed.data;
  } catch {
    return null;
  }
  return {
    types: inspectionTypeCodec.fromMask(row.type_mask),
    agencies: agencyCodec.fromMask(row.agency_mask),
    checklistId: row.checklist_id,
    containers: cargo.containers,
    goods: cargo.goods,
  };
}

const VERSIONS_SQL =
  'SELECT version, status, priority_rank, due_at, updated_at, superseded_at FROM task_versions WHERE task_rid = @rid ORDER BY version DESC';
const VERSION_ASSIGNEES_SQL = 'SELECT version, operator_id FROM task_version_assignees WHERE task_rid = @rid ORDER BY version, operator_id';
const KEPT_VERSION_SQL = `SELECT v.version, v.status, v.priority_rank, v.due_at, v.updated_at, v.superseded_at, v.type_mask, v.agency_mask, v.checklist_id, v.cargo
  FROM task_versions v JOIN tasks t ON t.rid = v.task_rid WHERE t.task_id = @taskId AND v.version = @version`;
const KEPT_ASSIGNEES_SQL = `SELECT a.operator_id FROM task_version_assignees a JOIN tasks t ON t.rid = a.task_rid
  WHERE t.task_id = @taskId AND a.version = @version ORDER BY a.operator_id`;
