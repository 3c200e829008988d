const DAY_MS = 86_400_000;
/** The largest time a Date holds either side of 1970 (ECMAScript's time values), in ms. */
const MAX_TIME = 8.64e15;
/** Days a page's times fall on are few; past this many the cache starts over rather than grow. */
const MAX_DAYS = 4096;
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
const dayPrefixes = new Map<number, string>();

/**
 * `new Date(ms).toISOString()`, the same text, at a quarter of the cost: a list page writes one per
 * row (its due time) and Date's formatting was a third of the page's row mapping. The date part
 * ("2026-12-07T") is Date's own, cached per day; the time of day is written from its digits.
 * Throws like Date does on a time it cannot write.
 */
export function isoTime(ms: number): string {
  // Date keeps whole milliseconds, dropping a fraction towards zero.
  const whole = Math.trunc(ms);
  if (!(Math.abs(whole) <= MAX_TIME)) return new Date(ms).toISOString();
  const day = Math.floor(whole / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    const text = new Date(day * DAY_MS).toISOString();
    prefix = text.slice(0, text.indexOf('T') + 1);
    if (dayPrefixes.size >= MAX_DAYS) dayPrefixes.clear();
    dayPrefixes.set(day, prefix);
  }
  let rest = whole - day * DAY_MS;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${prefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[millis]}Z`;
}
