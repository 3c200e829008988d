import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The headless host's session token. Whoever holds it drives the console, so every request (files
 * and the WebSocket upgrade) must carry it: once in the URL the CLI prints, then as an HttpOnly
 * cookie so the token leaves the address bar and never reaches the page's script.
 */
export const SESSION_COOKIE = 'console_session';

/** Characters that are safe both in a query string and in a cookie value, and enough of them. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,256}$/;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function assertTokenShape(token: string): void {
  if (!TOKEN_SHAPE.test(token)) {
    throw new Error('the session token must be 16 to 256 characters of A-Z, a-z, 0-9, "-" or "_"');
  }
}

export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** How a request proved it holds the token, or null when it did not. */
export type Credential = 'query' | 'cookie' | null;

export function createTokenCheck(token: string): (req: IncomingMessage, url: URL) => Credential {
  // Comparing digests gives equal-length inputs to timingSafeEqual whatever the candidate's length,
  // so neither the token's content nor its length leaks through timing.
  const expected = digest(token);
  const matches = (candidate: string): boolean => timingSafeEqual(digest(candidate), expected);

  return (req, url) => {
    const fromQuery = url.searchParams.get('token');
    // A wrong token in the URL is refused even with a good cookie: the link itself is wrong.
    if (fromQuery !== null) return matches(fromQuery) ? 'query' : null;
    return cookieValues(req.headers.cookie, SESSION_COOKIE).some(matches) ? 'cookie' : null;
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Every value of a cookie: two hosts on different ports of one machine share the browser's cookie jar. */
function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1 || pair.slice(0, eq).trim() !== name) continue;
    values.push(pair.slice(eq + 1).trim());
  }
  return values;
}
