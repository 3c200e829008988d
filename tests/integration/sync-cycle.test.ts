import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../electron/core/attachments/attachment-store.js';
import { openDatabase, type Database, sqliteHandle } from '../../electron/core/db/connection.js';
import type { ResultInput } from '../../electron/core/db/result-input.js';
import { SettingsRepository } from '../../electron/core/db/settings-repository.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { loadOrCreateKeyFile } from '../../electron/core/secrets/data-key.js';
import { createSecretBox } from '../../electron/core/secrets/secret-box.js';
import type { Caller } from '../../electron/core/router.js';
import { createSettingsHandlers } from '../../electron/core/settings-handlers.js';
import { GatewayClient } from '../../electron/core/sync/gateway-client.js';
import { cycleBackoffDelay, SyncService, type CycleTimers } from '../../electron/core/sync/sync-service.js';
import type { TrainingGateway } from '../../electron/core/sync/training-gateway.js';
import { startSimulator } from '../../electron/simulator/server.js';
import type { GatewayTask, ReferenceData } from '../../shared/contract/index.js';
import { acceptableResultFor } from '../fixtures/result-input-builder.js';
import { makeTempDir } from '../fixtures/temp-dir.js';
import { startWatchProxy, type WatchProxy } from '../fixtures/watch-proxy.js';

/**
 * The sync service's schedule and its trust rules, against real simulators over 127.0.0.1 (behind
 * a recording proxy), a real SQLite file, and an injected clock and timers: a simulated hour runs
 * in seconds.
 */

type Simulator = Awaited<ReturnType<typeof startSimulator>>;
const log = createLogger(nullSink);
const OPERATOR = 'op-8000-001';
const INTERVAL_MS = 30_000;
const signIns = (proxy: WatchProxy) => proxy.seen.filter((request) => request.method === 'POST' && request.path === '/v1/auth/token');

/** Timers the test fires by hand, moving the clock to the moment each was due. */
class ManualTimers implements CycleTimers {
  pending: { run: () => void; at: number } | null = null;
  constructor(private readonly time: { now: number }) {}
  setTimeout(run: () => void, delayMs: number): unknown {
    const handle = { run, at: this.time.now + delayMs };
    this.pending = handle;
    return handle;
  }
  clearTimeout(handle: unknown): void {
    if (this.pending === handle) this.pending = null;
  }
}

let simA: Simulator;
let simB: Simulator;
let reference: ReferenceData;
const used = new Set<string>();

beforeAll(async () => {
  [simA, simB] = await Promise.all([
    startSimulator({ port: 0, seed: 8301, tasks: 80, evolve: false }),
    startSimulator({ port: 0, seed: 8302, tasks: 80, evolve: false }),
  ]);
  const answer = await new GatewayClient({ baseUrl: simA.url, credentials: { operatorId: OPERATOR, password: 'training', workstationId: 'ws-ref' }, log }).reference(null);
  if (answer === 'not_modified') throw new Error('no reference data');
  reference = answer.data;
});
afterAll(async () => {
  await Promise.all([simA.close(), simB.close()]);
});

interface Rig {
  db: Database;
  settings: SettingsRepository;
  service: SyncService;
  timers: ManualTimers;
  time: { now: number };
  /** Fires the pending timer (moving the clock to it) and waits until the cycle it started has ended. */
  fire: () => Promise<number>;
}

let temp: ReturnType<typeof makeTempDir>;
let rigs: Rig[] = [];
let proxies: WatchProxy[] = [];

beforeEach(() => {
  temp = makeTempDir();
});
afterEach(async () => {
  for (const rig of rigs) {
    await rig.service.stop();
    rig.db.close();
  }
  await Promise.all(proxies.map((proxy) => proxy.close()));
  rigs = [];
  proxies = [];
  temp.remove();
});

async function proxyTo(sim: Simulator): Promise<WatchProxy> {
  const proxy = await startWatchProxy(sim.url);
  proxies.push(proxy);
  return proxy;
}

function rig(options: { startTraining?: () => Promise<TrainingGateway> } = {}): Rig {
  const time = { now: Date.parse('2026-12-04T08:00:00Z') };
  const clock = () => time.now;
  const db = openDatabase(`${temp.dir}/console.sqlite`, { log, clock });
  const settings = new SettingsRepository(sqliteHandle(db), createSecretBox(loadOrCreateKeyFile(temp.dir)), { log });
  const timers = new ManualTimers(time);
  const service = new SyncService({
    db,
    settings,
    attachments: new AttachmentStore(temp.dir),
    log,
    clock,
    emit: () => undefined,
    startTraining: options.startTraining ?? (() => Promise.reject(new Error('no training in this test'))),
    intervalMs: INTERVAL_MS,
    // Real milliseconds: a failing feed fails the pull at once instead of retrying for 30 s.
    retryBudgetMs: 200,
    timers,
    random: () => 0.5,
  });
  const made: Rig = {
    db,
    settings,
    service,
    timers,
    time,
    fire: async () => {
      const timer = timers.pending;
      if (!timer) throw new Error('no cycle is scheduled');
      timers.pending = null;
      time.now = Math.max(time.now, timer.at);
      timer.run();
      // The cycle ends with either a new timer or a pause.
      const running = (): boolean => timers.pending === null && service.status().paused === null;
      for (let waited = 0; running(); waited += 10) {
        if (waited > 60_000) throw new Error('the cycle did not end');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return timer.at;
    },
  };
  rigs.push(made);
  return made;
}

/** Fills the cache from a simulator (as a pull would) so results can be made for its tasks. */
async function cacheTasks(db: Database, sim: Simulator): Promise<void> {
  const client = new GatewayClient({ baseUrl: sim.url, credentials: { operatorId: OPERATOR, password: 'training', workstationId: 'ws-cache' }, log });
  let cursor: string | null = null;
  for (;;) {
    const page = await client.changes(cursor, 1000);
    db.tasks.upsertMany(page.changes.flatMap((change) => (change.op === 'upsert' ? [change.task] : [])));
    cursor = page.nextCursor;
    if (!page.hasMore) break;
  }
}

function openTask(sim: Simulator): GatewayTask {
  const task = sim.tasks().find((candidate) => ['pending', 'assigned', 'in_progress'].includes(candidate.status) && candidate.containers.length > 0 && !used.has(`${sim.url} ${candidate.taskId}`));
  if (!task) throw new Error('no open task left');
  used.add(`${sim.url} ${task.taskId}`);
  return task;
}

function resultFor(task: GatewayTask, overrides: Partial<ResultInput> = {}): ResultInput {
  return acceptableResultFor(task, reference, overrides);
}

describe('the cycle schedule', () => {
  it('backs off exponentially with full jitter up to the cap, never under a second', () => {
    const high = { baseMs: 30_000, maxMs: 15 * 60_000, random: () => 0.999_999 };
    const delays = [1, 2, 3, 4, 5, 6, 7, 12].map((failures) => cycleBackoffDelay(failures, high));
    expect(delays.slice(0, 5)).toEqual([29_999, 59_999, 119_999, 239_999, 479_999]);
    expect(delays.slice(5)).toEqual([899_999, 899_999, 899_999]);
    expect(cycleBackoffDelay(3, { ...high, random: () => 0 })).toBe(1_000);
  });

  it('with a wrong password and queued results, signs in once in a simulated hour, says why, and tries again only when asked', async () => {
    const proxy = await proxyTo(simA);
    const { db, settings, service, timers, time, fire } = rig();
    await cacheTasks(db, simA);
    settings.setGateway({ gatewayUrl: proxy.url, operatorId: OPERATOR, password: 'not-the-password' });
    for (let i = 0; i < 3; i++) db.results.submit(resultFor(openTask(simA)));
    const start = time.now;
    service.start();
    while (timers.pending && timers.pending.at - start < 3_600_000) await fire();
    expect(signIns(proxy).length).toBeLessThanOrEqual(2);
    expect(signIns(proxy).length).toBeGreaterThan(0);
    expect(proxy.seen.filter((request) => request.path.includes('/results'))).toEqual([]);
    expect(timers.pending).toBeNull();
    expect(service.status()).toMatchObject({ paused: 'credentials_refused', signedIn: false, resultsWaiting: 3, nextCycleAt: null });

    // "Sync now" is one more try, and the pause comes back.
    const before = signIns(proxy).length;
    expect(await service.syncNow()).toMatchObject({ paused: 'credentials_refused' });
    expect(signIns(proxy).length).toBe(before + 1);

    // The right password (a settings change) lifts the pause: the results go out.
    settings.setGateway({ gatewayUrl: proxy.url, operatorId: OPERATOR, password: 'training' });
    service.gatewayChanged();
    await fire();
    expect(service.status()).toMatchObject({ paused: null, resultsWaiting: 0, lastError: null });
  });

  it('never signs in to a stored address the gateway rule refuses (one stored before the rule): paused until the settings change', async () => {
    const proxy = await proxyTo(simA);
    const { settings, service, fire } = rig();
    // The repository stores what it is given (the handlers check); user info makes this one refused,
    // while it still reaches the proxy on 127.0.0.1, so a sign-in would be seen there.
    const refused = proxy.url.replace('http://', 'http://op:leak@');
    settings.setGateway({ gatewayUrl: refused, operatorId: OPERATOR, password: 'training' });
    service.start();
    await fire();
    expect(signIns(proxy)).toEqual([]);
    expect(proxy.seen).toEqual([]);
    expect(service.status()).toMatchObject({ paused: 'credentials_refused', signedIn: false });
    expect(JSON.stringify(service.status())).toMatch(/stored gateway address is refused/);
  });

  it('pushes queued results while the change feed fails, backs off the cycle, and comes back to the interval after a success', async () => {
    const proxy = await proxyTo(simA);
    const { db, settings, service, timers, time, fire } = rig();
    await cacheTasks(db, simA);
    settings.setGateway({ gatewayUrl: proxy.url, operatorId: OPERATOR, password: 'training' });
    const inputs = [resultFor(openTask(simA)), resultFor(openTask(simA))];
    for (const input of inputs) db.results.submit(input);
    proxy.failWhen((request) => request.path.startsWith('/v1/tasks/changes'));
    service.start();
    await fire();
    for (const input of inputs) expect(simA.results().filter((stored) => stored.resultId === input.resultId)).toHaveLength(1);
    expect(service.status()).toMatchObject({ resultsWaiting: 0 });
    expect(service.status().lastError).not.toBeNull();
    // Failed cycles in a row: 15 s, 30 s, 60 s with the jitter at one half.
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = time.now;
      waits.push((await fire()) - before);
    }
    expect(waits).toEqual([15_000, 30_000, 60_000]);
    proxy.failWhen(null);
    await fire();
    expect(service.status().lastError).toBeNull();
    expect(timers.pending!.at - time.now).toBe(INTERVAL_MS);
  });

  it('fetches the reference data in each cycle with its ETag; a failure there is journalled, and the cycle still pulls, pushes and succeeds', async () => {
    const proxy = await proxyTo(simA);
    const { db, settings, service, fire } = rig();
    await cacheTasks(db, simA);
    settings.setGateway({ gatewayUrl: proxy.url, operatorId: OPERATOR, password: 'training' });
    service.start();
    await fire();
    expect(db.sync.reference.read()).toMatchObject({ version: reference.version, checklists: reference.checklists });

    proxy.failWhen((request) => request.path === '/v1/reference');
    const input = resultFor(openTask(simA));
    db.results.submit(input);
    await fire();
    expect(simA.results().filter((stored) => stored.resultId === input.resultId)).toHaveLength(1);
    expect(service.status()).toMatchObject({ lastError: null, caughtUp: true });
    expect(db.sync.reference.read().version).toBe(reference.version);

    proxy.failWhen(null);
    await fire();
    const calls = proxy.seen.filter((request) => request.path === '/v1/reference');
    expect(calls).toHaveLength(3);
    const journal = db.sync.journal({ call: 'reference', limit: 10 }).reverse();
    expect(journal.map((entry) => [entry.outcome, entry.status])).toEqual([['ok', 200], ['error', 503], ['ok', 304]]);
  });
});

describe('one single window per result', () => {
  it('never sends a result to another gateway: parked on the change (refused unless asked), exportable, sent when pointed back', async () => {
    const [proxyA, proxyB] = [await proxyTo(simA), await proxyTo(simB)];
    const { db, settings, service, fire } = rig();
    await cacheTasks(db, simA);
    settings.setGateway({ gatewayUrl: proxyA.url, operatorId: OPERATOR, password: 'training' });
    // Link to A down for results: the result stays queued for A.
    proxyA.failWhen((request) => request.path.includes('/results'));
    const input = resultFor(openTask(simA));
    db.results.submit(input);
    service.start();
    await fire();
    expect(db.results.get(input.resultId)).toMatchObject({ state: 'queued', gateway: `gateway ${proxyA.url} operator ${OPERATOR}` });

    const handlers = createSettingsHandlers({
      settings,
      testConnection: () => Promise.reject(new Error('not used')),
      onGatewayChanged: () => service.gatewayChanged(),
      unresolvedResults: () => db.results.unresolvedFor(db.results.currentGateway()),
    });
    const caller: Caller = { roles: ['admin'], operatorId: 'admin-8000' };
    const change = { gatewayUrl: proxyB.url, operatorId: OPERATOR, password: 'training' };
    expect(() => handlers['settings:setGateway'](change, caller)).toThrow(new RegExp(`1 result\\(s\\).*${input.resultId}.*${input.taskId}`));
    expect(settings.gateway().gatewayUrl).toBe(proxyA.url);

    await handlers['settings:setGateway']({ ...change, parkResults: true }, caller);
    expect(settings.gateway().gatewayUrl).toBe(proxyB.url);
    // Several cycles, past the result's backoff from its failed attempt: still never sent to B.
    for (let i = 0; i < 3; i++) await fire();
    expect(proxyB.seen.filter((request) => request.path.includes('/results'))).toEqual([]);
    expect(simB.results().filter((stored) => stored.resultId === input.resultId)).toEqual([]);
    expect(service.status()).toMatchObject({ resultsParked: 1, resultsWaiting: 0 });
    // Only B's tasks are in the cache now: nothing of A's single window is listed.
    const onlyB = openDatabase(`${temp.dir}/only-b.sqlite`, { log });
    try {
      await cacheTasks(onlyB, simB);
      expect(db.tasks.totalCount()).toBe(onlyB.tasks.totalCount());
      expect(db.tasks.get(input.taskId, Date.now())).toEqual(onlyB.tasks.get(input.taskId, Date.now()));
    } finally {
      onlyB.close();
    }
    expect(db.results.list('parked', 10).map((item) => item.resultId)).toEqual([input.resultId]);
    expect(db.results.parked(db.results.currentGateway())).toMatchObject([{ resultId: input.resultId, content: { disposition: 'release' } }]);

    // Back to A (its password typed again): the parked result goes to A, and only there.
    proxyA.failWhen(null);
    await handlers['settings:setGateway']({ gatewayUrl: proxyA.url, operatorId: OPERATOR, password: 'training', parkResults: true }, caller);
    // Its backoff from the failed attempt runs out on the injected clock.
    for (let i = 0; i < 5 && db.results.get(input.resultId)?.state !== 'delivered'; i++) await fire();
    expect(simA.results().filter((stored) => stored.resultId === input.resultId)).toHaveLength(1);
    expect(db.results.get(input.resultId)?.state).toBe('delivered');
    expect(proxyB.seen.filter((request) => request.path.includes('/results'))).toEqual([]);
  });

  it('applies a gateway change made right after leaving training mode, and the new password never goes to the old URL', async () => {
    const [proxyA, proxyB] = [await proxyTo(simA), await proxyTo(simB)];
    let stops = 0;
    const training = await startSimulator({ port: 0, seed: 8303, tasks: 20, evolve: false });
    const { settings, service, timers, fire } = rig({
      startTraining: () =>
        Promise.resolve({
          url: training.url,
          // A slow stop, as a process stop is: changes made meanwhile must still apply, in order.
          stop: async () => {
            stops++;
            await new Promise((resolve) => setTimeout(resolve, 300));
            await training.close();
          },
        }),
    });
    service.start();
    await fire();
    expect(service.status()).toMatchObject({ mode: 'training', lastError: null });

    settings.setGateway({ gatewayUrl: proxyA.url, operatorId: OPERATOR, password: 'password-for-a' });
    service.gatewayChanged();
    const leaving = fire();
    // Within the simulator's stop: the admin corrects the address.
    await new Promise((resolve) => setTimeout(resolve, 50));
    settings.setGateway({ gatewayUrl: proxyB.url, operatorId: OPERATOR, password: 'training' });
    service.gatewayChanged();
    await leaving;
    while (timers.pending && service.status().gatewayUrl !== proxyB.url) await fire();
    if (timers.pending && signIns(proxyB).length === 0) await fire();
    expect(stops).toBe(1);
    expect(service.status()).toMatchObject({ mode: 'gateway', gatewayUrl: proxyB.url, lastError: null, signedIn: true });
    expect(signIns(proxyB).length).toBeGreaterThan(0);
    expect(signIns(proxyA).filter((request) => request.body.includes('"training"'))).toEqual([]);
    expect(signIns(proxyB).every((request) => !request.body.includes('password-for-a'))).toBe(true);
  });
});
