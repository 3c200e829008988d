import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Session } from './tokens.js';

/** One request as handlers see it: path parameters already decoded. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly params: readonly string[];
}

export interface AuthedContext extends RequestContext {
  readonly session: Session;
}

/** The Idempotency-Key header, or undefined when missing, empty or unreasonably long. */
export function idempotencyKey(ctx: RequestContext): string | undefined {
  const key = ctx.req.headers['idempotency-key'];
  if (typeof key !== 'string') return undefined;
  const trimmed = key.trim();
  return trimmed.length > 0 && trimmed.length <= 255 ? trimmed : undefined;
}
