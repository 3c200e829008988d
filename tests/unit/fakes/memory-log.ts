import { createLogger, type Logger } from '../../../electron/core/log.js';

export interface LogLine {
  level: string;
  subsystem: string;
  message: string;
  fields?: Record<string, unknown>;
}

/** A logger that keeps its lines, so a test can assert that a refusal was logged. */
export function memoryLog(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = createLogger({ write: (line) => lines.push(JSON.parse(line) as LogLine) }, { subsystem: 'test', level: 'debug' });
  return { log, lines };
}
