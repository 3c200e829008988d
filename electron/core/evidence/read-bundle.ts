import { unzipSync } from 'fflate';
import { MAX_BUNDLE_BYTES, MAX_ENTRIES, MAX_ENTRY_BYTES } from './bundle-format.js';

/** The bundle cannot be read as a bundle at all (not a zip, too large, a name that could escape a folder). */
export class BundleUnreadableError extends Error {
  constructor(
    readonly kind: 'cannot_read' | 'not_a_zip' | 'too_large' | 'unsafe_name' | 'duplicate_name',
    message: string,
  ) {
    super(message);
    this.name = 'BundleUnreadableError';
  }
}

/**
 * A relative path of plain segments: each starts with a letter or digit (no `.`, `..`, hidden or
 * `__proto__` names), no backslash, drive letter or leading slash. Anything else is refused before
 * a byte of it is inflated, so no reader that unpacks the bundle to disk can be led outside its folder.
 */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,127}){0,3}$/;

/**
 * The bundle's entries by name, in the zip's order. fflate inflates each entry into a buffer of
 * its declared size, so the caps on declared sizes bound memory whatever the compressed data says;
 * an entry that inflates to more is cut at its declared size and then fails its hash.
 */
export function readBundle(bytes: Uint8Array): Map<string, Uint8Array> {
  if (bytes.byteLength > MAX_BUNDLE_BYTES) {
    throw new BundleUnreadableError('too_large', `the bundle is ${bytes.byteLength} bytes; a bundle is at most ${MAX_BUNDLE_BYTES}`);
  }
  const seen = new Set<string>();
  let declared = 0;
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(bytes, {
      filter: (entry) => {
        if (!SAFE_NAME.test(entry.name)) throw new BundleUnreadableError('unsafe_name', `the bundle holds an entry named ${JSON.stringify(entry.name.slice(0, 200))}, which no bundle has`);
        // Two entries of one name: readers would disagree on which is the file.
        if (seen.has(entry.name)) throw new BundleUnreadableError('duplicate_name', `the bundle holds two entries named ${entry.name}`);
        seen.add(entry.name);
        if (seen.size > MAX_ENTRIES) throw new BundleUnreadableError('too_large', `the bundle holds more than ${MAX_ENTRIES} entries`);
        declared += entry.originalSize;
        if (entry.originalSize > MAX_ENTRY_BYTES || declared > MAX_BUNDLE_BYTES) {
          throw new BundleUnreadableError('too_large', `the entry ${entry.name} unpacks to ${entry.originalSize} bytes, beyond what a bundle holds`);
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof BundleUnreadableError) throw error;
    throw new BundleUnreadableError('not_a_zip', `the file is not a readable zip: ${error instanceof Error ? error.message : String(error)}`);
  }
  return new Map(Object.entries(unzipped));
}
