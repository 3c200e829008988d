import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { MAX_GATEWAY_BODY_BYTES } from '../../../shared/contract/gateway.js';
import { OWNER_ONLY_DIR, OWNER_ONLY_FILE } from '../owner-only-files.js';
import { fsyncDir } from '../durable-files.js';

/**
 * Photos, scans and videos of an inspection, stored content-addressed on disk:
 * `<dataDir>/attachments/<sha256[0..2]>/<sha256>`. The file is made durable (written to a temp file,
 * fsynced, renamed, directory fsynced) before `put` returns, and only then may the caller commit
 * the database row that references it: a row never points at a file a power cut could lose.
 */

export const ATTACHMENTS_FOLDER = 'attachments';
/** Temp files start with this; a crash can leave one behind, `sweepTemp` removes them. */
const TEMP_PREFIX = '.incoming-';
const SHA256 = /^[0-9a-f]{64}$/;
const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i;

export interface StoredFile {
  sha256: string;
  bytes: number;
  mediaType: string;
}

export type AttachmentSource = Uint8Array | AsyncIterable<Uint8Array | string>;

export type AttachmentProblem = 'too_large' | 'missing' | 'corrupted' | 'invalid';

export class AttachmentError extends Error {
  constructor(
    readonly problem: AttachmentProblem,
    message: string,
    readonly sha256: string | null = null,
  ) {
    super(message);
    this.name = 'AttachmentError';
  }
}

export class AttachmentStore {
  /** `<dataDir>/attachments` */
  readonly root: string;
  /** Folders whose entry in their parent is known to be on disk (created or fsynced by this instance). */
  private readonly durableDirs = new Set<string>();

  constructor(
    dataDir: string,
    private readonly maxBytes: number = MAX_GATEWAY_BODY_BYTES,
  ) {
    this.root = path.join(dataDir, ATTACHMENTS_FOLDER);
  }

  /** Where a file lives; refuses anything that is not a sha256 so a name can never escape the folder. */
  pathOf(sha256: string): string {
    assertSha256(sha256);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /**
   * Stores bytes or a stream and returns their hash once the file is durable. Above the cap (the
   * gateway refuses bodies above 25 MiB) it throws `too_large` and leaves nothing behind. Storing the
   * same bytes again (or concurrently) is harmless: each put renames its own complete temp file
   * over the same name, which also repairs a copy that rotted on disk.
   */
  async put(source: AttachmentSource, mediaType: string): Promise<StoredFile> {
    if (!MEDIA_TYPE.test(mediaType) || mediaType.length > 127) {
      throw new AttachmentError('invalid', `"${mediaType}" is not a media type (e.g. image/jpeg)`);
    }
    if (source instanceof Uint8Array && source.byteLength > this.maxBytes) throw this.tooLarge(source.byteLength);
    await this.ensureDir(this.root);
    // The hash is known only at the end of a stream, so the temp file lives in the store's root:
    // the same file system as its final folder, which keeps the rename atomic.
    const temp = path.join(this.root, `${TEMP_PREFIX}${randomUUID()}`);
    let renamed = false;
    try {
      const { sha256, bytes } = await this.writeTemp(temp, source);
      const target = this.pathOf(sha256);
      await this.ensureDir(path.dirname(target));
      await fs.promises.rename(temp, target);
      renamed = true;
      await fsyncDir(path.dirname(target));
      return { sha256, bytes, mediaType };
    } finally {
      if (!renamed) await fs.promises.rm(temp, { force: true });
    }
  }

  /** The file's bytes, checked against its name: a corrupted or truncated file is an error, never uploaded. */
  async read(sha256: string): Promise<Buffer> {
    const file = this.pathOf(sha256);
    let body: Buffer;
    try {
      body = await fs.promises.readFile(file);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) throw new AttachmentError('missing', `本机没有附件 ${sha256}，请重新添加该文件 / attachment ${sha256} is not on this workstation; add the file again`, sha256);
      throw error;
    }
    const actual = createHash('sha256').update(body).digest('hex');
    if (actual !== sha256) {
      throw new AttachmentError(
        'corrupted',
        `本机的附件 ${sha256} 已损坏（其 ${body.byteLength} 字节的哈希为 ${actual}），未上传；请重新添加该文件 / attachment ${sha256} is corrupted on this workstation (its ${body.byteLength} bytes hash to ${actual}); it was not uploaded (add the file again)`,
        sha256,
      );
    }
    return body;
  }

  /** Whether the file is there with the expected size (a cheap check; `read` verifies the hash). */
  async has(sha256: string, bytes?: number): Promise<boolean> {
    try {
      const stat = await fs.promises.stat(this.pathOf(sha256));
      return stat.isFile() && (bytes === undefined || stat.size === bytes);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return false;
      throw error;
    }
  }

  /**
   * A temp file of the store for bytes that arrive in parts (a file sent in chunks): in the store's
   * root, so `put` can stream it into place on the same file system, and named like the store's own
   * temp files, so `sweepTemp` removes one a crash left behind.
   */
  async incomingPath(tag: string): Promise<string> {
    if (!/^[0-9a-z-]{1,64}$/.test(tag)) throw new AttachmentError('invalid', `"${tag.slice(0, 80)}" cannot name a temp file`);
    await this.ensureDir(this.root);
    return path.join(this.root, `${TEMP_PREFIX}${tag}`);
  }

  /** Removes temp files a crash left behind. Call it at start, before any put runs. */
  async sweepTemp(): Promise<number> {
    let names: string[];
    try {
      names = await fs.promises.readdir(this.root);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return 0;
      throw error;
    }
    const stale = names.filter((name) => name.startsWith(TEMP_PREFIX));
    await Promise.all(stale.map((name) => fs.promises.rm(path.join(this.root, name), { force: true })));
    return stale.length;
  }

  private async writeTemp(temp: string, source: AttachmentSource): Promise<{ sha256: string; bytes: number }> {
    const hash = createHash('sha256');
    let bytes = 0;
    const handle = await fs.promises.open(temp, 'wx', OWNER_ONLY_FILE);
    try {
      // Evidence photos are the officer's and the importer's: owner-only whatever the umask.
      if (process.platform !== 'win32') await handle.chmod(OWNER_ONLY_FILE);
      if (source instanceof Uint8Array) {
        hash.update(source);
        bytes = source.byteLength;
        await writeAll(handle, source);
      } else {
        for await (const chunk of source) {
          const part = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
          bytes += part.byteLength;
          // Stop reading at the cap: a huge stream is refused without being written out.
          if (bytes > this.maxBytes) throw this.tooLarge(bytes, true);
          hash.update(part);
          await writeAll(handle, part);
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { sha256: hash.digest('hex'), bytes };
  }

  private tooLarge(bytes: number, partial = false): AttachmentError {
    const mib = (n: number) => (n / (1024 * 1024)).toFixed(1);
    return new AttachmentError(
      'too_large',
      `附件${partial ? '超过 ' : '为 '}${mib(bytes)} MiB，单一窗口每个文件最多接受 ${mib(this.maxBytes)} MiB；请缩小或拆分后再添加 / attachment is ${partial ? 'more than ' : ''}${mib(bytes)} MiB; the single window accepts at most ${mib(this.maxBytes)} MiB per file (shrink or split it)`,
    );
  }

  /**
   * Creates a folder if needed and makes its entry durable in the parent. A folder found already
   * there is fsynced in its parent once too: a concurrent put may have created it a moment ago and
   * not yet synced it.
   */
  private async ensureDir(dir: string): Promise<void> {
    if (this.durableDirs.has(dir)) return;
    try {
      await fs.promises.mkdir(dir, { mode: OWNER_ONLY_DIR });
      await fs.promises.chmod(dir, OWNER_ONLY_DIR); // mkdir's mode is masked by the umask; set it exactly
    } catch (error) {
      if (isErrno(error, 'ENOENT')) {
        await this.ensureDir(path.dirname(dir));
        await this.ensureDir(dir);
        return;
      }
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    await fsyncDir(path.dirname(dir));
    this.durableDirs.add(dir);
  }
}

async function writeAll(handle: FileHandle, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.byteLength) {
    const { bytesWritten } = await handle.write(data, offset, data.byteLength - offset);
    offset += bytesWritten;
  }
}

function assertSha256(sha256: string): void {
  if (!SHA256.test(sha256)) throw new AttachmentError('invalid', `"${sha256.slice(0, 80)}" is not a sha256 (64 lower-case hex digits)`);
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
