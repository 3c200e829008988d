import { describe, expect, it } from 'vitest';
import { compareTaskVersions, conflictReason, type TaskSnapshot } from '../../electron/core/sync/conflict-comparison.js';
import { missingReferences, placeFieldErrors } from '../../electron/core/sync/result-field-errors.js';
import type { ConflictRow } from '../../shared/contract/conflict.js';
import type { GatewayTask } from '../../shared/contract/gateway.js';
import { buildResult } from '../fixtures/result-builder.js';
import { buildTask } from '../fixtures/task-builder.js';

const gatewayTask: GatewayTask = buildTask({ taskId: 'T-CONFLICT-1', version: 3, status: 'assigned', assignedTo: ['op-8000-001', 'op-8000-002'] });

function snapshotOf(task: GatewayTask): TaskSnapshot {
  return {
    version: task.version,
    status: task.status,
    priority: task.inspection.priority,
    dueAt: task.inspection.dueAt,
    assignedTo: task.assignedTo,
    types: task.inspection.types,
    agencies: task.inspection.agencies,
    checklistId: task.inspection.checklistId,
    containers: task.containers,
    goods: task.goods,
  };
}

const base = snapshotOf(gatewayTask);
const changeOf = (rows: readonly ConflictRow[], field: ConflictRow['field'], key: string = field) => rows.find((row) => row.field === field && row.key === key)?.change;

describe('compareTaskVersions', () => {
  it('marks every field of the same version the same, one row per container and goods line', () => {
    const rows = compareTaskVersions(base, base);
    expect(rows.every((row) => row.change === 'same')).toBe(true);
    expect(rows.filter((row) => row.field === 'container')).toHaveLength(base.containers.length);
    expect(rows.filter((row) => row.field === 'goodsLine')).toHaveLength(base.goods.length);
  });

  it('marks a reassignment, a new type and a moved due time as changed, with both values', () => {
    const now: TaskSnapshot = {
      ...base,
      version: 5,
      assignedTo: ['op-8000-009', 'op-8000-010'],
      types: [...base.types, 'sampling'],
      dueAt: new Date(Date.parse(base.dueAt) + 3_600_000).toISOString(),
    };
    const rows = compareTaskVersions(base, now);
    expect(rows.find((row) => row.field === 'assignedTo')).toMatchObject({ change: 'changed', based: base.assignedTo, now: ['op-8000-009', 'op-8000-010'] });
    expect(changeOf(rows, 'types')).toBe('changed');
    expect(changeOf(rows, 'dueAt')).toBe('changed');
    expect(changeOf(rows, 'status')).toBe('same');
    expect(conflictReason('conflict', rows, now.status)).toBe('reassigned');
  });

  it('compares officers and seals as sets, not by their order', () => {
    const container = base.containers[0];
    if (!container) throw new Error('the built task has no container');
    const reordered: TaskSnapshot = {
      ...base,
      assignedTo: [...base.assignedTo].reverse(),
      containers: [{ ...container, sealNos: [...container.sealNos, 'EXTRA1'] }, ...base.containers.slice(1)],
    };
    const shuffled = compareTaskVersions({ ...base, containers: [{ ...container, sealNos: ['EXTRA1', ...container.sealNos] }, ...base.containers.slice(1)] }, reordered);
    expect(changeOf(shuffled, 'assignedTo')).toBe('same');
    expect(changeOf(shuffled, 'container', container.containerNo)).toBe('same');
  });

  it('lists a container only the newer version has as added and one only the older had as removed', () => {
    const [first] = base.containers;
    if (!first) throw new Error('the built task has no container');
    const added = { containerNo: 'MSCU1234566', sizeType: '45G1', sealNos: ['S1'] };
    const rows = compareTaskVersions(base, { ...base, containers: [added] });
    expect(rows.find((row) => row.field === 'container' && row.key === 'MSCU1234566')).toMatchObject({ change: 'added', based: null, now: { sizeType: '45G1', sealNos: ['S1'] } });
    expect(rows.find((row) => row.field === 'container' && row.key === first.containerNo)).toMatchObject({ change: 'removed', now: null });
  });

  it('says not_kept for what the version history does not hold, and for everything when the version is gone', () => {
    const history = { version: 2, status: base.status, priority: base.priority, dueAt: base.dueAt, assignedTo: base.assignedTo };
    const rows = compareTaskVersions(history, { ...base, types: ['document'] });
    expect(changeOf(rows, 'status')).toBe('same');
    expect(changeOf(rows, 'types')).toBe('not_kept');
    expect(rows.filter((row) => row.field === 'container').every((row) => row.change === 'not_kept' && row.based === null && row.now !== null)).toBe(true);
    // Nothing this workstation can see explains the 409: said as "changed", not guessed.
    expect(conflictReason('conflict', rows, base.status)).toBe('changed');
    expect(compareTaskVersions(null, base).every((row) => row.change === 'not_kept')).toBe(true);
  });
});

describe('conflictReason', () => {
  const rows = compareTaskVersions(base, base);
  it('puts a refusal, then a cancelled or closed task, then the inspection first', () => {
    expect(conflictReason('rejected', rows, 'cancelled')).toBe('refused');
    expect(conflictReason('conflict', rows, 'cancelled')).toBe('cancelled');
    expect(conflictReason('conflict', rows, 'released')).toBe('closed');
    expect(conflictReason('conflict', compareTaskVersions(base, { ...base, checklistId: 'CL-OTHER' }), 'assigned')).toBe('inspection_changed');
  });
});

describe('placeFieldErrors', () => {
  const result = buildResult(gatewayTask);
  it('puts each 422 error on the item of the result it names and keeps the ones that name nothing', () => {
    const placed = placeFieldErrors(result, [
      { path: 'findings.0.code', message: 'unknown finding code' },
      { path: 'seals.0.containerNo', message: 'no such container' },
      { path: 'countersign.refusalNote', message: 'must be noted' },
      { path: 'inspectors', message: 'two officers' },
      { path: 'findings.7.code', message: 'past the end' },
      { path: '(body)', message: 'not JSON' },
    ]);
    expect(placed.map((error) => error.item)).toEqual(['findings.0', 'seals.0', null, 'inspectors', null, null]);
    expect(placed[0]).toEqual({ path: 'findings.0.code', message: 'unknown finding code', item: 'findings.0' });
  });
});

describe('missingReferences', () => {
  it('names the parts of the result that refer to a container or goods line the task no longer has', () => {
    const result = buildResult(gatewayTask);
    const sealed = result.seals[0]?.containerNo;
    if (sealed === undefined) throw new Error('the built result has no seal entry');
    expect(missingReferences(result, gatewayTask)).toEqual([]);
    const lowered = { ...result, seals: [{ containerNo: sealed.toLowerCase(), removed: [], applied: [] }] };
    expect(missingReferences(lowered, gatewayTask)).toEqual([]);
    const shrunk = { containers: [], goods: gatewayTask.goods.filter((goods) => goods.line !== result.findings[0]?.goodsLine) };
    expect(missingReferences(result, shrunk)).toEqual([
      { item: 'findings.0', kind: 'goodsLine', key: String(result.findings[0]?.goodsLine) },
      { item: 'seals.0', kind: 'container', key: sealed },
    ]);
  });
});
