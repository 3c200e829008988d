import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { transportModes } from '../../../shared/contract/enums.js';
import { taskChoices, toggleMode, type CargoFilter, type TaskChoice } from './cargo-filter.js';
import { MODE_COLOURS } from './cargo-layers.js';

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

/** Above the map: the mode and task filters and the search that flies to a cargo. */
export function MapToolbar({ filter, onFilter, onSearch }: Props) {
  const { t } = useTranslation();
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
      <label className="map-toolbar__task">
        {t('map.taskFilter')}
        <select data-testid="map-task-filter" value={filter.task} onChange={(event) => onFilter({ ...filter, task: event.target.value as TaskChoice })}>
          {taskChoices.map((choice) => (
            <option key={choice} value={choice}>
              {isMapChoice(choice) ? t(`map.task.${choice}`) : t(`status.${choice}`)}
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
