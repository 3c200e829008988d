// @vitest-environment jsdom
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { journalOutcomes, type SyncStatus } from '../../shared/contract/index.js';
import type { GatewayTask } from '../../shared/contract/gateway-task.js';
import { SyncRepository, type JournalRow } from '../../electron/core/db/sync-repository.js';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import { ApiContext } from '../../renderer/api-context.js';
import { App } from '../../renderer/App.js';
import { JOURNAL_PAGE_SIZE } from '../../renderer/features/sync/use-journal.js';
import { i18n } from '../../renderer/i18n/index.js';
import { startRealCore, type Connection, type RealCore } from '../fixtures/real-core.js';
import { buildResultInput } from '../fixtures/result-input-builder.js';
import { buildTask } from '../fixtures/task-builder.js';
import { sqliteHandle } from '../../electron/core/db/connection.js';
import { assignmentOutbox } from '../../electron/core/db/assignment-outbox.js';
import { renderSignedIn } from '../fixtures/render-signed-in.js';

// The machine running tests may be busy: give async UI updates time before failing.
configure({ asyncUtilTimeout: 5000 });

/**
 * The sync screen and status strip against the real core: results, flags and journal entries are
 * written through the core's own repositories (as the sync would write them), the answers come from
 * its real handlers over the headless host's WebSocket, and events are the core's own emit.
 */
const MINUTE = 60_000;

let real: RealCore;
let connection: Connection;
const extraCleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  window.localStorage.clear();
  await i18n.changeLanguage('zh-CN');
  real = await startRealCore();
});
afterEach(async () => {
  cleanup();
  for (const undo of extraCleanups.splice(0).reverse()) await undo();
  await real.close();
});

function renderConsole() {
  connection = real.connect();
  return render(
    <ApiContext value={connection.api}>
      <App />
    </ApiContext>,
  );
}

const db = () => real.core.db;
const syncRepository = () => new SyncRepository(sqliteHandle(db()), db().tasks);
/** The status the core reports now, changed as a sync cycle would change it, for sync:changed. */
async function statusWith(change: Partial<SyncStatus>): Promise<SyncStatus> {
  return { ...(await real.ask('sync:status', {})), ...change };
}

const text = (testId: string): string => screen.getByTestId(testId).textContent;

describe('navigation', () => {
  it('starts on the tasks screen and switches between tasks, sync and settings', async () => {
    renderConsole();
    expect(screen.getByTestId('nav-tasks').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('nav-tasks').textContent).toBe('任务');
    expect(screen.getByTestId('nav-sync').textContent).toBe('同步');
    expect(screen.getByTestId('nav-settings').textContent).toBe('设置');
    expect(screen.getByTestId('filter-status')).toBeTruthy();

    fireEvent.click(screen.getByTestId('nav-sync'));
    await screen.findByTestId('attention-list');
    expect(screen.queryByTestId('filter-status')).toBeNull();
    expect(screen.getByTestId('nav-sync').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('nav-tasks').getAttribute('aria-selected')).toBe('false');

    fireEvent.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('settings-url');
    expect(screen.queryByTestId('attention-list')).toBeNull();

    fireEvent.keyDown(screen.getByTestId('nav-settings'), { key: 'ArrowRight' });
    expect(screen.getByTestId('nav-tasks').getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('filter-status')).toBeTruthy();
  });
});

const ids = {
  conflict: '0b6f5c1e-2f1a-4c8e-9d3b-1a2b3c4d5e01',
  rejected: '0b6f5c1e-2f1a-4c8e-9d3b-1a2b3c4d5e02',
  waiting: '0b6f5c1e-2f1a-4c8e-9d3b-1a2b3c4d5e03',
  queued: '0b6f5c1e-2f1a-4c8e-9d3b-1a2b3c4d5e04',
};
const T0 = Date.parse('2026-11-21T08:00:00Z');

/**
 * Results in the states the single window's answers leave them in, written as the pusher does:
 * submitted (queued, with its outbox row), then marked by the gateway's 409 / 422 / 424. The task of
 * the conflict is cached at version 5 (the result was made on version 3); the task of the waiting
 * one is not cached. Updated in the order waiting, rejected, conflict: the newest comes first.
 */
function seedResults(which: readonly (keyof typeof ids)[] = ['conflict', 'rejected', 'waiting', 'queued']): void {
  const results = db().results;
  const submit = (key: keyof typeof ids, taskId: string, baseVersion: number) => {
    results.submit(buildResultInput({ resultId: ids[key], taskId, baseVersion }), T0);
  };
  if (which.includes('conflict')) {
    db().tasks.upsertMany([buildTask({ taskId: 'JI-8000-2026-000101', version: 5 })]);
    submit('conflict', 'JI-8000-2026-000101', 3);
  }
  if (which.includes('rejected')) {
    db().tasks.upsertMany([buildTask({ taskId: 'JI-8000-2026-000102', version: 3 })]);
    submit('rejected', 'JI-8000-2026-000102', 3);
  }
  if (which.includes('waiting')) submit('waiting', 'JI-8000-2026-000103', 3);
  if (which.includes('queued')) {
    db().tasks.upsertMany([buildTask({ taskId: 'JI-8000-2026-000104', version: 3 })]);
    submit('queued', 'JI-8000-2026-000104', 3);
  }
  if (which.includes('waiting')) results.markWaitingAttachment(ids.waiting, 'attachment_missing', T0 + 1000);
  if (which.includes('rejected')) {
    results.markRejected(ids.rejected, [{ path: 'findings.0.severity', message: 'must be one of info, minor, major, critical' }], 'invalid_result', T0 + 2000);
  }
  if (which.includes('conflict')) results.markConflict(ids.conflict, 'task_changed: the task was reassigned', T0 + 3000);
}

/**
 * Four supervisor's dispatches queued for the single window configured, as the dispatch handlers
 * queue them; the pusher then records a 409 on one and a 422 on another: two queued, one conflict,
 * one rejected.
 */
function seedAssignments(): void {
  const outbox = assignmentOutbox(db(), () => T0);
  const queued = [301, 302, 303, 304].map((n) => {
    const task = buildTask({ taskId: `JI-8000-2026-000${n}` });
    db().tasks.upsertMany([task]);
    return outbox.queue({
      taskId: task.taskId,
      kind: 'manual',
      reason: 'the officer on duty knows these goods',
      officers: ['op-8000-001', 'op-8000-002'],
      baseVersion: task.version,
      gateway: db().results.currentGateway(),
      actor: 'sup-8000-001',
      now: new Date(T0).toISOString(),
      audit: { action: 'dispatch.manual', details: {} },
    });
  });
  outbox.markConflict(queued[2]!.assignmentId, 'task_changed: the task was assigned meanwhile', null);
  outbox.markRejected(queued[3]!.assignmentId, 'invalid_assignment: officer unknown');
}

/**
 * Flags as a pull raises them: op-8000-001 has a draft on two tasks assigned to them; the single
 * window then reassigns one and, later, cancels the other.
 */
function seedFlags(): { cancelled: GatewayTask; reassigned: GatewayTask } {
  const mine = { assignedTo: ['op-8000-001'], status: 'assigned' as const };
  const cancelled = buildTask({ taskId: 'JI-8000-2026-000201', ...mine });
  const reassigned = buildTask({ taskId: 'JI-8000-2026-000202', ...mine });
  db().tasks.upsertMany([cancelled, reassigned]);
  for (const task of [cancelled, reassigned]) {
    const { resultId, ...draft } = buildResultInput({ taskId: task.taskId, createdBy: 'op-8000-001' });
    db().results.saveDraft({ resultId, ...draft }, T0);
  }
  const sync = syncRepository();
  sync.applyChangesPage({ changes: [{ op: 'upsert', task: { ...reassigned, version: 2, assignedTo: ['op-8000-009'] } }], nextCursor: 'c1', hasMore: false }, '2026-11-21T07:30:00.000Z');
  sync.applyChangesPage({ changes: [{ op: 'upsert', task: { ...cancelled, version: 2, status: 'cancelled' } }], nextCursor: 'c2', hasMore: false }, '2026-11-21T07:45:00.000Z');
  return { cancelled, reassigned };
}

/** The strip shows the core's first answer: the channel is open, so the core's events reach this console. */
async function statusShown(): Promise<void> {
  await waitFor(() => {
    expect(text('sync-last-success')).toBe('上次同步：从未同步');
  });
}

describe('sync status strip', () => {
  it('shows what sync:status answers: offline and signed out before any sync, never synced, waiting, conflicts, notices', async () => {
    seedResults();
    seedFlags();
    renderConsole();
    await waitFor(() => {
      expect(text('sync-waiting')).toBe('待上传 1');
    });
    expect(screen.getByTestId('sync-status').getAttribute('data-online')).toBe('false');
    expect(text('sync-status')).toBe('离线');
    expect(text('sync-signed-in')).toBe('未登录网关');
    // The flags' pages were stored: the core counts that as the last successful pull.
    expect(text('sync-last-success')).toMatch(/^上次同步：/);
    expect(text('sync-conflicts')).toBe('冲突 3');
    expect(text('sync-flags')).toBe('提醒 2');
    expect(screen.getByTestId('sync-conflicts').className).toContain('is-alert');
    expect(text('sync-mode')).toBe('训练模式');
    expect(connection.wire.inputsOf('sync:status')).toEqual([{}]);
  });

  it('shows online, signed in and the last success as relative time when the core says so', async () => {
    renderConsole();
    await waitFor(() => {
      expect(text('sync-last-success')).toBe('上次同步：从未同步');
    });
    const online = await statusWith({ online: true, signedIn: true, lastSuccessAt: new Date(Date.now() - 3 * MINUTE - 5000).toISOString() });
    act(() => {
      real.core.emit('sync:changed', online);
    });
    await waitFor(() => {
      expect(screen.getByTestId('sync-status').getAttribute('data-online')).toBe('true');
    });
    expect(text('sync-status')).toBe('在线');
    expect(text('sync-signed-in')).toBe('已登录网关');
    expect(text('sync-last-success')).toBe('上次同步：3 分钟前');
  });

  it('says "never synced" and reads in English too', async () => {
    renderConsole();
    await waitFor(() => {
      expect(text('sync-last-success')).toBe('上次同步：从未同步');
    });
    await act(async () => {
      await i18n.changeLanguage('en');
    });
    expect(text('sync-last-success')).toBe('Last sync: never synced');
    const later = await statusWith({ lastSuccessAt: new Date(Date.now() - 2 * 60 * MINUTE).toISOString(), resultsWaiting: 1 });
    act(() => {
      real.core.emit('sync:changed', later);
    });
    await waitFor(() => {
      expect(text('sync-last-success')).toBe('Last sync: 2 hours ago');
    });
    expect(text('sync-waiting')).toBe('1 result waiting');
  });

  it('follows sync:changed events: offline, signed out, new counts', async () => {
    renderConsole();
    await statusShown();
    act(() => {
      void statusWith({ online: true, signedIn: true }).then((status) => {
        real.core.emit('sync:changed', status);
      });
    });
    await waitFor(() => {
      expect(screen.getByTestId('sync-status').getAttribute('data-online')).toBe('true');
    });
    const broken = await statusWith({ online: false, signedIn: false, conflicts: 3, lastError: { code: 'transport', message: 'ECONNRESET' } });
    act(() => {
      real.core.emit('sync:changed', broken);
    });
    await waitFor(() => {
      expect(screen.getByTestId('sync-status').getAttribute('data-online')).toBe('false');
    });
    expect(text('sync-status')).toBe('离线');
    expect(text('sync-signed-in')).toBe('未登录网关');
    expect(text('sync-conflicts')).toBe('冲突 3');
    expect(text('sync-last-error')).toBe('上次同步出错，原因见“同步”页面的同步日志');
  });

  it('is disabled while a sync runs, and says when sync:now failed', async () => {
    renderConsole();
    await statusShown();
    const pulling = await statusWith({ pulling: true });
    act(() => {
      real.core.emit('sync:changed', pulling);
    });
    await screen.findByTestId('sync-busy');
    expect(screen.getByTestId<HTMLButtonElement>('sync-now').disabled).toBe(true);
    const done = await statusWith({ pulling: false });
    act(() => {
      real.core.emit('sync:changed', done);
    });
    await waitFor(() => {
      expect(screen.getByTestId<HTMLButtonElement>('sync-now').disabled).toBe(false);
    });
    // The channel to the core drops as the button is pressed.
    connection.wire.block();
    connection.wire.drop();
    fireEvent.click(screen.getByTestId('sync-now'));
    expect((await screen.findByTestId('sync-now-error')).textContent).toBe('无法开始同步，请稍后重试，或查看“同步”页面的同步日志');
    connection.wire.unblock();
  });

  it('opens the sync screen from the conflicts count', async () => {
    seedResults(['conflict']);
    renderConsole();
    fireEvent.click(await screen.findByText('冲突 1'));
    await screen.findByTestId('attention-list');
    expect(screen.getByTestId('nav-sync').getAttribute('aria-selected')).toBe('true');
  });

  it("counts a supervisor's assignments waiting and to dispatch again (in conflict, rejected) in both languages, the latter opening the Dispatch screen", async () => {
    seedAssignments();
    renderConsole();
    await waitFor(() => {
      expect(text('sync-assignments-waiting')).toBe('待发派工 2');
    });
    const attention = screen.getByTestId('sync-assignments-attention');
    expect(attention.textContent).toBe('需重新派工 2');
    expect(attention.title).toBe('冲突 1，被拒 1。请在“派工”页面重新派工。');
    expect(attention.className).toContain('is-alert');
    await act(async () => {
      await i18n.changeLanguage('en');
    });
    expect(text('sync-assignments-waiting')).toBe('2 assignments waiting');
    expect(attention.textContent).toBe('2 assignments to dispatch again');
    expect(attention.title).toBe('In conflict: 1; rejected: 1. Dispatch them again on the Dispatch screen.');
    fireEvent.click(attention);
    expect(screen.getByTestId('nav-dispatch').getAttribute('aria-selected')).toBe('true');
  });

  it('shows no assignment counts to an inspector, who does not dispatch', async () => {
    seedAssignments();
    seedResults(['queued']);
    await renderSignedIn(real.connectAs({ roles: ['inspector'] }), <App />);
    await waitFor(() => {
      expect(text('sync-waiting')).toBe('待上传 1');
    });
    expect(screen.queryByTestId('sync-assignments-waiting')).toBeNull();
    expect(screen.queryByTestId('sync-assignments-attention')).toBeNull();
  });
});

describe('sync now, with a single window to sync with', () => {
  let simulator: Simulator;

  beforeEach(async () => {
    await real.close();
    simulator = await startSimulator({ port: 0, tasks: 40, cargo: 0, evolve: false });
    extraCleanups.push(() => simulator.close());
    // Training mode synced with an in-process simulator; cycles only on demand (an hour apart).
    real = await startRealCore({ sync: { intervalMs: 3_600_000, startTraining: () => Promise.resolve({ url: simulator.url, stop: () => Promise.resolve() }) } });
    await waitFor(async () => {
      expect((await real.ask('sync:status', {})).signedIn).toBe(true);
    }, { timeout: 20_000 });
  });

  it('"sync now" sends sync:now and shows the status after the cycle', async () => {
    renderConsole();
    await waitFor(() => {
      expect(text('sync-status')).toBe('在线');
    });
    expect(text('sync-signed-in')).toBe('已登录网关');
    expect(text('sync-now')).toBe('立即同步');
    fireEvent.click(screen.getByTestId('sync-now'));
    expect(connection.wire.inputsOf('sync:now')).toEqual([{}]);
    await waitFor(() => {
      expect(text('sync-last-success')).toBe('上次同步：刚刚');
    });
    // The cycles pulled the simulator's tasks into the cache (one or two may be cancellations, which are not tasks).
    expect((await real.ask('app:info', {})).taskCount).toBeGreaterThan(30);
  });

  it("shows the sync's journal details in zh-CN and in English, and a row written before messages as it was", async () => {
    await real.ask('sync:now', {});
    syncRepository().appendJournal({ at: new Date().toISOString(), call: 'GET /v1/reference', outcome: 'ok', status: 304, durationMs: 4, detail: 'reference data unchanged (version 7)' });
    await openSync();
    const detailOf = (call: string): string => {
      const found = screen.getAllByTestId('journal-row').find((r) => within(r).getAllByRole('cell')[1]?.textContent === call);
      return found ? (within(found).getAllByRole('cell')[5]?.textContent ?? '') : '';
    };
    const details = (): string[] => screen.getAllByTestId('journal-row').map((r) => within(r).getAllByRole('cell')[5]?.textContent ?? '');
    await waitFor(() => {
      expect(detailOf('POST /v1/auth/token')).toMatch(/^已以操作员 \S+ 登录网关，有效期至 \S+$/);
    });
    expect(detailOf('GET /v1/tasks/changes')).toMatch(/^(从头加载：)?收到 \d+ 项变更（\d+ 项无新内容，\d+ 项取消，\d+ 项已提醒），已同步到最新$/);
    expect(details()).toContainEqual(expect.stringMatching(/^已保存参考数据版本 \S+：\d+ 个口岸场所，\d+ 份检查单，\d+ 个查验发现代码$/));
    expect(details()[0]).toBe('reference data unchanged (version 7)');

    fireEvent.click(screen.getByTestId('lang-switch'));
    await waitFor(() => {
      expect(detailOf('POST /v1/auth/token')).toMatch(/^signed in as operator \S+ until \S+$/);
    });
    expect(detailOf('GET /v1/tasks/changes')).toMatch(/^(from the start: )?page of \d+ changes \(\d+ unchanged, \d+ cancelled, \d+ flagged\), caught up$/);
    expect(details()).toContainEqual(expect.stringMatching(/^reference data version \S+ stored: \d+ ports, \d+ checklists, \d+ finding codes$/));
    expect(details()[0]).toBe('reference data unchanged (version 7)');
    expect(details().join('\n')).not.toMatch(/journalMessage\.|\{\{/);
  });
});

async function openSync(): Promise<void> {
  renderConsole();
  fireEvent.click(screen.getByTestId('nav-sync'));
  await screen.findByTestId('attention-list');
}

const row = (resultId: string): HTMLElement => {
  const found = screen.getAllByTestId('attention-row').find((element) => element.getAttribute('data-result-id') === resultId);
  if (!found) throw new Error(`no row ${resultId}`);
  return found;
};
const rowIds = (): string[] => screen.queryAllByTestId('attention-row').map((element) => element.getAttribute('data-result-id') ?? '');
const resolveInputs = (): unknown[] => connection.wire.inputsOf('results:resolve');
const stateOf = (resultId: string): string | undefined => db().results.summary(resultId)?.state;

describe('results that need attention', () => {
  it('lists conflict, rejected and waiting_attachment results with state, error, field errors and versions', async () => {
    seedResults();
    await openSync();
    await waitFor(() => {
      expect(rowIds()).toEqual([ids.conflict, ids.rejected, ids.waiting]);
    });
    expect(connection.wire.inputsOf('results:list')).toContainEqual({ view: 'attention' });
    const conflict = row(ids.conflict);
    expect(within(conflict).getByText('JI-8000-2026-000101')).toBeTruthy();
    expect(within(conflict).getByTestId('attention-state').textContent).toBe('版本冲突');
    expect(within(conflict).getByTestId('attention-versions').textContent).toBe('任务当前版本 5 · 结果基于版本 3');
    expect(within(conflict).getByTestId('attention-error').textContent).toBe('task_changed: the task was reassigned');
    expect(within(conflict).getAllByRole('button').map((button) => button.textContent)).toEqual(['重新基于最新版本', '退回编辑', '撤回', '导出证据包']);

    const rejected = row(ids.rejected);
    expect(within(rejected).getByTestId('attention-state').textContent).toBe('被退回');
    expect(within(rejected).getByTestId('attention-field-errors').textContent).toContain('findings.0.severity');
    expect(within(rejected).getAllByRole('button').map((button) => button.textContent)).toEqual(['退回编辑', '撤回', '重试', '导出证据包']);

    const waiting = row(ids.waiting);
    expect(within(waiting).getByTestId('attention-state').textContent).toBe('等待附件');
    expect(within(waiting).getByTestId('attention-versions').textContent).toBe('本机已无此任务 · 结果基于版本 3');
    expect(within(waiting).getAllByRole('button').map((button) => button.textContent)).toEqual(['重试', '撤回', '导出证据包']);
  });

  it('rebase sends results:resolve with the result id and refreshes the list', async () => {
    seedResults();
    await openSync();
    await waitFor(() => {
      expect(rowIds()).toHaveLength(3);
    });
    const listsBefore = connection.wire.inputsOf('results:list').length;
    fireEvent.click(within(row(ids.conflict)).getByTestId('attention-rebase'));
    expect(resolveInputs()).toEqual([{ resultId: ids.conflict, action: 'rebase' }]);
    await waitFor(() => {
      expect(rowIds()).toEqual([ids.rejected, ids.waiting]);
    });
    expect(connection.wire.inputsOf('results:list').length).toBeGreaterThan(listsBefore);
    // The core queued it again on the task's current version.
    expect(db().results.summary(ids.conflict)).toMatchObject({ state: 'queued', baseVersion: 5 });
  });

  it('asks before withdrawing; cancel sends nothing, confirm sends withdraw', async () => {
    seedResults();
    await openSync();
    await waitFor(() => {
      expect(rowIds()).toHaveLength(3);
    });
    fireEvent.click(within(row(ids.rejected)).getByTestId('attention-withdraw'));
    expect(within(row(ids.rejected)).getByRole('alertdialog').textContent).toContain('确定撤回');
    fireEvent.click(within(row(ids.rejected)).getByTestId('attention-withdraw-cancel'));
    expect(resolveInputs()).toEqual([]);
    expect(within(row(ids.rejected)).queryByRole('alertdialog')).toBeNull();

    fireEvent.click(within(row(ids.rejected)).getByTestId('attention-withdraw'));
    fireEvent.click(within(row(ids.rejected)).getByTestId('attention-withdraw-confirm'));
    expect(resolveInputs()).toEqual([{ resultId: ids.rejected, action: 'withdraw' }]);
    await waitFor(() => {
      expect(rowIds()).toEqual([ids.conflict, ids.waiting]);
    });
    expect(stateOf(ids.rejected)).toBe('withdrawn');
  });

  it('sends edit and retry for the rows that offer them', async () => {
    seedResults();
    await openSync();
    await waitFor(() => {
      expect(rowIds()).toHaveLength(3);
    });
    fireEvent.click(within(row(ids.waiting)).getByTestId('attention-retry'));
    await waitFor(() => {
      expect(rowIds()).toEqual([ids.conflict, ids.rejected]);
    });
    expect(stateOf(ids.waiting)).toBe('queued');
    fireEvent.click(within(row(ids.rejected)).getByTestId('attention-edit'));
    await waitFor(() => {
      expect(rowIds()).toEqual([ids.conflict]);
    });
    expect(resolveInputs()).toEqual([
      { resultId: ids.waiting, action: 'retry' },
      { resultId: ids.rejected, action: 'edit' },
    ]);
    expect(stateOf(ids.rejected)).toBe('draft');
  });

  it('exports the evidence bundle of a row and shows where the core wrote it and its sha256', async () => {
    seedResults(['conflict']);
    await openSync();
    await waitFor(() => {
      expect(rowIds()).toEqual([ids.conflict]);
    });
    fireEvent.click(within(row(ids.conflict)).getByTestId('evidence-export'));
    const done = await within(row(ids.conflict)).findByTestId('evidence-exported');
    expect(connection.wire.inputsOf('results:exportEvidence')).toEqual([{ resultId: ids.conflict }]);
    const [, file, sha256] = /^证据包已保存：(.+)（SHA-256 ([0-9a-f]{64})）$/.exec(done.textContent) ?? [];
    expect(file).toMatch(new RegExp(`[/\\\\]exports[/\\\\]evidence-JI-8000-2026-000101-${ids.conflict}\\.zip$`));
    expect(createHash('sha256').update(fs.readFileSync(file ?? '')).digest('hex')).toBe(sha256);
  });

  it("shows the core's refusal of an action on its row and keeps the result", async () => {
    seedResults();
    await openSync();
    await waitFor(() => {
      expect(rowIds()).toHaveLength(3);
    });
    // Meanwhile the result was withdrawn elsewhere (another window): the core refuses to edit it.
    db().results.resolve(ids.conflict, 'withdraw');
    fireEvent.click(within(row(ids.conflict)).getByTestId('attention-edit'));
    // The list reloads after the refusal: the withdrawn result leaves it, the refusal stays said,
    // and the core still holds the result (withdrawn, never dropped).
    await waitFor(() => {
      expect(rowIds()).toHaveLength(2);
      expect(rowIds()).not.toContain(ids.conflict);
    });
    const error = screen.getByTestId('attention-action-error');
    expect(error.textContent).toBe(`结果 ${ids.conflict} 已在别处变更，此处无需再处理： 输入内容无效，请检查后重试。`);
    expect(stateOf(ids.conflict)).toBe('withdrawn');
  });

  it('a forbidden action (an account without the officer role) says so on its row', async () => {
    seedResults(['conflict']);
    connection = real.connectAs({ roles: ['admin'] });
    render(
      <ApiContext value={connection.api}>
        <App />
      </ApiContext>,
    );
    fireEvent.click(screen.getByTestId('nav-sync'));
    await waitFor(() => {
      expect(rowIds()).toEqual([ids.conflict]);
    });
    fireEvent.click(within(row(ids.conflict)).getByTestId('attention-edit'));
    const error = await within(row(ids.conflict)).findByTestId('attention-action-error');
    expect(error.textContent).toBe('当前账号无权执行此操作，请使用具有相应角色的账号登录，或联系管理员。');
    expect(stateOf(ids.conflict)).toBe('conflict');
  });

  it('reloads when the sync status says the counts moved', async () => {
    seedResults();
    await openSync();
    await waitFor(() => {
      expect(rowIds()).toHaveLength(3);
    });
    // The pusher delivers the waiting result after its evidence arrived, and says so.
    db().results.resolve(ids.waiting, 'retry');
    const moved = await real.ask('sync:status', {});
    act(() => {
      real.core.emit('sync:changed', moved);
    });
    await waitFor(() => {
      expect(rowIds()).toEqual([ids.conflict, ids.rejected]);
    });
  });

  it('offers no rebase for a conflict whose task is no longer cached', async () => {
    db().results.submit(buildResultInput({ resultId: ids.conflict, taskId: 'JI-8000-2026-000109', baseVersion: 3 }), T0);
    db().results.markConflict(ids.conflict, 'task_changed', T0 + 1000);
    await openSync();
    await waitFor(() => {
      expect(rowIds()).toEqual([ids.conflict]);
    });
    expect(within(row(ids.conflict)).getAllByRole('button').map((button) => button.textContent)).toEqual(['退回编辑', '撤回', '导出证据包']);
  });

  it('says so when nothing needs attention', async () => {
    seedResults(['queued']);
    await openSync();
    expect((await screen.findByTestId('attention-empty')).textContent).toBe('没有需要处理的结果');
  });
});

describe('task change notices', () => {
  it('lists cancelled and reassigned tasks and acknowledges them one by one', async () => {
    const { cancelled, reassigned } = seedFlags();
    await openSync();
    const banner = await screen.findByTestId('flags-list');
    expect(within(banner).getByRole('heading').textContent).toBe('有 2 个任务在处理期间被取消或改派');
    const rows = within(banner).getAllByTestId('flag-row');
    // Newest first.
    expect(rows.map((r) => r.getAttribute('data-task-id'))).toEqual([cancelled.taskId, reassigned.taskId]);
    expect(within(rows[0]!).getByText('已取消')).toBeTruthy();
    expect(within(rows[1]!).getByText('已改派')).toBeTruthy();
    fireEvent.click(within(rows[0]!).getByTestId('flag-ack'));
    expect(connection.wire.inputsOf('flags:acknowledge')).toEqual([{ taskId: cancelled.taskId, kind: 'cancelled' }]);
    await waitFor(() => {
      expect(screen.getAllByTestId('flag-row').map((r) => r.getAttribute('data-task-id'))).toEqual([reassigned.taskId]);
    });
    expect(syncRepository().flags().map((flag) => flag.taskId)).toEqual([reassigned.taskId]);
  });
});

const CALLS = ['GET /v1/tasks/changes', 'POST /v1/tasks/JI-8000-2026-000101/results', 'PUT /v1/attachments/ab12', 'POST /v1/auth/token'];

/** Journal rows as the gateway client writes them, ids 1..count in order. */
function seedJournal(count: number): (JournalRow & { id: number })[] {
  const sync = syncRepository();
  return Array.from({ length: count }, (_, i) => {
    const entry: JournalRow = {
      at: new Date(Date.UTC(2026, 10, 21, 8, 0, 0) + (i + 1) * 1000).toISOString(),
      call: CALLS[i % CALLS.length]!,
      outcome: journalOutcomes[i % journalOutcomes.length]!,
      status: i % 7 === 0 ? null : 200 + (i % 5),
      durationMs: 10 + i,
      detail: `entry ${i + 1}`,
    };
    return { ...entry, id: sync.appendJournal(entry) };
  });
}

type JournalInput = { limit: number; outcome?: string; call?: string; beforeId?: number };
const journalInputs = (): JournalInput[] => connection.wire.inputsOf('sync:journal') as JournalInput[];
const journalIds = (): number[] => screen.queryAllByTestId('journal-row').map((r) => Number(r.getAttribute('data-entry-id')));

describe('sync journal', () => {
  it('shows the newest page: time, call, outcome (coloured), HTTP status, duration, detail', async () => {
    const entries = seedJournal(120);
    await openSync();
    await waitFor(() => {
      expect(journalIds()).toHaveLength(JOURNAL_PAGE_SIZE);
    });
    expect(journalInputs()[0]).toEqual({ limit: JOURNAL_PAGE_SIZE });
    const newest = entries[119]!;
    expect(journalIds()[0]).toBe(newest.id);
    const first = screen.getAllByTestId('journal-row')[0]!;
    const cells = within(first).getAllByRole('cell').map((cell) => cell.textContent);
    expect(cells[1]).toBe(newest.call);
    expect(cells[2]).toBe({ ok: '成功', retry: '稍后重试', error: '失败', conflict: '冲突', rejected: '被拒绝' }[newest.outcome]);
    expect(cells[3]).toBe(newest.status === null ? '—' : String(newest.status));
    expect(cells[4]).toBe(`${newest.durationMs} 毫秒`);
    expect(cells[5]).toBe('entry 120');
    expect(within(first).getByText(cells[2]!).className).toContain(`outcome--${newest.outcome}`);
    expect(within(screen.getByTestId('journal-table')).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      '时间',
      '调用',
      '结果',
      'HTTP 状态',
      '耗时',
      '详情',
    ]);
  });

  it('filters by outcome and by call text (case-insensitive, as the core matches it), asking the core each time', async () => {
    const entries = seedJournal(120);
    await openSync();
    await waitFor(() => {
      expect(journalIds()).toHaveLength(JOURNAL_PAGE_SIZE);
    });

    fireEvent.change(screen.getByTestId('journal-filter-outcome'), { target: { value: 'error' } });
    await waitFor(() => {
      expect(journalInputs().at(-1)).toEqual({ limit: JOURNAL_PAGE_SIZE, outcome: 'error' });
    });
    await waitFor(() => {
      expect(journalIds()).toEqual(entries.filter((e) => e.outcome === 'error').map((e) => e.id).reverse());
    });
    expect(screen.getAllByTestId('journal-row').every((r) => r.getAttribute('data-outcome') === 'error')).toBe(true);

    // The fake core matched the call text case-sensitively; the core does not.
    fireEvent.change(screen.getByTestId('journal-filter-call'), { target: { value: 'RESULTS' } });
    await waitFor(() => {
      expect(journalInputs().at(-1)).toEqual({ limit: JOURNAL_PAGE_SIZE, outcome: 'error', call: 'RESULTS' });
    });
    const expected = entries.filter((e) => e.outcome === 'error' && e.call.includes('/results')).map((e) => e.id).reverse();
    expect(expected.length).toBeGreaterThan(0);
    await waitFor(() => {
      expect(journalIds()).toEqual(expected);
    });

    fireEvent.change(screen.getByTestId('journal-filter-outcome'), { target: { value: '' } });
    fireEvent.change(screen.getByTestId('journal-filter-call'), { target: { value: 'zzz-nothing' } });
    expect((await screen.findByTestId('journal-empty')).textContent).toBe('没有符合条件的日志记录');
  });

  it('pages backwards with beforeId until there is nothing older', async () => {
    const entries = seedJournal(120);
    await openSync();
    await waitFor(() => {
      expect(journalIds()).toHaveLength(50);
    });
    fireEvent.click(screen.getByTestId('journal-load-older'));
    await waitFor(() => {
      expect(journalIds()).toHaveLength(100);
    });
    expect(journalInputs().at(-1)).toEqual({ limit: JOURNAL_PAGE_SIZE, beforeId: entries[70]!.id });
    fireEvent.click(screen.getByTestId('journal-load-older'));
    await waitFor(() => {
      expect(journalIds()).toHaveLength(120);
    });
    expect(journalInputs().at(-1)).toEqual({ limit: JOURNAL_PAGE_SIZE, beforeId: entries[20]!.id });
    expect(journalIds()).toEqual(entries.map((e) => e.id).reverse());
    expect(screen.queryByTestId('journal-load-older')).toBeNull();
    expect(text('journal-no-older')).toBe('没有更早的记录');
  });
});
