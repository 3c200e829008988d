import http from 'node:http';

/** What a browser holds after opening the printed sign-in link: the session cookie and the page's origin. */
export interface SignedIn {
  /** `console_session_<port>=<id>`, ready for a Cookie header. */
  cookie: string;
  /** `http://127.0.0.1:<port>`: the Origin a page served by the host sends on its WebSocket. */
  origin: string;
}

/**
 * Signs in as a browser does (GET the sign-in URL, keep the cookie of the 303), for tests and
 * benchmarks that talk to the host without a browser. Plain http.request: fetch hides Set-Cookie
 * behind a redirect in some Node versions.
 */
export function signIn(signInUrl: string): Promise<SignedIn> {
  const url = new URL(signInUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: 'GET' }, (res) => {
      res.resume();
      const cookie = res.headers['set-cookie']?.[0]?.split(';')[0];
      if (res.statusCode !== 303 || !cookie) {
        reject(new Error(`sign-in refused: ${res.statusCode ?? 0}`));
        return;
      }
      resolve({ cookie, origin: url.origin });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Headers a page of the host sends on its WebSocket upgrade. */
export function bridgeHeaders(signedIn: SignedIn): { headers: Record<string, string>; origin: string } {
  return { headers: { Cookie: signedIn.cookie }, origin: signedIn.origin };
}
