import { useTranslation } from 'react-i18next';
import type { InspectionIssue } from '../../../shared/contract/index.js';
import { sectionOfPath, type SectionName } from './sections.js';

interface Props {
  issues: readonly InspectionIssue[];
  /** The issues are the core's answer to a refused submit, not the running check. */
  refused: boolean;
  onGoTo: (section: SectionName) => void;
  /** Accepts a confirmable warning (an identifier the task does not know). */
  onConfirm: (key: string) => void;
}

/** What keeps the draft from being submitted, always in view, in the core's words; each leads to its section. */
export function MissingPanel({ issues, refused, onGoTo, onConfirm }: Props) {
  const { t } = useTranslation();
  return (
    <section className="inspection__missing" aria-labelledby="inspection-missing-title" data-testid="inspection-missing" aria-live="polite">
      <h3 id="inspection-missing-title">{t('inspection.missing.title')}</h3>
      {issues.length === 0 ? (
        <p className="inspection__ok" data-testid="inspection-missing-none">
          {t('inspection.missing.none')}
        </p>
      ) : (
        <>
          {refused && (
            <p className="inspection__error" role="alert" data-testid="inspection-submit-refused">
              {t('inspection.missing.refused')}
            </p>
          )}
          <ul className="inspection__issues">
            {issues.map((issue, index) => {
              const section = sectionOfPath(issue.path);
              const confirm = issue.confirmKey;
              return (
                <li key={`${index}:${issue.path}:${issue.code}`} data-testid="inspection-issue" data-code={issue.code} data-path={issue.path}>
                  {issue.message}{' '}
                  {section !== null && (
                    <button type="button" className="button button--small button--secondary" onClick={() => onGoTo(section)}>
                      {t('inspection.missing.goTo')} {t(`inspection.sections.${section}`)}
                    </button>
                  )}
                  {confirm !== undefined && (
                    <button type="button" className="button button--small" onClick={() => onConfirm(confirm)}>
                      {t('inspection.identifier.confirm')}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
