import { GatewayError } from './gateway.js';

/**
 * Reads a response body as a stream and stops at `maxBytes`: a hostile or broken gateway can make
 * the client read (and parse) no more than the cap. The whole body or an error, never a prefix.
 */
export async function readBody(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = declaredLength(response);
  if (declared !== null && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(response.status, maxBytes, `declares ${declared} bytes`);
  }
  if (!response.body) return Buffer.alloc(0);

  // Node's fetch types the stream's chunks as any; undici delivers Uint8Array.
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(response.status, maxBytes, `more than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  if (declared !== null && total !== declared) {
    // undici reports most short bodies as a closed socket; this catches the rest.
    throw new GatewayError({ kind: 'transport', message: `body of ${total} bytes where Content-Length said ${declared}` });
  }
  return Buffer.concat(chunks, total);
}

/**
 * Content-Length, when it describes the bytes we read: with a Content-Encoding it counts the
 * compressed bytes, while fetch hands us the decompressed ones.
 */
function declaredLength(response: Response): number | null {
  const encoding = response.headers.get('content-encoding');
  if (encoding !== null && encoding.trim().toLowerCase() !== 'identity') return null;
  const value = response.headers.get('content-length');
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  return Number(value.trim());
}

function tooLarge(status: number, maxBytes: number, what: string): GatewayError {
  return new GatewayError({ kind: 'too_large', status, message: `response body too large: ${what} (the limit is ${maxBytes} bytes)` });
}
