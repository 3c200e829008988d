import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The headless host's credentials, in two steps:
 * - the **sign-in token** the CLI prints (in the URL) is good for one exchange: the host answers it
 *   with a new random **session id** in an HttpOnly, SameSite=Strict cookie, and the token then stops
 *   working (a link seen in a terminal, a screenshot or the browser history is spent);
 * - the session lives while the page uses it and expires after an idle period or on sign-out.
 *
 * A second token, the **wall token**, is exchanged the same way for a wall display's session: its
 * page's channel is signed in to the core as the read-only `wall` role, with no account (the token is
 * the secret). Each kind has its own token; spending one leaves the other as it was.
 *
 * Browsers send 127.0.0.1 cookies to every port, so the cookie's Path is the host's secret console
 * path (console-path.ts: a server on another port never receives it), it is named after the host's
 * port (two hosts on one machine never read each other's), and the server binds every use of it to
 * its own origin (Host header and the WebSocket's Origin; see server.ts).
 */

/** Characters that are safe both in a query string and in a cookie value, and enough of them. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,256}$/;
/** 32 random bytes (256 bits) for tokens and session ids alike. */
const RANDOM_BYTES = 32;
/**
 * Default idle time before a session ends: a 12-hour shift, so an officer who steps away keeps the
 * console for the shift and a session left behind does not outlive it. A page that is open keeps its
 * WebSocket connected, which counts as use, so a wall display stays signed in while it shows.
 */
export const DEFAULT_SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
const SWEEP_MS = 60_000;

export function newToken(): string {
  return randomBytes(RANDOM_BYTES).toString('base64url');
}

export function assertTokenShape(token: string): void {
  if (!TOKEN_SHAPE.test(token)) {
    throw new Error('the session token must be 16 to 256 characters of A-Z, a-z, 0-9, "-" or "_"');
  }
}

/** One link must never open both kinds of session: a wall token equal to the sign-in token is refused. */
export function assertTokenPair(token: string, wallToken: string): void {
  assertTokenShape(wallToken);
  if (wallToken === token) throw new Error('the wall token must differ from the sign-in token');
}

/** The cookie carries the port: another console host on this machine has its own. */
export function sessionCookieName(port: number): string {
  return `console_session_${port}`;
}

export interface SessionStoreOptions {
  /** The first sign-in token (printed); a fixed one is accepted once per host start. */
  token: string;
  port: number;
  /** The cookie's Path: the secret prefix the console is served under, so no other path (or port) gets it. */
  cookiePath: string;
  idleMs?: number;
  clock?: () => number;
  /** Called with the next sign-in token once the current one has been spent. */
  onTokenSpent?: (next: string) => void;
  /** The first wall token (printed as the wall display's address); defaults to a new random one. */
  wallToken?: string;
  /** Called with the next wall token once the current one has been spent. */
  onWallTokenSpent?: (next: string) => void;
  /** Adds `Secure` to the cookie: the host serves HTTPS. */
  secure?: boolean;
}

/** What a session's page may do: the whole console (its own sign-in decides who), or the wall display. */
export type SessionKind = 'console' | 'wall';

/** A live session as the server sees it; `key` is a digest of the id, never the id itself. */
export interface SessionRef {
  readonly key: string;
  readonly kind: SessionKind;
}

interface SessionState {
  kind: SessionKind;
  lastUsed: number;
  /** Open WebSockets: a session in use never expires. */
  connections: number;
  /** Called when the session ends (sign-out, expiry, host stop) to close its sockets. */
  ended: Set<() => void>;
}

export interface SessionStore {
  readonly cookieName: string;
  /** The live session the request's cookie names, or null (no cookie, a wrong, ended or expired id). */
  session(req: IncomingMessage): SessionRef | null;
  /**
   * Spends the sign-in token (or the wall token) and returns the Set-Cookie value of a new session
   * of that kind, or null when the candidate is neither current token (checked again here, so a
   * token can never be spent twice).
   */
  exchange(candidate: string): { cookie: string; session: SessionRef } | null;
  /** Marks a session used (a request, a WebSocket opening or closing). */
  touch(session: SessionRef): void;
  /** Counts an open WebSocket; the returned function uncounts it. `onEnd` runs if the session ends first. */
  attach(session: SessionRef, onEnd: () => void): () => void;
  /** Ends a session now (sign-out); its sockets are closed. */
  end(session: SessionRef): void;
  /** The Set-Cookie value that removes the session cookie from the browser. */
  clearCookie(): string;
  /** The sign-in token not yet spent (the URL to print). */
  currentToken(): string;
  /** The wall token not yet spent (the wall display's URL). */
  currentWallToken(): string;
  /** Number of live sessions (tests, logs). */
  size(): number;
  close(): void;
}

export function createSessionStore(options: SessionStoreOptions): SessionStore {
  const idleMs = options.idleMs ?? DEFAULT_SESSION_IDLE_MS;
  const clock = options.clock ?? Date.now;
  const cookieName = sessionCookieName(options.port);
  const cookieAttributes = `HttpOnly; SameSite=Strict; Path=${options.cookiePath}${options.secure ? '; Secure' : ''}`;
  const sessions = new Map<string, SessionState>();
  const tokens: Record<SessionKind, OneTimeToken> = {
    console: oneTimeToken(options.token, options.onTokenSpent),
    wall: oneTimeToken(options.wallToken ?? newToken(), options.onWallTokenSpent),
  };
  assertTokenPair(tokens.console.current(), tokens.wall.current());
  const expired = (state: SessionState): boolean => state.connections === 0 && clock() - state.lastUsed > idleMs;
  const endKey = (key: string): void => {
    const state = sessions.get(key);
    if (!state) return;
    sessions.delete(key);
    for (const onEnd of [...state.ended]) onEnd();
  };
  const live = (key: string): SessionState | null => {
    const state = sessions.get(key);
    if (!state) return null;
    if (expired(state)) {
      endKey(key);
      return null;
    }
    return state;
  };
  const sweep = setInterval(
    () => {
      for (const [key, state] of sessions) if (expired(state)) endKey(key);
    },
    Math.min(SWEEP_MS, Math.max(1000, idleMs)),
  );
  sweep.unref();

  return {
    cookieName,
    session(req) {
      for (const value of cookieValues(req.headers.cookie, cookieName)) {
        // Keyed by digest: the map never holds a usable id, and lookups do not compare raw ids.
        const key = digest(value).toString('hex');
        const state = live(key);
        if (state) return { key, kind: state.kind };
      }
      return null;
    },
    exchange(candidate) {
      // Both compared every time, so how long a refusal takes says nothing about which one was near.
      const matches = { console: tokens.console.matches(candidate), wall: tokens.wall.matches(candidate) };
      const kind: SessionKind | null = matches.console ? 'console' : matches.wall ? 'wall' : null;
      if (kind === null) return null;
      tokens[kind].spend();
      const id = newToken();
      const key = digest(id).toString('hex');
      sessions.set(key, { kind, lastUsed: clock(), connections: 0, ended: new Set() });
      return { cookie: `${cookieName}=${id}; ${cookieAttributes}`, session: { key, kind } };
    },
    touch(session) {
      const state = live(session.key);
      if (state) state.lastUsed = clock();
    },
    attach(session, onEnd) {
      const state = live(session.key);
      if (!state) {
        onEnd();
        return () => undefined;
      }
      state.connections += 1;
      state.lastUsed = clock();
      state.ended.add(onEnd);
      let attached = true;
      return () => {
        if (!attached) return;
        attached = false;
        state.ended.delete(onEnd);
        state.connections -= 1;
        state.lastUsed = clock();
      };
    },
    end(session) {
      endKey(session.key);
    },
    clearCookie() {
      return `${cookieName}=; ${cookieAttributes}; Max-Age=0`;
    },
    currentToken() {
      return tokens.console.current();
    },
    currentWallToken() {
      return tokens.wall.current();
    },
    size() {
      return sessions.size;
    },
    close() {
      clearInterval(sweep);
      for (const key of [...sessions.keys()]) endKey(key);
    },
  };
}

interface OneTimeToken {
  current(): string;
  matches(candidate: string): boolean;
  /** Replaces the token by a new random one and announces it. */
  spend(): void;
}

function oneTimeToken(first: string, onSpent: ((next: string) => void) | undefined): OneTimeToken {
  assertTokenShape(first);
  let token = first;
  let expected = digest(token);
  return {
    current: () => token,
    // Comparing digests gives timingSafeEqual equal lengths, so neither content nor length leaks.
    matches: (candidate) => timingSafeEqual(digest(candidate), expected),
    spend() {
      token = newToken();
      expected = digest(token);
      onSpent?.(token);
    },
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Every value of a cookie: a browser may hold several of one name (other paths, stale copies). */
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
