import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { shiftAt, shifts, type Shift } from '../../../shared/contract/index.js';
import type { Port } from './use-ports.js';

export interface ShiftChoice {
  portCode: string;
  date: string;
  shift: Shift;
}

/** The current shift at a site: where the roster screen starts, and where "Current shift" goes back to. */
export function currentShift(portCode: string, now: number): ShiftChoice {
  return { portCode, ...shiftAt(now) };
}

interface Props {
  value: ShiftChoice;
  ports: readonly Port[];
  onChange: (choice: ShiftChoice) => void;
}

/**
 * The site (a port code; the cached reference ports are offered, any four digits may be typed, as
 * the reference data arrives only with a sync) and the shift: the date it starts and day or night.
 */
export function ShiftPicker({ value, ports, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const english = i18n.resolvedLanguage === 'en';
  return (
    <fieldset className="dispatch__picker" data-testid="roster-picker">
      <legend>{t('dispatch.roster.pick')}</legend>
      <label htmlFor={`${id}-port`}>{t('dispatch.roster.site')}</label>
      <input
        id={`${id}-port`}
        className="text-input dispatch__port"
        data-testid="roster-port"
        list={`${id}-ports`}
        inputMode="numeric"
        maxLength={4}
        value={value.portCode}
        onChange={(event) => onChange({ ...value, portCode: event.target.value.trim() })}
      />
      <datalist id={`${id}-ports`}>
        {ports.map((port) => (
          <option key={port.portCode} value={port.portCode}>
            {english ? port.nameEn : port.name}
          </option>
        ))}
      </datalist>
      <label htmlFor={`${id}-date`}>{t('dispatch.roster.date')}</label>
      <input id={`${id}-date`} className="text-input" type="date" data-testid="roster-date" required value={value.date} onChange={(event) => onChange({ ...value, date: event.target.value })} />
      <label htmlFor={`${id}-shift`}>{t('dispatch.roster.shift')}</label>
      <select id={`${id}-shift`} className="text-input" data-testid="roster-shift" value={value.shift} onChange={(event) => onChange({ ...value, shift: shifts.find((shift) => shift === event.target.value) ?? value.shift })}>
        {shifts.map((shift) => (
          <option key={shift} value={shift}>
            {t(`dispatch.shift.${shift}`)}
          </option>
        ))}
      </select>
      <button type="button" className="button button--secondary" data-testid="roster-current" onClick={() => onChange(currentShift(value.portCode, Date.now()))}>
        {t('dispatch.roster.current')}
      </button>
    </fieldset>
  );
}
