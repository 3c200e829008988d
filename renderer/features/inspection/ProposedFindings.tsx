import { useTranslation } from 'react-i18next';
import type { InspectionContent } from '../../../shared/contract/index.js';
import { currentLanguage } from '../../i18n/index.js';
import { replaceAt } from './draft-edits.js';
import type { SectionProps } from './section-props.js';

type Finding = InspectionContent['findings'][number];

/**
 * The core's seal check (a removed seal not among the declared ones, a broken seal) proposes
 * C-SEAL-MISMATCH / C-SEAL-BROKEN; the officers confirm each or dismiss it with a reason. The
 * decision is part of the draft; the core keeps it while the proposal stands.
 */
export function ProposedFindings({ draft, reference, edit }: SectionProps) {
  const { t } = useTranslation();
  const english = currentLanguage() === 'en';
  const proposals = draft.findings.filter((finding) => finding.origin === 'seal_check');
  if (proposals.length === 0) return null;

  const decide = (findingId: string, patch: (finding: Finding) => Finding): void => {
    edit((content) => {
      const index = content.findings.findIndex((finding) => finding.findingId === findingId);
      const finding = content.findings[index];
      return finding === undefined ? content : { ...content, findings: replaceAt(content.findings, index, patch(finding)) };
    });
  };
  const undecided = (finding: Finding): Finding => {
    const next = { ...finding };
    delete next.decision;
    delete next.dismissReason;
    return next;
  };

  return (
    <div className="inspection__proposals" data-testid="proposals">
      <h4>{t('inspection.proposals.title')}</h4>
      <p className="inspection__muted">{t('inspection.proposals.intro')}</p>
      <ul className="inspection__rows">
        {proposals.map((finding) => {
          const code = reference.findingCodes.find((candidate) => candidate.code === finding.code);
          const testId = `proposal-${finding.code}-${finding.containerNo ?? ''}`;
          const dismissed = finding.decision === 'dismissed';
          return (
            <li key={finding.findingId} className="inspection__row inspection__row--proposal" data-testid={testId} data-decision={finding.decision ?? 'none'}>
              <p>
                <span className="inspection__code">{finding.code}</span> {code ? (english ? code.textEn : code.text) : null}{' '}
                <span className={`tag tag--severity-${finding.severity}`}>{t(`inspection.severity.${finding.severity}`)}</span>
              </p>
              {finding.text !== '' && <p>{finding.text}</p>}
              {finding.decision === undefined ? (
                <div className="inspection__actions">
                  <button type="button" className="button button--small" data-testid={`${testId}-confirm`} onClick={() => decide(finding.findingId, (f) => ({ ...f, decision: 'confirmed' }))}>
                    {t('inspection.proposals.confirm')}
                  </button>
                  <button
                    type="button"
                    className="button button--small button--secondary"
                    data-testid={`${testId}-dismiss`}
                    onClick={() => decide(finding.findingId, (f) => ({ ...f, decision: 'dismissed', dismissReason: '' }))}
                  >
                    {t('inspection.proposals.dismiss')}
                  </button>
                </div>
              ) : (
                <div className="inspection__actions">
                  <span className="tag" data-testid={`${testId}-decision`}>
                    {t(`inspection.proposals.${finding.decision}`)}
                  </span>
                  {dismissed && (
                    <label>
                      {t('inspection.proposals.dismissReason')}
                      <input
                        data-testid={`${testId}-reason`}
                        value={finding.dismissReason ?? ''}
                        onChange={(event) => {
                          const dismissReason = event.target.value;
                          decide(finding.findingId, (f) => ({ ...f, dismissReason }));
                        }}
                      />
                    </label>
                  )}
                  <button type="button" className="button button--small button--secondary" onClick={() => decide(finding.findingId, undecided)}>
                    {t('inspection.proposals.undo')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
