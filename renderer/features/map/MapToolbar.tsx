import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { agencies, transportModes } from '../../../shared/contract/enums.js';
import { taskChoices, toggleMode, type CargoFilter, type TaskChoice } from './cargo-filter.js';
import { MODE_COLOURS } from './cargo-layers.js';
import { corridorIds, corridorName } from './corridor-names.js';

interface Props {
  filter: CargoFilter;
  onFilter: (filter: CargoFilter) => void;
  /** Finds a container or transport document number; false when no cargo on the map has it. */
  onSearch: (text: string) => boolean;
}

/** Choices of the map's own (the rest are task statuses, named as the task list names them). */
const MAP_CHOICES: readonly TaskChoice[] = ['any', 'open', 'none'];
function isMapChoice(choice: TaskChoice): choice is 'any' | 'open' | 'none' {
  return MAP_CHOICES.includes(choice);
}

/** The select's value for "no choice" (a corridor id or an agency is never empty). */
const ANY = '';

/** Above the map: the mode, corridor, task and agency filters and the search that flies to a cargo. */
export function MapToolbar({ filter, onFilter, onSearch }: Props) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  const [missing, setMissing] = useState<string | null>(null);

  return (
    <div className="map-toolbar" role="toolbar" aria-label={t('map.filters')}>
      <fieldset className="map-toolbar__modes">
        <legend>{t('map.modes')}</legend>
        {transportModes.map((mode) => (
          <label key={mode} className="map-toolbar__mode">
            <input type="checkbox" data-testid={`map-mode-${mode}`} checked={filter.modes.includes(mode)} onChange={() => onFilter(toggleMode(filter, mode))} />
            <span className="map-toolbar__swatch" style={{ backgroundColor: MODE_COLOURS[mode] }} />
            {t(`mode.${mode}`)}
          </label>
        ))}
      </fieldset>
      <label className="map-toolbar__select">
        {t('map.corridorFilter')}
        <select data-testid="map-corridor-filter" value={filter.corridor ?? ANY} onChange={(event) => onFilter({ ...filter, corridor: event.target.value === ANY ? null : event.target.value })}>
          <option value={ANY}>{t('map.anyCorridor')}</option>
          {corridorIds.map((id) => (
            <option key={id} value={id}>
              {corridorName(id, i18n.language === 'en')}
            </option>
          ))}
        </select>
      </label>
      <label className="map-toolbar__select">
        {t('map.taskFilter')}
        <select data-testid="map-task-filter" value={filter.task} onChange={(event) => onFilter({ ...filter, task: event.target.value as TaskChoice })}>
          {taskChoices.map((choice) => (
            <option key={choice} value={choice}>
              {isMapChoice(choice) ? t(`map.task.${choice}`) : t(`status.${choice}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="map-toolbar__select">
        {t('map.agencyFilter')}
        <select data-testid="map-agency-filter" value={filter.agency ?? ANY} onChange={(event) => onFilter({ ...filter, agency: agencies.find((agency) => agency === event.target.value) ?? null })}>
          <option value={ANY}>{t('map.anyAgency')}</option>
          {agencies.map((agency) => (
            <option key={agency} value={agency}>
              {t(`agency.${agency}`)}
            </option>
          ))}
        </select>
      </label>
      <form
        className="map-toolbar__search"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          const wanted = text.trim();
          if (wanted !== '') setMissing(onSearch(wanted) ? null : wanted);
        }}
      >
        <input
          type="search"
          data-testid="map-search"
          aria-label={t('map.search')}
          placeholder={t('map.searchPlaceholder')}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="button" data-testid="map-search-go">
          {t('map.searchGo')}
        </button>
        {missing !== null && (
          <span className="map-toolbar__missing" role="status" data-testid="map-search-missing">
            {t('map.notFound', { text: missing })}
          </span>
        )}
      </form>
    </div>
  );
}
