import { createHash } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import { MAX_GATEWAY_BODY_BYTES, problemSchema, sha256Schema } from '../../shared/contract/gateway.js';
import { call, problemOf, token } from './simulator-http.js';

// The contract names no body for a stored attachment; the simulator answers with what it stored.
const storedSchema = z.object({ sha256: sha256Schema, bytes: z.number().int().nonnegative(), mediaType: z.string() });
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

let sim: Simulator;
let bearer: string;

beforeAll(async () => {
  sim = await startSimulator({ tasks: 10, cargo: 0, evolve: false });
  bearer = await token(sim, 'op-8000-002', 'ws-attachments');
});
afterAll(async () => {
  await sim.close();
});

const put = (name: string, body: Uint8Array, contentType: string | null = 'image/jpeg') =>
  call(sim, `/v1/attachments/${name}`, { token: bearer, method: 'PUT', body, headers: contentType === null ? {} : { 'content-type': contentType } });

/** A raw request, so a test can promise more than it sends, or stream without a length. */
function rawPut(path: string, headers: Record<string, string>, write: (req: http.ClientRequest) => void): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${sim.url}${path}`, { method: 'PUT', headers: { authorization: `Bearer ${bearer}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on('error', reject);
    });
    // The server may close while we are still sending; the answer is what counts.
    req.on('error', () => undefined);
    write(req);
  });
}

describe('simulator: attachments', () => {
  it('stores content-addressed bytes: 201 the first time, 200 after', async () => {
    const bytes = Buffer.from('封志照片 seal photo');
    const first = await put(sha(bytes), bytes);
    expect(first.status).toBe(201);
    expect(storedSchema.parse(first.body)).toEqual({ sha256: sha(bytes), bytes: bytes.length, mediaType: 'image/jpeg' });
    const again = await put(sha(bytes), bytes);
    expect(again.status).toBe(200);
    storedSchema.parse(again.body);
    expect(sim.attachments()).toEqual([sha(bytes)]);
    const empty = new Uint8Array(0);
    expect((await put(sha(empty), empty, 'application/octet-stream')).status).toBe(201);
  });

  it('refuses bytes that do not hash to the name (422), a missing Content-Type or a bad name (400)', async () => {
    const bytes = Buffer.from('one');
    const wrong = await put(sha(Buffer.from('two')), bytes);
    expect(wrong.status).toBe(422);
    expect(problemOf(wrong).code).toBe('hash_mismatch');
    const untyped = await put(sha(bytes), bytes, null);
    expect(untyped.status).toBe(400);
    expect(problemOf(untyped).code).toBe('bad_request');
    for (const name of ['abc', 'g'.repeat(64), `${sha(bytes)}0`]) {
      const reply = await put(name, bytes);
      expect(reply.status, name).toBe(400);
      expect(problemOf(reply).code).toBe('bad_request');
    }
    expect(sim.attachments()).not.toContain(sha(bytes));
  });

  it('accepts exactly 25 MiB and refuses more (413), by Content-Length or while streaming', async () => {
    const max = new Uint8Array(MAX_GATEWAY_BODY_BYTES).fill(7);
    expect((await put(sha(max), max, 'video/mp4')).status).toBe(201);

    const declared = await rawPut(`/v1/attachments/${'a'.repeat(64)}`, { 'content-type': 'video/mp4', 'content-length': String(MAX_GATEWAY_BODY_BYTES + 1) }, (req) => {
      req.write('only a little');
    });
    expect(declared.status).toBe(413);
    expect(problemSchema.parse(JSON.parse(declared.body)).status).toBe(413);

    const chunk = new Uint8Array(1024 * 1024).fill(1);
    const streamed = await rawPut(`/v1/attachments/${'b'.repeat(64)}`, { 'content-type': 'video/mp4', 'transfer-encoding': 'chunked' }, (req) => {
      let sent = 0;
      const pump = (): void => {
        while (sent <= MAX_GATEWAY_BODY_BYTES + chunk.length && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
    expect(streamed.status).toBe(413);
    expect(problemSchema.parse(JSON.parse(streamed.body)).code).toBe('payload_too_large');
    // The server is fine afterwards.
    expect((await call(sim, '/v1/reference', { token: bearer })).status).toBe(200);
  });
});
