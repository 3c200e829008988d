import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../electron/core/cli/cli-process.js';
import { parseHostArgs } from '../../electron/host/cli.js';
import { exposureWarning } from '../../electron/host/exposure.js';
import { allowedHosts, isOwnOrigin, ownHost } from '../../electron/host/own-origin.js';

/**
 * The host beyond loopback without binding anything but loopback (tests never expose a port): the
 * warning it prints, the TLS flags, and the Host/Origin checks for the LAN address it is bound to.
 */
function request(headers: IncomingMessage['headers']): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.headers = headers;
  return req;
}

describe('the warning when the host is reachable from the network', () => {
  it.each(['127.0.0.1', '127.0.0.5', '::1', 'localhost'])('says nothing on loopback (%s), with or without TLS', (address) => {
    expect(exposureWarning(address, false)).toBeNull();
    expect(exposureWarning(address, true)).toBeNull();
  });

  it.each(['0.0.0.0', '192.168.10.20', '::'])('warns in both languages on %s without TLS, naming the flags that fix it', (address) => {
    const warning = exposureWarning(address, false) ?? '';
    expect(warning).toContain('警告');
    expect(warning).toContain('warning: the console is served over plain HTTP (no TLS)');
    expect(warning).toContain(address);
    expect(warning).toMatch(/--tls-cert and --tls-key/);
    expect(warning.endsWith('\n')).toBe(true);
  });

  it('only notes the exposure over HTTPS', () => {
    const notice = exposureWarning('0.0.0.0', true) ?? '';
    expect(notice).toMatch(/^注意：/);
    expect(notice).toContain('notice: the console is served over HTTPS on 0.0.0.0');
    expect(notice).not.toContain('warning');
  });
});

describe('the host command line', () => {
  it('binds loopback unless --host names another address', () => {
    expect(parseHostArgs([])).toMatchObject({ host: '127.0.0.1', hostGiven: false, tls: undefined });
    expect(parseHostArgs(['--host', '0.0.0.0'])).toMatchObject({ host: '0.0.0.0', hostGiven: true });
  });

  it("takes a fixed wall token for the wall's bookmark", () => {
    expect(parseHostArgs(['--wall-token', 'wall-bookmark-0123456789'])).toMatchObject({ wallToken: 'wall-bookmark-0123456789', token: undefined });
  });

  it('takes a TLS certificate and key together, as absolute paths', () => {
    const parsed = parseHostArgs(['--tls-cert', 'c.pem', '--tls-key', '/etc/k.pem']);
    expect(parsed.tls?.cert).toMatch(/^\/.*\/c\.pem$/);
    expect(parsed.tls?.key).toBe('/etc/k.pem');
  });

  it.each([[['--tls-cert', 'c.pem']], [['--tls-key', 'k.pem']], [['--tls-cert', '', '--tls-key', 'k.pem']]])('refuses %j', (args) => {
    expect(() => parseHostArgs(args)).toThrow(UsageError);
  });
});

describe('Host and Origin checks for a LAN address', () => {
  it('accepts the LAN address the host is bound to, with its port, and nothing else', () => {
    const hosts = allowedHosts('192.168.10.20', 8443);
    expect(ownHost(request({ host: '192.168.10.20:8443' }), hosts)).toBe('192.168.10.20:8443');
    expect(ownHost(request({ host: 'wall.example:8443' }), hosts)).toBeNull();
    expect(ownHost(request({ host: '192.168.10.20:8444' }), hosts)).toBeNull();
  });

  it('answers on every interface for a wildcard bind, loopback included', () => {
    const hosts = allowedHosts('0.0.0.0', 8443);
    expect(hosts.has('127.0.0.1:8443')).toBe(true);
    expect(hosts.size).toBeGreaterThanOrEqual(1);
  });

  it('wants the Origin of the scheme the host serves', () => {
    const page = request({ origin: 'https://192.168.10.20:8443' });
    expect(isOwnOrigin(page, 'https', '192.168.10.20:8443')).toBe(true);
    expect(isOwnOrigin(page, 'http', '192.168.10.20:8443')).toBe(false);
    expect(isOwnOrigin(request({}), 'https', '192.168.10.20:8443')).toBe(false);
  });
});
