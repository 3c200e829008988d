import type { CallError, ContractClient, TaskFilter, TaskRow } from '../../../shared/contract/index.js';

export const PAGE_SIZE = 50;

/**
 * Page requests on their way to the core at once. A scrollbar dragged across 100,000 rows passes
 * over hundreds of pages; with no cap each would be asked for and the pages finally in view would
 * wait behind all of them. Pages wanted but not yet sent are dropped when they leave the view.
 */
export const MAX_PAGES_IN_FLIGHT = 2;

type PageEntry =
  | { status: 'loading' }
  | { status: 'ready'; rows: readonly TaskRow[] }
  | { status: 'failed'; error: CallError };

export type CountState = { status: 'loading'; total?: number } | { status: 'ready'; total: number } | { status: 'failed'; error: CallError };

/** What the list shows at one index. `stale` rows come from before a reload and are being refreshed. */
export type RowSlot =
  | { kind: 'row'; row: TaskRow; stale: boolean }
  | { kind: 'loading' }
  | { kind: 'failed' }
  | { kind: 'missing' };

export type TaskSource = Pick<ContractClient, 'call'>;

export function pageOffsets(first: number, last: number): number[] {
  const offsets: number[] = [];
  if (first < 0 || last < first) return offsets;
  for (let offset = Math.floor(first / PAGE_SIZE) * PAGE_SIZE; offset <= last; offset += PAGE_SIZE) offsets.push(offset);
  return offsets;
}

/**
 * The rows of one filter, fetched from the core in pages of PAGE_SIZE as they come into view and
 * cached by offset. One instance per filter: a new filter is a new query with an empty cache.
 * A page is requested at most once per generation; reload() (tasks changed, retry, reconnect)
 * starts a new generation, ignores answers of the old one and keeps its rows on screen, marked
 * stale, until the fresh pages arrive. At most MAX_PAGES_IN_FLIGHT pages are asked for at once;
 * the others wait in view order, and those that leave the view before their turn are never asked.
 * Subscribable for useSyncExternalStore.
 */
export class TaskQuery {
  private pages = new Map<number, PageEntry>();
  private stale = new Map<number, readonly TaskRow[]>();
  private countState: CountState = { status: 'loading' };
  private generation = 0;
  private range: readonly [number, number] = [0, 0];
  private started = false;
  private version = 0;
  private inFlight = 0;
  /** Whether this generation has asked for its count (after its first page answered). */
  private countAsked = false;
  /** Pages in view, not asked for yet, in the order they will be. */
  private waiting: number[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly source: TaskSource,
    readonly filter: TaskFilter,
    /** When to ask for the count once the first page has answered (the renderer: after that page is painted). */
    private readonly afterFirstPage: (run: () => void) => void = (run) => setTimeout(run, 0),
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): number => this.version;

  get count(): CountState {
    return this.countState;
  }

  /**
   * Asks for the first page; the total is asked for once a page has answered (and, in the renderer,
   * been painted). The count of a common search term costs the core ten times its first page (150 ms
   * at a million tasks): asked together, it ran while the officer's first rows were being painted, on
   * a machine with two cores, and delayed them.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.ensure(0, 0);
  }

  /** Makes sure every page covering rows first..last is loaded or loading. */
  ensure(first: number, last: number): void {
    this.range = [first, last];
    this.waiting = pageOffsets(first, last).filter((offset) => !this.pages.has(offset));
    if (this.pump()) this.changed();
  }

  reload(): void {
    this.generation += 1;
    const keep = new Map(this.stale);
    for (const [offset, entry] of this.pages) if (entry.status === 'ready') keep.set(offset, entry.rows);
    this.stale = keep;
    this.pages = new Map();
    this.waiting = [];
    const known = this.countState.status === 'ready' ? this.countState.total : undefined;
    this.countState = known === undefined ? { status: 'loading' } : { status: 'loading', total: known };
    this.started = true;
    this.countAsked = false;
    this.ensure(this.range[0], this.range[1]);
    this.changed();
  }

  /**
   * How many rows the list can show before the total is known: the first page's, once it has
   * arrived. The first rows of a search are then painted without waiting for its count (a count of
   * a common term costs more than its first page).
   */
  firstPageRows(): number | undefined {
    const entry = this.pages.get(0);
    return entry?.status === 'ready' ? entry.rows.length : undefined;
  }

  slot(index: number): RowSlot {
    const offset = Math.floor(index / PAGE_SIZE) * PAGE_SIZE;
    const entry = this.pages.get(offset);
    if (entry?.status === 'ready') {
      const row = entry.rows[index - offset];
      return row ? { kind: 'row', row, stale: false } : { kind: 'missing' };
    }
    if (entry?.status === 'failed') return { kind: 'failed' };
    const old = this.stale.get(offset)?.[index - offset];
    return old ? { kind: 'row', row: old, stale: true } : { kind: 'loading' };
  }

  /** The first failure to show: the count, else a page. */
  error(): CallError | null {
    if (this.countState.status === 'failed') return this.countState.error;
    for (const entry of this.pages.values()) if (entry.status === 'failed') return entry.error;
    return null;
  }

  private fetchCount(): void {
    const generation = this.generation;
    void this.source.call('tasks:count', { filter: this.filter }).then((result) => {
      if (generation !== this.generation) return;
      this.countState = result.ok ? { status: 'ready', total: result.value.total } : { status: 'failed', error: result.error };
      this.changed();
    });
  }

  /** Sends waiting pages while there is room; true when it sent any. */
  private pump(): boolean {
    let sent = false;
    while (this.inFlight < MAX_PAGES_IN_FLIGHT) {
      const offset = this.waiting.shift();
      if (offset === undefined) break;
      if (this.pages.has(offset)) continue;
      this.fetchPage(offset);
      sent = true;
    }
    return sent;
  }

  private fetchPage(offset: number): void {
    const generation = this.generation;
    this.pages.set(offset, { status: 'loading' });
    this.inFlight += 1;
    void this.source.call('tasks:list', { filter: this.filter, offset, limit: PAGE_SIZE }).then((result) => {
      // An answer of an older generation still frees its place: the core has done that work.
      this.inFlight -= 1;
      const sent = this.pump();
      if (generation !== this.generation) {
        if (sent) this.changed();
        return;
      }
      this.pages.set(offset, result.ok ? { status: 'ready', rows: result.value.rows } : { status: 'failed', error: result.error });
      this.stale.delete(offset);
      this.changed();
      if (!this.countAsked) {
        this.countAsked = true;
        this.afterFirstPage(() => {
          if (generation === this.generation) this.fetchCount();
        });
      }
    });
  }

  private changed(): void {
    this.version += 1;
    for (const listener of [...this.listeners]) listener();
  }
}
