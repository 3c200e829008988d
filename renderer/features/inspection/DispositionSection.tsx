import { useTranslation } from 'react-i18next';
import { dispositions, outcomes, type InspectionContent } from '../../../shared/contract/index.js';
import { Section } from './Section.js';
import type { SectionProps } from './section-props.js';

/** Sets an optional choice, or leaves it out of the draft when "choose…" is selected again. */
function withChoice<K extends 'outcome' | 'disposition'>(content: InspectionContent, key: K, value: InspectionContent[K]): InspectionContent {
  const next = { ...content };
  if (key === 'outcome') delete next.outcome;
  else delete next.disposition;
  return value === undefined ? next : { ...next, [key]: value };
}

/** The outcome (conform or not; not_inspected belongs to a recognition) and the disposition proposed. */
export function DispositionSection({ draft, edit }: SectionProps) {
  const { t } = useTranslation();
  const shownOutcomes = draft.recognizes === undefined ? outcomes.filter((outcome) => outcome !== 'not_inspected') : outcomes;
  return (
    <Section name="disposition">
      <div className="inspection__row">
        <label>
          {t('inspection.disposition.outcome')}
          <select
            data-testid="inspection-outcome"
            value={draft.outcome ?? ''}
            onChange={(event) => {
              const outcome = outcomes.find((candidate) => candidate === event.target.value);
              edit((content) => withChoice(content, 'outcome', outcome));
            }}
          >
            <option value="">{t('inspection.disposition.chooseOutcome')}</option>
            {shownOutcomes.map((outcome) => (
              <option key={outcome} value={outcome}>
                {t(`taskDetail.outcome.${outcome}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('inspection.disposition.label')}
          <select
            data-testid="inspection-disposition"
            value={draft.disposition ?? ''}
            onChange={(event) => {
              const disposition = dispositions.find((candidate) => candidate === event.target.value);
              edit((content) => withChoice(content, 'disposition', disposition));
            }}
          >
            <option value="">{t('inspection.disposition.choose')}</option>
            {dispositions.map((disposition) => (
              <option key={disposition} value={disposition}>
                {t(`taskDetail.disposition.${disposition}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </Section>
  );
}
