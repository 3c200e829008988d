import type { AuditChainState } from '../../../shared/contract/index.js';
import { CHAIN_START, intactReport, walkChain, type ChainPosition, type ChainReport, type ChainSource } from './verify.js';

export interface ChainWatchOptions {
  clock: () => number;
  /** Rows checked per slice; a slice runs in one turn of the event loop (~5 ms for 2,000 rows). */
  sliceRows?: number;
  /** A whole walk from the first entry again this long after the last one ended, to catch an old entry edited since. */
  rewalkMs?: number;
  /** Between slices and between catch-ups (default: the next turn of the event loop). */
  schedule?: (run: () => void, afterMs: number) => { cancel(): void };
}

const DEFAULT_SLICE_ROWS = 2000;
const DEFAULT_REWALK_MS = 60 * 60 * 1000;

/**
 * Keeps the state of one database's audit chain for the UI's badge without holding the core's event
 * loop: the whole chain is walked in slices at start (and again every hour), and each status call
 * extends the intact prefix by the entries appended since (a few at a time, as the console writes
 * them). A broken link stays reported until the next whole walk finds the chain intact again.
 */
export class ChainWatch {
  private position: ChainPosition = CHAIN_START;
  private walking = true;
  private broken: ChainReport | null = null;
  private checkedAt: number | null = null;
  private timer: { cancel(): void } | null = null;
  private readonly sliceRows: number;
  private readonly rewalkMs: number;
  private readonly schedule: NonNullable<ChainWatchOptions['schedule']>;

  constructor(
    private readonly source: ChainSource,
    private readonly options: ChainWatchOptions,
  ) {
    this.sliceRows = options.sliceRows ?? DEFAULT_SLICE_ROWS;
    this.rewalkMs = options.rewalkMs ?? DEFAULT_REWALK_MS;
    this.schedule =
      options.schedule ??
      ((run, afterMs) => {
        const handle = setTimeout(run, afterMs);
        handle.unref();
        return { cancel: () => clearTimeout(handle) };
      });
    this.next(0);
  }

  /** The chain as last checked; an intact chain is first extended by what was appended since. */
  status(): AuditChainState {
    if (!this.walking && this.broken === null) this.step(this.sliceRows);
    if (this.broken) {
      const { entries, checked, firstBroken } = this.broken;
      return { state: 'broken', entries, checked, lastSeq: null, lastHash: null, checkedAt: iso(this.checkedAt), ...(firstBroken ? { firstBroken } : {}) };
    }
    const report = intactReport(this.position);
    return {
      state: this.walking ? 'checking' : 'intact',
      entries: report.entries,
      checked: report.checked,
      lastSeq: report.lastSeq,
      lastHash: report.lastHash,
      checkedAt: iso(this.checkedAt),
    };
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  private restart(): void {
    this.position = CHAIN_START;
    this.broken = null;
    this.walking = true;
    this.next(0);
  }

  private next(afterMs: number): void {
    this.timer = this.schedule(() => {
      this.timer = null;
      if (!this.walking) {
        this.restart();
        return;
      }
      const over = this.step(this.sliceRows);
      this.next(over ? this.rewalkMs : 0);
    }, afterMs);
  }

  /** Checks up to `rows` more entries; true when the walk is over (the end of the log, or a broken link). */
  private step(rows: number): boolean {
    const step = walkChain(this.source, this.position, rows);
    this.checkedAt = this.options.clock();
    if (step.kind === 'broken') {
      this.broken = step.report;
      this.walking = false;
      return true;
    }
    this.position = step.position;
    if (step.atEnd) this.walking = false;
    return step.atEnd;
  }
}

function iso(at: number | null): string | null {
  return at === null ? null : new Date(at).toISOString();
}
