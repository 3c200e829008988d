import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface KpiFormat {
  /** 1,234 / 1,234 */
  count: (value: number) => string;
  /** Hours with one decimal: 12.5 */
  hours: (value: number) => string;
  /** A share as a percentage with one decimal: 12.5% */
  rate: (value: number) => string;
  /** A calendar day (YYYY-MM-DD) as a chart label: 11月20日 / Nov 20 */
  day: (isoDay: string) => string;
}

/** The KPI figures written the way the UI's language writes numbers and days. */
export function useKpiFormat(): KpiFormat {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => {
    const count = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
    const hours = new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const rate = new Intl.NumberFormat(language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    // The day is a calendar day already (Asia/Shanghai): read and written in UTC so no zone moves it.
    const day = new Intl.DateTimeFormat(language, { month: 'short', day: 'numeric', timeZone: 'UTC' });
    return {
      count: (value) => count.format(value),
      hours: (value) => hours.format(value),
      rate: (value) => rate.format(value),
      day: (isoDay) => day.format(Date.parse(`${isoDay}T00:00:00Z`)),
    };
  }, [language]);
}
