import { spawn } from 'node:child_process';

/**
 * Processes that burn a core each for as long as they run: the "busy" variants measure the core
 * on a machine with other work, as an officer's PC often is.
 */
export function startBurners(count: number): { stop: () => Promise<void> } {
  const children = Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  return {
    stop: async () => {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) {
                resolve();
                return;
              }
              child.once('exit', () => resolve());
              child.kill('SIGKILL');
            }),
        ),
      );
    },
  };
}
