// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  agencies,
  creditGrades,
  errorCodes,
  inspectionTypes,
  priorities,
  taskStatuses,
  transportModes,
} from '../../shared/contract/index.js';
import { ApiContext } from '../../renderer/api-context.js';
import { App } from '../../renderer/App.js';
import { en } from '../../renderer/i18n/en.js';
import { i18n, LANGUAGE_STORAGE_KEY } from '../../renderer/i18n/index.js';
import { zhCN } from '../../renderer/i18n/zh-CN.js';
import { FIXTURE_NOW, fillFixtureDatabase } from '../fixtures/fixture-db.js';
import { giveTaskListHeight } from '../fixtures/list-viewport.js';
import { startRealCore, type Connection, type RealCore } from '../fixtures/real-core.js';
import { buildTask } from '../fixtures/task-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

// The machine running tests may be busy: give async UI updates time before failing.
configure({ asyncUtilTimeout: 5000 });

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();

describe('language resources', () => {
  const zh = flatten(zhCN);
  const english = flatten(en);

  it('zh-CN and en have exactly the same keys, none empty', () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
    for (const [key, value] of [...zh, ...english]) expect(value.trim(), key).not.toBe('');
  });

  it('use the same interpolation placeholders under each key', () => {
    for (const [key, value] of zh) expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(value));
  });

  it('translate every enum value of the contract and every error code', () => {
    const groups: [string, readonly string[]][] = [
      ['status', taskStatuses],
      ['mode', transportModes],
      ['agency', agencies],
      ['priority', priorities],
      ['inspectionType', inspectionTypes],
      ['creditGrade', creditGrades],
      ['errors', errorCodes],
    ];
    for (const [group, values] of groups) {
      for (const value of values) {
        expect(zh.has(`${group}.${value}`), `zh-CN ${group}.${value}`).toBe(true);
        expect(english.has(`${group}.${value}`), `en ${group}.${value}`).toBe(true);
      }
    }
  });

  it('use the agreed Chinese terms', () => {
    expect(zhCN.app.title).toBe('口岸联合查验工作台');
    expect(en.app.title).toBe('Port Inspection Console');
    expect(zhCN.status).toEqual({
      pending: '待查验',
      assigned: '已分派',
      in_progress: '查验中',
      completed: '已完成',
      released: '已放行',
      held: '已扣留',
      cancelled: '已取消',
    });
    expect(zhCN.mode).toEqual({ rail: '铁路', river: '水运', road: '公路', air: '航空', sea: '海运' });
    expect(zhCN.agency).toEqual({ customs: '海关', quarantine: '检疫', border: '边检', maritime: '海事' });
    expect(zhCN.priority).toEqual({ urgent: '紧急', high: '高', normal: '普通' });
    expect(Object.values(zhCN.creditGrade)).toEqual(['高级认证企业', '认证企业', '常规企业', '失信企业', '严重失信企业']);
    expect(zhCN.statusFilter.open).toBe('待办');
  });
});

describe('UI language', () => {
  /** Overdue, urgent, pending, rail: first in the list at FIXTURE_NOW. */
  const FIRST = buildTask({ taskId: 'JI-8000-2026-990001', mode: 'rail', status: 'pending' }, { priority: 'urgent', dueAt: '2025-01-01T00:00:00Z' });
  let real: RealCore;
  let openTotal: number;
  let connection: Connection;
  let restore: (() => void) | null = null;

  beforeAll(async () => {
    // The real core on 3,000 generated tasks (enough for a thousands separator) and one built here.
    const temp = makeTempDir('renderer-i18n-');
    try {
      const file = `${temp.dir}/console.sqlite`;
      fillFixtureDatabase(file, { tasks: 3000, seed: 11 });
      real = await startRealCore({ database: file, clock: () => FIXTURE_NOW });
    } finally {
      temp.remove();
    }
    real.core.db.tasks.upsertMany([FIRST]);
    openTotal = (await real.ask('tasks:count', { filter: { status: 'open' } })).total;
    expect(openTotal).toBeGreaterThan(1000);
  }, 120_000);
  afterAll(async () => {
    await real.close();
  });

  beforeEach(async () => {
    window.localStorage.clear();
    await i18n.changeLanguage('zh-CN');
    restore = giveTaskListHeight(600);
    connection = real.connect();
  });

  afterEach(() => {
    cleanup();
    connection.dispose();
    restore?.();
  });

  function renderConsole() {
    return render(
      <ApiContext value={connection.api}>
        <App />
      </ApiContext>,
    );
  }

  it('is Chinese by default: title, html lang, labels, numbers', async () => {
    renderConsole();
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(document.title).toBe('口岸联合查验工作台');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('口岸联合查验工作台');
    const row = (await screen.findAllByTestId('task-row'))[0]!;
    expect(row.getAttribute('data-task-id')).toBe(FIRST.taskId);
    expect(within(row).getByText('待查验')).toBeTruthy();
    expect(within(row).getByText('铁路')).toBeTruthy();
    expect(within(row).getByText('紧急')).toBeTruthy();
    await waitFor(() => { expect(screen.getByTestId('task-total').textContent).toBe(`共 ${openTotal.toLocaleString('en-US')} 项`); });
    await waitFor(() => { expect(screen.getByTestId('connection').textContent).toBe('已连接'); });
    const options = [...screen.getByTestId<HTMLSelectElement>('filter-status').options].map((o) => o.textContent);
    expect(options.slice(0, 3)).toEqual(['待办', '全部状态', '待查验']);
    expect(screen.getByTestId('search-input').getAttribute('placeholder')).toContain('集装箱号');
  });

  it('switches to English and back, and remembers the choice', async () => {
    renderConsole();
    await screen.findAllByTestId('task-row');
    fireEvent.click(screen.getByTestId('lang-switch'));
    await waitFor(() => { expect(document.documentElement.lang).toBe('en'); });
    expect(document.title).toBe('Port Inspection Console');
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Port Inspection Console');
    const row = screen.getAllByTestId('task-row')[0]!;
    expect(within(row).getByText('Pending')).toBeTruthy();
    expect(within(row).getByText('Rail')).toBeTruthy();
    // The count is asked for once the first rows are painted.
    await waitFor(() => { expect(screen.getByTestId('task-total').textContent).toBe(`${openTotal.toLocaleString('en-US')} tasks`); });
    expect(screen.getByTestId('lang-switch').textContent).toBe('中文');
    expect(screen.getByTestId('search-input').getAttribute('placeholder')).toContain('Container no.');

    fireEvent.click(screen.getByTestId('lang-switch'));
    await waitFor(() => { expect(document.documentElement.lang).toBe('zh-CN'); });
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('zh-CN');
    expect(within(screen.getAllByTestId('task-row')[0]!).getByText('待查验')).toBeTruthy();
  });

  it('starts in the language stored on the workstation', async () => {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    vi.resetModules();
    const fresh = await import('../../renderer/i18n/index.js');
    expect(fresh.currentLanguage()).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(document.title).toBe('Port Inspection Console');

    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, 'fr');
    vi.resetModules();
    const fallback = await import('../../renderer/i18n/index.js');
    expect(fallback.currentLanguage()).toBe('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
  });
});
