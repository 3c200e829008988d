import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** Where the host CLI looks for the renderer (electron/host/cli.ts resolves the same folder). */
export const RENDERER_DIR = path.join(ROOT, 'dist', 'renderer');
const LOCK = path.join(ROOT, '.tmp', 'renderer-build.lock');

/**
 * Makes sure dist/renderer holds a build, so `npx vitest run tests/e2e` works without `npm run
 * build` first. Test files run in parallel workers; a lock folder (mkdir is atomic) lets one build
 * while the others wait for it instead of emptying the output folder under each other.
 */
export async function ensureRendererBuild(): Promise<string> {
  const index = path.join(RENDERER_DIR, 'index.html');
  const deadline = Date.now() + 180_000;
  while (!fs.existsSync(index)) {
    if (takeLock()) {
      try {
        if (!fs.existsSync(index)) await viteBuild();
      } finally {
        fs.rmSync(LOCK, { recursive: true, force: true });
      }
      break;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for another worker to build ${RENDERER_DIR}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (!fs.existsSync(index)) throw new Error(`the renderer build did not produce ${index}`);
  return RENDERER_DIR;
}

function takeLock(): boolean {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  try {
    fs.mkdirSync(LOCK);
  } catch {
    // Held: by a live builder, or left by one that died; only the latter is cleared.
    if (!holderAlive()) fs.rmSync(LOCK, { recursive: true, force: true });
    return false;
  }
  fs.writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
  return true;
}

function holderAlive(): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(LOCK, 'pid'), 'utf8'));
  } catch {
    // Just created, pid not written yet: treat as alive unless the folder is old.
    const age = Date.now() - safeMtime(LOCK);
    return age < 10_000;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function safeMtime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** A child process, so the build does not share vitest's module graph. */
async function viteBuild(): Promise<void> {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
}
