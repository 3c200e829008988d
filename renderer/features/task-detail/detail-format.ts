import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreditGrade } from '../../../shared/contract/index.js';
import { validateHsCode } from '../../../shared/domain/hs-code.js';
import { isoTimeFormatter } from '../../i18n/iso-time.js';

/** Both certified grades are AEOs (formats.md "Enterprise credit and AEO"). */
export function isAeo(grade: CreditGrade): boolean {
  return grade === 'advanced_certified' || grade === 'certified';
}

/**
 * An HS code grouped as officers read it: heading, subheading, national digits, and the inspection
 * and quarantine suffix when there is one (0202.30.0090, 0202.30.0090.101). A code that is not a
 * valid HS code is shown as sent.
 */
export function formatHsCode(code: string): string {
  if (!validateHsCode(code).ok) return code;
  const groups = [code.slice(0, 4), code.slice(4, 6), code.slice(6, 10)];
  if (code.length === 13) groups.push(code.slice(10));
  return groups.join('.');
}

export interface DetailFormatters {
  /** A country's name in the UI language from its ISO 3166 alpha-2 code; the code when unknown. */
  country: (code: string) => string;
  /** An amount with its ISO 4217 currency (€120,000.00, 120,000.00 欧元…). */
  money: (value: number, currency: string) => string;
  number: (value: number) => string;
  /** 2026-11-25 14:30 in the workstation's time zone; the raw text if it is not a time. */
  dateTime: (iso: string) => string;
}

export function useDetailFormatters(): DetailFormatters {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => {
    const regions = new Intl.DisplayNames([language], { type: 'region', fallback: 'code' });
    const numbers = new Intl.NumberFormat(language);
    const dates = new Intl.DateTimeFormat(language, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    return {
      country: (code) => {
        try {
          return regions.of(code) ?? code;
        } catch {
          // Not a well-formed region code: show what the single window sent.
          return code;
        }
      },
      money: (value, currency) => {
        try {
          return new Intl.NumberFormat(language, { style: 'currency', currency }).format(value);
        } catch {
          return `${numbers.format(value)} ${currency}`;
        }
      },
      number: (value) => numbers.format(value),
      dateTime: isoTimeFormatter(dates),
    };
  }, [language]);
}

export type Duration = { unit: 'minutes' | 'hours' | 'days'; count: number };

/** A span in the unit read at a glance (at least one minute): the time left or overdue on a task. */
export function durationOf(ms: number): Duration {
  const minutes = Math.max(1, Math.floor(Math.abs(ms) / 60_000));
  if (minutes < 60) return { unit: 'minutes', count: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return { unit: 'hours', count: hours };
  return { unit: 'days', count: Math.floor(hours / 24) };
}
