// @vitest-environment jsdom
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GatewayTask, Role } from '../../shared/contract/index.js';
import { App } from '../../renderer/App.js';
import { chartOption } from '../../renderer/features/kpi/chart-option.js';
import { i18n } from '../../renderer/i18n/index.js';
import { startRealCore, type Connection, type RealCore } from '../fixtures/real-core.js';
import { renderSignedIn } from '../fixtures/render-signed-in.js';
import { testOperatorId } from '../fixtures/sign-in-account.js';
import { buildTask } from '../fixtures/task-builder.js';

// The first render signs in, loads the console and asks the core three questions: give a loaded machine time.
configure({ asyncUtilTimeout: 20_000 });

/**
 * The supervisor's KPI screen against the real core (kpi:summary, kpi:officers, kpi:exportCsv over
 * a real task cache). jsdom has no canvas: the charts keep their table, which holds the same
 * figures the chart is given, so that is what is read here (the e2e checks the drawing).
 *
 * NOW is 2026-11-25 16:00 in Shanghai; the range asked is 2026-11-20 … 2026-11-25.
 *   T1 8000 rail, customs+quarantine: pending 11-20T02Z, released 11-21T02Z (24 h), by the inspector account
 *   T2 8001 road, customs:            pending 11-20T04Z, released 11-22T04Z (48 h), by op-b
 *   T3 8000 rail, customs+quarantine: pending 11-21T00Z, held 11-22T00Z, by the inspector account
 *   T4 8000 rail: pending, due 11-24T00Z: overdue
 * All: clearance median 36 h, p90 24 + 0.9 × 24 = 45.6 h; hold rate 1/3; overdue 1; 3 inspections.
 * Site 8001: median and p90 48 h, hold rate 0, overdue 0, 1 inspection.
 */
const NOW = Date.parse('2026-11-25T08:00:00Z');
const INSPECTOR = testOperatorId(['inspector']);
const id = (n: number): string => `JI-8000-2026-${String(n).padStart(6, '0')}`;

function history(n: number, steps: Pick<GatewayTask, 'version' | 'status' | 'updatedAt' | 'assignedTo'>[], fields: Partial<GatewayTask> = {}, inspection: Partial<GatewayTask['inspection']> = {}): GatewayTask[] {
  return steps.map((step) => buildTask({ taskId: id(n), ...fields, ...step }, inspection));
}

const CACHE: GatewayTask[][] = [
  history(1, [
    { version: 1, status: 'pending', updatedAt: '2026-11-20T02:00:00Z', assignedTo: [] },
    { version: 2, status: 'released', updatedAt: '2026-11-21T02:00:00Z', assignedTo: [INSPECTOR] },
  ]),
  history(
    2,
    [
      { version: 1, status: 'pending', updatedAt: '2026-11-20T04:00:00Z', assignedTo: [] },
      { version: 2, status: 'released', updatedAt: '2026-11-22T04:00:00Z', assignedTo: ['op-b'] },
    ],
    { portCode: '8001', mode: 'road' },
    { agencies: ['customs'], types: ['document'] },
  ),
  history(3, [
    { version: 1, status: 'pending', updatedAt: '2026-11-21T00:00:00Z', assignedTo: [] },
    { version: 2, status: 'held', updatedAt: '2026-11-22T00:00:00Z', assignedTo: [INSPECTOR] },
  ]),
  history(4, [{ version: 1, status: 'pending', updatedAt: '2026-11-19T00:00:00Z', assignedTo: [] }], {}, { dueAt: '2026-11-24T00:00:00Z' }),
];

let real: RealCore;
let connections: Connection[] = [];
beforeAll(async () => {
  real = await startRealCore({ clock: () => NOW });
  // Written as the sync writes them: each version of a task after the one before.
  for (let step = 0; step < 3; step++) real.core.db.tasks.upsertMany(CACHE.flatMap((versions) => versions.slice(step, step + 1)));
});
afterAll(async () => {
  await real.close();
});
beforeEach(async () => {
  await i18n.changeLanguage('zh-CN');
});
afterEach(() => {
  cleanup();
  for (const connection of connections) connection.dispose();
  connections = [];
  vi.restoreAllMocks();
});

/** The console signed in with these roles, its session known to the shell (which hides what the roles may not open). */
async function renderConsole(roles: readonly Role[]): Promise<Connection> {
  const connection = real.connectAs({ roles });
  connections.push(connection);
  await renderSignedIn(connection, <App />);
  return connection;
}

/** Opens the KPI tab with its shortcut (g, then k) and asks for the test's range. */
async function openKpis(): Promise<void> {
  await screen.findByTestId('nav-kpi');
  for (const key of ['g', 'k']) fireEvent.keyDown(document.body, { key });
  fireEvent.change(await screen.findByTestId('kpi-filter-from'), { target: { value: '2026-11-20' } });
  fireEvent.change(screen.getByTestId('kpi-filter-to'), { target: { value: '2026-11-25' } });
}

const tile = (name: string): string => screen.getAllByTestId('kpi-tile').find((element) => element.dataset.tile === name)?.querySelector('[data-testid="kpi-tile-value"]')?.textContent ?? '';
const tiles = (): Record<string, string> => Object.fromEntries(['clearance-median', 'clearance-p90', 'hold-rate', 'overdue', 'inspections'].map((name) => [name, tile(name)]));

/** A chart's table: its column heads, then one [category, ...values] a row. */
function chartTable(chart: string): string[][] {
  const figure = screen.getAllByTestId('kpi-chart').find((element) => element.dataset.chart === chart);
  if (!figure) throw new Error(`no chart ${chart}`);
  const table = within(figure).getByTestId('kpi-chart-table');
  return [...table.querySelectorAll('tr')].map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
}

describe('the KPI screen', () => {
  it('shows the core’s figures for the range, per agency, per site and per officer; a site filter narrows them', async () => {
    await renderConsole(['supervisor']);
    await openKpis();
    await waitFor(() => expect(tiles()).toEqual({ 'clearance-median': '36.0 小时', 'clearance-p90': '45.6 小时', 'hold-rate': '33.3%', overdue: '1', inspections: '3' }));
    // No canvas in jsdom: each chart keeps its table.
    await waitFor(() => expect(screen.getAllByTestId('kpi-chart').map((chart) => chart.dataset.drawState)).toEqual(Array(5).fill('no-canvas')));
    expect(chartTable('by-agency')).toEqual([
      ['', '查验', '放行', '扣留', '超期'],
      ['海关', '3', '2', '1', '1'],
      ['检疫', '2', '1', '1', '1'],
      ['边检', '0', '0', '0', '0'],
      ['海事', '0', '0', '0', '0'],
    ]);
    expect(chartTable('by-site').slice(1)).toEqual([
      ['8000', '2', '1', '1', '1'],
      ['8001', '1', '1', '0', '0'],
    ]);
    // Per officer: the local account's name beside its id; no overdue column.
    expect(chartTable('by-officer')).toEqual([
      ['', '查验', '放行', '扣留'],
      [`测试 inspector (${INSPECTOR})`, '2', '1', '1'],
      ['op-b', '1', '1', '0'],
    ]);
    // Every day of the range, days without anything included.
    expect(chartTable('by-day').slice(1).map((row) => row[0])).toEqual(['11月20日', '11月21日', '11月22日', '11月23日', '11月24日', '11月25日']);

    fireEvent.change(screen.getByTestId('kpi-filter-site'), { target: { value: '8001' } });
    await waitFor(() => expect(tiles()).toEqual({ 'clearance-median': '48.0 小时', 'clearance-p90': '48.0 小时', 'hold-rate': '0.0%', overdue: '0', inspections: '1' }));
    expect(chartTable('by-officer').slice(1)).toEqual([['op-b', '1', '1', '0']]);
    // The other site stays a choice.
    expect([...screen.getByTestId<HTMLSelectElement>('kpi-filter-site').options].map((option) => option.value)).toEqual(['', '8000', '8001']);
  });

  it('writes labels and numbers in English after the language switch', async () => {
    await renderConsole(['supervisor']);
    await openKpis();
    await waitFor(() => expect(tile('clearance-p90')).toBe('45.6 小时'));
    fireEvent.click(screen.getByTestId('lang-switch'));
    await waitFor(() => expect(tile('clearance-p90')).toBe('45.6 h'));
    expect(chartTable('by-agency').slice(0, 2)).toEqual([
      ['', 'Inspections', 'Released', 'Held', 'Overdue'],
      ['Customs', '3', '2', '1', '1'],
    ]);
    expect(chartTable('by-day')[1]?.[0]).toBe('Nov 20');
  });

  it('says why a reversed range is not asked, and asks again once it is right', async () => {
    await renderConsole(['supervisor']);
    await openKpis();
    await waitFor(() => expect(tile('inspections')).toBe('3'));
    fireEvent.change(screen.getByTestId('kpi-filter-from'), { target: { value: '2026-11-26' } });
    expect((await screen.findByTestId('kpi-range-problem')).textContent).toBe('结束日期不能早于开始日期。');
    expect(screen.getByTestId<HTMLButtonElement>('kpi-export').disabled).toBe(true);
    fireEvent.change(screen.getByTestId('kpi-filter-from'), { target: { value: '2026-11-22' } });
    // From the 22nd: T1's release (the 21st) is out of range, T2's and T3's are in.
    await waitFor(() => expect(tile('inspections')).toBe('2'));
    expect(screen.queryByTestId('kpi-range-problem')).toBeNull();
  });

  it('saves the core’s CSV of the figures shown, with its byte order mark, under the core’s file name', async () => {
    const saved: { name: string; bytes: Promise<ArrayBuffer> }[] = [];
    let blob: Blob | null = null;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((made) => {
      blob = made as Blob;
      return 'blob:kpi';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      if (blob) saved.push({ name: this.download, bytes: blob.arrayBuffer() });
    });
    await renderConsole(['supervisor']);
    await openKpis();
    fireEvent.change(screen.getByTestId('kpi-filter-agency'), { target: { value: 'quarantine' } });
    await waitFor(() => expect(tile('inspections')).toBe('2'));
    fireEvent.click(screen.getByTestId('kpi-export'));
    await waitFor(() => expect(saved).toHaveLength(1));
    const expected = await real.ask('kpi:exportCsv', { from: '2026-11-20', to: '2026-11-25', agency: 'quarantine', language: 'zh-CN' });
    const bytes = new Uint8Array(await saved[0]!.bytes);
    expect(saved[0]!.name).toBe(expected.fileName);
    // The BOM Excel needs survives the save (a decoder would hide it: the bytes are compared).
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(expected.csv);
    expect(expected.csv.startsWith('\uFEFF分组,')).toBe(true);
  });

  it('is not offered to an inspector, whom the core refuses the KPIs', async () => {
    const connection = await renderConsole(['inspector']);
    await screen.findByTestId('nav-tasks');
    expect(screen.queryByTestId('nav-kpi')).toBeNull();
    expect(await connection.api.client.call('kpi:summary', { from: '2026-11-20', to: '2026-11-25' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('a KPI chart’s ECharts option', () => {
  it('draws the categories and series given, with values and tooltips written by the locale’s formatter', () => {
    const format = (value: number): string => new Intl.NumberFormat('en').format(value);
    const option = chartOption({ kind: 'bar', categories: ['Customs', 'Quarantine'], series: [{ name: 'Inspections', values: [1234, null] }] }, format);
    expect(option.xAxis).toMatchObject({ type: 'category', data: ['Customs', 'Quarantine'] });
    expect(option.series).toEqual([expect.objectContaining({ type: 'bar', name: 'Inspections', data: [1234, null] })]);
    // One series: no legend to read.
    expect(option.legend).toMatchObject({ show: false });
    const tooltip = option.tooltip as { valueFormatter: (value: unknown) => string };
    expect(tooltip.valueFormatter(1234)).toBe('1,234');
    expect(tooltip.valueFormatter(null)).toBe('–');
    const line = chartOption({ kind: 'line', categories: ['a'], series: [{ name: 'x', values: [1] }, { name: 'y', values: [2] }] }, format);
    expect(line.series).toEqual([expect.objectContaining({ type: 'line', name: 'x' }), expect.objectContaining({ type: 'line', name: 'y' })]);
    expect(line.legend).toMatchObject({ show: true });
  });
});
