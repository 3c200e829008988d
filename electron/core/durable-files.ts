import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/** Makes a rename or a new entry durable. Windows cannot open a folder for fsync; NTFS journals the rename. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await fs.promises.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (process.platform !== 'win32') throw error;
  } finally {
    await handle?.close();
  }
}

/** Makes a file's content durable before something (a manifest, a rename) vouches for it. */
export async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
