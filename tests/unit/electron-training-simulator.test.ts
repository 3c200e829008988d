import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCoreProcess } from '../../electron/core-process.js';
import type { TrainingReply, TrainingRequest } from '../../electron/core/training-control.js';
import { trainingViaMain } from '../../electron/core/training-via-main.js';
import {
  createTrainingService,
  launchSimulator,
  MAX_SIMULATORS_PER_CORE,
  simulatorArgs,
  type RunningSimulator,
  type SimulatorChild,
  type TrainingWorld,
} from '../../electron/training-simulator.js';
import { fakeChannel, FakeTimers, FakeUtilityProcess } from './fakes/electron.js';
import { memoryLog } from './fakes/memory-log.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SIMULATOR = path.join(ROOT, 'electron/simulator/cli.ts');
const WORLD: TrainingWorld = { seed: 8000, tasks: 30, cargo: 0 };

/** Processes a test started; each is killed by its pid when the test ends, whatever happened. */
const started: ChildProcess[] = [];
const strayPids: number[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const pid of strayPids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * utilityProcess.fork as far as the launcher uses it, backed by a real Node process: Electron cannot run
 * here. Like a utility process it has no IPC channel, pipes stdout/stderr, and kill() sends SIGTERM.
 */
function nodeFork(script?: string): (entry: string, args: string[]) => SimulatorChild & { readonly forked: { entry: string; args: string[] } } {
  return (entry, args) => {
    const argv = script === undefined ? ['--import', 'tsx', entry, ...args] : ['-e', script];
    const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    return {
      forked: { entry, args },
      get pid() {
        return child.pid;
      },
      stdout: child.stdout,
      stderr: child.stderr,
      on(_event: 'exit', listener: (code: number) => void) {
        child.on('exit', (code, signal) => listener(code ?? (signal === null ? 0 : 128)));
        return this;
      },
      kill: () => child.kill('SIGTERM'),
    };
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/v1/reference`);
    return true;
  } catch {
    return false;
  }
}

describe('launchSimulator (main side)', () => {
  it('starts the real simulator command line on loopback port 0 and stops it with SIGTERM', async () => {
    const { log } = memoryLog();
    const forks: { entry: string; args: string[] }[] = [];
    const fork = nodeFork();
    const simulator = await launchSimulator(
      {
        fork: (entry, args) => {
          const child = fork(entry, args);
          forks.push(child.forked);
          return child;
        },
        entry: SIMULATOR,
        log,
      },
      WORLD,
    );
    expect(forks).toEqual([{ entry: SIMULATOR, args: ['--port', '0', '--host', '127.0.0.1', '--seed', '8000', '--tasks', '30', '--cargo', '0'] }]);
    expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${simulator.url}/v1/reference`)).status).toBe(401); // the real gateway API
    const before = Date.now();
    await simulator.stop();
    expect(Date.now() - before).toBeLessThan(4000); // SIGTERM was enough, no SIGKILL fallback
    expect(await answers(simulator.url)).toBe(false);
    await simulator.stop(); // a second stop is a no-op
  }, 60_000);

  it('reports a simulator that exits before listening', async () => {
    const { log } = memoryLog();
    await expect(launchSimulator({ fork: nodeFork('process.exit(3)'), entry: SIMULATOR, log }, WORLD)).rejects.toThrow(/exited before listening \(code 3\)/);
  }, 30_000);

  it('gives up on one that never says it listens, and ends it', async () => {
    const { log } = memoryLog();
    const fork = nodeFork("process.stdout.write('listening http://10.0.0.1:80\\n'); setInterval(() => {}, 1000)");
    let child: ChildProcess | undefined;
    const launch = launchSimulator(
      {
        fork: (entry, args) => {
          const forked = fork(entry, args);
          child = started.at(-1);
          return forked;
        },
        entry: SIMULATOR,
        log,
        timeoutMs: 1500,
      },
      WORLD,
    );
    await expect(launch).rejects.toThrow(/did not start in time/);
    expect(child?.exitCode !== null || child.signalCode !== null).toBe(true);
  }, 30_000);

  it('kills one that ignores SIGTERM after the grace period', async () => {
    const { log, lines } = memoryLog();
    const script = "process.on('SIGTERM', () => {}); process.stdout.write('listening http://127.0.0.1:1\\n'); setInterval(() => {}, 1000)";
    const forced: number[] = [];
    const simulator = await launchSimulator(
      {
        fork: nodeFork(script),
        entry: SIMULATOR,
        log,
        killAfterMs: 300,
        forceKill: (pid) => {
          forced.push(pid);
          process.kill(pid, 'SIGKILL');
        },
      },
      WORLD,
    );
    await simulator.stop();
    expect(forced).toHaveLength(1);
    expect(lines.some((line) => line.message.includes('ignored SIGTERM'))).toBe(true);
  }, 30_000);

  it('passes only loopback, port 0 and the world to the command line', () => {
    expect(simulatorArgs({ seed: 1, tasks: 2, cargo: 3 })).toEqual(['--port', '0', '--host', '127.0.0.1', '--seed', '1', '--tasks', '2', '--cargo', '3']);
  });
});

/** A launch that records what it started and what it stopped, without processes. */
function fakeLaunch(): {
  launch(world: TrainingWorld): Promise<RunningSimulator>;
  worlds: TrainingWorld[];
  stopped: string[];
  release(): void;
  hold: boolean;
} {
  const worlds: TrainingWorld[] = [];
  const stopped: string[] = [];
  const held: (() => void)[] = [];
  const state = {
    worlds,
    stopped,
    hold: false,
    release() {
      for (const go of held.splice(0)) go();
    },
    launch(world: TrainingWorld): Promise<RunningSimulator> {
      worlds.push(world);
      const url = `http://127.0.0.1:${41000 + worlds.length}`;
      const simulator: RunningSimulator = {
        url,
        stop: () => {
          stopped.push(url);
          return Promise.resolve();
        },
      };
      if (!state.hold) return Promise.resolve(simulator);
      return new Promise((resolve) => held.push(() => resolve(simulator)));
    },
  };
  return state;
}

class RecordingCore {
  readonly replies: TrainingReply[] = [];
  postMessage(message: TrainingReply): void {
    this.replies.push(message);
  }
}

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('the training service (main answers the core)', () => {
  it('starts a simulator on request and reports its URL; stops it on request', async () => {
    const launch = fakeLaunch();
    const service = createTrainingService({ launch: (world) => launch.launch(world), log: memoryLog().log });
    const core = new RecordingCore();
    expect(service.handle(core, { type: 'training:start', requestId: 1, seed: 8000, tasks: 5000, cargo: 500 })).toBe(true);
    await flush();
    expect(launch.worlds).toEqual([{ seed: 8000, tasks: 5000, cargo: 500 }]);
    expect(core.replies).toEqual([{ type: 'training:started', requestId: 1, url: 'http://127.0.0.1:41001' }]);
    service.handle(core, { type: 'training:stop', requestId: 1 });
    await flush();
    expect(launch.stopped).toEqual(['http://127.0.0.1:41001']);
    expect(core.replies.at(-1)).toEqual({ type: 'training:stopped', requestId: 1 });
  });

  it.each([
    ['a status', { type: 'ready' }],
    ['a huge world', { type: 'training:start', requestId: 1, seed: 1, tasks: 10_000_000, cargo: 0 }],
    ['a negative count', { type: 'training:start', requestId: 1, seed: 1, tasks: -1, cargo: 0 }],
    ['extra arguments smuggled as a string', { type: 'training:start', requestId: 1, seed: '1 --host 0.0.0.0', tasks: 1, cargo: 0 }],
    ['no request id', { type: 'training:stop' }],
    ['text', 'training:start'],
  ])('leaves %s alone and starts nothing', async (_name, raw) => {
    const launch = fakeLaunch();
    const service = createTrainingService({ launch: (world) => launch.launch(world), log: memoryLog().log });
    expect(service.handle(new RecordingCore(), raw)).toBe(false);
    await flush();
    expect(launch.worlds).toEqual([]);
  });

  it(`refuses more than ${MAX_SIMULATORS_PER_CORE} simulators for one core`, async () => {
    const launch = fakeLaunch();
    const service = createTrainingService({ launch: (world) => launch.launch(world), log: memoryLog().log });
    const core = new RecordingCore();
    for (let requestId = 1; requestId <= MAX_SIMULATORS_PER_CORE + 1; requestId++) {
      service.handle(core, { type: 'training:start', requestId, seed: 1, tasks: 1, cargo: 0 });
    }
    await flush();
    expect(launch.worlds).toHaveLength(MAX_SIMULATORS_PER_CORE);
    expect(core.replies).toContainEqual({ type: 'training:failed', requestId: MAX_SIMULATORS_PER_CORE + 1, message: 'too many training simulators' });
  });

  it('stops the simulators of a core that exited, also one still starting (and never reports it started)', async () => {
    const launch = fakeLaunch();
    const service = createTrainingService({ launch: (world) => launch.launch(world), log: memoryLog().log });
    const core = new RecordingCore();
    service.handle(core, { type: 'training:start', requestId: 1, seed: 1, tasks: 1, cargo: 0 });
    await flush();
    launch.hold = true;
    service.handle(core, { type: 'training:start', requestId: 2, seed: 1, tasks: 1, cargo: 0 });
    service.coreExited(core);
    await flush();
    expect(launch.stopped).toEqual(['http://127.0.0.1:41001']);
    launch.release();
    await flush();
    expect(launch.stopped).toEqual(['http://127.0.0.1:41001', 'http://127.0.0.1:41002']);
    expect(core.replies.filter((reply) => reply.type === 'training:started')).toHaveLength(1);
  });

  it('reports a launch failure to the core', async () => {
    const service = createTrainingService({ launch: () => Promise.reject(new Error('no simulator file')), log: memoryLog().log });
    const core = new RecordingCore();
    service.handle(core, { type: 'training:start', requestId: 7, seed: 1, tasks: 1, cargo: 0 });
    await flush();
    expect(core.replies).toEqual([{ type: 'training:failed', requestId: 7, message: 'no simulator file' }]);
  });

  it('stops every simulator when the app quits', async () => {
    const launch = fakeLaunch();
    const service = createTrainingService({ launch: (world) => launch.launch(world), log: memoryLog().log });
    service.handle(new RecordingCore(), { type: 'training:start', requestId: 1, seed: 1, tasks: 1, cargo: 0 });
    service.handle(new RecordingCore(), { type: 'training:start', requestId: 1, seed: 1, tasks: 1, cargo: 0 });
    await flush();
    await service.stopAll();
    expect(launch.stopped).toHaveLength(2);
  });
});

describe('the core asks main (trainingViaMain)', () => {
  /** The core's side wired to main's side in-process, as the parent port would carry the messages. */
  function wired(launch = fakeLaunch()): { via: ReturnType<typeof trainingViaMain>; requests: TrainingRequest[]; launch: ReturnType<typeof fakeLaunch> } {
    const requests: TrainingRequest[] = [];
    const service = createTrainingService({ launch: (world) => launch.launch(world), log: memoryLog().log });
    const core = {
      postMessage: (reply: TrainingReply) => {
        via.handle(structuredClone(reply));
      },
    };
    const via = trainingViaMain({
      post: (message) => {
        requests.push(message);
        service.handle(core, structuredClone(message));
      },
      log: memoryLog().log,
    });
    return { via, requests, launch };
  }

  it('gets the URL main reports and stops through main', async () => {
    const { via, requests, launch } = wired();
    const gateway = await via.start({ seed: 8000, tasks: 5000, cargo: 500 });
    expect(gateway.url).toBe('http://127.0.0.1:41001');
    await gateway.stop();
    expect(launch.stopped).toEqual(['http://127.0.0.1:41001']);
    expect(requests.map((request) => request.type)).toEqual(['training:start', 'training:stop']);
  });

  it('fails with main’s message when the simulator could not start', async () => {
    const via = trainingViaMain({
      post: (message) => {
        if (message.type === 'training:start') via.handle({ type: 'training:failed', requestId: message.requestId, message: 'no simulator file' });
      },
      log: memoryLog().log,
    });
    await expect(via.start(WORLD)).rejects.toThrow(/no simulator file/);
  });

  it('gives up when main never answers, and asks it to stop whatever it may still start', async () => {
    const requests: TrainingRequest[] = [];
    const via = trainingViaMain({ post: (message) => requests.push(message), log: memoryLog().log, startTimeoutMs: 50 });
    await expect(via.start(WORLD)).rejects.toThrow(/did not start in time/);
    expect(requests.map((request) => request.type)).toEqual(['training:start', 'training:stop']);
  });

  it('refuses a URL that is not loopback, even from main', async () => {
    const via = trainingViaMain({ post: () => undefined, log: memoryLog().log, startTimeoutMs: 200 });
    const starting = via.start(WORLD);
    expect(via.handle({ type: 'training:started', requestId: 1, url: 'http://10.0.0.1:80' })).toBe(false);
    await expect(starting).rejects.toThrow(/did not start in time/);
  });

  it('leaves other control messages to the core', () => {
    const via = trainingViaMain({ post: () => undefined, log: memoryLog().log });
    expect(via.handle({ type: 'init', dataDir: '/data', sync: true, appVersion: '1' })).toBe(false);
    expect(via.handle({ type: 'connect', windowId: 1 })).toBe(false);
  });
});

describe('the core process and the training service in main', () => {
  it('routes the core’s training requests to the service and stops its simulators when the core dies', async () => {
    const launch = fakeLaunch();
    const training = createTrainingService({ launch: (world) => launch.launch(world), log: memoryLog().log });
    const children: FakeUtilityProcess[] = [];
    const { log, lines } = memoryLog();
    startCoreProcess({
      fork: () => {
        const child = new FakeUtilityProcess();
        children.push(child);
        return child;
      },
      createChannel: fakeChannel,
      init: { dataDir: '/data', sync: true, appVersion: '1.2.3' },
      log,
      onFatal: () => undefined,
      training,
      timers: new FakeTimers(),
    });
    const core = children[0];
    if (!core) throw new Error('no core');
    core.emit('message', { type: 'training:start', requestId: 1, seed: 8000, tasks: 5000, cargo: 500 });
    await flush();
    expect(core.posted.map((entry) => entry.message)).toContainEqual({ type: 'training:started', requestId: 1, url: 'http://127.0.0.1:41001' });
    expect(lines.some((line) => line.message.includes('unexpected message'))).toBe(false);
    core.exit(1);
    await flush();
    expect(launch.stopped).toEqual(['http://127.0.0.1:41001']);
  });
});

describe('the simulator started as a utility process', () => {
  it('leaves when the console is killed outright (it has a parent port and no IPC channel)', async () => {
    // A console stand-in starts the simulator with a parent port and no IPC, prints its pid, and is
    // then SIGKILLed: nobody can send the simulator a signal any more.
    const script = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/fixtures/utility-simulator-child.ts', '--port', '0', '--tasks', '20', '--cargo', '0'],
        { stdio: ['ignore', 'pipe', 'inherit'] });
      process.stdout.write('pid ' + child.pid + '\\n');
      child.stdout.pipe(process.stdout);
      setInterval(() => {}, 1000);`;
    const console_ = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    started.push(console_);
    const { pid, url } = await new Promise<{ pid: number; url: string }>((resolve) => {
      let text = '';
      console_.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        const pidMatch = /pid (\d+)/.exec(text);
        const urlMatch = /listening (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
        if (pidMatch?.[1] && urlMatch?.[1]) resolve({ pid: Number(pidMatch[1]), url: urlMatch[1] });
      });
    });
    strayPids.push(pid);
    expect(await answers(url)).toBe(true);
    console_.kill('SIGKILL');
    let alive = true;
    for (let attempt = 0; attempt < 80 && alive; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      alive = await answers(url);
    }
    expect(alive).toBe(false);
  }, 60_000);
});
