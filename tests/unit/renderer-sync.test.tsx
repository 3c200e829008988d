// @vitest-environment jsdom
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContractClient, journalOutcomes, type JournalEntry, type ResultSummary, type SyncStatus } from '../../shared/contract/index.js';
import { ApiContext } from '../../renderer/api-context.js';
import { App } from '../../renderer/App.js';
import { JOURNAL_PAGE_SIZE } from '../../renderer/features/sync/use-journal.js';
import { i18n } from '../../renderer/i18n/index.js';
import { ConnectionCell } from '../../renderer/transport/connection-state.js';
import { createFakeTransport, defaultSyncState, generateTaskRows, type FakeSyncState, type FakeTransport } from './fakes/contract-transport.js';

// The machine running tests may be busy: give async UI updates time before failing.
configure({ asyncUtilTimeout: 5000 });

const ROWS = generateTaskRows(200);
const MINUTE = 60_000;

let transport: FakeTransport;

beforeEach(async () => {
  window.localStorage.clear();
  await i18n.changeLanguage('zh-CN');
});
afterEach(() => {
  cleanup();
});

function status(change: Partial<SyncStatus> = {}): SyncStatus {
  return { ...defaultSyncState().status, ...change };
}

function renderConsole(sync: Partial<FakeSyncState> = {}) {
  transport = createFakeTransport(ROWS, { sync });
  const api = { client: new ContractClient(transport), connection: new ConnectionCell('connected') };
  return render(
    <ApiContext value={api}>
      <App />
    </ApiContext>,
  );
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

describe('sync status strip', () => {
  it('shows what sync:status answers: online, signed in, last success as relative time, waiting, conflicts, notices', async () => {
    renderConsole({
      status: status({ lastSuccessAt: new Date(Date.now() - 3 * MINUTE - 5000).toISOString(), resultsWaiting: 4, conflicts: 2, flags: 1 }),
    });
    await waitFor(() => {
      expect(screen.getByTestId('sync-status').getAttribute('data-online')).toBe('true');
    });
    expect(text('sync-status')).toBe('在线');
    expect(text('sync-signed-in')).toBe('已登录网关');
    expect(text('sync-last-success')).toBe('上次同步：3 分钟前');
    expect(text('sync-waiting')).toBe('待上传 4');
    expect(text('sync-conflicts')).toBe('冲突 2');
    expect(text('sync-flags')).toBe('提醒 1');
    expect(screen.getByTestId('sync-conflicts').className).toContain('is-alert');
    expect(text('sync-mode')).toBe('训练模式');
    expect(transport.inputsOf('sync:status')).toEqual([{}]);
  });

  it('says "never synced" and reads in English too', async () => {
    renderConsole({ status: status({ lastSuccessAt: null }) });
    await waitFor(() => {
      expect(text('sync-last-success')).toBe('上次同步：从未同步');
    });
    await act(async () => {
      await i18n.changeLanguage('en');
    });
    expect(text('sync-last-success')).toBe('Last sync: never synced');
    act(() => {
      transport.emit('sync:changed', status({ lastSuccessAt: new Date(Date.now() - 2 * 60 * MINUTE).toISOString(), resultsWaiting: 1 }));
    });
    await waitFor(() => {
      expect(text('sync-last-success')).toBe('Last sync: 2 hours ago');
    });
    expect(text('sync-waiting')).toBe('1 result waiting');
  });

  it('follows sync:changed events: offline, signed out, new counts', async () => {
    renderConsole();
    await waitFor(() => {
      expect(screen.getByTestId('sync-status').getAttribute('data-online')).toBe('true');
    });
    act(() => {
      transport.emit('sync:changed', status({ online: false, signedIn: false, conflicts: 3, lastError: { code: 'transport', message: 'ECONNRESET' } }));
    });
    await waitFor(() => {
      expect(screen.getByTestId('sync-status').getAttribute('data-online')).toBe('false');
    });
    expect(text('sync-status')).toBe('离线');
    expect(text('sync-signed-in')).toBe('未登录网关');
    expect(text('sync-conflicts')).toBe('冲突 3');
    expect(text('sync-last-error')).toBe('上次同步出错');
  });

  it('"sync now" sends sync:now and shows its answer', async () => {
    renderConsole();
    await waitFor(() => {
      expect(screen.getByTestId('sync-status').getAttribute('data-online')).toBe('true');
    });
    expect(text('sync-now')).toBe('立即同步');
    transport.sync.status = status({ lastSuccessAt: new Date().toISOString(), resultsWaiting: 0 });
    fireEvent.click(screen.getByTestId('sync-now'));
    expect(transport.inputsOf('sync:now')).toEqual([{}]);
    await waitFor(() => {
      expect(text('sync-last-success')).toBe('上次同步：刚刚');
    });
  });

  it('is disabled while a sync runs, and says when sync:now failed', async () => {
    renderConsole({ status: status({ pulling: true }) });
    await screen.findByTestId('sync-busy');
    expect(screen.getByTestId<HTMLButtonElement>('sync-now').disabled).toBe(true);
    act(() => {
      transport.emit('sync:changed', status({ pulling: false }));
    });
    await waitFor(() => {
      expect(screen.getByTestId<HTMLButtonElement>('sync-now').disabled).toBe(false);
    });
    transport.failWith('sync:now', { code: 'unavailable', message: 'the core is restarting' });
    fireEvent.click(screen.getByTestId('sync-now'));
    expect((await screen.findByTestId('sync-now-error')).textContent).toBe('无法开始同步');
  });

  it('opens the sync screen from the conflicts count', async () => {
    renderConsole({ status: status({ conflicts: 1 }) });
    fireEvent.click(await screen.findByText('冲突 1'));
    await screen.findByTestId('attention-list');
    expect(screen.getByTestId('nav-sync').getAttribute('aria-selected')).toBe('true');
  });
});

const ids = {
  conflict: '0b6f5c1e-2f1a-4c8e-9d3b-1a2b3c4d5e01',
  rejected: '0b6f5c1e-2f1a-4c8e-9d3b-1a2b3c4d5e02',
  waiting: '0b6f5c1e-2f1a-4c8e-9d3b-1a2b3c4d5e03',
  queued: '0b6f5c1e-2f1a-4c8e-9d3b-1a2b3c4d5e04',
};

function result(resultId: string, change: Partial<ResultSummary>): ResultSummary {
  return {
    resultId,
    taskId: 'JI-8000-2026-000001',
    state: 'queued',
    gateway: 'training',
    supersedes: null,
    supersededBy: null,
    baseVersion: 3,
    taskVersion: 3,
    outcome: 'conform',
    disposition: 'release',
    updatedAt: '2026-11-21T08:00:00Z',
    lastError: null,
    fieldErrors: [],
    ...change,
  };
}

function attentionResults(): ResultSummary[] {
  return [
    result(ids.conflict, { taskId: 'JI-8000-2026-000101', state: 'conflict', baseVersion: 3, taskVersion: 5, lastError: 'task_changed: the task was reassigned' }),
    result(ids.rejected, {
      taskId: 'JI-8000-2026-000102',
      state: 'rejected',
      lastError: 'invalid_result',
      fieldErrors: [{ path: 'findings.0.severity', message: 'must be one of info, minor, major, critical' }],
    }),
    result(ids.waiting, { taskId: 'JI-8000-2026-000103', state: 'waiting_attachment', taskVersion: null, lastError: 'attachment_missing' }),
    result(ids.queued, { taskId: 'JI-8000-2026-000104', state: 'queued' }),
  ];
}

async function openSync(sync: Partial<FakeSyncState>): Promise<void> {
  renderConsole(sync);
  fireEvent.click(screen.getByTestId('nav-sync'));
  await screen.findByTestId('attention-list');
}

const row = (resultId: string): HTMLElement => {
  const found = screen.getAllByTestId('attention-row').find((element) => element.getAttribute('data-result-id') === resultId);
  if (!found) throw new Error(`no row ${resultId}`);
  return found;
};
const rowIds = (): string[] => screen.queryAllByTestId('attention-row').map((element) => element.getAttribute('data-result-id') ?? '');
const resolveInputs = (): unknown[] => transport.inputsOf('results:resolve');

describe('results that need attention', () => {
  it('lists conflict, rejected and waiting_attachment results with state, error, field errors and versions', async () => {
    await openSync({ results: attentionResults() });
    await waitFor(() => {
      expect(rowIds()).toEqual([ids.conflict, ids.rejected, ids.waiting]);
    });
    expect(transport.inputsOf('results:list')[0]).toEqual({ view: 'attention' });
    const conflict = row(ids.conflict);
    expect(within(conflict).getByText('JI-8000-2026-000101')).toBeTruthy();
    expect(within(conflict).getByTestId('attention-state').textContent).toBe('版本冲突');
    expect(within(conflict).getByTestId('attention-versions').textContent).toBe('任务当前版本 5 · 结果基于版本 3');
    expect(within(conflict).getByTestId('attention-error').textContent).toBe('task_changed: the task was reassigned');
    expect(within(conflict).getAllByRole('button').map((button) => button.textContent)).toEqual(['重新基于最新版本', '退回编辑', '撤回']);

    const rejected = row(ids.rejected);
    expect(within(rejected).getByTestId('attention-state').textContent).toBe('被退回');
    expect(within(rejected).getByTestId('attention-field-errors').textContent).toContain('findings.0.severity');
    expect(within(rejected).getAllByRole('button').map((button) => button.textContent)).toEqual(['退回编辑', '撤回', '重试']);

    const waiting = row(ids.waiting);
    expect(within(waiting).getByTestId('attention-state').textContent).toBe('等待附件');
    expect(within(waiting).getByTestId('attention-versions').textContent).toBe('本机已无此任务 · 结果基于版本 3');
    expect(within(waiting).getAllByRole('button').map((button) => button.textContent)).toEqual(['重试', '撤回']);
  });

  it('rebase sends results:resolve with the result id and refreshes the list', async () => {
    await openSync({ results: attentionResults() });
    await waitFor(() => {
      expect(rowIds()).toHaveLength(3);
    });
    const listsBefore = transport.inputsOf('results:list').length;
    fireEvent.click(within(row(ids.conflict)).getByTestId('attention-rebase'));
    expect(resolveInputs()).toEqual([{ resultId: ids.conflict, action: 'rebase' }]);
    await waitFor(() => {
      expect(rowIds()).toEqual([ids.rejected, ids.waiting]);
    });
    expect(transport.inputsOf('results:list').length).toBe(listsBefore + 1);
    expect(transport.sync.results.find((r) => r.resultId === ids.conflict)).toMatchObject({ state: 'queued', baseVersion: 5 });
  });

  it('asks before withdrawing; cancel sends nothing, confirm sends withdraw', async () => {
    await openSync({ results: attentionResults() });
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
  });

  it('sends edit and retry for the rows that offer them', async () => {
    await openSync({ results: attentionResults() });
    await waitFor(() => {
      expect(rowIds()).toHaveLength(3);
    });
    fireEvent.click(within(row(ids.waiting)).getByTestId('attention-retry'));
    await waitFor(() => {
      expect(rowIds()).toEqual([ids.conflict, ids.rejected]);
    });
    fireEvent.click(within(row(ids.rejected)).getByTestId('attention-edit'));
    await waitFor(() => {
      expect(rowIds()).toEqual([ids.conflict]);
    });
    expect(resolveInputs()).toEqual([
      { resultId: ids.waiting, action: 'retry' },
      { resultId: ids.rejected, action: 'edit' },
    ]);
  });

  it('shows a refused action on its row and keeps the result', async () => {
    await openSync({ results: attentionResults() });
    await waitFor(() => {
      expect(rowIds()).toHaveLength(3);
    });
    transport.failWith('results:resolve', { code: 'forbidden', message: 'results:resolve is not allowed for this account' });
    fireEvent.click(within(row(ids.conflict)).getByTestId('attention-edit'));
    const error = await within(row(ids.conflict)).findByTestId('attention-action-error');
    expect(error.textContent).toBe('当前账号无权执行此操作。');
    expect(rowIds()).toHaveLength(3);
  });

  it('reloads when the sync status says the counts moved', async () => {
    await openSync({ results: attentionResults(), status: status({ conflicts: 1 }) });
    await waitFor(() => {
      expect(rowIds()).toHaveLength(3);
    });
    transport.sync.results = transport.sync.results.filter((r) => r.resultId !== ids.waiting);
    act(() => {
      transport.emit('sync:changed', status({ conflicts: 1, resultsWaiting: 1 }));
    });
    await waitFor(() => {
      expect(rowIds()).toEqual([ids.conflict, ids.rejected]);
    });
  });

  it('offers no rebase for a conflict whose task is no longer cached', async () => {
    await openSync({ results: [result(ids.conflict, { state: 'conflict', taskVersion: null })] });
    await waitFor(() => {
      expect(rowIds()).toEqual([ids.conflict]);
    });
    expect(within(row(ids.conflict)).getAllByRole('button').map((button) => button.textContent)).toEqual(['退回编辑', '撤回']);
  });

  it('says so when nothing needs attention', async () => {
    await openSync({ results: [result(ids.queued, { state: 'queued' })] });
    expect((await screen.findByTestId('attention-empty')).textContent).toBe('没有需要处理的结果');
  });
});

describe('task change notices', () => {
  it('lists cancelled and reassigned tasks and acknowledges them one by one', async () => {
    await openSync({
      flags: [
        { taskId: 'JI-8000-2026-000201', kind: 'cancelled', reason: '报关单撤销', at: '2026-11-21T07:00:00Z' },
        { taskId: 'JI-8000-2026-000202', kind: 'reassigned', reason: '改派至团结村查验组', at: '2026-11-21T07:30:00Z' },
      ],
    });
    const banner = await screen.findByTestId('flags-list');
    expect(within(banner).getByRole('heading').textContent).toBe('有 2 个任务在处理期间被取消或改派');
    const rows = within(banner).getAllByTestId('flag-row');
    expect(within(rows[0]!).getByText('已取消')).toBeTruthy();
    expect(within(rows[1]!).getByText('已改派')).toBeTruthy();
    fireEvent.click(within(rows[0]!).getByTestId('flag-ack'));
    expect(transport.inputsOf('flags:acknowledge')).toEqual([{ taskId: 'JI-8000-2026-000201', kind: 'cancelled' }]);
    await waitFor(() => {
      expect(screen.getAllByTestId('flag-row').map((r) => r.getAttribute('data-task-id'))).toEqual(['JI-8000-2026-000202']);
    });
  });
});

function journalEntries(count: number): JournalEntry[] {
  const calls = ['GET /v1/tasks/changes', 'POST /v1/tasks/JI-8000-2026-000101/results', 'PUT /v1/attachments/ab12', 'POST /v1/auth/token'];
  return Array.from({ length: count }, (_, i) => {
    const id = i + 1;
    return {
      id,
      at: new Date(Date.UTC(2026, 10, 21, 8, 0, 0) + id * 1000).toISOString(),
      call: calls[i % calls.length]!,
      outcome: journalOutcomes[i % journalOutcomes.length]!,
      status: i % 7 === 0 ? null : 200 + (i % 5),
      durationMs: 10 + i,
      detail: `entry ${id}`,
    };
  });
}

type JournalInput = { limit: number; outcome?: string; call?: string; beforeId?: number };
const journalInputs = (): JournalInput[] => transport.inputsOf('sync:journal') as JournalInput[];
const journalIds = (): number[] => screen.queryAllByTestId('journal-row').map((r) => Number(r.getAttribute('data-entry-id')));

describe('sync journal', () => {
  it('shows the newest page: time, call, outcome (coloured), HTTP status, duration, detail', async () => {
    const entries = journalEntries(120);
    await openSync({ journal: entries });
    await waitFor(() => {
      expect(journalIds()).toHaveLength(JOURNAL_PAGE_SIZE);
    });
    expect(journalInputs()[0]).toEqual({ limit: JOURNAL_PAGE_SIZE });
    expect(journalIds()[0]).toBe(120);
    const first = screen.getAllByTestId('journal-row')[0]!;
    const cells = within(first).getAllByRole('cell').map((cell) => cell.textContent);
    const newest = entries[119]!;
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

  it('filters by outcome and by call text, asking the core each time', async () => {
    const entries = journalEntries(120);
    await openSync({ journal: entries });
    await waitFor(() => {
      expect(journalIds()).toHaveLength(JOURNAL_PAGE_SIZE);
    });

    fireEvent.change(screen.getByTestId('journal-filter-outcome'), { target: { value: 'error' } });
    await waitFor(() => {
      expect(journalInputs().at(-1)).toEqual({ limit: JOURNAL_PAGE_SIZE, outcome: 'error' });
    });
    await waitFor(() => {
      expect(screen.getAllByTestId('journal-row').every((r) => r.getAttribute('data-outcome') === 'error')).toBe(true);
    });
    expect(journalIds()).toEqual(entries.filter((e) => e.outcome === 'error').map((e) => e.id).reverse());

    fireEvent.change(screen.getByTestId('journal-filter-call'), { target: { value: 'result' } });
    await waitFor(() => {
      expect(journalInputs().at(-1)).toEqual({ limit: JOURNAL_PAGE_SIZE, outcome: 'error', call: 'result' });
    });
    const expected = entries.filter((e) => e.outcome === 'error' && e.call.includes('result')).map((e) => e.id).reverse();
    expect(expected.length).toBeGreaterThan(0);
    await waitFor(() => {
      expect(journalIds()).toEqual(expected);
    });

    fireEvent.change(screen.getByTestId('journal-filter-outcome'), { target: { value: '' } });
    fireEvent.change(screen.getByTestId('journal-filter-call'), { target: { value: 'zzz-nothing' } });
    expect((await screen.findByTestId('journal-empty')).textContent).toBe('没有符合条件的日志记录');
  });

  it('pages backwards with beforeId until there is nothing older', async () => {
    const entries = journalEntries(120);
    await openSync({ journal: entries });
    await waitFor(() => {
      expect(journalIds()).toHaveLength(50);
    });
    fireEvent.click(screen.getByTestId('journal-load-older'));
    await waitFor(() => {
      expect(journalIds()).toHaveLength(100);
    });
    expect(journalInputs().at(-1)).toEqual({ limit: JOURNAL_PAGE_SIZE, beforeId: 71 });
    fireEvent.click(screen.getByTestId('journal-load-older'));
    await waitFor(() => {
      expect(journalIds()).toHaveLength(120);
    });
    expect(journalInputs().at(-1)).toEqual({ limit: JOURNAL_PAGE_SIZE, beforeId: 21 });
    expect(journalIds()).toEqual(entries.map((e) => e.id).reverse());
    expect(screen.queryByTestId('journal-load-older')).toBeNull();
    expect(text('journal-no-older')).toBe('没有更早的记录');
  });
});
