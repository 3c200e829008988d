import type { CargoFrame, ContractClient } from '../../../shared/contract/index.js';
import { CargoPicture } from './cargo-picture.js';

/** What changed in the picture: these cargo indexes, or everything (a new snapshot). */
export type CargoChange = { kind: 'moved'; changed: readonly number[] } | { kind: 'reset' };

const SNAPSHOT_PAGE = 10_000;
/** After a failed snapshot (the core busy or restarting), ask again this much later. */
const RETRY_MS = 2_000;

/**
 * Keeps a CargoPicture current for one screen: the core's last known picture in `cargo:snapshot`
 * pages, then `cargo:moved` frames. Frames that arrive while pages are read are held and applied
 * after the last page (each move is applied only if newer than what the page gave). A missed frame
 * (new epoch, gap in seq, an unnamed cargo) reads the snapshot again.
 */
export class LiveCargoFeed {
  readonly picture = new CargoPicture();
  private readonly listeners = new Set<(change: CargoChange) => void>();
  private loading: CargoFrame[] | null = null;
  private stopped = false;
  /** A call, not the field: TypeScript would keep its narrowing from before an await. */
  private isStopped(): boolean {
    return this.stopped;
  }
  private retry: ReturnType<typeof setTimeout> | null = null;
  private readonly off: () => void;
  private loaded = false;

  constructor(private readonly client: ContractClient) {
    this.off = client.on('cargo:moved', (frame) => {
      this.receive(frame);
    });
    void this.load();
  }

  /** True once the first snapshot is in. */
  get ready(): boolean {
    return this.loaded;
  }

  subscribe(listener: (change: CargoChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.stopped = true;
    this.off();
    if (this.retry !== null) clearTimeout(this.retry);
    this.listeners.clear();
  }

  private receive(frame: CargoFrame): void {
    if (this.loading !== null) {
      this.loading.push(frame);
      return;
    }
    const outcome = this.picture.applyFrame(frame);
    if (outcome.kind === 'resync') {
      void this.load();
      return;
    }
    if (outcome.changed.length > 0) this.emit({ kind: 'moved', changed: outcome.changed });
  }

  private async load(): Promise<void> {
    if (this.loading !== null || this.stopped) return;
    this.loading = [];
    this.picture.clear();
    let after = -1;
    for (;;) {
      const page = await this.client.call('cargo:snapshot', { after, limit: SNAPSHOT_PAGE });
      if (this.isStopped()) return;
      if (!page.ok) {
        this.loading = null;
        this.retry = setTimeout(() => void this.load(), RETRY_MS);
        return;
      }
      this.picture.applySnapshotPage(page.value.frame);
      if (page.value.next === null) break;
      after = page.value.next;
    }
    const held = this.loading;
    this.loading = null;
    this.loaded = true;
    this.emit({ kind: 'reset' });
    for (const frame of held) this.receive(frame);
  }

  private emit(change: CargoChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
