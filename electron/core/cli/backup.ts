import path from 'node:path';
import { parseArgs } from 'node:util';
import { BackupError, writeBackup } from '../backup/write-backup.js';
import { restoreBackup, RestoreRefused } from '../backup/restore-backup.js';
import { verifyBackup } from '../backup/verify-backup.js';
import { DatabaseInUseError } from '../db/database-lock.js';
import { LATEST_SCHEMA_VERSION } from '../db/migrations/index.js';
import { EXIT, UsageError, isEntryModule, messageOf, parseCommandLine, writeErr } from './cli-process.js';

export const DEFAULT_KEEP = 7;

function usage(): string {
  return `Usage:
  npm run --silent backup -- create --data <data folder> --to <backup folder> [--keep N]
  npm run --silent backup -- verify <backup>
  npm run --silent backup -- restore --data <data folder> --from <backup>

create   copies the console's databases (SQLite online backup, consistent while the console runs
         and syncs) and attachment files into <backup folder>/console-backup-<UTC time>/ with a
         manifest of sha256 hashes, verifies the copy, then keeps the newest N backups there
         (default ${DEFAULT_KEEP}). Prints {"ok":true,"folder","bytes","files","removed"}.
verify   checks a backup without changing it: manifest, every file's size and sha256, no file added,
         each database's integrity, a console database of a schema this app knows.
restore  verifies the backup, then, with the console stopped, moves the data folder's databases and
         attachments to <data folder>/replaced-<UTC time>/ and copies the backup in. The console's
         next start migrates an older backup forward. Prints {"ok":true,"restoredFrom","keptAside"}.

Exit codes: 0 done; 7 the backup does not verify (altered, missing or added files, corrupt, not a
console backup, newer than this app: {"ok":false,"problem":{"kind","file","message"}}); 6 the console
(or another console process) is running on the data folder; 1 failed otherwise; 64 usage.
`;
}

type Command =
  | { readonly command: 'create'; readonly data: string; readonly to: string; readonly keep: number }
  | { readonly command: 'verify'; readonly backup: string }
  | { readonly command: 'restore'; readonly data: string; readonly from: string };

function parse(argv: string[]): Command | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { data: { type: 'string' }, to: { type: 'string' }, from: { type: 'string' }, keep: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [command, ...rest] = positionals;
  const need = (value: string | undefined, flag: string): string => {
    if (!value) throw new UsageError(`${command ?? ''} needs ${flag}`);
    return path.resolve(value);
  };
  if (command === 'create' && rest.length === 0) {
    const keep = values.keep === undefined ? DEFAULT_KEEP : Number(values.keep);
    if (!Number.isInteger(keep) || keep < 1 || keep > 365) throw new UsageError('--keep is a whole number from 1 to 365');
    return { command, data: need(values.data, '--data'), to: need(values.to, '--to'), keep };
  }
  if (command === 'verify' && rest.length === 1) return { command, backup: need(rest[0], 'the backup folder') };
  if (command === 'restore' && rest.length === 0) return { command, data: need(values.data, '--data'), from: need(values.from, '--from') };
  throw new UsageError(command === undefined ? 'missing the command: create, verify or restore' : `cannot run "${[command, ...rest].join(' ')}"`);
}

const print = (line: object): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

export async function runBackup(argv: string[], now = Date.now()): Promise<number> {
  const commandLine = parseCommandLine(() => parse(argv), usage);
  if ('exit' in commandLine) return commandLine.exit;
  const options = commandLine.options;
  try {
    if (options.command === 'create') {
      const appVersion = process.env.npm_package_version ?? 'unknown';
      const report = await writeBackup({ dataDir: options.data, targetRoot: options.to, appVersion, latestSchema: LATEST_SCHEMA_VERSION, now, keep: options.keep });
      print({ ok: true, folder: report.folder, bytes: report.bytes, files: report.manifest.files.length, removed: report.removed });
      return EXIT.ok;
    }
    if (options.command === 'verify') {
      const check = await verifyBackup(options.backup, LATEST_SCHEMA_VERSION);
      if (check.ok) {
        print({ ok: true, folder: options.backup, createdAt: check.manifest.createdAt, appVersion: check.manifest.appVersion, files: check.manifest.files.length });
        return EXIT.ok;
      }
      return refused(check.problem);
    }
    const report = await restoreBackup({ from: options.from, dataDir: options.data, latestSchema: LATEST_SCHEMA_VERSION, now });
    print({ ok: true, restoredFrom: report.restoredFrom, keptAside: report.keptAside });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof RestoreRefused || error instanceof BackupError) return refused(error.problem);
    if (error instanceof DatabaseInUseError) {
      writeErr(`${error.messageZh}\n${error.message}`);
      print({ ok: false, exitCode: EXIT.databaseInUse, error: { kind: 'in_use', message: error.message } });
      return EXIT.databaseInUse;
    }
    throw error;
  }
}

function refused(problem: { kind: string; file?: string; message: string }): number {
  writeErr(`备份未通过校验（${problem.kind}）：${problem.message}\nThe backup does not verify (${problem.kind}): ${problem.message}`);
  print({ ok: false, exitCode: EXIT.backupRefused, problem });
  return EXIT.backupRefused;
}

if (isEntryModule(import.meta.url)) {
  runBackup(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      writeErr(`备份命令失败：${messageOf(error)}\nbackup failed: ${messageOf(error)}`);
      process.exitCode = EXIT.failed;
    },
  );
}
