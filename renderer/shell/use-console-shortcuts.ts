import { useEffect, useRef } from 'react';
import { ConsoleShortcutReader, isTextEntry } from './console-shortcuts.js';
import { MAIN_PANEL_ID, tabId, type Screen } from './screens.js';

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

/** Where the focus goes once the screen a shortcut chose is shown. */
type FocusTarget = 'search' | 'tab';

function focus(target: FocusTarget, screen: Screen): void {
  if (target === 'search') searchField()?.focus();
  else document.getElementById(tabId(screen))?.focus();
}

/**
 * The console's shortcuts on the whole window ("/", "g t", "g s", "g ,", "?"). Keys typed into a
 * field stay text, and a dialog that holds the keys (the start of an inspection, an officer's
 * password) is left alone. "/" on a screen without a search goes to the tasks and their search; "g"
 * puts the focus on the chosen screen's tab, where Tab goes on into that screen.
 */
export function useConsoleShortcuts({ screen, screens, navigate, openHelp, helpOpen }: Options): void {
  const reader = useRef(new ConsoleShortcutReader());
  const focusAfterNavigation = useRef<FocusTarget | null>(null);

  useEffect(() => {
    const target = focusAfterNavigation.current;
    focusAfterNavigation.current = null;
    if (target !== null) focus(target, screen);
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
            focusAfterNavigation.current = 'search';
            navigate('tasks');
          }
          return;
        }
        case 'go':
          if (!screens.includes(shortcut.screen)) return;
          event.preventDefault();
          if (shortcut.screen === screen) {
            focus('tab', screen);
          } else {
            focusAfterNavigation.current = 'tab';
            navigate(shortcut.screen);
          }
          return;
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [screen, screens, navigate, openHelp, helpOpen]);
}
