import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logFile, startCore } from '../../electron/core/core.js';
import { createLogger, fileSink, redact } from '../../electron/core/log.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.remove());

const lines = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { level: string; subsystem: string; message: string; fields?: Record<string, unknown> });

describe('structured logs', () => {
  it('writes one JSON line per entry with its subsystem, and never a secret', () => {
    const file = path.join(temp.dir, 'logs', 'console.log');
    const log = createLogger(fileSink(file), { subsystem: 'core' });
    log.child('sync').info('token refreshed with Bearer eyJhbGciOiJIUzI1NiJ9.abc for op-8000-001', {
      accessToken: 'eyJhbGciOiJIUzI1NiJ9.abc',
      request: { url: 'http://127.0.0.1:9/v1/auth/token?token=s3cret', headers: { Authorization: 'Bearer xyz' } },
      body: { operatorId: 'op-8000-001', password: 'hunter2' },
      consignee: { name: '重庆某贸易有限公司', uscc: '91500000MA5U123456' },
    });
    log.child('db').warn('slow query', { ms: 75 });
    const text = fs.readFileSync(file, 'utf8');
    for (const secret of ['eyJhbGciOiJIUzI1NiJ9', 's3cret', 'xyz', 'hunter2', '重庆某贸易', '91500000MA5U123456']) {
      expect(text).not.toContain(secret);
    }
    const [first, second] = lines(file);
    expect(first).toMatchObject({ level: 'info', subsystem: 'core.sync', fields: { body: { operatorId: 'op-8000-001', password: '[redacted]' } } });
    expect(first?.message).toContain('Bearer [redacted]');
    expect(second).toMatchObject({ level: 'warn', subsystem: 'core.db', message: 'slow query', fields: { ms: 75 } });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('drops entries below the configured level', () => {
    const file = path.join(temp.dir, 'quiet.log');
    const log = createLogger(fileSink(file), { level: 'warn' });
    log.info('routine');
    log.error('broken', { error: new Error('password=abc failed') });
    const entries = lines(file);
    expect(entries.map((entry) => entry.message)).toEqual(['broken']);
    expect(JSON.stringify(entries[0]?.fields)).toContain('password=[redacted]');
  });

  it('redacts inside arrays and nested objects but keeps ordinary values', () => {
    expect(redact([{ token: 'a', count: 2 }, 'password=x&y=1'])).toEqual([{ token: '[redacted]', count: 2 }, 'password=[redacted]&y=1']);
  });

  it('redacts the user info of a URL in free text (an address refused as a gateway must not leak if logged)', () => {
    const text = redact('sign-in to http://op-7:Pw-leak-1@10.0.0.1:8080/v1 and https://token-user@gw.example.cn/ failed; mail op@example.cn') as string;
    expect(text).toBe('sign-in to http://[redacted]@10.0.0.1:8080/v1 and https://[redacted]@gw.example.cn/ failed; mail op@example.cn');
    expect(redact({ gateway: 'http://op:Pw-leak-2@127.0.0.1/' })).toEqual({ gateway: 'http://[redacted]@127.0.0.1/' });
  });

  it('a core writes its log into the data folder', async () => {
    const core = startCore({ dataDir: temp.dir });
    await core.close();
    expect(lines(logFile(temp.dir)).map((entry) => `${entry.subsystem}: ${entry.message}`)).toContain('core: core started');
  });
});
