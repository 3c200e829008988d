import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startCore, type Core } from '../../electron/core/core.js';
import { startHost, type Host } from '../../electron/host/server.js';
import { responseFrameSchema, type ResponseFrame } from '../../shared/contract/index.js';
import { makeSelfSignedCert, type SelfSignedCert } from '../fixtures/self-signed-cert.js';
import { makeTempDir } from '../fixtures/temp-dir.js';
import { signIn, type SignedIn } from './host-sign-in.js';

/**
 * The wall display through the headless host, on loopback (issue 10, point 5): its own token, a
 * session whose socket is the read-only wall, refused every write; and the host over HTTPS with a
 * certificate made for the test, its cookie Secure and its wss bridge checking the https Origin.
 */
const temp = makeTempDir('host-wall-');
const logLines: string[] = [];
let core: Core;
let cert: SelfSignedCert;
let rendererDir: string;
const hosts: Host[] = [];

beforeAll(() => {
  rendererDir = path.join(temp.dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
  core = startCore({ dataDir: path.join(temp.dir, 'data'), logSink: { write: (line) => logLines.push(line) } });
  cert = makeSelfSignedCert(temp.dir);
});
afterAll(async () => {
  for (const host of hosts) await host.close();
  await core.close();
  temp.remove();
});

async function host(options: Partial<Parameters<typeof startHost>[0]> = {}): Promise<Host> {
  const started = await startHost({ core, rendererDir, ...options });
  hosts.push(started);
  return started;
}

/** Calls over the page's bridge as its page would (cookie, Origin), one socket for all of them. */
async function bridgeCalls(session: SignedIn, calls: [string, unknown][], ca?: Buffer): Promise<ResponseFrame['result'][]> {
  const ws = new WebSocket(session.bridge, { headers: { Cookie: session.cookie }, origin: session.origin, ...(ca ? { ca } : {}) });
  const answers = new Map<number, (result: ResponseFrame['result']) => void>();
  ws.on('message', (data: Buffer) => {
    const frame = responseFrameSchema.safeParse(JSON.parse(data.toString('utf8')));
    if (frame.success && frame.data.id !== null) answers.get(frame.data.id)?.(frame.data.result);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  try {
    return await Promise.all(
      calls.map(
        ([method, input], k) =>
          new Promise<ResponseFrame['result']>((resolve) => {
            answers.set(k + 1, resolve);
            ws.send(JSON.stringify({ type: 'request', id: k + 1, method, input }));
          }),
      ),
    );
  } finally {
    ws.close();
  }
}

describe('the wall token', () => {
  it('opens a session whose socket is the read-only wall: the map reads answer, writes are forbidden', async () => {
    const wallHost = await host();
    expect(wallHost.wallUrl).not.toBe(wallHost.url);
    const wall = await signIn(wallHost.wallUrl);
    const [status, snapshot, submit, signInAttempt, syncNow] = await bridgeCalls(wall, [
      ['session:status', {}],
      ['cargo:snapshot', {}],
      ['inspection:submit', { taskId: 'JI-8000-2026-000001' }],
      ['session:signIn', { operatorId: 'op-8000-001', password: 'training' }],
      ['sync:now', {}],
    ]);
    expect(status).toEqual({ ok: true, value: { signedIn: 'wall', roles: ['wall'], mode: 'training' } });
    expect(snapshot).toMatchObject({ ok: true });
    for (const refused of [submit, signInAttempt, syncNow]) expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('is spent once like the sign-in token, announces the next one, leaves the console token alone, and is never logged', async () => {
    const announced: string[] = [];
    const wallHost = await host({ onWallUrl: (url) => announced.push(url) });
    const first = wallHost.wallUrl;
    await signIn(first);
    await expect(signIn(first)).rejects.toThrow(/401/);
    expect(announced).toEqual([wallHost.nextWallUrl()]);
    // The console's own token still opens an ordinary, signed-out session.
    const officer = await signIn(wallHost.url);
    const [status] = await bridgeCalls(officer, [['session:status', {}]]);
    expect(status).toMatchObject({ ok: true, value: { signedIn: false } });
    const log = logLines.join('\n');
    for (const url of [first, ...announced]) expect(log).not.toContain(new URL(url).searchParams.get('token') ?? 'none');
    expect(log).toContain('"kind":"wall"');
  });

  it('accepts a fixed wall token once per start, and refuses one equal to the sign-in token', async () => {
    const wallHost = await host({ wallToken: 'wall-bookmark-0123456789' });
    expect(new URL(wallHost.wallUrl).searchParams.get('token')).toBe('wall-bookmark-0123456789');
    await expect(host({ token: 'same-token-0123456789', wallToken: 'same-token-0123456789' })).rejects.toThrow(/must differ/);
  });
});

describe('HTTPS with --tls-cert and --tls-key', () => {
  it('serves the sign-in and the wss bridge over TLS, with a Secure cookie and the https Origin', async () => {
    const tlsHost = await host({ tls: { cert: cert.cert, key: cert.key } });
    expect(tlsHost.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(tlsHost.wallUrl).toMatch(/^https:/);
    const wall = await signIn(tlsHost.wallUrl, cert.cert);
    expect(wall.setCookie).toMatch(/; Secure$/);
    expect(wall.bridge).toMatch(/^wss:/);
    const [info] = await bridgeCalls(wall, [['app:info', {}]], cert.cert);
    expect(info).toMatchObject({ ok: true, value: { roles: ['wall'] } });
    // The plain-http Origin of the same host is another origin: refused.
    await expect(bridgeCalls({ ...wall, origin: wall.origin.replace('https', 'http') }, [['app:info', {}]], cert.cert)).rejects.toThrow(/403/);
  });

  it('refuses a client that does not trust the certificate', async () => {
    const tlsHost = await host({ tls: { cert: cert.cert, key: cert.key } });
    await expect(signIn(tlsHost.url)).rejects.toThrow(/self.signed/i);
  });
});
