import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

/**
 * `npm run dist`: packages the console from a staging copy, never from the project itself.
 *
 * electron-builder rebuilds native modules (better-sqlite3) for Electron's ABI in the app folder it
 * packages, and @electron/rebuild looks for them from that folder up to the project root. Run in
 * the project, that replaced the Node build the tests, the headless host and the headless commands
 * load. So the app is staged in release/app (the compiled dist/, resources/, a production
 * package.json and the lockfile), its production dependencies are installed there without install
 * scripts, and electron-builder runs with release/app as its project: the Electron rebuild happens
 * in release/app/node_modules and stops there. As a second line, the project's own
 * better_sqlite3.node is fingerprinted before and restored if anything changed it.
 */

export const ROOT = path.resolve(import.meta.dirname, '..');
/** Inside release/ (git-ignored, ESLint-ignored), next to the installers it produces. */
export const STAGING_DIR = path.join(ROOT, 'release', 'app');
/** The Node build of better-sqlite3 that tests and the headless host load. */
const NODE_BINDING = path.join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

const manifestSchema = z.looseObject({
  name: z.string(),
  productName: z.string(),
  version: z.string(),
  description: z.string(),
  type: z.string(),
  main: z.string(),
  engines: z.record(z.string(), z.string()).optional(),
  dependencies: z.record(z.string(), z.string()),
  devDependencies: z.record(z.string(), z.string()),
});
type Manifest = z.output<typeof manifestSchema>;

interface Step {
  /** What the step does, printed before it runs. */
  title: string;
  command: string;
  args: string[];
  cwd: string;
}

/**
 * The package.json of the staged app: the project's metadata and dependencies, no scripts (nothing
 * runs on install). devDependencies stay listed so `npm ci` finds the lockfile in step with the
 * manifest; `--omit=dev` leaves them uninstalled.
 */
function stagedManifest(project: Manifest): Manifest {
  const { name, productName, version, description, type, main, engines, dependencies, devDependencies } = project;
  return { name, productName, version, description, type, main, ...(engines ? { engines } : {}), dependencies, devDependencies, private: true };
}

/** Copies what the package holds into a fresh staging folder. The project's own files are only read. */
export function stageApp(root: string, staging: string): void {
  const project = manifestSchema.parse(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')));
  if (!fs.existsSync(path.join(root, project.main))) throw new Error(`${project.main} is missing: run npm run build first`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  fs.cpSync(path.join(root, 'dist'), path.join(staging, 'dist'), {
    recursive: true,
    filter: (source) => !source.endsWith('.tsbuildinfo'),
  });
  // electron-builder.yml names resources/ (extraResources, icons) relative to the project it packages.
  fs.cpSync(path.join(root, 'resources'), path.join(staging, 'resources'), { recursive: true });
  fs.copyFileSync(path.join(root, 'package-lock.json'), path.join(staging, 'package-lock.json'));
  fs.writeFileSync(path.join(staging, 'package.json'), `${JSON.stringify(stagedManifest(project), null, 2)}\n`);
}

/** The commands after staging, every one of them working inside the staging folder. */
export function distSteps(root: string, staging: string, extraArgs: readonly string[] = []): Step[] {
  const electronVersion = z.object({ version: z.string() }).parse(JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8'))).version;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return [
    {
      title: 'production dependencies of the staged app (no install scripts: better-sqlite3 is built for Electron next)',
      command: npm,
      args: ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'],
      cwd: staging,
    },
    {
      // npmRebuild (electron-builder.yml) rebuilds better-sqlite3 for Electron in <staging>/node_modules.
      title: 'electron-builder on the staged app',
      command: process.execPath,
      args: [
        path.join(root, 'node_modules', 'electron-builder', 'cli.js'),
        '--projectDir',
        staging,
        '--config',
        path.join(root, 'electron-builder.yml'),
        // Electron is a devDependency, not installed in the staging folder: name its version.
        `-c.electronVersion=${electronVersion}`,
        `-c.directories.output=${path.join(root, 'release')}`,
        ...extraArgs,
      ],
      cwd: staging,
    },
  ];
}

/** A fingerprint of the project's Node build of better-sqlite3 (null when it is not there). */
function fingerprint(file: string): string | null {
  if (!fs.existsSync(file)) return null;
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function run(step: Step): void {
  process.stdout.write(`\n> ${step.title}\n  (in ${step.cwd}) ${step.command} ${step.args.join(' ')}\n`);
  const result = spawnSync(step.command, step.args, { cwd: step.cwd, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`${step.title} failed (${result.status ?? result.signal ?? 'no status'})`);
}

function main(args: readonly string[]): void {
  const binding = path.join(ROOT, NODE_BINDING);
  const before = fingerprint(binding);
  const backup = `${binding}.dist-backup`;
  if (before !== null) fs.copyFileSync(binding, backup);
  try {
    stageApp(ROOT, STAGING_DIR);
    for (const step of distSteps(ROOT, STAGING_DIR, args)) run(step);
  } finally {
    if (before !== null) {
      if (fingerprint(binding) !== before) {
        fs.copyFileSync(backup, binding);
        process.stderr.write(`warning: ${NODE_BINDING} was changed during packaging; the Node build was restored\n`);
      }
      fs.rmSync(backup, { force: true });
    }
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`npm run dist: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
