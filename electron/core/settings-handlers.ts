import type { MethodOutput, Operator } from '../../shared/contract/index.js';
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
}

export type SettingsHandlers = Pick<Handlers, 'settings:getGateway' | 'settings:setGateway' | 'settings:testConnection'>;

export function createSettingsHandlers(deps: SettingsHandlerDeps): SettingsHandlers {
  return {
    'settings:getGateway': () => deps.settings.gateway(),
    'settings:setGateway': ({ gatewayUrl, operatorId, password }) => {
      if (gatewayUrl !== null && hasUserInfo(gatewayUrl)) {
        // user:password@host would store a credential in clear and print it in every log line.
        throw new CallFailure('invalid_input', 'the gateway address must not contain a user name or password');
      }
      const changed = deps.settings.setGateway({ gatewayUrl, operatorId, ...(password === undefined ? {} : { password }) });
      if (changed) deps.onGatewayChanged();
      return deps.settings.gateway();
    },
    'settings:testConnection': async ({ gatewayUrl, operatorId, password }) => {
      const secret = password ?? deps.settings.password();
      if (secret === null) {
        return failed({ code: 'no_password', message: 'no password was entered and none is stored' }, 0);
      }
      if (!isHttpUrl(gatewayUrl) || hasUserInfo(gatewayUrl)) {
        return failed({ code: 'invalid_url', message: 'the gateway address must be an http or https URL without user name or password' }, 0);
      }
      try {
        return await deps.testConnection({ gatewayUrl, operatorId, password: secret });
      } catch (error) {
        return failed(connectionErrorOf(error, secret), 0);
      }
    },
  };
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
    if (!isHttpUrl(gatewayUrl)) {
      return failed({ code: 'invalid_url', message: 'the gateway address must be an http or https URL' }, 0);
    }
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

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === 'http:' || protocol === 'https:';
}

function hasUserInfo(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return url.username !== '' || url.password !== '';
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
