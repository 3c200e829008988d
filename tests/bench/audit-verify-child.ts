import { performance } from 'node:perf_hooks';
import { verifyChain } from '../../electron/core/audit/verify.js';
import { ReadOnlyAuditLog } from '../../electron/core/db/audit-read-only.js';

/**
 * The audit benchmark's verification, in a process of its own so that its peak RSS is the
 * verifier's (plus Node's), not the benchmark's build. Same path as `audit:verify`: the read-only
 * snapshot, then the chunked walk. Prints one JSON line.
 */
const file = process.argv[2];
if (!file) throw new Error('usage: audit-verify-child.ts <database>');
const rssAtStartMb = process.memoryUsage().rss / 2 ** 20;
const started = performance.now();
const log = ReadOnlyAuditLog.open(file);
const opened = performance.now();
const report = verifyChain(log.entries);
const walked = performance.now();
log.close();
process.stdout.write(
  `${JSON.stringify({
    ok: report.ok,
    entries: report.entries,
    openMs: opened - started,
    walkMs: walked - opened,
    totalMs: walked - started,
    rssAtStartMb,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
