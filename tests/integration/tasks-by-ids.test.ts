import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { MAX_TASKS_BY_ID, responseFrameSchema, taskRowsSchema, type ResponseFrame } from '../../shared/contract/index.js';
import { buildTask } from '../fixtures/task-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * tasks:byIds, the map's read of the tasks its live cargo name: through the core's router on a real
 * database, the same rows as the task list (status, priority, overdue at the core's clock).
 */
const NOW = Date.parse('2026-11-21T00:00:00Z');
const temp = makeTempDir('console-tasks-by-ids-');
let core: Core;

beforeAll(() => {
  core = startCore({ dataDir: temp.dir, logSink: nullSink, clock: () => NOW });
  core.db.tasks.upsertMany([
    buildTask({ taskId: 'JI-8000-2026-000001', cargoId: 'CG-1', status: 'assigned' }, { priority: 'urgent', dueAt: '2026-11-20T00:00:00Z' }),
    buildTask({ taskId: 'JI-8000-2026-000002', cargoId: 'CG-2', status: 'held' }, { priority: 'high', dueAt: '2026-11-20T00:00:00Z' }),
    buildTask({ taskId: 'JI-8000-2026-000003', cargoId: 'CG-3' }, { priority: 'normal', dueAt: '2026-11-30T00:00:00Z' }),
  ]);
});
afterAll(async () => {
  await core.close();
  temp.remove();
});

async function call(input: unknown): Promise<ResponseFrame> {
  return responseFrameSchema.parse(await core.router.handle(JSON.stringify({ type: 'request', id: 1, method: 'tasks:byIds', input }), { roles: ['inspector'] }));
}

describe('tasks:byIds', () => {
  it('answers the rows the cache holds, with status, priority and overdue as the list computes them, and skips unknown ids', async () => {
    const frame = await call({ taskIds: ['JI-8000-2026-000001', 'JI-8000-2026-000002', 'JI-8000-2026-000003', 'JI-8000-2026-999999'] });
    if (!frame.result.ok) throw new Error(frame.result.error.message);
    const { rows } = taskRowsSchema.parse(frame.result.value);
    const byId = new Map(rows.map((row) => [row.taskId, row]));
    expect([...byId.keys()].sort()).toEqual(['JI-8000-2026-000001', 'JI-8000-2026-000002', 'JI-8000-2026-000003']);
    expect(byId.get('JI-8000-2026-000001')).toMatchObject({ status: 'assigned', priority: 'urgent', overdue: true, cargoId: 'CG-1' });
    // Past due but held: no longer waiting for work, so not overdue (the list's rule).
    expect(byId.get('JI-8000-2026-000002')).toMatchObject({ status: 'held', priority: 'high', overdue: false });
    expect(byId.get('JI-8000-2026-000003')).toMatchObject({ status: 'pending', priority: 'normal', overdue: false });
  });

  it('refuses an empty list and more ids than the cap as invalid input', async () => {
    for (const taskIds of [[], Array.from({ length: MAX_TASKS_BY_ID + 1 }, (_, k) => `JI-${k}`)]) {
      const frame = await call({ taskIds });
      expect(frame.result.ok).toBe(false);
      if (!frame.result.ok) expect(frame.result.error.code).toBe('invalid_input');
    }
  });
});
