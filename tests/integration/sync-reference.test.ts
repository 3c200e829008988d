import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openDatabase, sqliteHandle, type Database } from '../../electron/core/db/connection.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { GatewayClient } from '../../electron/core/sync/gateway-client.js';
import { SyncJournal } from '../../electron/core/sync/journal.js';
import { refreshReference } from '../../electron/core/sync/reference-refresh.js';
import { startSimulator } from '../../electron/simulator/server.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/** The reference data in the cache: fetched with its ETag from the real simulator, stored in a real SQLite file, read offline. */
type Simulator = Awaited<ReturnType<typeof startSimulator>>;
const log = createLogger(nullSink);
let sim: Simulator;
let temp: ReturnType<typeof makeTempDir>;
let db: Database;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 8401, tasks: 5, evolve: false });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  temp = makeTempDir();
  db = openDatabase(path.join(temp.dir, 'console.sqlite'), { log });
});
afterEach(() => {
  db.close();
  temp.remove();
});

function client(baseUrl: string): GatewayClient {
  return new GatewayClient({ baseUrl, credentials: { operatorId: 'op-8000-001', password: 'training', workstationId: 'ws-ref' }, log, timeoutMs: 2000 });
}
const journal = () => new SyncJournal(db.sync, log);
const refresh = (gateway: GatewayClient) => refreshReference({ gateway, reference: db.sync.reference, journal: journal(), log });
const referenceEntries = () => journal().query({ call: 'reference', limit: 10 }).reverse().map((entry) => [entry.outcome, entry.status]);

describe('reference data in the cache', () => {
  it('says that none is cached before the first fetch', () => {
    expect(db.sync.reference.read()).toEqual({ version: null, ports: [], checklists: [], findingCodes: [] });
  });

  it('stores what the single window sent, exactly, with its version, and answers the same offline', async () => {
    const answer = await client(sim.url).reference(null);
    if (answer === 'not_modified') throw new Error('a fetch without an ETag must get the data');
    expect(await refresh(client(sim.url))).toEqual({ outcome: 'stored', version: answer.data.version });
    const { version, ...data } = answer.data;
    expect(db.sync.reference.read()).toEqual({ version, ...data });
    expect(db.sync.reference.read().checklists.length).toBeGreaterThan(10);

    // Offline: a gateway that answers nothing leaves the cache as it was; the failure is journalled.
    const down = await refresh(client('http://127.0.0.1:9'));
    expect(down.outcome).toBe('failed');
    expect(db.sync.reference.read()).toEqual({ version, ...data });
    expect(referenceEntries()).toEqual([['ok', 200], ['error', null]]);
  });

  it('sends its ETag: an unchanged version is a 304 that keeps the cache', async () => {
    await refresh(client(sim.url));
    const stored = db.sync.reference.read();
    expect(await refresh(client(sim.url))).toEqual({ outcome: 'unchanged', version: stored.version });
    expect(db.sync.reference.read()).toEqual(stored);
    expect(referenceEntries()).toEqual([['ok', 200], ['ok', 304]]);
  });

  it('replaces a cached version whole, in one transaction with its version and ETag', async () => {
    await refresh(client(sim.url));
    const stored = db.sync.reference.read();
    const older = { ...stored, version: 'ref-older', checklists: stored.checklists.slice(0, 2), findingCodes: stored.findingCodes.slice(0, 3) };
    db.sync.reference.store(older, '"ref-older"');
    expect(db.sync.reference.read()).toEqual(older);
    expect(await refresh(client(sim.url))).toEqual({ outcome: 'stored', version: stored.version });
    expect(db.sync.reference.read()).toEqual(stored);

    // A failing write leaves the previous version whole, tables and stamp alike.
    sqliteHandle(db).exec("CREATE TRIGGER refuse_codes BEFORE INSERT ON reference_finding_codes WHEN NEW.seq = 2 BEGIN SELECT RAISE(ABORT, 'disk trouble'); END");
    expect(() => db.sync.reference.store(older, '"ref-older"')).toThrow(/disk trouble/);
    expect(db.sync.reference.read()).toEqual(stored);
    expect(db.sync.reference.stamp().etag).toBe(`"${stored.version ?? ''}"`);
  });

  it('reads a version another connection stored, not the one it read before', async () => {
    await refresh(client(sim.url));
    const stored = db.sync.reference.read();
    const other = openDatabase(db.file, { log });
    const newer = { ...stored, version: 'ref-newer', findingCodes: stored.findingCodes.slice(0, 1) };
    try {
      other.sync.reference.store(newer, '"ref-newer"');
    } finally {
      other.close();
    }
    expect(db.sync.reference.read()).toEqual(newer);
  });

  it('forgets the ETag, not the data, when the cursor moves to another single window', async () => {
    await refresh(client(sim.url));
    const stored = db.sync.reference.read();
    db.sync.bindCursor('another gateway');
    expect(db.sync.reference.stamp()).toEqual({ version: stored.version, etag: null });
    expect(db.sync.reference.read()).toEqual(stored);
  });
});
