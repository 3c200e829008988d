import { CallFailure, type Handlers } from './router.js';

export type DispatchMethod =
  | 'roster:get'
  | 'roster:set'
  | 'roster:officers'
  | 'dispatch:candidates'
  | 'dispatch:random'
  | 'dispatch:manual'
  | 'dispatch:forTask'
  | 'dispatch:list';

const notReady = (): never => {
  throw new CallFailure('unavailable', '派工功能尚在建设中 / dispatch is being built');
};

/** Interim: the contract is published for the screens first; the core's dispatch replaces these within the session. */
export function createDispatchHandlers(): Pick<Handlers, DispatchMethod> {
  return {
    'roster:get': notReady,
    'roster:set': notReady,
    'roster:officers': notReady,
    'dispatch:candidates': notReady,
    'dispatch:random': notReady,
    'dispatch:manual': notReady,
    'dispatch:forTask': notReady,
    'dispatch:list': notReady,
  };
}
