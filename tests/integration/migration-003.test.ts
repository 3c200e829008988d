import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, sqliteHandle } from '../../electron/core/db/connection.js';
import { gatewayIdentity, UNKNOWN_IDENTITY } from '../../electron/core/db/gateway-identity.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/** Schema 3 on a database written by schema 2: which gateway existing results are for, and which are frozen. */
const log = createLogger(nullSink);
const QUEUED = '6f1c0e2a-0000-4000-8000-000000000001';
const CONFLICT = '6f1c0e2a-0000-4000-8000-000000000002';
let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => {
  temp.remove();
});

function schema2(file: string, state: { cursorGateway: string | null; url: string | null; operator: string | null }): void {
  const db = openDatabase(file, { log, migrations: migrations.slice(0, 2) });
  const sql = sqliteHandle(db);
  sql.prepare('UPDATE sync_state SET cursor_gateway = ? WHERE id = 1').run(state.cursorGateway);
  if (state.url) sql.prepare("INSERT INTO settings (key, value) VALUES ('gateway.url', ?)").run(state.url);
  if (state.operator) sql.prepare("INSERT INTO settings (key, value) VALUES ('gateway.operatorId', ?)").run(state.operator);
  const insert = sql.prepare(
    `INSERT INTO results (result_id, task_id, base_version, state, outcome, disposition, started_at, completed_at, created_by, created_at, updated_at, submitted_at, app_version)
     VALUES (?, 'T-1', 1, ?, 'conform', 'release', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z', 'op-1', '2026-01-01T00:00:00Z', '2026-01-01T02:00:00Z', ?, '0.9.0')`,
  );
  insert.run(QUEUED, 'queued', '2026-01-01T02:00:00Z');
  insert.run(CONFLICT, 'conflict', '2026-01-01T02:00:00Z');
  db.close();
}

function upgraded(file: string) {
  const db = openDatabase(file, { log });
  try {
    return {
      queued: db.results.get(QUEUED),
      conflict: db.results.get(CONFLICT),
      current: db.results.currentGateway(),
    };
  } finally {
    db.close();
  }
}

describe('migration 003', () => {
  it('gives results made in training the training identity', () => {
    const file = path.join(temp.dir, 'a.sqlite');
    schema2(file, { cursorGateway: 'training http://127.0.0.1:5555 1764806400000', url: null, operator: null });
    const after = upgraded(file);
    expect(after.queued).toMatchObject({ gateway: 'training', state: 'queued', sentAt: '2026-01-01T02:00:00Z' });
    expect(after.conflict).toMatchObject({ gateway: 'training', sentAt: null });
  });

  it('gives results the configured gateway and operator when the cursor is that gateway', () => {
    const file = path.join(temp.dir, 'b.sqlite');
    schema2(file, { cursorGateway: 'https://sw.example.cn', url: 'https://sw.example.cn', operator: 'op-7' });
    const after = upgraded(file);
    expect(after.queued?.gateway).toBe(gatewayIdentity('https://sw.example.cn', 'op-7'));
    expect(after.queued?.gateway).toBe(after.current);
  });

  it('gives any other result an identity that matches no gateway', () => {
    const file = path.join(temp.dir, 'c.sqlite');
    schema2(file, { cursorGateway: 'https://old.example.cn', url: 'https://sw.example.cn', operator: 'op-7' });
    const after = upgraded(file);
    expect(after.queued?.gateway).toBe(UNKNOWN_IDENTITY);
    expect(after.conflict?.gateway).toBe(UNKNOWN_IDENTITY);
  });
});
