import type { Migration } from './migration.js';

// Reserved for issue 8's work in progress (numbered now so parallel work cannot collide); its SQL lands with its feature.
export const migration009: Migration = {
  version: 9,
  name: 'inspection-drafts',
  sql: '',
};
