import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { agencies, priorities, taskStatuses, transportModes } from '../../../shared/contract/index.js';
import type { StatusChoice, TaskListFilter } from './filter.js';

const statusChoices: readonly StatusChoice[] = ['open', 'all', ...taskStatuses];

/** The value among `values` that equals `raw`, or undefined (the "all" option). */
function choose<T extends string>(values: readonly T[], raw: string): T | undefined {
  return values.find((value) => value === raw);
}

interface Props {
  filter: TaskListFilter;
  onChange: (change: Partial<TaskListFilter>) => void;
}

export function FilterBar({ filter, onChange }: Props) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="filter-bar">
      <legend className="visually-hidden">{t('filter.label')}</legend>
      <label className="field" htmlFor={`${id}-status`}>
        <span className="field__label">{t('filter.status')}</span>
        <select
          id={`${id}-status`}
          data-testid="filter-status"
          value={filter.status}
          onChange={(event) => {
            onChange({ status: choose(statusChoices, event.target.value) ?? 'open' });
          }}
        >
          <option value="open">{t('statusFilter.open')}</option>
          <option value="all">{t('statusFilter.all')}</option>
          {taskStatuses.map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field" htmlFor={`${id}-mode`}>
        <span className="field__label">{t('filter.mode')}</span>
        <select
          id={`${id}-mode`}
          data-testid="filter-mode"
          value={filter.mode ?? ''}
          onChange={(event) => {
            onChange({ mode: choose(transportModes, event.target.value) });
          }}
        >
          <option value="">{t('filter.anyMode')}</option>
          {transportModes.map((mode) => (
            <option key={mode} value={mode}>
              {t(`mode.${mode}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field" htmlFor={`${id}-agency`}>
        <span className="field__label">{t('filter.agency')}</span>
        <select
          id={`${id}-agency`}
          data-testid="filter-agency"
          value={filter.agency ?? ''}
          onChange={(event) => {
            onChange({ agency: choose(agencies, event.target.value) });
          }}
        >
          <option value="">{t('filter.anyAgency')}</option>
          {agencies.map((agency) => (
            <option key={agency} value={agency}>
              {t(`agency.${agency}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field" htmlFor={`${id}-priority`}>
        <span className="field__label">{t('filter.priority')}</span>
        <select
          id={`${id}-priority`}
          data-testid="filter-priority"
          value={filter.priority ?? ''}
          onChange={(event) => {
            onChange({ priority: choose(priorities, event.target.value) });
          }}
        >
          <option value="">{t('filter.anyPriority')}</option>
          {priorities.map((priority) => (
            <option key={priority} value={priority}>
              {t(`priority.${priority}`)}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
