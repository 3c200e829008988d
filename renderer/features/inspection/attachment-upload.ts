import {
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENT_CHUNK_BYTES,
  type CallError,
  type ContractClient,
  type InspectionContent,
  type Result,
} from '../../../shared/contract/index.js';

export type DraftAttachment = InspectionContent['attachments'][number];

const KIB = 1024;
const MIB = 1024 * KIB;

/** A file's size as an officer reads it (binary units, as the 25 MiB limit is stated). */
export function formatBytes(bytes: number): string {
  if (bytes >= MIB) return `${(bytes / MIB).toFixed(1)} MiB`;
  if (bytes >= KIB) return `${(bytes / KIB).toFixed(0)} KiB`;
  return `${bytes} B`;
}

/** Refused before anything is read or sent: the single window takes no body above 25 MiB. */
export function isTooLarge(file: Pick<File, 'size'>): boolean {
  return file.size > MAX_ATTACHMENT_BYTES;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode with half a megabyte of arguments would overflow the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function hex(digest: ArrayBuffer): string {
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Sends a photo or file to the core in chunks (a frame holds at most 1 MiB), in order, each through
 * attachments:put; the core checks the whole file's sha256 when the last chunk arrives and stores
 * it content-addressed. `onProgress` gets the bytes the core has received.
 */
export async function uploadAttachment(client: ContractClient, file: File, onProgress: (received: number) => void): Promise<Result<DraftAttachment>> {
  const whole = await file.arrayBuffer();
  // A view over the bytes: a buffer from another realm (a test's DOM) is refused by digest, a view is not.
  const sha256 = hex(await crypto.subtle.digest('SHA-256', new Uint8Array(whole)));
  const total = Math.max(1, Math.ceil(whole.byteLength / MAX_ATTACHMENT_CHUNK_BYTES));
  const uploadId = crypto.randomUUID();
  const mediaType = file.type === '' ? 'application/octet-stream' : file.type;
  for (let index = 0; index < total; index += 1) {
    const chunk = new Uint8Array(whole, index * MAX_ATTACHMENT_CHUNK_BYTES, Math.min(MAX_ATTACHMENT_CHUNK_BYTES, whole.byteLength - index * MAX_ATTACHMENT_CHUNK_BYTES));
    const answer = await client.call('attachments:put', { uploadId, index, total, dataBase64: toBase64(chunk), name: file.name, mediaType, sha256 });
    if (!answer.ok) return answer;
    onProgress(answer.value.bytes);
    if (answer.value.complete) return { ok: true, value: { sha256, name: file.name, mediaType, bytes: answer.value.bytes } };
  }
  const incomplete: CallError = { code: 'internal', message: 'the core did not report the file complete after its last chunk' };
  return { ok: false, error: incomplete };
}
