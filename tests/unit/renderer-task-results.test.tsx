// @vitest-environment jsdom
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { cleanup, configure, fireEvent, render, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/contract/index.js';
import { readBundle } from '../../electron/core/evidence/read-bundle.js';
import { verifyBundle } from '../../electron/core/evidence/verify-bundle.js';
import { ApiContext } from '../../renderer/api-context.js';
import { SessionContext } from '../../renderer/features/session/session-context.js';
import { TaskDetailPanel } from '../../renderer/features/task-detail/TaskDetailPanel.js';
import { i18n } from '../../renderer/i18n/index.js';
import { startRealCore, type Connection, type RealCore } from '../fixtures/real-core.js';
import { buildResultInput } from '../fixtures/result-input-builder.js';
import { buildTask } from '../fixtures/task-builder.js';

// The machine running tests may be busy: give async UI updates time before failing.
configure({ asyncUtilTimeout: 5000 });

/**
 * The task detail's results and their evidence bundles against the real core (real SQLite, real
 * attachment store, the exports folder): a result the single window accepted, an older one that was
 * withdrawn before it was ever submitted, and a draft being edited.
 */
const TASK = 'JI-8000-2026-880001';
const OTHER_TASK = 'JI-8000-2026-880002';
const T0 = Date.parse('2026-11-25T09:00:00Z');
const delivered = randomUUID();
const neverSubmitted = randomUUID();
const draft = randomUUID();
const elsewhere = randomUUID();

let real: RealCore;
let connection: Connection;
beforeAll(async () => {
  real = await startRealCore();
  const { tasks, results } = real.core.db;
  tasks.upsertMany([buildTask({ taskId: TASK, version: 2 }), buildTask({ taskId: OTHER_TASK })]);
  // Withdrawn while still a draft (complete, as the schema asks of anything not a draft).
  results.saveDraft(buildResultInput({ taskId: TASK, resultId: neverSubmitted }), T0);
  results.resolve(neverSubmitted, 'withdraw', T0 + 1000);
  results.submit(buildResultInput({ taskId: TASK, resultId: delivered, baseVersion: 2 }), T0 + 2000);
  results.markDelivered(delivered, T0 + 3000);
  results.saveDraft({ taskId: TASK, createdBy: 'op-8000-001', resultId: draft, baseVersion: 2 }, T0 + 4000);
  results.submit(buildResultInput({ taskId: OTHER_TASK, resultId: elsewhere }), T0 + 5000);
}, 60_000);
afterAll(async () => {
  await real.close();
});
beforeEach(async () => {
  await i18n.changeLanguage('zh-CN');
});
afterEach(() => {
  cleanup();
  connection.dispose();
});

/** The detail inside the session the core answers for the connection, as the signed-in shell renders it. */
async function renderDetail(roles: readonly Role[]) {
  connection = real.connectAs({ roles });
  // A role-checked call waits for the connection's sign-in; session:status would answer before it.
  await connection.api.client.call('audit:status', {});
  const status = await connection.api.client.call('session:status', {});
  if (!status.ok || status.value.signedIn !== true) throw new Error(`the test connection is not signed in: ${JSON.stringify(status)}`);
  render(
    <ApiContext value={connection.api}>
      <SessionContext value={{ status: status.value, signOut: () => undefined }}>
        <TaskDetailPanel taskId={TASK} onClose={() => undefined} />
      </SessionContext>
    </ApiContext>,
  );
}

const item = (resultId: string) => {
  const found = screen.getAllByTestId('task-result').find((element) => element.getAttribute('data-result-id') === resultId);
  if (!found) throw new Error(`no row for result ${resultId}`);
  return found;
};

describe('task detail: the task\'s results and their evidence bundles', () => {
  it('lists only this task\'s results, newest change first, each in the words of its state and outcome', async () => {
    await renderDetail(['inspector']);
    await screen.findByTestId('task-results');
    const rows = screen.getAllByTestId('task-result');
    expect(rows.map((row) => row.getAttribute('data-result-id'))).toEqual([draft, delivered, neverSubmitted]);
    expect(item(delivered).textContent).toContain('已送达');
    expect(item(delivered).textContent).toContain('不合格');
    expect(item(delivered).textContent).toContain('扣留');
    expect(connection.wire.inputsOf('results:forTask')).toContainEqual({ taskId: TASK });
  });

  it('exports a delivered result\'s bundle, shows where the core wrote it, and the bundle verifies', async () => {
    await renderDetail(['inspector']);
    await screen.findByTestId('task-results');
    // A draft is not evidence: it offers no export.
    expect(within(item(draft)).queryByTestId('evidence-export')).toBeNull();
    fireEvent.click(within(item(delivered)).getByTestId('evidence-export'));
    const done = await within(item(delivered)).findByTestId('evidence-exported');
    expect(connection.wire.inputsOf('results:exportEvidence')).toEqual([{ resultId: delivered }]);
    const [, file] = /^证据包已保存：(.+)（SHA-256 [0-9a-f]{64}）$/.exec(done.textContent) ?? [];
    expect(file).toMatch(new RegExp(`[/\\\\]exports[/\\\\]evidence-${TASK}-${delivered}\\.zip$`));
    const report = verifyBundle(readBundle(fs.readFileSync(file ?? '')));
    expect(report).toMatchObject({ ok: true, bundle: { resultId: delivered, taskId: TASK } });
  });

  it('says in words why a result that was never submitted has no bundle', async () => {
    await renderDetail(['supervisor']);
    await screen.findByTestId('task-results');
    fireEvent.click(within(item(neverSubmitted)).getByTestId('evidence-export'));
    const error = await within(item(neverSubmitted)).findByTestId('evidence-export-error');
    expect(error.textContent).toContain('证据包只能从已提交的查验结果导出');
    expect(fs.existsSync(`${real.dataDir}/exports/evidence-${TASK}-${neverSubmitted}.zip`)).toBe(false);
  });

  it('offers no export to an admin-only session, which the core would refuse', async () => {
    await renderDetail(['admin']);
    await screen.findByTestId('task-results');
    expect(screen.getAllByTestId('task-result')).toHaveLength(3);
    expect(screen.queryByTestId('evidence-export')).toBeNull();
  });
});
