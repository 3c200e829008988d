/**
 * Canonical JSON for the audit chain: the same value always gives the same text, so a hash over the
 * text is a hash over the value. Object keys are sorted by UTF-16 code units and numbers written as
 * JavaScript writes them (the rules of RFC 8785, JCS); no whitespace. Lone surrogates come out as
 * \u escapes (JSON.stringify does that), so the text survives SQLite's UTF-8 storage unchanged.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export class CanonicalJsonError extends Error {}

export function canonicalJson(value: JsonValue): string {
  return encode(value, 0);
}

/** Deep enough for any audit detail; deeper means a mistake (or a cycle, which has no end). */
const MAX_DEPTH = 32;

function encode(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new CanonicalJsonError(`audit details nest deeper than ${MAX_DEPTH} levels`);
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new CanonicalJsonError(`audit details hold a number JSON cannot write: ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => encode(item, depth + 1)).join(',')}]`;
  const prototype: unknown = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (typeof value === 'object' && (prototype === Object.prototype || prototype === null)) {
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      // An absent field and one set to undefined mean the same; JSON has no undefined.
      if (item === undefined) continue;
      parts.push(`${JSON.stringify(key)}:${encode(item, depth + 1)}`);
    }
    return `{${parts.join(',')}}`;
  }
  throw new CanonicalJsonError(`audit details hold a value JSON cannot write (${typeof value})`);
}
