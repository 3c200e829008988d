import { strFromU8 } from 'fflate';
import type { z } from 'zod';
import { resultSubmissionSchema } from '../../../shared/contract/gateway.js';
import { GENESIS_HASH, entryHash } from '../audit/chain.js';
import {
  ATTACHMENTS_PREFIX,
  MANIFEST_PATH,
  RESULT_PATH,
  SEGMENT_PATH,
  attachmentPath,
  manifestSchema,
  segmentSchema,
  sha256Hex,
  type Manifest,
  type Segment,
} from './bundle-format.js';

/**
 * What an altered bundle shows first:
 * - missing_file / extra_file: a file the manifest lists is not in the zip, or the zip holds one it does not list;
 * - size_mismatch / hash_mismatch: a file's bytes are not the ones the manifest lists;
 * - malformed: a JSON file does not parse or does not have the bundle's shape;
 * - inconsistent: the files disagree (ids, a result's attachment missing or different, an attachment
 *   the result does not reference);
 * - chain_order / chain_hash / chain_link: the audit segment's entries are out of order, do not match
 *   their hashes, or do not link where the chain says they must (to the genesis, to each other when
 *   adjacent, to the head).
 */
export type AlterationKind =
  | 'missing_file'
  | 'extra_file'
  | 'size_mismatch'
  | 'hash_mismatch'
  | 'malformed'
  | 'inconsistent'
  | 'chain_order'
  | 'chain_hash'
  | 'chain_link';

export interface Alteration {
  file: string;
  kind: AlterationKind;
  message: string;
}

export interface IntactBundle {
  resultId: string;
  taskId: string;
  exportedAt: string;
  files: number;
  attachments: number;
  /** The segment's entries, their first and last seq, and the anchors to compare with the workstation's chain. */
  segment: { entries: number; firstSeq: number | null; lastSeq: number | null; prevHashOfFirst: string | null; chainHead: Segment['chainHead'] };
}

export type BundleReport = { ok: true; bundle: IntactBundle } | { ok: false; firstProblem: Alteration };

class Altered extends Error {
  constructor(readonly alteration: Alteration) {
    super(alteration.message);
  }
}

const alter = (file: string, kind: AlterationKind, message: string): Altered => new Altered({ file, kind, message });

/** Checks a bundle's entries (read-bundle.ts) against its manifest, its result and its audit segment; stops at the first problem. */
export function verifyBundle(entries: ReadonlyMap<string, Uint8Array>): BundleReport {
  try {
    return { ok: true, bundle: check(entries) };
  } catch (error) {
    if (error instanceof Altered) return { ok: false, firstProblem: error.alteration };
    throw error;
  }
}

function check(entries: ReadonlyMap<string, Uint8Array>): IntactBundle {
  const manifest = parseJson(entries, MANIFEST_PATH, manifestSchema);
  checkFiles(entries, manifest);
  const result = parseJson(entries, RESULT_PATH, resultSubmissionSchema);
  if (result.resultId !== manifest.resultId) {
    throw alter(RESULT_PATH, 'inconsistent', `result.json is result ${result.resultId}, the manifest says ${manifest.resultId}`);
  }
  checkAttachments(manifest, result);
  const segment = parseJson(entries, SEGMENT_PATH, segmentSchema);
  checkSegment(segment, manifest.taskId);
  const first = segment.entries[0];
  const last = segment.entries.at(-1);
  return {
    resultId: manifest.resultId,
    taskId: manifest.taskId,
    exportedAt: manifest.exportedAt,
    files: manifest.files.length + 1,
    attachments: manifest.files.filter((file) => file.path.startsWith(ATTACHMENTS_PREFIX)).length,
    segment: {
      entries: segment.entries.length,
      firstSeq: first?.seq ?? null,
      lastSeq: last?.seq ?? null,
      prevHashOfFirst: first?.prevHash ?? null,
      chainHead: segment.chainHead,
    },
  };
}

/** Every listed file present with its size and hash, nothing unlisted, the three fixed files listed. */
function checkFiles(entries: ReadonlyMap<string, Uint8Array>, manifest: Manifest): void {
  const listed = new Set<string>();
  for (const file of manifest.files) {
    if (listed.has(file.path) || file.path === MANIFEST_PATH) throw alter(MANIFEST_PATH, 'malformed', `the manifest lists ${file.path} twice`);
    listed.add(file.path);
    const body = entries.get(file.path);
    if (!body) throw alter(file.path, 'missing_file', `${file.path} is listed in the manifest but not in the bundle`);
    if (body.byteLength !== file.bytes) throw alter(file.path, 'size_mismatch', `${file.path} has ${body.byteLength} bytes, the manifest says ${file.bytes}`);
    const actual = sha256Hex(body);
    if (actual !== file.sha256) throw alter(file.path, 'hash_mismatch', `${file.path} hashes to ${actual}, the manifest says ${file.sha256}`);
    if (file.path.startsWith(ATTACHMENTS_PREFIX) && file.path !== attachmentPath(file.sha256)) {
      throw alter(file.path, 'inconsistent', `${file.path} is not named by its hash ${file.sha256}`);
    }
  }
  for (const name of entries.keys()) {
    if (name !== MANIFEST_PATH && !listed.has(name)) throw alter(name, 'extra_file', `${name} is in the bundle but not in the manifest`);
  }
  for (const required of [RESULT_PATH, SEGMENT_PATH]) {
    if (!listed.has(required)) throw alter(required, 'missing_file', `the manifest does not list ${required}, which every bundle has`);
  }
}

/** The result's attachments are exactly the bundle's, with the same hash, size and media type. */
function checkAttachments(manifest: Manifest, result: z.infer<typeof resultSubmissionSchema>): void {
  const inBundle = new Map(manifest.files.filter((file) => file.path.startsWith(ATTACHMENTS_PREFIX)).map((file) => [file.sha256, file]));
  for (const ref of result.attachments) {
    const file = inBundle.get(ref.sha256);
    if (!file) throw alter(RESULT_PATH, 'inconsistent', `the result's attachment ${ref.name} (${ref.sha256}) is not in the bundle`);
    if (file.bytes !== ref.bytes || file.mediaType !== ref.mediaType) {
      throw alter(file.path, 'inconsistent', `${file.path} is ${file.bytes} bytes of ${file.mediaType}; the result says ${ref.bytes} bytes of ${ref.mediaType}`);
    }
  }
  const referenced = new Set(result.attachments.map((ref) => ref.sha256));
  for (const file of inBundle.values()) {
    if (!referenced.has(file.sha256)) throw alter(file.path, 'inconsistent', `${file.path} is not an attachment of the result`);
  }
}

/**
 * Each entry is about the task, matches its hash under the chain's rule (chain.ts, the rule
 * audit:verify applies), and comes after the one before it. Entries of other tasks sit between
 * most of them, so only an entry that directly follows another (seq n+1 after n) can be checked
 * against that one's hash; the first entry of the chain must follow the genesis, and the head
 * cannot come before the segment's last entry (and is that entry when their seqs are equal).
 */
function checkSegment(segment: Segment, taskId: string): void {
  if (segment.taskId !== taskId) throw alter(SEGMENT_PATH, 'inconsistent', `the audit segment is task ${segment.taskId}'s, the manifest says ${taskId}`);
  if (segment.genesisHash !== GENESIS_HASH) throw alter(SEGMENT_PATH, 'chain_link', 'the segment names another genesis hash than the console chain\'s');
  let previous: Segment['entries'][number] | null = null;
  for (const entry of segment.entries) {
    const where = `audit entry ${entry.seq}`;
    if (entry.taskId !== taskId) throw alter(SEGMENT_PATH, 'inconsistent', `${where} is about task ${entry.taskId}, not ${taskId}`);
    if (previous && entry.seq <= previous.seq) {
      throw alter(SEGMENT_PATH, 'chain_order', `${where} comes after entry ${previous.seq}: the segment was reordered or an entry repeated`);
    }
    if (entryHash(entry.prevHash, entry) !== entry.hash) throw alter(SEGMENT_PATH, 'chain_hash', `${where} does not match its hash: it was changed after it was written`);
    if (entry.seq === 1 && entry.prevHash !== GENESIS_HASH) throw alter(SEGMENT_PATH, 'chain_link', `${where} is the chain's first but does not follow its genesis`);
    if (previous && entry.seq === previous.seq + 1 && entry.prevHash !== previous.hash) {
      throw alter(SEGMENT_PATH, 'chain_link', `${where} directly follows entry ${previous.seq} in the chain but does not carry its hash`);
    }
    previous = entry;
  }
  const head = segment.chainHead;
  if (previous && (head === null || head.seq < previous.seq || (head.seq === previous.seq && head.hash !== previous.hash))) {
    throw alter(SEGMENT_PATH, 'chain_link', `the chain's head (${head ? `entry ${head.seq}` : 'none'}) does not come at or after the segment's last entry ${previous.seq}`);
  }
}

function parseJson<S extends z.ZodType>(entries: ReadonlyMap<string, Uint8Array>, path: string, schema: S): z.infer<S> {
  const body = entries.get(path);
  if (!body) throw alter(path, 'missing_file', `the bundle has no ${path}`);
  let value: unknown;
  try {
    value = JSON.parse(strFromU8(body));
  } catch (error) {
    throw alter(path, 'malformed', `${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw alter(path, 'malformed', `${path} does not have the bundle's shape${issue ? `: ${issue.path.join('.') || '(top)'} ${issue.message}` : ''}`);
  }
  return parsed.data;
}
