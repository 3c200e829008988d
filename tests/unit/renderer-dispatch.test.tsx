// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shiftAt, type Agency, type Assignment, type Role } from '../../shared/contract/index.js';
import { App } from '../../renderer/App.js';
import { AssignmentItem } from '../../renderer/features/dispatch/AssignmentItem.js';
import { TaskDetailPanel } from '../../renderer/features/task-detail/TaskDetailPanel.js';
import { i18n } from '../../renderer/i18n/index.js';
import { startRealCore, type Connection, type RealCore } from '../fixtures/real-core.js';
import { renderSignedIn } from '../fixtures/render-signed-in.js';
import { TEST_PASSWORD, testOperatorId } from '../fixtures/sign-in-account.js';
import { buildTask } from '../fixtures/task-builder.js';

configure({ asyncUtilTimeout: 10_000 });

/**
 * Dispatch (双随机) in the console against the real core: a supervisor keeps a shift's roster,
 * dispatches a task at random and by hand from its detail and reads the assignment's state; an
 * inspector sees no dispatch at all. The task needs customs and quarantine; the roster also lists a
 * border officer, whom the task does not need.
 */
const TASK = 'JI-8000-2026-880001';
const BUSY_TASK = 'JI-8000-2026-880002';
const PORT = '8000';
const OFFICERS: readonly { operatorId: string; name: string; agency: Agency }[] = [
  { operatorId: 'c-officer-1', name: '陈海关', agency: 'customs' },
  { operatorId: 'q-officer-1', name: '秦检疫', agency: 'quarantine' },
  { operatorId: 'b-officer-1', name: '白边检', agency: 'border' },
];
const REASON = '该关员熟悉冷链查验 / knows cold-chain inspections';

let real: RealCore;
const connect = (roles: readonly Role[]): Connection => real.connectAs({ roles });

const currentShift = () => ({ portCode: PORT, ...shiftAt(Date.now()) });

async function putOnDuty(operatorIds: readonly string[]): Promise<void> {
  await real.ask('roster:set', { ...currentShift(), officers: [...operatorIds] });
}

async function renderTask(connection: Connection): Promise<void> {
  await renderSignedIn(connection, <TaskDetailPanel taskId={TASK} onClose={() => undefined} />);
}

const rowOf = (operatorId: string): HTMLElement => {
  const found = screen.getAllByTestId('roster-officer').find((row) => row.dataset.operatorId === operatorId);
  if (!found) throw new Error(`${operatorId} is not on the roster shown`);
  return found;
};

describe('dispatch in the console', () => {
  beforeEach(async () => {
    await i18n.changeLanguage('zh-CN');
    real = await startRealCore();
    for (const officer of OFFICERS) await real.ask('accounts:create', { ...officer, roles: ['inspector'], password: TEST_PASSWORD });
    real.core.db.tasks.upsertMany([
      buildTask({ taskId: TASK }),
      // One open task already on the customs officer: their workload is 1.
      buildTask({ taskId: BUSY_TASK, status: 'assigned', assignedTo: ['c-officer-1'] }),
    ]);
  });
  afterEach(async () => {
    cleanup();
    // Closing the core disposes the connections made to it.
    await real.close();
  });

  it('lets a supervisor put officers on the current shift with their agency and open workload, save the roster, and open a queued dispatch\'s task', async () => {
    await renderSignedIn(connect(['supervisor']), <App />);
    // "g d" goes to the dispatch screen, as "g r" to review.
    await screen.findByTestId('nav-dispatch');
    for (const key of ['g', 'd']) fireEvent.keyDown(document.body, { key });
    await screen.findByTestId('dispatch-screen');
    expect(screen.getByTestId('nav-dispatch').getAttribute('aria-selected')).toBe('true');
    // The tests' core has fetched no reference data: the site is typed.
    expect(screen.getByTestId('roster-choose')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('现场（关区代码）'), { target: { value: PORT } });
    const { date, shift } = shiftAt(Date.now());
    expect(screen.getByLabelText<HTMLInputElement>('班次开始日期').value).toBe(date);
    expect(screen.getByLabelText<HTMLSelectElement>('班次').value).toBe(shift);
    expect((await screen.findByTestId('roster-updated')).textContent).toBe('该班次尚未排班。');
    expect(screen.getByTestId('roster-empty')).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: '保存值班表' }).disabled).toBe(true);

    for (const operatorId of ['c-officer-1', 'q-officer-1', 'b-officer-1']) {
      fireEvent.change(screen.getByLabelText('添加关员'), { target: { value: operatorId } });
      fireEvent.click(screen.getByRole('button', { name: '添加' }));
    }
    expect(screen.getAllByTestId('roster-officer').map((row) => row.dataset.operatorId)).toEqual(['c-officer-1', 'q-officer-1', 'b-officer-1']);
    await waitFor(() => expect(within(rowOf('q-officer-1')).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['秦检疫（q-officer-1）', '检疫', '0', '移出']));
    expect(within(rowOf('c-officer-1')).getByTestId('roster-workload').textContent).toBe('1');
    expect(screen.getByTestId('roster-unsaved')).toBeTruthy();
    // Added officers leave the choice; the border officer goes again before saving.
    expect(within(screen.getByLabelText('添加关员')).queryByRole('option', { name: /q-officer-1/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '将 白边检（b-officer-1） 移出本班次' }));

    fireEvent.click(screen.getByRole('button', { name: '保存值班表' }));
    expect((await screen.findByTestId('roster-saved')).textContent).toBe('值班表已保存。');
    expect(screen.getByTestId('roster-updated').textContent).toContain(`最后由 ${testOperatorId(['supervisor'])} 于`);
    expect(screen.queryByTestId('roster-unsaved')).toBeNull();
    const saved = await real.ask('roster:get', currentShift());
    expect(saved.officers.map((officer) => officer.operatorId)).toEqual(['c-officer-1', 'q-officer-1']);
    expect(saved.updatedBy).toBe(testOperatorId(['supervisor']));

    // Another shift has its own list; "Current shift" comes back to this one.
    fireEvent.change(screen.getByLabelText('班次'), { target: { value: shift === 'day' ? 'night' : 'day' } });
    await screen.findByTestId('roster-empty');
    fireEvent.click(screen.getByRole('button', { name: '当前班次' }));
    await waitFor(() => expect(screen.getAllByTestId('roster-officer')).toHaveLength(2));

    // A dispatch made meanwhile (sync is off: it stays queued) joins the unsettled list, which opens its task.
    expect(screen.getByTestId('unsettled-empty')).toBeTruthy();
    await real.ask('dispatch:random', { taskId: TASK });
    const queued = await within(await screen.findByTestId('unsettled-list')).findByTestId('assignment');
    expect(within(queued).getByTestId('assignment-state').textContent).toBe('已排队，待发往单一窗口');
    expect(within(queued).getByTestId('assignment-officers').textContent).toBe('陈海关（c-officer-1）、秦检疫（q-officer-1）');
    fireEvent.click(within(queued).getByRole('link', { name: '打开任务' }));
    expect((await screen.findByTestId('task-detail')).dataset.taskId).toBe(TASK);
  });

  it('assigns a task at random from its detail: the drawn officers, queued for the single window, and the task shows them', async () => {
    // No quarantine officer on duty yet: said before the click, and the core's refusal shown after it.
    await putOnDuty(['c-officer-1', 'b-officer-1']);
    await renderTask(connect(['supervisor']));
    const section = await screen.findByTestId('task-dispatch');
    expect((await within(section).findByTestId('dispatch-short')).textContent).toBe('当前班次没有可派的检疫关员：随机派工会被拒绝，请先排班。');
    fireEvent.click(within(section).getByRole('button', { name: '随机派工' }));
    const refused = await within(section).findByTestId('dispatch-refused');
    expect(refused.dataset.code).toBe('invalid_input');
    expect(refused.textContent).toContain('随机派工未完成：');
    expect(refused.textContent).toContain('没有可派的');

    await putOnDuty(['c-officer-1', 'q-officer-1', 'b-officer-1']);
    fireEvent.click(within(section).getByRole('button', { name: '随机派工' }));
    const outcome = await within(section).findByTestId('dispatch-outcome');
    expect(within(section).queryByTestId('dispatch-refused')).toBeNull();
    // Each dispatch asks for the candidates again: the new roster shows.
    const { date, shift } = shiftAt(Date.now());
    await waitFor(() =>
      expect(within(section).getByTestId('dispatch-on-duty').textContent).toBe(`当前班次（${PORT}，${date} ${i18n.t(`dispatch.shift.${shift}`)}）在岗 3 人，其中 2 人可派；本任务需要：海关、检疫，至少 2 人。`),
    );
    expect(within(section).queryByTestId('dispatch-short')).toBeNull();
    // The only eligible customs and quarantine officers on duty: the draw must take both.
    expect(outcome.textContent).toBe('随机抽中：陈海关（c-officer-1）、秦检疫（q-officer-1） · 已排队，待发往单一窗口');
    expect(outcome.dataset.state).toBe('queued');
    const assignment = await within(section).findByTestId('assignment');
    expect(assignment.dataset.kind).toBe('random');
    expect(within(assignment).getByTestId('assignment-state').textContent).toBe('已排队，待发往单一窗口');
    // The task's own officers follow at once, before the single window has the assignment.
    await waitFor(() => expect(screen.getByText('c-officer-1、q-officer-1')).toBeTruthy());
    const task = await real.ask('tasks:get', { taskId: TASK });
    expect(task.assignedTo).toEqual(['c-officer-1', 'q-officer-1']);
  });

  it('assigns by hand only with a reason, shows the core refusing a team without quarantine, and records the reason', async () => {
    await putOnDuty(['c-officer-1', 'q-officer-1', 'b-officer-1']);
    await renderTask(connect(['supervisor']));
    const section = await screen.findByTestId('task-dispatch');
    const opener = within(section).getByRole('button', { name: '人工派工…' });
    expect(opener.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(opener);
    expect(opener.getAttribute('aria-expanded')).toBe('true');
    const form = await within(section).findByTestId('dispatch-manual-form');
    await waitFor(() => expect(within(form).getAllByTestId('dispatch-candidate')).toHaveLength(3));
    const check = (name: string): HTMLInputElement => within(form).getByRole('checkbox', { name: new RegExp(name) });
    // The border officer is on duty but this task does not need that agency: not choosable, and said why.
    expect(check('白边检').disabled).toBe(true);
    expect(check('白边检').closest('label')?.textContent).toContain('本任务不需要其所属部门');
    expect(check('陈海关').closest('label')?.textContent).toContain('在办 1 项');

    const submit = within(form).getByRole<HTMLButtonElement>('button', { name: '确认人工派工' });
    fireEvent.click(check('陈海关'));
    expect(submit.disabled).toBe(true);
    fireEvent.change(within(form).getByLabelText('派工理由（必填）'), { target: { value: '   ' } });
    expect(submit.disabled).toBe(true);
    fireEvent.change(within(form).getByLabelText('派工理由（必填）'), { target: { value: REASON } });
    expect(submit.disabled).toBe(false);

    // One customs officer alone: the core refuses (a joint inspection needs quarantine too), in the reader's words.
    fireEvent.click(submit);
    const refused = await within(section).findByTestId('dispatch-refused');
    expect(refused.dataset.code).toBe('invalid_input');
    expect(refused.textContent).toContain('人工派工未完成：');
    expect(refused.textContent).toContain(i18n.t('callErrors.invalid_input'));
    expect(refused.textContent).toContain('联合查验需要至少 2 名关员');
    expect(within(section).getByTestId('dispatch-none')).toBeTruthy();

    fireEvent.click(check('秦检疫'));
    fireEvent.click(submit);
    expect((await within(section).findByTestId('dispatch-outcome')).textContent).toBe('已人工派工给：陈海关（c-officer-1）、秦检疫（q-officer-1） · 已排队，待发往单一窗口');
    expect(within(section).queryByTestId('dispatch-manual-form')).toBeNull();
    const assignment = await within(section).findByTestId('assignment');
    expect(assignment.dataset.kind).toBe('manual');
    expect(within(assignment).getByTestId('assignment-reason').textContent).toBe(`派工理由：${REASON}`);
    const recorded = await real.ask('dispatch:forTask', { taskId: TASK });
    expect(recorded.assignments.map(({ kind, reason, assignedTo }) => ({ kind, reason, assignedTo }))).toEqual([{ kind: 'manual', reason: REASON, assignedTo: ['c-officer-1', 'q-officer-1'] }]);

    // In English the same controls read in English.
    await i18n.changeLanguage('en');
    expect(await within(section).findByRole('button', { name: 'Assign at random' })).toBeTruthy();
    expect(within(assignment).getByTestId('assignment-state').textContent).toBe('Queued for the single window');
  });

  it('shows an inspector no dispatch: no tab, no section on the task, and the core refuses the calls', async () => {
    await putOnDuty(['c-officer-1', 'q-officer-1']);
    const inspector = connect(['inspector']);
    await renderSignedIn(inspector, <App />);
    await screen.findByTestId('nav-tasks');
    expect(screen.queryByTestId('nav-dispatch')).toBeNull();
    cleanup();
    await renderSignedIn(inspector, <TaskDetailPanel taskId={TASK} onClose={() => undefined} />);
    await screen.findByTestId('detail-due');
    expect(screen.queryByTestId('task-dispatch')).toBeNull();
    const refused = await inspector.api.client.call('dispatch:random', { taskId: TASK });
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');
  });
});

describe('an assignment the single window did not take', () => {
  afterEach(() => {
    cleanup();
  });
  // A 409 as the core keeps it (assignment-outbox): the task as the single window answered it.
  const conflict: Assignment = {
    assignmentId: 'a-1',
    taskId: TASK,
    kind: 'manual',
    assignedTo: ['c-officer-1', 'q-officer-1'],
    reason: REASON,
    baseVersion: 1,
    state: 'conflict',
    createdBy: 'test-supervisor',
    createdAt: '2026-12-07T02:00:00Z',
    deliveredAt: null,
    lastError: '409 task_changed',
    conflictVersion: 3,
    conflictStatus: 'in_progress',
    conflictAssignedTo: ['op-8000-007'],
  };

  it('says what the task is now at the single window, in either language', async () => {
    await i18n.changeLanguage('zh-CN');
    const names = new Map([['c-officer-1', '陈海关']]);
    render(
      <ul>
        <AssignmentItem assignment={conflict} names={names} />
      </ul>,
    );
    const item = screen.getByTestId('assignment');
    expect(within(item).getByTestId('assignment-state').textContent).toBe('冲突：单一窗口上的任务已变化');
    // Officers the screen knows are named; others keep their id.
    expect(within(item).getByTestId('assignment-officers').textContent).toBe('陈海关（c-officer-1）、q-officer-1');
    expect(within(item).getByTestId('assignment-conflict').textContent).toBe('单一窗口上该任务现为第 3 版，状态“查验中”，查验关员：op-8000-007。请查看任务后重新派工。');
    expect(within(item).getByTestId('assignment-error').textContent).toBe('单一窗口答复：409 task_changed');
    await i18n.changeLanguage('en');
    await waitFor(() => expect(within(item).getByTestId('assignment-state').textContent).toBe('Conflict: the task changed at the single window'));
    expect(within(item).getByTestId('assignment-conflict').textContent).toBe(
      'At the single window the task is now version 3, status “In progress”, officers: op-8000-007. Look at the task and dispatch it again.',
    );
  });
});
