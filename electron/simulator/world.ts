import { openStatuses, type TaskStatus } from '../../shared/contract/enums.js';
import type { GatewayTask, TaskChange } from '../../shared/contract/gateway.js';
import { ChangeLog } from './change-log.js';
import { generateTasks } from './seed/task-generator.js';

/**
 * The single window's tasks: current state, a short history of what kind of change made each
 * version (so a result can be judged against the version it was made on), and the change log the
 * feed reads. Every change bumps the task's version and appends to the log.
 */

/** What a change did; the results endpoint decides from this whether a result is still valid. */
export type ChangeKind =
  | 'created'
  | 'assignment' // assignees changed (dispatch, reassignment)
  | 'progress' // the inspection started
  | 'closed' // completed, released or held by the single window (another team's result)
  | 'result' // a result submitted here was accepted
  | 'inspection' // inspection types / checklist changed
  | 'touch' // priority or due time: does not invalidate work done
  | 'cancel';

export interface HistoryEntry {
  readonly version: number;
  readonly kind: ChangeKind;
}

export interface TaskRecord {
  task: GatewayTask;
  /** Position of the task in the generator's sequence. */
  readonly index: number;
  /** Version the task had when this simulator started or created it; nothing is known before. */
  readonly baselineVersion: number;
  readonly history: HistoryEntry[];
  cancelReason: string;
}

export type TaskListener = (record: TaskRecord, previousStatus: TaskStatus) => void;

const HISTORY_KEPT = 64;
const OPEN: ReadonlySet<TaskStatus> = new Set(openStatuses);
export const isOpen = (status: TaskStatus): boolean => OPEN.has(status);
export const iso = (ms: number): string => new Date(ms).toISOString();

export const INITIAL_CANCEL_REASON = '报关单已撤销';

export interface TaskWorldOptions {
  seed: number;
  count: number;
  /** Reference time of the generator (start of the UTC day), so a seed gives the same data all day. */
  generatorNow: number;
  now: () => number;
  retainChanges: number;
}

export class TaskWorld {
  readonly log: ChangeLog;
  private readonly records = new Map<string, TaskRecord>();
  /** Task ids in creation order, for seeded random picks. */
  private readonly order: string[] = [];
  private readonly listeners: TaskListener[] = [];
  private nextIndex: number;

  constructor(private readonly options: TaskWorldOptions) {
    this.log = new ChangeLog(options.retainChanges);
    let index = 0;
    for (const task of generateTasks(options.count, { seed: options.seed, now: options.generatorNow })) {
      this.add(task, index++);
    }
    this.nextIndex = options.count;
  }

  get size(): number {
    return this.order.length;
  }

  get(taskId: string): TaskRecord | undefined {
    return this.records.get(taskId);
  }

  /** The record at position i of creation order (for seeded picks). */
  at(i: number): TaskRecord | undefined {
    const taskId = this.order[i];
    return taskId === undefined ? undefined : this.records.get(taskId);
  }

  all(): IterableIterator<TaskRecord> {
    return this.records.values();
  }

  onChange(listener: TaskListener): void {
    this.listeners.push(listener);
  }

  /** A new task from the generator (next index), as the single window creates it now. */
  create(assignedTo: readonly string[] | undefined): TaskRecord {
    const index = this.nextIndex++;
    const [generated] = generateTasks(1, { seed: this.options.seed, now: this.options.generatorNow, startIndex: index });
    if (generated === undefined) throw new Error('the generator returned no task');
    const now = this.options.now();
    // The generator places times around its reference day; a task created now is due around now.
    const shift = now - this.options.generatorNow;
    const task: GatewayTask = {
      ...generated,
      version: 1,
      status: assignedTo === undefined ? 'pending' : 'assigned',
      assignedTo: assignedTo === undefined ? [] : [...assignedTo],
      inspection: { ...generated.inspection, dueAt: iso(Date.parse(generated.inspection.dueAt) + shift) },
      updatedAt: iso(now),
    };
    const record = this.add(task, index);
    for (const listener of this.listeners) listener(record, task.status);
    return record;
  }

  /** Applies a server change: mutate, bump the version, stamp the time, log it, tell listeners. */
  change(taskId: string, kind: ChangeKind, mutate: (task: GatewayTask) => void): TaskRecord {
    const record = this.records.get(taskId);
    if (record === undefined) throw new RangeError(`no task ${taskId}`);
    const previousStatus = record.task.status;
    const task = structuredClone(record.task);
    mutate(task);
    task.version = record.task.version + 1;
    task.updatedAt = iso(Math.max(this.options.now(), Date.parse(record.task.updatedAt)));
    record.task = task;
    record.history.push({ version: task.version, kind });
    if (record.history.length > HISTORY_KEPT) record.history.splice(0, record.history.length - HISTORY_KEPT);
    this.log.append(taskId);
    for (const listener of this.listeners) listener(record, previousStatus);
    return record;
  }

  cancel(taskId: string, reason: string): TaskRecord {
    const record = this.change(taskId, 'cancel', (task) => {
      task.status = 'cancelled';
    });
    record.cancelReason = reason;
    return record;
  }

  /** Changes made after `baseVersion`, oldest first (only those this simulator has seen). */
  changesSince(record: TaskRecord, baseVersion: number): readonly HistoryEntry[] {
    return record.history.filter((h) => h.version > baseVersion);
  }

  /** How the feed shows a task: a cancelled one as a cancel, anything else as an upsert. */
  changeOf(record: TaskRecord): TaskChange {
    const { task } = record;
    if (task.status === 'cancelled') return { op: 'cancel', taskId: task.taskId, version: task.version, reason: record.cancelReason };
    return { op: 'upsert', task };
  }

  private add(task: GatewayTask, index: number): TaskRecord {
    const record: TaskRecord = {
      task,
      index,
      baselineVersion: task.version,
      history: [],
      cancelReason: task.status === 'cancelled' ? INITIAL_CANCEL_REASON : '',
    };
    this.records.set(task.taskId, record);
    this.order.push(task.taskId);
    this.log.append(task.taskId);
    return record;
  }
}
