import { describe, expect, it } from 'vitest';
import { createLogger, nullSink } from '../../electron/core/log.js';
import { startTrainingGateway } from '../../electron/core/sync/training-gateway.js';

/**
 * Training mode's simulator process stops on SIGTERM by itself: leaving training mode waits for
 * that stop, and it used to need the 5 s SIGKILL fallback every time (the IPC channel to the console
 * kept the simulator's event loop alive after it closed its server).
 */
describe('the training simulator process', () => {
  it('stops on SIGTERM in well under the 5 s fallback, with clients connected', async () => {
    const gateway = await startTrainingGateway({ log: createLogger(nullSink), tasks: 40, cargo: 10 });
    // A keep-alive connection and an open event stream, as the console has while syncing.
    const alive = await fetch(`${gateway.url}/v1/reference`);
    await alive.arrayBuffer();
    const stream = await fetch(`${gateway.url}/v1/cargo/stream`).catch(() => null);
    const started = performance.now();
    await gateway.stop();
    const tookMs = performance.now() - started;
    await stream?.body?.cancel().catch(() => undefined);
    expect(tookMs).toBeLessThan(2_000);
  });
});
