import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { appInfoSchema, responseFrameSchema } from '../../shared/contract/index.js';
import { ensureRendererBuild, ROOT } from '../e2e/renderer-build.js';
import { signIn, type SignedIn } from './host-sign-in.js';

/**
 * Issue 7: console.sqlite, its WAL and the logs were created 0644/0755. A real headless host (its
 * CLI, training mode: the built-in simulator and a real sync) runs under a umask of 000, so any
 * file whose mode the core leaves to chance comes out world-writable; then every entry under the
 * data folder is stat'ed.
 */

let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'host-modes-'));
  await ensureRendererBuild();
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Runs a node script from the repository under `umask 000`; resolves with its first stdout line, or its exit. */
function underOpenUmask(script: string, args: string[], onLine?: (line: string, kill: () => void) => void): Promise<number | null> {
  const child = spawn('/bin/sh', ['-c', 'umask 000 && exec "$0" "$@"', process.execPath, '--import', 'tsx', path.join(ROOT, script), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    const lines = out.split('\n');
    out = lines.pop() ?? '';
    for (const line of lines) onLine?.(line, () => child.kill('SIGTERM'));
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function appInfo({ bridge, origin, cookie }: SignedIn): Promise<{ taskCount: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(bridge, { headers: { Cookie: cookie }, origin });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'request', id: 1, method: 'app:info', input: {} })));
    ws.on('message', (data: Buffer) => {
      // Events (sync:changed while the first sync runs) may come before the answer.
      const frame = responseFrameSchema.safeParse(JSON.parse(data.toString('utf8')));
      if (!frame.success || frame.data.id !== 1) return;
      const { result } = frame.data;
      ws.close();
      if (result.ok) resolve(appInfoSchema.parse(result.value));
      else reject(new Error(result.error.message));
    });
    ws.on('error', reject);
  });
}

function walk(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    found.push(full);
    if (entry.isDirectory()) found.push(...walk(full));
  }
  return found;
}

describe('data folder: owner-only files', () => {
  it('after a host run with sync and evidence written, every folder is 0700 and every file 0600, even under umask 000', async () => {
    const dataDir = path.join(tmp, 'data');
    let problem: unknown = null;
    let sawTasks = false;
    const hostExit = await underOpenUmask('electron/host/cli.ts', ['--data-dir', dataDir], (line, stop) => {
      const match = /^console ready at (\S+)$/.exec(line);
      if (!match?.[1]) return;
      const url = match[1];
      void (async () => {
        try {
          const signedIn = await signIn(url);
          for (let attempt = 0; attempt < 120 && !sawTasks; attempt++) {
            sawTasks = (await appInfo(signedIn)).taskCount > 0;
            if (!sawTasks) await new Promise((resolve) => setTimeout(resolve, 500));
          }
        } catch (error) {
          problem = error;
        } finally {
          stop();
        }
      })();
    });
    expect(problem).toBeNull();
    expect(sawTasks).toBe(true);
    expect(hostExit).toBe(0);
    expect(await underOpenUmask('tests/integration/data-folder-writer.ts', [dataDir])).toBe(0);

    const entries = [dataDir, ...walk(dataDir)];
    const names = entries.map((entry) => path.relative(dataDir, entry));
    // What the run must have made, so the check below covers it.
    for (const expected of ['console.sqlite', 'logs', 'logs/console.log', 'attachments', 'older.sqlite.v1.bak', 'keys']) {
      expect(names).toContain(expected);
    }
    expect(names.some((name) => name.startsWith('attachments/') && /\/[0-9a-f]{64}$/.test(name))).toBe(true);
    const wrong = entries
      .map((entry) => {
        const stat = fs.lstatSync(entry);
        const mode = stat.mode & 0o777;
        const want = stat.isDirectory() ? 0o700 : 0o600;
        return { name: path.relative(dataDir, entry) || '.', mode: mode.toString(8), want: want.toString(8), ok: mode === want };
      })
      .filter((entry) => !entry.ok);
    expect(wrong).toEqual([]);
  }, 180_000);

  it('tightens the database, its WAL and the log that an older console left 0644', async () => {
    const dataDir = path.join(tmp, 'older-console');
    const { startCore, DATABASE_FILE, logFile } = await import('../../electron/core/core.js');
    const { createLogger, nullSink } = await import('../../electron/core/log.js');
    const { openDatabase } = await import('../../electron/core/db/connection.js');
    fs.mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
    const file = path.join(dataDir, DATABASE_FILE);
    openDatabase(file, { log: createLogger(nullSink) }).close();
    fs.writeFileSync(logFile(dataDir), '');
    fs.writeFileSync(`${file}-wal`, '');
    for (const old of [file, logFile(dataDir), `${file}-wal`]) fs.chmodSync(old, 0o644);
    const core = startCore({ dataDir });
    try {
      for (const tightened of [file, logFile(dataDir)]) expect((fs.statSync(tightened).mode & 0o777).toString(8)).toBe('600');
      if (fs.existsSync(`${file}-wal`)) expect((fs.statSync(`${file}-wal`).mode & 0o777).toString(8)).toBe('600');
    } finally {
      await core.close();
    }
  });

  it('SQLite gives the WAL and shared-memory files the mode of the main file', async () => {
    const dataDir = path.join(tmp, 'wal');
    const code = await underOpenUmask('tests/integration/data-folder-writer.ts', [dataDir]);
    expect(code).toBe(0);
    // The writer's databases are closed (WAL checkpointed away); open one and keep it open to see them.
    const { openDatabase, sqliteHandle } = await import('../../electron/core/db/connection.js');
    const { createLogger, nullSink } = await import('../../electron/core/log.js');
    const db = openDatabase(path.join(dataDir, 'older.sqlite'), { log: createLogger(nullSink) });
    try {
      sqliteHandle(db).prepare('CREATE TABLE IF NOT EXISTS probe (x)').run();
      for (const suffix of ['', '-wal', '-shm']) {
        const file = path.join(dataDir, `older.sqlite${suffix}`);
        expect({ file: suffix, mode: (fs.statSync(file).mode & 0o777).toString(8) }).toEqual({ file: suffix, mode: '600' });
      }
    } finally {
      db.close();
    }
  });
});
