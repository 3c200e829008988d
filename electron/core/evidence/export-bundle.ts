import fs from 'node:fs';
import path from 'node:path';
import type { AttachmentStore } from '../attachments/attachment-store.js';
import type { Database } from '../db/connection.js';
import { OWNER_ONLY_FILE, makeOwnerOnlyDir, restrictOpenFile } from '../owner-only-files.js';
import { buildEvidenceBundle, type BuildOptions } from './build-bundle.js';
import { sha256Hex } from './bundle-format.js';

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
  const bundle = await buildEvidenceBundle(deps.db, deps.attachments, resultId, deps);
  makeOwnerOnlyDir(deps.exportDir);
  // Task ids come from the single window: anything outside a plain file name's letters is replaced.
  const name = `evidence-${bundle.taskId.replace(/[^A-Za-z0-9._-]/g, '_')}-${bundle.resultId}.zip`;
  const target = path.join(deps.exportDir, name);
  const temp = `${target}.incoming`;
  try {
    const fd = fs.openSync(temp, 'w', OWNER_ONLY_FILE);
    try {
      restrictOpenFile(fd);
      fs.writeFileSync(fd, bundle.bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
  } finally {
    fs.rmSync(temp, { force: true });
  }
  const exported = { resultId: bundle.resultId, taskId: bundle.taskId, path: target, sha256: sha256Hex(bundle.bytes), bytes: bundle.bytes.byteLength };
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
    fs.rmSync(target, { force: true });
    throw error;
  }
  return exported;
}
