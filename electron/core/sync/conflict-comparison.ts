import type { ConflictReason, ConflictRow, FieldChange } from '../../../shared/contract/conflict.js';
import { openStatuses, type Agency, type InspectionType, type Priority, type TaskStatus } from '../../../shared/contract/enums.js';
import type { GatewayTask } from '../../../shared/contract/gateway.js';
import { normalizeContainerNo } from '../../../shared/domain/iso6346.js';

type Container = GatewayTask['containers'][number];
type GoodsLine = GatewayTask['goods'][number];

/** A version of a task as this workstation knows it, whole (the cached task now). */
export interface TaskSnapshot {
  version: number;
  status: TaskStatus;
  priority: Priority;
  dueAt: string;
  assignedTo: readonly string[];
  types: readonly InspectionType[];
  agencies: readonly Agency[];
  checklistId: string;
  containers: readonly Container[];
  goods: readonly GoodsLine[];
}

/**
 * An earlier version: the version history keeps it whole since migration 012; a version kept
 * before that has only status, priority, due time and officers (migration 007).
 */
export type BasedSnapshot = Pick<TaskSnapshot, 'version' | 'status' | 'priority' | 'dueAt' | 'assignedTo'> & Partial<Omit<TaskSnapshot, 'version'>>;

/**
 * The task the result was based on beside the task now, field by field, in the order the task
 * detail shows them: status, priority, due time, officers, inspection types, agencies, checklist,
 * then one row per container (its size type and declared seals) and per goods line. `based` null:
 * the workstation no longer holds that version at all (the history keeps the last 20). Lists that
 * are sets (officers, types, agencies, seals) compare without their order.
 */
export function compareTaskVersions(based: BasedSnapshot | null, now: TaskSnapshot): ConflictRow[] {
  const rows: ConflictRow[] = [
    scalar('status', based?.status, now.status),
    scalar('priority', based?.priority, now.priority),
    { field: 'dueAt', key: 'dueAt', ...pair(based?.dueAt, now.dueAt, (a, b) => Date.parse(a) === Date.parse(b)) },
    { field: 'assignedTo', key: 'assignedTo', ...pair(based?.assignedTo && [...based.assignedTo], [...now.assignedTo], sameSet) },
    { field: 'types', key: 'types', ...pair(based?.types && [...based.types], [...now.types], sameSet) },
    { field: 'agencies', key: 'agencies', ...pair(based?.agencies && [...based.agencies], [...now.agencies], sameSet) },
    scalar('checklistId', based?.checklistId, now.checklistId),
  ];
  const containerValue = (container: Container) => ({ sizeType: container.sizeType, sealNos: [...container.sealNos] });
  for (const [key, sides] of keyed(based?.containers, now.containers, (container) => normalizeContainerNo(container.containerNo))) {
    rows.push({ field: 'container', key, ...sides(containerValue, (a, b) => a.sizeType === b.sizeType && sameSet(a.sealNos, b.sealNos)) });
  }
  const goodsValue = ({ line: _line, ...rest }: GoodsLine) => rest;
  for (const [key, sides] of keyed(based?.goods, now.goods, (goods) => String(goods.line))) {
    rows.push({ field: 'goodsLine', key, ...sides(goodsValue, (a, b) => JSON.stringify(a) === JSON.stringify(b)) });
  }
  return rows;
}

/**
 * What happened, in the order that matters to the officer: a 422 is a refusal of the content; for
 * a 409 the task's state now first (cancelled, closed), then who holds it, then what to inspect.
 */
export function conflictReason(state: 'conflict' | 'rejected', rows: readonly ConflictRow[], nowStatus: TaskStatus | null): ConflictReason {
  if (state === 'rejected') return 'refused';
  if (nowStatus === 'cancelled') return 'cancelled';
  if (nowStatus !== null && !(openStatuses as readonly TaskStatus[]).includes(nowStatus)) return 'closed';
  const changed = (...fields: ConflictRow['field'][]) => rows.some((row) => fields.includes(row.field) && row.change === 'changed');
  if (changed('assignedTo')) return 'reassigned';
  if (changed('types', 'agencies', 'checklistId')) return 'inspection_changed';
  return 'changed';
}

function scalar<F extends 'status' | 'priority' | 'checklistId', T extends string>(field: F, based: T | undefined, now: T) {
  return { field, key: field, ...pair(based, now, (a, b) => a === b) } as Extract<ConflictRow, { field: F }>;
}

function pair<T>(based: T | undefined, now: T, same: (a: T, b: T) => boolean): { change: FieldChange; based: T | null; now: T } {
  if (based === undefined) return { change: 'not_kept', based: null, now };
  return { change: same(based, now) ? 'same' : 'changed', based, now };
}

/**
 * The union of both versions' items by key, the newer version's order first, then those only the
 * older one had. Each entry makes its row's sides from a value function and a comparison.
 */
function keyed<T>(based: readonly T[] | undefined, now: readonly T[], keyOf: (item: T) => string) {
  const older = new Map((based ?? []).map((item) => [keyOf(item), item]));
  const newer = new Map(now.map((item) => [keyOf(item), item]));
  const keys = [...newer.keys(), ...[...older.keys()].filter((key) => !newer.has(key))];
  return keys.map((key) => {
    const sides = <V>(value: (item: T) => V, same: (a: V, b: V) => boolean): { change: FieldChange; based: V | null; now: V | null } => {
      const a = older.get(key);
      const b = newer.get(key);
      if (based === undefined) return { change: 'not_kept', based: null, now: b === undefined ? null : value(b) };
      if (a === undefined) return { change: 'added', based: null, now: b === undefined ? null : value(b) };
      if (b === undefined) return { change: 'removed', based: value(a), now: null };
      const [va, vb] = [value(a), value(b)];
      return { change: same(va, vb) ? 'same' : 'changed', based: va, now: vb };
    };
    return [key, sides] as const;
  });
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sorted = (list: readonly string[]) => JSON.stringify([...list].sort());
  return sorted(a) === sorted(b);
}
