import { useEffect, useRef } from 'react';
import { ConsoleShortcutReader, isTextEntry } from './console-shortcuts.js';
import { MAIN_PANEL_ID, type Screen } from './screens.js';

interface Options {
  screen: Screen;
  /** The screens this account may open (settings are the admin's: the core refuses the others anyway). */
  screens: readonly Screen[];
  navigate: (screen: Screen) => void;
  openHelp: () => void;
  /** While the help is open it has the keys (Esc closes it). */
  helpOpen: boolean;
}

/** The current screen's search field: the task search, or the sync journal's call filter. */
function searchField(): HTMLInputElement | null {
  return document.getElementById(MAIN_PANEL_ID)?.querySelector<HTMLInputElement>('input[type="search"]') ?? null;
}

/**
 * The console's shortcuts on the whole window ("/", "g t", "g s", "g ,", "?"). Keys typed into a
 * field stay text, and a dialog that holds the keys (the start of an inspection, an officer's
 * password) is left alone. "/" on a screen without a search goes to the tasks and their search.
 */
export function useConsoleShortcuts({ screen, screens, navigate, openHelp, helpOpen }: Options): void {
  const reader = useRef(new ConsoleShortcutReader());
  const searchAfterNavigation = useRef(false);

  useEffect(() => {
    if (!searchAfterNavigation.current) return;
    searchAfterNavigation.current = false;
    searchField()?.focus();
  }, [screen]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || helpOpen || isTextEntry(event.target) || document.querySelector('[aria-modal="true"]')) return;
      const shortcut = reader.current.read(event, event.timeStamp);
      if (shortcut === null) return;
      switch (shortcut.action) {
        case 'help':
          event.preventDefault();
          openHelp();
          return;
        case 'search': {
          // The "/" must not be typed into the field it focuses.
          event.preventDefault();
          const field = searchField();
          if (field) {
            field.focus();
            field.select();
          } else {
            searchAfterNavigation.current = true;
            navigate('tasks');
          }
          return;
        }
        case 'go':
          if (!screens.includes(shortcut.screen)) return;
          event.preventDefault();
          navigate(shortcut.screen);
          return;
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [screens, navigate, openHelp, helpOpen]);
}
