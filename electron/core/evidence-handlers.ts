import { EvidenceError } from './evidence/build-bundle.js';
import { exportEvidenceBundle, type EvidenceExportDeps } from './evidence/export-bundle.js';
import { CallFailure, type Handlers } from './router.js';

/** results:exportEvidence: the bundle written into the workspace's exports folder, its path and hash answered. */
export function createEvidenceHandlers(deps: EvidenceExportDeps): Pick<Handlers, 'results:exportEvidence'> {
  return {
    'results:exportEvidence': async ({ resultId }, caller) => {
      try {
        // The router lets only a signed-in officer this far; a test's fixed caller may name none.
        return await exportEvidenceBundle(deps, resultId, caller.operatorId ?? 'system');
      } catch (error) {
        // The officer reads the refusal: both languages, Chinese first, as the core's other refusals.
        if (error instanceof EvidenceError) {
          throw new CallFailure(error.problem === 'not_found' ? 'not_found' : 'invalid_input', `${error.messageZh}\n${error.message}`);
        }
        throw error;
      }
    },
  };
}
