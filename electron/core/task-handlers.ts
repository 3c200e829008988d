import type { Database } from './db/connection.js';
import { SearchInputError } from './db/task-search.js';
import { reasonsFor } from './risk-reasons.js';
import { CallFailure, type Handlers } from './router.js';

type TaskHandlers = Pick<Handlers, 'tasks:list' | 'tasks:count' | 'tasks:get' | 'tasks:byIds' | 'reference:get'>;

/** The tasks calls of the contract and the reference data their inspections use, answered from the local cache (offline too). */
export function createTaskHandlers(db: Database, clock: () => number): TaskHandlers {
  return {
    'tasks:list': ({ filter, offset, limit }) =>
      searching(() => ({ offset, rows: db.tasks.listPage({ filter, offset, limit, now: clock() }) })),
    'tasks:count': ({ filter }) => searching(() => ({ total: db.tasks.count(filter, clock()) })),
    'tasks:get': ({ taskId }, caller) => {
      const task = db.tasks.get(taskId, clock());
      if (!task) throw new CallFailure('not_found', `本机缓存中没有任务 ${taskId}，请同步后再试 / no task ${taskId} in the local cache; sync and try again`);
      const { riskReasons, ...detail } = task;
      return { ...detail, ...reasonsFor(riskReasons, caller.roles) };
    },
    'tasks:byIds': ({ taskIds }) => ({ rows: db.tasks.rowsByTaskId(taskIds, clock()) }),
    'reference:get': () => db.sync.reference.read(),
  };
}

/** A search text the index cannot answer is the caller's input error, not a failure of the core. */
function searching<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SearchInputError) throw new CallFailure('invalid_input', `${error.message}: "${error.term}"`);
    throw error;
  }
}
