import { STATUS_CODES, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { buildCsp } from '../protocol.js';

/**
 * Headers on every answer of the host, errors included. The CSP is the one Electron serves on
 * app:// (buildCsp is plain code: protocol.ts imports only Electron's types), so the console runs
 * under the same policy in both shells.
 */
export function securityHeaders(connectHosts: readonly string[] = []): OutgoingHttpHeaders {
  return {
    'Content-Security-Policy': buildCsp({ connectHosts }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

export function sendText(res: ServerResponse, status: number, body: string, headers: OutgoingHttpHeaders = {}): void {
  const bytes = Buffer.from(`${body}\n`, 'utf8');
  res.writeHead(status, {
    ...securityHeaders(),
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': bytes.length,
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : bytes);
}

/** Answers a refused WebSocket upgrade in plain HTTP and drops the socket once the answer is out. */
export function refuseUpgrade(socket: Duplex, status: number, body: string): void {
  const text = `${body}\n`;
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    // Like every other answer of the host (securityHeaders), so no answer at all carries a referrer.
    'Referrer-Policy: no-referrer',
    `Content-Length: ${Buffer.byteLength(text, 'utf8')}`,
  ].join('\r\n');
  socket.once('finish', () => socket.destroy());
  socket.end(`${head}\r\n\r\n${text}`);
}
