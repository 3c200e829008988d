// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/contract/index.js';
import { ApiContext } from '../../renderer/api-context.js';
import { TaskDetailPanel } from '../../renderer/features/task-detail/TaskDetailPanel.js';
import { TasksScreen } from '../../renderer/features/tasks/TasksScreen.js';
import { i18n } from '../../renderer/i18n/index.js';
import { giveTaskListHeight } from '../fixtures/list-viewport.js';
import { startRealCore, type Connection, type RealCore } from '../fixtures/real-core.js';
import { buildTask } from '../fixtures/task-builder.js';

// The machine running tests may be busy: give async UI updates time before failing.
configure({ asyncUtilTimeout: 5000 });

/**
 * The task detail against the real core (real SQLite, real router and role check): a task the cache
 * received twice, so it has a version history, opened from the list the way an inspector does.
 */
const HOUR = 3_600_000;
const DUE_BEFORE = new Date(Date.now() + 30 * HOUR).toISOString();
const DUE_NOW = new Date(Date.now() - 2 * HOUR).toISOString();
const CHECK_REASON = '检疫风险：木质包装无IPPC标识';
const TARGETING_REASON = '情报布控：走私线索核查';
const TASK = 'JI-8000-2026-770001';
const AEO_TASK = 'JI-8000-2026-770002';

const first = buildTask(
  { taskId: TASK, version: 1, status: 'pending', consignee: { name: '重庆渝欧贸易有限公司', uscc: '91310110666007217T', creditGrade: 'dishonest', creditAsOf: '2026-04-01' } },
  { priority: 'normal', dueAt: DUE_BEFORE, riskReasons: [TARGETING_REASON, CHECK_REASON] },
);
const second = {
  ...first,
  version: 2,
  status: 'assigned' as const,
  assignedTo: ['CQ-OP-0001', 'CQ-OP-0002'],
  inspection: { ...first.inspection, priority: 'urgent' as const, dueAt: DUE_NOW },
};
/** Inspected at Alashankou on the way (空检铁放): the detail names the place and the outcome. */
const aeo = buildTask(
  {
    taskId: AEO_TASK,
    consignee: { name: '重庆长安汽车股份有限公司', uscc: '91500000202866238Y', creditGrade: 'advanced_certified', creditAsOf: '2026-05-01' },
    priorInspections: [
      { portCode: '8001', siteId: 'alashankou', at: '2026-11-20T10:00:00Z', resultId: 'R-PRIOR-1', outcome: 'conform', disposition: 'release', agencies: ['customs'] },
    ],
  },
  { dueAt: new Date(Date.now() + 60 * HOUR).toISOString() },
);

let real: RealCore;
let connection: Connection;
let restoreLayout: () => void;
beforeAll(async () => {
  restoreLayout = giveTaskListHeight(600);
  real = await startRealCore();
  // Through the core's own writer, as the sync stores them: the second version replaces the first.
  real.core.db.tasks.upsertMany([first, aeo]);
  real.core.db.tasks.upsertMany([second]);
}, 60_000);
afterAll(async () => {
  restoreLayout();
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

function renderTasks(roles: readonly Role[]) {
  connection = real.connectAs({ roles });
  return render(
    <ApiContext value={connection.api}>
      <TasksScreen />
    </ApiContext>,
  );
}

async function rowOf(taskId: string): Promise<HTMLElement> {
  return waitFor(() => {
    const row = document.querySelector<HTMLElement>(`[data-testid="task-row"][data-task-id="${taskId}"]`);
    if (!row) throw new Error(`no row for ${taskId} yet`);
    return row;
  });
}

/** The panel once the task is read (the goods table is there). */
async function openedDetail(): Promise<HTMLElement> {
  await screen.findByTestId('detail-goods');
  return screen.getByTestId('task-detail');
}

describe('task detail', () => {
  it('opens on Enter for an inspector: declaration, cargo, consignee, check reasons, site, history; no targeting reasons', async () => {
    renderTasks(['inspector']);
    fireEvent.keyDown(await rowOf(TASK), { key: 'Enter' });
    const panel = await openedDetail();
    const t = i18n.t.bind(i18n);

    expect(panel.getAttribute('data-task-id')).toBe(TASK);
    expect(within(panel).getByText('800020261000012345')).toBeTruthy();
    expect(within(panel).getByText('CQBL-0001')).toBeTruthy();
    const containers = within(screen.getByTestId('detail-containers'));
    expect(containers.getByText('CSQU3054383')).toBeTruthy();
    expect(containers.getByText('CQ123456')).toBeTruthy();
    const goods = within(screen.getByTestId('detail-goods'));
    expect(goods.getByText('0202.30.0090')).toBeTruthy();
    expect(goods.getByText('德国')).toBeTruthy();
    expect(goods.getByText('冷冻牛肉 Frozen boneless beef')).toBeTruthy();
    expect(screen.getByTestId('detail-credit').textContent).toContain('失信企业');
    expect(screen.getByTestId('detail-credit').textContent).toContain(t('taskDetail.notAeo'));
    // Version 2 is overdue by two hours; version 1 was due in 30 hours.
    expect(screen.getByTestId('detail-due').textContent).toContain(t('taskDetail.overdueBy', { time: t('taskDetail.duration.hours', { count: 2 }) }));
    expect(within(panel).getByText('CQ-OP-0001、CQ-OP-0002')).toBeTruthy();

    expect(within(screen.getByTestId('check-reasons')).getByText(CHECK_REASON)).toBeTruthy();
    expect(screen.queryByTestId('targeting-reasons')).toBeNull();
    expect(panel.textContent).not.toContain(TARGETING_REASON);
    expect(panel.textContent).not.toContain(t('taskDetail.targetingReasons'));

    expect(screen.getByTestId('site-map-marker')).toBeTruthy();
    expect(screen.getByTestId('site-map').textContent).toContain('团结村铁路集装箱中心站');

    const [change, ...others] = screen.getAllByTestId('version-change');
    expect(others).toEqual([]);
    const said = change?.textContent ?? '';
    expect(said).toContain(t('taskDetail.changeStatus', { from: t('status.pending'), to: t('status.assigned') }));
    expect(said).toContain(t('taskDetail.changePriority', { from: t('priority.normal'), to: t('priority.urgent') }));
    expect(said).toContain(t('taskDetail.changeAssigned', { from: t('taskDetail.unassigned'), to: 'CQ-OP-0001、CQ-OP-0002' }));
    expect(said).toContain('截止时间：');
    // The long body takes focus, so arrow keys and PgUp/PgDn scroll it.
    const body = within(panel).getByRole('region', { name: t('taskDetail.label', { taskId: TASK }) });
    body.focus();
    expect(document.activeElement).toBe(body);
  });

  it('closes on Esc, in the panel or on the list, and gives focus back to the task’s row', async () => {
    renderTasks(['inspector']);
    const row = await rowOf(TASK);
    row.focus();
    fireEvent.keyDown(row, { key: 'Enter' });
    const panel = await openedDetail();
    // Focus stays on the row, so Up/Down and Enter go on through the list; the panel is the next stop for Tab.
    expect(document.activeElement).toBe(row);
    within(panel).getByTestId('task-detail-close').focus();
    fireEvent.keyDown(document.activeElement ?? panel, { key: 'Escape' });
    expect(screen.queryByTestId('task-detail')).toBeNull();
    expect(document.activeElement?.getAttribute('data-task-id')).toBe(TASK);

    // From the list as well: Esc on the row closes a detail that is open beside it.
    fireEvent.keyDown(row, { key: 'Enter' });
    await openedDetail();
    row.focus();
    fireEvent.keyDown(row, { key: 'Escape' });
    expect(screen.queryByTestId('task-detail')).toBeNull();
  });

  it('opens on a double click for a supervisor, in English, with the targeting reasons and the AEO status', async () => {
    await i18n.changeLanguage('en');
    renderTasks(['supervisor']);
    fireEvent.doubleClick(await rowOf(TASK));
    await openedDetail();
    expect(within(screen.getByTestId('targeting-reasons')).getByText(TARGETING_REASON)).toBeTruthy();
    expect(within(screen.getByTestId('check-reasons')).getByText(CHECK_REASON)).toBeTruthy();
    expect(within(screen.getByTestId('detail-goods')).getByText('Germany')).toBeTruthy();

    fireEvent.click(screen.getByTestId('task-detail-close'));
    expect(screen.queryByTestId('task-detail')).toBeNull();
    fireEvent.doubleClick(await rowOf(AEO_TASK));
    await waitFor(() => {
      expect(screen.getByTestId('detail-credit').textContent).toContain('Advanced certified enterprise · AEO certified');
    });
    expect(screen.getByText('No changes since this workstation received the task')).toBeTruthy();
    const prior = screen.getByTestId('prior-inspections').textContent;
    expect(prior).toContain('Alashankou (district 8001)');
    expect(prior).toContain('Conform');
    expect(prior).toContain('Release');
  });

  it('reads the task again when the core says it changed, keeping the detail shown meanwhile', async () => {
    const live = buildTask({ taskId: 'JI-8000-2026-770003', version: 1, status: 'assigned' });
    real.core.db.tasks.upsertMany([live]);
    renderTasks(['inspector']);
    fireEvent.keyDown(await rowOf(live.taskId), { key: 'Enter' });
    await openedDetail();
    expect(screen.queryAllByTestId('version-change')).toEqual([]);

    real.core.db.tasks.upsertMany([{ ...live, version: 2, status: 'in_progress' }]);
    const reads = () => connection.wire.inputsOf('tasks:get').length;
    const readsBefore = reads();
    // Another task's change does not concern this detail; this task's does, and is read once.
    real.core.emit('tasks:changed', { taskIds: [AEO_TASK], reloadAll: false });
    real.core.emit('tasks:changed', { taskIds: [live.taskId], reloadAll: false });
    await waitFor(() => {
      expect(screen.getAllByTestId('version-change')).toHaveLength(1);
    });
    expect(screen.getByTestId('version-change').textContent).toContain(
      i18n.t('taskDetail.changeStatus', { from: i18n.t('status.assigned'), to: i18n.t('status.in_progress') }),
    );
    expect(screen.queryByTestId('task-detail-loading')).toBeNull();
    expect(reads()).toBe(readsBefore + 1);
  });

  it('says it is loading until the core answers, and says so in words when the task is not in the cache', async () => {
    connection = real.connectAs({ roles: ['inspector'] });
    connection.wire.hold();
    render(
      <ApiContext value={connection.api}>
        <TaskDetailPanel taskId="JI-8000-2026-999999" onClose={() => undefined} />
      </ApiContext>,
    );
    expect(screen.getByTestId('task-detail-loading').textContent).toBe('正在读取任务…');
    connection.wire.release();
    const error = await screen.findByTestId('task-detail-error');
    expect(error.getAttribute('data-code')).toBe('not_found');
    expect(error.textContent).toContain('本机缓存中没有任务 JI-8000-2026-999999');
  });
});
