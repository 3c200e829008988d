import path from 'node:path';
import { startCore } from '../../electron/core/core.js';
import { nullSink } from '../../electron/core/log.js';
import { startHost } from '../../electron/host/server.js';

/**
 * A headless host in its own process for tests that drive it from outside (its RSS under a flood;
 * the inspector's day, which stops and restarts it): the core on a data folder, the host with its
 * default caps. Without a training URL the core runs no sync; with one, training mode syncs with
 * that single window, a simulator the test runs, so the test can stop it and read what it received.
 * Prints the sign-in URL as one line, stops on SIGTERM. Started by tests/fixtures/host-process.ts.
 * Usage: node --import tsx tests/integration/host-child.ts <dataDir> <rendererDir> [<trainingUrl>]
 */
const [dataDir, rendererDir, trainingUrl] = process.argv.slice(2);
if (!dataDir || !rendererDir) throw new Error('usage: host-child.ts <dataDir> <rendererDir> [<trainingUrl>]');
// The test's simulator outlives this process: stopping training here leaves it running.
const training = trainingUrl === undefined ? {} : { sync: { startTraining: () => Promise.resolve({ url: trainingUrl, stop: () => Promise.resolve() }) } };
const core = startCore({ dataDir: path.resolve(dataDir), logSink: nullSink, ...training });
const host = await startHost({ core, rendererDir: path.resolve(rendererDir) });
process.stdout.write(`${host.url}\n`);
process.once('SIGTERM', () => {
  void host
    .close()
    .then(() => core.close())
    .then(() => process.exit(0));
});
