import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { isoTimeFormatter } from '../../i18n/iso-time.js';

export interface Formatters {
  number: (value: number) => string;
  /** A due time in the workstation's time zone, e.g. 05/12 14:30; the raw text if it is not a date. */
  dateTime: (iso: string) => string;
}

/** Number and date formatters of the current UI language. */
export function useFormatters(): Formatters {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => {
    const numbers = new Intl.NumberFormat(language);
    const dates = new Intl.DateTimeFormat(language, {
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    return {
      number: (value) => numbers.format(value),
      dateTime: isoTimeFormatter(dates),
    };
  }, [language]);
}
