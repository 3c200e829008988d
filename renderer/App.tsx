import { useState } from 'react';
import { MapScreen, type MapFocus } from './features/map/MapScreen.js';
import { ShowOnMapContext } from './features/map/show-on-map.js';
import { DispatchScreen } from './features/dispatch/DispatchScreen.js';
import { KpiScreen } from './features/kpi/KpiScreen.js';
import { ReviewScreen } from './features/review/ReviewScreen.js';
import { SettingsScreen } from './features/settings/SettingsScreen.js';
import { SyncScreen } from './features/sync/SyncScreen.js';
import { SyncStatusStrip } from './features/sync/SyncStatusStrip.js';
import { useSyncStatus, type SyncStatusState } from './features/sync/use-sync-status.js';
import { TasksScreen } from './features/tasks/TasksScreen.js';
import { Header } from './shell/Header.js';
import { OpenTaskContext } from './shell/open-task.js';
import { MAIN_PANEL_ID, tabId, type Screen } from './shell/screens.js';
import { ShortcutsDialog } from './shell/ShortcutsDialog.js';
import { useAllowedScreens } from './shell/use-allowed-screens.js';
import { useConsoleShortcuts } from './shell/use-console-shortcuts.js';

/** The console's shell. Expects ApiContext (main.tsx provides the real channel, tests a fake one). */
export function App() {
  const [screen, setScreen] = useState<Screen>('tasks');
  // One status for the whole window: the strip and the sync screen show the same numbers.
  const sync = useSyncStatus();
  // A task another screen asked to open (the Sync screen's "open the task"); forgotten once the officer leaves the tasks screen.
  const [taskToOpen, setTaskToOpen] = useState<string | null>(null);
  if (screen !== 'tasks' && taskToOpen !== null) setTaskToOpen(null);
  const openTask = (taskId: string): void => {
    setTaskToOpen(taskId);
    setScreen('tasks');
  };
  // A task's "Show on map" (its detail, on any screen): the map flies to its cargo; `n` tells a repeat apart.
  const [mapFocus, setMapFocus] = useState<MapFocus | null>(null);
  const showOnMap = (taskId: string): void => {
    setMapFocus((before) => ({ taskId, n: (before?.n ?? 0) + 1 }));
    setScreen('map');
  };
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
        onOpenDispatch={() => {
          setScreen('dispatch');
        }}
      />
      <main className="app__main" id={MAIN_PANEL_ID} role="tabpanel" aria-labelledby={tabId(screen)}>
        <OpenTaskContext value={openTask}>
          <ShowOnMapContext value={showOnMap}>
            <CurrentScreen screen={screen} sync={sync} taskToOpen={taskToOpen} mapFocus={mapFocus} />
          </ShowOnMapContext>
        </OpenTaskContext>
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

interface CurrentScreenProps {
  screen: Screen;
  sync: SyncStatusState;
  taskToOpen: string | null;
  mapFocus: MapFocus | null;
}

function CurrentScreen({ screen, sync, taskToOpen, mapFocus }: CurrentScreenProps) {
  switch (screen) {
    case 'tasks':
      return <TasksScreen key={taskToOpen} initialTaskId={taskToOpen} />;
    case 'map':
      return <MapScreen focus={mapFocus} />;
    case 'sync':
      return <SyncScreen status={sync.status} />;
    case 'review':
      return <ReviewScreen />;
    case 'dispatch':
      return <DispatchScreen />;
    case 'kpi':
      return <KpiScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}
