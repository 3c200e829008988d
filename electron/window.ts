import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_ORIGIN } from '../shared/contract/bridge.js';
import type { Logger } from './core/log.js';

/**
 * The only BrowserWindow factory (ARCHITECTURE.md "Security"). Electron is injected, never imported
 * at runtime here, so that the guards below run in plain Node tests; electron/main.ts passes the real
 * BrowserWindow. The decisions are pure functions (isAppUrl, permissionAllowed, windowOptions).
 */

const APP_PROTOCOL = 'app:';
const APP_HOST = new URL(APP_ORIGIN).host;

/**
 * True only for URLs of the app's own origin. Node's URL gives `origin: 'null'` for non-special
 * schemes such as app:, so scheme and host are compared instead; userinfo and ports are refused
 * because the app's origin has neither.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === APP_PROTOCOL &&
    parsed.host === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

export function isAppOrigin(origin: string): boolean {
  return origin === APP_ORIGIN;
}

/**
 * Only the camera, for inspection photos, and only for the app itself. `mediaTypes` (when Electron
 * says which devices are asked for) must not include the microphone: nobody records audio here.
 */
export function permissionAllowed(permission: string, origin: string, mediaTypes?: readonly string[]): boolean {
  if (permission !== 'media') return false;
  if (!isAppOrigin(origin) && !isAppUrl(origin)) return false;
  return mediaTypes === undefined || mediaTypes.every((type) => type === 'video');
}

/**
 * `packaged`: Electron's app.isPackaged. A packaged console has no DevTools: on an officer's
 * workstation they would let anyone at the keyboard run code with the page's port to the core.
 */
export function windowOptions(preloadPath: string, packaged: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    // Shown on ready-to-show, so an officer never sees a white flash on a dim yard workstation.
    show: false,
    backgroundColor: '#1f2329',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !packaged,
    },
  };
}

/** What the guards need of a navigation event; Electron's Event satisfies it. */
export interface PreventableEvent {
  preventDefault(): void;
}

export interface GuardedSession {
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl: string; mediaTypes?: readonly string[] },
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (
      webContents: unknown,
      permission: string,
      requestingOrigin: string,
      details: { mediaType?: string },
    ) => boolean,
  ): void;
}

/** What will-frame-navigate hands its listener (Electron's Event<WebContentsWillFrameNavigateEventParams>). */
export interface FrameNavigateEvent extends PreventableEvent {
  readonly url: string;
  readonly isMainFrame: boolean;
}

export interface GuardedWebContents {
  readonly session: GuardedSession;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: FrameNavigateEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'devtools-opened', listener: () => void): unknown;
  closeDevTools(): void;
}

export interface AppWindow {
  readonly webContents: GuardedWebContents;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
}

/** Navigation listener shared by will-navigate and will-redirect. */
export function guardNavigation(log: Logger): (event: PreventableEvent, url: string) => void {
  return (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    log.warn('navigation away from the app blocked', { url: url.slice(0, 200) });
  };
}

/**
 * The permission handlers are set on the window's session (the default one, shared by all windows),
 * so setting them again for a second window only replaces them with the same decision.
 */
export function guardSession(session: GuardedSession, log: Logger): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const granted = permissionAllowed(permission, details.requestingUrl, details.mediaTypes);
    if (!granted) log.warn('permission request denied', { permission, url: details.requestingUrl.slice(0, 200) });
    callback(granted);
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) =>
    permissionAllowed(
      permission,
      requestingOrigin,
      details.mediaType === undefined ? undefined : [details.mediaType],
    ),
  );
}

/** The webContents already guarded: the app-wide hook and the window factory both reach a window's. */
const guarded = new WeakSet<GuardedWebContents>();

/**
 * Every guard for one webContents, whoever created it (a window, a devtools view, anything a future
 * library opens): no navigation away from the app, no subframe navigation at all (the app has no
 * frames; one that appears is an injection), no new windows, no webviews, permissions only as
 * permissionAllowed says, and in a packaged build DevTools closed the moment anything opens them.
 */
export function guardWebContents(contents: GuardedWebContents, log: Logger, options: { packaged: boolean }): void {
  if (guarded.has(contents)) return;
  guarded.add(contents);
  guardSession(contents.session, log);
  contents.setWindowOpenHandler(({ url }) => {
    log.warn('window.open denied', { url: url.slice(0, 200) });
    return { action: 'deny' };
  });
  const guard = guardNavigation(log);
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame) {
      guard(event, event.url);
      return;
    }
    event.preventDefault();
    log.warn('subframe navigation blocked', { url: event.url.slice(0, 200) });
  });
  // webviewTag is off already; this refuses one even if a future option turned it on by mistake.
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('webview refused');
  });
  if (options.packaged) {
    contents.on('devtools-opened', () => {
      contents.closeDevTools();
      log.warn('DevTools closed: not available in a packaged console');
    });
  }
}

/** Electron's `app`, as far as the app-wide guard needs it. */
export interface GuardedApp {
  on(event: 'web-contents-created', listener: (event: unknown, contents: GuardedWebContents) => void): unknown;
}

/** Guards every webContents the app ever creates, not only the windows made by createAppWindow. */
export function guardAllWebContents(app: GuardedApp, log: Logger, options: { packaged: boolean }): void {
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, log, options);
  });
}

export interface CreateWindowOptions {
  preloadPath: string;
  /** Electron's app.isPackaged: no DevTools when true. */
  packaged: boolean;
  /** The page to load; the app's origin unless a test says otherwise. */
  url?: string;
  log: Logger;
}

export function createAppWindow<W extends AppWindow>(
  construct: (options: BrowserWindowConstructorOptions) => W,
  options: CreateWindowOptions,
): W {
  const { log } = options;
  const win = construct(windowOptions(options.preloadPath, options.packaged));
  // Already done by the app-wide hook when Electron created the webContents; a no-op then.
  guardWebContents(win.webContents, log, { packaged: options.packaged });
  win.once('ready-to-show', () => {
    win.show();
  });
  const url = options.url ?? `${APP_ORIGIN}/index.html`;
  win.loadURL(url).catch((error: unknown) => {
    log.error('the window could not load the app', { url, error });
  });
  return win;
}
