/**
 * Electron main: lifecycle, the app:// protocol, the window, the core process. Kept thin on purpose
 * (ARCHITECTURE.md "Processes"): the domain lives in the core process, the decisions in window.ts,
 * protocol.ts and core-process.ts, which take Electron as parameters and are tested without it.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, MessageChannelMain, protocol, safeStorage, utilityProcess } from 'electron';
import { createLogger, fileSink, type Logger } from './core/log.js';
import { handlePortRequests, startCoreProcess, type CoreProcess } from './core-process.js';
import { loadWrappedDataKey } from './data-key-store.js';
import { MAPBOX_CONNECT_HOSTS, registerAppProtocol, registerAppScheme } from './protocol.js';
import { createTrainingService, launchSimulator } from './training-simulator.js';
import { createAppWindow, guardAllWebContents } from './window.js';

const here = import.meta.dirname;
const PRELOAD = path.join(here, 'preload.cjs');
const CORE_ENTRY = path.join(here, 'core', 'main.js');
const SIMULATOR_ENTRY = path.join(here, 'simulator', 'cli.js');
const RENDERER_DIR = path.join(here, '..', '..', 'renderer');

/** The offline basemap: a plain folder beside the package (electron-builder.yml's extraResources), or the source tree's in development. */
function basemapDir(): string {
  return app.isPackaged ? path.join(process.resourcesPath, 'resources', 'basemap') : path.join(here, '..', '..', '..', 'resources', 'basemap');
}

// Scheme privileges are fixed when Electron starts: this must run before the ready event.
registerAppScheme(protocol);

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const log = createLogger(fileSink(path.join(app.getPath('userData'), 'logs', 'main.log')), { subsystem: 'main' });
  let core: CoreProcess | null = null;
  // Whether an admin configured Mapbox, as the core last said: app:// pages then may reach its hosts.
  let mapbox = false;
  // Training mode: the core asks, main starts the simulator as a utility process (no RunAsNode).
  const training = createTrainingService({
    launch: (world) =>
      launchSimulator(
        {
          fork: (entry, args) => utilityProcess.fork(entry, args, { stdio: 'pipe', serviceName: 'training-simulator' }),
          entry: SIMULATOR_ENTRY,
          log: log.child('training'),
        },
        world,
      ),
    log: log.child('training'),
  });
  // Before any window exists: every webContents Electron creates from now on is guarded.
  guardAllWebContents(app, log.child('guard'), { packaged: app.isPackaged });

  const openWindow = (): BrowserWindow =>
    createAppWindow((options) => new BrowserWindow(options), { preloadPath: PRELOAD, packaged: app.isPackaged, log: log.child('window') });

  app.on('second-instance', () => {
    const [first] = BrowserWindow.getAllWindows();
    if (!first) {
      openWindow();
      return;
    }
    if (first.isMinimized()) first.restore();
    first.focus();
  });

  app.on('window-all-closed', () => {
    // macOS keeps an app alive without windows; everywhere else closing the last window quits.
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('before-quit', () => {
    core?.stop();
    void training.stopAll();
  });

  app
    .whenReady()
    .then(() => {
      registerAppProtocol(protocol, {
        rendererDir: RENDERER_DIR,
        mounts: { basemap: basemapDir() },
        connectHosts: () => (mapbox ? MAPBOX_CONNECT_HOSTS : []),
        log: log.child('protocol'),
      });
      core = startCoreProcess({
        fork: () => utilityProcess.fork(CORE_ENTRY, [], { serviceName: 'core' }),
        createChannel: () => new MessageChannelMain(),
        init: { dataDir: app.getPath('userData'), sync: true, appVersion: app.getVersion(), ...dataKeyFor(log) },
        log: log.child('core-process'),
        training,
        onMapEngine: (configured) => {
          mapbox = configured;
        },
        onFatal: (message) => {
          dialog.showErrorBox(app.getName(), message);
          app.quit();
        },
      });
      const started = core;
      handlePortRequests(ipcMain, started, log.child('ports'));
      openWindow();
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openWindow();
      });
      log.info('main started', { version: app.getVersion() });
    })
    .catch((error: unknown) => {
      log.error('startup failed', { error });
      dialog.showErrorBox(app.getName(), `The console could not start: ${String(error)}`);
      app.quit();
    });
}

/**
 * The core's data key, unwrapped with safeStorage (only main can). Without a keychain the core
 * falls back to its owner-only key file, which is what the headless host does anyway.
 */
function dataKeyFor(log: Logger): { dataKey?: string } {
  try {
    return { dataKey: loadWrappedDataKey({ safeStorage, userDataDir: app.getPath('userData'), log: log.child('data-key') }) };
  } catch (error) {
    log.warn('data key not available from safeStorage; the core uses its key file', { error });
    return {};
  }
}

main();
