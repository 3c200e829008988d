import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ContractClient } from '../shared/contract/index.js';
import type { Api } from './api.js';
import type { ConnectionState } from './transport/connection-state.js';

/** Components reach the core through this context, so tests can hand in a client over a fake channel. */
export const ApiContext = createContext<Api | null>(null);

function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('ApiContext is not provided');
  return api;
}

export function useClient(): ContractClient {
  return useApi().client;
}

/** The host session's sign-out, when the console runs in a browser over the headless host. */
export function useSignOut(): (() => Promise<void>) | undefined {
  return useApi().signOut;
}

export function useConnection(): ConnectionState {
  const { connection } = useApi();
  return useSyncExternalStore(connection.subscribe, connection.getState);
}
