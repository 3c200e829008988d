import fs from 'node:fs';
import path from 'node:path';
import { makeOwnerOnlyDir, OWNER_ONLY_FILE, restrictOpenFile } from './owner-only-files.js';

export type Level = 'debug' | 'info' | 'warn' | 'error';
const levelRank: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(subsystem: string): Logger;
}

/** Keys whose values never reach a log: credentials and personal data. */
const SECRET_KEY = /pass(word)?|token|secret|authorization|cookie|key|credential|uscc|consignee/i;
/** Credentials that appear inside free text, e.g. `Bearer abc…` or `?token=abc…`. */
const SECRET_IN_TEXT = /(bearer\s+|token=|password=)[^\s&"']+/gi;
/** The user info of a URL (`scheme://user:secret@host`): refused as a gateway address, never logged if it slips in. */
const USER_INFO_IN_URL = /([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"']*@/gi;

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(SECRET_IN_TEXT, '$1[redacted]').replace(USER_INFO_IN_URL, '$1[redacted]@');
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1) };
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(inner, depth + 1);
  }
  return out;
}

export interface LogSink {
  write(line: string): void;
}

/**
 * Appends JSON lines to a file; synchronous so that the last lines before a crash are on disk. The
 * folder and the file are owner-only (redacted logs still name tasks, ports and people's actions),
 * also when an older console left them wider.
 */
export function fileSink(file: string): LogSink {
  makeOwnerOnlyDir(path.dirname(file));
  const fd = fs.openSync(file, 'a', OWNER_ONLY_FILE);
  restrictOpenFile(fd);
  return { write: (line) => fs.writeSync(fd, line) };
}

export const nullSink: LogSink = { write: () => undefined };

export function createLogger(sink: LogSink, options: { subsystem?: string; level?: Level } = {}): Logger {
  const subsystem = options.subsystem ?? 'app';
  const min = levelRank[options.level ?? 'info'];
  const emit = (level: Level, message: string, fields?: Record<string, unknown>): void => {
    if (levelRank[level] < min) return;
    const entry = { time: new Date().toISOString(), level, subsystem, message: redact(message), ...(fields ? { fields: redact(fields) } : {}) };
    sink.write(`${JSON.stringify(entry)}\n`);
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (name) => createLogger(sink, { subsystem: `${subsystem}.${name}`, level: options.level ?? 'info' }),
  };
}
