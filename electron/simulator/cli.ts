import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { agencySchema, roleSchema, type Role } from '../../shared/contract/enums.js';
import type { OperatorAccount, SimulatorOptions } from './options.js';
import { startSimulator } from './server.js';

/**
 * npm run simulator -- --port <n|0> [--host <addr>] [--seed <n>] [--tasks <n>] [--cargo <n>]
 *                      [--token-ttl <seconds>] [--faults <0..1>] [--operator <id>:<password>:<roles>:<agency>]…
 * This command line is part of the gateway contract (single-window-api.md): scripts outside the
 * project drive it, so its flags, its one stdout line and its exit codes stay as they are.
 */
const EXIT_FAILED = 1;
const EXIT_USAGE = 64;

function usage(): string {
  return `Usage: npm run simulator -- --port <n|0> [options]

The single-window gateway simulator (API under /v1). Prints one line once it accepts requests:
"listening http://127.0.0.1:<port>". Stops on SIGTERM or SIGINT.

  --port <n|0>            port to listen on; 0 picks a free one (required)
  --host <addr>           interface to bind (default 127.0.0.1)
  --seed <n>              seed of the generated data (default 1)
  --tasks <n>             tasks generated at start (default 2000)
  --cargo <n>             cargo moving on the map at most (default 500)
  --token-ttl <seconds>   access-token lifetime (default 3600)
  --faults <0..1>         share of requests that fail at random (default 0)
  --operator <id>:<password>:<role>[,<role>…]:<agency>
                          an account (repeatable); replaces the built-in training accounts.
                          roles: inspector, supervisor, admin; agency: customs, quarantine,
                          border, maritime
  --help                  show this text
`;
}

class UsageError extends Error {}

function integerFlag(name: string, raw: string | undefined, fallback: number | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return fallback;
  if (!/^\d{1,16}$/.test(raw)) throw new UsageError(`--${name} must be a whole number, got ${JSON.stringify(raw)}`);
  const value = Number(raw);
  if (value < min || value > max) throw new UsageError(`--${name} must be in ${min}..${max}, got ${raw}`);
  return value;
}

export function parseOperator(spec: string): OperatorAccount {
  const parts = spec.split(':');
  const operatorId = parts[0] ?? '';
  const agency = agencySchema.safeParse(parts[parts.length - 1]);
  const roleList = (parts[parts.length - 2] ?? '').split(',');
  // The password sits between the id and the roles, so it may itself contain colons.
  const password = parts.slice(1, -2).join(':');
  if (parts.length < 4 || !/^[A-Za-z0-9._-]{1,64}$/.test(operatorId) || password === '') {
    throw new UsageError(`--operator must be <id>:<password>:<role>[,<role>…]:<agency>, got ${JSON.stringify(spec)}`);
  }
  if (!agency.success) throw new UsageError(`--operator ${operatorId}: unknown agency ${JSON.stringify(parts[parts.length - 1])}`);
  const roles: Role[] = [];
  for (const raw of roleList) {
    const role = roleSchema.safeParse(raw);
    if (!role.success) throw new UsageError(`--operator ${operatorId}: unknown role ${JSON.stringify(raw)}`);
    if (!roles.includes(role.data)) roles.push(role.data);
  }
  return { operatorId, password, name: operatorId, roles, agency: agency.data };
}

export function parseSimulatorArgs(argv: string[]): { options: SimulatorOptions; help: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        tasks: { type: 'string' },
        cargo: { type: 'string' },
        'token-ttl': { type: 'string' },
        faults: { type: 'string' },
        operator: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return { options: {}, help: true };
  if (values.port === undefined) throw new UsageError('--port is required (0 picks a free port)');
  if (values.host === '') throw new UsageError('--host needs an address');
  let faults: number | undefined;
  if (values.faults !== undefined) {
    faults = /^(\d+(\.\d*)?|\.\d+)$/.test(values.faults) ? Number(values.faults) : NaN;
    if (!(faults >= 0 && faults <= 1)) throw new UsageError(`--faults must be a number in 0..1, got ${JSON.stringify(values.faults)}`);
  }
  const operators = values.operator?.map(parseOperator);
  if (operators !== undefined && new Set(operators.map((o) => o.operatorId)).size !== operators.length) {
    throw new UsageError('--operator: each id may appear once');
  }
  const options: SimulatorOptions = {
    host: values.host ?? '127.0.0.1',
    port: integerFlag('port', values.port, 0, 0, 65_535) ?? 0,
    evolve: true,
  };
  const seed = integerFlag('seed', values.seed, undefined, 0, Number.MAX_SAFE_INTEGER);
  const tasks = integerFlag('tasks', values.tasks, undefined, 0, 2_000_000);
  const cargo = integerFlag('cargo', values.cargo, undefined, 0, 1_000_000);
  const ttl = integerFlag('token-ttl', values['token-ttl'], undefined, 1, 365 * 24 * 3600);
  if (seed !== undefined) options.seed = seed;
  if (tasks !== undefined) options.tasks = tasks;
  if (cargo !== undefined) options.cargo = cargo;
  if (ttl !== undefined) options.tokenTtlSeconds = ttl;
  if (faults !== undefined) options.faults = faults;
  if (operators !== undefined) options.operators = operators;
  return { options, help: false };
}

/** Runs until SIGTERM or SIGINT, then closes and lets the process end with exit code 0. */
export async function runSimulatorCli(argv: string[]): Promise<void> {
  let parsed: { options: SimulatorOptions; help: boolean };
  try {
    parsed = parseSimulatorArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    fail(EXIT_USAGE, `${error.message}\n\n${usage()}`);
    return;
  }
  if (parsed.help) {
    process.stdout.write(usage());
    return;
  }
  const stopped = untilSignal();
  let simulator;
  try {
    simulator = await startSimulator(parsed.options);
  } catch (error) {
    fail(EXIT_FAILED, `simulator not started: ${error instanceof Error ? error.message : String(error)}`);
    process.exit();
  }
  process.stdout.write(`listening ${simulator.url}\n`);
  await stopped;
  await simulator.close();
  // The console's IPC channel keeps the event loop alive: without this, a SIGTERM stop waited for
  // the console's SIGKILL fallback (5 s).
  if (process.connected) process.disconnect();
  process.exitCode = 0;
}

function untilSignal(): Promise<NodeJS.Signals | 'disconnect'> {
  return new Promise((resolve) => {
    // Started by the console for training mode (with an IPC channel): go when the console goes,
    // even if it was killed and could send no signal. Started from a shell there is no channel.
    if (process.send) process.once('disconnect', () => resolve('disconnect'));
    // Started by Electron's main as a utility process: no IPC channel and no close event on the
    // parent port, so watch for the parent going away (the process is then re-parented).
    const parentPort: unknown = Reflect.get(process, 'parentPort');
    if (parentPort !== undefined && parentPort !== null) watchParent(() => resolve('disconnect'));
    const stop = (signal: NodeJS.Signals): void => {
      // A second signal while closing changes nothing: the first one is being handled.
      process.on('SIGINT', () => undefined);
      process.on('SIGTERM', () => undefined);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Calls `gone` once this process's parent has died (its parent pid changes); never holds the process open. */
export function watchParent(gone: () => void, intervalMs = 500): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    gone();
  }, intervalMs);
  timer.unref();
}

function fail(code: number, message: string): void {
  process.stderr.write(message.endsWith('\n') ? message : `${message}\n`);
  process.exitCode = code;
}

function isEntryModule(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return pathToFileURL(fs.realpathSync(entry)).href === pathToFileURL(fs.realpathSync(fileURLToPath(import.meta.url))).href;
  } catch {
    return false;
  }
}

if (isEntryModule()) {
  runSimulatorCli(process.argv.slice(2)).catch((error: unknown) => {
    fail(EXIT_FAILED, `simulator failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit();
  });
}
