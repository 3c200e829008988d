import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methods, responseFrameSchema, type MethodName } from '../../shared/contract/index.js';
import { startCore, type Core, type Session } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { createTestAccounts, signInFrame, testOperatorId } from '../fixtures/sign-in-account.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * A wall display's channel through the real core (issue 10, point 5): signed in as the `wall` role
 * with no account, it gets `forbidden` for every call a wall does not show, the session's own calls
 * included (it cannot sign in as an officer), and hears only the events its screen shows.
 */
const temp = makeTempDir('console-wall-');
let core: Core;
let wall: Session;
const heard: unknown[] = [];
const answers = new Map<number, (frame: unknown) => void>();
let nextId = 1;

beforeAll(async () => {
  core = startCore({ dataDir: temp.dir, logSink: nullSink });
  await createTestAccounts(core.accounts, [['supervisor']]);
  wall = core.openSession(
    (text) => {
      const frame: unknown = JSON.parse(text);
      const parsed = responseFrameSchema.safeParse(frame);
      if (parsed.success && parsed.data.id !== null) answers.get(parsed.data.id)?.(parsed.data.result);
      else heard.push(frame);
    },
    { wall: true },
  );
});
afterAll(async () => {
  wall.close();
  await core.close();
  temp.remove();
});

function call(method: string, input: unknown = {}): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve) => {
    answers.set(id, resolve);
    wall.receive(JSON.stringify({ type: 'request', id, method, input }));
  });
}

const allowed = (name: MethodName): boolean => (methods[name].roles as readonly string[]).includes('wall');

describe('a wall display channel', () => {
  it('is signed in as the wall role, with no account', async () => {
    expect(await call('session:status')).toEqual({ ok: true, value: { signedIn: 'wall', roles: ['wall'], mode: 'training' } });
    expect(await call('app:info')).toMatchObject({ ok: true, value: { roles: ['wall'] } });
  });

  it('reads the map, the arrivals and the sync state', async () => {
    for (const method of ['cargo:snapshot', 'cargo:arrivals', 'sync:status']) expect(await call(method)).toMatchObject({ ok: true });
  });

  it.each((Object.keys(methods) as MethodName[]).filter((name) => !allowed(name)))('gets forbidden for %s', async (method) => {
    expect(await call(method)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('stays a wall after a valid officer sign-in is sent on it', async () => {
    wall.receive(signInFrame(testOperatorId(['supervisor'])));
    expect(await call('tasks:list', { filter: { status: 'all' }, offset: 0, limit: 10 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('session:status')).toMatchObject({ ok: true, value: { signedIn: 'wall' } });
  });

  it('hears the sync state but not which tasks changed', () => {
    heard.length = 0;
    core.emit('tasks:changed', { taskIds: ['JI-8000-2026-000001'], reloadAll: false });
    core.emit('sync:changed', core.sync.status());
    expect(heard.map((frame) => (frame as { name?: string }).name)).toEqual(['sync:changed']);
  });
});
