import type { Screen } from './screens.js';

/**
 * The console's own shortcuts, anywhere outside a text field (point 10), in the common web-app
 * convention (GitHub, Gmail): "/" to search, "g" then a letter to go to a screen, "?" for the list.
 * The help lists them from here, so what is shown is what works.
 */
export const consoleShortcutKeys = {
  search: '/',
  goTasks: 'g t',
  goReview: 'g r',
  // d as in dispatch (派工).
  goDispatch: 'g d',
  // k as in KPI.
  goKpi: 'g k',
  goSync: 'g s',
  // "," as in ⌘, for preferences: the settings are the workstation's.
  goSettings: 'g ,',
  help: '?',
} as const;
export type ConsoleShortcutAction = keyof typeof consoleShortcutKeys;
export const consoleShortcutList = (Object.keys(consoleShortcutKeys) as ConsoleShortcutAction[]).map((action) => ({ action, keys: consoleShortcutKeys[action] }));

/** Keys the screens handle themselves, listed beside the console's in the help. */
export const screenKeys = {
  tabs: '← →',
  rows: '↑ ↓ PgUp PgDn Home End',
  open: 'Enter',
  closeDetail: 'Esc',
} as const;
export type ScreenKeyAction = keyof typeof screenKeys;
export const screenKeyList = (Object.keys(screenKeys) as ScreenKeyAction[]).map((action) => ({ action, keys: screenKeys[action] }));

/** The second key of a "g" sequence must follow within this time, as in the apps that use it. */
export const SEQUENCE_MS = 1500;

const GO_TO: Record<string, Screen> = { t: 'tasks', r: 'review', d: 'dispatch', k: 'kpi', s: 'sync', ',': 'settings' };

export type ConsoleShortcut = { action: 'search' | 'help' } | { action: 'go'; screen: Screen };

type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>;

/**
 * Reads key presses one after another: what a press means, given the "g" that may have come
 * before it. Presses with Ctrl, Cmd or Alt belong to the browser or the screen (Ctrl+S saves).
 */
export class ConsoleShortcutReader {
  private pendingSince: number | null = null;

  read(event: KeyPress, now: number): ConsoleShortcut | null {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      this.pendingSince = null;
      return null;
    }
    const pending = this.pendingSince !== null && now - this.pendingSince <= SEQUENCE_MS;
    this.pendingSince = null;
    if (pending) {
      const screen = GO_TO[event.key.toLowerCase()];
      if (screen !== undefined) return { action: 'go', screen };
    }
    if (event.key === 'g' || event.key === 'G') {
      this.pendingSince = now;
      return null;
    }
    if (event.key === '/') return { action: 'search' };
    if (event.key === '?') return { action: 'help' };
    return null;
  }
}

/** Typing there is text, not a shortcut. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color'].includes(target.type);
}
