import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { AttachmentStore } from '../attachments/attachment-store.js';
import { DatabaseOpenError, openDatabase, type Database } from '../db/connection.js';
import { DatabaseInUseError } from '../db/database-lock.js';
import { createLogger, fileSink, type LogSink } from '../log.js';
import { GatewayError, isRetryable } from '../sync/gateway.js';
import { GatewayClient } from '../sync/gateway-client.js';
import { SyncJournal } from '../sync/journal.js';
import { pullUntilIdle, type PullSummary } from '../sync/pull.js';
import { gatewayIdentity } from '../db/gateway-identity.js';
import { drainOutbox, type PushDeps, type PushSummary } from '../sync/push.js';
import { refreshReference } from '../sync/reference-refresh.js';
import { checkGatewayUrl, withoutUserInfo } from '../../../shared/domain/gateway-url.js';
import { EXIT, UsageError, isEntryModule, messageOf, parseCommandLine, writeErr } from './cli-process.js';
import { PASSWORD_ENV, resolvePassword } from './password-source.js';

const DEFAULT_RETRY_BUDGET_S = 30;

function usage(): string {
  return `Usage: npm run --silent sync -- --gateway <url> --operator <id> --password-file <file> --db <file> --until-idle [options]

Syncs a console database with the single window once, with the code the console runs: signs in,
pulls task changes until caught up, refreshes the reference data (checklists, finding codes, sites;
a failure there is journalled and changes no exit code), sends the results waiting in the outbox, then prints one line
of JSON to stdout and exits. Logs go to <folder of the db>/logs/sync.log.

  --gateway <url>          the gateway's address (the API lives under <url>/v1): https://, or http:// to
                           127.0.0.1 or [::1] only; no user name or password in it
  --operator <id>          operator to sign in as
  --password-file <file>   a file holding that operator's password, readable by its owner only (chmod 600)
                           (or: the environment variable ${PASSWORD_ENV}; or --password <pw>, the least
                           safe way: any user of the machine can read it in ps; give exactly one of the three)
  --db <file>              the console database (created if missing; migrated after a backup)
  --until-idle             pull until caught up and drain the outbox, then exit (required)
  --retry-budget <s>       how long to keep retrying an unreachable or failing gateway, and results whose
                           sending failed (default ${DEFAULT_RETRY_BUDGET_S})
  --workstation <id>       workstation id for the sign-in (default: sync-cli-<hostname>)
  --help                   show this text

Exit codes: 0 caught up and nothing that could be sent is left in the outbox (conflicts and
rejections are the inspector's to resolve: counted in the JSON line, still 0); 1 failed otherwise;
2 database refused (file untouched); 3 sign-in refused; 4 gateway unreachable within the retry budget;
5 caught up, but results still wait in the outbox after the retry budget;
6 database in use by another console process (desktop, headless host, sync); 64 usage.
`;
}

export interface SyncCliOptions {
  gateway: string;
  operator: string;
  password: string;
  db: string;
  retryBudgetMs: number;
  workstation: string;
}

export function parseSyncArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): SyncCliOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        gateway: { type: 'string' },
        operator: { type: 'string' },
        password: { type: 'string' },
        'password-file': { type: 'string' },
        db: { type: 'string' },
        'until-idle': { type: 'boolean' },
        'retry-budget': { type: 'string' },
        workstation: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
  if (values.help) return 'help';
  const missing = (['gateway', 'operator', 'db'] as const).filter((name) => !values[name]);
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((name) => `--${name}`).join(', ')}`);
  // The only mode so far; named so that a later one (a watching sync) does not change this one.
  if (!values['until-idle']) throw new UsageError('--until-idle is required (the only mode: sync once until caught up, then exit)');
  const budget = values['retry-budget'] === undefined ? DEFAULT_RETRY_BUDGET_S : Number(values['retry-budget']);
  if (!Number.isFinite(budget) || budget < 0 || budget > 86_400) throw new UsageError(`--retry-budget must be 0..86400 seconds, got ${values['retry-budget'] ?? ''}`);
  const gateway = values.gateway ?? '';
  const checked = checkGatewayUrl(gateway);
  // The address is echoed without its user info: a secret in it must not reach a terminal or a log.
  if (!checked.ok) throw new UsageError(`--gateway: ${checked.message}, got ${withoutUserInfo(gateway)}`);
  const password = resolvePassword({ flag: values.password, file: values['password-file'], env: env[PASSWORD_ENV] });
  return {
    gateway,
    operator: values.operator ?? '',
    password,
    db: path.resolve(values.db ?? ''),
    retryBudgetMs: Math.round(budget * 1000),
    workstation: values.workstation ?? `sync-cli-${os.hostname()}`,
  };
}

export interface SyncCliSummary {
  /** True exactly when the exit code is 0. */
  ok: boolean;
  exitCode: number;
  pulled: PullSummary;
  /** This run's answers; `queued`: results for this gateway and operator still in the outbox. */
  pushed: { delivered: number; conflicts: number; rejected: number; waiting: number; retried: number; queued: number };
  /** Results for this gateway and operator that wait for the inspector (all of them, not only this run's). */
  unresolved: { conflict: number; rejected: number; waitingAttachment: number };
  /** Queued results made for another gateway or for training: never sent by this command. */
  queuedForOtherGateways: number;
  tasks: number;
  /** The reference data cached after the run (null: none yet), and whether this run's fetch of it succeeded (a failure changes no exit code). */
  referenceVersion: string | null;
  referenceRefreshed: boolean;
  cursor: 'set' | 'none';
  caughtUp: boolean;
  durationMs: number;
}

/** Runs the command; returns the exit code. Writes its JSON line to stdout and messages to stderr. */
export async function runSyncCli(argv: string[], signal?: AbortSignal): Promise<number> {
  const started = performance.now();
  const commandLine = parseCommandLine(() => parseSyncArgs(argv), usage);
  if ('exit' in commandLine) return commandLine.exit;
  const { options } = commandLine;

  const fail: Fail = (code, kind, message, after = {}) => {
    writeErr(message);
    process.stdout.write(`${JSON.stringify({ ok: false, exitCode: code, error: { kind, message }, ...after, durationMs: Math.round(performance.now() - started) })}\n`);
    return code;
  };

  // The log file is created on the first line written: a refused database leaves its folder as it was.
  const log = createLogger(lazyFileSink(path.join(path.dirname(options.db), 'logs', 'sync.log')), { subsystem: 'cli.sync' });
  let db: Database;
  try {
    db = openDatabase(options.db, { log: log.child('db'), lock: 'sync-command' });
  } catch (error) {
    if (error instanceof DatabaseInUseError) return fail(EXIT.databaseInUse, 'database_in_use', `sync not started: ${messageOf(error)}`);
    if (error instanceof DatabaseOpenError) return fail(EXIT.databaseRefused, 'database', `sync not started: ${messageOf(error)}`);
    throw error;
  }

  try {
    const sync = db.sync;
    const journal = new SyncJournal(sync, log.child('journal'));
    const gateway = new GatewayClient({
      baseUrl: options.gateway,
      credentials: { operatorId: options.operator, password: options.password, workstationId: options.workstation },
      log: log.child('gateway'),
      journal,
    });
    // Same rule as the console: a cursor from another gateway means nothing to this one.
    const hadCursor = sync.state().cursor !== null;
    if (sync.bindCursor(options.gateway) && hadCursor) log.info('the cursor belongs to another gateway; pulling from the start', { gateway: gateway.baseUrl });
    log.info('sync started', { gateway: gateway.baseUrl, operatorId: options.operator, retryBudgetMs: options.retryBudgetMs });

    let pulled: PullSummary | null = null;
    let pullFailure: { error: unknown } | null = null;
    try {
      pulled = await pullUntilIdle({ gateway, db, log: log.child('pull'), journal, retryBudgetMs: options.retryBudgetMs, ...(signal ? { signal } : {}) });
    } catch (error) {
      pullFailure = { error };
    }
    // A failed pull does not keep results from going out (the feed may fail while results are taken),
    // except after a refused sign-in (another attempt with the same password brings the account
    // closer to its lockout) or an interruption.
    if (pullFailure && !pushAfterFailedPull(pullFailure.error)) return failPull(pullFailure.error, options, fail);

    // As in the console's cycle: a failure is journalled and fails neither the pull nor the push.
    const reference = pulled ? await refreshReference({ gateway, reference: sync.reference, journal, log: log.child('reference') }) : null;

    const identity = gatewayIdentity(options.gateway, options.operator);
    const pushed = await drainWithinBudget(
      {
        gateway,
        // Only results made for this gateway and operator go out (a training result never does).
        gatewayIdentity: identity,
        db,
        attachments: new AttachmentStore(path.dirname(options.db)),
        log: log.child('push'),
        journal,
        clock: Date.now,
        ...(signal ? { signal } : {}),
      },
      options.retryBudgetMs,
    );

    const state = sync.state();
    const mine = db.results.counts(identity);
    const queuedEverywhere = db.results.counts().queued;
    const pushedSummary = {
      delivered: pushed.delivered,
      conflicts: pushed.conflicts,
      rejected: pushed.rejected,
      waiting: pushed.waiting,
      retried: pushed.retried,
      queued: mine.queued,
    };
    const unresolved = { conflict: mine.conflict, rejected: mine.rejected, waitingAttachment: mine.waiting_attachment };
    if (!pulled) return failPull(pullFailure?.error, options, fail, { pushed: pushedSummary, unresolved });
    // 0 only when caught up with nothing sendable left; conflicts, rejections and missing files wait
    // for the inspector (reported below), they are not the command's failure.
    const exitCode = !state.caughtUp ? EXIT.failed : mine.queued > 0 ? EXIT.resultsWaiting : EXIT.ok;
    const summary: SyncCliSummary = {
      ok: exitCode === EXIT.ok,
      exitCode,
      pulled,
      pushed: pushedSummary,
      unresolved,
      queuedForOtherGateways: queuedEverywhere - mine.queued,
      tasks: db.tasks.totalCount(),
      referenceVersion: sync.state().referenceVersion,
      referenceRefreshed: reference !== null && reference.outcome !== 'failed',
      cursor: state.cursor === null ? 'none' : 'set',
      caughtUp: state.caughtUp,
      durationMs: Math.round(performance.now() - started),
    };
    log.info('sync finished', { ...summary });
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    if (exitCode === EXIT.resultsWaiting) {
      writeErr(`caught up, but ${mine.queued} result(s) still wait in the outbox after the retry budget of ${options.retryBudgetMs / 1000} s; see ${path.join(path.dirname(options.db), 'logs', 'sync.log')}`);
    } else if (exitCode === EXIT.failed) {
      writeErr('the pull ended before the change feed was caught up');
    }
    return exitCode;
  } finally {
    db.close();
  }
}

/**
 * Drains the outbox, then again each time a result that failed is due, while that is within the
 * retry budget (counted from the first drain). What still waits after it is the caller's exit 5.
 */
async function drainWithinBudget(deps: PushDeps, retryBudgetMs: number): Promise<PushSummary> {
  const deadline = Date.now() + retryBudgetMs;
  // The run was asked for: every waiting result is tried once now, whatever its backoff.
  const total: PushSummary = await drainOutbox({ ...deps, dueBy: Number.MAX_SAFE_INTEGER });
  for (;;) {
    if (deps.signal?.aborted) break;
    const next = deps.db.results.nextOutboxAttemptAt(deps.gatewayIdentity);
    if (next === null || next > deadline) break;
    await sleep(Math.max(0, next - Date.now()), deps.signal);
    const round = await drainOutbox(deps);
    total.delivered += round.delivered;
    total.replays += round.replays;
    total.conflicts += round.conflicts;
    total.rejected += round.rejected;
    total.waiting += round.waiting;
    total.retried += round.retried;
    total.tasksChanged.push(...round.tasksChanged);
    // A round that sent nothing (a row due but not sendable) would only spin until the deadline.
    if (round.delivered + round.conflicts + round.rejected + round.waiting + round.retried === 0) break;
  }
  return total;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Prints the failure's JSON line (with what the push did, when it ran) and gives the exit code. */
type Fail = (code: number, kind: string, message: string, after?: Record<string, unknown>) => number;

function pushAfterFailedPull(error: unknown): boolean {
  if (error instanceof GatewayError) return error.failure.kind !== 'credentials';
  return !(error instanceof Error && error.name === 'AbortError');
}

function failPull(error: unknown, options: SyncCliOptions, fail: Fail, after?: Record<string, unknown>): number {
  if (error instanceof GatewayError) {
    const failure = error.failure;
    if (failure.kind === 'credentials') {
      return fail(EXIT.credentialsRefused, failure.kind, `sign-in refused: ${failure.message} (check --operator and the password)`, after);
    }
    if (isRetryable(failure)) {
      const budget = `the retry budget of ${options.retryBudgetMs / 1000} s`;
      const what = failure.kind === 'transport' || failure.kind === 'timeout' ? `could not be reached within ${budget}` : `kept failing for ${budget}`;
      return fail(EXIT.gatewayUnreachable, failure.kind, `the gateway at ${options.gateway} ${what}: ${failure.message}`, after);
    }
    return fail(EXIT.failed, failure.kind, `the pull failed: ${failure.message}`, after);
  }
  if (error instanceof Error && error.name === 'AbortError') return fail(EXIT.failed, 'interrupted', 'sync interrupted; what was pulled so far is kept', after);
  return fail(EXIT.failed, 'internal', `sync failed: ${messageOf(error)}`, after);
}

/** A file sink opened on first use; a log that cannot be written is given up, never fatal. */
function lazyFileSink(file: string): LogSink {
  let sink: LogSink | null = null;
  let broken = false;
  return {
    write(line) {
      if (broken) return;
      try {
        sink ??= fileSink(file);
        sink.write(line);
      } catch {
        broken = true;
      }
    },
  };
}

if (isEntryModule(import.meta.url)) {
  const controller = new AbortController();
  const stop = (): void => {
    controller.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  runSyncCli(process.argv.slice(2), controller.signal)
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      writeErr(`sync failed: ${messageOf(error)}`);
      process.exitCode = EXIT.failed;
    })
    .finally(() => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    });
}
