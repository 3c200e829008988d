import { strToU8, zipSync, type Zippable } from 'fflate';
import { GENESIS_HASH } from '../audit/chain.js';
import type { AttachmentStore } from '../attachments/attachment-store.js';
import type { Database } from '../db/connection.js';
import {
  CHAIN_RULE,
  FORMAT,
  FORMAT_VERSION,
  MANIFEST_PATH,
  MAX_BUNDLE_BYTES,
  RESULT_PATH,
  SEGMENT_PATH,
  attachmentPath,
  sha256Hex,
  type Manifest,
  type ManifestFile,
  type Segment,
} from './bundle-format.js';

export type EvidenceProblem = 'not_found' | 'not_submitted' | 'too_large';

/** Why a bundle cannot be made, in both of the console's languages (the officer reads it). */
export class EvidenceError extends Error {
  constructor(
    readonly problem: EvidenceProblem,
    readonly messageZh: string,
    message: string,
  ) {
    super(message);
    this.name = 'EvidenceError';
  }
}

export interface EvidenceBundle {
  resultId: string;
  taskId: string;
  /** The zip file's bytes. */
  bytes: Uint8Array;
}

export interface BuildOptions {
  clock: () => number;
  /** The console making the bundle. */
  appVersion: string;
}

/**
 * Every entry gets the same fixed time (1980-01-01 00:00, the zip format's first day): the same
 * result, files, chain and export time give the same bytes. Made from local fields because zip
 * stores local time: a UTC instant would come out differently in each time zone.
 */
const ENTRY_TIME = new Date(1980, 0, 1, 0, 0, 0);
/** Photos and scans are compressed already: stored as they are, a flipped byte in the bundle is a flipped byte in the file. */
const STORED = { level: 0, mtime: ENTRY_TIME } as const;
const DEFLATED = { level: 9, mtime: ENTRY_TIME } as const;
const JSON_TYPE = 'application/json';

/**
 * The evidence bundle of a submitted result (any state but draft): the body as sent, its files read
 * back from the attachment store (a file that no longer matches its hash is refused by the store),
 * and the task's audit segment with the chain's head. Reads the database, writes nothing.
 */
export async function buildEvidenceBundle(db: Database, attachments: AttachmentStore, resultId: string, options: BuildOptions): Promise<EvidenceBundle> {
  const record = db.results.get(resultId);
  if (!record) throw new EvidenceError('not_found', `没有结果 ${resultId}。`, `there is no result ${resultId}`);
  if (record.state === 'draft' || record.submittedAt === null) {
    throw new EvidenceError(
      'not_submitted',
      `结果 ${resultId} 仍是草稿：证据包只能从已提交的查验结果导出。`,
      `result ${resultId} is a draft: an evidence bundle is made only from a submitted inspection result`,
    );
  }
  const taskId = record.content.taskId;
  // Exactly the text the pusher POSTs (gateway-client.ts stringifies the same object).
  const resultBytes = strToU8(JSON.stringify(db.results.toSubmission(resultId)));

  const files = db.results.attachmentsOf(resultId);
  const total = files.reduce((sum, file) => sum + file.bytes, resultBytes.byteLength);
  if (total > MAX_BUNDLE_BYTES) {
    const mib = (n: number) => (n / (1024 * 1024)).toFixed(1);
    throw new EvidenceError(
      'too_large',
      `结果 ${resultId} 的照片和文件共 ${mib(total)} MiB，证据包最多 ${mib(MAX_BUNDLE_BYTES)} MiB。`,
      `the photos and files of result ${resultId} add up to ${mib(total)} MiB; an evidence bundle holds at most ${mib(MAX_BUNDLE_BYTES)} MiB`,
    );
  }

  // The head is read after the segment: it is then at or after the segment's last entry.
  const entries = db.audit.entriesFor(taskId);
  const segment: Segment = {
    taskId,
    rule: CHAIN_RULE,
    genesisHash: GENESIS_HASH,
    chainHead: db.audit.head(),
    entries: entries.map((entry) => ({ ...entry, taskId })),
  };
  const segmentBytes = strToU8(`${JSON.stringify(segment, null, 2)}\n`);

  const listed: ManifestFile[] = [describe(RESULT_PATH, resultBytes, JSON_TYPE), describe(SEGMENT_PATH, segmentBytes, JSON_TYPE)];
  const zipEntries: Zippable = { [RESULT_PATH]: [resultBytes, DEFLATED], [SEGMENT_PATH]: [segmentBytes, DEFLATED] };
  for (const file of files) {
    const body = await attachments.read(file.sha256);
    listed.push({ ...describe(attachmentPath(file.sha256), body, file.mediaType), name: file.name });
    zipEntries[attachmentPath(file.sha256)] = [body, STORED];
  }

  const manifest: Manifest = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    appVersion: options.appVersion,
    exportedAt: new Date(options.clock()).toISOString(),
    resultId,
    taskId,
    resultState: record.state,
    submittedAt: record.submittedAt,
    files: listed,
  };
  const manifestBytes = strToU8(`${JSON.stringify(manifest, null, 2)}\n`);
  // The manifest first, so that a person listing the zip sees it at the top.
  const bytes = zipSync({ [MANIFEST_PATH]: [manifestBytes, DEFLATED], ...zipEntries });
  return { resultId, taskId, bytes };
}

function describe(path: string, body: Uint8Array, mediaType: string): ManifestFile {
  return { path, sha256: sha256Hex(body), bytes: body.byteLength, mediaType };
}
