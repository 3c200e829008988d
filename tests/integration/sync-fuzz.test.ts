import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../shared/contract/index.js';
import { openDatabase, type Database, sqliteHandle } from '../../electron/core/db/connection.js';
import { SyncRepository } from '../../electron/core/db/sync-repository.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { GatewayClient } from '../../electron/core/sync/gateway-client.js';
import { GatewayError } from '../../electron/core/sync/gateway.js';
import { SyncJournal } from '../../electron/core/sync/journal.js';
import { pullUntilIdle } from '../../electron/core/sync/pull.js';
import { generateTasks } from '../../electron/simulator/seed/task-generator.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * Hostile or broken answers to the change feed, from a gateway stand-in on loopback that signs in
 * properly and then answers GET /v1/tasks/changes with whatever the property hands it. Whatever the
 * body, the console must not crash, must apply a page whole or not at all (its cursor with it), and
 * must leave a journal entry an admin can read.
 */
const log = createLogger(nullSink);
const tasks = [...generateTasks(6, { seed: 5, now: Date.parse('2026-11-25T08:00:00Z') })];
const validPage = { changes: tasks.map((task) => ({ op: 'upsert', task })), nextCursor: 'c-1', hasMore: false };
const validText = JSON.stringify(validPage);

let temp: ReturnType<typeof makeTempDir>;
let server: http.Server;
let url: string;
let body: string | Buffer = validText;
let db: Database;
let sync: SyncRepository;

beforeAll(async () => {
  temp = makeTempDir('sync-fuzz-');
  server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.url === '/v1/auth/token') {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ accessToken: 't', expiresAt: '2099-01-01T00:00:00Z', operator: { id: 'op-8000-001', name: '张伟', roles: ['inspector'], agency: 'customs', portCode: '8000' } }));
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  db = openDatabase(path.join(temp.dir, 'console.sqlite'), { log });
  sync = new SyncRepository(sqliteHandle(db), db.tasks);
});
afterAll(async () => {
  db.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  temp.remove();
});
beforeEach(() => {
  db.tasks.forgetAll();
  sync.clearCursor();
});

/** Pulls once against `payload`; returns how it ended and what the database holds after. */
async function pullWith(payload: string | Buffer): Promise<{ error: GatewayError | null; tasks: number; cursor: string | null; journal: Pick<JournalEntry, 'outcome' | 'message'> | undefined }> {
  body = payload;
  const journal = new SyncJournal(sync, log);
  const client = new GatewayClient({ baseUrl: url, credentials: { operatorId: 'op-8000-001', password: 'pw', workstationId: 'ws-fuzz' }, log, timeoutMs: 5000 });
  let error: GatewayError | null = null;
  try {
    await pullUntilIdle({ gateway: client, db, log, journal, retryBudgetMs: 0, maxAttempts: 1 });
  } catch (caught) {
    if (!(caught instanceof GatewayError)) throw caught; // anything else is a crash of the sync code
    error = caught;
  }
  const [last] = sync.journal({ limit: 1 });
  return { error, tasks: db.tasks.totalCount(), cursor: sync.state().cursor, journal: last ? { outcome: last.outcome, message: last.message } : undefined };
}

function expectWholeOrNothing(outcome: Awaited<ReturnType<typeof pullWith>>): void {
  if (outcome.error) {
    expect(outcome.tasks).toBe(0);
    expect(outcome.cursor).toBeNull();
    expect(outcome.journal?.outcome).toMatch(/error|retry/);
    expect(outcome.journal?.message?.key).toMatch(/^pull\./);
  } else {
    expect(outcome.cursor).not.toBeNull();
    expect(outcome.journal?.outcome).toBe('ok');
  }
}

/** Sets `value` at a random path inside a copy of the valid page. */
function mutate(pathChoice: number[], value: unknown): unknown {
  const copy = JSON.parse(validText) as unknown;
  let node: unknown = copy;
  for (let depth = 0; depth < pathChoice.length; depth++) {
    if (node === null || typeof node !== 'object') break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[(pathChoice[depth] ?? 0) % keys.length] as string;
    const child = (node as Record<string, unknown>)[key];
    if (depth === pathChoice.length - 1 || child === null || typeof child !== 'object') {
      (node as Record<string, unknown>)[key] = value;
      break;
    }
    node = child;
  }
  return copy;
}

describe('fuzzed gateway payloads', () => {
  it('takes a valid page whole (the harness itself works)', async () => {
    const outcome = await pullWith(validText);
    expect(outcome.error).toBeNull();
    expect(outcome.tasks).toBe(tasks.length);
    expect(outcome.cursor).toBe('c-1');
  });

  it('never crashes and applies a page whole or not at all, whatever the body', async () => {
    const hostile = fc.oneof(
      // wrong types anywhere in an otherwise valid page
      fc.tuple(fc.array(fc.nat(50), { minLength: 1, maxLength: 6 }), fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.boolean(), fc.array(fc.integer()), fc.object())).map(([at, value]) => JSON.stringify(mutate(at, value))),
      // truncated JSON
      fc.nat(validText.length - 1).map((cut) => validText.slice(0, cut)),
      // lone surrogates inside strings
      fc.constantFrom('\\ud800', '\\udfff', '\\ud83d').map((s) => validText.replace('"nextCursor":"c-1"', `"nextCursor":"c-${s}"`).replace(/"description":"/, `"description":"${s}`)),
      // duplicate keys: JSON.parse keeps the last
      fc.constantFrom('"hasMore":"yes"', '"hasMore":false', '"changes":{}').map((dup) => validText.replace('"hasMore":false', `"hasMore":false,${dup}`)),
      // deep nesting
      fc.integer({ min: 1000, max: 200_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
      // arbitrary JSON values and arbitrary text
      fc.json(),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(hostile, async (payload) => {
        db.tasks.forgetAll();
        sync.clearCursor();
        expectWholeOrNothing(await pullWith(payload));
      }),
      { numRuns: 150, seed: 4242 },
    );
  }, 120_000);

  it('refuses a huge string field without reading it into a task', async () => {
    const huge = JSON.stringify({ ...validPage, changes: [{ op: 'upsert', task: { ...tasks[0], billOfLading: 'x'.repeat(5_000_000) } }] });
    const outcome = await pullWith(huge);
    expect(outcome.error?.failure.kind).toBe('invalid_body');
    expectWholeOrNothing(outcome);
  });

  it('stops reading a body above the 25 MiB cap', async () => {
    const outcome = await pullWith(Buffer.alloc(26 * 1024 * 1024, 0x20));
    expect(outcome.error?.failure.kind).toBe('too_large');
    expectWholeOrNothing(outcome);
  });
});
