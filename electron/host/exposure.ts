import { isLoopbackAddress } from './address.js';

/**
 * What the host says on stderr when it listens beyond loopback (the admin asked with --host): the
 * console is then reachable from the LAN, protected by its tokens only. Over plain HTTP anyone on
 * the network path reads those tokens and the session cookies, so that case gets the strong warning
 * and the way out (--tls-cert, --tls-key). Both languages, as every text a person reads; null on
 * loopback, where nothing leaves the machine.
 */
export function exposureWarning(address: string, tls: boolean): string | null {
  if (isLoopbackAddress(address)) return null;
  if (tls) {
    return (
      `注意：控制台在 ${address} 上通过 HTTPS 对局域网开放，凭令牌登录；请妥善保管登录地址和大屏地址。\n` +
      `notice: the console is served over HTTPS on ${address}, reachable from the network with its tokens; keep the sign-in and wall addresses secret.\n`
    );
  }
  return (
    `警告：控制台在 ${address} 上以未加密的 HTTP 对局域网开放：网络上的任何人都可能截获登录地址中的令牌和会话 cookie。` +
    `请用 --tls-cert 和 --tls-key 启用 HTTPS，或仅在可信的网络中使用。\n` +
    `warning: the console is served over plain HTTP (no TLS) on ${address}, reachable from the network: anyone on the network path can read the tokens in its addresses and the session cookies. ` +
    `Give --tls-cert and --tls-key to serve HTTPS, or use it only on a network you trust.\n`
  );
}
