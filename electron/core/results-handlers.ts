import type { AccountRepository } from './db/account-repository.js';
import type { Database } from './db/connection.js';
import { DraftExistsError } from './db/inspection-draft-repository.js';
import { ResultInputError, ResultNotFoundError, ResultStateError } from './db/result-errors.js';
import { draftFromResult } from './inspection/result-to-draft.js';
import { CallFailure, type Handlers } from './router.js';

type ResultHandlers = Pick<Handlers, 'results:list' | 'results:forTask' | 'results:resolve' | 'results:exportParked'>;

/**
 * The results calls of the contract: what waits for the single window or for the inspector, and how
 * it is resolved. `accounts`: where the officers are (the console's real database, whichever
 * workspace's results these are). `resolved`: told after each resolution (the core asks for a sync
 * cycle, so a result queued again goes out at once and the status's counts follow).
 */
export function createResultHandlers(
  db: Database,
  clock: () => number,
  accounts: AccountRepository = db.accounts,
  resolved: () => void = () => undefined,
): ResultHandlers {
  /** The officers named on a result as the inspection form shows them, from this workstation's accounts. */
  const officersOf = (operatorIds: readonly string[]) =>
    operatorIds.map((operatorId) => {
      const account = accounts.find(operatorId);
      // Every result made here was started by accounts of this workstation, which are disabled, never
      // deleted; only a result written without inspection:start (a test's seed) names no account.
      return { operatorId, name: account?.name ?? operatorId, agency: account?.agency ?? 'customs' };
    });
  return {
    'results:list': ({ view, limit }) => ({ results: db.results.list(view, limit) }),
    'results:forTask': ({ taskId }) => ({ results: db.results.forTask(taskId) }),
    'results:resolve': ({ resultId, action }, caller) => {
      const actor = caller.operatorId ?? 'unknown';
      const summary = refusals(() =>
        action === 'edit'
          ? // An edit goes back to the inspection form with what was sent, on the task as cached now.
            db.drafts.reopen(resultId, actor, clock(), (content) =>
              draftFromResult(content, {
                baseVersion: db.tasks.get(content.taskId, clock())?.version ?? content.baseVersion,
                officers: officersOf(content.inspectors),
                now: new Date(clock()).toISOString(),
              }),
            )
          : db.results.resolve(resultId, action, clock(), actor),
      );
      resolved();
      return summary;
    },
    'results:exportParked': () => {
      const currentGateway = db.results.currentGateway();
      return { exportedAt: new Date(clock()).toISOString(), currentGateway, results: db.results.parked(currentGateway) };
    },
  };
}

/** The repository's refusals are the caller's to fix; anything else stays an internal failure. */
function refusals<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ResultNotFoundError) throw new CallFailure('not_found', error.message);
    if (error instanceof ResultStateError || error instanceof ResultInputError) throw new CallFailure('invalid_input', error.message);
    if (error instanceof DraftExistsError) throw new CallFailure('invalid_input', `任务 ${error.taskId} 已有进行中的查验，请继续或先放弃它。\n${error.message}`);
    throw error;
  }
}
