import { resultSubmissionSchema, type ResultSubmission } from '../../shared/contract/gateway.js';
import type { TaskStatus } from '../../shared/contract/enums.js';
import type { AttachmentStore } from './attachments.js';
import { idempotencyKey, type AuthedContext } from './context.js';
import { badRequest, problem, rawJson, readJson, type FieldError, type HttpResponse } from './http-io.js';
import { durableWrite, IdempotencyKeys, type Outcome } from './idempotency.js';
import type { Reference } from './reference.js';
import { checkResult, zodErrors } from './result-rules.js';
import { isOpen, iso, type TaskRecord, type TaskWorld } from './world.js';

/** A result the single window accepted, as the inspection API shows it to tests. */
export interface StoredResult {
  readonly resultId: string;
  readonly taskId: string;
  readonly operatorId: string;
  readonly workstationId: string;
  /** The submission as accepted (validated against the contract). */
  readonly body: ResultSubmission;
  readonly acceptedAt: string;
  /** The 201 body, sent again with 200 on every replay. */
  readonly response: string;
}

/**
 * Where a disposition leaves the task: released goods are released, everything that keeps the
 * goods at the port (hold, and return or destroy, which happen under customs control) is held,
 * and a referral closes the inspection while another department takes over: completed.
 */
const STATUS_AFTER: Readonly<Record<ResultSubmission['disposition'], TaskStatus>> = {
  release: 'released',
  hold: 'held',
  return: 'held',
  destroy: 'held',
  refer: 'completed',
};

export class ResultsEndpoint {
  readonly keys = new IdempotencyKeys<StoredResult>();

  constructor(
    private readonly world: TaskWorld,
    private readonly reference: Reference,
    private readonly attachments: AttachmentStore,
    private readonly now: () => number,
  ) {}

  async handle(ctx: AuthedContext, record: TaskRecord): Promise<HttpResponse> {
    const key = idempotencyKey(ctx);
    if (key === undefined) return badRequest('the Idempotency-Key header (the resultId) is required');
    const body = await readJson(ctx.req);
    const taskId = record.task.taskId;
    // A key already accepted answers with the stored response, whatever this body says: the key
    // names the result, and a client that changed the body under the same key would otherwise get
    // a second, different result. The first one stands; nothing changes.
    const replay = (stored: StoredResult): HttpResponse =>
      stored.taskId === taskId
        ? rawJson(200, stored.response)
        : problem(422, 'invalid_result', `result ${key} was already accepted for task ${stored.taskId}`, {
            errors: [{ path: 'resultId', message: `already used for task ${stored.taskId}` }],
          });
    return this.keys.run(key, replay, () => this.attempt(ctx, taskId, key, body));
  }

  private async attempt(ctx: AuthedContext, taskId: string, key: string, body: unknown): Promise<Outcome<StoredResult>> {
    const record = this.world.get(taskId);
    if (record === undefined) return { response: problem(404, 'not_found', `no task ${taskId}`) };
    const parsed = resultSubmissionSchema.safeParse(body);
    const errors: FieldError[] = parsed.success ? checkResult(parsed.data, record.task, this.reference) : zodErrors(parsed.error);
    const resultId = typeof body === 'object' && body !== null && 'resultId' in body ? body.resultId : undefined;
    if (typeof resultId === 'string' && resultId !== key) errors.unshift({ path: 'resultId', message: 'must equal the Idempotency-Key header' });
    if (!parsed.success || errors.length > 0) {
      return { response: problem(422, 'invalid_result', 'the result is not valid for this task', { errors }) };
    }
    const submission = parsed.data;
    const operatorId = ctx.session.operator.id;

    const conflict = conflictOf(this.world, record, submission.baseVersion, operatorId);
    if (conflict !== undefined) return { response: problem(409, 'task_changed', conflict, { task: record.task }) };

    const missing = submission.attachments.flatMap((a, i) => (this.attachments.has(a.sha256) ? [] : [{ path: `attachments.${i}.sha256`, message: `${a.sha256} was not uploaded` }]));
    if (missing.length > 0) return { response: problem(424, 'attachment_missing', 'upload the attachments first, then send the result again', { errors: missing }) };

    // Checks and the change happen in one synchronous stretch: nothing can change the task between.
    const accepted = this.world.change(taskId, 'result', (task) => {
      task.status = STATUS_AFTER[submission.disposition];
    });
    const response = JSON.stringify({ accepted: true, task: accepted.task });
    const stored: StoredResult = {
      resultId: key,
      taskId,
      operatorId,
      workstationId: ctx.session.workstationId,
      body: submission,
      acceptedAt: iso(this.now()),
      response,
    };
    await durableWrite();
    return { response: rawJson(201, response), stored };
  }
}

/**
 * Why a result made on `baseVersion` no longer fits the task, or undefined when it still does.
 * Invalidating: cancellation, the task closed by someone else, a reassignment that leaves this
 * operator out, a change of the inspection itself. A new due time or priority is not.
 */
function conflictOf(world: TaskWorld, record: TaskRecord, baseVersion: number, operatorId: string): string | undefined {
  const { task } = record;
  if (task.status === 'cancelled') return `task ${task.taskId} was cancelled: ${record.cancelReason}`;
  if (!isOpen(task.status)) return `task ${task.taskId} is already ${task.status} (version ${task.version})`;
  for (const change of world.changesSince(record, baseVersion)) {
    if (change.kind === 'inspection') return `the inspection of task ${task.taskId} changed in version ${change.version}`;
    if (change.kind === 'assignment' && task.assignedTo.length > 0 && !task.assignedTo.includes(operatorId)) {
      return `task ${task.taskId} was reassigned to ${task.assignedTo.join(', ')} in version ${change.version}`;
    }
  }
  return undefined;
}
