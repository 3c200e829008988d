import type { GatewaySettings, MethodInput } from '../../../shared/contract/index.js';
import { checkGatewayUrl, type GatewayUrlProblem } from '../../../shared/domain/gateway-url.js';

/** Why the form cannot be sent yet; each has a message under settings.invalid. */
export type InvalidReason =
  | 'url_required'
  | 'invalid_url'
  | 'insecure_url'
  | 'url_user_info'
  | 'operator_required'
  | 'password_required'
  | 'password_retype';

export interface SettingsDraft {
  url: string;
  operator: string;
  /** Empty: keep the stored password (only for the stored address and operator). */
  password: string;
}

type Checked<T> = { ok: true; input: T } | { ok: false; reason: InvalidReason };

const reasonOf: Record<GatewayUrlProblem, InvalidReason> = {
  not_url: 'invalid_url',
  scheme: 'invalid_url',
  insecure_http: 'insecure_url',
  user_info: 'url_user_info',
};

/** The core's own rule (shared/domain/gateway-url.ts): https, or http to this computer; no user info. */
function urlProblem(text: string): InvalidReason | null {
  const checked = checkGatewayUrl(text);
  return checked.ok ? null : reasonOf[checked.problem];
}

/**
 * With no password typed, the stored one is used, but only for the address and operator it was
 * stored with (the core refuses anything else): a new address or operator needs it typed.
 */
function passwordProblem(draft: SettingsDraft, gatewayUrl: string, operatorId: string, stored: GatewaySettings | null): InvalidReason | null {
  if (draft.password !== '') return null;
  if (stored?.hasPassword !== true) return 'password_required';
  return stored.gatewayUrl === gatewayUrl && stored.operatorId === operatorId ? null : 'password_retype';
}

/** A connection test needs an address, an operator, and a password typed or stored for them. */
export function testInput(draft: SettingsDraft, stored: GatewaySettings | null): Checked<MethodInput<'settings:testConnection'>> {
  const gatewayUrl = draft.url.trim();
  const operatorId = draft.operator.trim();
  if (gatewayUrl === '') return { ok: false, reason: 'url_required' };
  const badUrl = urlProblem(gatewayUrl);
  if (badUrl) return { ok: false, reason: badUrl };
  if (operatorId === '') return { ok: false, reason: 'operator_required' };
  const badPassword = passwordProblem(draft, gatewayUrl, operatorId, stored);
  if (badPassword) return { ok: false, reason: badPassword };
  return { ok: true, input: { gatewayUrl, operatorId, ...(draft.password === '' ? {} : { password: draft.password }) } };
}

/** Saving with an empty address is training mode (the stored password is then forgotten); a gateway needs an operator and a password. */
export function saveInput(draft: SettingsDraft, stored: GatewaySettings | null): Checked<MethodInput<'settings:setGateway'>> {
  const gatewayUrl = draft.url.trim();
  const operatorId = draft.operator.trim();
  const password = draft.password === '' ? {} : { password: draft.password };
  if (gatewayUrl === '') return { ok: true, input: { gatewayUrl: null, operatorId: operatorId || null } };
  const badUrl = urlProblem(gatewayUrl);
  if (badUrl) return { ok: false, reason: badUrl };
  if (operatorId === '') return { ok: false, reason: 'operator_required' };
  const badPassword = passwordProblem(draft, gatewayUrl, operatorId, stored);
  if (badPassword) return { ok: false, reason: badPassword };
  return { ok: true, input: { gatewayUrl, operatorId, ...password } };
}
