import type { FrameTransport, PreloadBridge, RequestFrame } from '../../shared/contract/index.js';
import { ConnectionCell, type ConnectionSource } from './connection-state.js';

export interface PreloadTransport extends FrameTransport {
  readonly connection: ConnectionSource;
}

/**
 * Electron's channel: the preload's bridge over the MessagePort that main handed to this window.
 * Frames travel as JSON text. When the port closes (the core restarted) the state turns to
 * 'reconnecting' until the next frame arrives on the new port.
 */
export function createPreloadTransport(bridge: PreloadBridge): PreloadTransport {
  const connection = new ConnectionCell('connected');
  bridge.onFrame(() => {
    connection.set('connected');
  });
  bridge.onClose(() => {
    connection.set('reconnecting');
  });
  return {
    connection,
    send(frame: RequestFrame) {
      bridge.send(JSON.stringify(frame));
    },
    onFrame(listener) {
      return bridge.onFrame(listener);
    },
    onClose(listener) {
      return bridge.onClose(listener);
    },
  };
}
