import path from 'node:path';
import { startCore } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { startHost } from '../../electron/host/server.js';

/**
 * A headless host in its own process for tests that measure it from outside (its RSS under a
 * flood): the core without sync on a temp data folder, the host with its default caps. Prints the
 * sign-in URL as one line, stops on SIGTERM.
 * Usage: node --import tsx tests/integration/host-child.ts <dataDir> <rendererDir>
 */
const [dataDir, rendererDir] = process.argv.slice(2);
if (!dataDir || !rendererDir) throw new Error('usage: host-child.ts <dataDir> <rendererDir>');
const core = startCore({ dataDir: path.resolve(dataDir), logSink: nullSink });
const host = await startHost({ core, rendererDir: path.resolve(rendererDir) });
process.stdout.write(`${host.url}\n`);
process.once('SIGTERM', () => {
  void host
    .close()
    .then(() => core.close())
    .then(() => process.exit(0));
});
