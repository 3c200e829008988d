import { fork, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startCoreProcess, type CoreChild } from '../../electron/core-process.js';
import { DATABASE_FILE, TRAINING_DIR } from '../../electron/core/core.js';
import type { TrainingReply } from '../../electron/core/training-control.js';
import { createTrainingService, launchSimulator, type SimulatorChild, type TrainingWorld } from '../../electron/training-simulator.js';
import { makeTempDir } from '../fixtures/temp-dir.js';
import { fakeChannel, FakeTimers } from './fakes/electron.js';
import { memoryLog } from './fakes/memory-log.js';

/**
 * Training mode as Electron runs it, with every part real except Electron itself: the real core process
 * entry believing it is a utility process (a parent port, no way to start processes), Electron main's
 * real core-process.ts and training service, and the real simulator command line, started by main.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const CORE_ENTRY = path.join(ROOT, 'electron/core/main.ts');
const SHIM = path.join(ROOT, 'tests/fixtures/utility-process-shim.ts');
const SIMULATOR = path.join(ROOT, 'electron/simulator/cli.ts');

const processes: ChildProcess[] = [];
/** The simulators main started, to watch them exit. */
const simulators: ChildProcess[] = [];
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const child of processes.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** utilityProcess.fork of the core, as main uses it, over child_process.fork plus the parent-port shim. */
function forkCore(): { core: CoreChild; child: ChildProcess } {
  const child = fork(CORE_ENTRY, [], { cwd: ROOT, execArgv: ['--import', 'tsx', '--import', SHIM], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  processes.push(child);
  const core: CoreChild = {
    postMessage: (message) => {
      if (child.connected) child.send(message);
    },
    on: (event: 'exit' | 'message', listener: ((code: number) => void) & ((message: unknown) => void)) => {
      if (event === 'exit') child.on('exit', (code, signal) => listener(code ?? (signal === null ? 0 : 137)));
      else child.on('message', listener);
      return core;
    },
    kill: () => child.kill('SIGTERM'),
  };
  return { core, child };
}

/** utilityProcess.fork of the simulator (stdio piped, no IPC), over a Node child. */
function forkSimulator(entry: string, args: string[]): SimulatorChild {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  processes.push(child);
  simulators.push(child);
  return {
    get pid() {
      return child.pid;
    },
    stdout: child.stdout,
    stderr: child.stderr,
    on(_event: 'exit', listener: (code: number) => void) {
      child.on('exit', (code) => listener(code ?? 0));
      return this;
    },
    kill: () => child.kill('SIGTERM'),
  };
}

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('training mode in a utility-process core', () => {
  it('the core asks main for the simulator, syncs from it, and the simulator ends when the core dies', async () => {
    const data = makeTempDir('console-utility-core-');
    cleanups.push(data.remove);
    const { log } = memoryLog();
    const worlds: TrainingWorld[] = [];
    const urls: string[] = [];
    const training = createTrainingService({
      launch: async (world) => {
        worlds.push(world);
        // What the core asked for is recorded; a smaller world keeps the test quick on a busy machine.
        const simulator = await launchSimulator({ fork: forkSimulator, entry: SIMULATOR, log }, { ...world, tasks: 200, cargo: 0 });
        urls.push(simulator.url);
        return simulator;
      },
      log,
    });
    const forked: { core: CoreChild; child: ChildProcess }[] = [];
    const replies: TrainingReply[] = [];
    startCoreProcess({
      fork: () => {
        const next = forkCore();
        forked.push(next);
        const post = next.core.postMessage.bind(next.core);
        next.core.postMessage = (message, transfer) => {
          if (message.type.startsWith('training:')) replies.push(message as TrainingReply);
          post(message, transfer);
        };
        return next.core;
      },
      createChannel: fakeChannel,
      init: { dataDir: data.dir, sync: true, appVersion: '9.9.9' },
      log,
      onFatal: (message) => {
        throw new Error(message);
      },
      training,
      // The restart never fires: this test ends with the core killed.
      timers: new FakeTimers(),
    });

    const url = await until(() => urls[0], 90_000, 'main to start the simulator');
    expect(worlds).toEqual([{ seed: 8000, tasks: 5000, cargo: 500 }]);
    expect(replies).toContainEqual({ type: 'training:started', requestId: 1, url });
    // The core synced from the simulator main started: tasks arrive in its training database.
    const tasks = await until(
      () => {
        try {
          const db = new Database(path.join(data.dir, TRAINING_DIR, DATABASE_FILE), { readonly: true, fileMustExist: true });
          try {
            const row = db.prepare('SELECT count(*) AS n FROM tasks').get() as { n: number };
            return row.n > 0 ? row.n : undefined;
          } finally {
            db.close();
          }
        } catch {
          return undefined; // not created yet
        }
      },
      60_000,
      'tasks from the training simulator',
    );
    expect(tasks).toBeGreaterThan(0);

    // The core dies outright; main stops the simulator it started for it.
    const simulator = simulators[0];
    if (!simulator) throw new Error('no simulator process');
    expect(simulator.exitCode).toBeNull();
    const simulatorExit = new Promise((resolve) => simulator.once('exit', resolve));
    forked[0]?.child.kill('SIGKILL');
    await until(() => (simulator.exitCode !== null || simulator.signalCode !== null ? true : undefined), 15_000, 'the simulator to stop');
    await simulatorExit;
    expect(simulator.signalCode === 'SIGTERM' || simulator.exitCode === 0).toBe(true);
  }, 180_000);
});
