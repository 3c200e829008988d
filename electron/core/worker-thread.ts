import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread from a module of the core, given the caller's `import.meta.url`, the
 * module's path relative to the caller's folder without extension, and its workerData. From source
 * (tests, tsx) the worker loads TypeScript through tsx's API; compiled, it is plain JS beside the caller.
 */
export function startCoreWorker(callerUrl: string, relativeModule: string, workerData: unknown, entryOverride?: string): Worker {
  const fromSource = callerUrl.endsWith('.ts');
  const entry = entryOverride ?? path.resolve(path.dirname(fileURLToPath(callerUrl)), `${relativeModule}${fromSource ? '.ts' : '.js'}`);
  return entry.endsWith('.ts')
    ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(entry).href)}); });`, { eval: true, workerData })
    : new Worker(entry, { workerData });
}
