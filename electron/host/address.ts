import net from 'node:net';

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, their IPv4-mapped form, localhost. */
export function isLoopbackAddress(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  if (net.isIPv6(bare)) return bare === '::1' || /^::ffff:127\./.test(bare);
  return false;
}

/**
 * The host part of the URL to print. A wildcard bind (0.0.0.0, ::) is reachable on loopback too,
 * and the printed URL is for the machine the admin is on; other machines use its LAN address.
 */
export function urlHost(address: string): string {
  if (address === '0.0.0.0' || address === '::') return '127.0.0.1';
  return net.isIPv6(address) ? `[${address}]` : address;
}
