import path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { startCore } from '../../electron/core/core.js';
import { startHost } from '../../electron/host/server.js';
import { nullSink } from '../../electron/core/log.js';
import { TRAINING_OPERATOR, type TaskFilter } from '../../shared/contract/index.js';
import { ensureRendererBuild } from '../e2e/renderer-build.js';
import { cachedFixtureDatabase, FIXTURE_NOW } from '../fixtures/fixture-db.js';
import { signInFrame } from '../fixtures/sign-in-account.js';
import { figure, type Figure } from './figures.js';
import { summarize } from './timing.js';
import { signIn } from '../integration/host-sign-in.js';

const TASKS = 1_000_000;
const ROUNDS = 60;
const FILTERS: TaskFilter[] = [{}, { mode: 'rail' }, { agency: 'quarantine' }, { status: 'held' }, { priority: 'urgent' }, { text: '去骨牛肉' }];

/**
 * The round trip a user feels: a list page asked for by a client over the headless host's
 * WebSocket, answered by the core behind it. Baseline: the same frames handed to the core's router
 * in-process (so the ratio is the cost of the channel: framing, socket, event loop hops).
 */
export async function wsRoundTripBenchmark(): Promise<Figure[]> {
  const fixture = cachedFixtureDatabase({ tasks: TASKS, seed: 1 });
  const rendererDir = await ensureRendererBuild();
  const core = startCore({ dataDir: path.dirname(fixture), logSink: nullSink, clock: () => FIXTURE_NOW, singleDatabase: true });
  const host = await startHost({ core, rendererDir });
  // Signed in as the page is: the session cookie and the host's own Origin.
  const session = await signIn(host.url);
  const socket = new WebSocket(session.bridge, { headers: { Cookie: session.cookie }, origin: session.origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const waiting = new Map<number, () => void>();
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString('utf8')) as { id?: number; result?: { ok: boolean } };
    if (frame.id === undefined || !frame.result?.ok) throw new Error(`unexpected frame ${data.toString('utf8').slice(0, 200)}`);
    waiting.get(frame.id)?.();
  });
  // The console's own sign-in on this socket (a channel starts signed out), before any timing.
  await new Promise<void>((resolve) => {
    waiting.set(0, resolve);
    socket.send(signInFrame(TRAINING_OPERATOR.operatorId));
  });
  let nextId = 1;
  const frameFor = (filter: TaskFilter) => JSON.stringify({ type: 'request', id: nextId++, method: 'tasks:list', input: { filter, offset: 0, limit: 50 } });
  const overSocket = (filter: TaskFilter) =>
    new Promise<void>((resolve) => {
      const text = frameFor(filter);
      const id = nextId - 1;
      waiting.set(id, () => {
        waiting.delete(id);
        resolve();
      });
      socket.send(text);
    });
  const inProcess = async (filter: TaskFilter) => {
    JSON.stringify(await core.router.handle(frameFor(filter), { roles: ['inspector'] }));
  };

  const socketSamples: number[] = [];
  const baseSamples: number[] = [];
  try {
    for (const filter of FILTERS) {
      await overSocket(filter);
      await inProcess(filter);
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const filter of FILTERS) {
        let start = performance.now();
        await overSocket(filter);
        socketSamples.push(performance.now() - start);
        start = performance.now();
        await inProcess(filter);
        baseSamples.push(performance.now() - start);
      }
    }
  } finally {
    socket.close();
    await host.close();
    await core.close();
  }
  const ws = summarize(socketSamples);
  const base = summarize(baseSamples);
  return [
    figure({ name: '1M WebSocket list page round trip p50', value: ws.p50, unit: 'ms', baseline: base.p50 }),
    figure({ name: '1M WebSocket list page round trip p95', value: ws.p95, unit: 'ms', baseline: base.p95, max: 25 }),
  ];
}
