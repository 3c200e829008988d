import type { Database } from '../db/connection.js';
import type { AttachmentRow } from '../db/result-repository.js';
import type { AttachmentSource, AttachmentStore } from './attachment-store.js';

/**
 * A photo or scan taken during an inspection, stored in the order the durability rule needs: the
 * file is durable on disk (put returns after fsync and rename) before the row that references it
 * is committed. A crash between the two leaves an unreferenced file, never a row without its file.
 */
export async function saveAttachment(
  deps: { store: AttachmentStore; db: Database },
  source: AttachmentSource,
  mediaType: string,
): Promise<AttachmentRow> {
  const file = await deps.store.put(source, mediaType);
  return deps.db.results.recordAttachment(file.sha256, file.bytes, file.mediaType);
}
