import type { TFunction } from 'i18next';
import type { CallError, OfficerRefusal } from '../../../shared/contract/index.js';
import { refusalText } from '../session/refusal-text.js';
import type { OfficerAnswer } from './use-inspection.js';

/** An officer refused at start or signing, in words: the password refusals as at sign-in, the rest naming the officer. */
export function officerRefusalText(t: TFunction, refusal: OfficerRefusal): string {
  if ('operatorId' in refusal) return t(`inspection.refusal.${refusal.reason}`, { operatorId: refusal.operatorId });
  return refusalText(t, refusal);
}

/** A failed call in the words of its code, which say what to do next. */
export function callErrorText(t: TFunction, error: CallError): string {
  return t(`callErrors.${error.code}`);
}

/** What a start or a signature answered, in words; null when it went through. */
export function officerAnswerText(t: TFunction, answer: OfficerAnswer): string | null {
  if (answer.ok) return null;
  return 'refusal' in answer ? officerRefusalText(t, answer.refusal) : callErrorText(t, answer.error);
}
