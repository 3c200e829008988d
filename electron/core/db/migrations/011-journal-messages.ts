import type { Migration } from './migration.js';

/**
 * The sync journal in the reader's language (issue 8, point 10): a row now records what happened as
 * a message key and its parameters (shared/contract/journal-message.ts), one small JSON the
 * renderer puts in words in zh-CN or English, instead of an English sentence. Rows written before
 * keep their English `detail` and a NULL message, and are shown as they are; new rows leave
 * `detail` empty. No index: the journal is read newest first by id, never by message.
 */
export const migration011: Migration = {
  version: 11,
  name: 'journal-messages',
  sql: `
    ALTER TABLE sync_journal ADD COLUMN message TEXT;
  `,
};
