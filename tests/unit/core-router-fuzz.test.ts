import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, responseFrameSchema, type ResponseFrame } from '../../shared/contract/index.js';
import { startCore, type Core } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import type { Caller } from '../../electron/core/router.js';
import { buildTask } from '../fixtures/task-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * A renderer that sends garbage gets a clear error and changes nothing (ARCHITECTURE.md "The
 * contract"). Runs against a real core on a real database, so "changes nothing" is checked where
 * it matters: the task table.
 */
const everyone: Caller = { roles: ['inspector', 'supervisor', 'admin'] };
const temp = makeTempDir('console-router-');
let core: Core;

beforeAll(() => {
  core = startCore({ dataDir: temp.dir, logSink: nullSink, clock: () => Date.parse('2026-11-21T00:00:00Z') });
  core.db.tasks.upsertMany([buildTask({ taskId: 'T-1' }), buildTask({ taskId: 'T-2' })]);
});
afterAll(async () => {
  await core.close();
  temp.remove();
});

async function send(frame: unknown): Promise<ResponseFrame> {
  const answer = await core.router.handle(frame, everyone);
  // Every answer is a well-formed response frame, whatever came in.
  return responseFrameSchema.parse(answer);
}

function errorCode(answer: ResponseFrame): string | null {
  return answer.result.ok ? null : answer.result.error.code;
}

async function assertStillServing(): Promise<void> {
  const answer = await send(JSON.stringify({ type: 'request', id: 999, method: 'tasks:count', input: { filter: { status: 'all' } } }));
  expect(answer.result).toEqual({ ok: true, value: { total: 2 } });
}

describe('malformed frames', () => {
  it.each([
    ['not JSON', '{"type":"request", id: 1', 'bad_frame', null],
    ['JSON that is not a request', '[1,2,3]', 'bad_frame', null],
    ['a request without a method', JSON.stringify({ type: 'request', id: 3, input: {} }), 'bad_frame', 3],
    ['a negative id', JSON.stringify({ type: 'request', id: -1, method: 'tasks:list', input: {} }), 'bad_frame', null],
    ['a response sent as a request', JSON.stringify({ type: 'response', id: 4, result: { ok: true, value: 1 } }), 'bad_frame', 4],
    ['an unknown method', JSON.stringify({ type: 'request', id: 5, method: 'tasks:deleteAll', input: {} }), 'unknown_method', 5],
    ['an inherited property as method', JSON.stringify({ type: 'request', id: 6, method: 'toString', input: {} }), 'unknown_method', 6],
    ['bad input', JSON.stringify({ type: 'request', id: 7, method: 'tasks:list', input: { limit: 'all' } }), 'invalid_input', 7],
    ['an unknown input key', JSON.stringify({ type: 'request', id: 8, method: 'tasks:list', input: { drop: true } }), 'invalid_input', 8],
    ['an oversize string', `{"type":"request","id":9,"method":"tasks:list","input":"${'x'.repeat(MAX_FRAME_BYTES)}"}`, 'frame_too_large', null],
    // Fewer characters than the limit has bytes, more bytes once written as UTF-8 (3 a character).
    ['an oversize string in Chinese', `{"type":"request","id":9,"method":"tasks:list","input":"${'中'.repeat(MAX_FRAME_BYTES / 3 + 1)}"}`, 'frame_too_large', null],
  ])('%s gets %s and changes nothing', async (_name, frame, code, id) => {
    const before = core.db.tasks.totalCount();
    const answer = await send(frame);
    expect(errorCode(answer)).toBe(code);
    expect(answer.id).toBe(id);
    expect(core.db.tasks.totalCount()).toBe(before);
    await assertStillServing();
  });

  it('a role without the method gets forbidden', async () => {
    const answer = await core.router.handle(JSON.stringify({ type: 'request', id: 10, method: 'tasks:list', input: {} }), { roles: [] });
    expect(errorCode(answer)).toBe('forbidden');
  });
});

describe('hostile frames', () => {
  it('prototype-pollution keys are refused and pollute nothing', async () => {
    const frames = [
      '{"type":"request","id":20,"method":"tasks:list","input":{"__proto__":{"polluted":true}}}',
      '{"type":"request","id":21,"method":"tasks:list","input":{"filter":{"constructor":{"prototype":{"polluted":true}}}}}',
      '{"__proto__":{"type":"request","polluted":true},"id":22,"method":"tasks:list","input":{}}',
      '{"type":"request","id":23,"method":"__proto__","input":{}}',
    ];
    for (const frame of frames) {
      const answer = await send(frame);
      expect(answer.result.ok).toBe(false);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    await assertStillServing();
  });

  it('deep nesting within the size limit is answered, not crashed on', async () => {
    const depth = 200_000;
    const frame = `{"type":"request","id":30,"method":"tasks:list","input":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const answer = await send(frame);
    expect(errorCode(answer)).toBe('invalid_input');
    const deepObject = `{"type":"request","id":31,"method":"tasks:list","input":{"filter":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}}`;
    expect(answer.result.ok).toBe(false);
    expect((await send(deepObject)).result.ok).toBe(false);
    await assertStillServing();
  });

  it('huge arrays within the size limit are refused quickly', async () => {
    const numbers = new Array(200_000).fill(7).join(',');
    const frames = [
      `{"type":"request","id":40,"method":"tasks:list","input":{"filter":{"status":[${numbers}]}}}`,
      `{"type":"request","id":41,"method":"tasks:get","input":{"taskId":[${numbers}]}}`,
      `[${numbers}]`,
    ];
    const started = performance.now();
    for (const frame of frames) expect((await send(frame)).result.ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
    await assertStillServing();
  });

  it('structured (non-text) frames of any shape get an answer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything({ withObjectString: true, withNullPrototype: true, maxDepth: 4 }), async (value) => {
        const answer = await send(value);
        expect(answer.type).toBe('response');
      }),
      { numRuns: 300 },
    );
    await assertStillServing();
  });

  it('random text frames get an answer and change nothing', async () => {
    const before = core.db.tasks.totalCount();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json()), async (text) => {
        const answer = await send(text);
        expect(answer.type).toBe('response');
      }),
      { numRuns: 500 },
    );
    expect(core.db.tasks.totalCount()).toBe(before);
  });
});
