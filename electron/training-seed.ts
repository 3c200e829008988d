import type { Core } from './core/core.js';
import { generateTasks } from './simulator/seed/task-generator.js';
import type { GatewayTask } from '../shared/contract/gateway-task.js';

/** How many tasks a new training workstation starts with: a busy day at the Chongqing hubs. */
export const TRAINING_TASKS = 5000;
const BATCH = 1000;

/**
 * Training mode with an empty cache: fills it with the built-in single window's seeded tasks so a
 * newcomer sees a working console at once. Does nothing when the cache already holds tasks.
 * Returns how many tasks were written.
 */
export function seedTrainingData(core: Core, options: { count?: number; seed?: number; now?: number } = {}): number {
  if (core.db.tasks.totalCount() > 0) return 0;
  const count = options.count ?? TRAINING_TASKS;
  let batch: GatewayTask[] = [];
  for (const task of generateTasks(count, { seed: options.seed ?? 8000, now: options.now ?? Date.now() })) {
    batch.push(task);
    if (batch.length === BATCH) {
      core.db.tasks.upsertMany(batch);
      batch = [];
    }
  }
  if (batch.length > 0) core.db.tasks.upsertMany(batch);
  core.log.info('training data seeded', { tasks: count });
  return count;
}
