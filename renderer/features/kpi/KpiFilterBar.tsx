import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { agencies, inspectionTypes, transportModes } from '../../../shared/contract/index.js';
import type { FilterDraft } from './kpi-filters.js';

interface Props {
  draft: FilterDraft;
  /** Sites (port codes) the KPIs have named so far: the single window's sites are not listed anywhere else. */
  sites: readonly string[];
  onChange: (change: Partial<FilterDraft>) => void;
}

/** Date range, site, agency, inspection type and mode; each change asks the core again. */
export function KpiFilterBar({ draft, sites, onChange }: Props) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="filter-bar kpi-filters">
      <legend className="visually-hidden">{t('kpi.filters.label')}</legend>
      {(['from', 'to'] as const).map((end) => (
        <label key={end} className="field" htmlFor={`${id}-${end}`}>
          <span className="field__label">{t(`kpi.filters.${end}`)}</span>
          <input
            id={`${id}-${end}`}
            type="date"
            className="text-input"
            data-testid={`kpi-filter-${end}`}
            value={draft[end]}
            onChange={(event) => {
              onChange({ [end]: event.target.value });
            }}
          />
        </label>
      ))}
      <Choice id={`${id}-site`} testId="kpi-filter-site" label={t('kpi.filters.site')} any={t('kpi.filters.anySite')} value={draft.portCode} values={sites} name={(site) => site} onChange={(portCode) => onChange({ portCode })} />
      <Choice id={`${id}-agency`} testId="kpi-filter-agency" label={t('filter.agency')} any={t('filter.anyAgency')} value={draft.agency} values={agencies} name={(agency) => t(`agency.${agency}`)} onChange={(agency) => onChange({ agency })} />
      <Choice
        id={`${id}-type`}
        testId="kpi-filter-type"
        label={t('kpi.filters.type')}
        any={t('kpi.filters.anyType')}
        value={draft.inspectionType}
        values={inspectionTypes}
        name={(type) => t(`inspectionType.${type}`)}
        onChange={(inspectionType) => onChange({ inspectionType })}
      />
      <Choice id={`${id}-mode`} testId="kpi-filter-mode" label={t('filter.mode')} any={t('filter.anyMode')} value={draft.mode} values={transportModes} name={(mode) => t(`mode.${mode}`)} onChange={(mode) => onChange({ mode })} />
    </fieldset>
  );
}

interface ChoiceProps<T extends string> {
  id: string;
  testId: string;
  label: string;
  /** The first option's text, its value '': no filter. */
  any: string;
  value: T | '';
  values: readonly T[];
  name: (value: T) => string;
  onChange: (value: T | '') => void;
}

function Choice<T extends string>({ id, testId, label, any, value, values, name, onChange }: ChoiceProps<T>) {
  return (
    <label className="field" htmlFor={id}>
      <span className="field__label">{label}</span>
      <select
        id={id}
        data-testid={testId}
        value={value}
        onChange={(event) => {
          onChange(values.find((candidate) => candidate === event.target.value) ?? '');
        }}
      >
        <option value="">{any}</option>
        {values.map((candidate) => (
          <option key={candidate} value={candidate}>
            {name(candidate)}
          </option>
        ))}
      </select>
    </label>
  );
}
