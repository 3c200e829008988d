import type { Logger } from './core/log.js';
import { TRAINING_URL, trainingRequestSchema, type TrainingReply } from './core/training-control.js';

/**
 * Training mode under Electron: main starts the single-window simulator as a utility process when the
 * core asks (electron/core/training-control.ts), so nothing ever runs Electron as Node and the
 * RunAsNode fuse stays off. The simulator is started through its command line, as the headless host
 * does with Node, prints `listening http://127.0.0.1:<port>` and is stopped with SIGTERM (utility
 * process kill()), SIGKILL after 5 s. Electron is injected (main passes utilityProcess.fork); nothing
 * here imports 'electron' at runtime.
 */

/** A utilityProcess child, as far as the launcher uses it (forked with `stdio: 'pipe'`). */
export interface SimulatorChild {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface TrainingWorld {
  seed: number;
  tasks: number;
  cargo: number;
}

export interface RunningSimulator {
  readonly url: string;
  /** Resolves once the process has exited (SIGTERM, then SIGKILL after `killAfterMs`). */
  stop(): Promise<void>;
}

export interface SimulatorLaunchOptions {
  /** `(entry, args) => utilityProcess.fork(entry, args, { stdio: 'pipe', serviceName: 'training-simulator' })`. */
  fork(entry: string, args: string[]): SimulatorChild;
  /** The simulator's compiled command line: dist/node/electron/simulator/cli.js. */
  entry: string;
  log: Logger;
  timeoutMs?: number;
  killAfterMs?: number;
  /** The last resort when SIGTERM did not end it: `process.kill(pid, 'SIGKILL')`. */
  forceKill?(pid: number): void;
}

export function simulatorArgs(world: TrainingWorld): string[] {
  return ['--port', '0', '--host', '127.0.0.1', '--seed', String(world.seed), '--tasks', String(world.tasks), '--cargo', String(world.cargo)];
}

const LISTENING = /listening (http:\/\/127\.0\.0\.1:\d{1,5})\r?\n/;

function defaultForceKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

export function launchSimulator(options: SimulatorLaunchOptions, world: TrainingWorld): Promise<RunningSimulator> {
  const log = options.log;
  const child = options.fork(options.entry, simulatorArgs(world));
  const state = { exited: false };
  // A function, so the check after an await reads the current value.
  const hasExited = (): boolean => state.exited;
  const exit = new Promise<number>((resolve) => {
    child.on('exit', (code) => {
      state.exited = true;
      resolve(code);
    });
  });
  const stop = async (): Promise<void> => {
    if (state.exited) return;
    child.kill();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), options.killAfterMs ?? 5000);
    });
    const outcome = await Promise.race([exit, late]);
    clearTimeout(timer);
    if (outcome === 'late' && !hasExited() && child.pid !== undefined) {
      log.warn('training simulator ignored SIGTERM; killing it', { pid: child.pid });
      (options.forceKill ?? defaultForceKill)(child.pid);
      await exit;
    }
  };
  child.stderr?.on('data', (chunk: Buffer) => {
    log.warn('simulator stderr', { text: chunk.toString('utf8').slice(0, 500) });
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    let settled = false;
    const fail = (message: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop().finally(() => reject(new Error(message)));
    };
    const timer = setTimeout(() => fail('the training simulator did not start in time'), options.timeoutMs ?? 30_000);
    void exit.then((code) => fail(`the training simulator exited before listening (code ${code})`));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (settled) return;
      // Only the first line matters; a simulator that writes more before it is a broken one.
      buffered = (buffered + chunk.toString('utf8')).slice(0, 4096);
      const match = LISTENING.exec(buffered);
      if (!match?.[1]) return;
      if (!TRAINING_URL.test(match[1])) {
        fail('the training simulator reported an unexpected address');
        return;
      }
      settled = true;
      clearTimeout(timer);
      void exit.then((code) => log.info('training simulator stopped', { code }));
      log.info('training simulator started', { url: match[1], pid: child.pid });
      resolve({ url: match[1], stop });
    });
  });
}

/** The core child as the training service answers it. */
export interface TrainingRequester {
  postMessage(message: TrainingReply): void;
}

export interface TrainingService {
  /** A message from the core; true when it was a training request (handled here). */
  handle(core: TrainingRequester, raw: unknown): boolean;
  /** The core exited (crash, restart, quit): its simulators go with it. */
  coreExited(core: TrainingRequester): void;
  /** App quitting: every simulator, whoever asked for it. */
  stopAll(): Promise<void>;
}

/** A mode switch may overlap an old simulator's stop with a new start; more than that is refused. */
export const MAX_SIMULATORS_PER_CORE = 2;

export function createTrainingService(options: { launch(world: TrainingWorld): Promise<RunningSimulator>; log: Logger }): TrainingService {
  const { log } = options;
  /** Per core: its simulators by the request that started them (null while the start failed). */
  const byCore = new Map<TrainingRequester, Map<number, Promise<RunningSimulator | null>>>();

  const stopOne = async (starting: Promise<RunningSimulator | null>): Promise<void> => {
    await (await starting)?.stop();
  };

  const start = (core: TrainingRequester, requestId: number, world: TrainingWorld): void => {
    const mine = byCore.get(core) ?? new Map<number, Promise<RunningSimulator | null>>();
    byCore.set(core, mine);
    if (mine.has(requestId) || mine.size >= MAX_SIMULATORS_PER_CORE) {
      log.warn('training simulator request refused', { requestId, running: mine.size });
      core.postMessage({ type: 'training:failed', requestId, message: 'too many training simulators' });
      return;
    }
    const starting = options.launch(world).then(
      (simulator) => {
        if (byCore.get(core)?.get(requestId) !== starting) {
          // The core went away (or asked to stop) while it was starting.
          void simulator.stop();
          return null;
        }
        core.postMessage({ type: 'training:started', requestId, url: simulator.url });
        return simulator;
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        log.error('training simulator not started', { error });
        byCore.get(core)?.delete(requestId);
        core.postMessage({ type: 'training:failed', requestId, message });
        return null;
      },
    );
    mine.set(requestId, starting);
  };

  const stop = (core: TrainingRequester, requestId: number): void => {
    const mine = byCore.get(core);
    const starting = mine?.get(requestId);
    mine?.delete(requestId);
    void (starting ? stopOne(starting) : Promise.resolve()).finally(() => {
      core.postMessage({ type: 'training:stopped', requestId });
    });
  };

  return {
    handle(core, raw) {
      const parsed = trainingRequestSchema.safeParse(raw);
      if (!parsed.success) return false;
      const request = parsed.data;
      if (request.type === 'training:start') start(core, request.requestId, { seed: request.seed, tasks: request.tasks, cargo: request.cargo });
      else stop(core, request.requestId);
      return true;
    },
    coreExited(core) {
      const mine = byCore.get(core);
      byCore.delete(core);
      for (const starting of mine?.values() ?? []) void stopOne(starting);
    },
    async stopAll() {
      const all = [...byCore.values()].flatMap((mine) => [...mine.values()]);
      byCore.clear();
      await Promise.all(all.map(stopOne));
    },
  };
}
