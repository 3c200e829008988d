import type { ErrorCode } from '../../shared/contract/index.js';
import { EvidenceError, type EvidenceProblem } from './evidence/build-bundle.js';
import { exportEvidenceBundle, type EvidenceExportDeps } from './evidence/export-bundle.js';
import { CallFailure, type Handlers } from './router.js';

/** A missing or corrupted photo is this workstation's problem, not the caller's input. */
const FAILURE_CODES: Record<EvidenceProblem, ErrorCode> = {
  not_found: 'not_found',
  not_submitted: 'invalid_input',
  too_large: 'invalid_input',
  attachment: 'unavailable',
};

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
          throw new CallFailure(FAILURE_CODES[error.problem], `${error.messageZh}\n${error.message}`);
        }
        throw error;
      }
    },
  };
}
