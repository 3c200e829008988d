import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The secret path the console is served under, new at each host start: `/c/<22 base64url chars>/`.
 *
 * Browsers send 127.0.0.1 cookies to every port, but only to paths under the cookie's Path. With
 * the session cookie's Path set to this prefix, a server on another local port that the officer's
 * browser visits receives the cookie only if it already knows the prefix, which it cannot guess
 * (128 bits) and never sees: it is not in the printed sign-in URL, not in any log, and no page of
 * the host sends a Referer (Referrer-Policy: no-referrer on every answer).
 */

const SECRET_BYTES = 16;

export interface ConsolePath {
  /** `/c/<secret>/`: where the page lives, and the session cookie's Path. */
  readonly prefix: string;
  /**
   * The request target below the prefix, as an origin-form target (`/`, `/assets/x.js?v=1`,
   * `/bridge`), or null when the target is not under the prefix. Compared on the raw target, byte
   * for byte, so no decoding or normalisation can move a request into (or out of) it.
   */
  strip(target: string): string | null;
  /** The target with the secret replaced, safe for a log line. */
  redact(target: string): string;
}

export function newConsolePath(): ConsolePath {
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  const prefix = `/c/${secret}/`;
  const expected = digest(prefix);
  return {
    prefix,
    strip(target) {
      // Digests of equal length let timingSafeEqual compare without leaking how much matched.
      if (!timingSafeEqual(digest(target.slice(0, prefix.length)), expected)) return null;
      return `/${target.slice(prefix.length)}`;
    },
    redact(target) {
      return target.split(secret).join('<secret>');
    },
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
