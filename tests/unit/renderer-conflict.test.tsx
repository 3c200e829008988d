// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiContext } from '../../renderer/api-context.js';
import { App } from '../../renderer/App.js';
import { TaskDetailPanel } from '../../renderer/features/task-detail/TaskDetailPanel.js';
import { i18n } from '../../renderer/i18n/index.js';
import { sqliteHandle } from '../../electron/core/db/connection.js';
import type { GatewayTask } from '../../shared/contract/index.js';
import { startRealCore, type Connection, type RealCore } from '../fixtures/real-core.js';
import { buildResultInput } from '../fixtures/result-input-builder.js';
import { buildTask } from '../fixtures/task-builder.js';

// The machine running tests may be busy: give async UI updates time before failing.
configure({ asyncUtilTimeout: 5000 });

/**
 * A conflict on the task against the real core (real SQLite, router, results:conflict and
 * results:resolve): results submitted on version 3 of a task and marked the way the pusher marks a
 * 409 or a 422, then resolved from the panel at the top of the task's detail.
 */
const T0 = Date.parse('2026-11-21T08:00:00Z');
let serial = 0;
let real: RealCore;
let connection: Connection;
beforeAll(async () => {
  real = await startRealCore();
}, 60_000);
afterAll(async () => {
  await real.close();
});
beforeEach(async () => {
  window.localStorage.clear();
  await i18n.changeLanguage('zh-CN');
});
afterEach(() => {
  cleanup();
  connection.dispose();
});

const db = () => real.core.db;

/** A task at version 3 with a result made on it and queued; a fresh task id per test. */
function submittedOnVersion3(): { task: GatewayTask; resultId: string } {
  serial += 1;
  const task = buildTask({ taskId: `JI-8000-2026-88${String(serial).padStart(4, '0')}`, version: 3, status: 'assigned', assignedTo: ['op-8000-001', 'op-8000-002'] });
  db().tasks.upsertMany([task]);
  const input = buildResultInput({ taskId: task.taskId, baseVersion: 3 });
  db().results.submit(input, T0);
  return { task, resultId: input.resultId };
}

/** The single window reassigned the task (version 5 reaches the cache with the 409) and refused the result. */
function conflictAfterReassignment(): { task: GatewayTask; resultId: string } {
  const { task, resultId } = submittedOnVersion3();
  db().tasks.upsertMany([{ ...task, version: 5, assignedTo: ['op-8000-008', 'op-8000-009'] }]);
  db().results.markConflict(resultId, `the task changed in the single window: task ${task.taskId} was reassigned to op-8000-008, op-8000-009 in version 5`, T0 + 1000);
  return { task, resultId };
}

function renderDetail(taskId: string) {
  connection = real.connectAs({ roles: ['inspector'] });
  return render(
    <ApiContext value={connection.api}>
      <TaskDetailPanel taskId={taskId} onClose={() => undefined} />
    </ApiContext>,
  );
}

const rowOf = (field: string, key = field): HTMLElement => {
  const row = screen.getAllByTestId('conflict-row').find((element) => element.dataset.field === field && element.dataset.key === key);
  if (!row) throw new Error(`no comparison row ${field} ${key}`);
  return row;
};
const cells = (row: HTMLElement): string[] => [...row.querySelectorAll('td')].map((cell) => cell.textContent);

describe('a conflict on the task', () => {
  it('shows a 409 with both versions field by field and re-bases it onto the version now', async () => {
    const { task, resultId } = conflictAfterReassignment();
    renderDetail(task.taskId);
    const panel = await screen.findByTestId('conflict-panel');

    expect(panel.dataset.state).toBe('conflict');
    expect(within(panel).getByRole('heading', { level: 3 }).textContent).toBe('版本冲突：单一窗口的任务已变化');
    expect(screen.getByTestId('conflict-reason').textContent).toBe('此任务已改派给其他关员。可重新基于最新版本发送、退回编辑或撤回。');
    expect(screen.getByTestId('conflict-message').textContent).toContain('was reassigned');
    expect(screen.getByTestId('conflict-based-heading').textContent).toBe('结果所依据（版本 3）');
    expect(screen.getByTestId('conflict-now-heading').textContent).toBe('单一窗口当前（版本 5）');
    const officers = rowOf('assignedTo');
    expect(officers.dataset.change).toBe('changed');
    expect(within(officers).getByText('已变化')).toBeTruthy();
    expect(cells(officers)).toEqual(['op-8000-001、op-8000-002', 'op-8000-008、op-8000-009']);
    expect(rowOf('status').dataset.change).toBe('same');
    // The version history keeps the cargo too: compared, not merely shown.
    const container = rowOf('container', 'CSQU3054383');
    expect(container.dataset.change).toBe('same');
    expect(cells(container)).toEqual(['45G1，申报铅封：CQ123456', '45G1，申报铅封：CQ123456']);
    // The officers' result as sent: its seal entry, its finding on the container.
    expect(within(screen.getByTestId('conflict-result')).getByText('CSQU3054383：拆除 CQ123456；加施 CN8000-000123、CN8000-000124')).toBeTruthy();
    expect(within(panel).getAllByRole('button').map((button) => button.textContent)).toEqual(['重新基于最新版本', '退回编辑', '撤回']);

    fireEvent.click(screen.getByTestId('conflict-rebase'));
    expect(connection.wire.inputsOf('results:resolve')).toEqual([{ resultId, action: 'rebase' }]);
    await waitFor(() => {
      expect(screen.queryByTestId('conflict-panel')).toBeNull();
    });
    expect(db().results.summary(resultId)).toMatchObject({ state: 'queued', baseVersion: 5 });
  });

  it('says "not kept here" for the fields a version kept before the history kept versions whole lacks', async () => {
    const { task } = conflictAfterReassignment();
    // What migration 012 found in a file: the summary of version 3, none of its inspection or cargo.
    sqliteHandle(db())
      .prepare('UPDATE task_versions SET type_mask = NULL, agency_mask = NULL, checklist_id = NULL, cargo = NULL WHERE task_rid = (SELECT rid FROM tasks WHERE task_id = ?)')
      .run(task.taskId);
    renderDetail(task.taskId);
    await screen.findByTestId('conflict-panel');
    expect(rowOf('assignedTo').dataset.change).toBe('changed');
    expect(cells(rowOf('types'))).toEqual(['本机未保留', '开箱查验']);
    expect(cells(rowOf('container', 'CSQU3054383'))).toEqual(['本机未保留', '45G1，申报铅封：CQ123456']);
  });

  it('puts 422 field errors beside the officer’s values and withdraws only after the question is answered', async () => {
    const { task, resultId } = submittedOnVersion3();
    db().results.markRejected(
      resultId,
      [
        { path: 'seals.0.containerNo', message: 'the task has no container CSQU3054383' },
        { path: '(body)', message: 'one more thing the single window said' },
      ],
      'the single window refused the result',
      T0 + 1000,
    );
    renderDetail(task.taskId);
    const panel = await screen.findByTestId('conflict-panel');

    expect(panel.dataset.state).toBe('rejected');
    expect(screen.getByTestId('conflict-reason').textContent).toBe('单一窗口退回了结果中的 2 项内容，见下方标注。请退回编辑后修正，或撤回。');
    const seal = screen.getAllByTestId('conflict-item').find((item) => item.dataset.item === 'seals.0');
    expect(seal && within(seal).getByTestId('conflict-field-error').textContent).toBe('单一窗口：the task has no container CSQU3054383 seals.0.containerNo');
    expect(screen.getByTestId('conflict-other-errors').textContent).toContain('one more thing the single window said');
    expect(rowOf('container', 'CSQU3054383').dataset.change).toBe('same');
    // No re-base for a refusal of the content.
    expect(screen.queryByTestId('conflict-rebase')).toBeNull();

    fireEvent.click(screen.getByTestId('conflict-withdraw'));
    const question = screen.getByRole('alertdialog');
    expect(question.textContent).toContain('确定撤回此结果？');
    expect(document.activeElement).toBe(screen.getByTestId('conflict-withdraw-confirm'));
    // Esc answers the question with "cancel" and gives the keyboard back to the withdraw button.
    fireEvent.keyDown(question, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('conflict-withdraw'));
    expect(connection.wire.inputsOf('results:resolve')).toEqual([]);

    fireEvent.click(screen.getByTestId('conflict-withdraw'));
    fireEvent.click(screen.getByTestId('conflict-withdraw-confirm'));
    expect(connection.wire.inputsOf('results:resolve')).toEqual([{ resultId, action: 'withdraw' }]);
    await waitFor(() => {
      expect(screen.queryByTestId('conflict-panel')).toBeNull();
    });
    // Nothing lost: the result stays on record, withdrawn, with what was sent.
    expect((await real.ask('results:forTask', { taskId: task.taskId })).results).toMatchObject([{ resultId, state: 'withdrawn', baseVersion: 3 }]);
    expect(db().results.get(resultId)?.content.seals).toEqual([{ containerNo: 'CSQU3054383', removed: ['CQ123456'], applied: ['CN8000-000123', 'CN8000-000124'] }]);
  });

  it('edits: the result goes back to the inspection, which opens with what was sent', async () => {
    const { task, resultId } = conflictAfterReassignment();
    renderDetail(task.taskId);
    fireEvent.click(await screen.findByTestId('conflict-edit'));
    await screen.findByTestId('inspection');
    expect(connection.wire.inputsOf('results:resolve')).toEqual([{ resultId, action: 'edit' }]);
    await waitFor(() => {
      expect(screen.queryByTestId('conflict-panel')).toBeNull();
    });
    expect((await real.ask('inspection:get', { taskId: task.taskId })).draft).toMatchObject({ resultId, baseVersion: 5, disposition: 'hold', signatures: [] });
  });

  it('is opened from the Sync screen’s row with "open the task"', async () => {
    const { task } = conflictAfterReassignment();
    connection = real.connect();
    render(
      <ApiContext value={connection.api}>
        <App />
      </ApiContext>,
    );
    fireEvent.click(screen.getByTestId('nav-sync'));
    const link = await waitFor(() => {
      const row = screen.getAllByTestId('attention-row').find((element) => element.textContent.includes(task.taskId));
      if (!row) throw new Error(`no attention row for ${task.taskId} yet`);
      return within(row).getByRole('link', { name: '打开任务' });
    });
    fireEvent.click(link);
    const detail = await screen.findByTestId('task-detail');
    expect(detail.dataset.taskId).toBe(task.taskId);
    expect((await within(detail).findByTestId('conflict-panel')).dataset.state).toBe('conflict');
  });
});
