import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { startTrainingGateway } from '../../electron/core/sync/training-gateway.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/v1/reference`);
    return true;
  } catch {
    return false;
  }
}

describe('the training simulator', () => {
  it('starts through its command line on loopback and stops with the console', async () => {
    const gateway = await startTrainingGateway({ log: createLogger(nullSink), tasks: 50, cargo: 0 });
    expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${gateway.url}/v1/reference`)).status).toBe(401); // it is the real gateway API
    await gateway.stop();
    expect(await answers(gateway.url)).toBe(false);
  }, 60_000);

  it('goes away when the console process is killed with SIGKILL', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/fixtures/training-gateway-child.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const match = /http:\/\/127\.0\.0\.1:\d+/.exec(chunk.toString('utf8'));
        if (match) resolve(match[0]);
      });
    });
    expect(await answers(url)).toBe(true);
    child.kill('SIGKILL');
    let alive = true;
    for (let attempt = 0; attempt < 50 && alive; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      alive = await answers(url);
    }
    expect(alive).toBe(false);
  }, 60_000);
});
