import { useState } from 'react';
import { SettingsScreen } from './features/settings/SettingsScreen.js';
import { SyncScreen } from './features/sync/SyncScreen.js';
import { SyncStatusStrip } from './features/sync/SyncStatusStrip.js';
import { useSyncStatus, type SyncStatusState } from './features/sync/use-sync-status.js';
import { TasksScreen } from './features/tasks/TasksScreen.js';
import { Header } from './shell/Header.js';
import { MAIN_PANEL_ID, tabId, type Screen } from './shell/screens.js';
import { ShortcutsDialog } from './shell/ShortcutsDialog.js';
import { useAllowedScreens } from './shell/use-allowed-screens.js';
import { useConsoleShortcuts } from './shell/use-console-shortcuts.js';

/** The console's shell. Expects ApiContext (main.tsx provides the real channel, tests a fake one). */
export function App() {
  const [screen, setScreen] = useState<Screen>('tasks');
  // One status for the whole window: the strip and the sync screen show the same numbers.
  const sync = useSyncStatus();
  const [shortcutsShown, setShortcutsShown] = useState(false);
  const showShortcuts = (): void => {
    setShortcutsShown(true);
  };
  useConsoleShortcuts({ screen, screens: useAllowedScreens(), navigate: setScreen, openHelp: showShortcuts, helpOpen: shortcutsShown });
  return (
    <div className="app">
      <Header screen={screen} onNavigate={setScreen} onShowShortcuts={showShortcuts} />
      <SyncStatusStrip
        sync={sync}
        onOpenSync={() => {
          setScreen('sync');
        }}
      />
      <main className="app__main" id={MAIN_PANEL_ID} role="tabpanel" aria-labelledby={tabId(screen)}>
        <CurrentScreen screen={screen} sync={sync} />
      </main>
      {shortcutsShown && (
        <ShortcutsDialog
          onClose={() => {
            setShortcutsShown(false);
          }}
        />
      )}
    </div>
  );
}

function CurrentScreen({ screen, sync }: { screen: Screen; sync: SyncStatusState }) {
  switch (screen) {
    case 'tasks':
      return <TasksScreen />;
    case 'sync':
      return <SyncScreen status={sync.status} />;
    case 'settings':
      return <SettingsScreen />;
  }
}
