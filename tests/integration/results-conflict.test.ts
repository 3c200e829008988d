import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import type { InspectionContent, TaskDetail } from '../../shared/contract/index.js';
import { ADMIN_ONLY, callAs, completeContent, createOfficers, FIRST, must, SECOND, signBoth, startInspection } from '../fixtures/inspection-calls.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * Conflicts on the task (issue 8, point 9) end to end: a training core syncing with the simulator
 * over loopback, a result made on version N, the single window's task moving on (another inspection
 * type, a reassignment) or refusing a field, the real push marking it, and results:conflict laying
 * out both versions and the field errors; then re-base, edit and withdraw through results:resolve.
 */
let sim: Simulator;
let core: Core;
let removeTemp: () => void;
beforeEach(async () => {
  const temp = makeTempDir('results-conflict-');
  removeTemp = temp.remove;
  sim = await startSimulator({ port: 0, seed: 9909, tasks: 40, cargo: 0, evolve: false });
  core = startCore({
    dataDir: path.join(temp.dir, 'data'),
    logSink: nullSink,
    sync: { intervalMs: 3_600_000, startTraining: () => Promise.resolve({ url: sim.url, stop: () => Promise.resolve() }) },
  });
  await createOfficers(core);
  await must(core, 'sync:now', {});
});
afterEach(async () => {
  await core.close();
  await sim.close();
  removeTemp();
});

/** An open task with a container, its checklist's items, and a started inspection's complete content. */
async function inspected(): Promise<{ task: TaskDetail; content: InspectionContent; resultId: string }> {
  const { rows } = await must(core, 'tasks:list', { filter: { status: 'open' }, offset: 0, limit: 50 });
  const row = rows.find((candidate) => candidate.containerNos.length > 0 && sim.task(candidate.taskId)?.status !== 'cancelled');
  if (!row) throw new Error('the simulator made no open task with containers');
  const task = await must(core, 'tasks:get', { taskId: row.taskId });
  const reference = await must(core, 'reference:get', {});
  const items = reference.checklists.find((list) => list.checklistId === task.checklistId)?.items.map((item) => item.itemId) ?? [];
  const draft = await startInspection(core, task.taskId);
  return { task, content: completeContent(draft, task, items), resultId: draft.resultId };
}

async function submit(taskId: string, content: InspectionContent): Promise<void> {
  await must(core, 'inspection:save', { taskId, draft: content });
  await signBoth(core, taskId);
  expect(await must(core, 'inspection:submit', { taskId, language: 'en' })).toMatchObject({ submitted: true });
}

const stateOf = (resultId: string) => core.db.results.summary(resultId)?.state;
const settled = (resultId: string, state: string) => expect.poll(() => stateOf(resultId), { timeout: 10_000, interval: 50 }).toBe(state);

describe('results:conflict', () => {
  it('gives a 409 after a reassignment both versions field by field; re-basing sends the result at once, as it was', async () => {
    const { task, content, resultId } = await inspected();
    const moved = sim.reassignTask(task.taskId, ['op-8000-098', 'op-8000-099']);
    await submit(task.taskId, content);
    await settled(resultId, 'conflict');

    const { conflict } = await must(core, 'results:conflict', { taskId: task.taskId });
    expect(conflict).toMatchObject({ resultId, state: 'conflict', reason: 'reassigned', basedOnVersion: task.version, nowVersion: moved.version });
    expect(conflict?.message).toContain('reassigned');
    const rows = conflict?.rows ?? [];
    expect(rows.find((row) => row.field === 'assignedTo')).toMatchObject({ change: 'changed', based: task.assignedTo, now: ['op-8000-098', 'op-8000-099'] });
    expect(rows.find((row) => row.field === 'priority')).toMatchObject({ change: 'same', based: task.priority, now: task.priority });
    // The reassignment left the cargo as it was: compared from the version history, not merely shown.
    const containerRows = rows.filter((row) => row.field === 'container');
    expect(containerRows.map((row) => [row.key, row.change])).toEqual(moved.containers.map((container) => [container.containerNo, 'same']));
    expect(conflict?.result).toMatchObject({ resultId, baseVersion: task.version, disposition: 'release' });
    expect(conflict?.fieldErrors).toEqual([]);

    // No sync:now: the core asks for a cycle once the result is queued again (the next is an hour away).
    await must(core, 'results:resolve', { resultId, action: 'rebase' });
    await settled(resultId, 'delivered');
    expect(sim.results().filter((result) => result.resultId === resultId).map((result) => result.body.baseVersion)).toEqual([moved.version]);
    expect(await must(core, 'results:conflict', { taskId: task.taskId })).toEqual({ conflict: null });
  });

  it('gives a 409 after the inspection changed every field compared with the older version; withdrawing keeps the result on record and ends the conflict', async () => {
    const { task, content, resultId } = await inspected();
    const moved = sim.changeInspection(task.taskId);
    await submit(task.taskId, content);
    await settled(resultId, 'conflict');

    const { conflict } = await must(core, 'results:conflict', { taskId: task.taskId });
    expect(conflict).toMatchObject({ reason: 'inspection_changed', basedOnVersion: task.version, nowVersion: moved.version });
    expect(conflict?.message).toContain('inspection');
    // The result's version is the history's now (the 409 brought the new one): kept whole, so no row says "not kept".
    const rows = conflict?.rows ?? [];
    expect(rows.filter((row) => row.change === 'not_kept')).toEqual([]);
    const byField = (field: string) => rows.find((row) => row.field === field);
    expect(byField('types')).toMatchObject({ change: 'changed', based: task.types, now: moved.inspection.types });
    expect(byField('checklistId')).toMatchObject({ change: 'changed', based: task.checklistId, now: moved.inspection.checklistId });
    const agenciesChanged = moved.inspection.agencies.length !== task.agencies.length;
    expect(byField('agencies')).toMatchObject({ change: agenciesChanged ? 'changed' : 'same', based: task.agencies, now: moved.inspection.agencies });
    expect(byField('status')).toMatchObject({ change: 'same' });
    const cargoRows = rows.filter((row) => row.field === 'container' || row.field === 'goodsLine');
    expect(cargoRows.map((row) => [row.field, row.key])).toEqual([
      ...task.containers.map((container) => ['container', container.containerNo]),
      ...task.goods.map((line) => ['goodsLine', String(line.line)]),
    ]);
    expect(cargoRows.every((row) => row.change === 'same')).toBe(true);
    const [firstContainer] = task.containers;
    expect(rows.find((row) => row.field === 'container')?.based).toEqual({ sizeType: firstContainer?.sizeType, sealNos: firstContainer?.sealNos });

    await must(core, 'results:resolve', { resultId, action: 'withdraw' });
    expect(await must(core, 'results:conflict', { taskId: task.taskId })).toEqual({ conflict: null });
    const kept = (await must(core, 'results:forTask', { taskId: task.taskId })).results.find((result) => result.resultId === resultId);
    expect(kept).toMatchObject({ state: 'withdrawn', baseVersion: task.version });
    expect(core.db.results.get(resultId)?.content.seals).toEqual(conflict?.result.seals);
    expect(sim.results().some((result) => result.resultId === resultId)).toBe(false);
  });

  it('gives a 422 its field errors on the items they name; edit opens the inspection with what was sent', async () => {
    const { task, content, resultId } = await inspected();
    // A well-formed container the task does not have, confirmed by the officers: the single window refuses it.
    const stranger = 'MSCU1234566';
    const refused: InspectionContent = {
      ...content,
      seals: [...content.seals, { containerNo: stranger, removed: [], applied: ['CQX00001'], broken: false, complete: true }],
      confirmedWarnings: [`containerNo:${stranger}`],
    };
    await submit(task.taskId, refused);
    await settled(resultId, 'rejected');

    const { conflict } = await must(core, 'results:conflict', { taskId: task.taskId });
    const index = conflict?.result.seals.findIndex((seal) => seal.containerNo === stranger) ?? -1;
    expect(index).toBeGreaterThanOrEqual(0);
    expect(conflict).toMatchObject({ state: 'rejected', reason: 'refused', basedOnVersion: task.version, nowVersion: task.version });
    expect(conflict?.fieldErrors).toEqual([{ path: `seals.${index}.containerNo`, message: `the task has no container ${stranger}`, item: `seals.${index}` }]);
    expect(conflict?.missing).toEqual([{ item: `seals.${index}`, kind: 'container', key: stranger }]);
    expect(conflict?.rows.every((row) => row.change === 'same')).toBe(true);

    // Re-basing is for a 409 only; the core says so and changes nothing.
    const rebase = await callAs(core, 'results:resolve', { resultId, action: 'rebase' });
    expect(rebase).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    // While another inspection of the task is open, the edit is refused and nothing changes.
    const at = new Date().toISOString();
    const officers = [FIRST, SECOND].map((operatorId) => ({ operatorId, name: operatorId, agency: 'customs' as const }));
    core.db.drafts.create({ ...content, taskId: task.taskId, resultId: randomUUID(), baseVersion: task.version, startedAt: at, updatedAt: at, officers, signatures: [] }, FIRST, {});
    const refusedEdit = await callAs(core, 'results:resolve', { resultId, action: 'edit' });
    expect(refusedEdit).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!refusedEdit.ok && refusedEdit.error.message).toContain('已有进行中的查验');
    expect(stateOf(resultId)).toBe('rejected');
    await must(core, 'inspection:discard', { taskId: task.taskId, reason: '另一次查验，测试用' });

    const edited = await must(core, 'results:resolve', { resultId, action: 'edit' });
    expect(edited).toMatchObject({ resultId, state: 'draft' });
    const { draft } = await must(core, 'inspection:get', { taskId: task.taskId });
    expect(draft).toMatchObject({ resultId, baseVersion: task.version, signatures: [], disposition: 'release', outcome: 'conform' });
    expect(draft?.seals.map((seal) => seal.containerNo)).toContain(stranger);
    expect(draft?.checklist).toEqual(content.checklist);
    expect(await must(core, 'results:conflict', { taskId: task.taskId })).toEqual({ conflict: null });

    // The officers take the stranger out, sign again and send: the same result, delivered once.
    await submit(task.taskId, { ...content, checklist: draft?.checklist ?? [] });
    await settled(resultId, 'delivered');
    expect(sim.results().filter((result) => result.resultId === resultId)).toHaveLength(1);
    const actions = core.db.audit.entriesFor(task.taskId).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['result.rejected', 'result.edit', 'inspection.reopen', 'result.delivered']));
  });

  it('says a task the single window cancelled was cancelled, and answers only officers', async () => {
    const { task, content, resultId } = await inspected();
    sim.cancelTask(task.taskId, '报关单已撤销');
    await submit(task.taskId, content);
    await settled(resultId, 'conflict');
    const { conflict } = await must(core, 'results:conflict', { taskId: task.taskId });
    expect(conflict?.reason).toBe('cancelled');
    expect(conflict?.rows.find((row) => row.field === 'status')).toMatchObject({ change: 'changed', based: task.status, now: 'cancelled' });
    expect(await callAs(core, 'results:conflict', { taskId: task.taskId }, ADMIN_ONLY)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
