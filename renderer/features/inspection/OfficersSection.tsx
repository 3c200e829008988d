import { useTranslation } from 'react-i18next';
import { Section } from './Section.js';
import type { SectionProps } from './section-props.js';

/** The officers present, fixed when the inspection started (the second authenticated on this workstation). */
export function OfficersSection({ draft }: SectionProps) {
  const { t } = useTranslation();
  return (
    <Section name="officers">
      <ul className="inspection__officers" data-testid="inspection-officers">
        {draft.officers.map((officer) => (
          <li key={officer.operatorId}>
            {officer.name} <span className="inspection__code">{officer.operatorId}</span> <span className="tag">{t(`agency.${officer.agency}`)}</span>
          </li>
        ))}
      </ul>
      <p className="inspection__muted">{t('inspection.officers.startedAt', { time: new Date(draft.startedAt).toLocaleString() })}</p>
    </Section>
  );
}
