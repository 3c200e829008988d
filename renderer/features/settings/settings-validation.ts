import type { GatewaySettings, MethodInput } from '../../../shared/contract/index.js';

/** Why the form cannot be sent yet; each has a message under settings.invalid. */
export type InvalidReason = 'url_required' | 'invalid_url' | 'operator_required' | 'password_required';

export interface SettingsDraft {
  url: string;
  operator: string;
  /** Empty: keep the stored password. */
  password: string;
}

type Checked<T> = { ok: true; input: T } | { ok: false; reason: InvalidReason };

/** The gateway's address must be http(s); the core checks again (the contract's schema). */
export function isGatewayUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A connection test needs an address, an operator, and a password typed or stored. */
export function testInput(draft: SettingsDraft, stored: GatewaySettings | null): Checked<MethodInput<'settings:testConnection'>> {
  const gatewayUrl = draft.url.trim();
  const operatorId = draft.operator.trim();
  if (gatewayUrl === '') return { ok: false, reason: 'url_required' };
  if (!isGatewayUrl(gatewayUrl)) return { ok: false, reason: 'invalid_url' };
  if (operatorId === '') return { ok: false, reason: 'operator_required' };
  if (draft.password === '' && stored?.hasPassword !== true) return { ok: false, reason: 'password_required' };
  return { ok: true, input: { gatewayUrl, operatorId, ...(draft.password === '' ? {} : { password: draft.password }) } };
}

/** Saving with an empty address is training mode; a gateway needs an operator and a password. */
export function saveInput(draft: SettingsDraft, stored: GatewaySettings | null): Checked<MethodInput<'settings:setGateway'>> {
  const gatewayUrl = draft.url.trim();
  const operatorId = draft.operator.trim();
  const password = draft.password === '' ? {} : { password: draft.password };
  if (gatewayUrl === '') return { ok: true, input: { gatewayUrl: null, operatorId: operatorId || null, ...password } };
  if (!isGatewayUrl(gatewayUrl)) return { ok: false, reason: 'invalid_url' };
  if (operatorId === '') return { ok: false, reason: 'operator_required' };
  if (draft.password === '' && stored?.hasPassword !== true) return { ok: false, reason: 'password_required' };
  return { ok: true, input: { gatewayUrl, operatorId, ...password } };
}
