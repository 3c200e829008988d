import { inspectionTypes, type InspectionType, type Priority, type TaskStatus } from '../../shared/contract/enums.js';
import type { OperatorAccount } from './options.js';
import { checklistIdFor } from './seed/checklists.js';
import { Random, WeightedPicker } from './seed/random.js';
import { PORT_CODE } from './seed/task-generator.js';
import { iso, isOpen, type TaskRecord, type TaskWorld } from './world.js';

/**
 * Background activity of the single window, seeded: new tasks from the generator, dispatch,
 * inspections starting and closing at other teams, reassignments, new due times or priorities,
 * changed inspections, and a few cancellations. One step makes about one change per 2,000 tasks
 * (at least one), so the change feed always moves.
 */
type Event = 'create' | 'assign' | 'start' | 'close' | 'reassign' | 'touch' | 'inspection' | 'cancel';

const EVENTS = new WeightedPicker<Event>([
  ['create', 20],
  ['assign', 18],
  ['start', 14],
  ['close', 12],
  ['reassign', 8],
  ['touch', 16],
  ['inspection', 4],
  ['cancel', 3],
]);
const CLOSED = new WeightedPicker<TaskStatus>([
  ['released', 60],
  ['completed', 25],
  ['held', 15],
]);
const PRIORITIES: readonly Priority[] = ['urgent', 'high', 'normal'];
export const CANCEL_REASONS: readonly string[] = ['报关单已撤销', '布控指令已撤销', '企业申请撤回申报', '转至其他口岸查验', '重复布控，已合并查验'];
const EVOLUTION_STREAM = 0xe701;
const HOUR = 3_600_000;
const QUARANTINE_TYPES: ReadonlySet<InspectionType> = new Set(['sampling', 'quarantine_treatment']);

export class Evolution {
  private readonly rng: Random;
  private readonly officers: readonly string[];

  constructor(
    private readonly world: TaskWorld,
    seed: number,
    accounts: readonly OperatorAccount[],
  ) {
    this.rng = new Random(seed, EVOLUTION_STREAM);
    // The generator's duty roster plus every inspector account, so signed-in officers get work too.
    const roster = Array.from({ length: 40 }, (_, i) => `op-${PORT_CODE}-${String(i + 1).padStart(3, '0')}`);
    const inspectors = accounts.filter((a) => a.roles.includes('inspector')).map((a) => a.operatorId);
    this.officers = [...new Set([...roster, ...inspectors])];
  }

  step(): void {
    const events = Math.max(1, Math.round(this.world.size / 2000));
    for (let i = 0; i < events; i++) this.apply(EVENTS.pick(this.rng));
  }

  private apply(event: Event): void {
    const rng = this.rng;
    switch (event) {
      case 'create':
        this.world.create(rng.chance(0.4) ? this.pair() : undefined);
        break;
      case 'assign':
        this.on('pending', (r) =>
          this.world.change(r.task.taskId, 'assignment', (t) => {
            t.assignedTo = this.pair();
            t.status = 'assigned';
          }),
        );
        break;
      case 'start':
        this.on('assigned', (r) =>
          this.world.change(r.task.taskId, 'progress', (t) => {
            t.status = 'in_progress';
          }),
        );
        break;
      case 'close':
        this.on('in_progress', (r) =>
          this.world.change(r.task.taskId, 'closed', (t) => {
            t.status = CLOSED.pick(rng);
          }),
        );
        break;
      case 'reassign':
        this.on(['assigned', 'in_progress'], (r) => this.reassign(r, this.pair(r.task.assignedTo)));
        break;
      case 'touch':
        this.on('open', (r) => this.touch(r));
        break;
      case 'inspection':
        this.on('open', (r) => this.changeInspection(r));
        break;
      case 'cancel':
        this.on('open', (r) => this.world.cancel(r.task.taskId, rng.pick(CANCEL_REASONS)));
        break;
    }
  }

  reassign(record: TaskRecord, assignedTo: readonly string[]): TaskRecord {
    return this.world.change(record.task.taskId, 'assignment', (t) => {
      t.assignedTo = [...assignedTo];
      if (assignedTo.length === 0) t.status = 'pending';
      else if (t.status === 'pending') t.status = 'assigned';
    });
  }

  /** A new priority or due time: the task changes, the work done on it stays valid. */
  touch(record: TaskRecord): TaskRecord {
    return this.world.change(record.task.taskId, 'touch', (t) => {
      if (this.rng.chance(0.5)) t.inspection.priority = this.rng.pick(PRIORITIES.filter((p) => p !== t.inspection.priority));
      else t.inspection.dueAt = iso(Date.parse(t.inspection.dueAt) + this.rng.int(1, 12) * (this.rng.chance(0.5) ? HOUR : -HOUR));
    });
  }

  /** Another inspection type (the risk system added a check): the checklist changes with it. */
  changeInspection(record: TaskRecord): TaskRecord {
    return this.world.change(record.task.taskId, 'inspection', (t) => {
      const missing = inspectionTypes.filter((type) => !t.inspection.types.includes(type));
      const added = this.rng.pick(missing.length > 0 ? missing : inspectionTypes);
      let types = t.inspection.types.filter((type) => type !== added);
      if (types.length >= 3) types = types.slice(1);
      types = inspectionTypes.filter((type) => type === added || types.includes(type));
      t.inspection.types = types;
      t.inspection.checklistId = checklistIdFor(types);
      if (types.some((type) => QUARANTINE_TYPES.has(type)) && !t.inspection.agencies.includes('quarantine')) {
        t.inspection.agencies = [...t.inspection.agencies, 'quarantine'];
      }
    });
  }

  /** Two different officers, preferably not the ones named in `avoid`. */
  private pair(avoid: readonly string[] = []): string[] {
    const pool = this.officers.filter((o) => !avoid.includes(o));
    const from = pool.length >= 2 ? pool : this.officers;
    const first = this.rng.pick(from);
    const second = this.rng.pick(from.filter((o) => o !== first));
    return [first, second];
  }

  /** Applies `change` to a random task in one of the statuses, if one is found in a few draws. */
  private on(statuses: TaskStatus | readonly TaskStatus[] | 'open', change: (record: TaskRecord) => unknown): void {
    const wanted = (status: TaskStatus): boolean =>
      statuses === 'open' ? isOpen(status) : typeof statuses === 'string' ? status === statuses : statuses.includes(status);
    for (let tries = 0; tries < 24 && this.world.size > 0; tries++) {
      const record = this.world.at(this.rng.int(0, this.world.size - 1));
      if (record !== undefined && wanted(record.task.status)) {
        change(record);
        return;
      }
    }
    this.world.create(undefined);
  }
}
