import type { TFunction } from 'i18next';
import type { Refusal } from '../../../shared/contract/index.js';

/** A refused password in words, with the time a lockout ends in the reader's own clock. */
export function refusalText(t: TFunction, refusal: Refusal): string {
  if (refusal.reason === 'account_locked') {
    if (refusal.lockedUntil === undefined) return t('session.refusal.account_locked_plain');
    return t('session.refusal.account_locked', { until: new Date(refusal.lockedUntil).toLocaleTimeString() });
  }
  return t(`session.refusal.${refusal.reason}`);
}
