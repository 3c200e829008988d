import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { responseFrameSchema, type ResponseFrame } from '../../shared/contract/index.js';
import { coreStatusSchema, FATAL_EXIT_CODE, type CoreStatus, type ParentMessage } from '../../electron/core/control.js';
import { signInFrame } from '../fixtures/sign-in-account.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/** The real core process entry, started the way any non-Electron parent starts it. */
const ENTRY = path.resolve(import.meta.dirname, '../../electron/core/main.ts');

interface Running {
  child: ChildProcess;
  messages: unknown[];
  stderr: string[];
  exited: Promise<number | null>;
  next<T>(pick: (message: unknown) => T | undefined, timeoutMs?: number): Promise<T>;
  post(message: ParentMessage | Record<string, unknown>): void;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function startCoreProcess(): Running {
  const child = fork(ENTRY, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const messages: unknown[] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  child.on('message', (message) => {
    messages.push(message);
    for (const wake of [...waiters]) wake();
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return {
    child,
    messages,
    stderr,
    exited,
    post: (message) => child.send(message),
    next: (pick, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        let seen = 0;
        const check = (): void => {
          for (; seen < messages.length; seen++) {
            const found = pick(messages[seen]);
            if (found !== undefined) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(found);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching message from the core; got ${JSON.stringify(messages)}; stderr ${stderr.join('')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}

/** The core's `map` status naming this engine (searched from the first message, as every pick is). */
const mapEngine =
  (mapbox: boolean) =>
  (message: unknown): CoreStatus | undefined => {
    const parsed = coreStatusSchema.safeParse(message);
    return parsed.success && parsed.data.type === 'map' && parsed.data.mapbox === mapbox ? parsed.data : undefined;
  };

const status = (message: unknown): CoreStatus | undefined => {
  if (typeof message !== 'object' || message === null) return undefined;
  const type = (message as { type?: unknown }).type;
  return type === 'ready' || type === 'fatal' ? (message as CoreStatus) : undefined;
};

const responseTo =
  (id: number | null) =>
  (message: unknown): ResponseFrame | undefined => {
    if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== 'frame') return undefined;
    const frame = responseFrameSchema.safeParse(JSON.parse((message as { data: string }).data));
    return frame.success && frame.data.id === id ? frame.data : undefined;
  };

describe('the core process entry under child_process.fork', () => {
  it('starts signed out, answers a tasks:list request once signed in and an invalid frame, and stops on SIGTERM', async () => {
    const temp = makeTempDir('console-core-process-');
    cleanups.push(temp.remove);
    const core = startCoreProcess();
    core.post({ type: 'init', dataDir: temp.dir, sync: false, appVersion: '0.1.0-test' });
    expect(await core.next(status)).toEqual({ type: 'ready' });
    // Then the map engine, for Electron main's CSP: the offline basemap until an admin sets Mapbox.
    expect(await core.next(mapEngine(false))).toEqual({ type: 'map', mapbox: false });

    // The IPC channel is a channel like any other: signed out until session:signIn.
    core.post({ type: 'frame', data: JSON.stringify({ type: 'request', id: 5, method: 'tasks:list', input: {} }) });
    const refused = await core.next(responseTo(5));
    expect(refused.result.ok ? null : refused.result.error.code).toBe('unauthenticated');
    core.post({ type: 'frame', data: signInFrame('admin-8000', 6) });
    expect((await core.next(responseTo(6))).result).toMatchObject({ ok: true, value: { ok: true, session: { signedIn: true, operatorId: 'admin-8000', training: true } } });

    core.post({ type: 'frame', data: JSON.stringify({ type: 'request', id: 1, method: 'tasks:list', input: {} }) });
    const list = await core.next(responseTo(1));
    expect(list.result).toEqual({ ok: true, value: { offset: 0, rows: [] } });

    core.post({ type: 'frame', data: 'this is not a frame' });
    const invalid = await core.next(responseTo(null));
    expect(invalid.result.ok).toBe(false);
    expect(invalid.result.ok ? null : invalid.result.error.code).toBe('bad_frame');

    core.post({ type: 'frame', data: JSON.stringify({ type: 'request', id: 7, method: 'settings:setMap', input: { mapbox: { styleUrl: 'mapbox://styles/console/test', token: 'pk.eyJ1IjoidGVzdCJ9.c2ln' } } }) });
    expect(await core.next(mapEngine(true))).toEqual({ type: 'map', mapbox: true });
    expect((await core.next(responseTo(7))).result).toMatchObject({ ok: true, value: { engine: 'mapbox' } });

    core.post({ type: 'frame', data: JSON.stringify({ type: 'request', id: 2, method: 'app:info', input: {} }) });
    const info = await core.next(responseTo(2));
    expect(info.result).toMatchObject({ ok: true, value: { version: '0.1.0-test', mode: 'training', taskCount: 0 } });

    // Control messages of unknown shape are ignored; the core keeps answering.
    core.post({ type: 'shutdown-everything' });
    core.post({ type: 'init', dataDir: 'relative/path', sync: false, appVersion: 'x' });
    core.post({ type: 'frame', data: JSON.stringify({ type: 'request', id: 3, method: 'tasks:count', input: {} }) });
    expect((await core.next(responseTo(3))).result).toEqual({ ok: true, value: { total: 0 } });

    core.child.kill('SIGTERM');
    expect(await core.exited).toBe(0);
    expect(fs.existsSync(path.join(temp.dir, 'console.sqlite'))).toBe(true);
  });

  it('refuses a data folder whose console.sqlite is not a database: fatal, exit 2, file untouched', async () => {
    const temp = makeTempDir('console-core-fatal-');
    cleanups.push(temp.remove);
    const file = path.join(temp.dir, 'console.sqlite');
    const bytes = Buffer.from('These are an officer’s notes, not a database.\n'.repeat(200), 'utf8');
    fs.writeFileSync(file, bytes);
    const mtime = fs.statSync(file).mtimeMs;

    const core = startCoreProcess();
    core.post({ type: 'init', dataDir: temp.dir, sync: false, appVersion: '0.1.0-test' });
    const answer = await core.next(status);
    expect(answer.type).toBe('fatal');
    const message = answer.type === 'fatal' ? answer.message : '';
    expect(message).toContain('could not start');
    expect(message).toContain('not a console database');
    expect(message).toContain(file);
    expect(await core.exited).toBe(FATAL_EXIT_CODE);

    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
    expect(fs.readdirSync(temp.dir).filter((name) => name.startsWith('console.sqlite'))).toEqual(['console.sqlite']);
  });

  it('closes the core when its parent disconnects', async () => {
    const temp = makeTempDir('console-core-disconnect-');
    cleanups.push(temp.remove);
    const core = startCoreProcess();
    core.post({ type: 'init', dataDir: temp.dir, sync: false, appVersion: '0.1.0-test' });
    await core.next(status);
    core.child.disconnect();
    expect(await core.exited).toBe(0);
    const log = fs.readFileSync(path.join(temp.dir, 'logs', 'console.log'), 'utf8');
    expect(log).toContain('core stopped');
  });
});
