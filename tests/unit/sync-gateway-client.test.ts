import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError, type GatewayFailure } from '../../electron/core/sync/gateway.js';
import { GatewayClient } from '../../electron/core/sync/gateway-client.js';
import type { JournalRecord } from '../../electron/core/sync/journal.js';
import type { ResultSubmission } from '../../shared/contract/index.js';
import { buildTask } from '../fixtures/task-builder.js';
import { memoryLog } from './fakes/memory-log.js';

/**
 * A scripted gateway: each test says what the next answers are. The real simulator is exercised in
 * tests/integration/sync-pull.test.ts; this one reaches the corners the simulator cannot be told to
 * produce on demand (a second 401, a non-problem error body).
 */
interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
type Answer = { status: number; headers?: Record<string, string>; body?: unknown };

const seen: Seen[] = [];
let answers: Answer[] = [];
let tokenCount = 0;
let tokenTtlMs = 3_600_000;
let refuseSignIn = false;
let server: http.Server;
let base: string;

const PROBLEM = (status: number, code: string, extra: Record<string, unknown> = {}) => ({
  type: 'about:blank',
  title: code,
  status,
  detail: `${code} detail`,
  code,
  ...extra,
});
const operator = { id: 'op-8000-001', name: '张伟', roles: ['inspector'], agency: 'customs', portCode: '8000' };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push({ method: req.method ?? '', path: url.pathname + url.search, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (url.pathname === '/v1/auth/token') {
        if (refuseSignIn) {
          res.writeHead(401, { 'content-type': 'application/problem+json' }).end(JSON.stringify(PROBLEM(401, 'invalid_credentials')));
          return;
        }
        tokenCount++;
        const body = { accessToken: `tok-${tokenCount}`, expiresAt: new Date(Date.now() + tokenTtlMs).toISOString(), operator };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        return;
      }
      const answer = answers.shift() ?? { status: 500, body: 'no answer scripted' };
      const text = typeof answer.body === 'string' ? answer.body : answer.body === undefined ? '' : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.status === 304 ? undefined : text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen.length = 0;
  answers = [];
  tokenCount = 0;
  tokenTtlMs = 3_600_000;
  refuseSignIn = false;
});

function client(extra: { clock?: () => number; journal?: JournalRecord[] } = {}) {
  const { log, lines } = memoryLog();
  const journal = extra.journal;
  const gateway = new GatewayClient({
    baseUrl: `${base}/`,
    credentials: { operatorId: 'op-8000-001', password: 's3cret-pw', workstationId: 'ws-test' },
    log,
    ...(extra.clock ? { clock: extra.clock } : {}),
    ...(journal ? { journal: { record: (entry) => journal.push(entry) } } : {}),
  });
  return { gateway, lines };
}

async function failureOf(promise: Promise<unknown>): Promise<GatewayFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GatewayError) return error.failure;
    throw error;
  }
  throw new Error('the call succeeded');
}

const page = { changes: [{ op: 'upsert', task: buildTask({ taskId: 'T-1' }) }], nextCursor: 'c2', hasMore: false };
const calls = (path: string) => seen.filter((item) => item.path.startsWith(path));

describe('gateway client', () => {
  it('signs in once, lazily, for concurrent first calls and sends the bearer token', async () => {
    const { gateway } = client();
    answers = [
      { status: 200, body: page },
      { status: 200, body: page },
      { status: 200, body: page },
    ];
    await Promise.all([gateway.changes(null, 10), gateway.changes('c1', 10), gateway.changes('c1', 10)]);
    expect(calls('/v1/auth/token')).toHaveLength(1);
    expect(JSON.parse(calls('/v1/auth/token')[0]!.body)).toEqual({ operatorId: 'op-8000-001', password: 's3cret-pw', workstationId: 'ws-test' });
    const changes = calls('/v1/tasks/changes');
    expect(changes.map((item) => item.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-1']);
    expect(changes.map((item) => item.path).sort()).toEqual(['/v1/tasks/changes?cursor=c1&limit=10', '/v1/tasks/changes?cursor=c1&limit=10', '/v1/tasks/changes?limit=10']);
    expect(gateway.operator?.id).toBe('op-8000-001');
  });

  it('signs in again on a 401 and retries the call once', async () => {
    const { gateway } = client();
    answers = [{ status: 200, body: page }, { status: 401, body: PROBLEM(401, 'token_expired') }, { status: 200, body: page }];
    await gateway.changes(null, 10);
    const result = await gateway.changes('c2', 10);
    expect(result.nextCursor).toBe('c2');
    expect(calls('/v1/auth/token')).toHaveLength(2);
    expect(calls('/v1/tasks/changes').map((item) => item.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-2']);
  });

  it('fails the call with http 401 when the new token is refused too', async () => {
    const { gateway } = client();
    answers = [
      { status: 401, body: PROBLEM(401, 'token_revoked') },
      { status: 401, body: PROBLEM(401, 'token_revoked') },
    ];
    const failure = await failureOf(gateway.changes(null, 10));
    expect(failure).toMatchObject({ kind: 'http', status: 401, code: 'token_revoked' });
    expect(calls('/v1/tasks/changes')).toHaveLength(2);
  });

  it('reports a refused sign-in as credentials, journals it, and logs neither password nor token', async () => {
    refuseSignIn = true;
    const journal: JournalRecord[] = [];
    const { gateway, lines } = client({ journal });
    const failure = await failureOf(gateway.changes(null, 10));
    expect(failure.kind).toBe('credentials');
    expect(failure.message).toMatch(/refused the sign-in of operator op-8000-001/);
    expect(journal).toEqual([expect.objectContaining({ call: 'POST /v1/auth/token', outcome: 'error', status: 401 })]);

    refuseSignIn = false;
    answers = [{ status: 200, body: page }];
    await gateway.changes(null, 10);
    const text = JSON.stringify(lines) + JSON.stringify(journal);
    expect(text).not.toContain('s3cret-pw');
    expect(text).not.toContain('tok-1');
  });

  it('uses a cached token until shortly before it expires, then signs in again', async () => {
    let now = Date.now();
    tokenTtlMs = 100_000;
    const { gateway } = client({ clock: () => now });
    const tokens: string[] = [];
    gateway.onToken((token) => tokens.push(token.expiresAt));
    answers = [{ status: 200, body: page }, { status: 200, body: page }, { status: 200, body: page }];
    await gateway.changes(null, 10);
    now += 80_000;
    await gateway.changes(null, 10);
    expect(calls('/v1/auth/token')).toHaveLength(1);
    now += 15_000; // inside the last 10 % of the token's life
    await gateway.changes(null, 10);
    expect(calls('/v1/auth/token')).toHaveLength(2);
    expect(tokens).toHaveLength(2);
  });

  it('maps an error body that is not a problem document to code unknown', async () => {
    const { gateway } = client();
    answers = [{ status: 502, body: '<html>bad gateway</html>', headers: { 'content-type': 'text/html' } }];
    const failure = await failureOf(gateway.changes(null, 10));
    expect(failure).toMatchObject({ kind: 'http', status: 502, code: 'unknown', problem: null });
  });

  it('carries Retry-After of a 503 into the failure', async () => {
    const { gateway } = client();
    answers = [{ status: 503, headers: { 'retry-after': '0' }, body: PROBLEM(503, 'maintenance') }];
    const failure = await failureOf(gateway.changes(null, 10));
    expect(failure).toMatchObject({ kind: 'http', status: 503, code: 'maintenance', retryAfterMs: 0 });
  });

  it('maps 410 cursor_expired to an http failure the pull can recognise', async () => {
    const { gateway } = client();
    answers = [{ status: 410, body: PROBLEM(410, 'cursor_expired') }];
    expect(await failureOf(gateway.changes('old', 10))).toMatchObject({ kind: 'http', status: 410, code: 'cursor_expired' });
  });

  it('posts a result with its Idempotency-Key and tells a first delivery from a replay', async () => {
    const { gateway } = client();
    const task = buildTask({ taskId: 'T-9', version: 4 });
    const submission = { resultId: '2b1f3f7e-3a53-4d55-9d7e-4a1c2b3d4e5f' } as ResultSubmission;
    answers = [
      { status: 201, body: { accepted: true, task } },
      { status: 200, body: { accepted: true, task } },
      { status: 409, body: PROBLEM(409, 'task_changed', { task }) },
      { status: 422, body: PROBLEM(422, 'invalid_result', { errors: [{ path: 'outcome', message: 'required' }] }) },
      { status: 424, body: PROBLEM(424, 'attachment_missing') },
    ];
    expect(await gateway.postResult('T-9', submission, submission.resultId)).toEqual({ status: 201, task });
    expect(await gateway.postResult('T-9', submission, submission.resultId)).toEqual({ status: 200, task });
    const conflict = await failureOf(gateway.postResult('T-9', submission, submission.resultId));
    expect(conflict).toMatchObject({ kind: 'http', status: 409, code: 'task_changed' });
    expect(conflict.kind === 'http' && conflict.problem?.task?.version).toBe(4);
    expect(await failureOf(gateway.postResult('T-9', submission, submission.resultId))).toMatchObject({
      status: 422,
      problem: { errors: [{ path: 'outcome', message: 'required' }] },
    });
    expect(await failureOf(gateway.postResult('T-9', submission, submission.resultId))).toMatchObject({ status: 424, code: 'attachment_missing' });
    const posts = calls('/v1/tasks/T-9/results');
    expect(posts).toHaveLength(5);
    expect(posts.every((item) => item.headers['idempotency-key'] === submission.resultId)).toBe(true);
  });

  it('puts attachment bytes with their media type: 201 stored, 200 already stored', async () => {
    const { gateway } = client();
    const sha = 'a'.repeat(64);
    answers = [{ status: 201 }, { status: 200 }];
    expect(await gateway.putAttachment(sha, Buffer.from('photo'), 'image/jpeg')).toBe('stored');
    expect(await gateway.putAttachment(sha, Buffer.from('photo'), 'image/jpeg')).toBe('already_stored');
    const puts = calls(`/v1/attachments/${sha}`);
    expect(puts.map((item) => [item.method, item.headers['content-type'], item.body])).toEqual([
      ['PUT', 'image/jpeg', 'photo'],
      ['PUT', 'image/jpeg', 'photo'],
    ]);
  });

  it('asks for reference data with If-None-Match and understands 304', async () => {
    const { gateway } = client();
    const data = { version: 'r1', ports: [], checklists: [], findingCodes: [] };
    answers = [{ status: 200, headers: { etag: '"r1"' }, body: data }, { status: 304 }];
    expect(await gateway.reference(null)).toEqual({ data, etag: '"r1"' });
    expect(await gateway.reference('"r1"')).toBe('not_modified');
    expect(calls('/v1/reference')[1]!.headers['if-none-match']).toBe('"r1"');
  });

  it('fails invalid_body on a 200 that is not the contract shape', async () => {
    const { gateway } = client();
    answers = [{ status: 200, body: { changes: [{ op: 'upsert', task: { taskId: 'T-1' } }], nextCursor: 'c', hasMore: false } }];
    expect(await failureOf(gateway.changes(null, 10))).toMatchObject({ kind: 'invalid_body', status: 200 });
  });
});
