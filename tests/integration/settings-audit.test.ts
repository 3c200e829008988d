import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { methods, responseFrameSchema, type MethodName, type ResponseFrame } from '../../shared/contract/index.js';
import { verifyChain } from '../../electron/core/audit/verify.js';
import { AuditRepository } from '../../electron/core/db/audit-repository.js';
import { openDatabase, type Database, sqliteHandle } from '../../electron/core/db/connection.js';
import { SettingsRepository } from '../../electron/core/db/settings-repository.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { createRouter, type Caller, type Handlers } from '../../electron/core/router.js';
import { createSecretBox } from '../../electron/core/secrets/secret-box.js';
import { createSettingsHandlers } from '../../electron/core/settings-handlers.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/** A change of the gateway settings through the real router is recorded in the audit log, with it. */
const PASSWORD = 'Pw-審計-never-in-the-log-8000';
const URL_KEY = 'k3y-in-the-query-string';
const log = createLogger(nullSink);

let temp: ReturnType<typeof makeTempDir>;
let file: string;
let db: Database;
let audit: AuditRepository;
let nextId = 1;
let dataKey: Buffer;

beforeEach(() => {
  temp = makeTempDir('settings-audit-');
  file = path.join(temp.dir, 'console.sqlite');
  db = openDatabase(file, { log });
  audit = new AuditRepository(sqliteHandle(db));
  dataKey = crypto.randomBytes(32);
});
afterEach(() => {
  db.close();
  temp.remove();
});

async function call(method: MethodName, input: unknown, caller: Caller): Promise<ResponseFrame> {
  const notUnderTest = (): never => {
    throw new Error('not under test');
  };
  const stubs = Object.fromEntries(Object.keys(methods).map((name) => [name, notUnderTest])) as unknown as Handlers;
  const settings = new SettingsRepository(sqliteHandle(db), createSecretBox(dataKey));
  const handlers = createSettingsHandlers({
    settings,
    testConnection: () => Promise.reject(new Error('not under test')),
    onGatewayChanged: () => undefined,
  });
  const router = createRouter({ ...stubs, ...handlers }, log);
  return responseFrameSchema.parse(await router.handle(JSON.stringify({ type: 'request', id: nextId++, method, input }), caller));
}

const settingsRows = () => sqliteHandle(db).prepare('SELECT key FROM settings ORDER BY key').all();

describe('settings:setGateway and the audit log', () => {
  it('records a change by the calling session operator, in the chain, with no secret in it', async () => {
    const set = await call('settings:setGateway', { gatewayUrl: `https://gw.example.cn/sw/?key=${URL_KEY}#frag`, operatorId: 'op-7', password: PASSWORD }, { roles: ['admin'], operatorId: 'admin-8000' });
    expect(set.result.ok).toBe(true);

    const entries = audit.entriesFor(null);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ seq: 1, actor: 'admin-8000', action: 'settings.gateway_changed', taskId: null });
    expect(JSON.parse(entries[0]?.details ?? '')).toEqual({
      from: { gatewayUrl: null, operatorId: null },
      to: { gatewayUrl: 'https://gw.example.cn/sw/', operatorId: 'op-7' },
      passwordChanged: true,
    });
    expect(verifyChain(audit)).toMatchObject({ ok: true, entries: 1 });

    // Nowhere in the log, nor anywhere in the database's bytes (the password is stored sealed).
    const everything = JSON.stringify(sqliteHandle(db).prepare('SELECT * FROM audit_log').all());
    for (const secret of [PASSWORD, URL_KEY]) expect(everything).not.toContain(secret);
    sqliteHandle(db).pragma('wal_checkpoint(TRUNCATE)');
    for (const part of [file, `${file}-wal`]) {
      if (fs.existsSync(part)) expect(fs.readFileSync(part).includes(Buffer.from(PASSWORD, 'utf8')), part).toBe(false);
    }
  });

  it('records "admin" when the session names no operator, nothing when nothing changed, and each change after', async () => {
    const admin: Caller = { roles: ['admin'] };
    await call('settings:setGateway', { gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: PASSWORD }, admin);
    const unchanged = await call('settings:setGateway', { gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7' }, admin);
    expect(unchanged.result.ok).toBe(true);
    expect(audit.count()).toBe(1);
    await call('settings:setGateway', { gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: `${PASSWORD}-2` }, admin);
    await call('settings:setGateway', { gatewayUrl: null, operatorId: null }, admin);
    const entries = audit.entriesFor(null);
    expect(entries.map((entry) => [entry.actor, JSON.parse(entry.details) as unknown])).toEqual([
      ['admin', { from: { gatewayUrl: null, operatorId: null }, to: { gatewayUrl: 'https://gw.example.cn/', operatorId: 'op-7' }, passwordChanged: true }],
      ['admin', { from: { gatewayUrl: 'https://gw.example.cn/', operatorId: 'op-7' }, to: { gatewayUrl: 'https://gw.example.cn/', operatorId: 'op-7' }, passwordChanged: true }],
      ['admin', { from: { gatewayUrl: 'https://gw.example.cn/', operatorId: 'op-7' }, to: { gatewayUrl: null, operatorId: null }, passwordChanged: true }],
    ]);
    expect(verifyChain(audit)).toMatchObject({ ok: true, entries: 3 });
    expect(JSON.stringify(entries)).not.toContain(PASSWORD);
  });

  it('does not store the change when its audit entry cannot be written', async () => {
    sqliteHandle(db).exec("CREATE TEMP TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END;");
    const set = await call('settings:setGateway', { gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: PASSWORD }, { roles: ['admin'] });
    expect(set.result.ok).toBe(false);
    expect(settingsRows().filter((row) => JSON.stringify(row).includes('gateway.'))).toEqual([]);
    expect(audit.count()).toBe(0);
  });
});
