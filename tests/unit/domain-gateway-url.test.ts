import { describe, expect, it } from 'vitest';
import { checkGatewayUrl, isLoopbackHost, withoutUserInfo } from '../../shared/domain/gateway-url.js';

/** The one rule for gateway addresses, shared by the core, the `sync` command and the settings screen. */
describe('checkGatewayUrl', () => {
  it.each([
    'https://gw.singlewindow.cn',
    'https://gw.singlewindow.cn:8443/api',
    'https://10.1.2.3', // https is fine to any host: the certificate names it
    'http://127.0.0.1:8080',
    'http://127.255.255.254',
    'http://127.1', // 127.0.0.1, short form
    'http://2130706433', // 127.0.0.1 as a decimal number
    'http://0x7f000001', // and in hex
    'http://0177.0.0.1', // and in octal
    'http://[::1]:9000',
    'http://[0:0:0:0:0:0:0:1]',
  ])('accepts %s', (text) => {
    expect(checkGatewayUrl(text)).toMatchObject({ ok: true });
  });

  it.each([
    ['http://gw.singlewindow.cn', 'insecure_http'],
    ['http://169.254.169.254/latest/meta-data/', 'insecure_http'],
    ['http://10.0.0.8:8080', 'insecure_http'],
    ['http://167772161', 'insecure_http'], // 10.0.0.1 as a decimal number
    ['http://2852039166', 'insecure_http'], // 169.254.169.254 as a decimal number
    ['http://0xa9fea9fe', 'insecure_http'], // and in hex
    ['http://192.168.1.1', 'insecure_http'],
    ['http://localhost:8080', 'insecure_http'], // resolved by the system: not provably loopback
    ['http://LOCALHOST.', 'insecure_http'],
    ['http://[::ffff:127.0.0.1]', 'insecure_http'],
    ['http://[::ffff:a00:1]', 'insecure_http'],
    ['http://128.0.0.1', 'insecure_http'],
    ['http://127.0.0.1.evil.example', 'insecure_http'],
    ['https://op:secret@gw.singlewindow.cn', 'user_info'],
    ['https://op@gw.singlewindow.cn', 'user_info'],
    ['http://127.0.0.1@evil.example', 'user_info'],
    ['http://user:pw@127.0.0.1:8080', 'user_info'],
    ['ftp://gw.singlewindow.cn', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['gw.singlewindow.cn', 'not_url'],
    ['', 'not_url'],
    [`https://gw.singlewindow.cn/${'a'.repeat(500)}`, 'not_url'],
  ])('refuses %s (%s)', (text, problem) => {
    const checked = checkGatewayUrl(text);
    expect(checked).toMatchObject({ ok: false, problem });
    // The message never repeats the address (it may hold a secret).
    if (!checked.ok) expect(checked.message).not.toContain('secret');
  });
});

describe('isLoopbackHost', () => {
  it('knows 127.0.0.0/8 and ::1 only', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('127.200.1.9')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(false);
    expect(isLoopbackHost('127.0.0.300')).toBe(false);
    expect(isLoopbackHost('10.127.0.1')).toBe(false);
    expect(isLoopbackHost('[::2]')).toBe(false);
  });
});

describe('withoutUserInfo', () => {
  it('drops the user name and password of an address, parsable or not', () => {
    expect(withoutUserInfo('http://op:secret@10.0.0.1:8080/v1')).toBe('http://10.0.0.1:8080/v1');
    expect(withoutUserInfo('https://op@gw.example.cn')).toBe('https://gw.example.cn/');
    expect(withoutUserInfo('http://op:secret@[bad')).not.toContain('secret');
  });
});
