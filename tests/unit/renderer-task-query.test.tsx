// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { ContractClient, Result, TaskRow } from '../../shared/contract/index.js';
import { filterKey, toContractFilter } from '../../renderer/features/tasks/filter.js';
import { pageOffsets, PAGE_SIZE, TaskQuery, type TaskSource } from '../../renderer/features/tasks/task-query.js';

/** A source whose answers the test releases by hand, to control ordering. */
function manualSource() {
  const calls: { method: string; input: unknown; resolve: (result: Result<unknown>) => void }[] = [];
  const source: TaskSource = {
    call: ((method: string, input: unknown) =>
      new Promise<Result<unknown>>((resolve) => {
        calls.push({ method, input, resolve });
      })) as ContractClient['call'],
  };
  return { source, calls };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Rows as a page carries them; the query only keeps and hands them back, so their content is arbitrary. */
function taskRows(count: number): TaskRow[] {
  return Array.from({ length: count }, (_, i) => ({
    taskId: `JI-8000-2026-${String(i).padStart(6, '0')}`,
    version: 1,
    status: 'pending',
    mode: 'rail',
    priority: 'normal',
    dueAt: '2026-11-25T12:00:00.000Z',
    overdue: false,
    declarationNo: '800020261000012345',
    consigneeName: '重庆渝欧贸易有限公司',
    creditGrade: 'regular',
    containerNos: [],
    goodsSummary: '冷冻牛肉',
    agencies: ['customs'],
    types: ['document'],
    area: '团结村 2号站台',
    assignedTo: [],
    cargoId: `CG-${i}`,
  }));
}

describe('task query', () => {
  it('maps a row range to page offsets', () => {
    expect(pageOffsets(0, 0)).toEqual([0]);
    expect(pageOffsets(0, 49)).toEqual([0]);
    expect(pageOffsets(49, 50)).toEqual([0, 50]);
    expect(pageOffsets(4992, 5018)).toEqual([4950, 5000]);
    expect(pageOffsets(-1, -1)).toEqual([]);
  });

  it('asks for each page once, the count after the first page, and ignores answers from before a reload', async () => {
    const { source, calls } = manualSource();
    // The renderer runs these after the first page is painted; here the test runs them.
    const afterFirstPage: (() => void)[] = [];
    const query = new TaskQuery(source, { status: 'open' }, (run) => afterFirstPage.push(run));
    const asked = (from = 0) => calls.slice(from).map((c) => [c.method, (c.input as { offset?: number }).offset]);
    query.start();
    query.start();
    query.ensure(0, 30);
    query.ensure(10, 60);
    // Pages only: a count can cost the core ten times a first page, and would run beside its paint.
    expect(asked()).toEqual([
      ['tasks:list', 0],
      ['tasks:list', 50],
    ]);
    expect(query.slot(0)).toEqual({ kind: 'loading' });

    const rows = taskRows(100);
    calls[0]!.resolve({ ok: true, value: { offset: 0, rows: rows.slice(0, PAGE_SIZE) } });
    await flush();
    expect(query.slot(3)).toEqual({ kind: 'row', row: rows[3], stale: false });
    expect(query.count).toEqual({ status: 'loading' });
    expect(calls).toHaveLength(2);
    afterFirstPage.shift()!();
    expect(asked(2)).toEqual([['tasks:count', undefined]]);
    calls[2]!.resolve({ ok: true, value: { total: 100 } });
    await flush();
    expect(query.count).toEqual({ status: 'ready', total: 100 });

    query.reload();
    // The old page 50 answer arrives after the reload: ignored; the fresh request is pending.
    calls[1]!.resolve({ ok: true, value: { offset: 50, rows: rows.slice(50) } });
    await flush();
    expect(query.slot(55)).toEqual({ kind: 'loading' });
    // Rows known before the reload stay visible, marked stale, until the fresh page arrives.
    expect(query.slot(3)).toEqual({ kind: 'row', row: rows[3], stale: true });
    expect(query.count).toEqual({ status: 'loading', total: 100 });
    expect(asked(3)).toEqual([
      ['tasks:list', 0],
      ['tasks:list', 50],
    ]);
    // The old answer asked for no count; the new generation's first answer (a failure too) does.
    expect(afterFirstPage).toHaveLength(0);
    calls[4]!.resolve({ ok: false, error: { code: 'unavailable', message: 'closed' } });
    await flush();
    expect(query.slot(55)).toEqual({ kind: 'failed' });
    expect(query.error()).toMatchObject({ code: 'unavailable' });
    expect(afterFirstPage).toHaveLength(1);
  });

  it('builds the contract filter without empty fields and keys equal questions equally', () => {
    expect(toContractFilter({ status: 'open', text: '   ' })).toEqual({ status: 'open' });
    expect(toContractFilter({ status: 'all', mode: 'rail', text: ' MSKU ' })).toEqual({ status: 'all', mode: 'rail', text: 'MSKU' });
    expect(toContractFilter({ status: 'open', text: 'x'.repeat(300) }).text).toHaveLength(100);
    expect(filterKey({ status: 'open', text: '' })).toBe(filterKey({ status: 'open' }));
    expect(filterKey({ status: 'open', mode: 'rail' })).not.toBe(filterKey({ status: 'open', agency: 'customs' }));
  });
});
