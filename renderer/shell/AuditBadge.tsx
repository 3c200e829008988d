import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditStatus, CallError } from '../../shared/contract/index.js';
import { useClient } from '../api-context.js';

/** How often the badge asks again; the core's watcher extends its check at each call. */
export const AUDIT_POLL_MS = 30_000;

type Chain = AuditStatus['chains'][number];
const SEVERITY = { intact: 0, checking: 1, broken: 2 } as const;
/** A mark beside the words, for a glance (the words carry the meaning; the mark is hidden from screen readers). */
const MARK = { intact: '✓', checking: '…', broken: '✗' } as const;

/**
 * The audit chain's state in the header: the worst of the open databases' chains (broken, then
 * checking, then intact). Its title says, per database, how many entries and which last hash, or
 * which entry broke and how, in the UI's language.
 */
export function AuditBadge() {
  const { t } = useTranslation();
  const client = useClient();
  const [chains, setChains] = useState<readonly Chain[] | null>(null);
  const [error, setError] = useState<CallError | null>(null);

  useEffect(() => {
    let live = true;
    const ask = (): void => {
      void client.call('audit:status', {}).then((result) => {
        if (!live) return;
        if (result.ok) {
          setChains(result.value.chains);
          setError(null);
        } else {
          setError(result.error);
        }
      });
    };
    ask();
    const timer = setInterval(ask, AUDIT_POLL_MS);
    window.addEventListener('focus', ask);
    return () => {
      live = false;
      clearInterval(timer);
      window.removeEventListener('focus', ask);
    };
  }, [client]);

  if (chains === null || chains.length === 0) {
    return error ? (
      <span className="audit-badge audit-badge--unknown" data-testid="audit-badge" data-state="unknown" title={t('audit.unknown', { message: error.message })}>
        {t('audit.badge', { state: t('audit.state.unknown') })}
      </span>
    ) : null;
  }
  const worst = chains.reduce((a, b) => (SEVERITY[b.state] > SEVERITY[a.state] ? b : a));
  const describe = (chain: Chain): string => {
    const database = t(`audit.database.${chain.database}`);
    if (chain.state === 'broken' && chain.firstBroken) {
      const { seq, expectedSeq, problem } = chain.firstBroken;
      return t('audit.line', { database, text: t(`audit.problem.${problem}`, { seq: seq ?? expectedSeq, expectedSeq }) });
    }
    if (chain.state === 'checking') return t('audit.line', { database, text: t('audit.checking', { count: chain.checked }) });
    return t('audit.line', { database, text: t('audit.intact', { count: chain.entries, hash: chain.lastHash?.slice(0, 12) ?? '' }) });
  };
  const brokenLink = worst.state === 'broken' ? describe(worst) : null;
  return (
    <span
      className={`audit-badge audit-badge--${worst.state}`}
      data-testid="audit-badge"
      data-state={worst.state}
      role="status"
      title={chains.map(describe).join('\n')}
    >
      <span className="audit-badge__mark" aria-hidden="true">
        {MARK[worst.state]}
      </span>
      {t('audit.badge', { state: t(`audit.state.${worst.state}`) })}
      {brokenLink && <span className="visually-hidden">{brokenLink}</span>}
    </span>
  );
}
