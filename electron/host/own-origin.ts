import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import { urlHost } from './address.js';

/**
 * The names a request may give in its Host header: the address the host listens on, with its port.
 * A page on a rebinding domain (evil.example resolving to 127.0.0.1) reaches the socket but names
 * its own domain here, so it is turned away before any cookie or file is looked at. A wildcard bind
 * (0.0.0.0, ::) answers to loopback and to this machine's interface addresses.
 */
export function allowedHosts(address: string, port: number): Set<string> {
  const names = new Set<string>();
  const add = (host: string): void => {
    names.add(`${urlHost(host)}:${port}`.toLowerCase());
  };
  if (address === '0.0.0.0' || address === '::') {
    add('127.0.0.1');
    if (address === '::') add('::1');
    for (const entries of Object.values(os.networkInterfaces())) {
      for (const entry of entries ?? []) {
        if (entry.family === 'IPv4' || address === '::') add(entry.address);
      }
    }
  } else {
    add(address);
  }
  return names;
}

/** The request's Host header when it is one of ours, lower-cased; null otherwise (absent, foreign, several). */
export function ownHost(req: IncomingMessage, allowed: ReadonlySet<string>): string | null {
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && allowed.has(host) ? host : null;
}

/**
 * The origin the page was served from, which every state-changing request and WebSocket upgrade must
 * name. A browser always sends Origin on these; a missing one is refused too, since a script on
 * another port of 127.0.0.1 is same-site and gets the session cookie sent along.
 */
export function isOwnOrigin(req: IncomingMessage, scheme: 'http' | 'https', host: string): boolean {
  return req.headers.origin === `${scheme}://${host}`;
}
