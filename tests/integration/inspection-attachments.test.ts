import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../electron/core/attachments/attachment-store.js';
import { startCore, TRAINING_DIR, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { MAX_ATTACHMENT_CHUNK_BYTES } from '../../shared/contract/index.js';
import { chunksOf } from '../fixtures/attachment-chunks.js';
import { callAs, must } from '../fixtures/inspection-calls.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * attachments:put through the real router: a photo in chunks (frames are at most 1 MiB) stored
 * content-addressed in the active workspace's attachments folder and recorded, a wrong hash and a
 * file above 25 MiB refused with a clear message, nothing left behind by a refused upload.
 */
let dataDir: string;
let core: Core;
let removeTemp: () => void;
beforeEach(() => {
  const temp = makeTempDir('inspection-attachments-');
  removeTemp = temp.remove;
  dataDir = path.join(temp.dir, 'data');
  core = startCore({ dataDir, logSink: nullSink });
});
afterEach(async () => {
  await core.close();
  removeTemp();
});

/** The training workspace's store (no gateway is configured) and what lies in its root. */
const store = () => new AttachmentStore(path.join(dataDir, TRAINING_DIR));
const leftovers = () => fs.readdirSync(store().root).filter((name) => name.startsWith('.'));

describe('attachments:put', () => {
  it('stores a 3 MiB photo sent in 512 KiB chunks under its sha256 and records it', async () => {
    const photo = randomBytes(3 * 1024 * 1024);
    const sha256 = createHash('sha256').update(photo).digest('hex');
    const answers = [];
    for (const chunk of chunksOf(photo, { name: 'seal-broken.jpg', mediaType: 'image/jpeg' })) answers.push(await must(core, 'attachments:put', chunk));
    expect(answers).toHaveLength(6);
    expect(answers.slice(0, 5).map((answer) => [answer.complete, answer.bytes])).toEqual([1, 2, 3, 4, 5].map((n) => [false, n * MAX_ATTACHMENT_CHUNK_BYTES]));
    expect(answers[5]).toEqual({ complete: true, sha256, bytes: photo.byteLength });
    expect((await store().read(sha256)).equals(photo)).toBe(true);
    expect(core.db.results.attachment(sha256)).toMatchObject({ sha256, bytes: photo.byteLength, mediaType: 'image/jpeg' });
    expect(leftovers()).toEqual([]);
  });

  it('refuses a file whose bytes do not match the sha256 named, storing nothing', async () => {
    const photo = randomBytes(700 * 1024);
    const claimed = createHash('sha256').update('another file').digest('hex');
    const [first, last] = chunksOf(photo, { name: 'photo.jpg', mediaType: 'image/jpeg', sha256: claimed });
    if (!first || !last) throw new Error('expected two chunks');
    expect(await must(core, 'attachments:put', first)).toMatchObject({ complete: false });
    const refused = await callAs(core, 'attachments:put', last);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining(`not ${claimed}`) as string } });
    expect(core.db.results.attachment(claimed)).toBeNull();
    expect(leftovers()).toEqual([]);
  });

  it('refuses a chunk out of order and ends the upload', async () => {
    const [first, second, third] = chunksOf(randomBytes(3 * MAX_ATTACHMENT_CHUNK_BYTES), { name: 'scan.pdf', mediaType: 'application/pdf' });
    if (!first || !second || !third) throw new Error('expected three chunks');
    await must(core, 'attachments:put', first);
    expect(await callAs(core, 'attachments:put', third)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('chunk 1 was expected') as string } });
    expect(await callAs(core, 'attachments:put', second)).toMatchObject({ ok: false, error: { message: expect.stringContaining('not open') as string } });
    expect(leftovers()).toEqual([]);
  });

  it('refuses a chunk that is not canonical base64 (a stray character, base64url, bits after the end) and ends the upload', async () => {
    const [chunk] = chunksOf(randomBytes(3000), { name: 'photo.jpg', mediaType: 'image/jpeg' });
    if (!chunk) throw new Error('expected a chunk');
    const encoded = chunk.dataBase64;
    for (const dataBase64 of [`${encoded.slice(0, 40)}!${encoded.slice(41)}`, encoded.replace(/\+/g, '-').replace(/\//g, '_'), 'QR==']) {
      const refused = await callAs(core, 'attachments:put', { ...chunk, dataBase64 });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/不是 base64 编码[^]*is not base64/) as string } });
    }
    expect(await must(core, 'attachments:put', chunk)).toMatchObject({ complete: true, bytes: 3000 });
    expect(leftovers()).toEqual([]);
  });

  it('refuses a file above 25 MiB with a message in Chinese and English, and keeps nothing of it', async () => {
    const part = randomBytes(MAX_ATTACHMENT_CHUNK_BYTES);
    const total = 51; // 25.5 MiB
    const dataBase64 = part.toString('base64');
    const base = { uploadId: '2f4c1a8e-0b6d-4e2a-9c3f-7d5e6a1b2c3d', total, dataBase64, name: 'video.mp4', mediaType: 'video/mp4', sha256: 'a'.repeat(64) };
    for (let index = 0; index < total - 1; index += 1) await must(core, 'attachments:put', { ...base, index });
    const refused = await callAs(core, 'attachments:put', { ...base, index: total - 1 });
    if (refused.ok) throw new Error('a file above 25 MiB was accepted');
    expect(refused.error.code).toBe('invalid_input');
    expect(refused.error.message).toContain('文件超过 25.0 MiB');
    expect(refused.error.message).toContain('The file is larger than 25.0 MiB');
    expect(leftovers()).toEqual([]);
  });
});
