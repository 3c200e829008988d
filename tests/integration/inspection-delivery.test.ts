import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import { chunksOf } from '../fixtures/attachment-chunks.js';
import { completeContent, createOfficers, FIRST, must, SECOND, signBoth, startInspection } from '../fixtures/inspection-calls.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * An inspection from start to the single window: a training core syncing with the simulator over
 * loopback (the real sync service, pull and push), an open task inspected by two officers with a
 * photo, both signatures, submit, and the simulator holding the result with its photo.
 */
let sim: Simulator;
let core: Core;
let removeTemp: () => void;
beforeEach(async () => {
  const temp = makeTempDir('inspection-delivery-');
  removeTemp = temp.remove;
  sim = await startSimulator({ port: 0, seed: 8808, tasks: 40, evolve: false });
  // Training mode with this simulator as its built-in gateway; cycles only when asked (sync:now).
  core = startCore({
    dataDir: path.join(temp.dir, 'data'),
    logSink: nullSink,
    sync: { intervalMs: 3_600_000, startTraining: () => Promise.resolve({ url: sim.url, stop: () => Promise.resolve() }) },
  });
  await createOfficers(core);
});
afterEach(async () => {
  await core.close();
  await sim.close();
  removeTemp();
});

describe('an inspection delivered to the single window', () => {
  it('is queued at submit and pushed at once by the real sync, photo first, exactly as signed', async () => {
    await must(core, 'sync:now', {});
    const { rows } = await must(core, 'tasks:list', { filter: { status: 'open' }, offset: 0, limit: 50 });
    const row = rows.find((candidate) => candidate.containerNos.length > 0 && sim.task(candidate.taskId)?.status !== 'cancelled');
    if (!row) throw new Error('the simulator made no open task with containers');
    const task = await must(core, 'tasks:get', { taskId: row.taskId });
    const reference = await must(core, 'reference:get', {});
    const checklist = reference.checklists.find((list) => list.checklistId === task.checklistId);
    if (!checklist) throw new Error(`no checklist ${task.checklistId} in the cached reference data`);

    const photo = randomBytes(600 * 1024);
    let stored = { complete: false, sha256: '', bytes: 0 };
    for (const chunk of chunksOf(photo, { name: 'door-end.jpg', mediaType: 'image/jpeg' })) stored = await must(core, 'attachments:put', chunk);
    expect(stored.complete).toBe(true);

    const draft = await startInspection(core, task.taskId);
    const content = completeContent(draft, task, checklist.items.map((item) => item.itemId));
    await must(core, 'inspection:save', { taskId: task.taskId, draft: { ...content, attachments: [{ sha256: stored.sha256, name: 'door-end.jpg', mediaType: 'image/jpeg', bytes: stored.bytes }] } });
    await signBoth(core, task.taskId);
    const submitted = await must(core, 'inspection:submit', { taskId: task.taskId, language: 'en' });
    expect(submitted).toMatchObject({ submitted: true, result: { state: 'queued' } });

    // No sync:now here: the submit itself asks the sync service to push (the next cycle is an hour away).
    await expect.poll(() => core.db.results.summary(draft.resultId)?.state, { timeout: 10_000, interval: 50 }).toBe('delivered');
    const received = sim.results().filter((result) => result.resultId === draft.resultId);
    expect(received).toHaveLength(1);
    expect(received[0]?.body).toMatchObject({ inspectors: [FIRST, SECOND], outcome: 'conform', disposition: 'release', attachments: [{ sha256: stored.sha256 }] });
    expect(sim.attachments()).toContain(stored.sha256);
    expect(core.db.audit.entriesFor(task.taskId).map((entry) => entry.action)).toEqual(['inspection.start', 'draft.change', 'draft.signed', 'draft.signed', 'result.submit', 'result.delivered']);
  });
});
