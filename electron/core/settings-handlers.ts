import type { MethodOutput, Operator } from '../../shared/contract/index.js';
import { checkGatewayUrl } from '../../shared/domain/gateway-url.js';
import type { SettingsRepository } from './db/settings-repository.js';
import { CallFailure, type Handlers } from './router.js';
import { GatewayError } from './sync/gateway.js';

/**
 * settings:getGateway / settings:setGateway / settings:testConnection. The contract lets only the
 * admin role call them and the router enforces it before these run. The password goes in (set,
 * test) but never comes back out: getGateway answers `hasPassword`.
 */
export type ConnectionTest = MethodOutput<'settings:testConnection'>;
export type ConnectionError = NonNullable<ConnectionTest['error']>;

/** A connection test with every field resolved (the stored password filled in when none was typed). */
export interface ConnectionTestRequest {
  gatewayUrl: string;
  operatorId: string;
  password: string;
}

export interface SettingsHandlerDeps {
  settings: SettingsRepository;
  /** Signs in to the given gateway without storing anything. Should answer, not throw; a throw is mapped anyway. */
  testConnection: (input: ConnectionTestRequest) => Promise<ConnectionTest>;
  /** Called after a change was stored (gateway, operator or password), to restart sync with it. Must not throw. */
  onGatewayChanged: () => void;
  /**
   * Unresolved results (queued, conflict, rejected, waiting for an attachment) made for the gateway
   * and operator stored now: a change to another real gateway or operator is refused while there
   * are any, unless the admin parks them. Omitted: no such check (tests of other rules).
   */
  unresolvedResults?: () => readonly { resultId: string; taskId: string; state: string }[];
}

export type SettingsHandlers = Pick<Handlers, 'settings:getGateway' | 'settings:setGateway' | 'settings:testConnection'>;

export function createSettingsHandlers(deps: SettingsHandlerDeps): SettingsHandlers {
  return {
    'settings:getGateway': () => deps.settings.gateway(),
    'settings:setGateway': ({ gatewayUrl, operatorId, password, parkResults }, caller) => {
      if (gatewayUrl !== null) {
        // https only (http to loopback), no user:password@ (stored and logged in clear otherwise).
        const url = checkGatewayUrl(gatewayUrl);
        if (!url.ok) throw new CallFailure('invalid_input', url.message);
        refuseUntypedPassword(deps.settings, gatewayUrl, operatorId, password);
      }
      refuseStranding(deps, gatewayUrl, operatorId, parkResults === true);
      const change = { gatewayUrl, operatorId, ...(password === undefined ? {} : { password }) };
      const changed = deps.settings.setGateway(change, caller.operatorId ?? 'admin');
      if (changed) deps.onGatewayChanged();
      return deps.settings.gateway();
    },
    'settings:testConnection': async ({ gatewayUrl, operatorId, password }) => {
      const url = checkGatewayUrl(gatewayUrl);
      if (!url.ok) return failed({ code: 'invalid_url', message: url.message }, 0);
      // The stored password goes only to the address and operator it was typed for.
      const secret = password ?? deps.settings.passwordFor(gatewayUrl, operatorId);
      if (secret === null) {
        const message = deps.settings.gateway().hasPassword
          ? 'no password was entered; the stored one is used only with the stored gateway address and operator'
          : 'no password was entered and none is stored';
        return failed({ code: 'no_password', message }, 0);
      }
      try {
        return await deps.testConnection({ gatewayUrl, operatorId, password: secret });
      } catch (error) {
        return failed(connectionErrorOf(error, secret), 0);
      }
    },
  };
}

/**
 * Pointing the console at another real gateway or operator would leave the current one's unresolved
 * results behind (they are never sent elsewhere): refused with their count and ids unless parked.
 * Training mode is not a gateway: going there or back strands nothing (the results wait for their
 * own gateway and go out again once it is configured).
 */
function refuseStranding(deps: SettingsHandlerDeps, gatewayUrl: string | null, operatorId: string | null, park: boolean): void {
  if (gatewayUrl === null || park || !deps.unresolvedResults) return;
  const current = deps.settings.gateway();
  if (current.gatewayUrl === null || (current.gatewayUrl === gatewayUrl && current.operatorId === operatorId)) return;
  const stranded = deps.unresolvedResults();
  if (stranded.length === 0) return;
  const shown = stranded.slice(0, 10).map((item) => `result ${item.resultId} (task ${item.taskId}, ${item.state})`);
  throw new CallFailure(
    'results_unresolved',
    `${stranded.length} result(s) for ${current.gatewayUrl} (operator ${current.operatorId ?? 'none'}) are not settled: ${shown.join('; ')}${
      stranded.length > shown.length ? `; and ${stranded.length - shown.length} more` : ''
    }. Resolve them first, or park them (kept, exportable, sent only to that gateway).`,
  );
}

/** Sign-in as the gateway client does it (POST /v1/auth/token); throws GatewayError on failure. */
export type SignIn = (gatewayUrl: string, operatorId: string, password: string) => Promise<{ operator: Operator }>;

/**
 * A connection test over any sign-in function: measures how long the gateway took and turns every
 * failure into `{ ok: false, error: { code, message } }` with a code the settings screen translates.
 */
export function createConnectionTest(
  signIn: SignIn,
  now: () => number = () => performance.now(),
): (input: ConnectionTestRequest) => Promise<ConnectionTest> {
  return async ({ gatewayUrl, operatorId, password }) => {
    const url = checkGatewayUrl(gatewayUrl);
    if (!url.ok) return failed({ code: 'invalid_url', message: url.message }, 0);
    const started = now();
    try {
      const { operator } = await signIn(gatewayUrl, operatorId, password);
      return { ok: true, operator, error: null, durationMs: elapsed(started, now()) };
    } catch (error) {
      return failed(connectionErrorOf(error, password), elapsed(started, now()));
    }
  };
}

/**
 * Codes: credentials (operator or password refused), unreachable (no answer: refused, reset,
 * timeout, unknown host), invalid_url, invalid_response (an answer, but not the gateway's),
 * http_<status> (any other HTTP error), failed (anything else). The message never holds the password.
 */
export function connectionErrorOf(error: unknown, password?: string): ConnectionError {
  const message = scrub(error instanceof Error ? error.message : String(error), password);
  if (error instanceof GatewayError) {
    const { failure } = error;
    switch (failure.kind) {
      case 'credentials':
        return { code: 'credentials', message };
      case 'transport':
      case 'timeout':
        return { code: 'unreachable', message };
      case 'invalid_body':
      case 'too_large':
        return { code: 'invalid_response', message };
      case 'http':
        return { code: failure.status === 401 ? 'credentials' : `http_${failure.status}`, message };
    }
  }
  const code = systemCodeOf(error);
  if (code === 'ERR_INVALID_URL') return { code: 'invalid_url', message };
  if (code !== null && /^E[A-Z]+$/.test(code)) return { code: 'unreachable', message };
  return { code: 'failed', message };
}

function failed(error: ConnectionError, durationMs: number): ConnectionTest {
  return { ok: false, operator: null, error, durationMs };
}

function elapsed(started: number, ended: number): number {
  return Math.max(0, Math.round(ended - started));
}

/**
 * A new gateway address or operator needs the password typed: the stored one was typed for the
 * stored pair and is never carried over to another (the repository forgets it too, as a backstop).
 */
function refuseUntypedPassword(settings: SettingsRepository, gatewayUrl: string, operatorId: string | null, password: string | undefined): void {
  if (password !== undefined) return;
  const current = settings.gateway();
  if (current.gatewayUrl === gatewayUrl && current.operatorId === operatorId && current.hasPassword) return;
  throw new CallFailure(
    'invalid_input',
    current.hasPassword
      ? 'type the password: the stored one is used only with the stored gateway address and operator'
      : 'type the password: none is stored for this gateway',
  );
}

/** Node's network errors carry their code on the error or on its cause (fetch wraps them). */
function systemCodeOf(error: unknown): string | null {
  for (let at: unknown = error, depth = 0; typeof at === 'object' && at !== null && depth < 4; depth++) {
    const code: unknown = Reflect.get(at, 'code');
    if (typeof code === 'string') return code;
    at = Reflect.get(at, 'cause');
  }
  return null;
}

function scrub(message: string, password: string | undefined): string {
  const clean = password ? message.split(password).join('[redacted]') : message;
  return clean.slice(0, 500);
}
