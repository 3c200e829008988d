import http from 'node:http';
import { randomUUID } from 'node:crypto';
import {
  positionSchema,
  problemSchema,
  tokenResponseSchema,
  type GatewayTask,
  type Position,
  type Problem,
  type ReferenceData,
  type ResultSubmission,
  type TokenResponse,
} from '../../shared/contract/gateway.js';
import type { Simulator } from '../../electron/simulator/server.js';

/** Helpers for the simulator's integration tests: real HTTP over loopback, every body parsed. */

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  body: unknown;
}

export interface CallOptions {
  method?: string;
  token?: string;
  json?: unknown;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}

export async function call(sim: Simulator, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  // A copy typed as fetch wants it (a Buffer may sit on a shared ArrayBuffer).
  let body: string | Uint8Array<ArrayBuffer> | undefined = typeof options.body === 'string' || options.body === undefined ? options.body : new Uint8Array(options.body);
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${sim.url}${path}`, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** The reply as a problem document, checked against the contract (and its media type). */
export function problemOf(reply: Reply): Problem {
  if (!(reply.headers.get('content-type') ?? '').startsWith('application/problem+json')) {
    throw new Error(`not a problem document (${reply.status}): ${reply.headers.get('content-type') ?? 'no content-type'}`);
  }
  return problemSchema.parse(reply.body);
}

export async function signIn(sim: Simulator, operatorId = 'op-8000-001', workstationId = 'ws-test', password = 'training'): Promise<TokenResponse> {
  const reply = await call(sim, '/v1/auth/token', { json: { operatorId, password, workstationId } });
  if (reply.status !== 200) throw new Error(`sign-in failed: ${reply.status} ${reply.text}`);
  return tokenResponseSchema.parse(reply.body);
}

export async function token(sim: Simulator, operatorId?: string, workstationId?: string): Promise<string> {
  return (await signIn(sim, operatorId, workstationId)).accessToken;
}

/** A controllable clock for the simulator (ms). */
export function testClock(start = Date.parse('2026-03-02T08:00:00.000Z')): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

/** A result the simulator accepts for `task`: two officers, every checklist item answered. */
export function validResult(task: GatewayTask, reference: ReferenceData, overrides: Partial<ResultSubmission> = {}): ResultSubmission {
  const checklist = reference.checklists.find((c) => c.checklistId === task.inspection.checklistId);
  if (checklist === undefined) throw new Error(`no checklist ${task.inspection.checklistId}`);
  return {
    resultId: randomUUID(),
    baseVersion: task.version,
    outcome: 'conform',
    findings: [{ agency: 'customs', code: 'X-INFO', severity: 'info', text: '现场查验无异常', goodsLine: 1 }],
    seals: task.containers.slice(0, 1).map((c) => ({ containerNo: c.containerNo, removed: c.sealNos, applied: ['CQ12345678'] })),
    samples: [],
    attachments: [],
    disposition: 'release',
    inspectors: ['op-8000-001', 'op-8000-002'],
    startedAt: '2026-03-02T07:00:00.000Z',
    completedAt: '2026-03-02T07:40:00.000Z',
    checklist: checklist.items.map((item) => ({ itemId: item.itemId, answer: 'yes' as const })),
    ...overrides,
  };
}

export function postResult(sim: Simulator, bearer: string, taskId: string, result: unknown, key?: string): Promise<Reply> {
  const headers: Record<string, string> = key === undefined ? {} : { 'idempotency-key': key };
  return call(sim, `/v1/tasks/${encodeURIComponent(taskId)}/results`, { token: bearer, json: result, headers });
}

/** An open event stream, its events parsed and checked as they arrive. */
export interface EventStream {
  readonly status: number;
  readonly events: Position[];
  comments: number;
  /** Resolves once `count` events have arrived in all. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): void;
  readonly closed: Promise<void>;
}

export function openStream(sim: Simulator, bearer: string, lastEventId?: string): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${bearer}`, accept: 'text/event-stream' };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const req = http.get(`${sim.url}/v1/cargo/stream`, { headers }, (res) => {
      const events: Position[] = [];
      let buffer = '';
      let waiters: { count: number; resolve: () => void }[] = [];
      const stream: EventStream = {
        status: res.statusCode ?? 0,
        events,
        comments: 0,
        waitFor: (count, timeoutMs = 5000) =>
          new Promise<void>((done, fail) => {
            if (events.length >= count) {
              done();
              return;
            }
            const timer = setTimeout(() => {
              fail(new Error(`only ${events.length} of ${count} events arrived`));
            }, timeoutMs);
            waiters.push({
              count,
              resolve: () => {
                clearTimeout(timer);
                done();
              },
            });
          }),
        close: () => {
          req.destroy();
        },
        closed: new Promise((done) => res.once('close', done)),
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let id: string | undefined;
          let data = '';
          let event = 'message';
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) stream.comments++;
            else if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
          }
          if (data === '') continue;
          const position = positionSchema.parse(JSON.parse(data));
          if (event !== 'position' || id !== position.eventId) throw new Error(`bad event framing: ${block}`);
          events.push(position);
        }
        waiters = waiters.filter((w) => {
          if (events.length < w.count) return true;
          w.resolve();
          return false;
        });
      });
      res.on('error', () => undefined);
      resolve(stream);
    });
    req.on('error', reject);
  });
}
