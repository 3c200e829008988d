import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../electron/core/attachments/attachment-store.js';
import { openDatabase, sqliteHandle, type Database } from '../../electron/core/db/connection.js';
import { SettingsRepository } from '../../electron/core/db/settings-repository.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { loadOrCreateKeyFile } from '../../electron/core/secrets/data-key.js';
import { createSecretBox } from '../../electron/core/secrets/secret-box.js';
import { SyncService } from '../../electron/core/sync/sync-service.js';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import type { SyncStatus } from '../../shared/contract/index.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * `online` means "the last call to the gateway got an answer" (shared/contract/sync.ts): when the
 * training simulator stops answering, the status and its sync:changed event say offline within a
 * second or two of the first failed call, while the cycle's retries still run (their budget here is
 * far longer than the test waits), and online again as soon as a call is answered.
 */
const log = createLogger(nullSink);
const RETRY_BUDGET_MS = 60_000;
let temp: ReturnType<typeof makeTempDir>;
let sim: Simulator;
let db: Database;
let service: SyncService;
/** Every sync:changed the service sent, with when it was sent. */
let heard: { at: number; status: SyncStatus }[];

beforeEach(async () => {
  temp = makeTempDir('sync-offline-');
  sim = await startSimulator({ port: 0, seed: 8811, tasks: 30, cargo: 5, evolve: false });
  db = openDatabase(`${temp.dir}/console.sqlite`, { log });
  heard = [];
  const url = sim.url;
  service = new SyncService({
    db,
    settings: new SettingsRepository(sqliteHandle(db), createSecretBox(loadOrCreateKeyFile(temp.dir)), { log }),
    attachments: new AttachmentStore(temp.dir),
    log,
    clock: Date.now,
    emit: (event, payload) => {
      if (event === 'sync:changed') heard.push({ at: Date.now(), status: payload as SyncStatus });
    },
    startTraining: () => Promise.resolve({ url, stop: () => Promise.resolve() }),
    intervalMs: 3_600_000,
    retryBudgetMs: RETRY_BUDGET_MS,
  });
});
afterEach(async () => {
  await service.stop();
  await sim.close();
  db.close();
  temp.remove();
});

const firstHeard = (from: number, online: boolean) => heard.find((entry) => entry.at >= from && entry.status.online === online);

describe('online follows each call to the gateway', () => {
  it('says offline within two seconds of the first call that got no answer, before the retries give up, and online again at the next answer', async () => {
    service.start();
    await expect.poll(() => service.status().caughtUp && service.status().online, { timeout: 30_000, interval: 50 }).toBe(true);
    const port = new URL(sim.url).port;

    await sim.close();
    const stoppedAt = Date.now();
    // A cycle now: its first call is refused, and its pull goes on retrying for a minute.
    const cycle = service.syncNow();
    const ended = { cycle: false };
    void cycle.finally(() => {
      ended.cycle = true;
    });
    await expect.poll(() => firstHeard(stoppedAt, false), { timeout: 5_000, interval: 20 }).toBeDefined();
    const offline = firstHeard(stoppedAt, false);
    expect((offline?.at ?? Infinity) - stoppedAt).toBeLessThan(2_000);
    // Without the answer-by-answer status it would stay online until the pull's retries give up (a
    // minute here). Which call fails first (the cycle's pull, or the cargo stream reconnecting) varies.
    expect(service.status().online).toBe(false);

    // The single window comes back on its address: the next call that reaches it (the pull's retry,
    // or a new cycle if that one ended on a failure that is not retried) says online at once.
    sim = await startSimulator({ port: Number(port), seed: 8811, tasks: 30, cargo: 5, evolve: false });
    const backAt = Date.now();
    const next = ended.cycle ? service.syncNow() : cycle;
    await expect.poll(() => firstHeard(backAt, true), { timeout: 20_000, interval: 20 }).toBeDefined();
    await next;
    expect(service.status().online).toBe(true);
  }, 60_000);
});
