import { ReadOnlyCache } from '../db/cache-export.js';
import { DatabaseOpenError } from '../db/errors.js';
import { EXIT, isEntryModule, messageOf, parseCommandLine, parseDbOnlyArgs, writeErr } from './cli-process.js';

function usage(): string {
  return `Usage: npm run --silent cache:export -- --db <file>

Prints every task cached in a console database as one JSON object per line, sorted by taskId:
{"taskId","version","status","assignedTo"} (cancelled tasks included). Reads only: the file is
never written, never migrated, and may be read-only on disk.

Exit codes: 0 done; 1 failed otherwise; 2 database refused (not a console database, or a schema
this console does not know); 64 usage.
`;
}

/** Batches lines: one write per few hundred tasks keeps a million-task export quick. */
const BATCH = 512;

export function runCacheExport(argv: string[]): number {
  const commandLine = parseCommandLine(() => parseDbOnlyArgs(argv), usage);
  if ('exit' in commandLine) return commandLine.exit;
  const { options } = commandLine;

  let cache: ReadOnlyCache;
  try {
    cache = ReadOnlyCache.open(options.db);
  } catch (error) {
    if (error instanceof DatabaseOpenError) {
      writeErr(`export refused: ${messageOf(error)}`);
      return EXIT.databaseRefused;
    }
    throw error;
  }
  try {
    let lines: string[] = [];
    for (const task of cache.tasks()) {
      lines.push(JSON.stringify({ taskId: task.taskId, version: task.version, status: task.status, assignedTo: task.assignedTo }));
      if (lines.length >= BATCH) {
        process.stdout.write(`${lines.join('\n')}\n`);
        lines = [];
      }
    }
    if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
    return EXIT.ok;
  } finally {
    cache.close();
  }
}

if (isEntryModule(import.meta.url)) {
  // `| head` closes the pipe early: that is the reader's choice, not a failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    throw error;
  });
  try {
    process.exitCode = runCacheExport(process.argv.slice(2));
  } catch (error) {
    writeErr(`export failed: ${messageOf(error)}`);
    process.exitCode = EXIT.failed;
  }
}
