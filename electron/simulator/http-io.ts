import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_GATEWAY_BODY_BYTES, type Problem } from '../../shared/contract/gateway.js';

/**
 * Responses as values: handlers return one and the server writes it, so a fault ("the response
 * was lost", "the body was cut") can be applied after the work was done, which is exactly what an
 * idempotency key has to survive.
 */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

export type FieldError = { path: string; message: string };

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  422: 'Unprocessable Content',
  424: 'Failed Dependency',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function json(status: number, value: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
}

/** A stored JSON body sent again byte for byte (idempotent replays). */
export function rawJson(status: number, body: string): HttpResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body };
}

export function problem(
  status: number,
  code: string,
  detail: string,
  extra: Pick<Problem, 'errors' | 'task'> = {},
  headers: Record<string, string> = {},
): HttpResponse {
  const body: Problem = { type: `urn:single-window:problem:${code}`, title: TITLES[status] ?? 'Error', status, detail, code, ...extra };
  return { status, headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

export const badRequest = (detail: string): HttpResponse => problem(400, 'bad_request', detail);

/** The request is not read any further, so the connection cannot be reused: close it. */
export const tooLarge = (): HttpResponse =>
  problem(413, 'payload_too_large', `bodies above ${MAX_GATEWAY_BODY_BYTES} bytes are refused`, {}, { connection: 'close' });

/** Thrown inside handlers to answer at once with a problem document. */
export class HttpError extends Error {
  constructor(readonly response: HttpResponse) {
    super(`HTTP ${response.status}`);
    this.name = 'HttpError';
  }
}

/** The client went away before its body arrived: there is nobody to answer. */
export class ClientGone extends Error {}

/**
 * Streams the request body to onChunk, refusing it (413) once it passes the cap, whatever
 * Content-Length said. After a refusal the rest is drained and dropped so the 413 can be read.
 */
export function consumeBody(req: IncomingMessage, onChunk: (chunk: Buffer) => void, cap = MAX_GATEWAY_BODY_BYTES): Promise<number> {
  return new Promise((resolve, reject) => {
    let size = 0;
    let settled = false;
    const settle = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      if (error === undefined) resolve(size);
      else reject(error);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > cap) settle(new HttpError(tooLarge()));
      else onChunk(chunk);
    });
    req.once('end', () => {
      settle(undefined);
    });
    req.once('close', () => {
      settle(new ClientGone('request closed before its body ended'));
    });
    req.once('error', () => {
      settle(new ClientGone('request failed while reading its body'));
    });
  });
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const size = await consumeBody(req, (chunk) => chunks.push(chunk));
  return Buffer.concat(chunks, size);
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req);
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new HttpError(badRequest('the body is not valid JSON'));
  }
}

/** What happens to a response on its way out: nothing, lost (socket reset), or cut in half. */
export type Delivery = 'intact' | 'reset' | 'truncate';

export function send(res: ServerResponse, response: HttpResponse, delivery: Delivery = 'intact'): void {
  if (res.headersSent || res.destroyed) return;
  if (delivery === 'reset') {
    res.destroy();
    return;
  }
  const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
  res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
  if (delivery === 'truncate') {
    // Content-Length promises the whole body; half of it followed by a closed socket is what a
    // client sees when a proxy or link dies mid-response.
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
    return;
  }
  res.end(body);
}
