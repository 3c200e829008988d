import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHostProcess, type HostProcess } from '../fixtures/host-process.js';
import { signIn, type SignedIn } from './host-sign-in.js';

/**
 * Issue 7's flood, against a real host in its own process: 16 connections sending 60 MiB frames
 * took the host from 151 MiB to 1.3 GiB. The frames are written by a raw client from one reused
 * 1 MiB buffer (a zero mask leaves the payload as is), so the test itself stays small and only the
 * host is measured, by its RSS in /proc while the flood runs.
 */

const MiB = 1024 * 1024;
const RSS_LIMIT_MIB = 300;
let tmp: string;
let host: HostProcess | undefined;
let port: number;
let session: SignedIn;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'host-flood-'));
  const rendererDir = path.join(tmp, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
  host = await startHostProcess({ dataDir: path.join(tmp, 'data'), rendererDir });
  port = Number(new URL(host.url).port);
  session = await signIn(host.url);
}, 60_000);

afterAll(async () => {
  await host?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? NaN);
  return kib / 1024;
}

/** Close codes the host sent on each raw socket (read only when the flooder reads). */
const closeCodes = new WeakMap<net.Socket, number>();

/**
 * A WebSocket handshake by hand, as the page would make it (cookie, own Origin); resolves with the
 * open socket. `read`: whether the flooder reads what the host sends (only to see its close frame).
 */
function rawUpgrade(read: boolean): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(
        [
          `GET ${new URL(session.bridge).pathname} HTTP/1.1`,
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          `Origin: ${session.origin}`,
          `Cookie: ${session.cookie}`,
          '',
          '',
        ].join('\r\n'),
      );
    });
    socket.once('error', reject);
    socket.once('data', (data: Buffer) => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      if (read) {
        socket.on('data', (frame: Buffer) => {
          // A close frame from the server: 0x88, a length, then the code.
          const at = frame.indexOf(0x88);
          if (at !== -1 && frame.length >= at + 4) closeCodes.set(socket, frame.readUInt16BE(at + 2));
        });
      } else {
        socket.pause();
      }
      if (data.toString('latin1').startsWith('HTTP/1.1 101')) resolve(socket);
      else reject(new Error(`upgrade refused: ${data.toString('latin1').split('\r\n')[0] ?? ''}`));
    });
  });
}

/** A masked text frame header (mask key 0: the payload goes out as written). */
function frameHeader(length: number): Buffer {
  const header = Buffer.alloc(14);
  header[0] = 0x81;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  header.writeUInt32BE(0, 10);
  return header;
}

const CHUNK = Buffer.alloc(MiB, 0x20);

/** Writes one frame of `length` bytes from the shared chunk; resolves when written or when the host cut the socket. */
async function sendFrame(socket: net.Socket, length: number, prefix = ''): Promise<boolean> {
  const write = (data: Buffer): Promise<boolean> =>
    new Promise((resolve) => {
      if (socket.destroyed || !socket.writable || closeCodes.has(socket)) {
        resolve(false);
        return;
      }
      if (socket.write(data)) resolve(true);
      else {
        const done = (ok: boolean) => () => {
          socket.off('drain', onDrain);
          socket.off('close', onClose);
          resolve(ok);
        };
        const onDrain = done(true);
        const onClose = done(false);
        socket.once('drain', onDrain);
        socket.once('close', onClose);
      }
    });
  if (!(await write(frameHeader(length)))) return false;
  const head = Buffer.from(prefix, 'utf8');
  if (head.length > 0 && !(await write(head))) return false;
  let left = length - head.length;
  while (left > 0) {
    const part = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
    if (!(await write(part))) return false;
    left -= part.length;
  }
  return true;
}

/** One call from a client that behaves: the answer, or a timeout. */
async function wellBehavedCall(timeoutMs = 15_000): Promise<{ ok: boolean; ms: number }> {
  const started = Date.now();
  const ws = new WebSocket(session.bridge, { headers: { Cookie: session.cookie }, origin: session.origin });
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer in time')), timeoutMs);
      ws.on('error', reject);
      ws.on('open', () => ws.send(JSON.stringify({ type: 'request', id: 1, method: 'app:info', input: {} })));
      ws.on('message', (data: Buffer) => {
        clearTimeout(timer);
        const frame = JSON.parse(data.toString('utf8')) as { result?: { ok?: boolean } };
        resolve({ ok: frame.result?.ok === true, ms: Date.now() - started });
      });
    });
  } finally {
    ws.terminate();
  }
}

describe('headless host under a flood (child process)', () => {
  it('16 connections sending 60 MiB frames, then 16 sending 1.9 MiB frames without reading: RSS stays bounded, a good client is answered', async () => {
    const pid = host?.pid ?? 0;
    expect((await wellBehavedCall()).ok).toBe(true);
    const before = rssMiB(pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMiB(pid));
    }, 20);
    try {
      // The attack: each connection announces and writes a 60 MiB frame, twice over.
      for (let round = 0; round < 2; round++) {
        const sockets = await Promise.all(Array.from({ length: 16 }, () => rawUpgrade(true)));
        await Promise.all(sockets.map((socket) => sendFrame(socket, 60 * MiB)));
        // The host refuses such a frame from its header (1009) and discards the rest unread.
        expect(sockets.map((socket) => closeCodes.get(socket))).toEqual(Array.from({ length: 16 }, () => 1009));
        for (const socket of sockets) socket.destroy();
      }
      // Frames just under the payload cap, as fast as the host takes them, answers never read.
      const sockets = await Promise.all(Array.from({ length: 16 }, () => rawUpgrade(false)));
      const floods = sockets.map(async (socket) => {
        for (let i = 0; i < 30; i++) {
          if (!(await sendFrame(socket, Math.floor(1.9 * MiB), '{"type":"request","id":1,"method":"tasks:list","input":{"pad":"'))) return;
        }
      });
      const during = await wellBehavedCall(30_000);
      expect(during.ok).toBe(true);
      await Promise.race([Promise.all(floods), new Promise((resolve) => setTimeout(resolve, 20_000))]);
      for (const socket of sockets) socket.destroy();
    } finally {
      clearInterval(sampler);
    }
    const after = await wellBehavedCall();
    expect(after.ok).toBe(true);
    process.stdout.write(`host RSS before the flood ${before.toFixed(0)} MiB, peak during it ${peak.toFixed(0)} MiB, after ${rssMiB(pid).toFixed(0)} MiB\n`);
    expect(peak).toBeLessThan(RSS_LIMIT_MIB);
  }, 180_000);
});
