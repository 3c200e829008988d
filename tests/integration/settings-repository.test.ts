import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database, sqliteHandle } from '../../electron/core/db/connection.js';
import { SettingsRepository } from '../../electron/core/db/settings-repository.js';
import { createSecretBox } from '../../electron/core/secrets/secret-box.js';
import { memoryLog } from '../unit/fakes/memory-log.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/** Real SQLite file (WAL): the secrets must not be readable in the bytes SQLite writes. */
const PASSWORD = 'Zhu-Gan-8000-口岸!';
const TOKEN = 'eyJhbGciOi.secret-access-token.9f8e7d';
const key = crypto.randomBytes(32);

let temp: ReturnType<typeof makeTempDir>;
let file: string;
let db: Database;
let logged: ReturnType<typeof memoryLog>;

function repository(database: Database = db, dataKey: Buffer = key): SettingsRepository {
  return new SettingsRepository(sqliteHandle(database), createSecretBox(dataKey), { log: logged.log });
}

beforeEach(() => {
  temp = makeTempDir('console-settings-');
  file = path.join(temp.dir, 'console.sqlite');
  logged = memoryLog();
  db = openDatabase(file, { log: logged.log });
});
afterEach(() => {
  db.close();
  temp.remove();
});

/** Every byte SQLite has on disk for this database: main file, WAL, shared memory. */
function databaseBytes(): Buffer {
  const parts = [file, `${file}-wal`, `${file}-shm`].filter((part) => fs.existsSync(part)).map((part) => fs.readFileSync(part));
  expect(parts.length).toBeGreaterThanOrEqual(2); // the WAL holds the recent commits
  return Buffer.concat(parts);
}

function contains(haystack: Buffer, needle: string): boolean {
  return haystack.includes(Buffer.from(needle, 'utf8')) || haystack.includes(Buffer.from(needle, 'utf16le'));
}

describe('settings repository', () => {
  it('starts in training mode with a stable generated workstation id', () => {
    const settings = repository();
    const first = settings.gateway();
    expect(first).toEqual({ mode: 'training', gatewayUrl: null, operatorId: null, workstationId: expect.stringMatching(/^ws-[0-9a-f]{16}$/) as unknown, hasPassword: false });
    expect(settings.gateway().workstationId).toBe(first.workstationId);
    db.close();
    db = openDatabase(file, { log: logged.log });
    expect(repository().workstationId()).toBe(first.workstationId);
  });

  it('round-trips the gateway settings; the mode follows the stored URL', () => {
    const settings = repository();
    expect(settings.setGateway({ gatewayUrl: 'https://gw.example.cn/', operatorId: 'op-7', password: PASSWORD })).toBe(true);
    expect(settings.gateway()).toMatchObject({ mode: 'gateway', gatewayUrl: 'https://gw.example.cn/', operatorId: 'op-7', hasPassword: true });
    expect(settings.password()).toBe(PASSWORD);
    expect(settings.gatewayConfig()).toEqual({
      gatewayUrl: 'https://gw.example.cn/',
      operatorId: 'op-7',
      password: PASSWORD,
      workstationId: settings.workstationId(),
    });

    // Same values again, password omitted: the stored one stays, nothing changed.
    expect(settings.setGateway({ gatewayUrl: 'https://gw.example.cn/', operatorId: 'op-7' })).toBe(false);
    expect(settings.password()).toBe(PASSWORD);
  });

  it('keeps the password only with the address and operator it was typed for', () => {
    const settings = repository();
    settings.setGateway({ gatewayUrl: 'https://gw.example.cn/', operatorId: 'op-7', password: PASSWORD });
    expect(settings.passwordFor('https://gw.example.cn/', 'op-7')).toBe(PASSWORD);
    expect(settings.passwordFor('https://gw2.example.cn/', 'op-7')).toBeNull();
    expect(settings.passwordFor('https://gw.example.cn/', 'op-8')).toBeNull();

    // Another address with no password typed: the stored one is forgotten, never carried over.
    settings.setToken({ accessToken: 'tok-1', expiresAt: '2030-01-01T00:00:00.000Z' });
    expect(settings.setGateway({ gatewayUrl: 'https://gw2.example.cn/', operatorId: 'op-7' })).toBe(true);
    expect(settings.gatewayConfig().password).toBeNull();
    expect(settings.gateway().hasPassword).toBe(false);
    expect(settings.token()).toBeNull();

    // Another operator, likewise.
    settings.setGateway({ gatewayUrl: 'https://gw2.example.cn/', operatorId: 'op-7', password: PASSWORD });
    expect(settings.setGateway({ gatewayUrl: 'https://gw2.example.cn/', operatorId: 'op-8' })).toBe(true);
    expect(settings.password()).toBeNull();

    // A new address with its password typed keeps that one.
    expect(settings.setGateway({ gatewayUrl: 'https://gw3.example.cn/', operatorId: 'op-8', password: 'other' })).toBe(true);
    expect(settings.password()).toBe('other');
  });

  it('forgets the password and the token when switched back to training mode', () => {
    const settings = repository();
    settings.setGateway({ gatewayUrl: 'https://gw.example.cn/', operatorId: 'op-7', password: PASSWORD });
    settings.setToken({ accessToken: 'tok-1', expiresAt: '2030-01-01T00:00:00.000Z' });
    expect(settings.setGateway({ gatewayUrl: null, operatorId: 'op-7' })).toBe(true);
    expect(settings.gateway()).toMatchObject({ mode: 'training', gatewayUrl: null, hasPassword: false });
    expect(settings.token()).toBeNull();
    const keys = (sqliteHandle(db).prepare('SELECT key FROM settings').pluck().all() as string[]).sort();
    expect(keys).not.toContain('gateway.password');
    expect(keys).not.toContain('gateway.token');
    // Even a password sent along with training mode is not kept.
    expect(settings.setGateway({ gatewayUrl: null, operatorId: 'op-7', password: PASSWORD })).toBe(false);
    expect(settings.password()).toBeNull();
  });

  it('never returns the password through gateway(): only hasPassword', () => {
    const settings = repository();
    settings.setGateway({ gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: PASSWORD });
    settings.setToken({ accessToken: TOKEN, expiresAt: '2026-11-21T10:00:00Z' });
    const shown = JSON.stringify(settings.gateway());
    expect(shown).not.toContain(PASSWORD);
    expect(shown).not.toContain(TOKEN);
    expect(Object.keys(settings.gateway()).sort()).toEqual(['gatewayUrl', 'hasPassword', 'mode', 'operatorId', 'workstationId']);
  });

  it('keeps the password and the token only sealed: neither appears in the database file or its WAL', () => {
    const settings = repository();
    settings.setGateway({ gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: PASSWORD });
    settings.setToken({ accessToken: TOKEN, expiresAt: '2026-11-21T10:00:00Z' });
    // A second password: the first one's sealed bytes may linger in free pages, its text must not.
    settings.setGateway({ gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: `${PASSWORD}-2` });
    settings.setToken({ accessToken: `${TOKEN}-2`, expiresAt: '2026-11-21T11:00:00Z' });

    const before = databaseBytes();
    // The check can fail: the operator id, stored in clear, is found by the same search.
    expect(contains(before, 'op-7')).toBe(true);
    expect(contains(before, 'Zhu-Gan')).toBe(false);
    expect(contains(before, PASSWORD)).toBe(false);
    expect(contains(before, 'secret-access-token')).toBe(false);

    // Checkpointed into the main file as well.
    sqliteHandle(db).pragma('wal_checkpoint(TRUNCATE)');
    const after = databaseBytes();
    expect(contains(after, 'Zhu-Gan')).toBe(false);
    expect(contains(after, 'secret-access-token')).toBe(false);
    expect(settings.password()).toBe(`${PASSWORD}-2`);
    expect(settings.token()).toEqual({ accessToken: `${TOKEN}-2`, expiresAt: '2026-11-21T11:00:00Z' });
  });

  it('forgets the token when the gateway, the operator or the password changes', () => {
    const settings = repository();
    settings.setGateway({ gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: PASSWORD });
    const token = { accessToken: TOKEN, expiresAt: '2026-11-21T10:00:00Z' };
    for (const change of [
      { gatewayUrl: 'https://other.example.cn', operatorId: 'op-7' },
      { gatewayUrl: 'https://other.example.cn', operatorId: 'op-8' },
      { gatewayUrl: 'https://other.example.cn', operatorId: 'op-8', password: 'new-password' },
    ]) {
      settings.setToken(token);
      expect(settings.token()).toEqual(token);
      settings.setGateway(change);
      expect(settings.token()).toBeNull();
    }
    settings.setToken(token);
    settings.setGateway({ gatewayUrl: 'https://other.example.cn', operatorId: 'op-8' }); // unchanged
    expect(settings.token()).toEqual(token);
    settings.setToken(null);
    expect(settings.token()).toBeNull();
  });

  it('reads secrets sealed under another data key as absent (hasPassword false) and logs no secret', () => {
    repository().setGateway({ gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: PASSWORD });
    const restored = repository(db, crypto.randomBytes(32));
    expect(restored.password()).toBeNull();
    expect(restored.gateway()).toMatchObject({ mode: 'gateway', operatorId: 'op-7', hasPassword: false });
    const warning = logged.lines.find((line) => line.message === 'a stored secret cannot be opened');
    expect(warning?.fields).toEqual({ setting: 'gateway.password', problem: 'wrong_key' });
    const log = JSON.stringify(logged.lines);
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain('sb1.');
    // Entering it again repairs it.
    restored.setGateway({ gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: PASSWORD });
    expect(restored.password()).toBe(PASSWORD);
  });

  it('detects a sealed value altered in the database', () => {
    const settings = repository();
    settings.setGateway({ gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: PASSWORD });
    const row = sqliteHandle(db).prepare("SELECT value FROM settings WHERE key = 'gateway.password'").get() as { value: string };
    const last = row.value.at(-2) === 'A' ? 'B' : 'A';
    sqliteHandle(db).prepare("UPDATE settings SET value = ? WHERE key = 'gateway.password'").run(`${row.value.slice(0, -2)}${last}${row.value.at(-1) ?? ''}`);
    expect(settings.password()).toBeNull();
    expect(logged.lines.at(-1)?.fields).toEqual({ setting: 'gateway.password', problem: 'tampered' });
  });
});
