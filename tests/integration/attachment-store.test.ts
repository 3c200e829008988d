import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttachmentError, AttachmentStore } from '../../electron/core/attachments/attachment-store.js';
import { MAX_GATEWAY_BODY_BYTES } from '../../shared/contract/index.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let store: AttachmentStore;
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Every file under the store, relative paths: "nothing left behind" means exactly these. */
function filesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name))).sort();
}

async function expectAttachmentError(promise: Promise<unknown>, problem: AttachmentError['problem']): Promise<AttachmentError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AttachmentError);
  expect((error as AttachmentError).problem).toBe(problem);
  return error as AttachmentError;
}

beforeEach(() => {
  temp = makeTempDir();
  store = new AttachmentStore(temp.dir);
});
afterEach(() => {
  temp.remove();
});

describe('attachment store', () => {
  it('stores bytes under their sha256, in a folder named by its first two digits', async () => {
    const bytes = Buffer.from('集装箱开箱照片 container door photo');
    const stored = await store.put(bytes, 'image/jpeg');
    expect(stored).toEqual({ sha256: sha(bytes), bytes: bytes.byteLength, mediaType: 'image/jpeg' });
    expect(filesIn(store.root)).toEqual([path.join(stored.sha256.slice(0, 2), stored.sha256)]);
    expect(store.pathOf(stored.sha256)).toBe(path.join(temp.dir, 'attachments', stored.sha256.slice(0, 2), stored.sha256));
    expect(await store.read(stored.sha256)).toEqual(bytes);
    expect(await store.has(stored.sha256, bytes.byteLength)).toBe(true);
    expect(await store.has(stored.sha256, bytes.byteLength + 1)).toBe(false);
    expect(await store.has(sha(Buffer.from('other')))).toBe(false);
  });

  it('stores a stream chunk by chunk with the same address as the bytes', async () => {
    const chunks = Array.from({ length: 40 }, (_, index) => Buffer.alloc(64 * 1024, index));
    const stored = await store.put(Readable.from(chunks), 'video/mp4');
    const whole = Buffer.concat(chunks);
    expect(stored).toEqual({ sha256: sha(whole), bytes: whole.byteLength, mediaType: 'video/mp4' });
    // Buffer.equals: a deep toEqual walks millions of elements one by one
    expect((await store.read(stored.sha256)).equals(whole)).toBe(true);
  });

  it('refuses 26 MiB as bytes and as a stream, leaving no file and no temp file behind', async () => {
    const big = Buffer.alloc(26 * 1024 * 1024, 7);
    const error = await expectAttachmentError(store.put(big, 'video/mp4'), 'too_large');
    expect(error.message).toMatch(/26\.0 MiB; the single window accepts at most 25\.0 MiB/);
    expect(filesIn(temp.dir)).toEqual([]);

    const chunks = Array.from({ length: 26 }, () => Buffer.alloc(1024 * 1024, 1));
    await expectAttachmentError(store.put(Readable.from(chunks), 'video/mp4'), 'too_large');
    expect(filesIn(temp.dir)).toEqual([]);
  });

  it('accepts exactly 25 MiB', async () => {
    const limit = Buffer.alloc(MAX_GATEWAY_BODY_BYTES, 3);
    const stored = await store.put(Readable.from([limit.subarray(0, 1000), limit.subarray(1000)]), 'application/octet-stream');
    expect(stored.bytes).toBe(MAX_GATEWAY_BODY_BYTES);
    expect(await store.has(stored.sha256, MAX_GATEWAY_BODY_BYTES)).toBe(true);
  });

  it('detects a corrupted or truncated file on read, and a put of the same bytes repairs it', async () => {
    const bytes = Buffer.from('seal CQ123456 photo');
    const { sha256 } = await store.put(bytes, 'image/png');
    const file = store.pathOf(sha256);
    const flipped = Buffer.from(bytes);
    flipped[0] = flipped[0]! ^ 0xff;
    fs.writeFileSync(file, flipped);
    expect(await store.has(sha256, bytes.byteLength)).toBe(true); // same size: only the hash tells
    const error = await expectAttachmentError(store.read(sha256), 'corrupted');
    expect(error.message).toContain('not uploaded');
    fs.truncateSync(file, 3);
    await expectAttachmentError(store.read(sha256), 'corrupted');

    await store.put(bytes, 'image/png');
    expect(await store.read(sha256)).toEqual(bytes);
    fs.rmSync(file);
    await expectAttachmentError(store.read(sha256), 'missing');
  });

  it('stores the same bytes put concurrently once, intact, with no temp files left', async () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024, 9);
    const results = await Promise.all(Array.from({ length: 8 }, (_, index) => store.put(index % 2 ? bytes : Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]), 'image/jpeg')));
    expect(new Set(results.map((result) => result.sha256))).toEqual(new Set([sha(bytes)]));
    expect(filesIn(store.root)).toEqual([path.join(sha(bytes).slice(0, 2), sha(bytes))]);
    expect((await store.read(sha(bytes))).equals(bytes)).toBe(true);
  });

  it('refuses names that are not a sha256 and media types that are not one', async () => {
    await expectAttachmentError(store.read('../../console.sqlite'), 'invalid');
    expect(() => store.pathOf('A'.repeat(64))).toThrow(AttachmentError);
    await expectAttachmentError(store.put(Buffer.from('x'), 'jpeg'), 'invalid');
    expect(filesIn(temp.dir)).toEqual([]);
  });

  it('sweeps temp files a crash left behind', async () => {
    await store.put(Buffer.from('kept'), 'text/plain');
    fs.writeFileSync(path.join(store.root, '.incoming-crashed'), 'half a photo');
    expect(await store.sweepTemp()).toBe(1);
    expect(filesIn(store.root)).toEqual([path.join(sha(Buffer.from('kept')).slice(0, 2), sha(Buffer.from('kept')))]);
  });
});
