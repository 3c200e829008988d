import { useTranslation } from 'react-i18next';
import type { InspectionContent } from '../../../shared/contract/index.js';
import { removeAt, replaceAt } from './draft-edits.js';
import { Section } from './Section.js';
import type { SectionProps } from './section-props.js';

type Sample = InspectionContent['samples'][number];
const EMPTY_SAMPLE: Sample = { sampleId: '', goodsLine: null, quantity: null, unit: '', lab: '' };

/** What the number field holds as a quantity: null while empty or not a number yet (a lone minus sign). */
function quantityOf(typed: string): number | null {
  const value = Number(typed);
  return typed.trim() === '' || !Number.isFinite(value) ? null : Math.max(0, value);
}

/** Samples taken: id, goods line, quantity with unit, and the laboratory it goes to. */
export function SamplesSection({ draft, task, edit }: SectionProps) {
  const { t } = useTranslation();
  const change = (index: number, patch: Partial<Sample>): void => {
    edit((content) => {
      const sample = content.samples[index];
      return sample === undefined ? content : { ...content, samples: replaceAt(content.samples, index, { ...sample, ...patch }) };
    });
  };
  return (
    <Section name="samples">
      {draft.samples.length === 0 && <p className="inspection__muted">{t('inspection.samples.empty')}</p>}
      <ul className="inspection__rows">
        {draft.samples.map((sample, index) => (
          <li key={index} className="inspection__row" data-testid={`sample-${index}`}>
            <label>
              {t('inspection.samples.sampleId')}
              <input data-testid={`sample-${index}-id`} value={sample.sampleId} onChange={(event) => change(index, { sampleId: event.target.value })} />
            </label>
            <label>
              {t('inspection.samples.goodsLine')}
              <select
                data-testid={`sample-${index}-line`}
                value={sample.goodsLine ?? ''}
                onChange={(event) => change(index, { goodsLine: event.target.value === '' ? null : Number(event.target.value) })}
              >
                <option value="">{t('inspection.samples.chooseLine')}</option>
                {task.goods.map((goods) => (
                  <option key={goods.line} value={goods.line}>
                    {t('inspection.findings.lineOption', { line: goods.line, description: goods.description })}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('inspection.samples.quantity')}
              <input
                data-testid={`sample-${index}-quantity`}
                type="number"
                min={0}
                step="any"
                value={sample.quantity ?? ''}
                onChange={(event) => change(index, { quantity: quantityOf(event.target.value) })}
              />
            </label>
            <label>
              {t('inspection.samples.unit')}
              <input data-testid={`sample-${index}-unit`} value={sample.unit} maxLength={16} onChange={(event) => change(index, { unit: event.target.value })} />
            </label>
            <label>
              {t('inspection.samples.lab')}
              <input data-testid={`sample-${index}-lab`} value={sample.lab} onChange={(event) => change(index, { lab: event.target.value })} />
            </label>
            <button type="button" className="button button--small button--secondary" onClick={() => edit((content) => ({ ...content, samples: removeAt(content.samples, index) }))}>
              {t('inspection.samples.remove')}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="button" data-testid="sample-add" onClick={() => edit((content) => ({ ...content, samples: [...content.samples, EMPTY_SAMPLE] }))}>
        {t('inspection.samples.add')}
      </button>
    </Section>
  );
}
