import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { relativeTime } from './relative-time.js';
import { isoTimeFormatter } from '../../i18n/iso-time.js';

export interface TimeFormatters {
  /** 2026-11-21 14:30:05 in the workstation's time zone; the raw text if it is not a time. */
  full: (iso: string) => string;
  /** "3 分钟前" / "3 minutes ago"; null if `iso` is not a time. */
  ago: (iso: string, now: number) => string | null;
}

/** Time formatters of the current UI language (journal rows, last sync). */
export function useTimeFormatters(): TimeFormatters {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => {
    const dates = new Intl.DateTimeFormat(language, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    return {
      full: isoTimeFormatter(dates),
      ago: (iso, now) => {
        const relative = relativeTime(iso, now);
        if (relative === null) return null;
        return relative.unit === 'justNow' ? t('relativeTime.justNow') : t(`relativeTime.${relative.unit}`, { count: relative.count });
      },
    };
  }, [language, t]);
}
