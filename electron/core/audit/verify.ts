import { GENESIS_HASH, entryHash, type ChainedFields } from './chain.js';

/**
 * Walks the audit chain in the order rows were written (rowid), a chunk at a time so memory stays
 * flat whatever the log's length, and stops at the first broken link. What each problem means:
 * - gap: an entry is missing (the walk went from seq n to n+2, and no n+1 exists anywhere);
 * - reordered: entries are out of order (n+1 exists, but was stored after a later one, or a seq
 *   comes again);
 * - prev_hash_mismatch: the entry does not chain to the one stored before it (one was inserted, or
 *   the previous one was edited and given a new hash);
 * - hash_mismatch: the entry's fields do not give its stored hash (it was edited);
 * - malformed: a field does not have the type the log writes.
 * Not detectable from the file alone: entries removed from the end, or a log rewritten from some
 * point on with every hash recomputed. An anchor kept elsewhere (the last hash, `lastHash`) catches
 * both.
 */
export type ChainProblem = 'gap' | 'reordered' | 'prev_hash_mismatch' | 'hash_mismatch' | 'malformed';

export interface BrokenLink {
  /** The seq of the row where the walk stopped (null when even that is unreadable). */
  seq: number | null;
  /** The seq the chain needed at that point. */
  expectedSeq: number;
  problem: ChainProblem;
  message: string;
}

export interface ChainReport {
  ok: boolean;
  /** Rows in the log. */
  entries: number;
  /** Rows checked before the walk stopped (all of them when ok). */
  checked: number;
  /** The head of an intact chain, to anchor elsewhere; null for an empty or broken one. */
  lastSeq: number | null;
  lastHash: string | null;
  firstBroken?: BrokenLink;
}

/**
 * A row as stored: [rowid, seq, at, actor, action, task_id, details, prev_hash, hash], typed
 * unknown because the file may have been edited by anything.
 */
export type StoredAuditRow = readonly unknown[];

/** Where the rows come from (the db layer's audit repository); no SQL here. */
export interface ChainSource {
  /** Up to `limit` rows with rowid > afterRowid, in rowid order. */
  rowsAfter(afterRowid: number, limit: number): readonly StoredAuditRow[];
  hasSeq(seq: number): boolean;
  count(): number;
}

export interface VerifyOptions {
  /** Rows read per query: bounds memory; 4096 rows is well under a megabyte of typical entries. */
  chunkSize?: number;
}

/** Where a walk of the chain stands: the next row to read and what it must chain to. */
export interface ChainPosition {
  readonly afterRowid: number;
  readonly expectedSeq: number;
  readonly prevHash: string;
  readonly checked: number;
}

export const CHAIN_START: ChainPosition = { afterRowid: Number.MIN_SAFE_INTEGER, expectedSeq: 1, prevHash: GENESIS_HASH, checked: 0 };

export type ChainStep = { kind: 'walked'; position: ChainPosition; atEnd: boolean } | { kind: 'broken'; report: ChainReport };

/**
 * Checks at most `maxRows` rows from `from` (a chunk at a time), so a long chain can be walked in
 * slices between other work, or an intact prefix extended by the rows appended since.
 */
export function walkChain(source: ChainSource, from: ChainPosition, maxRows: number, chunkSize = 4096): ChainStep {
  let { afterRowid, expectedSeq, prevHash, checked } = from;
  let budget = maxRows;
  while (budget > 0) {
    const want = Math.min(chunkSize, budget);
    const rows = source.rowsAfter(afterRowid, want);
    for (const row of rows) {
      const parsed = parseRow(row);
      if (typeof parsed === 'string') return brokenStep(source, checked, { seq: seqOf(row), expectedSeq, problem: 'malformed', message: parsed });
      const { rowid, fields, storedPrev, storedHash } = parsed;
      if (fields.seq !== expectedSeq) {
        const reordered = fields.seq < expectedSeq || source.hasSeq(expectedSeq);
        return brokenStep(source, checked, {
          seq: fields.seq,
          expectedSeq,
          problem: reordered ? 'reordered' : 'gap',
          message: reordered
            ? `entry ${fields.seq} is stored where entry ${expectedSeq} should be: the log was reordered`
            : `entry ${expectedSeq} is missing: the log goes from ${expectedSeq - 1} to ${fields.seq}`,
        });
      }
      if (storedPrev !== prevHash) {
        return brokenStep(source, checked, {
          seq: fields.seq,
          expectedSeq,
          problem: 'prev_hash_mismatch',
          message: `entry ${fields.seq} does not chain to the entry before it (an entry was inserted, or the previous one rewritten)`,
        });
      }
      if (entryHash(storedPrev, fields) !== storedHash) {
        return brokenStep(source, checked, {
          seq: fields.seq,
          expectedSeq,
          problem: 'hash_mismatch',
          message: `entry ${fields.seq} does not match its hash: it was changed after it was written`,
        });
      }
      prevHash = storedHash;
      expectedSeq += 1;
      checked += 1;
      afterRowid = rowid;
    }
    budget -= rows.length;
    if (rows.length < want) return { kind: 'walked', position: { afterRowid, expectedSeq, prevHash, checked }, atEnd: true };
  }
  return { kind: 'walked', position: { afterRowid, expectedSeq, prevHash, checked }, atEnd: false };
}

/** The report of an intact walk that reached the end. */
export function intactReport(position: ChainPosition): ChainReport {
  const { checked } = position;
  return { ok: true, entries: checked, checked, lastSeq: checked === 0 ? null : checked, lastHash: checked === 0 ? null : position.prevHash };
}

export function verifyChain(source: ChainSource, options: VerifyOptions = {}): ChainReport {
  let position = CHAIN_START;
  for (;;) {
    const step = walkChain(source, position, Number.MAX_SAFE_INTEGER, options.chunkSize);
    if (step.kind === 'broken') return step.report;
    position = step.position;
    if (step.atEnd) return intactReport(position);
  }
}

function brokenStep(source: ChainSource, checked: number, link: BrokenLink): ChainStep {
  return { kind: 'broken', report: broken(source, checked, link) };
}

function broken(source: ChainSource, checked: number, link: BrokenLink): ChainReport {
  return { ok: false, entries: source.count(), checked, lastSeq: null, lastHash: null, firstBroken: link };
}

interface ParsedRow {
  rowid: number;
  fields: ChainedFields;
  storedPrev: string;
  storedHash: string;
}

/** The row's fields with their types checked, or why they are not what the log writes. */
function parseRow(row: StoredAuditRow): ParsedRow | string {
  const [rowid, seq, at, actor, action, taskId, details, storedPrev, storedHash] = row;
  if (!Number.isSafeInteger(rowid) || !Number.isSafeInteger(seq)) return 'an entry has a rowid or seq that is not an integer';
  const where = `entry ${String(seq)}`;
  if (typeof at !== 'string' || typeof actor !== 'string' || typeof action !== 'string' || typeof details !== 'string') {
    return `${where}: time, actor, action or details is not text`;
  }
  if (taskId !== null && typeof taskId !== 'string') return `${where}: task id is neither text nor empty`;
  // Their form needs no check of its own: each is compared with a hash computed here.
  if (typeof storedPrev !== 'string' || typeof storedHash !== 'string') return `${where}: prev_hash or hash is not text`;
  return {
    rowid: rowid as number,
    fields: { seq: seq as number, at, actor, action, taskId, details },
    storedPrev,
    storedHash,
  };
}

function seqOf(row: StoredAuditRow): number | null {
  const seq = row[1];
  return Number.isSafeInteger(seq) ? (seq as number) : null;
}
