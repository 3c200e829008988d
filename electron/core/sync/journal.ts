import type { JournalEntry, JournalMessage, JournalParam } from '../../../shared/contract/index.js';
import type { JournalOutcome, JournalQuery, JournalRow, SyncRepository } from '../db/sync-repository.js';
import { redact, type Logger } from '../log.js';

/** One call to the gateway as an admin reads it: what, how it ended, how long, in words. */
export interface JournalRecord {
  /** e.g. `GET /v1/tasks/changes`; ids stay out of it so that filtering by call works. */
  call: string;
  outcome: JournalOutcome;
  status: number | null;
  durationMs: number;
  /** What happened, as a key and its parameters the renderer puts in the reader's language; never a token or password. */
  message: JournalMessage;
}

export interface Journal {
  record(entry: JournalRecord): void;
}

/** A string parameter is cut here: a gateway's own words or a system error's text can be long. */
const MAX_PARAM = 500;

/** The row as stored, whoever writes it (this journal, or a page's own transaction: page-body.ts). */
export function journalRow(entry: JournalRecord, at: string): JournalRow {
  return {
    at,
    call: entry.call,
    outcome: entry.outcome,
    status: entry.status,
    durationMs: Math.max(0, Math.round(entry.durationMs)),
    detail: '',
    message: cleaned(entry.message),
  };
}

/**
 * The message with its string parameters redacted and cut. Parameters carry gateway and system
 * messages; strip anything shaped like a credential anyway. Only values: redacting the object as a
 * whole would take its `key` for a secret's name.
 */
function cleaned(message: JournalMessage): JournalMessage {
  const params: Record<string, JournalParam> = {};
  for (const [name, value] of Object.entries<JournalParam>(message.params)) {
    params[name] = typeof value === 'string' ? String(redact(value)).slice(0, MAX_PARAM) : typeof value === 'number' ? value : cleaned(value);
  }
  // Same key, same parameter names: only the values were cleaned.
  return { key: message.key, params } as JournalMessage;
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
