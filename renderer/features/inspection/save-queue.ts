import type { CallError, Result } from '../../../shared/contract/index.js';

/** What the form says about its draft: saved, a save on its way, or not saved and why. */
export type SaveState = { kind: 'saved' } | { kind: 'saving' } | { kind: 'unsaved'; error: CallError };

/**
 * Saves the draft on every change without flooding the core: at most one save is in flight; changes
 * made meanwhile wait as one (the latest state), sent when the one in flight answers. A failed save
 * leaves the state not saved, with its reason, until the next change or saveNow() sends it again.
 */
export class SaveQueue<T> {
  private inFlight = false;
  private waiting: { value: T } | null = null;
  /** The latest state given, saved or not. */
  private latest: { value: T } | null = null;
  private state: SaveState = { kind: 'saved' };
  private idle: (() => void)[] = [];

  constructor(
    private readonly save: (value: T) => Promise<Result<unknown>>,
    private readonly onState: (state: SaveState) => void,
  ) {}

  /** A change: saved now, or right after the save in flight. */
  change(value: T): void {
    this.latest = { value };
    this.waiting = this.latest;
    this.pump();
  }

  /**
   * Saves the latest state now (Ctrl+S, or after a failure), unless a save is already on its way:
   * then the latest state goes right after it anyway.
   */
  saveNow(): void {
    if (this.latest === null || this.inFlight) return;
    this.waiting = this.latest;
    this.pump();
  }

  current(): SaveState {
    return this.state;
  }

  /** Resolves when nothing is waiting or in flight (the last save may have failed). */
  settled(): Promise<void> {
    if (!this.inFlight) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private set(state: SaveState): void {
    this.state = state;
    this.onState(state);
  }

  private pump(): void {
    if (this.inFlight || this.waiting === null) return;
    const sending = this.waiting;
    this.waiting = null;
    this.inFlight = true;
    this.set({ kind: 'saving' });
    void this.save(sending.value).then((result) => {
      this.inFlight = false;
      if (this.waiting !== null) {
        this.pump();
        return;
      }
      if (result.ok) {
        this.set({ kind: 'saved' });
      } else {
        this.set({ kind: 'unsaved', error: result.error });
      }
      for (const resolve of this.idle.splice(0)) resolve();
    });
  }
}
