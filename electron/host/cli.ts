import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EXIT, isEntryModule, messageOf, parseCommandLine, UsageError, writeErr } from '../core/cli/cli-process.js';
import { DatabaseInUseError, startCore, type Core } from '../core/core.js';
import { DEFAULT_SESSION_IDLE_MS } from './auth.js';
import { exposureWarning } from './exposure.js';
import { startHost, type Host } from './server.js';
import { readTlsFiles, type TlsFiles } from './tls-files.js';
import { userDataDir } from './user-data.js';

/** Exit codes: 2 is the one scripts and the admin guide rely on (the database was refused). */

function usage(): string {
  return `Usage: npm run serve -- [options]   (or: node dist/node/electron/host/cli.js [options])

Serves the console to a browser (headless host): the renderer and a WebSocket to the core,
both behind a session. Prints "console ready at <url>"; open that URL. It signs one browser in
(the link then stops working) and the host prints "next sign-in at <url>" for the next one.
It also prints "wall display at <url>": a read-only screen (the map; no tasks, no personal data,
no changes) for a wall on the LAN, signed in without an account; one screen per link too.

  --port <n>        port to listen on (default 0: a free port)
  --host <addr>     interface to bind (default 127.0.0.1). Any other address (0.0.0.0: every
                    interface) exposes the console to the network, protected only by the tokens;
                    without TLS the host warns on stderr.
  --tls-cert <file> --tls-key <file>
                    serve HTTPS with this PEM certificate (chain) and key; both or neither
  --data-dir <dir>  the workstation's data folder (default: ${userDataDir()})
  --token <t>       a fixed sign-in token (16+ characters of A-Z a-z 0-9 - _): accepted once per
                    start; default: a new random token
  --wall-token <t>  a fixed wall display token (same shape, not the sign-in token), e.g. for the
                    wall's bookmark: accepted once per start; default: a new random token
  --session-idle <minutes>
                    a session with no page open ends after this long (default 720: 12 hours)
  --help            show this text
`;
}

interface CliOptions {
  port: number;
  host: string;
  /** Binding anything but loopback needs the admin to have asked for it by name. */
  hostGiven: boolean;
  dataDir: string;
  token: string | undefined;
  wallToken: string | undefined;
  /** Certificate and key paths, both given or neither. */
  tls: { cert: string; key: string } | undefined;
  sessionIdleMinutes: number;
  help: boolean;
}

export function parseHostArgs(argv: string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        token: { type: 'string' },
        'wall-token': { type: 'string' },
        'session-idle': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be 0..65535, got ${values.port ?? ''}`);
  if (values.host === '') throw new UsageError('--host needs an address');
  const idle = values['session-idle'] === undefined ? DEFAULT_SESSION_IDLE_MS / 60_000 : Number(values['session-idle']);
  if (!Number.isInteger(idle) || idle < 1 || idle > 7 * 24 * 60) {
    throw new UsageError(`--session-idle must be 1..10080 minutes, got ${values['session-idle'] ?? ''}`);
  }
  const cert = values['tls-cert'];
  const key = values['tls-key'];
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--tls-cert and --tls-key go together: give both files, or neither for plain HTTP');
  if (cert === '' || key === '') throw new UsageError('--tls-cert and --tls-key need a file each');
  return {
    port,
    host: values.host ?? '127.0.0.1',
    hostGiven: values.host !== undefined,
    dataDir: path.resolve(values['data-dir'] ?? userDataDir()),
    token: values.token,
    wallToken: values['wall-token'],
    tls: cert === undefined || key === undefined ? undefined : { cert: path.resolve(cert), key: path.resolve(key) },
    sessionIdleMinutes: idle,
    help: values.help ?? false,
  };
}

/**
 * Runs the headless host until SIGINT or SIGTERM, then closes the host and the core and resolves.
 * Failures print one line to stderr and set process.exitCode; nothing here calls process.exit, so
 * a caller (electron/launch.ts) keeps control.
 */
export async function runHostCli(argv: string[]): Promise<void> {
  const commandLine = parseCommandLine(() => {
    const parsed = parseHostArgs(argv);
    return parsed.help ? 'help' : parsed;
  }, usage);
  if ('exit' in commandLine) {
    process.exitCode = commandLine.exit;
    return;
  }
  const { options } = commandLine;

  const root = projectRoot();
  const rendererDir = path.join(root, 'dist', 'renderer');
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    failWith(EXIT.failed, `no renderer build in ${rendererDir}: run npm run build first`);
    return;
  }

  let tls: TlsFiles | undefined;
  try {
    tls = options.tls ? readTlsFiles(options.tls.cert, options.tls.key) : undefined;
  } catch (error) {
    failWith(EXIT.failed, `console not started: ${messageOf(error)}`);
    return;
  }

  let core: Core;
  try {
    fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    const appVersion = readAppVersion(root);
    core = startCore({ dataDir: options.dataDir, sync: {}, holder: 'headless-host', ...(appVersion ? { appVersion } : {}) });
  } catch (error) {
    if (error instanceof DatabaseInUseError) {
      failWith(EXIT.databaseInUse, `console not started: ${messageOf(error)}`);
      return;
    }
    failWith(EXIT.databaseRefused, `console not started: ${messageOf(error)}`);
    return;
  }

  let host: Host;
  try {
    host = await startHost({
      core,
      rendererDir,
      basemapDir: path.join(root, 'resources', 'basemap'),
      iconsDir: path.join(root, 'resources', 'icons'),
      host: options.host,
      port: options.port,
      allowNonLoopback: options.hostGiven,
      sessionIdleMs: options.sessionIdleMinutes * 60_000,
      // The terminal that showed the first link shows the next one once it has been spent.
      onSignInUrl: (url) => process.stdout.write(`next sign-in at ${url}\n`),
      onWallUrl: (url) => process.stdout.write(`next wall display at ${url}\n`),
      ...(options.token === undefined ? {} : { token: options.token }),
      ...(options.wallToken === undefined ? {} : { wallToken: options.wallToken }),
      ...(tls ? { tls } : {}),
    });
  } catch (error) {
    await core.close();
    failWith(EXIT.failed, `console host not started: ${messageOf(error)}`);
    return;
  }

  const warning = exposureWarning(host.address, tls !== undefined);
  if (warning !== null) process.stderr.write(warning);
  const stopped = untilSignal();
  process.stdout.write(`console ready at ${host.url}\n`);
  process.stdout.write(`wall display at ${host.wallUrl}\n`);
  const signal = await stopped;
  core.log.info('stopping on signal', { signal });
  try {
    await host.close();
  } finally {
    await core.close();
  }
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** The repository (or app) root: from dist/node/electron/host when compiled, electron/host when run from source. */
export function projectRoot(moduleUrl: string = import.meta.url): string {
  const here = path.dirname(fileURLToPath(moduleUrl));
  const compiled = here.split(path.sep).slice(-4).join('/') === 'dist/node/electron/host';
  return path.resolve(here, compiled ? '../../../..' : '../..');
}

function readAppVersion(root: string): string | undefined {
  try {
    const manifest: unknown = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    if (typeof manifest === 'object' && manifest !== null && 'version' in manifest && typeof manifest.version === 'string') {
      return manifest.version;
    }
  } catch {
    // A missing manifest only costs app:info its version number.
  }
  return undefined;
}

function failWith(code: number, message: string): void {
  writeErr(message);
  process.exitCode = code;
}

if (isEntryModule(import.meta.url)) {
  runHostCli(process.argv.slice(2)).catch((error: unknown) => {
    failWith(EXIT.failed, `console host failed: ${messageOf(error)}`);
  });
}
