import type { TFunction } from 'i18next';
import { dispositions, outcomes, resultStates, type AuditTimelineEntry } from '../../../shared/contract/index.js';
import { caseReplayZh } from '../../i18n/case-replay.zh-CN.js';
import type { Messages } from '../../i18n/zh-CN.js';

/**
 * An audit entry in words: the action codes the core writes about a task (electron/core: the
 * drafts', results', reviews', evidence bundles' and assignments' repositories) named in the UI language, the
 * details' fields by name and their codes in words. A code not listed here (an action added later)
 * is shown as written, never hidden.
 */
const ACTION_KEYS = {
  'inspection.start': 'inspectionStart',
  'inspection.discard': 'inspectionDiscard',
  'inspection.reopen': 'inspectionReopen',
  'draft.change': 'draftChange',
  'draft.signed': 'draftSigned',
  'result.submit': 'resultSubmit',
  'result.delivered': 'resultDelivered',
  'result.conflict': 'resultConflict',
  'result.rejected': 'resultRejected',
  'result.waiting_attachment': 'resultWaitingAttachment',
  'result.rebase': 'resultRebase',
  'result.retry': 'resultRetry',
  'result.edit': 'resultEdit',
  'result.withdraw': 'resultWithdraw',
  'result.reviewed': 'resultReviewed',
  'evidence.exported': 'evidenceExported',
  'dispatch.random': 'dispatchRandom',
  'dispatch.manual': 'dispatchManual',
  'dispatch.delivered': 'dispatchDelivered',
  'dispatch.conflict': 'dispatchConflict',
  'dispatch.rejected': 'dispatchRejected',
} as const satisfies Record<string, keyof Messages['caseReplay']['action']>;

type DetailKey = keyof Messages['caseReplay']['detail'];

export function actionText(t: TFunction, action: string): string {
  return Object.hasOwn(ACTION_KEYS, action) ? t(`caseReplay.action.${ACTION_KEYS[action as keyof typeof ACTION_KEYS]}`) : action;
}

/** "王芳（op-8000-001）", the console itself for `system`, the operator id alone when no account here names it. */
export function actorText(t: TFunction, entry: Pick<AuditTimelineEntry, 'actor' | 'actorName'>): string {
  if (entry.actor === 'system') return t('caseReplay.system');
  return entry.actorName === null ? entry.actor : t('caseReplay.actor', { name: entry.actorName, id: entry.actor });
}

/** One detail as "name: value", codes the UI knows in words. */
export function detailText(t: TFunction, { key, value }: AuditTimelineEntry['details'][number]): string {
  return `${isDetailKey(key) ? t(`caseReplay.detail.${key}`) : key}: ${valueText(t, key, value)}`;
}

/** Every language names the same fields (the i18n test holds them to it): the default one's keys say which. */
function isDetailKey(key: string): key is DetailKey {
  return Object.hasOwn(caseReplayZh.detail, key);
}

function valueText(t: TFunction, key: string, value: string): string {
  if (key === 'outcome' && includes(outcomes, value)) return t(`taskDetail.outcome.${value}`);
  if (key === 'disposition' && includes(dispositions, value)) return t(`taskDetail.disposition.${value}`);
  if (key === 'from' && includes(resultStates, value)) return t(`sync.resultState.${value}`);
  if (key === 'decision' && (value === 'endorsed' || value === 'returned')) return t(`caseReplay.decision.${value}`);
  return value;
}

function includes<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
