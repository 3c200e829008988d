import type { IdentifierKind } from './typed-identifier.js';

/**
 * Finding codes whose substance is an identifier the officers found (inspection.md's finding
 * codes): a misclassification is recorded with the HS code the goods really fall under, a container
 * number mismatch with the number on the container. The finding's `found` holds it, as typed.
 */
export type FoundIdentifierKind = Extract<IdentifierKind, 'hsCode' | 'containerNo'>;

const FOUND_BY_CODE: Readonly<Record<string, FoundIdentifierKind>> = {
  'C-HS-MISCLASS': 'hsCode',
  'C-CNTR-MISMATCH': 'containerNo',
};

/** The kind of identifier a finding with this code records as found; undefined for codes that name none. */
export function foundIdentifierKind(code: string): FoundIdentifierKind | undefined {
  return Object.hasOwn(FOUND_BY_CODE, code.trim()) ? FOUND_BY_CODE[code.trim()] : undefined;
}
