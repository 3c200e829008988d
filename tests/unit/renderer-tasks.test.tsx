// @vitest-environment jsdom
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TaskFilter, TaskRow } from '../../shared/contract/index.js';
import type { GatewayTask } from '../../shared/contract/gateway-task.js';
import { makeContainerNo } from '../../shared/domain/iso6346.js';
import { ApiContext } from '../../renderer/api-context.js';
import { App } from '../../renderer/App.js';
import { PAGE_SIZE } from '../../renderer/features/tasks/task-query.js';
import { ROW_HEIGHT } from '../../renderer/features/tasks/TaskRowView.js';
import { i18n } from '../../renderer/i18n/index.js';
import { cachedFixtureDatabase, FIXTURE_NOW } from '../fixtures/fixture-db.js';
import { startRealCore, type Connection, type RealCore } from '../fixtures/real-core.js';
import { buildTask } from '../fixtures/task-builder.js';

// The machine running tests may be busy: give async UI updates time before failing.
configure({ asyncUtilTimeout: 5000 });

/**
 * The task list against the real core: 100,000 generated tasks (the cached fixture database the
 * benchmarks use) plus a few built here whose place in the list and search results the core's own
 * rules decide, served by the headless host over the renderer's WebSocket transport.
 */
const VIEWPORT = 600;
const TASKS = 100_000;
const OPEN: TaskFilter = { status: 'open' };

/** Overdue since 2025 (the clock is FIXTURE_NOW, 2026-11-25): first in the list. No containers. */
const FIRST = buildTask(
  { taskId: 'JI-8000-2026-990001', mode: 'rail', status: 'pending', containers: [], version: 1 },
  { priority: 'urgent', dueAt: '2025-01-01T00:00:00Z', agencies: ['customs', 'quarantine'], location: { area: '团结村 2号站台', lon: 106.37, lat: 29.62 } },
);
/** Container owner code QZX appears in no generated task: a search for it finds exactly these three. */
const qzx = (serial: number) => ({ containerNo: makeContainerNo('QZX', 'U', serial), sizeType: '45G1', sealNos: [] });
const SECOND = buildTask(
  { taskId: 'JI-8000-2026-990002', status: 'assigned', containers: [qzx(1), qzx(2), qzx(3)], mode: 'road' },
  { priority: 'normal', dueAt: '2025-01-02T00:00:00Z' },
);
const QZX_LATER = [
  buildTask({ taskId: 'JI-8000-2026-990003', status: 'pending', containers: [qzx(4)] }, { priority: 'high', dueAt: '2026-12-20T00:00:00Z' }),
  buildTask({ taskId: 'JI-8000-2026-990004', status: 'in_progress', containers: [qzx(5)] }, { priority: 'normal', dueAt: '2026-12-21T00:00:00Z' }),
  // Closed: the open view leaves it out.
  buildTask({ taskId: 'JI-8000-2026-990005', status: 'released', containers: [qzx(6)] }, { priority: 'urgent', dueAt: '2025-01-03T00:00:00Z' }),
];
const BUILT: GatewayTask[] = [FIRST, SECOND, ...QZX_LATER];

let real: RealCore;
let openTotal: number;
/** Open tasks in list order at the rows the tests look at, as the core lists them. */
const openRowAt = new Map<number, TaskRow>();

async function openRow(index: number): Promise<TaskRow> {
  let row = openRowAt.get(index);
  if (!row) {
    const page = await real.ask('tasks:list', { filter: OPEN, offset: index, limit: 1 });
    row = page.rows[0];
    if (!row) throw new Error(`no open task at ${index}`);
    openRowAt.set(index, row);
  }
  return row;
}

// jsdom has no layout: give the list's scroll container a height (the virtualizer reads clientHeight)
// and make scrollTo move scrollTop and fire a scroll event, as a browser would.
const spies: { mockRestore(): void }[] = [];
beforeAll(async () => {
  spies.push(
    vi.spyOn(Element.prototype, 'clientHeight', 'get').mockImplementation(function (this: Element) {
      return this.getAttribute('data-testid') === 'task-list' ? VIEWPORT : 0;
    }),
    vi.spyOn(Element.prototype, 'scrollHeight', 'get').mockImplementation(function (this: Element) {
      const canvas = this.getAttribute('data-testid') === 'task-list' ? this.firstElementChild : null;
      return canvas instanceof HTMLElement ? Number.parseFloat(canvas.style.height) : 0;
    }),
  );
  Element.prototype.scrollTo = function (this: Element, options?: ScrollToOptions | number) {
    if (typeof options === 'object' && typeof options.top === 'number') this.scrollTop = options.top;
    this.dispatchEvent(new Event('scroll'));
  };
  real = await startRealCore({ database: cachedFixtureDatabase({ tasks: TASKS }), clock: () => FIXTURE_NOW });
  // Through the core's own writer, as the sync would store them.
  real.core.db.tasks.upsertMany(BUILT);
  openTotal = (await real.ask('tasks:count', { filter: OPEN })).total;
  // Generating the 100k fixture the first time on a busy machine takes minutes; later runs copy it.
}, 600_000);
afterAll(async () => {
  for (const spy of spies) spy.mockRestore();
  Reflect.deleteProperty(Element.prototype, 'scrollTo');
  await real.close();
});

let connection: Connection;

beforeEach(async () => {
  window.localStorage.clear();
  await i18n.changeLanguage('zh-CN');
  connection = real.connect();
});
afterEach(() => {
  cleanup();
  connection.dispose();
  vi.useRealTimers();
});

function renderConsole() {
  return render(
    <ApiContext value={connection.api}>
      <App />
    </ApiContext>,
  );
}

type ListInput = { filter: TaskFilter; offset: number; limit: number };
const listInputs = (): ListInput[] => connection.wire.inputsOf('tasks:list') as ListInput[];
const countInputs = (): { filter: TaskFilter }[] => connection.wire.inputsOf('tasks:count') as { filter: TaskFilter }[];
const listOffsets = (): number[] => listInputs().map((input) => input.offset);
const renderedIds = (): string[] => screen.queryAllByTestId('task-row').map((row) => row.getAttribute('data-task-id') ?? '');

function scrollListTo(top: number): void {
  const list = screen.getByTestId('task-list');
  list.scrollTop = top;
  fireEvent.scroll(list);
}

/**
 * The list once it is whole: its first rows, then its count (asked for once the first page is
 * painted; until it comes the list is as long as that page).
 */
async function firstRows(): Promise<HTMLElement[]> {
  const rows = await screen.findAllByTestId('task-row');
  await waitFor(() => { expect(screen.getByTestId('task-total').getAttribute('aria-busy')).toBe('false'); });
  return rows;
}

describe('task list', () => {
  it('keeps at most 60 rows in the DOM with 100,000 tasks, and renders real rows', async () => {
    expect((await real.ask('app:info', {})).taskCount).toBe(TASKS + BUILT.length);
    expect(openTotal).toBeGreaterThan(30_050);
    renderConsole();
    await firstRows();
    await waitFor(() => { expect(screen.getByTestId('task-total').textContent).toBe(`共 ${openTotal.toLocaleString('en-US')} 项`); });
    const rows = screen.getAllByTestId('task-row');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThanOrEqual(60);
    expect(renderedIds().slice(0, 3)).toEqual([FIRST.taskId, SECOND.taskId, (await openRow(2)).taskId]);
    // The canvas is as tall as all rows, so the scrollbar reflects the whole list.
    const canvas = screen.getByTestId('task-list').firstElementChild as HTMLElement;
    expect(canvas.style.height).toBe(`${openTotal * ROW_HEIGHT}px`);

    scrollListTo(ROW_HEIGHT * 30_000);
    const deep = (await openRow(30_000)).taskId;
    await waitFor(() => { expect(renderedIds()).toContain(deep); });
    expect(screen.getAllByTestId('task-row').length).toBeLessThanOrEqual(60);
  });

  it('asks for page 0 of the default open filter, then its count once the page is there', async () => {
    renderConsole();
    await firstRows();
    expect(listInputs()[0]).toEqual({ filter: { status: 'open' }, offset: 0, limit: PAGE_SIZE });
    expect(countInputs()).toEqual([{ filter: { status: 'open' } }]);
    expect(connection.wire.requests.filter((frame) => frame.method.startsWith('tasks:')).map((frame) => frame.method)).toEqual(['tasks:list', 'tasks:count']);
    expect(listOffsets()).toEqual([0]);
  });

  it('requests the pages that scroll into view, each once', async () => {
    const [at0, at5000, at5050] = await Promise.all([openRow(0), openRow(5000), openRow(5050)]);
    renderConsole();
    await firstRows();
    scrollListTo(ROW_HEIGHT * 5000);
    await waitFor(() => { expect(renderedIds()).toContain(at5000.taskId); });
    // rows 4992..5018 are rendered (overscan 8): pages 4950 and 5000
    expect(listOffsets()).toEqual([0, 4950, 5000]);

    scrollListTo(0);
    await waitFor(() => { expect(renderedIds()).toContain(at0.taskId); });
    scrollListTo(ROW_HEIGHT * 5000);
    await waitFor(() => { expect(renderedIds()).toContain(at5000.taskId); });
    scrollListTo(ROW_HEIGHT * 5040);
    await waitFor(() => { expect(renderedIds()).toContain(at5050.taskId); });
    expect(listOffsets()).toEqual([0, 4950, 5000, 5050]);
    expect(new Set(listOffsets()).size).toBe(listOffsets().length);
    for (const input of listInputs()) expect(input.limit).toBe(PAGE_SIZE);
  });

  it('shows placeholder rows while a page loads, never asking twice', async () => {
    const target = await openRow(20_005);
    renderConsole();
    await firstRows();
    connection.wire.hold();
    scrollListTo(ROW_HEIGHT * 20_000);
    await waitFor(() => { expect(screen.getAllByTestId('task-row-placeholder').length).toBeGreaterThan(5); });
    scrollListTo(ROW_HEIGHT * 20_001);
    scrollListTo(ROW_HEIGHT * 20_002);
    expect(screen.getAllByTestId('task-row-placeholder')[0]!.textContent).toBe('正在加载…');
    connection.wire.release();
    await waitFor(() => { expect(renderedIds()).toContain(target.taskId); });
    expect(listOffsets()).toEqual([0, 19_950, 20_000]);
  });

  it('shows what a row says: priority, overdue, id, mode, status, due, containers, consignee, goods, agencies, area', async () => {
    const goods = (await real.ask('tasks:list', { filter: OPEN, offset: 0, limit: 1 })).rows[0]!.goodsSummary;
    renderConsole();
    await firstRows();
    const first = screen.getAllByTestId('task-row')[0]!;
    expect(first.getAttribute('data-task-id')).toBe(FIRST.taskId);
    expect(within(first).getByText('紧急').className).toContain('badge--urgent');
    expect(within(first).getByText('已超期')).toBeTruthy();
    expect(within(first).getByText(FIRST.taskId)).toBeTruthy();
    expect(within(first).getByText('铁路')).toBeTruthy();
    expect(within(first).getByText('待查验')).toBeTruthy();
    expect(within(first).getByText('无集装箱')).toBeTruthy();
    expect(within(first).getByText(FIRST.consignee.name)).toBeTruthy();
    expect(goods).toContain('冷冻牛肉');
    expect(within(first).getByText(goods)).toBeTruthy();
    expect(within(first).getByText('海关、检疫')).toBeTruthy();
    expect(within(first).getByText('团结村 2号站台')).toBeTruthy();
    expect(within(first).getByText(/^截止 /).textContent).toMatch(/^截止 \d\d\/\d\d \d\d:\d\d$/);

    const second = screen.getAllByTestId('task-row')[1]!;
    expect(second.getAttribute('data-task-id')).toBe(SECOND.taskId);
    expect(second.querySelector('.task-row__containers')!.textContent).toBe(`${SECOND.containers[0]!.containerNo}+2`);
    // Normal priority, but overdue: the core puts it with the urgent ones.
    expect(within(second).getByText('普通')).toBeTruthy();
    expect(within(second).getByText('已超期')).toBeTruthy();
  });

  it('sends the filter chosen in a select with tasks:list and tasks:count', async () => {
    renderConsole();
    await firstRows();
    fireEvent.change(screen.getByTestId('filter-mode'), { target: { value: 'river' } });
    await waitFor(() => { expect(within(screen.getAllByTestId('task-row')[0]!).getByText('水运')).toBeTruthy(); });
    const expected = { status: 'open', mode: 'river' };
    expect(listInputs().at(-1)).toEqual({ filter: expected, offset: 0, limit: PAGE_SIZE });
    await waitFor(() => { expect(countInputs().at(-1)).toEqual({ filter: expected }); });
    for (const row of screen.getAllByTestId('task-row')) expect(within(row).getByText('水运')).toBeTruthy();

    fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'held' } });
    fireEvent.change(screen.getByTestId('filter-agency'), { target: { value: 'quarantine' } });
    fireEvent.change(screen.getByTestId('filter-priority'), { target: { value: 'urgent' } });
    const all = { status: 'held', mode: 'river', agency: 'quarantine', priority: 'urgent' } as const;
    await waitFor(() => { expect(countInputs().at(-1)).toEqual({ filter: all }); });
    expect(listInputs().at(-1)).toEqual({ filter: all, offset: 0, limit: PAGE_SIZE });
    const { total } = await real.ask('tasks:count', { filter: all });
    expect(total).toBeLessThan(openTotal);
    await waitFor(() => { expect(screen.getByTestId('task-total').textContent).toBe(`共 ${total.toLocaleString('en-US')} 项`); });

    fireEvent.change(screen.getByTestId('filter-mode'), { target: { value: '' } });
    await waitFor(() => { expect(countInputs().at(-1)).toEqual({ filter: { status: 'held', agency: 'quarantine', priority: 'urgent' } }); });
  });

  it('searches the typed text after a pause, or at once on Enter, by the core\'s search rules', async () => {
    renderConsole();
    await firstRows();
    const input = screen.getByTestId('search-input');
    expect(input.getAttribute('type')).toBe('search');
    fireEvent.change(input, { target: { value: 'QZXU' } });
    expect(countInputs().some((i) => i.filter.text === 'QZXU')).toBe(false);
    await waitFor(() => { expect(countInputs().at(-1)).toEqual({ filter: { status: 'open', text: 'QZXU' } }); });
    expect(listInputs().at(-1)).toEqual({ filter: { status: 'open', text: 'QZXU' }, offset: 0, limit: PAGE_SIZE });
    // A substring of the container numbers: the three open tasks that carry QZX containers, in list
    // order (overdue first, then high, then normal); the released one is not open.
    await waitFor(() => { expect(renderedIds()).toEqual([SECOND.taskId, QZX_LATER[0]!.taskId, QZX_LATER[1]!.taskId]); });
    await waitFor(() => { expect(screen.getByTestId('task-total').textContent).toBe('共 3 项'); });

    // A complete container number (valid check digit) is an exact lookup.
    fireEvent.change(input, { target: { value: QZX_LATER[0]!.containers[0]!.containerNo } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => { expect(renderedIds()).toEqual([QZX_LATER[0]!.taskId]); });

    fireEvent.change(input, { target: { value: '冷冻牛肉' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    // Enter asks at once; the debounce that typing started sends nothing more.
    expect(listInputs().at(-1)).toEqual({ filter: { status: 'open', text: '冷冻牛肉' }, offset: 0, limit: PAGE_SIZE });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(listInputs().filter((i) => i.filter.text === '冷冻牛肉')).toHaveLength(1);
    expect(countInputs().filter((i) => i.filter.text === '冷冻牛肉')).toHaveLength(1);
    await waitFor(() => { expect(renderedIds()[0]).toBe(FIRST.taskId); });

    fireEvent.change(input, { target: { value: 'zzqqxxjj' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect((await screen.findByTestId('task-empty')).textContent).toBe('没有符合条件的任务');
    expect(screen.queryByTestId('task-list')).toBeNull();
  });

  it('keeps the list on screen while a search is on its way, then shows its rows from the top', async () => {
    renderConsole();
    await firstRows();
    const list = screen.getByTestId('task-list');
    const deep = await openRow(5_000);
    scrollListTo(5_000 * ROW_HEIGHT);
    await waitFor(() => { expect(renderedIds()).toContain(deep.taskId); });
    // Anything the officer would see blink between the two lists: a loading line or an empty list.
    const blinks: string[] = [];
    const observer = new MutationObserver(() => {
      if (document.querySelector('.tasks__message')) blinks.push('message');
      if (!screen.queryByTestId('task-list')) blinks.push('no list');
    });
    observer.observe(document.body, { subtree: true, childList: true });
    fireEvent.change(screen.getByTestId('search-input'), { target: { value: 'QZXU' } });
    fireEvent.keyDown(screen.getByTestId('search-input'), { key: 'Enter' });
    await waitFor(() => { expect(renderedIds()).toEqual([SECOND.taskId, QZX_LATER[0]!.taskId, QZX_LATER[1]!.taskId]); });
    observer.disconnect();
    expect(blinks).toEqual([]);
    // The same list element, updated in place, back at its top with its first row the one to tab to.
    expect(screen.getByTestId('task-list')).toBe(list);
    expect(list.scrollTop).toBe(0);
    expect(screen.getAllByTestId('task-row')[0]!.getAttribute('tabindex')).toBe('0');
  });

  it('shows the core\'s refusal of a search term too short to match (the fake core matched it)', async () => {
    renderConsole();
    await firstRows();
    // "no" has two Latin letters: the trigram index cannot match it, so the core refuses the search.
    fireEvent.change(screen.getByTestId('search-input'), { target: { value: 'no such thing' } });
    fireEvent.keyDown(screen.getByTestId('search-input'), { key: 'Enter' });
    const alert = await screen.findByTestId('task-error');
    expect(alert.getAttribute('data-code')).toBe('invalid_input');
    expect(alert.textContent).toContain('筛选或搜索条件无效，请修改后重试。');
    expect(alert.textContent).toContain('a search term needs 3 letters or digits, or 2 Chinese characters: "no"');
    // Two Chinese characters are a term the core accepts.
    fireEvent.change(screen.getByTestId('search-input'), { target: { value: '冷冻' } });
    fireEvent.keyDown(screen.getByTestId('search-input'), { key: 'Enter' });
    await waitFor(() => { expect(screen.queryByTestId('task-error')).toBeNull(); });
    await waitFor(() => { expect(renderedIds()[0]).toBe(FIRST.taskId); });
  });

  it('shows a readable error with a retry when the core cannot be reached, and recovers', async () => {
    connection.dispose();
    connection = real.connect({ blocked: true });
    renderConsole();
    const alert = await screen.findByTestId('task-error');
    expect(alert.getAttribute('data-code')).toBe('unavailable');
    expect(alert.textContent).toContain('暂时无法连接本机服务');
    expect(screen.getByTestId('task-retry').textContent).toBe('重试');
    // Retry asks again; the channel is still refused, so the error stays.
    const asked = countInputs().length;
    fireEvent.click(screen.getByTestId('task-retry'));
    await waitFor(() => { expect(countInputs().length).toBeGreaterThan(asked); });
    expect((await screen.findByTestId('task-error')).getAttribute('data-code')).toBe('unavailable');
    // Once the host lets the socket in, the list reloads by itself.
    connection.wire.unblock();
    await firstRows();
    expect(screen.getByTestId('connection').getAttribute('data-state')).toBe('connected');
    expect(screen.queryByTestId('task-error')).toBeNull();
    expect(renderedIds()[0]).toBe(FIRST.taskId);
  });

  it('reports an answer that breaks the contract as an error, not a crash', async () => {
    connection.wire.corrupt('tasks:count', () => ({ total: -5 }));
    renderConsole();
    const alert = await screen.findByTestId('task-error');
    expect(alert.getAttribute('data-code')).toBe('internal');
    expect(alert.textContent).toContain('本机服务内部错误');
  });

  it('drops the cache and reloads on tasks:changed from the core', async () => {
    renderConsole();
    await firstRows();
    await waitFor(() => { expect(countInputs()).toHaveLength(1); });
    act(() => {
      real.core.emit('tasks:changed', { taskIds: [FIRST.taskId], reloadAll: false });
      real.core.emit('tasks:changed', { taskIds: [SECOND.taskId], reloadAll: false });
    });
    await waitFor(() => { expect(listOffsets()).toEqual([0, 0]); });
    await waitFor(() => { expect(countInputs()).toHaveLength(2); });
    // Rows stay on screen while the fresh page loads.
    expect(screen.getAllByTestId('task-row').length).toBeGreaterThan(5);
  });

  it('reloads when the channel comes back after a drop', async () => {
    renderConsole();
    await firstRows();
    await waitFor(() => { expect(screen.getByTestId('connection').getAttribute('data-state')).toBe('connected'); });
    connection.wire.block();
    act(() => { connection.wire.drop(); });
    await waitFor(() => { expect(screen.getByTestId('connection').getAttribute('data-state')).toBe('reconnecting'); });
    connection.wire.unblock();
    await waitFor(() => { expect(listOffsets()).toEqual([0, 0]); });
    await waitFor(() => { expect(screen.getByTestId('connection').getAttribute('data-state')).toBe('connected'); });
    expect(renderedIds()[0]).toBe(FIRST.taskId);
  });

  it('moves focus with Up/Down and selects with Enter or a click', async () => {
    const [, second, , fourth] = await Promise.all([openRow(0), openRow(1), openRow(2), openRow(3)]);
    renderConsole();
    const rows = await firstRows();
    rows[0]!.focus();
    fireEvent.keyDown(rows[0]!, { key: 'ArrowDown' });
    await waitFor(() => { expect(document.activeElement?.getAttribute('data-index')).toBe('1'); });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    await waitFor(() => { expect(document.activeElement?.getAttribute('data-index')).toBe('2'); });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    await waitFor(() => { expect(document.activeElement?.getAttribute('data-index')).toBe('1'); });
    expect(document.activeElement?.getAttribute('tabindex')).toBe('0');
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    const selected = () => screen.getAllByTestId('task-row').filter((row) => row.getAttribute('aria-selected') === 'true');
    await waitFor(() => { expect(selected().map((row) => row.getAttribute('data-task-id'))).toEqual([second.taskId]); });

    fireEvent.click(screen.getAllByTestId('task-row')[3]!);
    await waitFor(() => { expect(selected().map((row) => row.getAttribute('data-task-id'))).toEqual([fourth.taskId]); });

    // End jumps to the last task, scrolling it into view.
    const last = await openRow(openTotal - 1);
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    await waitFor(() => { expect(document.activeElement?.getAttribute('data-index')).toBe(String(openTotal - 1)); });
    await waitFor(() => { expect(renderedIds()).toContain(last.taskId); });
  });
});
