import type { Migration } from './migration.js';

/** Reserved for dispatch (issue 10, point 1): filled by the dispatch work. */
export const migration014: Migration = {
  version: 14,
  name: 'dispatch',
  sql: ``,
};
