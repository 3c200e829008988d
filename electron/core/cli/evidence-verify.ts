import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MAX_BUNDLE_BYTES, sha256Hex } from '../evidence/bundle-format.js';
import { BundleUnreadableError, readBundle } from '../evidence/read-bundle.js';
import { verifyBundle } from '../evidence/verify-bundle.js';
import { EXIT, UsageError, isEntryModule, messageOf, parseCommandLine, writeErr } from './cli-process.js';

function usage(): string {
  return `Usage: npm run --silent evidence:verify -- <bundle.zip>

Checks an evidence bundle exported by the console (no database needed) and prints one JSON line:
{"ok":true,"bundleSha256","resultId","taskId","exportedAt","files","attachments","segment"} when
nothing in it was altered, {"ok":false,"bundleSha256","firstProblem":{"file","kind","message"}} when
something was. The segment's "prevHashOfFirst" and "chainHead" are its anchors: whoever holds the
workstation's audit log finds them there (audit:verify prints the chain's lastHash).

Exit codes: 0 intact; 7 altered; 2 unreadable (not a zip, larger than ${MAX_BUNDLE_BYTES / (1024 * 1024)} MiB,
a zip bomb, an entry name that could escape a folder); 1 failed otherwise; 64 usage.
`;
}

function parseBundleArg(argv: string[]): { bundle: string } | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, strict: true, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
  if (parsed.values.help) return 'help';
  const [bundle, ...rest] = parsed.positionals;
  if (!bundle) throw new UsageError('missing the bundle to verify');
  if (rest.length > 0) throw new UsageError('one bundle at a time');
  return { bundle: path.resolve(bundle) };
}

export function runEvidenceVerify(argv: string[]): number {
  const commandLine = parseCommandLine(() => parseBundleArg(argv), usage);
  if ('exit' in commandLine) return commandLine.exit;
  const { bundle } = commandLine.options;

  let bytes: Buffer;
  let entries: Map<string, Uint8Array>;
  try {
    bytes = readCapped(bundle);
    entries = readBundle(bytes);
  } catch (error) {
    if (!(error instanceof BundleUnreadableError)) throw error;
    writeErr(`无法读取证据包 ${bundle}：${error.message}\nThe evidence bundle ${bundle} cannot be read: ${error.message}`);
    process.stdout.write(`${JSON.stringify({ ok: false, exitCode: EXIT.bundleUnreadable, error: { kind: error.kind, message: error.message } })}\n`);
    return EXIT.bundleUnreadable;
  }
  const bundleSha256 = sha256Hex(bytes);
  const report = verifyBundle(entries);
  if (!report.ok) {
    process.stdout.write(`${JSON.stringify({ ok: false, exitCode: EXIT.evidenceAltered, bundleSha256, firstProblem: report.firstProblem })}\n`);
    const { file, message } = report.firstProblem;
    writeErr(`证据包已被改动（${file}）：${message}\nThe evidence bundle was altered (${file}): ${message}`);
    return EXIT.evidenceAltered;
  }
  process.stdout.write(`${JSON.stringify({ ok: true, bundleSha256, ...report.bundle })}\n`);
  return EXIT.ok;
}

/** The file whole, or unreadable: its size is checked before a byte is read (a bundle is read into memory). */
function readCapped(file: string): Buffer {
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new BundleUnreadableError('cannot_read', `${file} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof BundleUnreadableError) throw error;
    throw new BundleUnreadableError('cannot_read', `cannot read ${file}: ${messageOf(error)}`);
  }
  if (size > MAX_BUNDLE_BYTES) throw new BundleUnreadableError('too_large', `${file} is ${size} bytes; a bundle is at most ${MAX_BUNDLE_BYTES}`);
  return fs.readFileSync(file);
}

if (isEntryModule(import.meta.url)) {
  try {
    process.exitCode = runEvidenceVerify(process.argv.slice(2));
  } catch (error) {
    writeErr(`证据包校验失败：${messageOf(error)}\nevidence verification failed: ${messageOf(error)}`);
    process.exitCode = EXIT.failed;
  }
}
