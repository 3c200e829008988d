import { changesPageSchema, type ChangesPage, type JournalMessage } from '../../../shared/contract/index.js';
import type { PageApplied, SyncRepository } from '../db/sync-repository.js';
import { parseJsonBody } from './http.js';
import { journalRow } from './journal.js';

export const CHANGES_CALL = 'GET /v1/tasks/changes';

/** A page of the change feed as it came off the wire, with what its journal row says about the call. */
export interface PageRequest {
  /** The 200 answer's body, not yet parsed. */
  body: Uint8Array;
  /** When it arrived (ISO 8601): stored with the cursor and on the journal row. */
  at: string;
  callMs: number;
  /** The pull started without a cursor (initial load or a reload after 410). */
  fromStart: boolean;
}

/** Where the feed goes on after this page: known once the page is parsed, before it is written. */
export interface PageHead {
  nextCursor: string;
  hasMore: boolean;
}

export interface PageOutcome extends PageHead {
  applied: PageApplied;
}

/**
 * Parses, checks and applies one page with its cursor and its journal row, in one transaction;
 * `onHead` hears where the feed goes on as soon as the page is parsed (the pull asks for the next
 * page while this one is written). Runs
 * where the page is written (the page writer's thread in the console), so the core's event loop
 * never parses or validates the feed: a 200-task page is ~10 ms of JSON and schema work and most of
 * the garbage a sync makes. A body that is not the contract's page throws GatewayError
 * `invalid_body`, as the gateway client would have: the pull retries it.
 */
export function applyPageBody(sync: SyncRepository, request: PageRequest, onHead?: (head: PageHead) => void): PageOutcome {
  const body = Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
  const page = parseJsonBody({ status: 200, body }, changesPageSchema, CHANGES_CALL);
  onHead?.({ nextCursor: page.nextCursor, hasMore: page.hasMore });
  const applied = sync.applyChangesPage(page, request.at, (done) =>
    journalRow({ call: CHANGES_CALL, outcome: 'ok', status: 200, durationMs: request.callMs, message: pageMessage(page, done, request.fromStart) }, request.at),
  );
  return { applied, nextCursor: page.nextCursor, hasMore: page.hasMore };
}

function pageMessage(page: ChangesPage, applied: PageApplied, fromStart: boolean): JournalMessage {
  const params = {
    changes: page.changes.length,
    unchanged: applied.unchanged,
    cancelled: applied.cancels,
    flagged: applied.flags,
    progress: { key: page.hasMore ? 'pull.moreToCome' : 'pull.caughtUp', params: {} },
  } as const;
  return fromStart ? { key: 'pull.pageFromStart', params } : { key: 'pull.page', params };
}
