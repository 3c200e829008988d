/**
 * The one rule for a single-window gateway address, used by the core (settings handlers, the `sync`
 * command) and by the settings screen, so that what the screen accepts is what the core accepts.
 * Pure: WHATWG URL only, no DNS, no Node.
 *
 * - `https:` anywhere; `http:` only to a loopback address: 127.0.0.0/8 in any spelling the URL
 *   parser accepts (decimal `2130706433`, hex `0x7f.1`, octal `0177.0.0.1` are all normalised to
 *   dotted form by the parser before the check) and `[::1]`. The name `localhost` is refused over
 *   plain http: it is resolved by the system (hosts file, resolver) and nothing here can prove it
 *   stays on this machine; 127.0.0.1 says the same thing without trusting a resolver. IPv4-mapped
 *   IPv6 (`[::ffff:127.0.0.1]`) is refused too: a reviewer should not have to think about it.
 * - no user name or password in the address (they would be stored and logged in clear).
 */
export type GatewayUrlProblem = 'not_url' | 'scheme' | 'user_info' | 'insecure_http';

export type GatewayUrlCheck = { ok: true; url: URL } | { ok: false; problem: GatewayUrlProblem; message: string };

/** The address's text is at most this long (the contract's limit too). */
const MAX_GATEWAY_URL_LENGTH = 500;

export function checkGatewayUrl(text: string): GatewayUrlCheck {
  if (text.length > MAX_GATEWAY_URL_LENGTH || !URL.canParse(text)) {
    return { ok: false, problem: 'not_url', message: 'the gateway address is not a valid URL' };
  }
  const url = new URL(text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, problem: 'scheme', message: 'the gateway address must start with https://' };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, problem: 'user_info', message: 'the gateway address must not contain a user name or password' };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      problem: 'insecure_http',
      message: 'the gateway address must use https:// (plain http:// is allowed only to this machine: 127.0.0.1 or [::1])',
    };
  }
  return { ok: true, url };
}

/**
 * True for a hostname (as `URL.hostname` gives it, already normalised) on the loopback interface:
 * 127.0.0.0/8 or ::1.
 */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === '[::1]') return true;
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  return octets !== null && octets.slice(1).every((part) => Number(part) <= 255) && octets[1] === '127';
}

/**
 * A URL's text with any user name and password removed, for messages about an address that was
 * refused because of them (the secret must not be echoed).
 */
export function withoutUserInfo(text: string): string {
  if (!URL.canParse(text)) return text.replace(/\/\/[^/@]*@/, '//');
  const url = new URL(text);
  url.username = '';
  url.password = '';
  return url.href;
}
