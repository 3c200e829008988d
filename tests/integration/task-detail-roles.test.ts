import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseFrameSchema, taskDetailSchema, type Role, type TaskDetail } from '../../shared/contract/index.js';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { buildTask } from '../fixtures/task-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * Risk reasons by role, through the core's router on a real database: the inspector sees what to
 * check, a supervisor or admin also why the task was targeted (README "Task detail").
 */
const TASK = 'JI-8000-2026-000042';
const CHECK = ['风险布控：申报价格明显偏低', '检疫风险：木质包装无IPPC标识', '舱单信息与报关单不一致'];
const TARGETING = ['情报布控：走私线索核查', '企业信用等级：失信企业', '随机抽查（双随机）', '新型布控：未知类别'];
const temp = makeTempDir('console-task-roles-');
let core: Core;

beforeAll(() => {
  core = startCore({ dataDir: temp.dir, logSink: nullSink, clock: () => Date.parse('2026-11-21T00:00:00Z') });
  // Mixed, as the single window sends them: the split keeps each group's order.
  const [check1 = '', check2 = '', check3 = ''] = CHECK;
  const [targeting1 = '', targeting2 = '', targeting3 = '', targeting4 = ''] = TARGETING;
  const riskReasons = [targeting1, check1, targeting2, check2, check3, targeting3, targeting4];
  core.db.tasks.upsertMany([buildTask({ taskId: TASK }, { riskReasons })]);
});
afterAll(async () => {
  await core.close();
  temp.remove();
});

async function detailAs(roles: readonly Role[], taskId = TASK) {
  const frame = responseFrameSchema.parse(
    await core.router.handle(JSON.stringify({ type: 'request', id: 1, method: 'tasks:get', input: { taskId } }), { roles }),
  );
  if (!frame.result.ok) throw new Error(`tasks:get failed: ${frame.result.error.code}`);
  // The answer as sent, checked against the contract (parsing would drop a field the contract lacks).
  taskDetailSchema.parse(frame.result.value);
  return frame.result.value as TaskDetail;
}

describe('tasks:get risk reasons by role', () => {
  it('gives an inspector the check reasons only, with no targeting field at all', async () => {
    const detail = await detailAs(['inspector']);
    expect(detail.checkReasons).toEqual(CHECK);
    expect('targetingReasons' in detail).toBe(false);
    expect(JSON.stringify(detail)).not.toContain('情报布控');
  });

  it.each<[string, Role[]]>([
    ['a supervisor', ['supervisor']],
    ['an admin', ['admin']],
    ['an inspector who is also a supervisor', ['inspector', 'supervisor']],
  ])('gives %s the check reasons and the targeting reasons', async (_name, roles) => {
    const detail = await detailAs(roles);
    expect(detail.checkReasons).toEqual(CHECK);
    expect(detail.targetingReasons).toEqual(TARGETING);
  });

  it('answers a task without targeting reasons to a supervisor with an empty list', async () => {
    core.db.tasks.upsertMany([buildTask({ taskId: 'JI-8000-2026-000043' }, { riskReasons: ['食品安全：乳品检验'] })]);
    expect(await detailAs(['supervisor'], 'JI-8000-2026-000043')).toMatchObject({ checkReasons: ['食品安全：乳品检验'], targetingReasons: [] });
  });
});
