// @vitest-environment jsdom
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContractClient, taskFilterSchema, type TaskFilter, type TaskRow } from '../../shared/contract/index.js';
import { ApiContext } from '../../renderer/api-context.js';
import { App } from '../../renderer/App.js';
import { PAGE_SIZE } from '../../renderer/features/tasks/task-query.js';
import { ROW_HEIGHT } from '../../renderer/features/tasks/TaskRowView.js';
import { i18n } from '../../renderer/i18n/index.js';
import { ConnectionCell } from '../../renderer/transport/connection-state.js';
import { createFakeTransport, generateTaskRows, matches, type FakeTransport } from './fakes/contract-transport.js';

// The machine running tests may be busy: give async UI updates time before failing.
configure({ asyncUtilTimeout: 5000 });

const VIEWPORT = 600;
const ROWS = generateTaskRows(100_000);
const openRows = ROWS.filter((row) => matches(row, taskFilterSchema.parse({})));

// jsdom has no layout: give the list's scroll container a height (the virtualizer reads clientHeight)
// and make scrollTo move scrollTop and fire a scroll event, as a browser would.
const spies: { mockRestore(): void }[] = [];
beforeAll(() => {
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
});
afterAll(() => {
  for (const spy of spies) spy.mockRestore();
  Reflect.deleteProperty(Element.prototype, 'scrollTo');
});

let transport: FakeTransport;
let connection: ConnectionCell;

beforeEach(async () => {
  window.localStorage.clear();
  await i18n.changeLanguage('zh-CN');
  transport = createFakeTransport(ROWS);
  connection = new ConnectionCell('connected');
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function renderConsole() {
  const api = { client: new ContractClient(transport), connection };
  return render(
    <ApiContext value={api}>
      <App />
    </ApiContext>,
  );
}

type ListInput = { filter: TaskFilter; offset: number; limit: number };
const listInputs = (): ListInput[] => transport.inputsOf('tasks:list') as ListInput[];
const countInputs = (): { filter: TaskFilter }[] => transport.inputsOf('tasks:count') as { filter: TaskFilter }[];
const listOffsets = (): number[] => listInputs().map((input) => input.offset);
const renderedIds = (): string[] => screen.queryAllByTestId('task-row').map((row) => row.getAttribute('data-task-id') ?? '');

function scrollListTo(top: number): void {
  const list = screen.getByTestId('task-list');
  list.scrollTop = top;
  fireEvent.scroll(list);
}

async function firstRows(): Promise<HTMLElement[]> {
  return screen.findAllByTestId('task-row');
}

describe('task list', () => {
  it('keeps at most 60 rows in the DOM with 100,000 tasks, and renders real rows', async () => {
    expect(ROWS).toHaveLength(100_000);
    renderConsole();
    await firstRows();
    await waitFor(() => { expect(screen.getByTestId('task-total').textContent).toBe(`共 ${openRows.length.toLocaleString('en-US')} 项`); });
    const rows = screen.getAllByTestId('task-row');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThanOrEqual(60);
    expect(renderedIds().slice(0, 3)).toEqual(openRows.slice(0, 3).map((row) => row.taskId));
    // The canvas is as tall as all rows, so the scrollbar reflects the whole list.
    const canvas = screen.getByTestId('task-list').firstElementChild as HTMLElement;
    expect(canvas.style.height).toBe(`${openRows.length * ROW_HEIGHT}px`);

    scrollListTo(ROW_HEIGHT * 30_000);
    await waitFor(() => { expect(renderedIds()).toContain(openRows[30_000]!.taskId); });
    expect(screen.getAllByTestId('task-row').length).toBeLessThanOrEqual(60);
  });

  it('asks for the default open filter first: count and page 0', async () => {
    renderConsole();
    await firstRows();
    expect(countInputs()[0]).toEqual({ filter: { status: 'open' } });
    expect(listInputs()[0]).toEqual({ filter: { status: 'open' }, offset: 0, limit: PAGE_SIZE });
    expect(listOffsets()).toEqual([0]);
  });

  it('requests the pages that scroll into view, each once', async () => {
    renderConsole();
    await firstRows();
    scrollListTo(ROW_HEIGHT * 5000);
    await waitFor(() => { expect(renderedIds()).toContain(openRows[5000]!.taskId); });
    // rows 4992..5018 are rendered (overscan 8): pages 4950 and 5000
    expect(listOffsets()).toEqual([0, 4950, 5000]);

    scrollListTo(0);
    await waitFor(() => { expect(renderedIds()).toContain(openRows[0]!.taskId); });
    scrollListTo(ROW_HEIGHT * 5000);
    await waitFor(() => { expect(renderedIds()).toContain(openRows[5000]!.taskId); });
    scrollListTo(ROW_HEIGHT * 5040);
    await waitFor(() => { expect(renderedIds()).toContain(openRows[5050]!.taskId); });
    expect(listOffsets()).toEqual([0, 4950, 5000, 5050]);
    expect(new Set(listOffsets()).size).toBe(listOffsets().length);
    for (const input of listInputs()) expect(input.limit).toBe(PAGE_SIZE);
  });

  it('shows placeholder rows while a page loads, never asking twice', async () => {
    renderConsole();
    await firstRows();
    transport.hold();
    scrollListTo(ROW_HEIGHT * 20_000);
    await waitFor(() => { expect(screen.getAllByTestId('task-row-placeholder').length).toBeGreaterThan(5); });
    scrollListTo(ROW_HEIGHT * 20_001);
    scrollListTo(ROW_HEIGHT * 20_002);
    expect(screen.getAllByTestId('task-row-placeholder')[0]!.textContent).toBe('正在加载…');
    transport.release();
    await waitFor(() => { expect(renderedIds()).toContain(openRows[20_005]!.taskId); });
    expect(listOffsets()).toEqual([0, 19_950, 20_000]);
  });

  it('shows what a row says: priority, overdue, id, mode, status, due, containers, consignee, goods, agencies, area', async () => {
    renderConsole();
    await firstRows();
    const first = screen.getAllByTestId('task-row')[0]!;
    const task = openRows[0]!;
    expect(within(first).getByText('紧急').className).toContain('badge--urgent');
    expect(within(first).getByText('已超期')).toBeTruthy();
    expect(within(first).getByText(task.taskId)).toBeTruthy();
    expect(within(first).getByText('铁路')).toBeTruthy();
    expect(within(first).getByText('待查验')).toBeTruthy();
    expect(within(first).getByText('无集装箱')).toBeTruthy();
    expect(within(first).getByText(task.consigneeName)).toBeTruthy();
    expect(within(first).getByText(task.goodsSummary)).toBeTruthy();
    expect(within(first).getByText('海关、检疫')).toBeTruthy();
    expect(within(first).getByText(task.area)).toBeTruthy();
    expect(within(first).getByText(/^截止 /).textContent).toMatch(/^截止 \d\d\/\d\d \d\d:\d\d$/);

    const withContainers = openRows.findIndex((row: TaskRow) => row.containerNos.length === 3);
    const row = screen.getAllByTestId('task-row')[withContainers]!;
    const containers = openRows[withContainers]!.containerNos;
    expect(row.querySelector('.task-row__containers')!.textContent).toBe(`${containers[0]!}+2`);
  });

  it('sends the filter chosen in a select with tasks:list and tasks:count', async () => {
    renderConsole();
    await firstRows();
    fireEvent.change(screen.getByTestId('filter-mode'), { target: { value: 'river' } });
    await waitFor(() => { expect(within(screen.getAllByTestId('task-row')[0]!).getByText('水运')).toBeTruthy(); });
    const expected = { status: 'open', mode: 'river' };
    expect(countInputs().at(-1)).toEqual({ filter: expected });
    expect(listInputs().at(-1)).toEqual({ filter: expected, offset: 0, limit: PAGE_SIZE });
    for (const id of renderedIds()) expect(ROWS.find((row) => row.taskId === id)!.mode).toBe('river');

    fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'held' } });
    fireEvent.change(screen.getByTestId('filter-agency'), { target: { value: 'quarantine' } });
    fireEvent.change(screen.getByTestId('filter-priority'), { target: { value: 'urgent' } });
    const all = { status: 'held', mode: 'river', agency: 'quarantine', priority: 'urgent' };
    await waitFor(() => { expect(countInputs().at(-1)).toEqual({ filter: all }); });
    expect(listInputs().at(-1)).toEqual({ filter: all, offset: 0, limit: PAGE_SIZE });
    const total = ROWS.filter((row) => matches(row, taskFilterSchema.parse(all))).length;
    await waitFor(() => { expect(screen.getByTestId('task-total').textContent).toBe(`共 ${total.toLocaleString('en-US')} 项`); });

    fireEvent.change(screen.getByTestId('filter-mode'), { target: { value: '' } });
    await waitFor(() => { expect(countInputs().at(-1)).toEqual({ filter: { status: 'held', agency: 'quarantine', priority: 'urgent' } }); });
  });

  it('searches the typed text after a pause, or at once on Enter', async () => {
    renderConsole();
    await firstRows();
    const input = screen.getByTestId('search-input');
    expect(input.getAttribute('type')).toBe('search');
    fireEvent.change(input, { target: { value: 'MSKU' } });
    expect(countInputs().some((i) => i.filter.text === 'MSKU')).toBe(false);
    await waitFor(() => { expect(countInputs().at(-1)).toEqual({ filter: { status: 'open', text: 'MSKU' } }); });
    expect(listInputs().at(-1)).toEqual({ filter: { status: 'open', text: 'MSKU' }, offset: 0, limit: PAGE_SIZE });
    await waitFor(() => { expect(renderedIds()[0]).not.toBe(openRows[0]!.taskId); });
    const found = openRows.filter((row) => row.containerNos.some((no) => no.includes('MSKU')));
    expect(renderedIds().slice(0, 5)).toEqual(found.slice(0, 5).map((row) => row.taskId));

    fireEvent.change(input, { target: { value: '冷冻牛肉' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(countInputs().at(-1)).toEqual({ filter: { status: 'open', text: '冷冻牛肉' } });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(countInputs().filter((i) => i.filter.text === '冷冻牛肉')).toHaveLength(1);

    fireEvent.change(input, { target: { value: 'no such thing' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect((await screen.findByTestId('task-empty')).textContent).toBe('没有符合条件的任务');
    expect(screen.queryByTestId('task-list')).toBeNull();
  });

  it('shows a readable error with a retry, and recovers', async () => {
    transport.failWith('tasks:list', { code: 'unavailable', message: 'the connection to the core closed' });
    renderConsole();
    const alert = await screen.findByTestId('task-error');
    expect(alert.getAttribute('data-code')).toBe('unavailable');
    expect(alert.textContent).toContain('暂时无法连接本机服务');
    expect(screen.getByTestId('task-retry').textContent).toBe('重试');
    transport.failWith('tasks:list', null);
    fireEvent.click(screen.getByTestId('task-retry'));
    await firstRows();
    expect(screen.queryByTestId('task-error')).toBeNull();
  });

  it('reports an answer that breaks the contract as an error, not a crash', async () => {
    transport.answerWith('tasks:count', { total: -5 });
    renderConsole();
    const alert = await screen.findByTestId('task-error');
    expect(alert.getAttribute('data-code')).toBe('internal');
    expect(alert.textContent).toContain('本机服务内部错误');
  });

  it('drops the cache and reloads on tasks:changed', async () => {
    renderConsole();
    await firstRows();
    await waitFor(() => { expect(countInputs()).toHaveLength(1); });
    act(() => {
      transport.emit('tasks:changed', { taskIds: ['CQ000001'], reloadAll: false });
      transport.emit('tasks:changed', { taskIds: ['CQ000002'], reloadAll: false });
    });
    await waitFor(() => { expect(listOffsets()).toEqual([0, 0]); });
    expect(countInputs()).toHaveLength(2);
    // Rows stay on screen while the fresh page loads.
    expect(screen.getAllByTestId('task-row').length).toBeGreaterThan(5);
  });

  it('reloads when the channel comes back after a drop', async () => {
    renderConsole();
    await firstRows();
    act(() => { connection.set('reconnecting'); });
    expect(screen.getByTestId('connection').getAttribute('data-state')).toBe('reconnecting');
    act(() => { connection.set('connected'); });
    await waitFor(() => { expect(listOffsets()).toEqual([0, 0]); });
    expect(screen.getByTestId('connection').getAttribute('data-state')).toBe('connected');
  });

  it('moves focus with Up/Down and selects with Enter or a click', async () => {
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
    await waitFor(() => { expect(selected().map((row) => row.getAttribute('data-task-id'))).toEqual([openRows[1]!.taskId]); });

    fireEvent.click(screen.getAllByTestId('task-row')[3]!);
    await waitFor(() => { expect(selected().map((row) => row.getAttribute('data-task-id'))).toEqual([openRows[3]!.taskId]); });

    // End jumps to the last task, scrolling it into view.
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    await waitFor(() => { expect(document.activeElement?.getAttribute('data-index')).toBe(String(openRows.length - 1)); });
  });
});
