/**
 * What `npm start` runs: the desktop app when Electron's binary is installed, else the headless host.
 * It must never touch `require('electron')`: that package downloads its binary on first use, and
 * this workstation (or CI) may have no way to fetch it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NO_BINARY_MESSAGE =
  "Electron's binary is not installed (npx install-electron fetches it); starting the headless host instead.";

/**
 * The Electron executable if it is installed, else null. Mirrors electron/index.js (path.txt names
 * the executable under dist/, ELECTRON_OVERRIDE_DIST_PATH replaces dist/) minus its download.
 */
export function findElectronBinary(electronDir: string, env: NodeJS.ProcessEnv = process.env): string | null {
  let executable: string | null = null;
  try {
    executable = fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim();
  } catch {
    executable = null;
  }
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override
    ? path.join(override, executable || 'electron')
    : executable
      ? path.join(electronDir, 'dist', executable)
      : null;
  return candidate && fs.existsSync(candidate) ? candidate : null;
}

/** The electron package's folder, found by resolution only: nothing of it is executed. */
export function electronPackageDir(fromDir: string): string | null {
  try {
    return path.dirname(createRequire(path.join(fromDir, 'noop.js')).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** Electron started with ELECTRON_RUN_AS_NODE would be a plain Node and never open a window. */
export function electronEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.ELECTRON_RUN_AS_NODE;
  return copy;
}

/** The app folder: package.json's directory, three levels above dist/node/electron/launch.js. */
const APP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function runElectron(binary: string, appDir: string): void {
  const child = spawn(binary, [appDir, ...process.argv.slice(2)], {
    cwd: appDir,
    env: electronEnv(process.env),
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
  child.on('error', (error) => {
    process.stderr.write(`Electron could not be started: ${error.message}\n`);
    process.exitCode = 1;
  });
}

async function runHeadlessHost(argv: string[]): Promise<void> {
  // Imported only on this path, so the desktop path never loads the host's code.
  const { runHostCli } = await import('./host/cli.js');
  await runHostCli(argv);
}

export async function launch(argv: string[]): Promise<void> {
  const electronDir = electronPackageDir(APP_DIR);
  const binary = electronDir ? findElectronBinary(electronDir) : null;
  if (binary) {
    runElectron(binary, APP_DIR);
    return;
  }
  process.stdout.write(`${NO_BINARY_MESSAGE}\n`);
  await runHeadlessHost(argv);
}

function isEntryModule(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return fs.realpathSync(entry) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryModule()) {
  launch(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
