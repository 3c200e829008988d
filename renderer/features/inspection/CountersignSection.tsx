import { useTranslation } from 'react-i18next';
import { countersignCapacities, type InspectionContent } from '../../../shared/contract/index.js';
import { Section } from './Section.js';
import type { SectionProps } from './section-props.js';

type Countersign = NonNullable<InspectionContent['countersign']>;
const EMPTY: Countersign = { name: '', capacity: null, signed: null };
const ANSWERS = [
  { value: null, key: 'pending' },
  { value: true, key: 'signed' },
  { value: false, key: 'refused' },
] as const;

/** The consignee's representative present: name, capacity, and whether they countersigned or refused (with a note). */
export function CountersignSection({ draft, edit }: SectionProps) {
  const { t } = useTranslation();
  const countersign = draft.countersign ?? EMPTY;
  const change = (patch: Partial<Countersign>): void => {
    edit((content) => ({ ...content, countersign: { ...(content.countersign ?? EMPTY), ...patch } }));
  };
  return (
    <Section name="countersign">
      <div className="inspection__row">
        <label>
          {t('inspection.countersign.name')}
          <input data-testid="countersign-name" value={countersign.name} onChange={(event) => change({ name: event.target.value })} />
        </label>
        <label>
          {t('inspection.countersign.capacity')}
          <select
            data-testid="countersign-capacity"
            value={countersign.capacity ?? ''}
            onChange={(event) => {
              const capacity = countersignCapacities.find((candidate) => candidate === event.target.value) ?? null;
              change({ capacity });
            }}
          >
            <option value="">{t('inspection.countersign.chooseCapacity')}</option>
            {countersignCapacities.map((capacity) => (
              <option key={capacity} value={capacity}>
                {t(`inspection.countersign.capacities.${capacity}`)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="inspection__choices">
          <legend>{t('inspection.countersign.answer')}</legend>
          {ANSWERS.map(({ value, key }) => (
            <label key={key} className="inspection__choice">
              <input type="radio" name="countersign-signed" data-testid={`countersign-${key}`} checked={countersign.signed === value} onChange={() => change({ signed: value })} />
              {t(`inspection.countersign.${key}`)}
            </label>
          ))}
        </fieldset>
        {countersign.signed === false && (
          <label>
            {t('inspection.countersign.refusalNote')}
            <textarea data-testid="countersign-refusal-note" value={countersign.refusalNote ?? ''} onChange={(event) => change({ refusalNote: event.target.value })} />
          </label>
        )}
      </div>
    </Section>
  );
}
