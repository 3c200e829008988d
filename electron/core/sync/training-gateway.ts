import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../log.js';

/**
 * Training mode: the built-in single-window simulator, started as its own process through its
 * command line (the one external scripts use), on 127.0.0.1 port 0. The core talks to it over HTTP
 * exactly as to a real gateway, and shares no code with it.
 */
export interface TrainingGateway {
  readonly url: string;
  stop(): Promise<void>;
}

export interface TrainingGatewayOptions {
  log: Logger;
  seed?: number;
  tasks?: number;
  cargo?: number;
  /** How long to wait for the `listening` line. */
  timeoutMs?: number;
}

export const TRAINING_SEED = 8000;
export const TRAINING_TASKS = 5000;

const here = path.dirname(fileURLToPath(import.meta.url));
/**
 * Compiled: dist/node/electron/core/sync → dist/node/electron/simulator/cli.js. From source: the .ts
 * file, run with this process's own loader flags (process.execArgv), as the parent was.
 */
const fromSource = import.meta.url.endsWith('.ts');
const simulatorEntry = path.resolve(here, '../../simulator', fromSource ? 'cli.ts' : 'cli.js');

export function startTrainingGateway(options: TrainingGatewayOptions): Promise<TrainingGateway> {
  const args = [
    // Compiled, none: a flag such as --inspect would make the child fight the parent for its port.
    ...(fromSource ? process.execArgv : []),
    simulatorEntry,
    '--port',
    '0',
    '--seed',
    String(options.seed ?? TRAINING_SEED),
    '--tasks',
    String(options.tasks ?? TRAINING_TASKS),
    '--cargo',
    String(options.cargo ?? 500),
  ];
  // Node parents only (headless host, sync command, tests): under Electron main starts the simulator
  // as a utility process (electron/training-simulator.ts), so the RunAsNode fuse can stay off.
  // The IPC channel is how the simulator notices that the console is gone, even after a SIGKILL.
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const log = options.log.child('training');
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the training simulator did not start in time'));
    }, options.timeoutMs ?? 30_000);
    child.stderr?.on('data', (chunk: Buffer) => log.warn('simulator stderr', { text: chunk.toString('utf8').slice(0, 500) }));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the training simulator exited before listening (code ${code ?? 'signal'})`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const match = /listening (http:\/\/127\.0\.0\.1:\d+)/.exec(buffered);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.on('exit', (code, signal) => log.info('training simulator stopped', { code, signal }));
      log.info('training simulator started', { url: match[1] });
      resolve({ url: match[1], stop: () => stopChild(child) });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
