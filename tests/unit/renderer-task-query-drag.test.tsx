// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { ContractClient, Result } from '../../shared/contract/index.js';
import { MAX_PAGES_IN_FLIGHT, PAGE_SIZE, TaskQuery, type TaskSource } from '../../renderer/features/tasks/task-query.js';

/** A source whose answers the test releases by hand. */
function manualSource() {
  const calls: { method: string; offset: number | undefined; resolve: (result: Result<unknown>) => void }[] = [];
  const source: TaskSource = {
    call: ((method: string, input: { offset?: number }) =>
      new Promise<Result<unknown>>((resolve) => {
        calls.push({ method, offset: input.offset, resolve });
      })) as ContractClient['call'],
  };
  return { source, calls };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const pages = (calls: ReturnType<typeof manualSource>['calls']) => calls.filter((c) => c.method === 'tasks:list').map((c) => c.offset);
const answer = (call: { resolve: (result: Result<unknown>) => void; offset: number | undefined }) => {
  call.resolve({ ok: true, value: { offset: call.offset ?? 0, rows: [] } });
};

describe('task query while the scrollbar is dragged', () => {
  it('asks for at most a few pages at once, never for pages the view passed over, and for the pages finally in view next', async () => {
    const { source, calls } = manualSource();
    const query = new TaskQuery(source, { status: 'all' });
    query.start();
    // A drag from the top to the last rows of 100,000 passes over a page every few pixels.
    for (let first = 0; first < 100_000 - 20; first += 997) query.ensure(first, first + 20);
    query.ensure(99_980, 99_999); // End
    expect(pages(calls)).toEqual([0, 0 + 997 - (997 % PAGE_SIZE)]);
    expect(pages(calls)).toHaveLength(MAX_PAGES_IN_FLIGHT);
    expect(query.slot(99_999)).toEqual({ kind: 'loading' });

    // As the early pages come back, the next ones asked for are the last rows, nothing in between.
    for (const call of calls.filter((c) => c.method === 'tasks:list')) answer(call);
    await flush();
    expect(pages(calls).slice(MAX_PAGES_IN_FLIGHT)).toEqual([99_950]);
  });

  it('asks for a page again after a reload once an old answer frees its place', async () => {
    const { source, calls } = manualSource();
    const query = new TaskQuery(source, { status: 'open' });
    query.start();
    query.ensure(0, 120);
    expect(pages(calls)).toEqual([0, 50]);
    query.reload();
    expect(pages(calls)).toEqual([0, 50]);
    const [first] = calls.filter((c) => c.method === 'tasks:list');
    if (first) answer(first);
    await flush();
    expect(pages(calls)).toEqual([0, 50, 0]);
  });
});

describe('task query before its count arrives', () => {
  it('offers the first page rows to the list as soon as they arrive', async () => {
    const { source, calls } = manualSource();
    const query = new TaskQuery(source, { status: 'open', text: 'frozen' });
    query.start();
    expect(query.firstPageRows()).toBeUndefined();
    const page = calls.find((c) => c.method === 'tasks:list');
    page?.resolve({ ok: true, value: { offset: 0, rows: Array.from({ length: 3 }, () => ({})) } });
    await flush();
    expect(query.count).toEqual({ status: 'loading' });
    expect(query.firstPageRows()).toBe(3);
  });
});
