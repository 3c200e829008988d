import { setTimeout as sleepFor } from 'node:timers/promises';
import type { Database } from '../db/connection.js';
import type { PageApplied } from '../db/sync-repository.js';
import { inThreadApplier, type PageApplier } from './page-applier.js';
import { CHANGES_CALL as CALL, type PageOutcome, type PageRequest } from './page-body.js';
import type { Logger } from '../log.js';
import { backoffMs } from './backoff.js';
import { GatewayError, isRetryable, type Gateway, type GatewayFailure } from './gateway.js';
import { gatewayFailureMessage } from './failure-message.js';
import type { Journal } from './journal.js';

/**
 * A page is applied in one synchronous transaction, and the core must not block for more than
 * ~50 ms (ARCHITECTURE.md). Measured on the simulator's tasks: ~0.12 ms a task, so 500 took 60-110 ms
 * and 200 takes 25-35 ms.
 */
export const DEFAULT_PAGE_SIZE = 200;
/** How long a pull keeps retrying a gateway that fails, counted from the first failure in a row. */
export const DEFAULT_RETRY_BUDGET_MS = 30_000;
/** A gateway that expires the cursor again and again during one pull is broken, not busy. */
const MAX_RELOADS_PER_PULL = 3;

export interface PullDeps {
  gateway: Gateway;
  db: Database;
  log: Logger;
  journal: Journal;
  /** ms since epoch, for the times stored with pages. */
  clock?: () => number;
  /** 1..1000 (the API's limit); default DEFAULT_PAGE_SIZE. */
  pageSize?: number;
  /** Stops between calls and during waits; the pull rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Retry budget for retryable failures in a row (default 30 s); then the last failure is thrown. */
  retryBudgetMs?: number;
  /** Also stop after this many failed attempts in a row (default: only the budget limits). */
  maxAttempts?: number;
  /** [0, 1) for the backoff's jitter. */
  random?: () => number;
  /** Each page once committed (for tasks:changed events and sync:changed status). */
  onPage?: (page: PageApplied & { caughtUp: boolean }) => void;
  /** Where pages are parsed and written (default: on this thread, through deps.db). */
  applier?: PageApplier;
}

export interface PullSummary {
  pages: number;
  /** Tasks inserted or updated. */
  upserts: number;
  /** Cached tasks now cancelled. */
  cancels: number;
  /** Changes that were no-ops: not newer than the cache, or a cancel of a task never cached. */
  unchanged: number;
  /** Times a 410 cursor_expired sent the pull back to the beginning. */
  reloads: number;
  /** Flags raised on tasks cancelled or reassigned under someone's draft or result. */
  flags: number;
}

/**
 * Pulls the change feed until the gateway says hasMore: false. Each page is applied with its cursor
 * in one transaction (SyncRepository.applyChangesPage). A 410 cursor_expired drops the cursor and
 * reloads from the beginning, keeping every draft and result. Retryable failures wait with jittered
 * exponential backoff (Retry-After wins when longer) within the retry budget, then the last
 * GatewayError is thrown. Every call to the gateway leaves one journal row.
 */
const runningByDb = new WeakMap<Database, Promise<PullSummary>>();

/** One pull per database at a time: a second call joins the running one and gets its summary. */
export function pullUntilIdle(deps: PullDeps): Promise<PullSummary> {
  const running = runningByDb.get(deps.db);
  if (running) return running;
  const started = pullLoop(deps).finally(() => {
    runningByDb.delete(deps.db);
  });
  runningByDb.set(deps.db, started);
  return started;
}

type Fetched = { ok: true; request: PageRequest } | { ok: false; error: unknown; durationMs: number };

async function pullLoop(deps: PullDeps): Promise<PullSummary> {
  const clock = deps.clock ?? Date.now;
  const pageSize = deps.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw new RangeError(`pageSize must be 1..1000, got ${pageSize}`);
  const budgetMs = deps.retryBudgetMs ?? DEFAULT_RETRY_BUDGET_MS;
  const maxAttempts = deps.maxAttempts ?? Number.POSITIVE_INFINITY;
  const log = deps.log;
  const sync = deps.db.sync;
  const summary: PullSummary = { pages: 0, upserts: 0, cancels: 0, unchanged: 0, reloads: 0, flags: 0 };

  let cursor = sync.state().cursor;
  let failedSince: number | null = null;
  let failures = 0;
  log.info('pull started', { fromStart: cursor === null });

  const applier = deps.applier ?? inThreadApplier(deps.db);
  /** One call for a page, settled either way (a page asked for ahead may fail while nobody awaits it). */
  const fetchPage = async (from: string | null): Promise<Fetched> => {
    const started = performance.now();
    try {
      const body = await deps.gateway.changesBody(from, pageSize);
      return { ok: true, request: { body, at: new Date(clock()).toISOString(), callMs: performance.now() - started, fromStart: from === null } };
    } catch (error) {
      return { ok: false, error, durationMs: performance.now() - started };
    }
  };
  /** The next page, asked for while the one before it is written (its cursor known once it is parsed). */
  let ahead: Promise<Fetched> | null = null;
  const takeAhead = (): Promise<Fetched> | null => {
    const taken = ahead;
    ahead = null;
    return taken;
  };
  for (;;) {
    deps.signal?.throwIfAborted();
    const fetched = await (takeAhead() ?? fetchPage(cursor));
    let outcome: PageOutcome;
    try {
      if (!fetched.ok) throw fetched.error;
      // Parsed, checked and written with its cursor and journal row where pages are written; a body
      // that is not the contract's page comes back as GatewayError invalid_body, retried below.
      outcome = await applier.apply(fetched.request, (head) => {
        if (head.hasMore) ahead = fetchPage(head.nextCursor);
      });
    } catch (error) {
      // A page asked for ahead of one that was not written is never used: the next call starts again from the cursor.
      ahead = null;
      const durationMs = fetched.ok ? fetched.request.callMs : fetched.durationMs;
      if (!(error instanceof GatewayError)) {
        // The page arrived but was not written (nor its cursor): the pull fails, the admin sees why.
        if (fetched.ok) deps.journal.record({ call: CALL, outcome: 'error', status: 200, durationMs, message: { key: 'pull.notWritten', params: { message: error instanceof Error ? error.message : String(error) } } });
        throw error;
      }
      const failure = error.failure;

      if (failure.kind === 'http' && failure.status === 410 && failure.code === 'cursor_expired' && cursor !== null) {
        summary.reloads++;
        if (summary.reloads > MAX_RELOADS_PER_PULL) {
          deps.journal.record({ call: CALL, outcome: 'error', status: 410, durationMs, message: { key: 'pull.cursorExpiredGivingUp', params: { reloads: summary.reloads } } });
          throw error;
        }
        deps.journal.record({ call: CALL, outcome: 'retry', status: 410, durationMs, message: { key: 'pull.cursorExpired', params: {} } });
        log.warn('cursor expired; reloading from the start', { reloads: summary.reloads });
        sync.clearCursor();
        cursor = null;
        continue;
      }

      // Monotonic: the budget is real time even when the stored times come from an injected clock.
      const now = performance.now();
      failedSince ??= now;
      failures++;
      // The budget is spent to its end: the last wait is cut to what is left, so a short outage
      // inside the budget is always survived. A Retry-After beyond the budget is not cut (the
      // gateway asked not to be called before then): the pull gives up instead.
      const remainingMs = budgetMs - (now - failedSince);
      const retryAfterMs = retryAfterOf(failure);
      const waitMs = Math.min(backoffMs(failures - 1, { random: deps.random }), remainingMs);
      const withinBudget =
        isRetryable(failure) && failures < maxAttempts && remainingMs > 0 && (retryAfterMs === null || retryAfterMs <= remainingMs);
      const delayMs = Math.max(waitMs, retryAfterMs ?? 0);
      deps.journal.record({
        call: CALL,
        outcome: withinBudget ? 'retry' : 'error',
        status: statusOf(failure),
        durationMs,
        message: withinBudget
          ? { key: 'pull.retrying', params: { reason: gatewayFailureMessage(failure), seconds: (delayMs / 1000).toFixed(1) } }
          : { key: 'pull.failed', params: { reason: gatewayFailureMessage(failure) } },
      });
      if (!withinBudget) {
        log.warn('pull failed', { kind: failure.kind, status: statusOf(failure), failures, message: error.message });
        throw error;
      }
      log.info('pull call failed; retrying', { kind: failure.kind, status: statusOf(failure), failures, delayMs });
      await sleepFor(delayMs, undefined, deps.signal ? { signal: deps.signal } : {});
      continue;
    }

    const { applied } = outcome;
    failedSince = null;
    failures = 0;
    cursor = outcome.nextCursor;
    summary.pages++;
    summary.upserts += applied.upserts;
    summary.cancels += applied.cancels;
    summary.unchanged += applied.unchanged;
    summary.flags += applied.flags;
    deps.onPage?.({ ...applied, caughtUp: !outcome.hasMore });
    if (!outcome.hasMore) break;
  }
  log.info('pull finished', { ...summary });
  return summary;
}

function statusOf(failure: GatewayFailure): number | null {
  return 'status' in failure ? failure.status : null;
}

function retryAfterOf(failure: GatewayFailure): number | null {
  return failure.kind === 'http' ? failure.retryAfterMs : null;
}
