import { z } from 'zod';
import { referenceDataSchema } from './gateway.js';

/**
 * `reference:get`: the single window's reference data (ports and sites, checklists, finding codes)
 * as cached by the last sync that fetched it, answered offline too. `version` is null while no sync
 * has fetched any yet; the lists are empty then.
 */
export const cachedReferenceSchema = z.object({
  version: z.string().nullable(),
  ports: referenceDataSchema.shape.ports,
  checklists: referenceDataSchema.shape.checklists,
  findingCodes: referenceDataSchema.shape.findingCodes,
});
