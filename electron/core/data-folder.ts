import fs from 'node:fs';
import path from 'node:path';
import { ATTACHMENTS_FOLDER } from './attachments/attachment-store.js';

/** The data folder's layout: the real single window's files at its top, training mode's in `training/`. */
export const DATABASE_FILE = 'console.sqlite';
/** Training mode's own database and attachments: `<dataDir>/training/console.sqlite`, `<dataDir>/training/attachments/`. */
export const TRAINING_DIR = 'training';

/** One workspace's files, relative to the data folder with forward slashes. */
export interface WorkspaceFiles {
  readonly database: string;
  readonly attachments: string;
}

/** The workspaces whose database exists in `dataDir` (the real one, then training). */
export function workspacesIn(dataDir: string): WorkspaceFiles[] {
  const all: WorkspaceFiles[] = [
    { database: DATABASE_FILE, attachments: ATTACHMENTS_FOLDER },
    { database: `${TRAINING_DIR}/${DATABASE_FILE}`, attachments: `${TRAINING_DIR}/${ATTACHMENTS_FOLDER}` },
  ];
  return all.filter((workspace) => fs.existsSync(path.join(dataDir, ...workspace.database.split('/'))));
}
