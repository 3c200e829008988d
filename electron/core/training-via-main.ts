import type { Logger } from './log.js';
import type { TrainingGateway } from './sync/training-gateway.js';
import { trainingReplySchema, type TrainingReply, type TrainingRequest } from './training-control.js';

/**
 * The core's side of training mode under Electron: `start()` is the SyncService's `startTraining`,
 * asking main (see training-control.ts) instead of spawning a process. The headless host and the
 * tests keep training-gateway.ts, which spawns the simulator with Node.
 */
export interface TrainingViaMain {
  start(options: { seed: number; tasks: number; cargo: number }): Promise<TrainingGateway>;
  /** Hands over a message from main; true when it was a training reply (consumed here). */
  handle(raw: unknown): boolean;
}

export interface TrainingViaMainOptions {
  post(message: TrainingRequest): void;
  log: Logger;
  /** How long main may take to report the simulator listening (it waits for the simulator's own line). */
  startTimeoutMs?: number;
  /** How long a stop may take before the core stops waiting (main still ends the process). */
  stopTimeoutMs?: number;
}

interface Pending {
  resolve(reply: TrainingReply): void;
}

export function trainingViaMain(options: TrainingViaMainOptions): TrainingViaMain {
  const { log } = options;
  const pending = new Map<string, Pending>();
  let nextId = 1;

  /** Waits for main's answer of one kind to one request, or for the timeout (then null). */
  const awaitReply = (key: string, timeoutMs: number): Promise<TrainingReply | null> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(key);
        resolve(null);
      }, timeoutMs);
      pending.set(key, {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
      });
    });

  return {
    async start({ seed, tasks, cargo }) {
      const requestId = nextId++;
      const answer = awaitReply(`start ${requestId}`, options.startTimeoutMs ?? 45_000);
      options.post({ type: 'training:start', requestId, seed, tasks, cargo });
      const reply = await answer;
      if (reply === null) {
        // Main may still start it late: ask it to stop that one, so nothing keeps running unowned.
        options.post({ type: 'training:stop', requestId });
        throw new Error('the training simulator did not start in time');
      }
      if (reply.type !== 'training:started') {
        throw new Error(`the training simulator could not start: ${reply.type === 'training:failed' ? reply.message : reply.type}`);
      }
      log.info('training simulator started by main', { url: reply.url, requestId });
      let stopping: Promise<void> | null = null;
      return {
        url: reply.url,
        stop: () => {
          stopping ??= (async () => {
            const stopped = awaitReply(`stop ${requestId}`, options.stopTimeoutMs ?? 10_000);
            options.post({ type: 'training:stop', requestId });
            if ((await stopped) === null) log.warn('main did not confirm the training simulator stopped', { requestId });
          })();
          return stopping;
        },
      };
    },
    handle(raw) {
      const parsed = trainingReplySchema.safeParse(raw);
      if (!parsed.success) return false;
      const reply = parsed.data;
      const key = `${reply.type === 'training:stopped' ? 'stop' : 'start'} ${reply.requestId}`;
      const waiting = pending.get(key);
      pending.delete(key);
      if (waiting) waiting.resolve(reply);
      else log.warn('training reply nobody waits for', { type: reply.type, requestId: reply.requestId });
      return true;
    },
  };
}
