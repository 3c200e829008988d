import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '../../shared/contract/bridge.js';
import { createAppWindow, guardAllWebContents, isAppUrl, permissionAllowed, windowOptions } from '../../electron/window.js';
import { FakeApp, FakeBrowserWindow, FakeEvent } from './fakes/electron.js';
import { memoryLog } from './fakes/memory-log.js';

function openFakeWindow(packaged = true): { win: FakeBrowserWindow; lines: ReturnType<typeof memoryLog>['lines'] } {
  const { log, lines } = memoryLog();
  const win = createAppWindow((options) => new FakeBrowserWindow(options), { preloadPath: '/app/preload.cjs', packaged, log });
  return { win, lines };
}

describe('windowOptions', () => {
  const prefs = windowOptions('/app/dist/node/electron/preload.cjs', true).webPreferences;

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
  it('has no DevTools in a packaged build, and has them in development', () => {
    expect(prefs?.devTools).toBe(false);
    expect(windowOptions('/app/preload.cjs', false).webPreferences?.devTools).toBe(true);
    expect(openFakeWindow(false).win.options).toEqual(windowOptions('/app/preload.cjs', false));
  });
  it('loads the given preload', () => {
    expect(prefs?.preload).toBe('/app/dist/node/electron/preload.cjs');
  });
  it('is what the factory hands to BrowserWindow', () => {
    const { win } = openFakeWindow();
    expect(win.options).toEqual(windowOptions('/app/preload.cjs', true));
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

describe('will-frame-navigate', () => {
  it('blocks every subframe navigation, to the app’s own origin too', () => {
    const { win, lines } = openFakeWindow();
    expect(win.webContents.navigateFrame('https://evil.example/', false)).toBe(false);
    expect(win.webContents.navigateFrame(`${APP_ORIGIN}/index.html`, false)).toBe(false);
    expect(win.webContents.navigateFrame('about:blank', false)).toBe(false);
    expect(lines.filter((line) => line.message === 'subframe navigation blocked')).toHaveLength(3);
  });

  it('lets the main frame navigate within the app only', () => {
    const { win } = openFakeWindow();
    expect(win.webContents.navigateFrame(`${APP_ORIGIN}/tasks`, true)).toBe(true);
    expect(win.webContents.navigateFrame('https://evil.example/', true)).toBe(false);
    expect(win.webContents.navigateFrame('file:///etc/passwd', true)).toBe(false);
  });
});

describe('DevTools', () => {
  it('are closed as soon as anything opens them in a packaged build', () => {
    const { win, lines } = openFakeWindow(true);
    expect(win.webContents.openDevTools()).toBe(false);
    expect(lines.some((line) => line.message.includes('DevTools closed'))).toBe(true);
  });

  it('stay open in development', () => {
    const { win } = openFakeWindow(false);
    expect(win.webContents.openDevTools()).toBe(true);
  });
});

describe('the app-wide web-contents-created guard', () => {
  function guardedApp(packaged = true): { app: FakeApp; lines: ReturnType<typeof memoryLog>['lines'] } {
    const { log, lines } = memoryLog();
    const app = new FakeApp();
    guardAllWebContents(app, log, { packaged });
    return { app, lines };
  }

  it('guards a webContents no window factory made: navigation, frames, window.open, webviews', () => {
    const { app } = guardedApp();
    const contents = app.createWebContents();
    expect(contents.navigate('will-navigate', 'https://evil.example/')).toBe(false);
    expect(contents.navigate('will-redirect', 'http://169.254.169.254/')).toBe(false);
    expect(contents.navigate('will-navigate', `${APP_ORIGIN}/index.html`)).toBe(true);
    expect(contents.navigateFrame('https://evil.example/', false)).toBe(false);
    expect(contents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const webview = new FakeEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });

  it('denies permissions except the camera for the app itself', () => {
    const { app } = guardedApp();
    const { session } = app.createWebContents();
    expect(session.request('media', `${APP_ORIGIN}/index.html`, ['video'])).toBe(true);
    expect(session.request('media', 'https://evil.example/', ['video'])).toBe(false);
    expect(session.request('geolocation', `${APP_ORIGIN}/index.html`)).toBe(false);
    expect(session.check('notifications', APP_ORIGIN)).toBe(false);
  });

  it('closes DevTools in a packaged build only', () => {
    expect(guardedApp(true).app.createWebContents().openDevTools()).toBe(false);
    expect(guardedApp(false).app.createWebContents().openDevTools()).toBe(true);
  });

  it('guards a webContents once, even when the window factory reaches it too', () => {
    const { log, lines } = memoryLog();
    const app = new FakeApp();
    guardAllWebContents(app, log, { packaged: true });
    const win = createAppWindow(
      (options) => {
        const created = new FakeBrowserWindow(options);
        app.emit('web-contents-created', new FakeEvent(), created.webContents);
        return created;
      },
      { preloadPath: '/app/preload.cjs', packaged: true, log },
    );
    expect(win.webContents.navigate('will-navigate', 'https://evil.example/')).toBe(false);
    expect(win.webContents.listeners.get('will-navigate')).toHaveLength(1);
    expect(lines.filter((line) => line.message.includes('navigation away'))).toHaveLength(1);
  });
});
