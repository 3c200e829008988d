import {
  contentKeys,
  contentListLimits,
  optionalContentKeys,
  type ContentListItem,
  type ContentListKey,
  type ContentPatch,
  type InspectionContent,
} from '../contract/inspection.js';
import { sameJson } from './same-json.js';

const OPTIONAL_KEYS: readonly string[] = optionalContentKeys;

function isListKey(key: keyof InspectionContent): key is ContentListKey {
  return key in contentListLimits;
}

/**
 * What the form changed between `base` (the content the core last answered) and `next`, for
 * inspection:patch; null when nothing changed. The form's edits replace only what they touch
 * (draft-edits.ts), so an entry still the same object is unchanged; one that is not is compared
 * as JSON. A list that kept or grew its length sends its changed and appended entries; a list that
 * shrank (an entry removed) is sent whole, as is every other field that changed.
 */
export function contentPatch(base: InspectionContent, next: InspectionContent): ContentPatch | null {
  const patch: ContentPatch = { set: {}, unset: [], items: [] };
  for (const key of contentKeys) {
    const before = base[key];
    const after = next[key];
    if (before === after) continue;
    if (after === undefined) {
      if (!OPTIONAL_KEYS.includes(key)) throw new Error(`the content lost its field ${key}`);
      patch.unset.push(key as ContentPatch['unset'][number]);
    } else if (isListKey(key) && before !== undefined) {
      listChanges(key, base[key], next[key], patch);
    } else if (!sameJson(before, after)) {
      Object.assign(patch.set, { [key]: after });
    }
  }
  const unchanged = patch.unset.length === 0 && patch.items.length === 0 && Object.keys(patch.set).length === 0;
  return unchanged ? null : patch;
}

function listChanges<K extends ContentListKey>(key: K, before: InspectionContent[K], after: InspectionContent[K], patch: ContentPatch): void {
  if (after.length < before.length) {
    Object.assign(patch.set, { [key]: after });
    return;
  }
  after.forEach((value, at) => {
    const old = before[at];
    if (at < before.length && (old === value || sameJson(old, value))) return;
    patch.items.push({ field: key, at, value } as ContentListItem);
  });
}

/** A list entry the patch names is beyond the list's end, or an append would pass the list's limit. */
export class PatchOutOfRangeError extends Error {
  constructor(
    readonly field: ContentListKey,
    readonly at: number,
    readonly length: number,
  ) {
    super(`${field}.${at}: the list has ${length} entries (at most ${contentListLimits[field]}); an entry replaces one of them or is appended`);
  }
}

/**
 * The content with the patch applied: `set`, then `unset`, then `items` in order. Lists are copied
 * before an entry is replaced or appended, so `content` and the arrays it holds are not changed.
 * The values were parsed by the contract's schema; an index past a list's end or an append past
 * its limit throws PatchOutOfRangeError.
 */
export function withPatch(content: InspectionContent, patch: ContentPatch): InspectionContent {
  const next: Partial<Record<keyof InspectionContent, unknown>> = {};
  for (const key of contentKeys) {
    const value = patch.set[key] ?? content[key];
    if (value !== undefined && !(patch.unset as readonly string[]).includes(key)) next[key] = value;
  }
  const copied = new Set<ContentListKey>();
  for (const item of patch.items) {
    const list = next[item.field] as unknown[];
    if (item.at > list.length || item.at >= contentListLimits[item.field]) throw new PatchOutOfRangeError(item.field, item.at, list.length);
    const target = copied.has(item.field) ? list : [...list];
    copied.add(item.field);
    target[item.at] = item.value;
    next[item.field] = target;
  }
  return next as InspectionContent;
}
