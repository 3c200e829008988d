import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '../../shared/contract/bridge.js';
import { createAppWindow, isAppUrl, permissionAllowed, windowOptions } from '../../electron/window.js';
import { FakeBrowserWindow } from './fakes/electron.js';
import { memoryLog } from './fakes/memory-log.js';

function openFakeWindow(): { win: FakeBrowserWindow; lines: ReturnType<typeof memoryLog>['lines'] } {
  const { log, lines } = memoryLog();
  const win = createAppWindow((options) => new FakeBrowserWindow(options), { preloadPath: '/app/preload.cjs', log });
  return { win, lines };
}

describe('windowOptions', () => {
  const prefs = windowOptions('/app/dist/node/electron/preload.cjs').webPreferences;

  it('sandboxes the renderer', () => {
    expect(prefs?.sandbox).toBe(true);
  });
  it('isolates the preload world from the page', () => {
    expect(prefs?.contextIsolation).toBe(true);
  });
  it('gives the page no Node, in frames or workers either', () => {
    expect(prefs?.nodeIntegration).toBe(false);
    expect(prefs?.nodeIntegrationInWorker).toBe(false);
    expect(prefs?.nodeIntegrationInSubFrames).toBe(false);
  });
  it('keeps web security on and insecure content off', () => {
    expect(prefs?.webSecurity).toBe(true);
    expect(prefs?.allowRunningInsecureContent).toBe(false);
  });
  it('has no webview tag', () => {
    expect(prefs?.webviewTag).toBe(false);
  });
  it('loads the given preload', () => {
    expect(prefs?.preload).toBe('/app/dist/node/electron/preload.cjs');
  });
  it('is what the factory hands to BrowserWindow', () => {
    const { win } = openFakeWindow();
    expect(win.options).toEqual(windowOptions('/app/preload.cjs'));
  });
});

describe('isAppUrl', () => {
  it.each([`${APP_ORIGIN}/`, `${APP_ORIGIN}/index.html`, `${APP_ORIGIN}/tasks/42?tab=goods#x`])('accepts %s', (url) => {
    expect(isAppUrl(url)).toBe(true);
  });
  it.each([
    'https://evil.example',
    'https://evil.example/app://console/',
    'file:///etc/passwd',
    'app://other/index.html',
    'app://console.evil.example/',
    'app://user@console/',
    'app://console:8080/',
    'http://console/',
    'javascript:alert(1)',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });
});

describe('navigation guard', () => {
  it.each(['https://evil.example', 'file:///etc/passwd', 'app://other/index.html'])('prevents will-navigate to %s', (url) => {
    const { win, lines } = openFakeWindow();
    expect(win.webContents.navigate('will-navigate', url)).toBe(false);
    expect(lines.some((line) => line.level === 'warn' && line.message.includes('navigation'))).toBe(true);
  });

  it.each(['https://evil.example', 'file:///etc/passwd', 'app://other/index.html'])('prevents will-redirect to %s', (url) => {
    const { win } = openFakeWindow();
    expect(win.webContents.navigate('will-redirect', url)).toBe(false);
  });

  it('lets the app navigate within its own origin', () => {
    const { win } = openFakeWindow();
    expect(win.webContents.navigate('will-navigate', `${APP_ORIGIN}/index.html`)).toBe(true);
    expect(win.webContents.navigate('will-redirect', `${APP_ORIGIN}/tasks`)).toBe(true);
  });
});

describe('window.open', () => {
  it('is denied for any URL, the app’s own included', () => {
    const { win } = openFakeWindow();
    expect(win.webContents.openHandler?.({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
    expect(win.webContents.openHandler?.({ url: `${APP_ORIGIN}/index.html` })).toEqual({ action: 'deny' });
  });
});

describe('permissions', () => {
  it('grants the camera to the app', () => {
    expect(permissionAllowed('media', APP_ORIGIN)).toBe(true);
    expect(permissionAllowed('media', APP_ORIGIN, ['video'])).toBe(true);
    expect(permissionAllowed('media', `${APP_ORIGIN}/index.html`, ['video'])).toBe(true);
  });
  it('refuses the microphone, even to the app', () => {
    expect(permissionAllowed('media', APP_ORIGIN, ['audio'])).toBe(false);
    expect(permissionAllowed('media', APP_ORIGIN, ['video', 'audio'])).toBe(false);
  });
  it('refuses media to any other origin', () => {
    expect(permissionAllowed('media', 'https://evil.example')).toBe(false);
    expect(permissionAllowed('media', 'file:///')).toBe(false);
    expect(permissionAllowed('media', 'app://other')).toBe(false);
  });
  it.each(['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'usb', 'hid', 'serial', 'unknown'])(
    'refuses %s even to the app',
    (permission) => {
      expect(permissionAllowed(permission, APP_ORIGIN)).toBe(false);
    },
  );

  it('wires the decision into the session’s request and check handlers', () => {
    const { win } = openFakeWindow();
    const session = win.webContents.session;
    expect(session.request('media', `${APP_ORIGIN}/index.html`, ['video'])).toBe(true);
    expect(session.request('media', `${APP_ORIGIN}/index.html`, ['audio'])).toBe(false);
    expect(session.request('media', 'https://evil.example/', ['video'])).toBe(false);
    expect(session.request('geolocation', `${APP_ORIGIN}/index.html`)).toBe(false);
    expect(session.check('media', APP_ORIGIN, 'video')).toBe(true);
    expect(session.check('media', APP_ORIGIN, 'audio')).toBe(false);
    expect(session.check('media', 'https://evil.example')).toBe(false);
    expect(session.check('notifications', APP_ORIGIN)).toBe(false);
  });
});

describe('createAppWindow', () => {
  it('loads the app from app:// and shows the window when it is ready', () => {
    const { win } = openFakeWindow();
    expect(win.loaded).toEqual([`${APP_ORIGIN}/index.html`]);
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('refuses to attach a webview', () => {
    const { win } = openFakeWindow();
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    win.webContents.emit('will-attach-webview', event);
    expect(event.defaultPrevented).toBe(true);
  });
});
