import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import { TRAINING_OPERATOR } from '../../shared/contract/index.js';
import { checkCompleteness } from '../bench/sync-completeness.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/**
 * The sync benchmark's "every task arrived" check (the 1M figure fails on it), on a small real run:
 * the headless sync command against the simulator, then the check against the same simulator.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const credentials = { operatorId: TRAINING_OPERATOR.operatorId, password: TRAINING_OPERATOR.password, workstationId: 'ws-completeness' };

let simulator: Simulator;
let temp: { dir: string; remove: () => void };
let file: string;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, tasks: 400, cargo: 0, evolve: false });
  temp = makeTempDir('bench-completeness-');
  file = path.join(temp.dir, 'console.sqlite');
  // Asynchronously: the simulator answers from this process.
  await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'electron/core/cli/sync.ts', '--gateway', simulator.url, '--operator', credentials.operatorId, '--db', file, '--until-idle'],
    { cwd: ROOT, env: { ...process.env, SW_GATEWAY_PASSWORD: credentials.password } },
  );
});
afterAll(async () => {
  await simulator.close();
  temp.remove();
});

describe('sync benchmark: every task arrived', () => {
  it('finds nothing missing after a complete sync, also when the simulator created tasks since', async () => {
    const right = await checkCompleteness(simulator.url, credentials, file);
    expect(right).toEqual({ simulator: right.local, local: right.local, missing: 0, extra: 0 });
    expect(right.local).toBeGreaterThanOrEqual(400);

    // The world moves after the sync caught up: new tasks are not missing, they are newer than the sync.
    simulator.tick(5);
    const later = await checkCompleteness(simulator.url, credentials, file);
    expect(later.simulator).toBeGreaterThan(right.simulator);
    expect(later.missing).toBe(0);
  });

  it('counts a task that never reached the cache as missing', async () => {
    const raw = new BetterSqlite3(file);
    try {
      expect(raw.prepare('DELETE FROM tasks WHERE rid IN (SELECT rid FROM tasks ORDER BY rid LIMIT 2)').run().changes).toBe(2);
    } finally {
      raw.close();
    }
    expect((await checkCompleteness(simulator.url, credentials, file)).missing).toBe(2);
  });
});
