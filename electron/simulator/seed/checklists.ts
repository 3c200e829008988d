import { inspectionTypes, type InspectionType } from '../../../shared/contract/enums.js';

/**
 * A task's checklist is the union of the item groups of its inspection types (inspection.md), so
 * its id names those types in contract order: CL-DOC-SCN for document + machine scan.
 */
const CODES: Readonly<Record<InspectionType, string>> = {
  document: 'DOC',
  machine_scan: 'SCN',
  open_container: 'OPN',
  devanning: 'DEV',
  sampling: 'SMP',
  quarantine_treatment: 'QT',
};

export function checklistIdFor(types: readonly InspectionType[]): string {
  const codes = inspectionTypes.filter((t) => types.includes(t)).map((t) => CODES[t]);
  return `CL-${codes.join('-')}`;
}
