import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';
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

export type EvidenceProblem = 'not_found' | 'not_submitted' | 'too_large' | 'attachment';

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
const JSON_TYPE = 'application/json';
/** Attachments are read and zipped a slice at a time: each slice's CRC and hash stay well under the core's 50 ms. */
const SLICE_BYTES = 256 * 1024;

/** Where the zip's bytes go, in order; awaited before the next slice is made. */
export type BundleSink = (chunk: Uint8Array) => Promise<void>;

export interface WrittenBundle {
  resultId: string;
  taskId: string;
  sha256: string;
  bytes: number;
}

/**
 * Streams the evidence bundle of a submitted result (any state but draft) into `sink`: the body as
 * sent, its files read from the attachment store slice by slice (the core keeps answering while a
 * large photo is zipped; a file that no longer matches its name fails the whole bundle), and the
 * task's audit segment with the chain's head. Reads the database, writes nothing to it.
 */
export async function writeEvidenceBundle(db: Database, attachments: AttachmentStore, resultId: string, options: BuildOptions, sink: BundleSink): Promise<WrittenBundle> {
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

  // Attachments are listed by the hash and size they are stored under; streaming them checks both.
  const manifest: Manifest = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    appVersion: options.appVersion,
    exportedAt: new Date(options.clock()).toISOString(),
    resultId,
    taskId,
    resultState: record.state,
    submittedAt: record.submittedAt,
    files: [
      describe(RESULT_PATH, resultBytes, JSON_TYPE),
      describe(SEGMENT_PATH, segmentBytes, JSON_TYPE),
      ...files.map((file): ManifestFile => ({ path: attachmentPath(file.sha256), sha256: file.sha256, bytes: file.bytes, mediaType: file.mediaType, name: file.name })),
    ],
  };
  const manifestBytes = strToU8(`${JSON.stringify(manifest, null, 2)}\n`);

  const zip = new ZipWriter(sink);
  // The manifest first, so that a person listing the zip sees it at the top.
  await zip.deflated(MANIFEST_PATH, manifestBytes);
  await zip.deflated(RESULT_PATH, resultBytes);
  await zip.deflated(SEGMENT_PATH, segmentBytes);
  for (const file of files) await zip.stored(attachmentPath(file.sha256), attachmentSlices(attachments, file.sha256, file.bytes));
  const written = await zip.end();
  return { resultId, taskId, ...written };
}

/** The whole bundle in memory (tests; the console writes it to a file with writeEvidenceBundle). */
export async function buildEvidenceBundle(db: Database, attachments: AttachmentStore, resultId: string, options: BuildOptions): Promise<EvidenceBundle> {
  const chunks: Uint8Array[] = [];
  const written = await writeEvidenceBundle(db, attachments, resultId, options, (chunk) => {
    chunks.push(chunk);
    return Promise.resolve();
  });
  return { resultId: written.resultId, taskId: written.taskId, bytes: Buffer.concat(chunks) };
}

/** A stored file's bytes a slice at a time, checked against its name and recorded size at the end. */
async function* attachmentSlices(attachments: AttachmentStore, sha256: string, bytes: number): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  let read = 0;
  try {
    for await (const slice of fs.createReadStream(attachments.pathOf(sha256), { highWaterMark: SLICE_BYTES }) as AsyncIterable<Buffer>) {
      hash.update(slice);
      read += slice.byteLength;
      yield slice;
    }
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
    throw new EvidenceError('attachment', `附件 ${sha256} 不在本机，无法导出证据包。`, `attachment ${sha256} is not on this workstation; the evidence bundle cannot be made`);
  }
  if (read !== bytes || hash.digest('hex') !== sha256) {
    throw new EvidenceError('attachment', `本机的附件 ${sha256} 已损坏，无法导出证据包。`, `attachment ${sha256} is corrupted on this workstation; the evidence bundle cannot be made`);
  }
}

/**
 * fflate's streaming zip, one entry at a time, each chunk it makes handed to the sink (and hashed)
 * before the next slice goes in.
 */
class ZipWriter {
  private readonly zip: Zip;
  private readonly pending: Uint8Array[] = [];
  private failure: Error | null = null;
  private finished = false;
  private readonly hash = createHash('sha256');
  private total = 0;

  constructor(private readonly sink: BundleSink) {
    this.zip = new Zip((error, chunk, final) => {
      if (error) this.failure = error;
      else this.pending.push(chunk);
      if (final) this.finished = true;
    });
  }

  async deflated(name: string, body: Uint8Array): Promise<void> {
    const entry = new ZipDeflate(name, { level: 9 });
    entry.mtime = ENTRY_TIME;
    this.zip.add(entry);
    entry.push(body, true);
    await this.flush();
  }

  /** Photos and scans are compressed already: stored as they are, a flipped byte in the bundle is a flipped byte in the file. */
  async stored(name: string, slices: AsyncIterable<Uint8Array>): Promise<void> {
    const entry = new ZipPassThrough(name);
    entry.mtime = ENTRY_TIME;
    this.zip.add(entry);
    for await (const slice of slices) {
      entry.push(slice, false);
      await this.flush();
    }
    entry.push(new Uint8Array(0), true);
    await this.flush();
  }

  async end(): Promise<{ sha256: string; bytes: number }> {
    this.zip.end();
    await this.flush();
    if (!this.finished) throw new Error('the zip writer did not finish the bundle');
    return { sha256: this.hash.digest('hex'), bytes: this.total };
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    for (let chunk = this.pending.shift(); chunk; chunk = this.pending.shift()) {
      this.hash.update(chunk);
      this.total += chunk.byteLength;
      await this.sink(chunk);
    }
  }
}

function describe(path: string, body: Uint8Array, mediaType: string): ManifestFile {
  return { path, sha256: sha256Hex(body), bytes: body.byteLength, mediaType };
}
