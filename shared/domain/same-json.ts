/**
 * Equal as JSON: arrays in order, objects whatever their key order, an absent field the same as
 * one set to undefined (JSON.stringify writes neither).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => sameJson(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key in left) {
    if (left[key] !== undefined && !sameJson(left[key], right[key])) return false;
  }
  // Every field of the left matched: the right may only add fields JSON would not write.
  for (const key in right) {
    if (right[key] !== undefined && left[key] === undefined) return false;
  }
  return true;
}
