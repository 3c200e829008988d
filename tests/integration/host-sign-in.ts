import http from 'node:http';
import https from 'node:https';
import { HOST_BRIDGE_PATH, HOST_SIGN_OUT_PATH } from '../../shared/contract/index.js';

/** What a browser holds after opening the printed sign-in link: the session cookie and where the console lives. */
export interface SignedIn {
  /** `console_session_<port>=<id>`, ready for a Cookie header. */
  cookie: string;
  /** The cookie's attributes as the host set them (`HttpOnly; SameSite=Strict; Path=/c/…/`). */
  setCookie: string;
  /** `http(s)://127.0.0.1:<port>`: the Origin a page served by the host sends on its WebSocket. */
  origin: string;
  /** The secret path the sign-in redirected to (`/c/<secret>/`), where the page and its routes live. */
  prefix: string;
  /** The console page: origin + prefix. */
  page: string;
  /** The page's WebSocket bridge (`ws://…/c/<secret>/bridge`, wss over HTTPS). */
  bridge: string;
  /** The page's sign-out route, as a path (`/c/<secret>/session/sign-out`). */
  signOutPath: string;
}

/**
 * Signs in as a browser does (GET the sign-in URL, keep the cookie and the Location of the 303),
 * for tests and benchmarks that talk to the host without a browser. Plain http.request: fetch hides
 * Set-Cookie behind a redirect in some Node versions. An https address is verified against `ca`
 * (the test's self-signed certificate).
 */
export function signIn(signInUrl: string, ca?: Buffer): Promise<SignedIn> {
  const url = new URL(signInUrl);
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const options = { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: 'GET', ...(ca ? { ca } : {}) };
    const req = (secure ? https : http).request(options, (res) => {
      res.resume();
      const setCookie = res.headers['set-cookie']?.[0] ?? '';
      const cookie = setCookie.split(';')[0];
      const prefix = res.headers.location ?? '';
      if (res.statusCode !== 303 || !cookie || !prefix.startsWith('/')) {
        reject(new Error(`sign-in refused: ${res.statusCode ?? 0}`));
        return;
      }
      const page = new URL(prefix, url.origin);
      const bridge = new URL(HOST_BRIDGE_PATH, page);
      bridge.protocol = secure ? 'wss:' : 'ws:';
      resolve({
        cookie,
        setCookie,
        origin: url.origin,
        prefix,
        page: page.href,
        bridge: bridge.href,
        signOutPath: new URL(HOST_SIGN_OUT_PATH, page).pathname,
      });
    });
    req.on('error', reject);
    req.end();
  });
}
