import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Plumbing shared by the headless commands: they are entry points, so stdout carries their result
 * (one JSON line per record), stderr a person's message, and the exit code what scripts branch on.
 */
export class UsageError extends Error {}

/** Exit codes the admin guide and scripts rely on. */
export const EXIT = {
  ok: 0,
  failed: 1,
  databaseRefused: 2,
  credentialsRefused: 3,
  gatewayUnreachable: 4,
  /** sync: caught up, but results that could be sent still wait in the outbox after the retry budget. */
  resultsWaiting: 5,
  /** Another console process (desktop, headless host, sync) holds the database; try again after it. */
  databaseInUse: 6,
  /** audit:verify: the audit log's hash chain is broken (an entry edited, removed, inserted or reordered). */
  auditChainBroken: 7,
  /** evidence:verify: the bundle was altered (a file changed, missing or added, the audit segment broken). Same code as a broken chain. */
  evidenceAltered: 7,
  /** evidence:verify: not a bundle at all (not a zip, too large, an unsafe entry name). Same code as a refused database. */
  bundleUnreadable: 2,
  /** backup: the backup does not verify (altered, corrupt, not a console backup, newer than the app). Same code as an altered bundle. */
  backupRefused: 7,
  usage: 64,
} as const;

export function writeErr(message: string): void {
  process.stderr.write(message.endsWith('\n') ? message : `${message}\n`);
}

/** One line, whatever the error: the admin reads it in a terminal or a service log. */
export function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
}

/**
 * The command line parsed, or the exit code when there is nothing to run: `--help` prints the
 * usage (0), a usage error prints the reason and the usage (64).
 */
export function parseCommandLine<T>(parse: () => T | 'help', usage: () => string): { options: T } | { exit: number } {
  try {
    const parsed = parse();
    if (parsed !== 'help') return { options: parsed };
    process.stdout.write(usage());
    return { exit: EXIT.ok };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    writeErr(`${error.message}\n\n${usage()}`);
    return { exit: EXIT.usage };
  }
}

/** True when `moduleUrl` is the script node was started with (not imported by a test). */
export function isEntryModule(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return pathToFileURL(fs.realpathSync(entry)).href === pathToFileURL(fs.realpathSync(fileURLToPath(moduleUrl))).href;
  } catch {
    return false;
  }
}

/** The command line of the commands that take only `--db <file>` (cache:export, audit:verify). */
export function parseDbOnlyArgs(argv: string[]): { db: string } | 'help' {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
  if (values.help) return 'help';
  if (!values.db) throw new UsageError('missing --db');
  return { db: path.resolve(values.db) };
}
