import type { KeyboardEvent } from 'react';
import { sectionNames, type SectionName } from './sections.js';

/** The form's shortcuts (point 10); the help lists them from here, so what is shown is what works. */
export const shortcutKeys = {
  save: 'Ctrl+S',
  submit: 'Ctrl+Enter',
  sections: 'Alt+1…9',
  close: 'Esc',
  help: 'F1',
} as const;
export const shortcutList = (Object.keys(shortcutKeys) as (keyof typeof shortcutKeys)[]).map((action) => ({ action, keys: shortcutKeys[action] }));
export type ShortcutAction = keyof typeof shortcutKeys;

export type Shortcut = { action: Exclude<ShortcutAction, 'sections'> } | { action: 'sections'; section: SectionName };

/** The shortcut a key press means on the form, if any (Cmd stands in for Ctrl on a Mac keyboard). */
export function shortcutOf(event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): Shortcut | null {
  const control = event.ctrlKey || event.metaKey;
  if (control && !event.altKey && event.key.toLowerCase() === 's') return { action: 'save' };
  if (control && event.key === 'Enter') return { action: 'submit' };
  if (event.key === 'F1') return { action: 'help' };
  if (event.key === 'Escape') return { action: 'close' };
  if (event.altKey && !control) {
    // The code, not the key: Alt+digit types another character on some layouts.
    const digit = /^Digit([1-9])$/.exec(event.code)?.[1] ?? (/^[1-9]$/.test(event.key) ? event.key : undefined);
    const section = digit === undefined ? undefined : sectionNames[Number(digit) - 1];
    if (section !== undefined) return { action: 'sections', section };
  }
  return null;
}
