import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Change-feed cursors: base64url of (instance, epoch, position) plus an HMAC, so the client can
 * only hand back what the server issued. A forged or altered cursor, or one from a simulator with
 * another seed, is 400 bad_request. The key is derived from the seed rather than drawn per process
 * on purpose: a training console keeps its cursor while the simulator restarts, and the restarted
 * one must recognise that cursor as its own but gone (410 cursor_expired, reload), not as foreign
 * (400, which a client cannot recover from). The per-process instance id and the epoch (bumped by
 * expireCursors) are what make such cursors expired.
 */
export interface DecodedCursor {
  readonly instance: string;
  readonly epoch: number;
  readonly position: number;
}

const MAX_CURSOR_LENGTH = 1024;
const PART = /^[A-Za-z0-9_-]+$/;
const PAYLOAD = /^([0-9a-f]{12})\.(\d{1,9})\.(\d{1,15})$/;

export class CursorCodec {
  readonly instance = randomBytes(6).toString('hex');
  private readonly key: Buffer;

  constructor(seed: number) {
    this.key = createHash('sha256').update(`single-window simulator cursor key/${seed}`).digest();
  }

  encode(epoch: number, position: number): string {
    const payload = Buffer.from(`${this.instance}.${epoch}.${position}`, 'utf8').toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The cursor's content when this simulator (or an earlier run with the same seed) issued it. */
  decode(cursor: string): DecodedCursor | undefined {
    if (cursor.length > MAX_CURSOR_LENGTH) return undefined;
    const [payload, signature, extra] = cursor.split('.');
    if (payload === undefined || signature === undefined || extra !== undefined) return undefined;
    if (!PART.test(payload) || !PART.test(signature)) return undefined;
    const expected = Buffer.from(this.sign(payload), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const match = PAYLOAD.exec(Buffer.from(payload, 'base64url').toString('utf8'));
    if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined) return undefined;
    return { instance: match[1], epoch: Number(match[2]), position: Number(match[3]) };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, 18).toString('base64url');
  }
}
