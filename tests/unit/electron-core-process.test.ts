import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, PORT_DELIVERY_CHANNEL, PORT_REQUEST_CHANNEL } from '../../shared/contract/bridge.js';
import {
  handlePortRequests,
  mayReceivePort,
  nextRestartDelay,
  startCoreProcess,
  type CoreProcessOptions,
} from '../../electron/core-process.js';
import {
  fakeChannel,
  FakeFrame,
  FakeIpcMain,
  FakePortReceiver,
  FakeTimers,
  FakeUtilityProcess,
  portRequest,
} from './fakes/electron.js';
import { memoryLog } from './fakes/memory-log.js';

const APP_URL = `${APP_ORIGIN}/index.html`;

describe('mayReceivePort', () => {
  it('gives a port to the app’s own top frame', () => {
    expect(mayReceivePort({ isTop: true, origin: APP_ORIGIN, url: APP_URL })).toBe(true);
  });
  it.each([
    ['a subframe of the app', { isTop: false, origin: APP_ORIGIN, url: APP_URL }],
    ['another origin', { isTop: true, origin: 'https://evil.example', url: 'https://evil.example/' }],
    ['a file:// page', { isTop: true, origin: 'file://', url: 'file:///etc/passwd' }],
    ['another app:// host', { isTop: true, origin: 'app://other', url: 'app://other/index.html' }],
    ['an opaque origin on an app URL', { isTop: true, origin: 'null', url: APP_URL }],
    ['an app origin claiming a foreign URL', { isTop: true, origin: APP_ORIGIN, url: 'https://evil.example/' }],
  ])('refuses %s', (_name, frame) => {
    expect(mayReceivePort(frame)).toBe(false);
  });
});

describe('nextRestartDelay', () => {
  it('starts at 0.5 s, doubles, stops at 10 s', () => {
    const delays: number[] = [];
    let delay: number | null = null;
    for (let i = 0; i < 8; i++) {
      delay = nextRestartDelay(delay, 1_000);
      delays.push(delay);
    }
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
  });
  it('starts over after a minute of uptime', () => {
    expect(nextRestartDelay(10_000, 60_000)).toBe(500);
  });
});

interface Harness {
  children: FakeUtilityProcess[];
  timers: FakeTimers;
  fatal: string[];
  lines: ReturnType<typeof memoryLog>['lines'];
  core: ReturnType<typeof startCoreProcess>;
  ipcMain: FakeIpcMain;
  latest(): FakeUtilityProcess;
}

function harness(overrides: Partial<CoreProcessOptions> = {}): Harness {
  const children: FakeUtilityProcess[] = [];
  const timers = new FakeTimers();
  const fatal: string[] = [];
  const { log, lines } = memoryLog();
  const core = startCoreProcess({
    fork: () => {
      const child = new FakeUtilityProcess();
      children.push(child);
      return child;
    },
    createChannel: fakeChannel,
    init: { dataDir: '/data', sync: true, appVersion: '1.2.3' },
    log,
    onFatal: (message) => fatal.push(message),
    timers,
    ...overrides,
  });
  const ipcMain = new FakeIpcMain();
  handlePortRequests(ipcMain, core, log);
  return {
    children,
    timers,
    fatal,
    lines,
    core,
    ipcMain,
    latest: () => {
      const child = children.at(-1);
      if (!child) throw new Error('no core started');
      return child;
    },
  };
}

describe('the port handout (ipcMain handler)', () => {
  it('hands the app’s top frame one end of a fresh channel and the core the other', () => {
    const h = harness();
    const window = new FakePortReceiver();
    h.ipcMain.emit(PORT_REQUEST_CHANNEL, portRequest(window));

    const connect = h.latest().posted.find((entry) => entry.message.type === 'connect');
    expect(connect?.message).toEqual({ type: 'connect', windowId: window.id });
    expect(window.delivered).toHaveLength(1);
    const delivered = window.delivered[0]!;
    expect(delivered.channel).toBe(PORT_DELIVERY_CHANNEL);
    expect(delivered.transfer).toHaveLength(1);
    expect(connect?.transfer).toHaveLength(1);
    // The two ends belong to the same channel and are not the same port.
    expect((connect!.transfer[0] as { name: string }).name.replace('core-', '')).toBe(
      (delivered.transfer[0] as { name: string }).name.replace('window-', ''),
    );
  });

  it.each([
    ['a subframe of the app', (w: FakePortReceiver) => new FakeFrame(APP_URL, APP_ORIGIN, w.mainFrame)],
    ['a top frame that navigated away', () => new FakeFrame('https://evil.example/', 'https://evil.example')],
    ['a file:// frame', () => new FakeFrame('file:///etc/passwd', 'file://')],
    ['a frame that is gone (null senderFrame)', () => null],
  ])('gives %s nothing and logs a warning', (_name, frameOf) => {
    const h = harness();
    const window = new FakePortReceiver();
    h.ipcMain.emit(PORT_REQUEST_CHANNEL, portRequest(window, frameOf(window)));
    expect(window.delivered).toEqual([]);
    expect(h.latest().posted.filter((entry) => entry.message.type === 'connect')).toEqual([]);
    expect(h.lines.some((line) => line.level === 'warn' && line.message.includes('foreign frame'))).toBe(true);
  });

  it('refuses a window whose main frame is foreign even when it claims to be the top frame', () => {
    const h = harness();
    const window = new FakePortReceiver(new FakeFrame('https://evil.example/', 'https://evil.example'));
    h.ipcMain.emit(PORT_REQUEST_CHANNEL, portRequest(window));
    expect(window.delivered).toEqual([]);
  });
});

describe('the core process', () => {
  it('posts init first with the data folder, sync on, and the version', () => {
    const h = harness();
    expect(h.latest().posted[0]?.message).toEqual({ type: 'init', dataDir: '/data', sync: true, appVersion: '1.2.3' });
  });

  it('restarts after an unexpected exit with a growing delay, and re-hands ports to open windows', () => {
    const h = harness();
    const window = new FakePortReceiver();
    h.ipcMain.emit(PORT_REQUEST_CHANNEL, portRequest(window));
    expect(window.delivered).toHaveLength(1);

    h.latest().exit(1);
    expect(h.core.running).toBe(false);
    expect(h.timers.waiting()).toEqual([500]);
    h.timers.advance(500);
    expect(h.children).toHaveLength(2);
    expect(h.latest().posted.map((entry) => entry.message.type)).toEqual(['init', 'connect']);
    expect(window.delivered).toHaveLength(2);

    h.timers.advance(1_000);
    h.latest().exit(1);
    expect(h.timers.waiting()).toEqual([1_000]);
    h.timers.advance(1_000);
    h.latest().exit(1);
    expect(h.timers.waiting()).toEqual([2_000]);
  });

  it('re-checks the frame before re-handing a port after a restart: a window now showing another page gets none', () => {
    const h = harness();
    const lines = h.lines;
    const app = new FakePortReceiver();
    const navigated = new FakePortReceiver();
    h.ipcMain.emit(PORT_REQUEST_CHANNEL, portRequest(app));
    h.ipcMain.emit(PORT_REQUEST_CHANNEL, portRequest(navigated));
    expect(navigated.delivered).toHaveLength(1);
    // The page went elsewhere while the core was down (a guard bypassed, a file:// drop, anything).
    navigated.mainFrame = new FakeFrame('https://evil.example/', 'https://evil.example');
    h.latest().exit(1);
    h.timers.advance(500);
    expect(app.delivered).toHaveLength(2);
    expect(navigated.delivered).toHaveLength(1);
    expect(h.latest().posted.filter((entry) => entry.message.type === 'connect')).toHaveLength(1);
    expect(lines.some((line) => line.level === 'warn' && line.message.includes('port withheld'))).toBe(true);
    // Forgotten, not merely skipped: coming back to the app does not bring the port back unasked.
    navigated.mainFrame = new FakeFrame(APP_URL, APP_ORIGIN);
    h.latest().exit(1);
    h.timers.advance(1_000);
    expect(navigated.delivered).toHaveLength(1);
  });

  it.each([
    ['a file:// page', new FakeFrame('file:///etc/passwd', 'file://')],
    ['an opaque origin', new FakeFrame(APP_URL, 'null')],
    ['a frame with a parent', new FakeFrame(APP_URL, APP_ORIGIN, new FakeFrame(APP_URL, APP_ORIGIN))],
  ])('withholds the re-handed port from a window whose main frame is now %s', (_name, frame) => {
    const h = harness();
    const window = new FakePortReceiver();
    h.ipcMain.emit(PORT_REQUEST_CHANNEL, portRequest(window));
    window.mainFrame = frame;
    h.latest().exit(1);
    h.timers.advance(500);
    expect(window.delivered).toHaveLength(1);
  });

  it('starts the backoff over after a minute of uptime', () => {
    const h = harness();
    h.latest().exit(1);
    h.timers.advance(500);
    h.latest().exit(1);
    h.timers.advance(1_000);
    h.timers.advance(60_000);
    h.latest().exit(1);
    expect(h.timers.waiting()).toEqual([500]);
  });

  it('gives a window that asks while the core restarts its port once the core is back', () => {
    const h = harness();
    h.latest().exit(1);
    const window = new FakePortReceiver();
    h.ipcMain.emit(PORT_REQUEST_CHANNEL, portRequest(window));
    expect(window.delivered).toEqual([]);
    h.timers.advance(500);
    expect(window.delivered).toHaveLength(1);
  });

  it('forgets a closed window', () => {
    const h = harness();
    const window = new FakePortReceiver();
    h.ipcMain.emit(PORT_REQUEST_CHANNEL, portRequest(window));
    window.destroy();
    h.latest().exit(1);
    h.timers.advance(500);
    expect(h.latest().posted.map((entry) => entry.message.type)).toEqual(['init']);
  });

  it('does not restart after stop()', () => {
    const h = harness();
    const child = h.latest();
    h.core.stop();
    expect(child.killed).toBe(true);
    child.exit(0);
    expect(h.timers.waiting()).toEqual([]);
    expect(h.children).toHaveLength(1);
  });

  it('reports a fatal start error and does not restart in a loop', () => {
    const h = harness();
    h.latest().emit('message', { type: 'fatal', message: 'the database was written by a newer version' });
    h.latest().exit(2);
    expect(h.fatal).toEqual(['the database was written by a newer version']);
    expect(h.timers.waiting()).toEqual([]);
  });

  it('passes the core’s map engine on (app://’s CSP follows it), as a status, not a fatal error', () => {
    const engines: boolean[] = [];
    const h = harness({ onMapEngine: (mapbox) => engines.push(mapbox) });
    h.latest().emit('message', { type: 'ready' });
    h.latest().emit('message', { type: 'map', mapbox: false });
    h.latest().emit('message', { type: 'map', mapbox: true });
    h.latest().emit('message', { type: 'map', mapbox: 'yes' });
    expect(engines).toEqual([false, true]);
    expect(h.fatal).toEqual([]);
  });

  it('ignores messages from the core that are not statuses', () => {
    const h = harness();
    h.latest().emit('message', { type: 'fatal' });
    h.latest().emit('message', 'hello');
    expect(h.fatal).toEqual([]);
    expect(h.lines.filter((line) => line.message.includes('unexpected message'))).toHaveLength(2);
  });
});
