import { validateAirWaybill } from './air-waybill.js';
import { validateContainerNo } from './iso6346.js';
import { invalid, valid, type Validation } from './validation.js';

/**
 * The transport document a cargo travels under (single-window-api.md, positions; formats.md): an
 * air waybill for air cargo (with its mod-7 check digit), otherwise a sea or river bill of lading,
 * a rail waybill or a road consignment note. Those have no check digit and no register the console
 * can hold offline; formats.md describes them as the carrier's prefix and a number, and that is
 * what is checked, so that a container number or an air waybill in the wrong place is caught.
 */
/** The mode the document is issued for (the cargo's main mode, not the current leg's). */
export type DocumentMode = 'rail' | 'river' | 'road' | 'air' | 'sea';

const CARRIER_DOCUMENT = /^[A-Z]{2,8}\d{4,20}$/;

export function validateTransportDocNo(mode: DocumentMode, s: string): Validation {
  if (mode === 'air') return validateAirWaybill(s);
  const value = s.replace(/\s+/g, '').toUpperCase();
  if (value === '') return invalid('empty', 'transport document number is empty');
  if (!/^[A-Z0-9]+$/.test(value)) return invalid('charset', 'transport document number may contain only letters and digits');
  if (value.length > 28) return invalid('length', `transport document number has ${value.length} characters, at most 28`);
  if (validateContainerNo(value).ok) return invalid('format', 'this is a container number, not a transport document number');
  if (!CARRIER_DOCUMENT.test(value)) return invalid('format', 'transport document number must be the carrier prefix (2-8 letters) followed by its number (4-20 digits)');
  return valid(value);
}
