import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AttachmentStore } from '../attachments/attachment-store.js';
import type { Database } from '../db/connection.js';
import { OWNER_ONLY_FILE, makeOwnerOnlyDir } from '../owner-only-files.js';
import { writeEvidenceBundle, type BuildOptions, type WrittenBundle } from './build-bundle.js';

export const EXPORTS_FOLDER = 'exports';

export interface EvidenceExportDeps extends BuildOptions {
  db: Database;
  attachments: AttachmentStore;
  /** `<workspace folder>/exports`: beside the database and attachments it was made from. */
  exportDir: string;
}

export interface ExportedBundle {
  resultId: string;
  taskId: string;
  path: string;
  sha256: string;
  bytes: number;
}

/**
 * Builds a result's evidence bundle and writes it to `exports/evidence-<taskId>-<resultId>.zip`,
 * owner-only like everything in the data folder (it holds the photos), whole or not at all: written
 * to a temp file, fsynced, renamed over any earlier export of the same result. The export is then
 * recorded in the audit chain (`evidence.exported`, about the task, with the bundle's sha256): whoever
 * holds the chain can tell a bundle handed over from one altered and rebuilt whole. A bundle whose
 * export could not be recorded is removed.
 */
export async function exportEvidenceBundle(deps: EvidenceExportDeps, resultId: string, actor: string): Promise<ExportedBundle> {
  makeOwnerOnlyDir(deps.exportDir);
  const temp = path.join(deps.exportDir, `.incoming-${randomUUID()}.zip`);
  let target: string | null = null;
  let written: WrittenBundle;
  try {
    const handle = await fs.promises.open(temp, 'wx', OWNER_ONLY_FILE);
    try {
      if (process.platform !== 'win32') await handle.chmod(OWNER_ONLY_FILE);
      written = await writeEvidenceBundle(deps.db, deps.attachments, resultId, deps, async (chunk) => {
        for (let offset = 0; offset < chunk.byteLength; ) offset += (await handle.write(chunk, offset)).bytesWritten;
      });
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Task ids come from the single window: anything outside a plain file name's letters is replaced.
    const named = path.join(deps.exportDir, `evidence-${written.taskId.replace(/[^A-Za-z0-9._-]/g, '_')}-${written.resultId}.zip`);
    await fs.promises.rename(temp, named);
    target = named;
  } finally {
    if (target === null) await fs.promises.rm(temp, { force: true });
  }
  const name = path.basename(target);
  const exported = { resultId: written.resultId, taskId: written.taskId, path: target, sha256: written.sha256, bytes: written.bytes };
  try {
    await deps.db.writeWithoutWaiting(() =>
      deps.db.audit.append({
        actor,
        action: 'evidence.exported',
        taskId: exported.taskId,
        details: { resultId: exported.resultId, bundleSha256: exported.sha256, bytes: exported.bytes, file: name },
      }),
    );
  } catch (error) {
    await fs.promises.rm(target, { force: true });
    throw error;
  }
  return exported;
}
