import { useEffect, useState } from 'react';

/** How long ago something happened, in the unit a person reads at a glance. */
export type RelativeTime = { unit: 'justNow' } | { unit: 'minutes' | 'hours' | 'days'; count: number };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** null when `iso` is not a time. A time slightly in the future (clock skew) reads as "just now". */
export function relativeTime(iso: string, now: number): RelativeTime | null {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return null;
  const ago = now - at;
  if (ago < MINUTE) return { unit: 'justNow' };
  if (ago < HOUR) return { unit: 'minutes', count: Math.floor(ago / MINUTE) };
  if (ago < DAY) return { unit: 'hours', count: Math.floor(ago / HOUR) };
  return { unit: 'days', count: Math.floor(ago / DAY) };
}

/** The current time, refreshed every `intervalMs`, so "3 minutes ago" moves on while nothing else changes. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
    }, intervalMs);
    return () => {
      clearInterval(timer);
    };
  }, [intervalMs]);
  return now;
}
