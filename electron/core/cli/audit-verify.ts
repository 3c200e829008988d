import { verifyChain } from '../audit/verify.js';
import { ReadOnlyAuditLog } from '../db/audit-read-only.js';
import { DatabaseOpenError } from '../db/errors.js';
import { EXIT, isEntryModule, messageOf, parseCommandLine, parseDbOnlyArgs, writeErr } from './cli-process.js';

function usage(): string {
  return `Usage: npm run --silent audit:verify -- --db <file>

Checks the hash chain of a console database's audit log and prints one JSON line:
{"ok","entries","lastHash","durationMs"} when it is intact, with "firstBroken":{"seq","expectedSeq",
"problem","message"} naming the first broken link when it is not (problem: gap, reordered,
prev_hash_mismatch, hash_mismatch, malformed). Reads only: the file is never written or migrated.
Keep "lastHash" somewhere else: entries removed from the end of the log are caught only by
comparing it.

Exit codes: 0 intact; 7 broken chain; 1 failed otherwise; 2 database refused (not a console
database, no audit log yet, or a schema this console does not know); 64 usage.
`;
}

export function runAuditVerify(argv: string[]): number {
  const commandLine = parseCommandLine(() => parseDbOnlyArgs(argv), usage);
  if ('exit' in commandLine) return commandLine.exit;
  const { options } = commandLine;
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);

  let log: ReadOnlyAuditLog;
  try {
    log = ReadOnlyAuditLog.open(options.db);
  } catch (error) {
    if (!(error instanceof DatabaseOpenError)) throw error;
    writeErr(`audit verification refused: ${messageOf(error)}`);
    process.stdout.write(`${JSON.stringify({ ok: false, exitCode: EXIT.databaseRefused, error: { kind: error.problem, message: messageOf(error) }, durationMs: durationMs() })}\n`);
    return EXIT.databaseRefused;
  }
  try {
    const report = verifyChain(log.entries);
    const line = report.firstBroken
      ? { ok: false, entries: report.entries, firstBroken: report.firstBroken, durationMs: durationMs() }
      : { ok: true, entries: report.entries, lastHash: report.lastHash, durationMs: durationMs() };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    if (report.firstBroken) {
      writeErr(`the audit log is broken at entry ${report.firstBroken.seq ?? '?'}: ${report.firstBroken.message}`);
      return EXIT.auditChainBroken;
    }
    return EXIT.ok;
  } finally {
    log.close();
  }
}

if (isEntryModule(import.meta.url)) {
  try {
    process.exitCode = runAuditVerify(process.argv.slice(2));
  } catch (error) {
    writeErr(`audit verification failed: ${messageOf(error)}`);
    process.exitCode = EXIT.failed;
  }
}
