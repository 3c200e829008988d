import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../electron/core/db/connection.js';
import { createKpiHandlers } from '../../electron/core/kpi-handlers.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import type { Caller } from '../../electron/core/router.js';
import { methods, type GatewayTask, type KpiSummary, type MethodName, type MethodOutput, type Result } from '../../shared/contract/index.js';
import { freshDatabaseFile } from '../fixtures/database-file.js';
import { routerWith } from '../fixtures/router-with.js';
import { buildTask } from '../fixtures/task-builder.js';

/**
 * The supervisor's KPIs (issue 10, point 3) on a real file, through the real router: a small cache
 * whose every figure is counted by hand below, written as the sync writes it (a first version,
 * then newer ones), and read over Asia/Shanghai days.
 *
 * NOW is 2026-11-25 16:00 in Shanghai. The range is 2026-11-20 … 2026-11-25 (Shanghai).
 *   task  first seen            then                                  finished (SH day)  now
 *   T1    v1 pending 11-20      v3 released 11-21T02Z (24 h)          11-21              released
 *   T2    v1 pending 11-20      v2 released 11-22T04Z (48 h), 8001    11-22              released
 *   T3    v1 pending 11-21      v2 released 11-21T06Z (6 h)           11-21              released
 *   T4    v1 pending 11-20      v2 released 11-21T00Z, v3 held 11-22  11-21              held (11-22)
 *   T5    v3 held 11-23T15:59:59Z (23:59:59 in Shanghai)              11-23              held (11-23)
 *   T6    v3 released 11-23T16:00Z (00:00 on 11-24 in Shanghai): first seen released, 0 h, approximate
 *   T7    v1 completed 11-24T02Z                                      11-24              completed
 *   T8    pending, due 11-24T00Z: overdue (11-24);  T9 pending, due after NOW: not overdue
 *   T10   pending, due 11-10: overdue but before the range;  T11 released 11-10: before the range
 *   T12   pending, due today 10:00 (Shanghai): overdue (11-25);  T13 due today 18:00: not yet
 * Clearance times of the releases in range: 0, 6, 24, 48 h → median 15 h, p90 24 + 0.7 × 24 = 40.8 h.
 */
const NOW = Date.parse('2026-11-25T08:00:00Z');
const RANGE = { from: '2026-11-20', to: '2026-11-25' };
const TRICKY_NAME = 'Li "Lee", Wei\n李伟';
const SUPERVISOR: Caller = { roles: ['supervisor'], operatorId: 'sup-1' };
const INSPECTOR: Caller = { roles: ['inspector'], operatorId: 'op-a' };
const WALL: Caller = { roles: ['wall'] };

const id = (n: number): string => `JI-8000-2026-${String(n).padStart(6, '0')}`;
type Step = Pick<GatewayTask, 'version' | 'status' | 'updatedAt'> & Partial<Pick<GatewayTask, 'assignedTo'>>;

/** Task `n` as the sync would have written it: each step a newer version of it, in order. */
function history(n: number, steps: Step[], fields: Partial<GatewayTask> = {}, inspection: Partial<GatewayTask['inspection']> = {}): GatewayTask[] {
  return steps.map((step) => buildTask({ taskId: id(n), ...fields, ...step }, inspection));
}

const CACHE: GatewayTask[][] = [
  history(1, [
    { version: 1, status: 'pending', updatedAt: '2026-11-20T02:00:00Z' },
    { version: 3, status: 'released', updatedAt: '2026-11-21T02:00:00Z', assignedTo: ['op-a', 'op-b'] },
  ]),
  history(
    2,
    [
      { version: 1, status: 'pending', updatedAt: '2026-11-20T04:00:00Z' },
      { version: 2, status: 'released', updatedAt: '2026-11-22T04:00:00Z', assignedTo: ['op-a'] },
    ],
    { portCode: '8001', mode: 'road' },
    { agencies: ['customs'], types: ['document'] },
  ),
  history(
    3,
    [
      { version: 1, status: 'pending', updatedAt: '2026-11-21T00:00:00Z' },
      { version: 2, status: 'released', updatedAt: '2026-11-21T06:00:00Z', assignedTo: ['op-b'] },
    ],
    {},
    { agencies: ['quarantine'], types: ['sampling', 'document'] },
  ),
  history(4, [
    { version: 1, status: 'pending', updatedAt: '2026-11-20T00:00:00Z' },
    { version: 2, status: 'released', updatedAt: '2026-11-21T00:00:00Z', assignedTo: ['op-c'] },
    { version: 3, status: 'held', updatedAt: '2026-11-22T00:00:00Z', assignedTo: ['op-c'] },
  ]),
  history(5, [{ version: 3, status: 'held', updatedAt: '2026-11-23T15:59:59Z', assignedTo: ['op-a'] }]),
  history(6, [{ version: 3, status: 'released', updatedAt: '2026-11-23T16:00:00Z' }]),
  history(7, [{ version: 1, status: 'completed', updatedAt: '2026-11-24T02:00:00Z', assignedTo: ['op-b'] }]),
  history(8, [{ version: 1, status: 'pending', updatedAt: '2026-11-19T00:00:00Z' }], {}, { dueAt: '2026-11-24T00:00:00Z' }),
  history(9, [{ version: 1, status: 'pending', updatedAt: '2026-11-19T00:00:00Z' }], {}, { dueAt: '2026-11-26T00:00:00Z' }),
  history(10, [{ version: 1, status: 'pending', updatedAt: '2026-11-01T00:00:00Z' }], {}, { dueAt: '2026-11-10T00:00:00Z' }),
  history(11, [{ version: 1, status: 'released', updatedAt: '2026-11-10T00:00:00Z', assignedTo: ['op-a'] }]),
  history(12, [{ version: 1, status: 'assigned', updatedAt: '2026-11-19T00:00:00Z', assignedTo: ['op-a'] }], {}, { dueAt: '2026-11-25T02:00:00Z' }),
  history(13, [{ version: 1, status: 'pending', updatedAt: '2026-11-19T00:00:00Z' }], {}, { dueAt: '2026-11-25T10:00:00Z' }),
];

const slot = freshDatabaseFile();
let db: Database;
let call: (method: MethodName, input: unknown, caller?: Caller) => Promise<unknown>;

beforeEach(() => {
  db = openDatabase(slot.file, { log: createLogger(nullSink) });
  for (let step = 0; step < 3; step += 1) db.tasks.upsertMany(CACHE.flatMap((versions) => versions.slice(step, step + 1)));
  db.accounts.ensure([{ operatorId: 'op-c', name: TRICKY_NAME, roles: ['inspector'], agency: 'customs', passwordHash: 'scrypt$not-used' }], 'test-setup');
  const route = routerWith(createKpiHandlers(db, db.accounts, () => NOW));
  call = async (method, input, caller = SUPERVISOR) => (await route(method, input, caller)).result;
});
afterEach(() => db.close());

/** The value of a call a supervisor makes that must succeed, as the contract types it. */
async function must<M extends 'kpi:summary' | 'kpi:officers' | 'kpi:exportCsv'>(method: M, input: unknown): Promise<MethodOutput<M>> {
  const answer = (await call(method, input)) as Result<unknown>;
  if (!answer.ok) throw new Error(`${method} failed: ${answer.error.code}: ${answer.error.message}`);
  return methods[method].output.parse(answer.value) as MethodOutput<M>;
}

const summary = (filters: Record<string, string> = {}): Promise<KpiSummary> => must('kpi:summary', { ...RANGE, ...filters });

const counts = (inspections: number, released: number, held: number, overdue: number) => ({
  inspections,
  released,
  held,
  overdue,
  holdRate: released + held === 0 ? null : held / (released + held),
});

describe('KPIs over the task cache', () => {
  it('counts each KPI as counted by hand: clearance median and p90, hold rate, overdue, inspections', async () => {
    const kpi = await summary();
    expect(kpi.asOf).toBe('2026-11-25T08:00:00.000Z');
    expect(kpi.totals).toEqual({ ...counts(7, 4, 2, 2), clearance: { count: 4, medianHours: 15, p90Hours: expect.closeTo(40.8, 9) as number, approximate: 1 } });
  });

  it('dates every task by its Shanghai day, includes the days with nothing, and moves a release held again to the hold', async () => {
    const kpi = await summary();
    expect(kpi.byDay).toEqual([
      { day: '2026-11-20', ...counts(0, 0, 0, 0) },
      { day: '2026-11-21', ...counts(3, 2, 0, 0) },
      { day: '2026-11-22', ...counts(1, 1, 1, 0) },
      // T5 held at 15:59:59 UTC is the 23rd in Shanghai; T6 released a second later is the 24th.
      { day: '2026-11-23', ...counts(1, 0, 1, 0) },
      { day: '2026-11-24', ...counts(2, 1, 0, 1) },
      // Today: T12 was due this morning, T13 is due tonight.
      { day: '2026-11-25', ...counts(0, 0, 0, 1) },
    ]);
    const narrow = await summary({ from: '2026-11-23', to: '2026-11-23' });
    expect(narrow.totals).toMatchObject(counts(1, 0, 1, 0));
  });

  it('breaks down by agency and type (a task needing two counts for both) and by site', async () => {
    const kpi = await summary();
    expect(kpi.byAgency).toEqual([
      { agency: 'customs', ...counts(6, 3, 2, 2) },
      { agency: 'quarantine', ...counts(6, 3, 2, 2) },
      { agency: 'border', ...counts(0, 0, 0, 0) },
      { agency: 'maritime', ...counts(0, 0, 0, 0) },
    ]);
    expect(kpi.byType.filter((row) => row.inspections > 0)).toEqual([
      { inspectionType: 'document', ...counts(2, 2, 0, 0) },
      { inspectionType: 'open_container', ...counts(5, 2, 2, 2) },
      { inspectionType: 'sampling', ...counts(1, 1, 0, 0) },
    ]);
    expect(kpi.bySite).toEqual([
      { portCode: '8000', ...counts(6, 3, 2, 2) },
      { portCode: '8001', ...counts(1, 1, 0, 0) },
    ]);
  });

  it('narrows every figure by site, agency, inspection type and mode', async () => {
    expect((await summary({ portCode: '8001' })).totals).toEqual({ ...counts(1, 1, 0, 0), clearance: { count: 1, medianHours: 48, p90Hours: 48, approximate: 0 } });
    expect((await summary({ agency: 'quarantine' })).totals).toEqual({ ...counts(6, 3, 2, 2), clearance: { count: 3, medianHours: 6, p90Hours: expect.closeTo(20.4, 9) as number, approximate: 1 } });
    expect((await summary({ inspectionType: 'document' })).totals.clearance).toEqual({ count: 2, medianHours: 27, p90Hours: expect.closeTo(43.8, 9) as number, approximate: 0 });
    expect((await summary({ mode: 'road' })).totals).toMatchObject(counts(1, 1, 0, 0));
  });

  it('answers null, not zero, for a median and a hold rate with nothing released or decided', async () => {
    const kpi = await summary({ mode: 'air' });
    expect(kpi.totals).toEqual({ ...counts(0, 0, 0, 0), clearance: { count: 0, medianHours: null, p90Hours: null, approximate: 0 } });
    expect(kpi.byDay).toHaveLength(6);
  });

  it('counts inspections per officer the single window lists on the task, named when a local account knows them', async () => {
    expect((await must('kpi:officers', RANGE)).officers).toEqual([
      { operatorId: 'op-a', name: null, inspections: 3, released: 2, held: 1, holdRate: 1 / 3 },
      { operatorId: 'op-b', name: null, inspections: 3, released: 2, held: 0, holdRate: 0 },
      { operatorId: 'op-c', name: TRICKY_NAME, inspections: 1, released: 0, held: 1, holdRate: 1 },
    ]);
  });

  it('follows the cache as tasks change: a release reopened, an officer replaced, a task cancelled, the cache emptied', async () => {
    db.tasks.upsertMany([
      buildTask({ taskId: id(3), version: 3, status: 'in_progress', updatedAt: '2026-11-24T00:00:00Z', assignedTo: ['op-b'] }, { agencies: ['quarantine'], types: ['sampling', 'document'] }),
      buildTask({ taskId: id(1), version: 4, status: 'released', updatedAt: '2026-11-24T00:00:00Z', assignedTo: ['op-c'] }),
      buildTask({ taskId: id(12), version: 2, status: 'cancelled', updatedAt: '2026-11-25T03:00:00Z' }, { dueAt: '2026-11-25T02:00:00Z' }),
    ]);
    // T3 is inspected still (on the 21st) but no longer released: clearance over 0, 24, 48 h; T1 keeps its release time.
    expect((await summary()).totals).toEqual({ ...counts(7, 3, 2, 1), clearance: { count: 3, medianHours: 24, p90Hours: expect.closeTo(43.2, 9) as number, approximate: 1 } });
    expect((await must('kpi:officers', RANGE)).officers.map((o) => [o.operatorId, o.inspections, o.released, o.held])).toEqual([
      ['op-a', 2, 1, 1],
      ['op-b', 2, 0, 0],
      ['op-c', 2, 1, 1],
    ]);
    db.tasks.forgetAll();
    const empty = await summary();
    expect(empty.totals).toEqual({ ...counts(0, 0, 0, 0), clearance: { count: 0, medianHours: null, p90Hours: null, approximate: 0 } });
    expect(empty.bySite).toEqual([]);
    expect((await must('kpi:officers', RANGE)).officers).toEqual([]);
  });

  it('refuses a range ending before it starts or longer than a year, and a filter it does not know', async () => {
    for (const input of [
      { from: '2026-11-25', to: '2026-11-20' },
      { from: '2025-01-01', to: '2026-11-20' },
      { ...RANGE, site: '8000' },
      { ...RANGE, agency: 'police' },
    ]) {
      expect(await call('kpi:summary', input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });
});

describe('KPI roles', () => {
  it('refuses inspectors every KPI call', async () => {
    for (const method of ['kpi:summary', 'kpi:officers', 'kpi:exportCsv'] as const) {
      expect(await call(method, RANGE, INSPECTOR)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('gives the wall display the aggregates only: no officer breakdown, no export', async () => {
    expect(await call('kpi:summary', RANGE, WALL)).toMatchObject({ ok: true });
    expect(await call('kpi:officers', RANGE, WALL)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('kpi:exportCsv', RANGE, WALL)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const text = JSON.stringify(await call('kpi:summary', RANGE, WALL));
    expect(text).not.toMatch(/op-[abc]|Lee|李伟/);
  });
});

describe('KPI CSV export', () => {
  const csv = (language?: 'zh-CN' | 'en') => must('kpi:exportCsv', { ...RANGE, ...(language ? { language } : {}) });

  it('starts with a byte order mark and Chinese headers by default, English when asked, one CRLF row per group, each as wide as the header', async () => {
    const zh = await csv();
    expect(zh.fileName).toBe('kpi-2026-11-20-2026-11-25.csv');
    expect(zh.csv.startsWith('\uFEFF分组,项目,姓名,查验数,放行数,扣留数,扣留率,超期数,')).toBe(true);
    const en = (await csv('en')).csv;
    expect(en.startsWith('\uFEFFGroup,Key,Name,Inspections,Released,Held,Hold rate,Overdue,')).toBe(true);
    // Header, total, 6 days, 4 agencies, 2 sites, 6 types, 3 officers (one name spans two lines).
    expect(en.endsWith('\r\n')).toBe(true);
    expect(en.split('\r\n')).toHaveLength(1 + 1 + 6 + 4 + 2 + 6 + 3 + 1);
    expect(en).toContain('\r\nTotal,,,7,4,2,0.3333,2,4,15,40.8,1\r\n');
    expect(en).toContain('\r\nDay,2026-11-25,,0,0,0,,1,,,,\r\n');
    expect(zh.csv).toContain('\r\n机构,customs,,6,3,2,0.4,2,,,,\r\n');
  });

  it('quotes a name holding quotes, a comma and a line break, doubling its quotes', async () => {
    expect((await csv('en')).csv).toContain('\r\nOfficer,op-c,"Li ""Lee"", Wei\n李伟",1,0,1,1,,,,,\r\n');
  });
});
