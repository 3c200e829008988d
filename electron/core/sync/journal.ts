import type { JournalEntry } from '../../../shared/contract/index.js';
import type { JournalOutcome, JournalQuery, JournalRow, SyncRepository } from '../db/sync-repository.js';
import { redact, type Logger } from '../log.js';

/** One call to the gateway as an admin reads it: what, how it ended, how long, in words. */
export interface JournalRecord {
  /** e.g. `GET /v1/tasks/changes`; ids stay out of it so that filtering by call works. */
  call: string;
  outcome: JournalOutcome;
  status: number | null;
  durationMs: number;
  /** e.g. "page of 500 changes (12 unchanged)"; never a token or password. */
  detail: string;
}

export interface Journal {
  record(entry: JournalRecord): void;
}

const MAX_DETAIL = 500;

/** The row as stored, whoever writes it (this journal, or a page's own transaction: page-body.ts). */
export function journalRow(entry: JournalRecord, at: string): JournalRow {
  return {
    at,
    call: entry.call,
    outcome: entry.outcome,
    status: entry.status,
    durationMs: Math.max(0, Math.round(entry.durationMs)),
    // Details are built from gateway messages; strip anything shaped like a credential anyway.
    detail: String(redact(entry.detail)).slice(0, MAX_DETAIL),
  };
}

/**
 * The sync journal on the database (the `sync:journal` call reads it). Writing it must never stop a
 * sync: a failed write (disk full) is logged and dropped.
 */
export class SyncJournal implements Journal {
  constructor(
    private readonly repository: SyncRepository,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  record(entry: JournalRecord): void {
    try {
      this.repository.appendJournal(journalRow(entry, new Date(this.clock()).toISOString()));
    } catch (error) {
      this.log.error('journal entry not written', { call: entry.call, outcome: entry.outcome, error });
    }
  }

  /** Newest first; `sync:journal`'s input maps onto this directly. */
  query(query: JournalQuery): JournalEntry[] {
    return this.repository.journal(query);
  }
}
