/**
 * An ISO 8601 time in a format of the UI language; a text that is not a time is shown as it came
 * (the core's data is checked, but a screen must never show "Invalid Date").
 */
export function isoTimeFormatter(format: Intl.DateTimeFormat): (iso: string) => string {
  return (iso) => {
    const time = Date.parse(iso);
    return Number.isNaN(time) ? iso : format.format(time);
  };
}
