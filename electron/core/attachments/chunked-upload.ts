import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { z } from 'zod';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_CHUNK_BYTES, type attachmentPutInputSchema } from '../../../shared/contract/inspection.js';
import type { Database } from '../db/connection.js';
import { OWNER_ONLY_FILE } from '../owner-only-files.js';
import type { AttachmentStore } from './attachment-store.js';
import { saveAttachment } from './save-attachment.js';

export type ChunkInput = z.output<typeof attachmentPutInputSchema>;
export interface ChunkAnswer {
  complete: boolean;
  sha256: string;
  bytes: number;
}

/** A refusal the sender must act on (a chunk out of order, a file too large, a wrong hash): the upload is over. */
export class UploadRefused extends Error {
  constructor(
    readonly messageZh: string,
    message: string,
  ) {
    super(message);
    this.name = 'UploadRefused';
  }
}

/** An upload with no chunk for this long is abandoned: its temp file is removed. */
const ABANDONED_MS = 10 * 60_000;
/** Uploads open at once per workspace (each holds a file handle). */
const MAX_OPEN_UPLOADS = 16;
const MIB = 1024 * 1024;

interface Upload {
  readonly first: ChunkInput;
  readonly path: string;
  readonly handle: FileHandle;
  readonly hash: Hash;
  next: number;
  bytes: number;
  lastAt: number;
  /** Chunks of one upload are written one after the other, in the order they arrive. */
  queue: Promise<unknown>;
}

/**
 * `attachments:put`: a photo or file sent in chunks (the contract's frames are at most 1 MiB), written
 * with async file calls into a temp file of the workspace's attachment store (the core's event loop
 * is never held by the disk), hashed as it arrives, refused above 25 MiB, checked against the
 * sha256 the sender named when the last chunk is in, then stored content-addressed and recorded
 * (saveAttachment: file durable before its row). Any refusal ends the upload and removes its temp
 * file; the sender starts again with a new uploadId.
 */
export class ChunkedUploads {
  private readonly uploads = new Map<string, Upload>();

  constructor(
    private readonly deps: { store: AttachmentStore; db: Database; clock: () => number },
  ) {}

  async put(chunk: ChunkInput): Promise<ChunkAnswer> {
    await this.dropAbandoned();
    const upload = this.uploads.get(chunk.uploadId) ?? (await this.open(chunk));
    const run = upload.queue.then(() => this.write(upload, chunk));
    upload.queue = run.catch(() => undefined);
    return run;
  }

  private async open(chunk: ChunkInput): Promise<Upload> {
    if (chunk.index !== 0) throw new UploadRefused(`上传 ${chunk.uploadId} 未开始或已结束，请从第 1 块重新发送。`, `upload ${chunk.uploadId} is not open (it ended or was never started): send it again from chunk 0`);
    if (this.uploads.size >= MAX_OPEN_UPLOADS) throw new UploadRefused(`已有 ${MAX_OPEN_UPLOADS} 个文件正在上传，请等其中一个完成。`, `${MAX_OPEN_UPLOADS} uploads are open already: finish one first`);
    const path = await this.deps.store.incomingPath(`upload-${chunk.uploadId}`);
    const handle = await fs.promises.open(path, 'wx', OWNER_ONLY_FILE);
    const upload: Upload = { first: chunk, path, handle, hash: createHash('sha256'), next: 0, bytes: 0, lastAt: this.deps.clock(), queue: Promise.resolve() };
    this.uploads.set(chunk.uploadId, upload);
    return upload;
  }

  private async write(upload: Upload, chunk: ChunkInput): Promise<ChunkAnswer> {
    try {
      const { first } = upload;
      if (chunk.index !== upload.next) throw new UploadRefused(`文件块顺序错误：收到第 ${chunk.index} 块，应为第 ${upload.next} 块；请重新添加该文件。`, `chunk ${chunk.index} of upload ${chunk.uploadId} arrived where chunk ${upload.next} was expected`);
      if (chunk.total !== first.total || chunk.sha256 !== first.sha256 || chunk.name !== first.name || chunk.mediaType !== first.mediaType) {
        throw new UploadRefused(`第 ${chunk.index} 块与第 0 块不属于同一文件，请重新添加该文件。`, `chunk ${chunk.index} of upload ${chunk.uploadId} names another file than chunk 0 (total, sha256, name or media type)`);
      }
      const data = Buffer.from(chunk.dataBase64, 'base64');
      if (!isCanonicalBase64(chunk.dataBase64, data)) throw new UploadRefused(`第 ${chunk.index} 块不是 base64 编码。`, `chunk ${chunk.index} of upload ${chunk.uploadId} is not base64`);
      if (data.byteLength > MAX_ATTACHMENT_CHUNK_BYTES) throw new UploadRefused(`每块最多 ${MAX_ATTACHMENT_CHUNK_BYTES} 字节，第 ${chunk.index} 块有 ${data.byteLength} 字节。`, `a chunk holds at most ${MAX_ATTACHMENT_CHUNK_BYTES} bytes; chunk ${chunk.index} has ${data.byteLength}`);
      if (upload.bytes + data.byteLength > MAX_ATTACHMENT_BYTES) throw tooLarge(upload.bytes + data.byteLength);
      for (let offset = 0; offset < data.byteLength; ) offset += (await upload.handle.write(data, offset)).bytesWritten;
      upload.hash.update(data);
      upload.bytes += data.byteLength;
      upload.next += 1;
      upload.lastAt = this.deps.clock();
      if (upload.next < first.total) return { complete: false, sha256: first.sha256, bytes: upload.bytes };
      return await this.finish(upload);
    } catch (error) {
      await this.end(upload);
      throw error;
    }
  }

  private async finish(upload: Upload): Promise<ChunkAnswer> {
    await upload.handle.close();
    const actual = upload.hash.digest('hex');
    if (actual !== upload.first.sha256) {
      throw new UploadRefused(
        `文件内容与其 sha256 不符（收到 ${upload.bytes} 字节），未保存；请重新添加该文件。`,
        `The file's ${upload.bytes} bytes hash to ${actual}, not ${upload.first.sha256}: not stored.`,
      );
    }
    const row = await saveAttachment(this.deps, fs.createReadStream(upload.path), upload.first.mediaType);
    // The bytes were read again from disk: a change between the chunks and the store is caught here.
    if (row.sha256 !== actual) {
      throw new UploadRefused('临时文件在保存前被改动，未保存；请重新添加该文件。', `the temp file of upload ${upload.first.uploadId} changed on disk before it was stored`);
    }
    await this.end(upload);
    return { complete: true, sha256: row.sha256, bytes: row.bytes };
  }

  /** Forgets the upload and removes its temp file (closing its handle if still open). */
  private async end(upload: Upload): Promise<void> {
    this.uploads.delete(upload.first.uploadId);
    await upload.handle.close().catch(() => undefined);
    await fs.promises.rm(upload.path, { force: true });
  }

  private async dropAbandoned(): Promise<void> {
    const now = this.deps.clock();
    const stale = [...this.uploads.values()].filter((upload) => now - upload.lastAt > ABANDONED_MS);
    await Promise.all(stale.map((upload) => this.end(upload)));
  }
}

/**
 * Whether `text` is padded base64 of the standard alphabet with no bits after the end, `decoded`
 * being what Node's (lenient) decoder made of it. Checked without a regex (one over the 700 KB of a
 * full chunk held the event loop 5-50 ms) and without encoding the bytes again (a 700 KB copy per
 * chunk, more garbage to collect while a photo arrives).
 */
function isCanonicalBase64(text: string, decoded: Buffer): boolean {
  if (text.length === 0) return decoded.byteLength === 0;
  if (text.length % 4 !== 0) return false;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  // The decoder skips characters outside the alphabet (and stops at a '=' inside): the bytes come out short.
  if (decoded.byteLength !== (text.length / 4) * 3 - padding) return false;
  // It also takes the URL-safe alphabet.
  if (text.includes('-') || text.includes('_')) return false;
  // Bits after the end (QR== for the byte of QQ==) are dropped: the last group does not come back the same.
  return decoded.subarray(decoded.byteLength - (3 - padding)).toString('base64') === text.slice(-4);
}

function tooLarge(bytes: number): UploadRefused {
  const mib = (n: number) => (n / MIB).toFixed(1);
  return new UploadRefused(
    `文件超过 ${mib(MAX_ATTACHMENT_BYTES)} MiB（已超过 ${mib(bytes)} MiB），无法保存；请压缩或拆分后再添加。`,
    `The file is larger than ${mib(MAX_ATTACHMENT_BYTES)} MiB (more than ${mib(bytes)} MiB so far) and cannot be stored; reduce or split it and add it again.`,
  );
}
