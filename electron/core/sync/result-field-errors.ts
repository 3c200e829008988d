import type { MissingReference, PlacedFieldError } from '../../../shared/contract/conflict.js';
import type { GatewayTask, ResultSubmission } from '../../../shared/contract/gateway.js';
import { normalizeContainerNo } from '../../../shared/domain/iso6346.js';

/** The result's lists whose items the screen shows one by one: an error inside an item belongs to that item. */
const ITEM_LISTS = ['findings', 'seals', 'samples', 'attachments', 'checklist'] as const;

/**
 * Each field error of a 422 beside the part of the result it names: `findings.0.code` → the item
 * `findings.0`, `countersign.refusalNote` → `countersign`, `inspectors` → `inspectors`. A path that
 * names nothing the result holds (`(body)`, an index past the end, a field it does not send) keeps
 * item null: shown apart, never dropped.
 */
export function placeFieldErrors(result: ResultSubmission, errors: readonly { path: string; message: string }[]): PlacedFieldError[] {
  return errors.map((error) => ({ ...error, item: itemOf(result, error.path) }));
}

function itemOf(result: ResultSubmission, path: string): string | null {
  const [head, index] = path.split('.');
  if (head === undefined || !Object.hasOwn(result, head)) return null;
  const list = (ITEM_LISTS as readonly string[]).includes(head) ? (result[head as (typeof ITEM_LISTS)[number]] as readonly unknown[]) : null;
  if (list === null || index === undefined) return head;
  return /^\d+$/.test(index) && Number(index) < list.length ? `${head}.${index}` : null;
}

/**
 * The parts of the result that name a container or goods line the task (as cached now) no longer
 * has: what a re-base would send and the single window would refuse, so the officer edits instead.
 */
export function missingReferences(result: ResultSubmission, task: Pick<GatewayTask, 'containers' | 'goods'>): MissingReference[] {
  const containers = new Set(task.containers.map((container) => normalizeContainerNo(container.containerNo)));
  const lines = new Set(task.goods.map((goods) => goods.line));
  const missing: MissingReference[] = [];
  const container = (item: string, containerNo: string | undefined) => {
    if (containerNo !== undefined && !containers.has(normalizeContainerNo(containerNo))) missing.push({ item, kind: 'container', key: containerNo });
  };
  const line = (item: string, goodsLine: number | undefined) => {
    if (goodsLine !== undefined && !lines.has(goodsLine)) missing.push({ item, kind: 'goodsLine', key: String(goodsLine) });
  };
  result.findings.forEach((finding, i) => {
    container(`findings.${i}`, finding.containerNo);
    line(`findings.${i}`, finding.goodsLine);
  });
  result.seals.forEach((seal, i) => {
    container(`seals.${i}`, seal.containerNo);
  });
  result.samples.forEach((sample, i) => {
    line(`samples.${i}`, sample.goodsLine);
  });
  return missing;
}
