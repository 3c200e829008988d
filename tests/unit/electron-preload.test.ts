import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  MAX_FRAME_BYTES,
  PORT_DELIVERY_CHANNEL,
  PORT_REQUEST_CHANNEL,
  PRELOAD_GLOBAL,
  type PreloadBridge,
} from '../../shared/contract/index.js';
import { fakeRendererElectron, FakeRendererPort } from './fakes/electron.js';

/**
 * The preload runs sandboxed: its `require` knows 'electron' and little else, and it has no Node
 * globals. vi.mock cannot stand in for that (it intercepts ES imports, not a CommonJS require), so the
 * test compiles preload.cts the way tsc does (CommonJS) and runs it in a fresh V8 context whose only
 * `require` serves the fake electron and throws for anything else.
 */
const SOURCE = path.resolve(import.meta.dirname, '../../electron/preload.cts');

function loadPreload(): ReturnType<typeof fakeRendererElectron> & { bridge: PreloadBridge; required: string[] } {
  const fake = fakeRendererElectron();
  const required: string[] = [];
  const compiled = ts.transpileModule(fs.readFileSync(SOURCE, 'utf8'), {
    fileName: 'preload.cts',
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  }).outputText;
  const module = { exports: {} };
  vm.runInNewContext(compiled, {
    module,
    exports: module.exports,
    queueMicrotask,
    require: (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return fake.electron;
    },
  });
  const bridge = fake.exposed.get(PRELOAD_GLOBAL) as PreloadBridge | undefined;
  if (!bridge) throw new Error('the preload exposed nothing under PRELOAD_GLOBAL');
  return { ...fake, bridge, required };
}

describe('preload', () => {
  it('requires only electron, and exposes exactly the bridge under PRELOAD_GLOBAL', () => {
    const preload = loadPreload();
    expect(preload.required).toEqual(['electron']);
    expect([...preload.exposed.keys()]).toEqual([PRELOAD_GLOBAL]);
    expect(PRELOAD_GLOBAL).toBe('portConsole');
    expect(Object.keys(preload.bridge).sort()).toEqual(['onClose', 'onFrame', 'send']);
  });

  it('repeats the contract’s constants exactly (it cannot import them at runtime)', () => {
    const source = fs.readFileSync(SOURCE, 'utf8');
    expect(source).toContain(`const PRELOAD_GLOBAL = '${PRELOAD_GLOBAL}';`);
    expect(source).toContain(`const PORT_REQUEST_CHANNEL = '${PORT_REQUEST_CHANNEL}';`);
    expect(source).toContain(`const PORT_DELIVERY_CHANNEL = '${PORT_DELIVERY_CHANNEL}';`);
    expect(source).toContain('const MAX_FRAME_BYTES = 1024 * 1024;');
    expect(MAX_FRAME_BYTES).toBe(1024 * 1024);
  });

  it('asks main for a port on load', () => {
    const preload = loadPreload();
    expect(preload.sent).toEqual([PORT_REQUEST_CHANNEL]);
  });

  it('starts the delivered port and forwards a valid frame to it', () => {
    const preload = loadPreload();
    const port = new FakeRendererPort();
    preload.deliverPort(PORT_DELIVERY_CHANNEL, port);
    expect(port.started).toBe(true);
    const frame = JSON.stringify({ type: 'request', id: 1, method: 'app:info', input: {} });
    preload.bridge.send(frame);
    expect(port.posted).toEqual([frame]);
  });

  it('refuses a frame that is not a string', () => {
    const preload = loadPreload();
    const port = new FakeRendererPort();
    preload.deliverPort(PORT_DELIVERY_CHANNEL, port);
    const bridge = preload.bridge as unknown as { send: (frame: unknown) => void };
    for (const bad of [{ type: 'request', id: 1, method: 'app:info', input: {} }, 42, null, undefined, ['x']]) {
      expect(() => {
        bridge.send(bad);
      }).toThrow(/JSON text/);
    }
    expect(port.posted).toEqual([]);
  });

  it('refuses a frame over 1 MiB, counted in UTF-8 bytes', () => {
    const preload = loadPreload();
    const port = new FakeRendererPort();
    preload.deliverPort(PORT_DELIVERY_CHANNEL, port);
    expect(() => {
      preload.bridge.send('x'.repeat(MAX_FRAME_BYTES + 1));
    }).toThrow(/at most/);
    // 400k CJK characters are 1.2 MB in UTF-8 although the string is shorter than the limit.
    expect(() => {
      preload.bridge.send('检'.repeat(400_000));
    }).toThrow(/at most/);
    preload.bridge.send('x'.repeat(MAX_FRAME_BYTES));
    expect(port.posted).toHaveLength(1);
  });

  it('holds frames sent before the port arrives and sends them on it', () => {
    const preload = loadPreload();
    preload.bridge.send('"early"');
    const port = new FakeRendererPort();
    preload.deliverPort(PORT_DELIVERY_CHANNEL, port);
    expect(port.posted).toEqual(['"early"']);
  });

  it('passes text frames from the core to onFrame listeners, and drops anything else', () => {
    const preload = loadPreload();
    const port = new FakeRendererPort();
    preload.deliverPort(PORT_DELIVERY_CHANNEL, port);
    const frames: string[] = [];
    const off = preload.bridge.onFrame((frame) => frames.push(frame));
    port.deliver('{"type":"event"}');
    port.deliver({ type: 'event' });
    off();
    port.deliver('{"late":true}');
    expect(frames).toEqual(['{"type":"event"}']);
  });

  it('on a new port (core restarted) closes the old one, fires onClose and keeps onFrame listeners', () => {
    const preload = loadPreload();
    const first = new FakeRendererPort();
    preload.deliverPort(PORT_DELIVERY_CHANNEL, first);
    const frames: string[] = [];
    let closes = 0;
    preload.bridge.onFrame((frame) => frames.push(frame));
    preload.bridge.onClose(() => closes++);

    const second = new FakeRendererPort();
    preload.deliverPort(PORT_DELIVERY_CHANNEL, second);
    expect(first.closed).toBe(true);
    expect(closes).toBe(1);

    first.deliver('"stale"');
    second.deliver('"fresh"');
    expect(frames).toEqual(['"fresh"']);
    preload.bridge.send('"to the new core"');
    expect(second.posted).toEqual(['"to the new core"']);
    expect(first.posted).toEqual([]);
  });

  it('fires onClose once when the port closes on its own, then queues until the next port', () => {
    const preload = loadPreload();
    const first = new FakeRendererPort();
    preload.deliverPort(PORT_DELIVERY_CHANNEL, first);
    let closes = 0;
    preload.bridge.onClose(() => closes++);
    first.fireClose();
    first.fireClose();
    expect(closes).toBe(1);
    preload.bridge.send('"while restarting"');
    const second = new FakeRendererPort();
    preload.deliverPort(PORT_DELIVERY_CHANNEL, second);
    expect(closes).toBe(1);
    expect(second.posted).toEqual(['"while restarting"']);
  });

  it('ignores a delivery without a usable port', () => {
    const preload = loadPreload();
    preload.deliverPort(PORT_DELIVERY_CHANNEL, { postMessage: 'nope' });
    preload.deliverPort(PORT_DELIVERY_CHANNEL, undefined);
    preload.bridge.send('"queued"');
    const port = new FakeRendererPort();
    preload.deliverPort(PORT_DELIVERY_CHANNEL, port);
    expect(port.posted).toEqual(['"queued"']);
  });

  it('refuses listeners that are not functions', () => {
    const preload = loadPreload();
    const bridge = preload.bridge as unknown as { onFrame: (listener: unknown) => void; onClose: (listener: unknown) => void };
    expect(() => {
      bridge.onFrame('x');
    }).toThrow(/function/);
    expect(() => {
      bridge.onClose(null);
    }).toThrow(/function/);
  });
});
