import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../electron/core/attachments/attachment-store.js';
import { saveAttachment } from '../../electron/core/attachments/save-attachment.js';
import { entryHash } from '../../electron/core/audit/chain.js';
import { AuditRepository } from '../../electron/core/db/audit-repository.js';
import { openDatabase, sqliteHandle, type Database } from '../../electron/core/db/connection.js';
import { MANIFEST_PATH, SEGMENT_PATH, sha256Hex, type Manifest, type Segment } from '../../electron/core/evidence/bundle-format.js';
import { EvidenceError, buildEvidenceBundle } from '../../electron/core/evidence/build-bundle.js';
import { readBundle } from '../../electron/core/evidence/read-bundle.js';
import { verifyBundle } from '../../electron/core/evidence/verify-bundle.js';
import { createEvidenceHandlers } from '../../electron/core/evidence-handlers.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { methods, type Role } from '../../shared/contract/index.js';
import { buildResultInput } from '../fixtures/result-input-builder.js';
import { routerWith } from '../fixtures/router-with.js';
import { buildTask } from '../fixtures/task-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/** A real console database with a submitted result, two stored files and the task's audit entries among other tasks'. */
const ROOT = path.resolve(import.meta.dirname, '../..');
const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const T0 = Date.parse('2026-11-25T10:00:00Z');
const TASK = 'JI-8000-2026-000123';
const OTHER = 'JI-8000-2026-000456';
const options = { clock: () => T0 + 3_600_000, appVersion: '1.2.3' };

let temp: ReturnType<typeof makeTempDir>;
let db: Database;
let store: AttachmentStore;
let resultId: string;
let photo: Buffer;
let photoSha: string;
let bundle: Uint8Array;

beforeAll(async () => {
  temp = makeTempDir('evidence-bundle-');
  let now = T0;
  db = openDatabase(path.join(temp.dir, 'console.sqlite'), { log: createLogger(nullSink), clock: () => now, appVersion: '1.2.3' });
  store = new AttachmentStore(temp.dir);
  db.tasks.upsertMany([buildTask({ taskId: TASK, version: 3 }), buildTask({ taskId: OTHER })]);
  photo = randomBytes(64 * 1024);
  const photoRow = await saveAttachment({ store, db }, photo, 'image/jpeg');
  photoSha = photoRow.sha256;
  const scan = await saveAttachment({ store, db }, Buffer.from('%PDF-1.4 seal record'), 'application/pdf');
  const input = buildResultInput({
    taskId: TASK,
    baseVersion: 3,
    attachments: [
      { sha256: photoRow.sha256, name: '封志.jpg', mediaType: 'image/jpeg', bytes: photoRow.bytes },
      { sha256: scan.sha256, name: 'seal-record.pdf', mediaType: 'application/pdf', bytes: scan.bytes },
    ],
  });
  resultId = input.resultId;
  db.results.submit(input);
  // The task's entries at seqs 1, 2, 4, 7, 8, 9 with other tasks' between them and after them.
  const audit = new AuditRepository(sqliteHandle(db), () => (now += 1000));
  const tasks = [TASK, TASK, OTHER, TASK, OTHER, null, TASK, TASK, TASK, OTHER, null];
  sqliteHandle(db).transaction(() => {
    tasks.forEach((taskId, i) => audit.append({ actor: 'op-8000-001', action: 'inspection.draft_saved', taskId, details: { step: i } }));
  })();
  bundle = (await buildEvidenceBundle(db, store, resultId, options)).bytes;
});
afterAll(() => {
  db.close();
  temp.remove();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run evidence:verify` spawned from its command line in package.json, on the bytes written to a file. */
function verifyCli(bytes: Uint8Array | null, name = `${randomBytes(4).toString('hex')}.zip`): Promise<Run & { line: Record<string, unknown> }> {
  const [command, ...scriptArgs] = (scripts['evidence:verify'] ?? '').split(' ');
  expect(command).toBe('node');
  const args = bytes === null ? [] : [path.join(temp.dir, name)];
  if (bytes !== null) fs.writeFileSync(path.join(temp.dir, name), bytes);
  const child = spawn(process.execPath, [...scriptArgs, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) =>
    child.once('close', (code) => {
      const lines = stdout.trim().split('\n').filter((line) => line.startsWith('{'));
      resolve({ code, stdout, stderr, line: lines.length === 1 ? (JSON.parse(lines[0] ?? '') as Record<string, unknown>) : {} });
    }),
  );
}

const verify = (bytes: Uint8Array) => verifyBundle(readBundle(bytes));

/**
 * The bundle unpacked, changed and packed again, as someone altering it would. With `relist`, the
 * manifest is rewritten to match the changed files: what is left to catch it is the files' own
 * consistency and the chain.
 */
function repack(edit: (files: Record<string, Uint8Array>) => void, relist = false): Uint8Array {
  const files = unzipSync(bundle);
  edit(files);
  if (relist) {
    const manifest = JSON.parse(strFromU8(files[MANIFEST_PATH] ?? new Uint8Array())) as Manifest;
    for (const file of manifest.files) {
      const body = files[file.path];
      if (body) Object.assign(file, { sha256: sha256Hex(body), bytes: body.byteLength });
    }
    files[MANIFEST_PATH] = strToU8(JSON.stringify(manifest));
  }
  return zipSync(files);
}

function editSegment(change: (segment: Segment) => void, relist: boolean): Uint8Array {
  return repack((files) => {
    const segment = JSON.parse(strFromU8(files[SEGMENT_PATH] ?? new Uint8Array())) as Segment;
    change(segment);
    files[SEGMENT_PATH] = strToU8(JSON.stringify(segment, null, 2));
  }, relist);
}

describe('buildEvidenceBundle', () => {
  it('holds the body as sent, both files, the task audit segment with the chain head, and a manifest of them all', () => {
    const files = unzipSync(bundle);
    expect(Object.keys(files)).toEqual(['manifest.json', 'result.json', 'audit/segment.json', `attachments/${photoSha}`, expect.stringMatching(/^attachments\/[0-9a-f]{64}$/)]);
    expect(strFromU8(files['result.json'] ?? new Uint8Array())).toBe(JSON.stringify(db.results.toSubmission(resultId)));
    expect(Buffer.from(files[`attachments/${photoSha}`] ?? new Uint8Array()).equals(photo)).toBe(true);
    const segment = JSON.parse(strFromU8(files[SEGMENT_PATH] ?? new Uint8Array())) as Segment;
    expect(segment.entries.map((entry) => entry.seq)).toEqual([1, 2, 4, 7, 8, 9]);
    expect(segment.entries).toEqual(db.audit.entriesFor(TASK));
    expect(segment.chainHead).toEqual({ seq: 11, hash: db.audit.entriesFor(null).at(-1)?.hash });
    const manifest = JSON.parse(strFromU8(files[MANIFEST_PATH] ?? new Uint8Array())) as Manifest;
    expect(manifest).toMatchObject({ formatVersion: 1, appVersion: '1.2.3', exportedAt: '2026-11-25T11:00:00.000Z', resultId, taskId: TASK, resultState: 'queued' });
    expect(manifest.files.map((file) => file.path)).toEqual(Object.keys(files).slice(1));
    expect(manifest.files[2]).toEqual({ path: `attachments/${photoSha}`, sha256: photoSha, bytes: photo.byteLength, mediaType: 'image/jpeg', name: '封志.jpg' });
  });

  it('gives the same bytes for the same result, files, chain and export time', async () => {
    expect(Buffer.from((await buildEvidenceBundle(db, store, resultId, options)).bytes).equals(Buffer.from(bundle))).toBe(true);
  });

  it('refuses a draft and a result that does not exist, in both languages', async () => {
    const draft = buildResultInput({ taskId: TASK, baseVersion: 3 });
    db.results.saveDraft(draft);
    const refusal = await buildEvidenceBundle(db, store, draft.resultId, options).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(EvidenceError);
    expect(refusal).toMatchObject({ problem: 'not_submitted', message: expect.stringMatching(/is a draft/) as unknown, messageZh: expect.stringMatching(/草稿/) as unknown });
    await expect(buildEvidenceBundle(db, store, 'no-such-result', options)).rejects.toMatchObject({ problem: 'not_found' });
  });
});

describe('results:exportEvidence', () => {
  const call = (id: string, roles: readonly Role[] = ['inspector']) =>
    routerWith(createEvidenceHandlers({ db, attachments: store, exportDir: path.join(temp.dir, 'exports'), ...options }))('results:exportEvidence', { resultId: id }, { roles, operatorId: 'op-8000-002' });

  it('writes the bundle owner-only into the exports folder, answers its path and sha256, and records the export in the chain', async () => {
    const frame = await call(resultId, ['supervisor']);
    if (!frame.result.ok) throw new Error(frame.result.error.message);
    const answer = methods['results:exportEvidence'].output.parse(frame.result.value);
    expect(answer).toEqual({
      resultId,
      taskId: TASK,
      path: path.join(temp.dir, 'exports', `evidence-${TASK}-${resultId}.zip`),
      sha256: sha256Hex(bundle),
      bytes: bundle.byteLength,
    });
    expect(Buffer.from(fs.readFileSync(answer.path)).equals(Buffer.from(bundle))).toBe(true);
    expect(fs.statSync(answer.path).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(answer.path)).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(path.dirname(answer.path))).toEqual([path.basename(answer.path)]);
    const recorded = db.audit.entriesFor(TASK).at(-1);
    expect(recorded).toMatchObject({ seq: 12, actor: 'op-8000-002', action: 'evidence.exported' });
    expect(JSON.parse(recorded?.details ?? '{}')).toEqual({ resultId, bundleSha256: answer.sha256, bytes: answer.bytes, file: path.basename(answer.path) });
  });

  it('removes the bundle again when its export cannot be recorded in the chain', async () => {
    const target = path.join(temp.dir, 'exports', `evidence-${TASK}-${resultId}.zip`);
    fs.rmSync(target, { force: true });
    sqliteHandle(db).exec("CREATE TRIGGER refuse_export BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'injected audit failure'); END");
    try {
      expect((await call(resultId)).result).toMatchObject({ ok: false, error: { code: 'internal' } });
    } finally {
      sqliteHandle(db).exec('DROP TRIGGER refuse_export');
    }
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.readdirSync(path.dirname(target))).toEqual([]);
  });

  it('refuses a bundle whose photo rotted on this workstation (unavailable) and leaves no file behind', async () => {
    const stored = store.pathOf(photoSha);
    const rotted = Buffer.from(photo);
    rotted[100] = (rotted[100] ?? 0) ^ 0x01;
    fs.writeFileSync(stored, rotted);
    try {
      expect((await call(resultId)).result).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/已损坏.*\n.*is corrupted/s) as unknown } });
    } finally {
      fs.writeFileSync(stored, photo);
    }
    expect(fs.readdirSync(path.join(temp.dir, 'exports'))).toEqual([]);
  });

  it('refuses an admin, a draft (invalid_input, Chinese first) and an unknown result (not_found)', async () => {
    expect((await call(resultId, ['admin'])).result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const draft = buildResultInput({ taskId: TASK, baseVersion: 3 });
    db.results.saveDraft(draft);
    expect((await call(draft.resultId)).result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/^结果 .*草稿.*\nresult .* is a draft/s) as unknown },
    });
    expect((await call('00000000-0000-4000-8000-000000000000')).result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('npm run evidence:verify', () => {
  it('exits 0 on the bundle as built and prints its ids, counts and anchors', async () => {
    const run = await verifyCli(bundle);
    expect(run.code, run.stderr).toBe(0);
    expect(run.line).toMatchObject({
      ok: true,
      bundleSha256: sha256Hex(bundle),
      resultId,
      taskId: TASK,
      files: 5,
      attachments: 2,
      segment: { entries: 6, firstSeq: 1, lastSeq: 9, chainHead: { seq: 11 } },
    });
  });

  it('exits 7 naming the photo when one byte of it is flipped in the zip file', async () => {
    const flipped = Buffer.from(bundle);
    // Photos are stored, not deflated: the photo's bytes sit in the zip as they are.
    const at = flipped.indexOf(photo.subarray(0, 64)) + 1000;
    expect(at).toBeGreaterThan(1000);
    flipped[at] = (flipped[at] ?? 0) ^ 0x01;
    const run = await verifyCli(flipped);
    expect(run.code, run.stderr).toBe(7);
    expect(run.line).toMatchObject({ ok: false, firstProblem: { file: `attachments/${photoSha}`, kind: 'hash_mismatch' } });
    expect(run.stderr).toMatch(/证据包已被改动.*\nThe evidence bundle was altered/);
  });

  it('exits 7 when a byte of the manifest is flipped (a listed hash)', async () => {
    const run = await verifyCli(
      repack((files) => {
        const text = strFromU8(files[MANIFEST_PATH] ?? new Uint8Array());
        const at = text.indexOf(`"sha256": "${photoSha}"`) + '"sha256": "'.length;
        files[MANIFEST_PATH] = strToU8(`${text.slice(0, at)}${photoSha[0] === '0' ? '1' : '0'}${text.slice(at + 1)}`);
      }),
    );
    expect(run.code, run.stderr).toBe(7);
    expect(run.line).toMatchObject({ firstProblem: { file: `attachments/${photoSha}`, kind: 'hash_mismatch' } });
  });

  it('exits 7 when the chain segment is edited, and 7 on a file the manifest does not list', async () => {
    const edited = await verifyCli(editSegment((segment) => Object.assign(segment.entries[2] ?? {}, { details: '{"step":99}' }), false));
    expect(edited.code, edited.stderr).toBe(7);
    expect(edited.line).toMatchObject({ firstProblem: { file: SEGMENT_PATH, kind: 'hash_mismatch' } });
    const extra = await verifyCli(repack((files) => (files['notes.txt'] = strToU8('added later'))));
    expect(extra.code, extra.stderr).toBe(7);
    expect(extra.line).toMatchObject({ firstProblem: { file: 'notes.txt', kind: 'extra_file' } });
  });

  it('exits 2 on a file that is not a zip and on an entry named to escape its folder, 64 without a bundle', async () => {
    const notZip = await verifyCli(strToU8('just text, not a zip'));
    expect(notZip.code, notZip.stderr).toBe(2);
    expect(notZip.line).toMatchObject({ ok: false, error: { kind: 'not_a_zip' } });
    const traversal = await verifyCli(repack((files) => (files['../outside.txt'] = strToU8('escape'))));
    expect(traversal.code, traversal.stderr).toBe(2);
    expect(traversal.line).toMatchObject({ error: { kind: 'unsafe_name' } });
    expect((await verifyCli(null)).code).toBe(64);
  });
});

describe('verifyBundle on altered bundles', () => {
  it('catches a removed row and a removed photo even when nothing else is changed', () => {
    expect(verify(editSegment((segment) => segment.entries.splice(3, 1), false))).toMatchObject({ ok: false, firstProblem: { file: SEGMENT_PATH, kind: 'size_mismatch' } });
    expect(verify(repack((files) => Reflect.deleteProperty(files, `attachments/${photoSha}`)))).toMatchObject({ ok: false, firstProblem: { file: `attachments/${photoSha}`, kind: 'missing_file' } });
  });

  it('catches a manifest that no longer parses', () => {
    expect(verify(repack((files) => (files[MANIFEST_PATH] = strToU8(strFromU8(files[MANIFEST_PATH] ?? new Uint8Array()).replace('{', '[')))))).toMatchObject({
      ok: false,
      firstProblem: { file: MANIFEST_PATH, kind: 'malformed' },
    });
  });

  describe('with the manifest rewritten to match, the chain itself still shows', () => {
    it('an edited entry', () => {
      const report = verify(editSegment((segment) => Object.assign(segment.entries[4] ?? {}, { actor: 'op-9999-999' }), true));
      expect(report).toMatchObject({ ok: false, firstProblem: { file: SEGMENT_PATH, kind: 'chain_hash', message: expect.stringMatching(/entry 8 /) as unknown } });
    });

    it('reordered entries', () => {
      const report = verify(editSegment((segment) => segment.entries.reverse(), true));
      expect(report).toMatchObject({ ok: false, firstProblem: { kind: 'chain_order' } });
    });

    it('an entry forged between two adjacent ones, with a hash recomputed by the chain rule', () => {
      const report = verify(
        editSegment((segment) => {
          const [seven, eight] = [segment.entries[3], segment.entries[4]];
          if (!seven || !eight) throw new Error('the segment lost entries 7 and 8');
          const forged = { ...eight, details: '{"step":"forged"}', prevHash: seven.hash };
          segment.entries[4] = { ...forged, hash: entryHash(forged.prevHash, forged) };
        }, true),
      );
      expect(report).toMatchObject({ ok: false, firstProblem: { kind: 'chain_link', message: expect.stringMatching(/entry 9 directly follows entry 8/) as unknown } });
    });

    it('a chain head moved before the segment, or a segment of another task', () => {
      expect(verify(editSegment((segment) => (segment.chainHead = { seq: 8, hash: segment.entries[4]?.hash ?? '' }), true))).toMatchObject({
        firstProblem: { kind: 'chain_link' },
      });
      expect(verify(editSegment((segment) => (segment.taskId = OTHER), true))).toMatchObject({ firstProblem: { kind: 'inconsistent' } });
    });

    it('a photo changed and listed again with its new hash under its old name', () => {
      const swapped = repack((files) => {
        const bytes = files[`attachments/${photoSha}`];
        if (bytes) bytes[10] = (bytes[10] ?? 0) ^ 0xff;
      }, true);
      expect(verify(swapped)).toMatchObject({ ok: false, firstProblem: { file: `attachments/${photoSha}`, kind: 'inconsistent' } });
    });
  });

  it('refuses a zip bomb before inflating it: an entry that unpacks beyond the cap', () => {
    const bomb = zipSync({ 'manifest.json': new Uint8Array(30 * 1024 * 1024) });
    expect(bomb.byteLength).toBeLessThan(100 * 1024);
    expect(() => readBundle(bomb)).toThrow(expect.objectContaining({ kind: 'too_large' }) as Error);
  });
});
