import {
  agencies,
  inspectionTypes,
  priorities,
  type Agency,
  type InspectionType,
  type Priority,
} from '../../../shared/contract/index.js';

/**
 * Small fixed value sets stored as integers: agencies and inspection types as bit masks (bit i =
 * the i-th value of the contract's list), priority as a rank that sorts urgent first.
 */
function maskCodec<T extends string>(values: readonly T[]) {
  const listOf = (mask: number): T[] => values.filter((_, index) => (mask & (1 << index)) !== 0);
  // Every mask's list, made once: a list page reads two masks a row. Handed out as copies, the rows' own.
  const lists = Array.from({ length: 1 << values.length }, (_, mask) => listOf(mask));
  return {
    toMask(list: readonly T[]): number {
      let mask = 0;
      for (const value of list) mask |= 1 << values.indexOf(value);
      return mask;
    },
    fromMask(mask: number): T[] {
      return lists[mask]?.slice() ?? listOf(mask);
    },
    bit(value: T): number {
      return 1 << values.indexOf(value);
    },
  };
}

export const agencyCodec = maskCodec<Agency>(agencies);
export const inspectionTypeCodec = maskCodec<InspectionType>(inspectionTypes);

export function priorityRank(priority: Priority): number {
  return priorities.indexOf(priority);
}

export function priorityOfRank(rank: number): Priority {
  const priority = priorities[rank];
  if (!priority) throw new Error(`priority rank ${rank} is not known`);
  return priority;
}
