import { assignmentRequestSchema } from '../../shared/contract/gateway.js';
import type { TaskStatus } from '../../shared/contract/enums.js';
import { idempotencyKey, type AuthedContext } from './context.js';
import { badRequest, problem, rawJson, readJson, type HttpResponse } from './http-io.js';
import { durableWrite, IdempotencyKeys, type Outcome } from './idempotency.js';
import { zodErrors } from './result-rules.js';
import { isOpen, type TaskRecord, type TaskWorld } from './world.js';

interface StoredAssignment {
  readonly taskId: string;
  readonly response: string;
}

/**
 * POST /v1/tasks/<id>/assignment: a supervisor dispatches by hand. Optimistic: baseVersion must
 * be the task's current version, and a closed or cancelled task cannot be dispatched (409 with the
 * task). A key already used replays its 200 and changes nothing.
 */
export class AssignmentEndpoint {
  private readonly keys = new IdempotencyKeys<StoredAssignment>();

  constructor(private readonly world: TaskWorld) {}

  async handle(ctx: AuthedContext, record: TaskRecord): Promise<HttpResponse> {
    if (!ctx.session.operator.roles.includes('supervisor')) return problem(403, 'forbidden', 'only supervisors assign tasks');
    const key = idempotencyKey(ctx);
    if (key === undefined) return badRequest('the Idempotency-Key header is required');
    const body = await readJson(ctx.req);
    const taskId = record.task.taskId;
    const replay = (stored: StoredAssignment): HttpResponse =>
      stored.taskId === taskId
        ? rawJson(200, stored.response)
        : problem(422, 'invalid_assignment', `key ${key} was already used for task ${stored.taskId}`, {
            errors: [{ path: '(header) Idempotency-Key', message: `already used for task ${stored.taskId}` }],
          });
    return this.keys.run(key, replay, () => this.attempt(taskId, body));
  }

  private async attempt(taskId: string, body: unknown): Promise<Outcome<StoredAssignment>> {
    const parsed = assignmentRequestSchema.safeParse(body);
    if (!parsed.success) return { response: problem(422, 'invalid_assignment', 'the assignment is not valid', { errors: zodErrors(parsed.error) }) };
    const { assignedTo, baseVersion } = parsed.data;
    if (new Set(assignedTo).size !== assignedTo.length) {
      return { response: problem(422, 'invalid_assignment', 'an officer is listed twice', { errors: [{ path: 'assignedTo', message: 'officers must be distinct' }] }) };
    }
    const record = this.world.get(taskId);
    if (record === undefined) return { response: problem(404, 'not_found', `no task ${taskId}`) };
    const { task } = record;
    if (!isOpen(task.status)) return { response: problem(409, 'task_changed', `task ${taskId} is ${task.status}`, { task }) };
    if (task.version !== baseVersion) {
      return { response: problem(409, 'task_changed', `task ${taskId} is at version ${task.version}, not ${baseVersion}`, { task }) };
    }
    const changed = this.world.change(taskId, 'assignment', (t) => {
      t.assignedTo = [...assignedTo];
      t.status = statusAfterAssignment(t.status, assignedTo.length > 0);
    });
    const response = JSON.stringify({ task: changed.task });
    await durableWrite();
    return { response: rawJson(200, response), stored: { taskId, response } };
  }
}

function statusAfterAssignment(status: TaskStatus, anyone: boolean): TaskStatus {
  if (!anyone) return 'pending';
  return status === 'pending' ? 'assigned' : status;
}
