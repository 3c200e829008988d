import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../../electron/core/db/audit-repository.js';
import { openDatabase, type Database, sqliteHandle } from '../../electron/core/db/connection.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { tamper } from '../fixtures/audit-tamper.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/** `npm run audit:verify` spawned as its own process from the command line in package.json. */
const ROOT = path.resolve(import.meta.dirname, '../..');
const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const log = createLogger(nullSink);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function verify(args: string[]): Promise<Run> {
  const [command, ...scriptArgs] = (scripts['audit:verify'] ?? '').split(' ');
  expect(command).toBe('node');
  const child = spawn(process.execPath, [...scriptArgs, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

const jsonLine = (run: Run): Record<string, unknown> => {
  const lines = run.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? '') as Record<string, unknown>;
};

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  temp = makeTempDir('audit-verify-cli-');
});
afterAll(() => temp.remove());

/** A closed console database with `count` audit entries. */
function logWith(name: string, count: number): string {
  const file = path.join(temp.dir, name, 'console.sqlite');
  const db = openDatabase(file, { log });
  append(db, count);
  db.close();
  return file;
}

function append(db: Database, count: number): void {
  const audit = new AuditRepository(sqliteHandle(db));
  sqliteHandle(db).transaction(() => {
    for (let i = 0; i < count; i += 1) audit.append({ actor: 'op-8000-001', action: 'inspection.draft_saved', taskId: `JI-${i}`, details: { i } });
  })();
}

const digest = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('npm run audit:verify', () => {
  it('exits 0 on an intact chain, prints one JSON line, and leaves the file and its folder as they were', async () => {
    const file = logWith('intact', 300);
    const before = { bytes: digest(file), entries: fs.readdirSync(path.dirname(file)).sort(), mtime: fs.statSync(file).mtimeMs };
    const run = await verify(['--db', file]);
    expect(run.code, run.stderr).toBe(0);
    const line = jsonLine(run);
    expect(line).toMatchObject({ ok: true, entries: 300, lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
    expect(typeof line.durationMs).toBe('number');
    expect(line).not.toHaveProperty('firstBroken');
    expect({ bytes: digest(file), entries: fs.readdirSync(path.dirname(file)).sort(), mtime: fs.statSync(file).mtimeMs }).toEqual(before);
  });

  it('exits 7 on a broken chain and names the first broken link', async () => {
    const file = logWith('edited', 40);
    tamper(file, (raw) => raw.prepare("UPDATE audit_log SET actor = 'op-9999-999' WHERE seq = 17").run());
    const run = await verify(['--db', file]);
    expect(run.code, run.stderr).toBe(7);
    expect(jsonLine(run)).toMatchObject({ ok: false, entries: 40, firstBroken: { seq: 17, expectedSeq: 17, problem: 'hash_mismatch' } });
    expect(run.stderr).toMatch(/broken at entry 17/);
  });

  it('exits 7 on a removed entry', async () => {
    const file = logWith('removed', 10);
    tamper(file, (raw) => raw.prepare('DELETE FROM audit_log WHERE seq = 5').run());
    const run = await verify(['--db', file]);
    expect(run.code).toBe(7);
    expect(jsonLine(run)).toMatchObject({ ok: false, entries: 9, firstBroken: { seq: 6, expectedSeq: 5, problem: 'gap' } });
  });

  it('reads a database that a console still has open (its -wal beside it), entries not yet checkpointed included', async () => {
    const file = path.join(temp.dir, 'open', 'console.sqlite');
    const db = openDatabase(file, { log });
    try {
      append(db, 12);
      expect(fs.existsSync(`${file}-wal`)).toBe(true);
      const run = await verify(['--db', file]);
      expect(run.code, run.stderr).toBe(0);
      expect(jsonLine(run)).toMatchObject({ ok: true, entries: 12 });
    } finally {
      db.close();
    }
  });

  it('exits 2 for a file that is not a console database, one with no audit log yet, and a missing file', async () => {
    const notSqlite = path.join(temp.dir, 'notes.txt');
    fs.writeFileSync(notSqlite, 'not a database at all, just some text');
    const schema3 = path.join(temp.dir, 'schema3', 'console.sqlite');
    openDatabase(schema3, { log, migrations: migrations.slice(0, 3) }).close();
    for (const [file, kind, message] of [
      [notSqlite, 'not_a_database', /not SQLite/],
      [schema3, 'not_a_database', /no audit log yet \(schema 3/],
      [path.join(temp.dir, 'nowhere.sqlite'), 'cannot_open', /there is no database/],
    ] as const) {
      const run = await verify(['--db', file]);
      expect(run.code, file).toBe(2);
      expect(jsonLine(run)).toMatchObject({ ok: false, exitCode: 2, error: { kind } });
      expect(run.stderr).toMatch(message);
    }
    expect(fs.readFileSync(notSqlite, 'utf8')).toBe('not a database at all, just some text');
  });

  it('exits 64 on a usage error', async () => {
    for (const args of [[], ['--db'], ['--database', 'x.sqlite'], ['x.sqlite']]) {
      const run = await verify(args);
      expect(run.code, args.join(' ')).toBe(64);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/Usage: npm run --silent audit:verify/);
    }
  });
});
