import { ContractClient, HOST_BRIDGE_PATH, HOST_SIGN_OUT_PATH, PRELOAD_GLOBAL, type PreloadBridge } from '../shared/contract/index.js';
import type { ConnectionSource } from './transport/connection-state.js';
import { createPreloadTransport } from './transport/preload-transport.js';
import { createWebSocketTransport } from './transport/websocket-transport.js';

/** What the renderer knows about the core: a typed client and the state of its channel. */
export interface Api {
  readonly client: ContractClient;
  readonly connection: ConnectionSource;
  /** Ends the headless host's session; absent in Electron, where there is none. */
  readonly signOut?: () => Promise<void>;
}

/**
 * The headless host's bridge address, relative to the page's own address: the host serves the
 * console only under a secret path prefix (the session cookie's Path), so `/bridge` at the root
 * would not exist and would carry no cookie.
 */
export function bridgeUrl(location: Pick<Location, 'href'>): string {
  const url = new URL(HOST_BRIDGE_PATH, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  return url.href;
}

/** The headless host's sign-out address, beside the page like the bridge. */
export function signOutUrl(location: Pick<Location, 'href'>): string {
  return new URL(HOST_SIGN_OUT_PATH, location.href).href;
}

function preloadBridge(win: Window): PreloadBridge | undefined {
  const candidate: unknown = Reflect.get(win, PRELOAD_GLOBAL);
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const ok = ['send', 'onFrame', 'onClose'].every((name) => typeof Reflect.get(candidate, name) === 'function');
  return ok ? (candidate as PreloadBridge) : undefined;
}

/** Picks the channel: the preload's bridge in Electron, else the host's WebSocket. */
export function createApi(win: Window): Api {
  const bridge = preloadBridge(win);
  if (bridge) {
    const transport = createPreloadTransport(bridge);
    const client = new ContractClient(transport);
    probeWhileReconnecting(client, transport.connection);
    return { client, connection: transport.connection };
  }
  const transport = createWebSocketTransport(bridgeUrl(win.location), { signOutUrl: signOutUrl(win.location) });
  return { client: new ContractClient(transport), connection: transport.connection, signOut: () => transport.signOut() };
}

/**
 * After the preload's port closed, a new one follows but says nothing until a frame arrives; ask
 * the core for app:info (0.5 s, 1 s, … 5 s apart, one probe at a time) so the state turns back to
 * 'connected' without user action.
 */
function probeWhileReconnecting(client: ContractClient, connection: ConnectionSource): void {
  let delay = 500;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight = false;
  const tick = (): void => {
    timer = null;
    if (connection.getState() !== 'reconnecting') return;
    if (!inFlight) {
      inFlight = true;
      void client.call('app:info', {}).then(() => {
        inFlight = false;
      });
    }
    delay = Math.min(delay * 2, 5000);
    timer = setTimeout(tick, delay);
  };
  connection.subscribe(() => {
    if (connection.getState() !== 'reconnecting' || timer !== null) return;
    delay = 500;
    timer = setTimeout(tick, delay);
  });
}

let api: Api | null = null;

/** The one client of this window, created on first use. */
export function getApi(): Api {
  api ??= createApi(window);
  return api;
}
