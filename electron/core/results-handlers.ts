import type { Database } from './db/connection.js';
import { ResultInputError, ResultNotFoundError, ResultStateError } from './db/result-errors.js';
import { CallFailure, type Handlers } from './router.js';

type ResultHandlers = Pick<Handlers, 'results:list' | 'results:forTask' | 'results:resolve' | 'results:exportParked'>;

/** The results calls of the contract: what waits for the single window or for the inspector, and how it is resolved. */
export function createResultHandlers(db: Database, clock: () => number): ResultHandlers {
  return {
    'results:list': ({ view, limit }) => ({ results: db.results.list(view, limit) }),
    'results:forTask': ({ taskId }) => ({ results: db.results.forTask(taskId) }),
    'results:resolve': ({ resultId, action }, caller) => refusals(() => db.results.resolve(resultId, action, clock(), caller.operatorId ?? 'unknown')),
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
    throw error;
  }
}
