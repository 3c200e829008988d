import { contentKeys, type InspectionContent } from '../../../shared/contract/inspection.js';
import { sameJson } from '../../../shared/domain/same-json.js';

/**
 * Whether a save leaves the form's part of the draft as stored (inspection:save then writes nothing
 * and keeps the signatures). Compared field by field as JSON values, in place: both sides hold
 * only what the schema keeps (the saved content is the router's parse; the stored draft is the
 * core's own write), so neither is parsed again nor turned into text for the comparison, which
 * every keystroke's save pays for (issue 8 point 12).
 */
export function sameContent(content: InspectionContent, stored: InspectionContent): boolean {
  return contentKeys.every((key) => sameJson(content[key], stored[key]));
}
