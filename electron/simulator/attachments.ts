import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { sha256Schema } from '../../shared/contract/gateway.js';
import { badRequest, consumeBody, json, problem, type HttpResponse } from './http-io.js';

/**
 * Content-addressed attachments (PUT /v1/attachments/<sha256>). Only the fact of storage matters
 * to the contract (results refer to stored hashes; nothing reads them back), so the simulator
 * keeps each file's size and media type, not its bytes; the hash is computed while streaming.
 */
export interface StoredAttachment {
  readonly sha256: string;
  readonly bytes: number;
  readonly mediaType: string;
}

export class AttachmentStore {
  private readonly stored = new Map<string, StoredAttachment>();

  has(sha256: string): boolean {
    return this.stored.has(sha256);
  }

  list(): string[] {
    return [...this.stored.keys()];
  }

  async put(req: IncomingMessage, name: string): Promise<HttpResponse> {
    const sha256 = name.toLowerCase();
    if (!sha256Schema.safeParse(sha256).success) return badRequest('the attachment name must be the 64 hex digits of its sha256');
    const mediaType = req.headers['content-type'];
    if (mediaType === undefined || mediaType.trim() === '') return badRequest('Content-Type is required');
    const hash = createHash('sha256');
    const bytes = await consumeBody(req, (chunk) => hash.update(chunk));
    const actual = hash.digest('hex');
    if (actual !== sha256) {
      return problem(422, 'hash_mismatch', `the body hashes to ${actual}, not to its name`, {
        errors: [{ path: 'body', message: `sha256 is ${actual}` }],
      });
    }
    const existing = this.stored.get(sha256);
    if (existing !== undefined) return json(200, existing);
    const attachment = { sha256, bytes, mediaType: mediaType.trim() };
    this.stored.set(sha256, attachment);
    return json(201, attachment);
  }
}
