import { MAX_TASKS_BY_ID, type ContractClient, type TaskRow } from '../../../shared/contract/index.js';

/**
 * The tasks of the cargo on the map, as the task list shows them (tasks:byIds): what colours a
 * cargo by urgency, what the status filter reads and what the cargo panel lists. Ids are asked for
 * in batches as cargo appear; a `tasks:changed` event (a sync wrote them) asks again for those.
 */
export class TaskMarks {
  private readonly rows = new Map<string, TaskRow>();
  /** Every id the map has asked about, found or not: what a reload asks for again. */
  private readonly known = new Set<string>();
  private readonly waiting = new Set<string>();
  private running = false;
  private stopped = false;
  /** A call, not the field: TypeScript would keep its narrowing from before an await. */
  private isStopped(): boolean {
    return this.stopped;
  }
  private readonly off: () => void;

  constructor(
    private readonly client: ContractClient,
    private readonly onChange: (taskIds: readonly string[]) => void,
  ) {
    this.off = client.on('tasks:changed', ({ taskIds, reloadAll }) => {
      this.ask(reloadAll ? [...this.known] : taskIds.filter((id) => this.known.has(id)), true);
    });
  }

  get(taskId: string | undefined): TaskRow | undefined {
    return taskId === undefined ? undefined : this.rows.get(taskId);
  }

  /** Fetches the ids not asked about yet. */
  want(taskIds: Iterable<string>): void {
    this.ask(taskIds, false);
  }

  stop(): void {
    this.stopped = true;
    this.off();
  }

  private ask(taskIds: Iterable<string>, again: boolean): void {
    for (const id of taskIds) {
      if (!again && this.known.has(id)) continue;
      this.known.add(id);
      this.waiting.add(id);
    }
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.size > 0 && !this.stopped) {
        const batch = [...this.waiting].slice(0, MAX_TASKS_BY_ID);
        for (const id of batch) this.waiting.delete(id);
        const answer = await this.client.call('tasks:byIds', { taskIds: batch });
        if (this.isStopped()) return;
        // Unanswered (the core busy or away): the map shows these cargo without a task until the next change.
        if (!answer.ok) continue;
        const found = new Set(answer.value.rows.map((row) => row.taskId));
        for (const row of answer.value.rows) this.rows.set(row.taskId, row);
        // A task the cache no longer holds (cancelled and purged) loses its mark.
        for (const id of batch) if (!found.has(id)) this.rows.delete(id);
        this.onChange(batch);
      }
    } finally {
      this.running = false;
    }
  }
}
